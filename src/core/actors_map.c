/* actors_map.c - the actor engine's string map and text normalisers.
 *
 * One open-addressing map type serves the lexicon (cues, aliases) and the
 * build (names, evidence), so lookups cost one hash and a probe or two. */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>

#include "actors_int.h"
#include "parallax/alloc.h"

uint32_t px_strhash(const char *s, size_t n)
{
	/* FNV-1a: short keys, no need for more */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

int px_hashset_add(px_hashset *h, uint32_t x)
{
	x |= x == 0; /* 0 marks an empty slot */
	if ((h->n + 1) * 2 > h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		uint32_t *v = px_calloc_dense(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < h->cap; i++)
			if (h->v[i]) {
				size_t k = h->v[i] & (cap - 1);
				while (v[k])
					k = (k + 1) & (cap - 1);
				v[k] = h->v[i];
			}
		px_free(h->v);
		h->v = v;
		h->cap = cap;
	}
	size_t k = x & (h->cap - 1);
	while (h->v[k]) {
		if (h->v[k] == x)
			return 0;
		k = (k + 1) & (h->cap - 1);
	}
	h->v[k] = x;
	h->n++;
	return 0;
}

int px_hashset_has(const px_hashset *h, uint32_t x)
{
	if (!h->cap)
		return 0;
	x |= x == 0;
	size_t k = x & (h->cap - 1);
	while (h->v[k]) {
		if (h->v[k] == x)
			return 1;
		k = (k + 1) & (h->cap - 1);
	}
	return 0;
}

void px_hashset_free(px_hashset *h)
{
	px_free(h->v);
	h->v = NULL;
	h->cap = h->n = 0;
}

/* c lower-cased if an ASCII capital, without a branch */
static inline unsigned ascii_lower(unsigned c)
{
	return c + ((unsigned)(c - 'A' < 26u) << 5);
}

uint32_t px_lower_hash(const char *s, size_t n, px_sbuf *tmp)
{
	uint32_t h = 2166136261u;
	unsigned any = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		any |= c;
		h = (h ^ ascii_lower(c)) * 16777619u;
	}
	if (!(any & 0x80))
		return h;
	tmp->len = 0;
	if (px_lower(s, n, tmp) < 0)
		return 0;
	return px_strhash(tmp->data, tmp->len);
}

void px_strmap_free(px_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		px_free(m->slots[i].key);
	px_free(m->slots);
	px_free(m->filter);
	m->slots = NULL;
	m->filter = NULL;
	m->cap = m->n = 0;
}

static px_strmap_slot *find(const px_strmap_slot *slots, size_t cap,
                            const char *key, size_t n, uint32_t h)
{
	size_t i = h & (cap - 1);
	for (;;) {
		const px_strmap_slot *s = &slots[i];
		if (!s->key || (s->hash == h && s->len == n && memcmp(s->key, key, n) == 0))
			return (px_strmap_slot *)s;
		i = (i + 1) & (cap - 1);
	}
}

uint32_t *px_strmap_get_lower(const px_strmap *m, const char *key, size_t n)
{
	int other;
	return px_strmap_find_lower(m, key, n, &other);
}

uint32_t *px_strmap_find_lower(const px_strmap *m, const char *key, size_t n, int *other)
{
	uint32_t h = 2166136261u;
	unsigned any = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)key[i];
		any |= c;
		h = (h ^ ascii_lower(c)) * 16777619u;
	}
	*other = (any & 0x80) != 0;
	if (*other)
		return NULL; /* the caller lower-cases other text itself */
	return px_strmap_get_lower_hashed(m, key, n, h);
}

uint32_t *px_strmap_get_lower_hashed(const px_strmap *m, const char *key, size_t n, uint32_t h)
{
	if (!m->cap || !px_strmap_may_have(m, h))
		return NULL;
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		const px_strmap_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (s->hash != h || s->len != n)
			continue;
		size_t k;
		for (k = 0; k < n; k++) {
			/* (most bytes are equal as they are: lower case already) */
			unsigned a = (unsigned char)key[k], b = (unsigned char)s->key[k];
			if (a != b && ascii_lower(a) != b)
				break;
		}
		if (k == n)
			return (uint32_t *)&s->val;
	}
}

uint32_t *px_strmap_get(const px_strmap *m, const char *key, size_t n)
{
	if (!m->cap)
		return NULL;
	uint32_t h = px_strhash(key, n);
	if (!px_strmap_may_have(m, h))
		return NULL;
	px_strmap_slot *s = find(m->slots, m->cap, key, n, h);
	return s->key ? &s->val : NULL;
}

static int rehash(px_strmap *m, size_t cap)
{
	px_strmap_slot *ns = px_calloc_dense(cap, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		px_strmap_slot *o = &m->slots[i];
		if (o->key)
			*find(ns, cap, o->key, o->len, o->hash) = *o;
	}
	px_free(m->slots);
	m->slots = ns;
	m->cap = cap;
	return 0;
}

int px_strmap_freeze(px_strmap *m)
{
	/* few keys per slot, so that the lookups the filter lets through
	 * mostly end at their first slot */
	size_t cap = m->cap ? m->cap : 64;
	while (cap < m->n * 4)
		cap *= 2;
	if (cap != m->cap && rehash(m, cap) < 0)
		return -1;
	px_free(m->filter);
	m->filter = px_calloc_dense(PX_STRMAP_FILTER_BITS / 64, sizeof *m->filter);
	if (!m->filter)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key) {
			uint32_t b = m->slots[i].hash & (PX_STRMAP_FILTER_BITS - 1);
			m->filter[b / 64] |= 1ull << (b % 64);
		}
	return 0;
}

