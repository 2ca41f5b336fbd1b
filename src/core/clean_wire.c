/* clean_wire.c - wire copies: articles whose bodies largely overlap.
 *
 * Each article's body becomes a set of hashed 5-word shingles (words lower
 * case, punctuation and quote style ignored, so that "Iraq’s" and
 * "Iraq's" agree). A MinHash signature of the set, cut into bands, puts
 * articles with similar sets into the same bucket with high probability
 * (one-permutation hashing: one hash per shingle, binned);
 * only articles sharing a bucket are compared exactly (sorted-set
 * intersection). Cost: linear in the text plus the bucket pairs, never
 * every pair of articles. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax/threads.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"

#define SHINGLE 5
#define NHASH 32
#define ROWS 2
#define BANDS (NHASH / ROWS)
#define MIN_SHINGLES 20
/* Enough of a body to tell a copy; a 100 MB line need not be hashed whole. */
#define MAX_SHINGLES 50000
/* Share of an article's shingles found in the other for a wire copy. */
#define WIRE_MIN 0.5f
/* Bucket members compared with each other at most; beyond that a bucket
 * is boilerplate every article shares, not a story. */
#define BUCKET_MAX 64

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static int body_label(unsigned l)
{
	return l == PX_LABEL_BODY || l == PX_LABEL_HEADING || l == PX_LABEL_STANDFIRST ||
	       l == PX_LABEL_QUOTE;
}

/* Typographic quotes (U+2018-U+201D) are punctuation, not letters. */
static int quote_at(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x98 && s[2] <= 0x9D;
}

/* A byte of a word: an ASCII letter or digit (isalnum's answer for ASCII
 * in any locale, without its call), or any byte of a non-ASCII character
 * that is not a typographic quote. */
static int word_at(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c >= 0x80)
		return c != 0xE2 || !quote_at(s, n);
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

typedef struct shset {
	uint64_t *h;
	size_t n;
	uint64_t sum;    /* of the hashes: equal sums and counts, equal sets */
} shset;

/* The shingle hashes of article a's body (unsorted, repeats kept). */
static int shingles(const px_dossier *d, const px_article *a, shset *out)
{
	const px_doc *doc = &d->docs[a->doc];
	uint64_t win[SHINGLE] = {0};
	size_t nw = 0, cap = 0;
	out->h = NULL;
	out->n = 0;
	out->sum = 0;
	for (uint32_t bi = a->block_first; bi < a->block_end && out->n < MAX_SHINGLES; bi++) {
		if (!body_label(doc->blocks[bi].label))
			continue;
		size_t len;
		const unsigned char *s = (const unsigned char *)px_doc_block(doc, bi, &len);
		for (size_t i = 0; i < len && out->n < MAX_SHINGLES;) {
			while (i < len && !word_at(s + i, len - i))
				i += quote_at(s + i, len - i) ? 3 : 1;
			if (i >= len)
				break;
			uint64_t h = 1469598103934665603ULL;
			while (i < len && word_at(s + i, len - i)) {
				unsigned char ch = s[i];
				if (ch >= 'A' && ch <= 'Z')
					ch = (unsigned char)(ch + 32);
				h = (h ^ ch) * 1099511628211ULL;
				i++;
			}
			memmove(win, win + 1, (SHINGLE - 1) * sizeof *win);
			win[SHINGLE - 1] = h;
			if (++nw < SHINGLE)
				continue;
			uint64_t sh = 0;
			for (int k = 0; k < SHINGLE; k++)
				sh = sh * 0x100000001B3ULL + win[k];
			sh = mix(sh);
			if (px_grow((void **)&out->h, &cap, out->n + 1, sizeof *out->h) < 0) {
				px_free(out->h);
				out->h = NULL;
				return -1;
			}
			out->h[out->n++] = sh;
			out->sum += sh;
		}
	}
	return 0;
}

static void sort_unique(shset *s)
{
	if (!s->n)
		return;
	qsort(s->h, s->n, sizeof *s->h, cmp_u64);
	size_t u = 1;
	for (size_t i = 1; i < s->n; i++)
		if (s->h[i] != s->h[u - 1])
			s->h[u++] = s->h[i];
	s->n = u;
}

