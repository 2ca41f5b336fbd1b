/* clean_wire.c - wire copies: articles whose bodies largely overlap.
 *
 * Each article's body becomes a set of hashed 5-word shingles (words lower
 * case, punctuation and quote style ignored, so that "Iraq’s" and
 * "Iraq's" agree). A MinHash signature of the set, cut into bands, puts
 * articles with similar sets into the same bucket with high probability
 * (one-permutation hashing: one hash per shingle, binned);
 * only articles sharing a bucket are compared exactly (sorted-set
 * intersection). Cost: linear in the text plus the bucket pairs, never
 * every pair of articles. Memory: the signatures are built shingle by
 * shingle, and only the articles that meet a different one in a bucket
 * have their shingles kept (most wire copies are whole: equal counts
 * and sums of shingles tell them without). */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
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
/* New exact sets built per round of comparing (see px_clean_wire) */
#define ROUND_SETS 1024

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

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Shingle hashing: each byte's part in a word (ASCII letters folded to
 * lower case, 0 for a byte that is no part of one); built once, read by
 * every worker. 0xE2 is a word byte unless it opens a typographic quote,
 * yet its entry is 0: the scan's one test per byte ("is it 0?") then
 * stops at every byte that may end a word, and only there looks at
 * whether it is an 0xE2 to be taken after all (its fold is itself). */
typedef struct wire_fold {
	uint8_t b[256];
} wire_fold;

static void fold_init(wire_fold *f)
{
	for (unsigned c = 0; c < 256; c++) {
		unsigned char s[1] = {(unsigned char)c};
		f->b[c] = word_at(s, 1) && c != 0xE2
		              ? (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c)
		              : 0;
	}
}

/* A word's hash: FNV-1a over its folded bytes. */
#define FNV_BASIS 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* Hash s[i..len) into *h up to the first byte whose fold is 0; returns
 * its index (len when there is none). Four bytes a step while four are
 * left, one bound check for the four: most words are that long or
 * longer, and the test per byte is then a load and a compare. The bytes
 * and their order are the byte loop's, hence so is the hash. */
static size_t fold_run(const uint8_t *fb, const unsigned char *s, size_t i, size_t len,
                       uint64_t *hp)
{
	uint64_t h = *hp;
	unsigned f;
	for (; len - i >= 4; i += 4) {
		if (!(f = fb[s[i]]))
			goto out;
		h = (h ^ f) * FNV_PRIME;
		if (!(f = fb[s[i + 1]])) {
			i += 1;
			goto out;
		}
		h = (h ^ f) * FNV_PRIME;
		if (!(f = fb[s[i + 2]])) {
			i += 2;
			goto out;
		}
		h = (h ^ f) * FNV_PRIME;
		if (!(f = fb[s[i + 3]])) {
			i += 3;
			goto out;
		}
		h = (h ^ f) * FNV_PRIME;
	}
	for (; i < len && (f = fb[s[i]]); i++)
		h = (h ^ f) * FNV_PRIME;
out:
	*hp = h;
	return i;
}

/* An article's shingles for an exact comparison: the top 32 bits of each
 * shingle's hash. Half the memory of the whole hash (a dossier of near
 * copies keeps a set for nearly every article) and half the bytes to
 * sort and walk; two different shingles agree on them once in 2^32, so a
 * pair's count of shared shingles is off by one about once in ten
 * thousand pairs, a share moved by a fraction of a percent. */
typedef struct shset {
	uint32_t *h;
	size_t n, cap;
	int failed;
} shset;

/* Where the shingles of an article go: into a MinHash signature and a
 * sum (sig not NULL), or into a set (to compare exactly). */
typedef struct shsink {
	uint64_t *sig; /* NHASH bins */
	uint64_t sum;
	shset *set;
} shsink;

/* The base of a shingle's hash over its word hashes. */
#define SH_MUL 0x100000001B3ULL

