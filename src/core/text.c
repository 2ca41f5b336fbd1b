/* text.c - mapping text positions back to original bytes. */
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/text.h"

/* Index of the last anchor with .t <= p. With a hint (the index a previous
 * call returned), walk on from it when p is not behind it: positions asked
 * in reading order then cost O(1) each instead of a bisection. */
static size_t last_at_or_before(const px_text *t, size_t p, size_t *hint)
{
	size_t i = hint ? *hint : 0;
	if (hint && i < t->nanchors && t->anchors[i].t <= p) {
		while (i + 1 < t->nanchors && t->anchors[i + 1].t <= p)
			i++;
	} else {
		size_t lo = 0, hi = t->nanchors;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (t->anchors[mid].t <= p)
				lo = mid;
			else
				hi = mid;
		}
		i = lo;
	}
	if (hint)
		*hint = i;
	return i;
}

size_t px_text_orig_near(const px_text *t, size_t pos, int end, size_t *hint)
{
	if (!t->anchors || t->nanchors == 0)
		return pos < t->orig_len ? pos : t->orig_len;
	if (!end && pos >= t->len)
		return t->orig_len;
	if (end && pos == 0)
		return t->anchors[0].o;
	if (pos > t->len)
		pos = t->len;
	/* an exclusive end belongs to the byte before it */
	size_t i = last_at_or_before(t, end ? pos - 1 : pos, hint);
	const px_anchor *a = &t->anchors[i];
	if (i + 1 >= t->nanchors)
		return a->o;
	const px_anchor *b = &t->anchors[i + 1];
	if (b->t - a->t == b->o - a->o)
		return a->o + (pos - a->t);
	return end ? b->o : a->o;
}

size_t px_text_orig(const px_text *t, size_t pos)
{
	return px_text_orig_near(t, pos, 0, NULL);
}

size_t px_text_orig_end(const px_text *t, size_t pos)
{
	return px_text_orig_near(t, pos, 1, NULL);
}

size_t px_text_from_orig(const px_text *t, size_t orig)
{
	if (!t->anchors || t->nanchors == 0)
		return orig < t->len ? orig : t->len;
	size_t lo = 0, hi = t->nanchors;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->anchors[mid].o <= orig)
			lo = mid;
		else
			hi = mid;
	}
	const px_anchor *a = &t->anchors[lo];
	if (lo + 1 >= t->nanchors)
		return a->t < t->len ? a->t : t->len;
	const px_anchor *b = &t->anchors[lo + 1];
	if (b->t - a->t == b->o - a->o)
		return a->t + (orig - a->o);
	return a->t;
}

void px_text_free(px_text *t)
{
	px_free(t->s);
	px_free(t->anchors);
	t->s = NULL;
	t->anchors = NULL;
	t->len = t->nanchors = t->orig_len = 0;
}

uint64_t px_text_sample_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	enum { SAMPLES = 16, STEP = 8, TAIL = 64 };
	for (size_t k = 0; k < SAMPLES && n >= STEP; k++) {
		uint64_t w;
		memcpy(&w, s + (n - STEP) / (SAMPLES - 1) * k, STEP);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	for (size_t k = n > TAIL ? n - TAIL : 0; k + STEP <= n; k += STEP) {
		uint64_t w;
		memcpy(&w, s + k, STEP);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	for (size_t i = 0; i < n && i < STEP; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
	return h ^ (h >> 29);
}