static size_t intersect(const shset *a, const shset *b)
{
	size_t i = 0, j = 0, c = 0;
	while (i < a->n && j < b->n) {
		if (a->h[i] < b->h[j])
			i++;
		else if (a->h[i] > b->h[j])
			j++;
		else
			c++, i++, j++;
	}
	return c;
}

typedef struct bucket {
	uint64_t key;
	size_t art;
} bucket;

static int cmp_bucket(const void *a, const void *b)
{
	const bucket *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->art < y->art ? -1 : x->art > y->art;
}

/* Sort bk[0..n) by (key, art), as qsort with cmp_bucket would: they come
 * in article order, so a stable radix sort on the key (eight passes of a
 * byte) keeps that order among equal keys. Falls back to qsort when the
 * buffer cannot be had. */
static void sort_buckets(bucket *bk, size_t n)
{
	bucket *tmp = n > 1 ? px_malloc(n * sizeof *tmp) : NULL;
	if (!tmp) {
		if (n > 1)
			qsort(bk, n, sizeof *bk, cmp_bucket);
		return;
	}
	bucket *from = bk, *to = tmp;
	for (int pass = 0; pass < 8; pass++) {
		size_t count[257] = {0};
		int sh = pass * 8;
		for (size_t i = 0; i < n; i++)
			count[((from[i].key >> sh) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			to[count[(from[i].key >> sh) & 0xFF]++] = from[i];
		bucket *t = from;
		from = to;
		to = t;
	}
	/* eight passes: the sorted array is back in bk */
	px_free(tmp);
}

/* The pairs of articles compared so far (open addressing; 0 is free). */
typedef struct pairset {
	uint64_t *keys;
	size_t cap, n;
} pairset;

/* 1 if (i, j) had not been seen (it is now), 0 if it had. On no memory
 * the pair counts as new: comparing twice is only slower. */
static int first_visit(pairset *p, size_t i, size_t j)
{
	uint64_t key = ((uint64_t)i << 32 | (uint64_t)(j & 0xFFFFFFFFu)) + 1;
	if ((p->n + 1) * 2 > p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 1024;
		uint64_t *nk = px_calloc(ncap, sizeof *nk);
		if (!nk)
			return 1;
		for (size_t k = 0; k < p->cap; k++)
			if (p->keys[k]) {
				size_t h = (size_t)mix(p->keys[k]) & (ncap - 1);
				while (nk[h])
					h = (h + 1) & (ncap - 1);
				nk[h] = p->keys[k];
			}
		px_free(p->keys);
		p->keys = nk;
		p->cap = ncap;
	}
	size_t h = (size_t)mix(key) & (p->cap - 1);
	while (p->keys[h]) {
		if (p->keys[h] == key)
			return 0;
		h = (h + 1) & (p->cap - 1);
	}
	p->keys[h] = key;
	p->n++;
	return 1;
}

/* The per-article half: shingles and band keys of articles first,
 * first + step, ... (each article's own slots only: workers share out
 * the articles, and the result does not depend on how). */
typedef struct wire_job {
	px_dossier *d;
	shset *sets;
	uint64_t *keys;   /* BANDS per article */
	uint32_t *valid;  /* per article: bit b set when band b has a key */
	size_t first, step;
	int failed;
	pthread_t tid;
} wire_job;

static void *wire_work(void *arg)
{
	wire_job *w = arg;
	px_dossier *d = w->d;
	for (size_t i = w->first; i < d->narts && !w->failed; i += w->step) {
		d->arts[i].wire_of = -1;
		d->arts[i].wire_overlap = 0;
		w->valid[i] = 0;
		if (shingles(d, &d->arts[i], &w->sets[i]) < 0) {
			w->failed = 1;
			break;
		}
		if (w->sets[i].n < MIN_SHINGLES)
			continue;
		/* one-permutation MinHash: the top bits of a shingle's hash pick
		 * its bin, the smallest hash of each bin is the bin's value; one
		 * pass, one hash per shingle */
		uint64_t sig[NHASH];
		for (int k = 0; k < NHASH; k++)
			sig[k] = UINT64_MAX;
		for (size_t j = 0; j < w->sets[i].n; j++) {
			uint64_t h = w->sets[i].h[j];
			int k = (int)(h >> (64 - 5));
			if (h < sig[k])
				sig[k] = h;
		}
		for (int b = 0; b < BANDS; b++) {
			if (sig[b * ROWS] == UINT64_MAX || sig[b * ROWS + 1] == UINT64_MAX)
				continue; /* an empty bin says nothing about similarity */
			uint64_t key = mix((uint64_t)b);
			for (int r = 0; r < ROWS; r++)
				key = mix(key ^ sig[b * ROWS + r]);
			w->keys[i * BANDS + (size_t)b] = key;
			w->valid[i] |= 1u << b;
		}
	}
	return NULL;
}

#define WIRE_WORKERS 4

px_status px_clean_wire(px_dossier *d, px_error *err)
{
	size_t n = d->narts;
	shset *sets = px_calloc(n ? n : 1, sizeof *sets);
	uint8_t *sorted = px_calloc(n ? n : 1, 1);
	bucket *bk = px_malloc((n ? n : 1) * BANDS * sizeof *bk);
	uint64_t *keys = px_malloc((n ? n : 1) * BANDS * sizeof *keys);
	uint32_t *valid = px_calloc(n ? n : 1, sizeof *valid);
	size_t nbk = 0;
	if (!sets || !sorted || !bk || !keys || !valid)
		goto nomem;
	/* hashing the bodies is most of the work and per article: on every core */
	size_t nw = px_threads_for(n, 64, WIRE_WORKERS);
	wire_job jobs[WIRE_WORKERS];
	size_t started = 1;
	for (size_t k = 0; k < nw; k++)
		jobs[k] = (wire_job){d, sets, keys, valid, k, nw, 0, 0};
	for (size_t k = 1; k < nw; k++) {
		if (pthread_create(&jobs[k].tid, NULL, wire_work, &jobs[k]) != 0)
			break;
		started = k + 1;
	}
	wire_work(&jobs[0]);
	int failed = jobs[0].failed;
	for (size_t k = 1; k < started; k++) {
		pthread_join(jobs[k].tid, NULL);
		failed |= jobs[k].failed;
	}
	for (size_t k = started; k < nw; k++) { /* no thread: this one does their share */
		wire_work(&jobs[k]);
		failed |= jobs[k].failed;
	}
	if (failed)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < BANDS; b++)
			if (valid[i] & (1u << b)) {
				bk[nbk].key = keys[i * BANDS + (size_t)b];
				bk[nbk].art = i;
				nbk++;
			}
	sort_buckets(bk, nbk);
	pairset seen = {NULL, 0, 0};
	for (size_t s = 0; s < nbk;) {
		size_t e = s;
		while (e < nbk && bk[e].key == bk[s].key)
			e++;
		size_t stop = e - s > BUCKET_MAX ? s + BUCKET_MAX : e;
		for (size_t x = s; x < stop; x++)
			for (size_t y = x + 1; y < stop; y++) {
				size_t i = bk[x].art, j = bk[y].art; /* i < j: sorted */
				if (i == j || !first_visit(&seen, i, j))
					continue; /* compared already, through another band */
				px_article *later = &d->arts[j];
				if (!sorted[i] && !sorted[j] && sets[i].n == sets[j].n &&
				    sets[i].sum == sets[j].sum) {
					/* the same shingles: a copy, no need to compare */
					later->wire_of = later->wire_overlap < 1.0f ? (long)i : later->wire_of;
					later->wire_overlap = 1.0f;
					continue;
				}
				/* only candidates pay for an exact comparison */
				for (size_t k = 0; k < 2; k++) {
					size_t a = k ? j : i;
					if (!sorted[a]) {
						sort_unique(&sets[a]);
						sorted[a] = 1;
					}
				}
				size_t common = intersect(&sets[i], &sets[j]);
				float ov = (float)common / (float)sets[j].n;
				if (ov >= WIRE_MIN && ov > later->wire_overlap) {
					later->wire_of = (long)i;
					later->wire_overlap = ov;
				}
			}
		s = e;
	}
	for (size_t i = 0; i < n; i++)
		px_free(sets[i].h);
	px_free(seen.keys);
	px_free(sets);
	px_free(sorted);
	px_free(bk);
	px_free(keys);
	px_free(valid);
	return PX_OK;
nomem:
	for (size_t i = 0; sets && i < n; i++)
		px_free(sets[i].h);
	px_free(sets);
	px_free(sorted);
	px_free(bk);
	px_free(keys);
	px_free(valid);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory comparing articles");
}