uint32_t *px_strmap_put(px_strmap *m, const char *key, size_t n, int *isnew)
{
	if (isnew)
		*isnew = 0;
	if (n > UINT32_MAX)
		return NULL;
	px_free(m->filter); /* no longer frozen */
	m->filter = NULL;
	if ((m->n + 1) * 4 > m->cap * 3 && rehash(m, m->cap ? m->cap * 2 : 64) < 0)
		return NULL;
	uint32_t h = px_strhash(key, n);
	px_strmap_slot *s = find(m->slots, m->cap, key, n, h);
	if (!s->key) {
		char *k = px_strndup(key, n);
		if (!k)
			return NULL;
		s->key = k;
		s->len = (uint32_t)n;
		s->hash = h;
		s->val = 0;
		m->n++;
		if (isnew)
			*isnew = 1;
	}
	return &s->val;
}

int px_lower(const char *s, size_t n, px_sbuf *out)
{
	size_t i;
	for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i == n) { /* ASCII: the common case, no libunistring */
		if (px_sbuf_reserve(out, n + 1) < 0)
			return -1;
		for (i = 0; i < n; i++) {
			char c = s[i];
			out->data[out->len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
		}
		out->data[out->len] = '\0';
		return 0;
	}
	/* Latin-1 letters and general punctuation (the apostrophe of
	 * Trump’s, dashes, accented names) lower-case byte by byte, as
	 * u8_tolower would: U+00C0-U+00DE but U+00D7 are capitals one bit
	 * from their small letters, the rest of U+0080-U+00FF and U+2000-
	 * U+203F have no case. Other text goes to libunistring. */
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			i++;
		else if ((c == 0xC2 || c == 0xC3) && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80)
			i += 2;
		else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		         ((unsigned char)s[i + 2] & 0xC0) == 0x80)
			i += 3;
		else
			break;
	}
	if (i == n) {
		if (px_sbuf_reserve(out, n + 1) < 0)
			return -1;
		char *o = out->data + out->len;
		for (i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			else if (c == 0xC3 && (unsigned char)s[i + 1] <= 0x9E &&
			         (unsigned char)s[i + 1] != 0x97) {
				o[i] = (char)c;
				o[i + 1] = (char)((unsigned char)s[i + 1] + 0x20);
				i++;
				continue;
			}
			o[i] = (char)c;
		}
		out->len += n;
		out->data[out->len] = '\0';
		return 0;
	}
	size_t ln = 0;
	uint8_t *l = u8_tolower((const uint8_t *)s, n, NULL, NULL, NULL, &ln);
	if (!l)
		return -1;
	int r = px_sbuf_append(out, l, ln);
	free(l); /* libunistring allocates with malloc */
	return r;
}

/* The typographic apostrophes and quotes that stand for ' in names. */
static size_t apostrophe_len(const char *s, size_t n)
{
	if (n >= 1 && s[0] == '\'')
		return 1;
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99))
		return 3;
	return 0;
}

int px_gaz_norm(const char *s, size_t n, px_sbuf *out)
{
	/* ASCII is lower-cased on the way (no copy); other text first */
	px_sbuf low = PX_SBUF_INIT;
	size_t ascii = 0;
	while (ascii < n && !((unsigned char)s[ascii] & 0x80))
		ascii++;
	if (ascii < n) {
		if (px_lower(s, n, &low) < 0)
			return -1;
		s = low.data ? low.data : "";
		n = low.len;
	}
	size_t start = out->len;
	if (px_sbuf_reserve(out, n + 1) < 0) /* the form is never longer */
		goto nomem;
	/* (so it is written in place, without a capacity test a byte) */
	char *o = out->data + out->len;
	int space = 1; /* drop leading blanks */
	for (size_t i = 0; i < n;) {
		size_t a = apostrophe_len(s + i, n - i);
		if (a) {
			*o++ = '\'';
			space = 0;
			i += a;
			continue;
		}
		char c = s[i++];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c == '.')
			continue;
		if (c == ' ' || c == '-' || c == '\t' || c == ',') {
			if (!space)
				*o++ = ' ';
			space = 1;
			continue;
		}
		*o++ = c;
		space = 0;
	}
	out->len = (size_t)(o - out->data);
	px_sbuf_free(&low);
	if (out->len > start && out->data[out->len - 1] == ' ')
		out->len--;
	if (out->len - start > 4 && memcmp(out->data + start, "the ", 4) == 0) {
		memmove(out->data + start, out->data + start + 4, out->len - start - 4);
		out->len -= 4;
	}
	/* "u s" (from U. S.) -> "us": join a name made only of single letters */
	int singles = out->len > start;
	for (size_t i = start; i < out->len; i++)
		if (out->data[i] != ' ' && ((i > start && out->data[i - 1] != ' ') ||
		                            (i + 1 < out->len && out->data[i + 1] != ' ')))
			singles = 0;
	if (singles) {
		size_t k = start;
		for (size_t i = start; i < out->len; i++)
			if (out->data[i] != ' ')
				out->data[k++] = out->data[i];
		out->len = k;
	}
	if (px_sbuf_reserve(out, 0) < 0)
		return -1;
	out->data[out->len] = '\0';
	return 0;
nomem:
	px_sbuf_free(&low);
	return -1;
}
