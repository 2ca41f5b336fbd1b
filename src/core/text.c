/* text.c - mapping text positions back to original bytes. */
#include "parallax/alloc.h"
#include "parallax/text.h"

/* Index of the last anchor with .t <= pos (anchors[0].t is 0). */
static size_t find_t(const px_text *t, size_t pos)
{
	size_t lo = 0, hi = t->nanchors;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->anchors[mid].t <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t map(const px_text *t, size_t pos, int end)
{
	if (!t->anchors || t->nanchors == 0)
		return pos < t->orig_len ? pos : t->orig_len;
	if (pos >= t->len && !end)
		return t->orig_len;
	if (end) {
		/* an exclusive end belongs to the byte before it */
		if (pos == 0)
			return t->anchors[0].o;
		if (pos > t->len)
			pos = t->len;
		size_t i = find_t(t, pos - 1);
		const px_anchor *a = &t->anchors[i];
		if (i + 1 >= t->nanchors)
			return a->o;
		const px_anchor *b = &t->anchors[i + 1];
		if (b->t - a->t == b->o - a->o)
			return a->o + (pos - a->t);
		return b->o;
	}
	size_t i = find_t(t, pos);
	const px_anchor *a = &t->anchors[i];
	if (i + 1 >= t->nanchors)
		return a->o;
	const px_anchor *b = &t->anchors[i + 1];
	if (b->t - a->t == b->o - a->o)
		return a->o + (pos - a->t);
	return a->o;
}

size_t px_text_orig(const px_text *t, size_t pos)
{
	return map(t, pos, 0);
}

size_t px_text_orig_end(const px_text *t, size_t pos)
{
	return map(t, pos, 1);
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