/* Feed the shingles of an article's body to out (in text order, repeats
 * kept), MAX_SHINGLES at most; returns how many. A shingle's hash is
 * that of its five word hashes read as digits base SH_MUL (mod 2^64),
 * so that sliding the window one word on costs a multiplication and a
 * subtraction, not five multiplications. The hashes themselves must not
 * change: they pick the buckets, hence which pairs are compared and in
 * what order ties go, so the scan is made cheaper (fold_run, the 0xE2
 * entry of wire_fold) but feeds the same bytes to the same FNV-1a. */
static size_t shingles_each(const px_dossier *d, const px_article *a, const wire_fold *fo,
                            shsink *out)
{
	const px_doc *doc = &d->docs[a->doc];
	const uint8_t *fb = fo->b;
	uint64_t *sig = out->sig;
	const uint64_t m4 = SH_MUL * SH_MUL * SH_MUL * SH_MUL;
	uint64_t win[SHINGLE] = {0}; /* ring: the last SHINGLE word hashes */
	uint64_t roll = 0;           /* their polynomial, oldest first */
	size_t nw = 0, n = 0;
	size_t slot = 0; /* nw % SHINGLE, kept by hand: a division per word shows */
	for (uint32_t bi = a->block_first; bi < a->block_end && n < MAX_SHINGLES; bi++) {
		if (!body_label(doc->blocks[bi].label))
			continue;
		size_t len;
		const unsigned char *s = (const unsigned char *)px_doc_block(doc, bi, &len);
		size_t i = 0;
		while (i < len && n < MAX_SHINGLES) {
			/* between words: blanks, punctuation, typographic quotes (an
			 * 0xE2 opening no quote starts a word) */
			for (; i < len && !fb[s[i]]; i++)
				if (s[i] == 0xE2) {
					if (!quote_at(s + i, len - i))
						break;
					i += 2; /* and the loop's step: the quote's 3 bytes */
				}
			if (i >= len)
				break;
			uint64_t h = FNV_BASIS;
			for (;;) {
				i = fold_run(fb, s, i, len, &h);
				if (i == len)
					break;
				if (s[i] != 0xE2) {
					i++; /* a gap byte: the gap loop need not see it again */
					break;
				}
				if (quote_at(s + i, len - i)) {
					i += 3;
					break;
				}
				h = (h ^ 0xE2) * FNV_PRIME; /* a dash, an ellipsis: word bytes */
				i++;
			}
			roll = (roll - win[slot] * m4) * SH_MUL + h; /* win[slot]: the oldest */
			win[slot] = h;
			slot = slot == SHINGLE - 1 ? 0 : slot + 1;
			if (++nw < SHINGLE)
				continue;
			uint64_t sh = mix(roll);
			n++;
			if (sig) {
				/* one-permutation MinHash: the top bits of a shingle's
				 * hash pick its bin, the smallest hash of each bin is the
				 * bin's value */
				int k = (int)(sh >> (64 - 5));
				if (sh < sig[k])
					sig[k] = sh;
				out->sum += sh;
			} else {
				shset *st = out->set;
				if (st->n == st->cap && (st->failed || px_grow((void **)&st->h, &st->cap,
				                                                st->n + 1, sizeof *st->h) < 0)) {
					st->failed = 1;
					continue;
				}
				st->h[st->n++] = (uint32_t)(sh >> 32);
			}
		}
	}
	return n;
}

/* Sort h[0..n) ascending: a byte-wise radix sort (the hashes are
 * uniform, and four linear passes beat qsort's calls through a pointer
 * by far on sets of hundreds or thousands), qsort when no buffer can be
 * had. */
/* Up to this many hashes, sort_u32 spreads them by their top bits and
 * fixes the rest by insertion, on the stack (16 KB). */
#define SPREAD_MAX 4096

static void sort_u32(uint32_t *h, size_t n)
{
	if (n < 2)
		return;
	if (n <= SPREAD_MAX) {
		/* The hashes are uniform: counted into 2^k bins by their top k
		 * bits (2^k >= n), about one a bin, they come out nearly sorted,
		 * and insertion then moves each a step or two. One pass and a
		 * bit, where qsort (calls through a pointer) or four radix
		 * passes cost several times that on the many small sets. */
		uint32_t tmp[SPREAD_MAX];
		uint32_t count[SPREAD_MAX + 1];
		int k = 1;
		while (((size_t)1 << k) < n)
			k++;
		size_t nb = (size_t)1 << k;
		memset(count, 0, (nb + 1) * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(h[i] >> (32 - k)) + 1]++;
		for (size_t b = 0; b < nb; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			tmp[count[h[i] >> (32 - k)]++] = h[i];
		for (size_t i = 0; i < n; i++) {
			uint32_t v = tmp[i];
			size_t j = i;
			while (j > 0 && h[j - 1] > v) {
				h[j] = h[j - 1];
				j--;
			}
			h[j] = v;
		}
		return;
	}
	uint32_t *tmp = px_malloc(n * sizeof *tmp);
	if (!tmp) {
		qsort(h, n, sizeof *h, cmp_u32);
		return;
	}
	uint32_t *from = h, *to = tmp;
	for (int pass = 0; pass < 4; pass++) {
		size_t count[257] = {0};
		int sh = pass * 8;
		for (size_t i = 0; i < n; i++)
			count[((from[i] >> sh) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			to[count[(from[i] >> sh) & 0xFF]++] = from[i];
		uint32_t *t = from;
		from = to;
		to = t;
	}
	/* four passes: the sorted array is back in h */
	px_free(tmp);
}

static void sort_unique(shset *s)
{
	if (!s->n)
		return;
	sort_u32(s->h, s->n);
	size_t u = 1;
	for (size_t i = 1; i < s->n; i++)
		if (s->h[i] != s->h[u - 1])
			s->h[u++] = s->h[i];
	s->n = u;
}

/* The sorted set of article a's shingles, for an exact comparison: made
 * on first use only (most articles share no bucket with a different
 * one). 0, or -1 on no memory. */
static int exact_set(const px_dossier *d, size_t a, const wire_fold *fo, shset *sets,
                     uint8_t *made)
{
	if (made[a])
		return 0;
	/* built in a local and stored when done: the neighbouring slots are
	 * other threads' sets, and a shared cache line written per shingle
	 * would bounce between the cores */
	shset loc = {NULL, 0, 0, 0};
	shsink out = {NULL, 0, &loc};
	shingles_each(d, &d->arts[a], fo, &out);
	if (loc.failed) {
		px_free(loc.h);
		sets[a] = (shset){NULL, 0, 0, 0};
		return -1;
	}
	sort_unique(&loc);
	/* kept until every pair is compared: no room left over from growing
	 * it (up to half of it) or from repeated shingles */
	if (loc.n && loc.n < loc.cap) {
		uint32_t *h = px_realloc(loc.h, loc.n * sizeof *loc.h);
		if (h) {
			loc.h = h;
			loc.cap = loc.n;
		}
	}
	sets[a] = loc;
	made[a] = 1;
	return 0;
}

/* Common elements of two sorted sets. With branches: the candidates
 * share most of their shingles, so "equal, both move on" is the usual
 * case and well predicted, while branch-free steps would chain each
 * load on the last comparison (measured slower). A near copy's set is
 * the other's but for a few elements, so after a match the next four of
 * each are compared as two 8-byte words: four equal in a row are four
 * common elements (no element repeats within a set), the count the
 * one-by-one walk would reach, in a quarter of the steps. */
static size_t intersect(const shset *a, const shset *b)
{
	const uint32_t *x = a->h, *y = b->h;
	size_t i = 0, j = 0, c = 0, na = a->n, nb = b->n;
	while (i < na && j < nb) {
		uint32_t u = x[i], v = y[j];
		if (u == v) {
			c++, i++, j++;
			while (na - i >= 4 && nb - j >= 4) {
				uint64_t p, q, r, t;
				memcpy(&p, x + i, 8);
				memcpy(&q, y + j, 8);
				memcpy(&r, x + i + 2, 8);
				memcpy(&t, y + j + 2, 8);
				if ((p ^ q) | (r ^ t))
					break;
				c += 4, i += 4, j += 4;
			}
		} else if (u < v)
			i++;
		else
			j++;
	}
	return c;
}

typedef struct bucket {
	uint64_t key;
	uint32_t art, band;
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

/* Is bucket key (of some band) the first bucket, in key order, where
 * articles i and j meet? Then their pair is compared here, else it was
 * already. Two articles share a bucket where a band's keys are equal;
 * lim[a] has bit b when a is among the BUCKET_MAX members of its bucket
 * for band b that get compared. Sixteen comparisons in two cache lines
 * instead of a set of every pair seen (tens of MB, a cache miss each). */
static int first_meet(const uint64_t *keys, const uint32_t *lim, size_t i, size_t j,
                      uint64_t key)
{
	const uint64_t *ki = keys + i * BANDS, *kj = keys + j * BANDS;
	uint32_t m = lim[i] & lim[j];
	for (int b = 0; b < BANDS; b++)
		if (((m >> b) & 1) && ki[b] == kj[b] && ki[b] < key)
			return 0;
	return 1;
}

/* ---- verbatim copies ---------------------------------------------------- */

/* A story saved twice, or reprinted word for word by another outlet, has
 * the body of an article before it, hence its shingles: it is a wire copy
 * of the first article with that body (the whole of it shared), and is
 * neither hashed nor put in the buckets, where a dozen copies of a story
 * would make every pair of them a candidate in every band. A fingerprint
 * of the body (eight bytes a step, several times cheaper than shingling
 * it), then a byte-for-byte check against the article with the same
 * fingerprint. */
static uint64_t body_print(const px_dossier *d, const px_article *a)
{
	const px_doc *doc = &d->docs[a->doc];
	uint64_t h = 0x9E3779B97F4A7C15ULL;
	for (uint32_t bi = a->block_first; bi < a->block_end; bi++) {
		if (!body_label(doc->blocks[bi].label))
			continue;
		size_t len, i = 0;
		const char *s = px_doc_block(doc, bi, &len);
		h = mix(h ^ len);
		for (; i + 8 <= len; i += 8) {
			uint64_t x;
			memcpy(&x, s + i, 8);
			h = (h ^ x) * 0xBF58476D1CE4E5B9ULL;
			h ^= h >> 29;
		}
		if (i < len) {
			uint64_t x = 0;
			memcpy(&x, s + i, len - i);
			h = (h ^ x) * 0xBF58476D1CE4E5B9ULL;
			h ^= h >> 29;
		}
	}
	return mix(h);
}

/* The next body block of doc at or after *bi before end, its text in
 * *s and *len: 1, or 0 at the end. */
static int next_body(const px_doc *doc, uint32_t *bi, uint32_t end, const char **s, size_t *len)
{
	while (*bi < end && !body_label(doc->blocks[*bi].label))
		(*bi)++;
	if (*bi >= end)
		return 0;
	*s = px_doc_block(doc, *bi, len);
	(*bi)++;
	return 1;
}

static int same_body(const px_dossier *d, const px_article *a, const px_article *b)
{
	const px_doc *da = &d->docs[a->doc], *db = &d->docs[b->doc];
	uint32_t i = a->block_first, j = b->block_first;
	for (;;) {
		const char *x, *y;
		size_t nx, ny;
		int more_a = next_body(da, &i, a->block_end, &x, &nx);
		int more_b = next_body(db, &j, b->block_end, &y, &ny);
		if (more_a != more_b)
			return 0;
		if (!more_a)
			return 1;
		if (nx != ny || memcmp(x, y, nx))
			return 0;
	}
}

typedef struct print_job {
	const px_dossier *d;
	uint64_t *print;
	size_t first, step;
} print_job;

static void *print_work(void *arg)
{
	print_job *w = arg;
	for (size_t i = w->first; i < w->d->narts; i += w->step)
		w->print[i] = body_print(w->d, &w->d->arts[i]);
	return NULL;
}

/* rep[i]: the first article whose body is article i's (i itself when
 * none before it). An open-addressed table of the first article of each
 * fingerprint; -1 on no memory. */
static int find_reps(const px_dossier *d, const uint64_t *print, uint32_t *rep)
{
	size_t n = d->narts, cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	uint32_t *tab = px_malloc(cap * sizeof *tab);
	if (!tab)
		return -1;
	memset(tab, 0xFF, cap * sizeof *tab); /* UINT32_MAX: empty */
	for (size_t i = 0; i < n; i++) {
		rep[i] = (uint32_t)i;
		size_t k = (size_t)(print[i] >> 32) & (cap - 1);
		for (;; k = (k + 1) & (cap - 1)) {
			uint32_t o = tab[k];
			if (o == UINT32_MAX) {
				tab[k] = (uint32_t)i;
				break;
			}
			if (print[o] == print[i] && same_body(d, &d->arts[o], &d->arts[i])) {
				rep[i] = o;
				break;
			}
		}
	}
	px_free(tab);
	return 0;
}

/* The per-article half: shingle count, sum and band keys of articles
 * first, first + step, ... (each article's own slots only: workers share
 * out the articles, and the result does not depend on how). The
 * shingles themselves are not kept: only candidates need them, later. */
typedef struct wire_job {
	const px_dossier *d;
	const wire_fold *fold;
	uint32_t *count;  /* per article: shingles (repeats counted) */
	uint64_t *sum;    /* per article: their sum; equal sums and counts, equal sets */
	uint64_t *keys;   /* BANDS per article */
	uint32_t *valid;  /* per article: bit b set when band b has a key */
	const uint32_t *rep; /* per article: the first with the same body */
	size_t first, step;
} wire_job;

static void *wire_work(void *arg)
{
	wire_job *w = arg;
	const px_dossier *d = w->d;
	for (size_t i = w->first; i < d->narts; i += w->step) {
		w->valid[i] = 0;
		if (w->rep[i] != i)
			continue; /* a verbatim copy: no bands, see find_reps */
		uint64_t sig[NHASH];
		for (int k = 0; k < NHASH; k++)
			sig[k] = UINT64_MAX;
		shsink acc = {sig, 0, NULL};
		size_t n = shingles_each(d, &d->arts[i], w->fold, &acc);
		w->count[i] = (uint32_t)n;
		w->sum[i] = acc.sum;
		if (n < MIN_SHINGLES)
			continue;
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

/* Building the exact sets of the candidates: articles first, first +
 * step, ... among those marked in need. Each set is its own article's
 * slot, so workers never share one; a set that could not be built stays
 * unmade and the comparison loop, which builds on demand, meets the
 * failure itself (same error, same place, whatever the thread count). */
typedef struct wire_pair {
	uint32_t i, j; /* i < j */
	float ov;      /* share of j's shingles found in i; < 0 until known */
} wire_pair;

typedef struct set_job {
	const px_dossier *d;
	const wire_fold *fold;
	const uint32_t *list; /* the articles whose sets to build (set_work) */
	size_t nlist;
	shset *sets;
	uint8_t *made;
	wire_pair *pairs; /* for pair_work */
	size_t npairs;
	size_t first, step;
} set_job;

/* The overlaps of pairs first, first + step, ...: each pair's own slot,
 * the sets only read. */
static void *pair_work(void *arg)
{
	set_job *w = arg;
	/* a contiguous share, not every step-th pair: pairs are 12 bytes, and
	 * threads writing into the same cache line would bounce it */
	size_t lo = w->npairs * w->first / w->step, hi = w->npairs * (w->first + 1) / w->step;
	for (size_t p = lo; p < hi; p++) {
		wire_pair *q = &w->pairs[p];
		if (q->ov >= 0)
			continue;
		const shset *b = &w->sets[q->j];
		q->ov = (float)intersect(&w->sets[q->i], b) / (float)b->n;
	}
	return NULL;
}

static void *set_work(void *arg)
{
	set_job *w = arg;
	for (size_t k = w->first; k < w->nlist; k += w->step)
		(void)exact_set(w->d, w->list[k], w->fold, w->sets, w->made);
	return NULL;
}

px_status px_clean_wire(px_dossier *d, px_error *err)
{
	size_t n = d->narts, n1 = n ? n : 1;
	wire_fold fold;
	fold_init(&fold);
	uint32_t *count = px_malloc(n1 * sizeof *count);
	uint64_t *sum = px_malloc(n1 * sizeof *sum);
	uint64_t *keys = px_malloc(n1 * BANDS * sizeof *keys);
	uint32_t *valid = px_calloc(n1, sizeof *valid);
	uint32_t *rep = px_malloc(n1 * sizeof *rep);
	shset *sets = NULL;
	uint8_t *made = NULL, *need = NULL;
	uint32_t *uses = NULL; /* per article: pairs still to read its set */
	uint32_t *fresh_list = NULL; /* the sets a round builds */
	wire_pair *pairs = NULL;
	size_t npairs = 0, pcap = 0;
	bucket *bk = NULL;
	size_t nbk = 0;
	px_status st = PX_OK;
	if (!count || !sum || !keys || !valid || !rep)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		d->arts[i].wire_of = -1;
		d->arts[i].wire_overlap = 0;
	}
	/* hashing the bodies is most of the work and per article: on every
	 * core, once per distinct body */
	size_t nw = px_threads_for(n, 64, WIRE_WORKERS);
	print_job pjobs[WIRE_WORKERS];
	for (size_t k = 0; k < nw; k++)
		pjobs[k] = (print_job){d, sum, k, nw}; /* sum[] holds the prints for now */
	px_run_jobs(print_work, pjobs, sizeof pjobs[0], nw);
	if (find_reps(d, sum, rep) < 0)
		goto nomem;
	wire_job jobs[WIRE_WORKERS];
	for (size_t k = 0; k < nw; k++)
		jobs[k] = (wire_job){d, &fold, count, sum, keys, valid, rep, k, nw};
	px_run_jobs(wire_work, jobs, sizeof jobs[0], nw);
	/* a verbatim copy of a body long enough to compare is a whole wire
	 * copy of its first appearance (as comparing would have found) */
	for (size_t i = 0; i < n; i++)
		if (rep[i] != i && valid[rep[i]]) {
			d->arts[i].wire_of = (long)rep[i];
			d->arts[i].wire_overlap = 1.0f;
		}
	px_free(rep);
	rep = NULL;
	/* the buckets; the band keys are done with once they are in */
	size_t nkeys = 0;
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < BANDS; b++)
			nkeys += (valid[i] >> b) & 1;
	bk = px_malloc((nkeys ? nkeys : 1) * sizeof *bk);
	sets = px_calloc(n1, sizeof *sets);
	made = px_calloc(n1, 1);
	if (!bk || !sets || !made)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		for (int b = 0; b < BANDS; b++)
			if (valid[i] & (1u << b)) {
				bk[nbk].key = keys[i * BANDS + (size_t)b];
				bk[nbk].art = (uint32_t)i;
				bk[nbk].band = (uint32_t)b;
				nbk++;
			}
	sort_buckets(bk, nbk);
	/* which bands' buckets compare each article (valid[] is now that) */
	memset(valid, 0, n1 * sizeof *valid);
	for (size_t s = 0; s < nbk;) {
		size_t e = s;
		while (e < nbk && bk[e].key == bk[s].key)
			e++;
		for (size_t x = s; x < e && x < s + BUCKET_MAX; x++)
			valid[bk[x].art] |= 1u << bk[x].band;
		s = e;
	}
	/* The pairs to compare, in the order the buckets meet them (the order
	 * the results are applied in, so that ties go as they always did).
	 * Building the candidates' exact sets and intersecting them is most
	 * of the comparing (near copies, e.g. a story with one line changed,
	 * make every copy a candidate), so both are done on every core and
	 * only the cheap applying stays on this thread. */
	need = px_calloc(n1, 1); /* marks the sets the current round builds */
	if (!need)
		goto nomem;
	for (size_t s = 0; s < nbk;) {
		size_t e = s;
		while (e < nbk && bk[e].key == bk[s].key)
			e++;
		size_t stop = e - s > BUCKET_MAX ? s + BUCKET_MAX : e;
		for (size_t x = s; x < stop; x++)
			for (size_t y = x + 1; y < stop; y++) {
				size_t i = bk[x].art, j = bk[y].art; /* i < j: sorted */
				if (i == j || !first_meet(keys, valid, i, j, bk[s].key))
					continue; /* compared already, through another band */
				if (npairs == pcap &&
				    px_grow((void **)&pairs, &pcap, npairs + 1, sizeof *pairs) < 0)
					goto nomem;
				/* the same count and sum: the same shingles, a copy
				 * (overlap 1) with no need to compare */
				int same = count[i] == count[j] && sum[i] == sum[j];
				pairs[npairs++] = (wire_pair){(uint32_t)i, (uint32_t)j, same ? 1.0f : -1.0f};
			}
		s = e;
	}
	/* The pairs in rounds: a round's new sets are built, its pairs
	 * compared, and a set is freed after the last pair that reads it.
	 * Sets are most of the pass's memory (a dossier of near copies needs
	 * one for every article), and a near-copy cluster's pairs come
	 * together in the order above, so only a few rounds' sets are alive
	 * at once. Each pair's result is the same whatever the rounds. */
	uses = px_calloc(n1, sizeof *uses);
	if (!uses)
		goto nomem;
	for (size_t p = 0; p < npairs; p++)
		if (pairs[p].ov < 0)
			uses[pairs[p].i]++, uses[pairs[p].j]++;
	fresh_list = px_malloc((ROUND_SETS + 2) * sizeof *fresh_list);
	if (!fresh_list)
		goto nomem;
	for (size_t p0 = 0; p0 < npairs;) {
		size_t p1 = p0, fresh = 0;
		while (p1 < npairs && fresh < ROUND_SETS) {
			const wire_pair *q = &pairs[p1++];
			if (q->ov >= 0)
				continue;
			if (!made[q->i] && !need[q->i])
				need[q->i] = 1, fresh_list[fresh++] = q->i;
			if (!made[q->j] && !need[q->j])
				need[q->j] = 1, fresh_list[fresh++] = q->j;
		}
		set_job sjobs[WIRE_WORKERS];
		size_t ns = px_threads_for(fresh, 16, WIRE_WORKERS);
		for (size_t k = 0; k < ns; k++)
			sjobs[k] = (set_job){d, &fold, fresh_list, fresh, sets, made, NULL, 0, k, ns};
		if (fresh)
			px_run_jobs(set_work, sjobs, sizeof sjobs[0], ns);
		/* a set a worker could not build: once more here, failing the pass */
		for (size_t k = 0; k < fresh; k++) {
			if (exact_set(d, fresh_list[k], &fold, sets, made) < 0)
				goto nomem;
			need[fresh_list[k]] = 0;
		}
		/* uses left after this round; then the sets none will read */
		for (size_t p = p0; p < p1; p++)
			if (pairs[p].ov < 0)
				uses[pairs[p].i]--, uses[pairs[p].j]--;
		/* the pairs on as many cores as they are worth, whatever the
		 * number of new sets (the last round may make few) */
		size_t np = px_threads_for(p1 - p0, 64, WIRE_WORKERS);
		for (size_t k = 0; k < np; k++)
			sjobs[k] = (set_job){d, &fold, NULL, 0, sets, made, pairs + p0, p1 - p0, k, np};
		px_run_jobs(pair_work, sjobs, sizeof sjobs[0], np);
		for (size_t p = p0; p < p1; p++) {
			uint32_t ij[2] = {pairs[p].i, pairs[p].j};
			for (int k = 0; k < 2; k++)
				if (!uses[ij[k]] && sets[ij[k]].h) {
					px_free(sets[ij[k]].h);
					sets[ij[k]] = (shset){NULL, 0, 0, 0};
				}
		}
		p0 = p1;
	}
	for (size_t p = 0; p < npairs; p++) {
		px_article *later = &d->arts[pairs[p].j];
		float ov = pairs[p].ov;
		if (ov >= WIRE_MIN && ov > later->wire_overlap) {
			later->wire_of = (long)pairs[p].i;
			later->wire_overlap = ov;
		}
	}
	goto done;
nomem:
	st = px_error_set(err, PX_ERR_NOMEM, "out of memory comparing articles");
done:
	for (size_t i = 0; sets && i < n; i++)
		px_free(sets[i].h);
	px_free(sets);
	px_free(made);
	px_free(need);
	px_free(uses);
	px_free(fresh_list);
	px_free(pairs);
	px_free(bk);
	px_free(count);
	px_free(sum);
	px_free(keys);
	px_free(valid);
	px_free(rep);
	return st;
}
