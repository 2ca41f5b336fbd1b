/* actors.c - find, link and index the actors of a dossier.
 *
 * 1. detect: candidate names per block (actors_detect.c);
 * 2. resolve: with the whole dossier seen, decide the doubtful ones (a
 *    sentence's first word, words of headings) by whether the dossier
 *    knows the name from running text;
 * 3. link: each distinct name in each article is a node; nodes are joined
 *    by the gazetteer, by equal full names, by a lone word standing for a
 *    longer name of the same article (Kadhimi -> Mustafa al-Kadhimi), and
 *    across articles by comparing full names that share a bucket (the
 *    skeleton of a word), never all pairs. A join is refused when the two
 *    groups' fullest names disagree, so chains cannot merge namesakes;
 * 4. index: mentions in reading order, per actor, for the reader's jumps.
 * A doc that repeats an earlier one (the same file twice) is not detected
 * or linked inside again: its first copy's results are copied (twins). */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actors_int.h"
#include "parallax/threads.h"
#include "parallax/alloc.h"
#include "parallax/names.h"

typedef struct actors_priv {
	px_actors pub;   /* first: px_actors * is an actors_priv * */
	uint32_t *rank;  /* for each mention, its place in its actor's list */
} actors_priv;

/* A mention while it is linked: there are as many as in the result, so it
 * is kept to 24 bytes, and the result's mentions (px_mention, no larger)
 * are written in its place (finish). Its one changing field means its
 * name's number (of its resolution thread's names until detect_all joins
 * them, then of the dossier's) until make_nodes, then its node's. */
typedef struct fmention {
	uint32_t doc, art, start, end, flags;
	union {
		uint32_t name;   /* until make_nodes */
		uint32_t node;   /* from make_nodes on */
	};
} fmention;

typedef struct nameinfo {
	const char *s; /* in the doc's text, not owned */
	uint32_t len;
	px_name p;
	long gaz;
	uint32_t count;
	uint32_t first_node;
	int is_long;
	int caps; /* is_allcaps, worked out once */
	uint64_t classes; /* of a long name: name_classes, worked out once */
} nameinfo;

typedef struct node {
	uint32_t art, name, count, flags;
} node;

typedef struct build {
	const px_dossier *d;
	const px_lexicon *lx;
	fmention *m;
	size_t nm, mcap;
	nameinfo *names;
	size_t nnames;
	node *nodes;
	size_t nnodes;
	uint32_t *parent, *rep;
	int reading_order; /* m is in reading order (see order_by_article) */
	uint32_t *twin;    /* per article: the earlier article it repeats
	                      (find_twins), itself if none; NULL: no repeats */
	px_sbuf tmp;
} build;

/* The most threads of a pass (px_threads_for's max; each pass's jobs are
 * an array of this many) */
enum { DETECT_THREADS_MAX = 8 };

/* --- union-find, with each group's fullest name as its representative ----- */

static uint32_t find(build *B, uint32_t x)
{
	while (B->parent[x] != x) {
		B->parent[x] = B->parent[B->parent[x]];
		x = B->parent[x];
	}
	return x;
}

static int better_rep(const build *B, uint32_t a, uint32_t b)
{
	const nameinfo *x = &B->names[a], *y = &B->names[b];
	if (x->is_long != y->is_long)
		return x->is_long > y->is_long;
	if (x->p.ncontent != y->p.ncontent)
		return x->p.ncontent > y->p.ncontent;
	return x->count > y->count;
}

static int distinct(build *B, uint32_t a, uint32_t b)
{
	if (!B->lx->distinct.n)
		return 0;
	px_sbuf ka = PX_SBUF_INIT, kb = PX_SBUF_INIT;
	int r = 0;
	if (px_gaz_norm(B->names[a].s, B->names[a].len, &ka) == 0 &&
	    px_gaz_norm(B->names[b].s, B->names[b].len, &kb) == 0 && ka.len && kb.len) {
		int lt = strcmp(ka.data, kb.data) < 0;
		B->tmp.len = 0;
		if (px_sbuf_puts(&B->tmp, lt ? ka.data : kb.data) == 0 &&
		    px_sbuf_putc(&B->tmp, '\t') == 0 &&
		    px_sbuf_puts(&B->tmp, lt ? kb.data : ka.data) == 0)
			r = px_strmap_get(&B->lx->distinct, B->tmp.data, B->tmp.len) != NULL;
	}
	px_sbuf_free(&ka);
	px_sbuf_free(&kb);
	return r;
}

/* Do two people's fullest names share the family name? The last word of
 * one is one of the last two of the other (a second surname). */
static int family_agrees(const px_name *a, const px_name *b)
{
	const char *la = a->w[a->n - 1], *lb = b->w[b->n - 1];
	if (px_name_words_match(la, lb, 0))
		return 1;
	return (b->n >= 3 && px_name_words_match(la, b->w[b->n - 2], 0)) ||
	       (a->n >= 3 && px_name_words_match(lb, a->w[a->n - 2], 0));
}

/* Join the groups of nodes x and y; checked: only when their fullest names
 * agree. Returns 1 when joined (or already one). */
static int unite(build *B, uint32_t x, uint32_t y, int checked)
{
	uint32_t rx = find(B, x), ry = find(B, y);
	if (rx == ry)
		return 1;
	uint32_t nx = B->rep[rx], ny = B->rep[ry];
	/* a chain of matches must not join two family names (Alex Saab ~
	 * Alex Nain Saab Moran, never Shadi Saab): the groups' fullest names
	 * must at least share theirs */
	const px_name *px_ = &B->names[nx].p, *py = &B->names[ny].p;
	if (checked && B->names[nx].is_long && B->names[ny].is_long &&
	    B->names[nx].gaz < 0 && B->names[ny].gaz < 0 && px_->n && py->n &&
	    !px_names_match(px_, py, 0) &&
	    (px_->org || py->org || !family_agrees(px_, py)))
		return 0;
	if (distinct(B, nx, ny))
		return 0;
	/* two different gazetteer entries are two actors */
	if (B->names[nx].gaz >= 0 && B->names[ny].gaz >= 0 &&
	    B->names[nx].gaz != B->names[ny].gaz)
		return 0;
	B->parent[ry] = rx;
	if (better_rep(B, ny, nx) || (B->names[ny].gaz >= 0 && B->names[nx].gaz < 0))
		B->rep[rx] = ny;
	return 1;
}

/* --- repeated documents ----------------------------------------------------- */

/* A dossier can hold one file several times (a page saved twice, a feed
 * fetched again, a corpus cycled). Detection, resolution and the links
 * inside an article depend only on the article's text and blocks and on
 * what the whole dossier knows, which a repeat adds nothing to: so a doc
 * equal to an earlier one (text, blocks, articles) gets that one's results
 * copied, not worked out again. The result is the same either way. */

/* Do docs x and y (articles [ax, ax + na) and [ay, ay + na)) detect alike? */
static int same_doc(const px_dossier *d, size_t x, size_t y, size_t ax, size_t ay, size_t na)
{
	const px_doc *a = &d->docs[x], *b = &d->docs[y];
	if (a->text.len != b->text.len || a->nblocks != b->nblocks ||
	    (a->text.len && memcmp(a->text.s, b->text.s, a->text.len) != 0))
		return 0;
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i].start != b->blocks[i].start || a->blocks[i].end != b->blocks[i].end ||
		    a->blocks[i].label != b->blocks[i].label)
			return 0;
	for (size_t k = 0; k < na; k++)
		if (d->arts[ax + k].block_first != d->arts[ay + k].block_first ||
		    d->arts[ax + k].block_end != d->arts[ay + k].block_end)
			return 0;
	return 1;
}

/* What find_twins shares among threads, each docs [i0, i1): the hash of
 * each doc that is one run of articles (an[i] not 0 or SIZE_MAX), and
 * then whether each doc equals the one that it was found to repeat by
 * its hash (cand[i], UINT32_MAX: none). A hash reads a few cache lines of
 * each text, most of them misses, and a compare two whole texts: each doc
 * on its own. */
typedef struct twin_job {
	const px_dossier *d;
	const size_t *a0, *an;
	uint64_t *hash;
	const uint32_t *cand;
	size_t i0, i1;
	int differ; /* some doc is not what its hash said */
} twin_job;

static void *hash_worker(void *p)
{
	twin_job *j = p;
	for (size_t i = j->i0; i < j->i1; i++)
		if (j->an[i] && j->an[i] != SIZE_MAX)
			j->hash[i] = px_text_sample_hash(j->d->docs[i].text.s, j->d->docs[i].text.len);
	return NULL;
}

static void *same_worker(void *p)
{
	twin_job *j = p;
	j->differ = 0;
	for (size_t i = j->i0; i < j->i1 && !j->differ; i++) {
		uint32_t c = j->cand[i];
		if (c != UINT32_MAX && !same_doc(j->d, i, c, j->a0[i], j->a0[c], j->an[i]))
			j->differ = 1;
	}
	return NULL;
}

enum { TWIN_MIN_DOCS = 512 };

/* Each doc's earlier doc of equal text (cand[i]), UINT32_MAX if none: the
 * first in the table's probe order with an equal hash, as many articles
 * and, when compare is set, an equal text (same_doc); without compare,
 * equal hashes are taken for equal texts. */
static void match_docs(const px_dossier *d, const size_t *a0, const size_t *an,
                       const uint64_t *hash, uint32_t *tab, size_t cap, uint32_t *cand,
                       int compare)
{
	for (size_t k = 0; k < cap; k++)
		tab[k] = UINT32_MAX;
	for (size_t i = 0; i < d->ndocs; i++) {
		cand[i] = UINT32_MAX;
		if (a0[i] == SIZE_MAX || an[i] == SIZE_MAX)
			continue;
		size_t k = (size_t)hash[i] & (cap - 1);
		for (; tab[k] != UINT32_MAX; k = (k + 1) & (cap - 1)) {
			size_t j = tab[k];
			if (hash[j] == hash[i] && an[j] == an[i] &&
			    (!compare || same_doc(d, i, j, a0[i], a0[j], an[i])))
				break;
		}
		if (tab[k] == UINT32_MAX)
			tab[k] = (uint32_t)i;
		else
			cand[i] = tab[k];
	}
}

/* B->twin, or NULL when no doc repeats another; -1 when memory ran out. */
static int find_twins(build *B)
{
	const px_dossier *d = B->d;
	size_t nd = d->ndocs, na = d->narts;
	B->twin = NULL;
	if (nd < 2 || na > UINT32_MAX || nd >= UINT32_MAX)
		return 0;
	/* each doc's articles, when they are one run of the list */
	size_t *a0 = px_malloc(nd * sizeof *a0), *an = px_calloc(nd, sizeof *an);
	size_t cap = 4;
	while (cap < nd * 2)
		cap *= 2;
	uint32_t *tab = px_malloc(cap * sizeof *tab);
	uint64_t *hash = px_malloc(nd * sizeof *hash);
	uint32_t *cand = px_malloc(nd * sizeof *cand);
	uint32_t *twin = px_malloc(na * sizeof *twin);
	int r = -1, any = 0;
	if (!a0 || !an || !tab || !hash || !cand || !twin)
		goto out;
	for (size_t i = 0; i < nd; i++)
		a0[i] = SIZE_MAX;
	for (size_t ai = 0; ai < na; ai++) {
		size_t doc = d->arts[ai].doc;
		twin[ai] = (uint32_t)ai;
		if (a0[doc] == SIZE_MAX)
			a0[doc] = ai;
		else if (an[doc] != SIZE_MAX && a0[doc] + an[doc] != ai)
			an[doc] = SIZE_MAX; /* not one run: left alone */
		if (an[doc] != SIZE_MAX)
			an[doc]++;
	}
	size_t nt = px_threads_for(nd, TWIN_MIN_DOCS, DETECT_THREADS_MAX);
	twin_job job[DETECT_THREADS_MAX];
	for (size_t k = 0; k < nt; k++)
		job[k] = (twin_job){d, a0, an, hash, cand, nd / nt * k,
		                    k + 1 == nt ? nd : nd / nt * (k + 1), 0};
	px_run_jobs(hash_worker, job, sizeof *job, nt);
	/* equal hashes are nearly always equal docs (px_text_sample_hash): each doc's
	 * match is found by hashes alone, and the texts compared after on
	 * every core; should one differ, the matches are found again with
	 * the compares, in order, as the table's probe order requires */
	match_docs(d, a0, an, hash, tab, cap, cand, 0);
	size_t ncand = 0;
	for (size_t i = 0; i < nd; i++)
		ncand += cand[i] != UINT32_MAX;
	if (ncand) /* (most dossiers repeat no doc) */
		px_run_jobs(same_worker, job, sizeof *job, nt);
	for (size_t k = 0; k < nt && ncand; k++)
		if (job[k].differ) {
			match_docs(d, a0, an, hash, tab, cap, cand, 1);
			break;
		}
	for (size_t i = 0; i < nd; i++) {
		if (cand[i] == UINT32_MAX)
			continue;
		for (size_t n = 0; n < an[i]; n++)
			twin[a0[i] + n] = (uint32_t)(a0[cand[i]] + n);
		any = 1;
	}
	if (any) {
		B->twin = twin;
		twin = NULL;
	}
	r = 0;
out:
	px_free(a0);
	px_free(an);
	px_free(tab);
	px_free(hash);
	px_free(cand);
	px_free(twin);
	return r;
}

/* Give back what an array of *cap elements holds past its n first (grown by
 * doubling, which can leave half of it unused): a smaller block, when the
 * allocator has one; else it stays as it is. */
static void shrink(void **vec, size_t *cap, size_t n, size_t elem)
{
	if (n >= *cap || n == 0)
		return;
	void *p = px_realloc(*vec, n * elem);
	if (p) {
		*vec = p;
		*cap = n;
	}
}

static int is_twin(const build *B, size_t art)
{
	return B->twin && B->twin[art] != art;
}

/* --- detection and resolution ----------------------------------------------- */

/* Distinct names by their text, numbered as they first come: the texts are
 * the docs' and are not copied. Each resolution thread keeps one for its
 * mentions, while their text is still in the cache (read again later, a
 * dossier's mentions cost a cache miss each); the threads' sets are then
 * joined in thread order, which numbers the names as one pass over the
 * joined mentions would. */
typedef struct lname {
	const char *s;
	uint32_t len, hash, count;
} lname;

typedef struct name_set {
	lname *v;
	size_t n, cap;
	uint32_t *tab; /* each slot a name's number + 1, or 0 */
	size_t tabcap; /* 0 or a power of two */
} name_set;

static int name_set_grow(name_set *S)
{
	size_t nc = S->tabcap ? S->tabcap * 2 : 1024;
	uint32_t *t = px_calloc(nc, sizeof *t);
	if (!t)
		return -1;
	for (size_t i = 0; i < S->tabcap; i++)
		if (S->tab[i]) {
			size_t k = S->v[S->tab[i] - 1].hash & (nc - 1);
			while (t[k])
				k = (k + 1) & (nc - 1);
			t[k] = S->tab[i];
		}
	px_free(S->tab);
	S->tab = t;
	S->tabcap = nc;
	return 0;
}

/* The number of name s (n bytes, px_strhash h), added when new; its count
 * raised by count. UINT32_MAX when memory ran out. */
static uint32_t name_set_add(name_set *S, const char *s, uint32_t n, uint32_t h,
                             uint32_t count)
{
	if ((S->n + 1) * 2 > S->tabcap && (S->n >= UINT32_MAX - 1 || name_set_grow(S) < 0))
		return UINT32_MAX;
	size_t k = h & (S->tabcap - 1);
	for (; S->tab[k]; k = (k + 1) & (S->tabcap - 1)) {
		lname *x = &S->v[S->tab[k] - 1];
		if (x->hash == h && x->len == n && memcmp(x->s, s, n) == 0) {
			x->count += count;
			return S->tab[k] - 1;
		}
	}
	if (px_grow((void **)&S->v, &S->cap, S->n + 1, sizeof *S->v) < 0)
		return UINT32_MAX;
	S->v[S->n] = (lname){s, n, h, count};
	S->tab[k] = (uint32_t)++S->n;
	return (uint32_t)S->n - 1;
}

static void name_set_free(name_set *S)
{
	px_free(S->v);
	px_free(S->tab);
	memset(S, 0, sizeof *S);
}

/* A dossier names the same people again and again (distinct-10000:
 * 235,000 mentions of 2,940 names), and what the passes after detection
 * work out for a candidate depends on its text and flags alone, with what
 * the dossier knows fixed by then: a thread remembers the candidates it
 * has done, by their text (compared in full) and what else decides
 * (tag), in a direct-mapped cache. A candidate whose slot another holds is
 * worked out again, to the same end. The cache has a slot for about every
 * MEMO_CANDS candidates of the thread, from 2^10 to 2^14: its first touch
 * of each page costs a page fault, which a small dossier would not win
 * back. */
enum { MEMO_BITS_MIN = 10, MEMO_BITS_MAX = 14, MEMO_CANDS = 8 };

static unsigned memo_bits(size_t ncands)
{
	unsigned b = MEMO_BITS_MIN;
	while (b < MEMO_BITS_MAX && ((size_t)MEMO_CANDS << b) < ncands)
		b++;
	return b;
}

typedef struct span_memo {
	const char *s; /* NULL: empty */
	uint32_t n, tag;
} span_memo;

static inline int span_is(const span_memo *m, const char *s, size_t n, uint32_t tag)
{
	return m->s && m->n == n && m->tag == tag && memcmp(m->s, s, n) == 0;
}

/* What resolve_one made of a candidate, to be made again of its text:
 * its mentions (at most RESOLVED_MAX; a candidate with more is not
 * remembered), as offsets in it, and their names' numbers. */
enum { RESOLVED_MAX = 2 };

typedef struct resolved {
	span_memo key; /* tag: the flags that decide, and where start2 is */
	uint32_t nm;
	struct {
		uint16_t start, end;
		uint32_t name;
	} m[RESOLVED_MAX];
} resolved;

/* The candidates of one chunk of articles: the runs [r0, r1) of the
 * detection thread that took it (a run's candidates start where the
 * run before ends, 0 for the first) */
typedef struct cand_seg {
	const px_cand *c;
	const px_cand_run *runs;
	size_t r0, r1;
} cand_seg;

static size_t seg_first(const cand_seg *g, size_t k)
{
	return k ? g->runs[k - 1].end : 0;
}

static size_t seg_count(const cand_seg *g)
{
	return g->r1 > g->r0 ? g->runs[g->r1 - 1].end - seg_first(g, g->r0) : 0;
}

/* The names the dossier knows from running text: each strong_worker's
 * set, asked in turn. Joined into one they would cost a serial pass over
 * all but the first (0.8 ms of a 1,000-article --mentions, the other
 * core idle); a name is in the union when it is in one of them. */
typedef struct strong_set {
	const px_strmap *m[DETECT_THREADS_MAX];
	size_t n;
} strong_set;

/* What deciding the candidates of a range needs: the lexicon, scratch
 * space, and the mentions found (one per thread, joined in order after). */
typedef struct resolver {
	const px_dossier *d;
	const px_lexicon *lx;
	const px_hashset *lower; /* words seen in lower case (detection's) */
	const strong_set *strong;
	const cand_seg *segs; /* its candidates, in article order */
	size_t nsegs;
	px_strmap known; /* strong_worker's names */
	unsigned memo_bits;     /* the caches below have 2^memo_bits slots */
	span_memo *strong_done; /* candidates strong_names has done (memo) */
	resolved *resolved;     /* candidates resolve_one has done (memo) */
	fmention *m;     /* m->name: a number of names, below */
	size_t nm, mcap;
	name_set names;  /* the names of m, in the order they first come */
	px_sbuf tmp;
	int r;
} resolver;

/* A mention [start, end) of candidate c of article art, of name number
 * name (of R->names, whose count is raised) */
static int push_mention(resolver *R, const px_cand *c, uint32_t art, uint32_t start,
                        uint32_t end, uint32_t name)
{
	if (px_grow((void **)&R->m, &R->mcap, R->nm + 1, sizeof *R->m) < 0)
		return -1;
	fmention *m = &R->m[R->nm++];
	m->doc = (uint32_t)R->d->arts[art].doc;
	m->art = art;
	m->start = start;
	m->end = end;
	m->flags = c->flags;
	m->name = name;
	return 0;
}

static int add_mention(resolver *R, const px_cand *c, uint32_t art, uint32_t start,
                       uint32_t end)
{
	/* where the name proper starts: after an honorific */
	uint32_t ns = (c->flags & PX_CAND_HON) ? c->start2 : c->start;
	if (!(start == c->start && ns > start && ns < end))
		ns = start;
	/* the name, interned here while its text is in the cache */
	const char *s = R->d->docs[R->d->arts[art].doc].text.s + ns;
	uint32_t name = name_set_add(&R->names, s, end - ns, px_strhash(s, end - ns), 1);
	if (name == UINT32_MAX)
		return -1;
	return push_mention(R, c, art, start, end, name);
}

static int is_ascii(const char *s, size_t n)
{
	/* eight bytes at a time: every candidate's name comes here */
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			return 0;
	}
	unsigned any = 0;
	for (; i < n; i++)
		any |= (unsigned char)s[i];
	return !(any & 0x80);
}

/* Is s, in any case, in one of the sets of S? */
static int lower_in(resolver *R, const strong_set *S, const char *s, size_t n)
{
	int other = 0;
	for (size_t k = 0; k < S->n; k++) {
		const uint32_t *v = px_strmap_find_lower(S->m[k], s, n, &other);
		if (other)
			break; /* not ASCII: asked by a lower-case copy, below */
		if (v)
			return 1;
	}
	if (!other)
		return 0;
	R->tmp.len = 0;
	if (px_lower(s, n, &R->tmp) < 0)
		return 0;
	for (size_t k = 0; k < S->n; k++)
		if (px_strmap_get(S->m[k], R->tmp.data, R->tmp.len))
			return 1;
	return 0;
}

/* lower_in for an ASCII s whose lower-case hash is h */
static int lower_in_hashed(const strong_set *S, const char *s, size_t n, uint32_t h)
{
	for (size_t k = 0; k < S->n; k++)
		if (px_strmap_get_lower_hashed(S->m[k], s, n, h))
			return 1;
	return 0;
}

static int put_lower(resolver *R, px_strmap *map, const char *s, size_t n)
{
	int other;
	if (px_strmap_find_lower(map, s, n, &other))
		return 0; /* known already (ASCII): no lower-case copy */
	R->tmp.len = 0;
	if (px_lower(s, n, &R->tmp) < 0)
		return -1;
	return px_strmap_put(map, R->tmp.data, R->tmp.len, NULL) ? 0 : -1;
}

static int is_allcaps(const char *s, size_t n)
{
	size_t letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		if (s[i] >= 'A' && s[i] <= 'Z')
			letters++;
	}
	return letters >= 2;
}

/* Is s (a name as written) known from running text or the gazetteer? */
static int known(resolver *R, const strong_set *strong, const char *s, size_t n)
{
	return lower_in(R, strong, s, n) || px_lexicon_gaz(R->lx, s, n, &R->tmp) >= 0;
}

/* The words of a weak candidate that the dossier knows, as mentions: the
 * longest known spans, left to right. */
static int resolve_weak(resolver *R, const px_cand *c, uint32_t art, const char *text,
                        const strong_set *strong)
{
	size_t ws[32], we[32], nw = 0;
	uint8_t brk[32]; /* punctuation after the word: no name spans it */
	for (size_t i = c->start; i < c->end && nw < 32;) {
		while (i < c->end && text[i] == ' ')
			i++;
		size_t j = i;
		while (j < c->end && text[j] != ' ')
			j++;
		size_t k = j;
		while (k > i && (text[k - 1] == ',' || text[k - 1] == ';' || text[k - 1] == ':'))
			k--;
		if (k > i) {
			ws[nw] = i;
			brk[nw] = k < j;
			we[nw++] = k;
		}
		i = j;
	}
	/* the spans from word a are tried longest first: in ASCII, their
	 * lower-case hashes are made in one pass over the longest */
	int ascii = is_ascii(text + c->start, c->end - c->start);
	for (size_t a = 0; a < nw;) {
		size_t hit = 0, lim = a;
		while (lim + 1 < nw && !brk[lim])
			lim++;
		uint32_t hz[32];
		if (ascii) {
			uint32_t h = 2166136261u;
			size_t p = ws[a];
			for (size_t z = a; z <= lim; z++) {
				for (; p < we[z]; p++) {
					unsigned ch = (unsigned char)text[p];
					h = (h ^ (ch + ((unsigned)(ch - 'A' < 26u) << 5))) * 16777619u;
				}
				hz[z] = h;
			}
		}
		for (size_t z = lim + 1; z > a && !hit; z--) {
			const char *sp = text + ws[a];
			size_t sn = we[z - 1] - ws[a];
			if (ascii ? (lower_in_hashed(strong, sp, sn, hz[z - 1]) ||
			             px_lexicon_gaz(R->lx, sp, sn, &R->tmp) >= 0)
			          : known(R, strong, sp, sn))
				hit = z;
		}
		if (!hit) {
			a++;
			continue;
		}
		if (add_mention(R, c, art, (uint32_t)ws[a], (uint32_t)we[hit - 1]) < 0)
			return -1;
		a = hit;
	}
	return 0;
}

/* The lexicon's cues of s lower-cased: ASCII without a lower-case copy
 * (0, none, when memory ran out for one). */
static uint32_t cue_lower(resolver *R, const char *s, size_t n)
{
	int other;
	const uint32_t *v = px_strmap_find_lower(&R->lx->cues, s, n, &other);
	if (!other)
		return v ? *v : 0;
	R->tmp.len = 0;
	if (px_lower(s, n, &R->tmp) < 0)
		return 0;
	return px_lexicon_cue(R->lx, R->tmp.data, R->tmp.len);
}

/* Is the first word of s a common word: in the lexicon's lists, or
 * written in lower case somewhere in the dossier? */
static int first_word_common(resolver *R, const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);
	size_t fl = sp ? (size_t)(sp - s) : n;
	if (px_hashset_has(R->lower, px_lower_hash(s, fl, &R->tmp)))
		return 1;
	return (cue_lower(R, s, fl) & (PX_CUE_COMMON | PX_CUE_NEVER | PX_CUE_DEMONYM)) != 0;
}

/* Candidates of articles [a0, a1) into D. */
static int detect_range(const build *B, px_detect *D, size_t a0, size_t a1)
{
	const px_dossier *d = B->d;
	for (size_t ai = a0; ai < a1; ai++) {
		if (is_twin(B, ai))
			continue; /* copied from its first copy after */
		const px_article *a = &d->arts[ai];
		const px_doc *doc = &d->docs[a->doc];
		size_t first = D->n;
		D->sampled = D->nounlang = 0;
		for (uint32_t bi = a->block_first; bi < a->block_end && bi < doc->nblocks; bi++) {
			const px_block *bl = &doc->blocks[bi];
			if (bl->label == PX_LABEL_BOILERPLATE || bl->label == PX_LABEL_URL)
				continue;
			int heading = bl->label == PX_LABEL_TITLE || bl->label == PX_LABEL_HEADING;
			if (px_detect_block(D, doc->text.s, (uint32_t)ai,
			                    bl->start, bl->end, heading) < 0)
				return -1;
		}
		/* German capitalises every noun: there a capital says as little as
		 * in a heading, and only names known elsewhere count */
		if (D->sampled >= 30 && D->nounlang * 8 >= D->sampled)
			for (size_t i = first; i < D->n; i++)
				D->c[i].flags |= PX_CAND_HEAD;
	}
	return 0;
}

enum { DETECT_MIN_ARTS = 64 };
/* Chunks of articles per detection thread, taken in turn by whichever
 * thread is free: a thread the system starts late or holds up leaves no
 * tail of work to the others. (On a 2-core VM a new thread started up to
 * 3 ms late, as long as the whole pass on 1,000 articles; and text costs
 * unevenly: of two shares of equal bytes, one took 1.5 times as long.) */
enum { DETECT_CHUNKS_PER_THREAD = 8 };

/* A chunk of articles [a0, a1); the runs [r0, r1) of the candidates of
 * detection thread `thread` are its. */
typedef struct detect_chunk {
	size_t a0, a1;
	size_t r0, r1;
	uint32_t thread;
} detect_chunk;

typedef struct detect_job {
	const build *B;
	px_detect D;
	detect_chunk *chunks;
	size_t nchunks;
	atomic_size_t *next; /* the next chunk to take, shared */
	atomic_int *stop;    /* set when memory ran out */
	uint32_t thread;
	size_t bytes; /* of text expected: the candidates' first room */
	int r;
} detect_job;

/* Text bytes per candidate, fewer than in most news (about 100): the
 * candidates' array is made that large at once, rather than doubled
 * as it fills, each doubling leaving the last array's memory behind */
enum { BYTES_PER_CAND = 64 };

static void *detect_worker(void *p)
{
	detect_job *j = p;
	j->r = px_grow((void **)&j->D.c, &j->D.cap, j->bytes / BYTES_PER_CAND + 1, sizeof *j->D.c);
	while (j->r == 0 && !atomic_load_explicit(j->stop, memory_order_relaxed)) {
		size_t ci = atomic_fetch_add_explicit(j->next, 1, memory_order_relaxed);
		if (ci >= j->nchunks)
			break;
		detect_chunk *ch = &j->chunks[ci];
		ch->thread = j->thread;
		ch->r0 = j->D.nruns;
		j->r = detect_range(j->B, &j->D, ch->a0, ch->a1);
		ch->r1 = j->D.nruns;
	}
	if (j->r < 0)
		atomic_store(j->stop, 1);
	return NULL;
}

static size_t detect_threads(size_t narts)
{
	return px_threads_for(narts, DETECT_MIN_ARTS, DETECT_THREADS_MAX);
}

/* Detection is per block, so the articles are cut into chunks that nt
 * threads (job[0 .. nt)) take in turn, each thread with its own
 * candidates and evidence. The candidates stay where they were made;
 * *chunks says, in article order, whose runs each chunk's are, for the
 * passes after, so that the result does not depend on the thread count
 * nor on which thread took what. *chunks is NULL without memory. */
static int detect_parallel(build *B, detect_job *job, size_t nt, detect_chunk **chunks,
                           size_t *nchunks)
{
	const px_dossier *d = B->d;
	/* equal shares of text, not of articles */
	size_t total = 0;
	for (size_t i = 0; i < d->narts; i++)
		if (!is_twin(B, i) && (i == 0 || d->arts[i].doc != d->arts[i - 1].doc))
			total += d->docs[d->arts[i].doc].text.len;
	size_t nc = nt > 1 ? nt * DETECT_CHUNKS_PER_THREAD : 1;
	detect_chunk *ch = px_calloc(nc, sizeof *ch);
	*chunks = ch;
	*nchunks = 0;
	for (size_t k = 0; k < nt; k++)
		memset(&job[k], 0, sizeof job[k]);
	if (!ch)
		return -1;
	size_t a = 0, acc = 0;
	for (size_t k = 0; k < nc; k++) {
		ch[k].a0 = a;
		size_t goal = total / nc * (k + 1);
		size_t last_doc = (size_t)-1;
		while (a < d->narts && (k + 1 == nc || acc < goal)) {
			if (d->arts[a].doc != last_doc) {
				last_doc = d->arts[a].doc;
				if (!is_twin(B, a))
					acc += d->docs[last_doc].text.len;
			}
			a++;
		}
		ch[k].a1 = a;
	}
	*nchunks = nc;
	atomic_size_t next;
	atomic_int stop;
	atomic_init(&next, 0);
	atomic_init(&stop, 0);
	for (size_t k = 0; k < nt; k++) {
		job[k].B = B;
		job[k].D.lx = B->lx;
		job[k].chunks = ch;
		job[k].nchunks = nc;
		job[k].next = &next;
		job[k].stop = &stop;
		job[k].thread = (uint32_t)k;
		job[k].bytes = total / nt;
	}
	px_run_jobs(detect_worker, job, sizeof *job, nt);
	int r = atomic_load(&stop) ? -1 : 0;
	for (size_t k = 0; k < nt; k++)
		if (job[k].r < 0)
			r = -1;
	/* the words seen in lower case: one set for the dossier (the first
	 * thread's, the others' added) */
	for (size_t k = 1; k < nt; k++) {
		for (size_t i = 0; r == 0 && i < job[k].D.lower.cap; i++)
			if (job[k].D.lower.v[i] && px_hashset_add(&job[0].D.lower, job[k].D.lower.v[i]) < 0)
				r = -1;
		px_hashset_free(&job[k].D.lower);
	}
	return r;
}

static int strong_put(resolver *R, px_strmap *strong, const px_cand *c, const char *text);

/* The names candidate c of text makes known (into strong): that of running
 * text, and a person's family and given names */
static int strong_names(resolver *R, px_strmap *strong, const px_cand *c, const char *text)
{
	if (c->flags & (PX_CAND_WEAK | PX_CAND_HEAD))
		return 0;
	if ((c->flags & PX_CAND_SENT) && c->start2 == c->start)
		return 0; /* only "Ellen DeGeneres will ..." is a name there */
	/* the same text with the same flags puts the same names: once */
	size_t n = c->end - c->start;
	uint32_t tag = c->flags & (PX_CAND_SENT | PX_CAND_ORG);
	span_memo *done = &R->strong_done[span_slot(text + c->start, n, R->memo_bits)];
	if (span_is(done, text + c->start, n, tag))
		return 0;
	int r = 0;
	if (!(c->flags & PX_CAND_SENT) || !first_word_common(R, text + c->start, n))
		r = strong_put(R, strong, c, text);
	if (r == 0)
		*done = (span_memo){text + c->start, (uint32_t)n, tag};
	return r;
}

/* strong_names' work: the name of c, and a person's family and given
 * names */
static int strong_put(resolver *R, px_strmap *strong, const px_cand *c, const char *text)
{
	int r = put_lower(R, strong, text + c->start, c->end - c->start);
	/* and the family and given names of people: Pompeo, Qassem */
	const char *sp = memchr(text + c->start, ' ', c->end - c->start);
	if (r == 0 && sp && !(c->flags & PX_CAND_ORG)) {
		const char *last = text + c->end;
		while (last[-1] != ' ')
			last--;
		r = put_lower(R, strong, last, (size_t)(text + c->end - last));
		const char *h = memchr(last, '-', (size_t)(text + c->end - last));
		if (r == 0 && h && h + 1 < text + c->end)
			r = put_lower(R, strong, h + 1, (size_t)(text + c->end - h - 1));
		size_t fl = (size_t)(sp - text - c->start);
		if (r == 0 && fl >= 3 &&
		    !(cue_lower(R, text + c->start, fl) &
		      (PX_CUE_COMMON | PX_CUE_TITLE | PX_CUE_DEMONYM | PX_CUE_NEVER)))
			r = put_lower(R, strong, text + c->start, fl);
	}
	return r;
}

/* Ask for the text of candidate i of run k (of text) ahead of its turn:
 * the passes after detection read each candidate's text once more, long
 * after detection read it, one cache miss a candidate in a large dossier,
 * which the prefetch overlaps with the work on the candidates before it */
enum { PREFETCH_AHEAD = 12 };

typedef struct prefetcher {
	size_t k;         /* the run of the candidate asked for last */
	const char *text; /* its text, NULL until looked up */
	size_t nc;        /* the end of the segment's candidates */
} prefetcher;

/* The reading text of the article of run k of g */
static const char *run_text(const resolver *R, const cand_seg *g, size_t k)
{
	return R->d->docs[R->d->arts[g->runs[k].art].doc].text.s;
}

static prefetcher prefetcher_of(const cand_seg *g)
{
	return (prefetcher){g->r0, NULL, g->r1 > g->r0 ? g->runs[g->r1 - 1].end : 0};
}

/* Ask for the text of the candidate PREFETCH_AHEAD after candidate i of
 * segment g */
static inline void prefetch_cand(const resolver *R, const cand_seg *g, prefetcher *pf,
                                 size_t i)
{
	size_t want = i + PREFETCH_AHEAD;
	if (want >= pf->nc)
		return;
	while (g->runs[pf->k].end <= want) {
		pf->k++;
		pf->text = NULL;
	}
	if (!pf->text)
		pf->text = run_text(R, g, pf->k);
#if defined(__GNUC__)
	__builtin_prefetch(pf->text + g->c[want].start);
#endif
}

static size_t resolver_cands(const resolver *R)
{
	size_t n = 0;
	for (size_t s = 0; s < R->nsegs; s++)
		n += seg_count(&R->segs[s]);
	return n;
}

/* fn over R's candidates in order, each with its article and the text
 * of its doc, until one returns nonzero (returned). Inlined into its two
 * callers, each with its fn. */
static inline int each_cand(resolver *R, int (*fn)(resolver *R, const px_cand *c, uint32_t art,
                                                   const char *text))
{
	int r = 0;
	for (size_t s = 0; s < R->nsegs && r == 0; s++) {
		const cand_seg *g = &R->segs[s];
		prefetcher pf = prefetcher_of(g);
		for (size_t k = g->r0; k < g->r1 && r == 0; k++) {
			const char *text = run_text(R, g, k);
			for (size_t i = seg_first(g, k); i < g->runs[k].end && r == 0; i++) {
				prefetch_cand(R, g, &pf, i);
				r = fn(R, &g->c[i], g->runs[k].art, text);
			}
		}
	}
	return r;
}

static int strong_one(resolver *R, const px_cand *c, uint32_t art, const char *text)
{
	(void)art;
	return strong_names(R, &R->known, c, text);
}

/* The names the candidates make known (into known): those of running
 * text, and people's family and given names. */
static void *strong_worker(void *p)
{
	resolver *R = p;
	R->memo_bits = memo_bits(resolver_cands(R));
	R->strong_done = px_calloc_dense((size_t)1 << R->memo_bits, sizeof *R->strong_done);
	R->r = R->strong_done ? each_cand(R, strong_one) : -1;
	return NULL;
}

/* Decide candidate c of article art (of text) against the names the
 * dossier knows: its mentions, if any */
static int resolve_one(resolver *R, const strong_set *strong, const px_cand *c, uint32_t art,
                       const char *text)
{
	const char *s = text + c->start;
	size_t n = c->end - c->start;
	if (c->flags & PX_CAND_HEAD)
		return resolve_weak(R, c, art, text, strong);
	if (c->flags & PX_CAND_WEAK) {
		/* a lone sentence-initial word: English puts a capital on
		 * any word there, so it is a name only if the dossier knows
		 * it from elsewhere (Kadhimi, Pompeo), not Fresh, Seventeen */
		if (!known(R, strong, s, n))
			return 0;
		return add_mention(R, c, art, c->start, c->end);
	}
	if ((c->flags & PX_CAND_SENT) && c->start2 != c->start && !known(R, strong, s, n)) {
		/* "Leaders of Kish South Kaveh Company": the sentence's
		 * first word is a common word, the name follows */
		if (first_word_common(R, s, n)) {
			/* what is left must stand as a name on its own */
			const char *rest = text + c->start2;
			size_t rn = c->end - c->start2;
			if (memchr(rest, ' ', rn) == NULL && !known(R, strong, rest, rn))
				return 0;
			return add_mention(R, c, art, c->start2, c->end);
		}
	}
	return add_mention(R, c, art, c->start, c->end);
}

/* resolve_one, or what it made of the same text with the same flags
 * (the mentions are the same, at the same offsets in the candidate) */
static int resolve_memo(resolver *R, const px_cand *c, uint32_t art, const char *text)
{
	const char *s = text + c->start;
	size_t n = c->end - c->start;
	if (n > UINT16_MAX)
		return resolve_one(R, R->strong, c, art, text);
	/* the flags resolve_one and add_mention look at, and where the
	 * name after the first word or an honorific starts */
	uint32_t tag = (c->flags & (PX_CAND_HEAD | PX_CAND_WEAK | PX_CAND_SENT | PX_CAND_HON)) |
	               (c->start2 - c->start) << 8;
	resolved *v = &R->resolved[span_slot(s, n, R->memo_bits)];
	if (c->start2 - c->start < (1u << 24) && span_is(&v->key, s, n, tag)) {
		for (uint32_t k = 0; k < v->nm; k++) {
			R->names.v[v->m[k].name].count++;
			if (push_mention(R, c, art, c->start + v->m[k].start, c->start + v->m[k].end,
			                 v->m[k].name) < 0)
				return -1;
		}
		return 0;
	}
	size_t nm0 = R->nm;
	if (resolve_one(R, R->strong, c, art, text) < 0)
		return -1;
	if (R->nm - nm0 <= RESOLVED_MAX && c->start2 - c->start < (1u << 24)) {
		v->key = (span_memo){s, (uint32_t)n, tag};
		v->nm = (uint32_t)(R->nm - nm0);
		for (uint32_t k = 0; k < v->nm; k++) {
			const fmention *m = &R->m[nm0 + k];
			v->m[k].start = (uint16_t)(m->start - c->start);
			v->m[k].end = (uint16_t)(m->end - c->start);
			v->m[k].name = m->name;
		}
	}
	return 0;
}

/* Decide the candidates against the names the dossier knows. */
static void *resolve_worker(void *p)
{
	resolver *R = p;
	/* about a mention a candidate: the array made that large at once,
	 * rather than doubled as it fills (see BYTES_PER_CAND) */
	int r = px_grow((void **)&R->m, &R->mcap, resolver_cands(R), sizeof *R->m);
	R->resolved = px_calloc_dense((size_t)1 << R->memo_bits, sizeof *R->resolved);
	if (!R->resolved)
		r = -1;
	if (r == 0)
		r = each_cand(R, resolve_memo);
	R->r = r;
	return NULL;
}

/* The dossier's names (B->names: text, hash, count; parsed later) from
 * the threads' sets, joined in thread order: the first thread's names keep
 * their numbers, the others' are looked up and renumbered, and so are
 * their mentions. */
static int join_names(build *B, resolver *job, size_t nt)
{
	name_set all = job[0].names;
	job[0].names = (name_set){0};
	int r = 0;
	for (size_t k = 1; k < nt && r == 0; k++) {
		const name_set *S = &job[k].names;
		uint32_t *map = px_malloc((S->n ? S->n : 1) * sizeof *map);
		if (!map) {
			r = -1;
			break;
		}
		for (size_t l = 0; l < S->n && r == 0; l++) {
			map[l] = name_set_add(&all, S->v[l].s, S->v[l].len, S->v[l].hash,
			                      S->v[l].count);
			if (map[l] == UINT32_MAX)
				r = -1;
		}
		for (size_t i = 0; i < job[k].nm && r == 0; i++)
			job[k].m[i].name = map[job[k].m[i].name];
		px_free(map);
	}
	if (r == 0 && all.n) {
		B->names = px_calloc(all.n, sizeof *B->names);
		if (!B->names)
			r = -1;
	}
	for (size_t i = 0; r == 0 && i < all.n; i++) {
		nameinfo *ni = &B->names[i];
		ni->s = all.v[i].s;
		ni->len = all.v[i].len;
		ni->count = all.v[i].count;
	}
	if (r == 0)
		B->nnames = all.n;
	name_set_free(&all);
	return r;
}

/* Candidates, then mentions (B->m, in article order). The candidates are
 * decided where detection left them, a run of chunks in article order to
 * each thread of the later passes, so that they are never copied into
 * one array, and they are freed before the mentions are joined: the two
 * never add up. */
static int detect_all(build *B)
{
	const px_dossier *d = B->d;
	size_t nt = detect_threads(d->narts);
	detect_job dj[DETECT_THREADS_MAX];
	detect_chunk *ch = NULL;
	size_t nch = 0;
	int r = detect_parallel(B, dj, nt, &ch, &nch);
	/* the chunks' candidates, in article order, where their threads
	 * left them */
	cand_seg *segs = px_malloc((nch ? nch : 1) * sizeof *segs);
	size_t nsegs = 0, ncand = 0;
	if (!segs)
		r = -1;
	for (size_t i = 0; r == 0 && i < nch; i++) {
		const px_detect *D = &dj[ch[i].thread].D;
		if (ch[i].r1 > ch[i].r0) {
			segs[nsegs] = (cand_seg){D->c, D->runs, ch[i].r0, ch[i].r1};
			ncand += seg_count(&segs[nsegs++]);
		}
	}
	px_free(ch);
	/* names the dossier knows from running text: each thread of the
	 * passes below collects those of its share of the segments (about
	 * as many candidates each, in order) into a set of its own, and
	 * the decisions ask all the sets (strong_set) */
	resolver job[DETECT_THREADS_MAX];
	for (size_t k = 0, s0 = 0, acc = 0; k < nt; k++) {
		memset(&job[k], 0, sizeof job[k]);
		job[k].d = d;
		job[k].lx = B->lx;
		job[k].lower = &dj[0].D.lower;
		size_t s1 = s0;
		while (s1 < nsegs && (k + 1 == nt || acc < ncand / nt * (k + 1)))
			acc += seg_count(&segs[s1++]);
		job[k].segs = segs ? segs + s0 : NULL;
		job[k].nsegs = s1 - s0;
		s0 = s1;
	}
	if (r == 0)
		px_run_jobs(strong_worker, job, sizeof *job, nt);
	strong_set strong = {.n = nt};
	for (size_t k = 0; k < nt; k++) {
		if (job[k].r < 0)
			r = -1;
		strong.m[k] = &job[k].known;
		job[k].strong = &strong;
		job[k].r = 0;
	}
	/* the decisions only read what is known: the mentions of each
	 * thread's candidates are joined in order after */
	if (r == 0)
		px_run_jobs(resolve_worker, job, sizeof *job, nt);
	for (size_t k = 0; k < nt; k++)
		px_strmap_free(&job[k].known);
	for (size_t k = 0; k < nt; k++) {
		if (job[k].r < 0)
			r = -1;
		px_sbuf_free(&job[k].tmp);
		px_free(job[k].strong_done);
		px_free(job[k].resolved);
		px_detect_free(&dj[k].D);
	}
	px_free(segs);
	if (r == 0)
		r = join_names(B, job, nt);
	for (size_t k = 0; k < nt; k++)
		name_set_free(&job[k].names);
	size_t total = 0;
	for (size_t k = 0; k < nt; k++)
		total += job[k].nm;
	if (r == 0) {
		/* the first thread's array grown (in place, often), the others'
		 * appended */
		B->m = job[0].m;
		B->mcap = job[0].mcap;
		B->nm = job[0].nm;
		job[0].m = NULL;
		if (total > B->mcap) {
			fmention *m = px_realloc(B->m, total * sizeof *B->m);
			if (!m)
				r = -1;
			else
				B->m = m, B->mcap = total;
		} else {
			shrink((void **)&B->m, &B->mcap, total, sizeof *B->m);
		}
	}
	for (size_t k = 1; k < nt; k++) {
		if (r == 0 && job[k].nm) {
			memcpy(B->m + B->nm, job[k].m, job[k].nm * sizeof *B->m);
			B->nm += job[k].nm;
		}
		px_free(job[k].m);
	}
	px_free(job[0].m);
	return r;
}

/* --- names and nodes ---------------------------------------------------------- */

typedef struct parse_job {
	build *B;
	size_t n0, n1; /* names [n0, n1) */
	px_sbuf tmp;
	px_name_scratch sc;
	int r;
} parse_job;

static uint64_t name_classes(const px_name *p);

/* What a name is (its words, gazetteer entry, length): each name on its
 * own, so names are shared among threads. */
static void *parse_worker(void *p)
{
	parse_job *j = p;
	build *B = j->B;
	j->r = 0;
	for (size_t i = j->n0; i < j->n1; i++) {
		nameinfo *ni = &B->names[i];
		if (px_name_parse_with(B->lx, ni->s, ni->len, &ni->p, &j->sc) < 0) {
			j->r = -1;
			break;
		}
		ni->gaz = px_lexicon_gaz(B->lx, ni->s, ni->len, &j->tmp);
		ni->is_long = ni->p.ncontent >= 2 || (ni->p.org && ni->p.n >= 2);
		ni->caps = is_allcaps(ni->s, ni->len);
		ni->classes = ni->is_long ? name_classes(&ni->p) : 0;
	}
	return NULL;
}

enum { PARSE_MIN_NAMES = 512 };

/* What each name is: its words, gazetteer entry, length (the names were
 * interned in detect_all). */
static int parse_names(build *B)
{
	size_t nt = px_threads_for(B->nnames, PARSE_MIN_NAMES, DETECT_THREADS_MAX);
	parse_job job[DETECT_THREADS_MAX];
	for (size_t k = 0; k < nt; k++) {
		memset(&job[k], 0, sizeof job[k]);
		job[k].B = B;
		job[k].n0 = B->nnames / nt * k;
		job[k].n1 = k + 1 == nt ? B->nnames : B->nnames / nt * (k + 1);
	}
	px_run_jobs(parse_worker, job, sizeof *job, nt);
	int r = 0;
	for (size_t k = 0; k < nt; k++) {
		if (job[k].r < 0)
			r = -1;
		px_sbuf_free(&job[k].tmp);
		px_name_scratch_free(&job[k].sc);
	}
	return r;
}

/* The mentions of repeated articles, copied from their first copies (the
 * mentions so far: those of first copies, in article order). Names are
 * interned already: a repeat comes after its first copy, so it brings no
 * name that is not known, and the names keep their numbers. */
static int expand_twins(build *B)
{
	if (!B->twin)
		return 0;
	size_t na = B->d->narts;
	uint32_t *first = px_calloc(na + 1, sizeof *first);
	if (!first)
		return -1;
	/* each first copy's mentions: [first[a], first[a + 1]) */
	for (size_t i = 0; i < B->nm; i++)
		first[B->m[i].art + 1]++;
	for (size_t a = 0; a < na; a++)
		first[a + 1] += first[a];
	size_t total = 0;
	for (size_t a = 0; a < na; a++)
		total += first[B->twin[a] + 1] - first[B->twin[a]];
	fmention *m = px_malloc((total ? total : 1) * sizeof *m);
	if (!m) {
		px_free(first);
		return -1;
	}
	size_t k = 0;
	for (size_t a = 0; a < na; a++) {
		uint32_t t = B->twin[a], n = first[t + 1] - first[t];
		if (!n)
			continue;
		memcpy(m + k, B->m + first[t], n * sizeof *m);
		if (t != a) {
			uint32_t doc = (uint32_t)B->d->arts[a].doc;
			for (size_t i = k; i < k + n; i++) {
				m[i].doc = doc;
				m[i].art = (uint32_t)a;
				B->names[m[i].name].count++;
			}
		}
		k += n;
	}
	px_free(first);
	px_free(B->m);
	B->m = m;
	B->nm = B->mcap = total;
	return 0;
}

static int cmp_art_name(const void *x, const void *y)
{
	const fmention *a = x, *b = y;
	if (a->art != b->art)
		return a->art < b->art ? -1 : 1;
	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* (doc, start, longer first): reading order, as the result has it */
static int cmp_doc_start(const void *x, const void *y)
{
	const fmention *a = x, *b = y;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->end < b->end ? 1 : a->end > b->end ? -1 : 0;
}

/* v[0, n) in ascending order: a quicksort with the compares inline, as
 * qsort calls a function for each (the keys sorted here are distinct, or
 * equal only where they are the same bytes, so any order of ties is the
 * same result) */
static void sort_u64(uint64_t *v, size_t n)
{
	while (n > 16) {
		/* the median of the first, middle and last as the pivot */
		uint64_t a = v[0], b = v[n / 2], c = v[n - 1];
		uint64_t p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			uint64_t t = v[i];
			v[i++] = v[j];
			v[j--] = t;
		}
		/* [0, j] and [j + 1, n): the smaller one by recursion */
		size_t left = j + 1;
		if (left < n - left) {
			sort_u64(v, left);
			v += left;
			n -= left;
		} else {
			sort_u64(v + left, n - left);
			n = left;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint64_t k = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] > k; j--)
			v[j] = v[j - 1];
		v[j] = k;
	}
}

/* The mentions come from detection in reading order, article by article:
 * then the (article, name) order the nodes need is a small sort inside
 * each article, and the result's reading order is the order they came
 * in, with no sort of the whole dossier either way. *ord gets the indices
 * of B->m in (article, name, doc, start) order; 1 when this holds, 0
 * when the mentions are not so ordered (the caller sorts them), -1 when
 * memory ran out. With am0 and amn (repeats in the dossier), each
 * article's first mention and count go there, and a repeat whose first
 * copy has as many mentions is left unsorted: make_nodes copies it.
 * Articles are sorted each on its own, so the mentions are shared among
 * threads by ranges of whole articles (order_job). */
typedef struct order_job {
	const build *B;
	uint64_t *key;
	uint32_t *o, *am0, *amn;
	size_t i0, i1; /* mentions [i0, i1), whole articles */
	int bad;       /* the mentions are not in reading order */
} order_job;

/* The order check, the keys, each article's first mention and count. */
static void *order_scan(void *p)
{
	order_job *j = p;
	const fmention *m = j->B->m;
	j->bad = 0;
	for (size_t i = j->i0 ? j->i0 : 1; i < j->i1; i++)
		if (cmp_doc_start(&m[i - 1], &m[i]) >= 0 || m[i].art < m[i - 1].art) {
			j->bad = 1; /* out of order, or a tie the old sort would decide */
			return NULL;
		}
	for (size_t i = j->i0; i < j->i1; i++)
		j->key[i] = (uint64_t)m[i].name << 32 | (uint64_t)i;
	/* relaxed atomic stores: mentions out of order across ranges (which
	 * another thread's check finds) can put one article in two ranges, and
	 * its slots are then written twice; those values are discarded, but
	 * the writes must not race */
	for (size_t a = j->i0; j->am0 && a < j->i1;) {
		size_t z = a + 1;
		while (z < j->i1 && m[z].art == m[a].art)
			z++;
		__atomic_store_n(&j->am0[m[a].art], (uint32_t)a, __ATOMIC_RELAXED);
		__atomic_store_n(&j->amn[m[a].art], (uint32_t)(z - a), __ATOMIC_RELAXED);
		a = z;
	}
	return NULL;
}

/* Each article's keys sorted (a repeat's left as they are), and the
 * indices they give. */
static void *order_sort(void *p)
{
	order_job *j = p;
	const build *B = j->B;
	uint64_t *key = j->key;
	for (size_t a = j->i0; a < j->i1;) {
		size_t z = a + 1;
		while (z < j->i1 && B->m[z].art == B->m[a].art)
			z++;
		uint32_t art = B->m[a].art, t = j->am0 ? B->twin[art] : art;
		/* t < art: the first copy comes earlier in the mentions */
		if (t != art && t < art && j->am0[t] != UINT32_MAX && j->amn[t] == z - a) {
			/* a repeat: copied */
		} else if (z - a > 32) {
			sort_u64(key + a, z - a);
		} else {
			for (size_t i = a + 1; i < z; i++) { /* most articles: a few */
				uint64_t k = key[i];
				size_t q = i;
				for (; q > a && key[q - 1] > k; q--)
					key[q] = key[q - 1];
				key[q] = k;
			}
		}
		a = z;
	}
	for (size_t i = j->i0; i < j->i1; i++)
		j->o[i] = (uint32_t)key[i];
	return NULL;
}

enum { ORDER_MIN_MENTIONS = 2048 };

static int order_by_article(build *B, uint32_t **ord, uint32_t *am0, uint32_t *amn)
{
	*ord = NULL;
	uint64_t *key = px_malloc((B->nm ? B->nm : 1) * sizeof *key);
	uint32_t *o = px_malloc((B->nm ? B->nm : 1) * sizeof *o);
	if (!key || !o) {
		px_free(key);
		px_free(o);
		return -1;
	}
	size_t nt = px_threads_for(B->nm, ORDER_MIN_MENTIONS, DETECT_THREADS_MAX);
	order_job job[DETECT_THREADS_MAX];
	size_t i0 = 0;
	for (size_t k = 0; k < nt; k++) {
		size_t i1 = k + 1 == nt ? B->nm : B->nm / nt * (k + 1);
		if (i1 < i0)
			i1 = i0;
		while (i1 < B->nm && i1 > 0 && B->m[i1].art == B->m[i1 - 1].art)
			i1++; /* whole articles */
		job[k] = (order_job){B, key, o, am0, amn, i0, i1, 0};
		i0 = i1;
	}
	px_run_jobs(order_scan, job, sizeof *job, nt);
	int bad = 0;
	for (size_t k = 0; k < nt; k++)
		bad |= job[k].bad;
	if (!bad)
		px_run_jobs(order_sort, job, sizeof *job, nt);
	px_free(key);
	if (bad) {
		px_free(o);
		return 0;
	}
	*ord = o;
	return 1;
}

static int make_nodes(build *B)
{
	uint32_t *ord;
	/* per article: first mention, mentions, first node, nodes (repeats) */
	uint32_t *am0 = NULL, *amn = NULL, *an0 = NULL, *ann = NULL;
	if (B->twin && B->nm <= UINT32_MAX) {
		size_t na = B->d->narts ? B->d->narts : 1;
		am0 = px_malloc(na * sizeof *am0);
		amn = px_malloc(na * sizeof *amn);
		an0 = px_malloc(na * sizeof *an0);
		ann = px_malloc(na * sizeof *ann);
		if (!am0 || !amn || !an0 || !ann) {
			px_free(am0);
			px_free(amn);
			px_free(an0);
			px_free(ann);
			return -1;
		}
		for (size_t i = 0; i < B->d->narts; i++)
			am0[i] = UINT32_MAX;
	}
	int fast = B->nm <= UINT32_MAX ? order_by_article(B, &ord, am0, amn) : 0;
	int copy = fast > 0 && am0;
	if (!copy) {
		px_free(am0);
		px_free(amn);
		px_free(an0);
		px_free(ann);
		am0 = amn = an0 = ann = NULL;
	}
	if (fast < 0)
		return -1;
	if (!fast) {
		if (B->nm > 1) /* qsort wants a pointer even for nothing */
			qsort(B->m, B->nm, sizeof *B->m, cmp_art_name);
		ord = px_malloc((B->nm ? B->nm : 1) * sizeof *ord);
		if (!ord)
			return -1;
		for (size_t i = 0; i < B->nm; i++)
			ord[i] = (uint32_t)i;
	}
	B->reading_order = fast;
	/* the nodes are counted first, by a dry run of the loop below, so that
	 * their array holds no more than them (one per mention, it would be
	 * the build's largest); ann has each article's count for the repeats */
	size_t count = 0;
	for (size_t a = 0; a < B->nm;) {
		uint32_t art = B->m[ord[a]].art;
		size_t z = a + 1;
		while (z < B->nm && B->m[ord[z]].art == art)
			z++;
		uint32_t t = copy ? B->twin[art] : art, k = 0;
		if (t != art && t < art && am0[t] != UINT32_MAX && amn[t] == z - a) {
			k = ann[t];
		} else {
			uint32_t last = 0;
			for (size_t i = a; i < z; i++) {
				uint32_t name = B->m[ord[i]].name;
				k += i == a || name != last;
				last = name;
			}
		}
		if (copy)
			ann[art] = k;
		count += k;
		a = z;
	}
	B->nodes = px_calloc(count ? count : 1, sizeof *B->nodes);
	if (!B->nodes) {
		px_free(ord);
		px_free(am0);
		px_free(amn);
		px_free(an0);
		px_free(ann);
		return -1;
	}
	for (size_t i = 0; i < B->nnames; i++)
		B->names[i].first_node = UINT32_MAX;
	for (size_t a = 0; a < B->nm;) {
		uint32_t art = B->m[ord[a]].art;
		size_t z = a + 1;
		while (z < B->nm && B->m[ord[z]].art == art)
			z++;
		uint32_t t = copy ? B->twin[art] : art;
		if (copy)
			an0[art] = (uint32_t)B->nnodes;
		/* t < art: the first copy's nodes were made earlier in this loop
		 * (an0, ann are set for it only then) */
		if (t != art && t < art && am0[t] != UINT32_MAX && amn[t] == z - a) {
			/* a repeat: its first copy's nodes, and its mentions (in
			 * the same order: reading order) theirs, moved along */
			uint32_t shift = (uint32_t)B->nnodes - an0[t];
			memcpy(B->nodes + B->nnodes, B->nodes + an0[t], ann[t] * sizeof *B->nodes);
			for (size_t k = 0; k < ann[t]; k++)
				B->nodes[B->nnodes + k].art = art;
			B->nnodes += ann[t];
			ann[art] = ann[t];
			for (size_t k = 0; k < z - a; k++)
				B->m[a + k].node = B->m[am0[t] + k].node + shift;
			a = z;
			continue;
		}
		/* [a, z) is one article's: a node per name (m->node takes the
		 * place of m->name, so the last name is kept aside) */
		uint32_t last = 0;
		for (size_t i = a; i < z; i++) {
			fmention *m = &B->m[ord[i]];
			uint32_t name = m->name;
			if (i == a || name != last) {
				node *n = &B->nodes[B->nnodes];
				n->art = m->art;
				n->name = name;
				if (B->names[name].first_node == UINT32_MAX)
					B->names[name].first_node = (uint32_t)B->nnodes;
				B->nnodes++;
			}
			last = name;
			node *n = &B->nodes[B->nnodes - 1];
			n->count++;
			n->flags |= m->flags;
			m->node = (uint32_t)B->nnodes - 1;
		}
		if (copy)
			ann[art] = (uint32_t)B->nnodes - an0[art];
		a = z;
	}
	px_free(ord);
	px_free(am0);
	px_free(amn);
	px_free(an0);
	px_free(ann);
	B->parent = px_malloc((B->nnodes ? B->nnodes : 1) * sizeof *B->parent);
	B->rep = px_malloc((B->nnodes ? B->nnodes : 1) * sizeof *B->rep);
	if (!B->parent || !B->rep)
		return -1;
	for (size_t i = 0; i < B->nnodes; i++) {
		B->parent[i] = (uint32_t)i;
		B->rep[i] = B->nodes[i].name;
	}
	return 0;
}

/* --- linking ---------------------------------------------------------------------- */

/* A lone word (or a short name) in an article stands for the longer name
 * of the same article it matches: the family name first, then the given
 * name, the most mentioned if several. */
/* The class of a name's first sound: names whose first letters are in
 * different classes are never compared (see first_compatible in names.c). */
static unsigned letter_class(char c)
{
	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return 0;
	case 'g': case 'k': case 'h': case 'q': case 'c': return 1;
	case 's': case 'z': return 2;
	case 'd': case 't': return 3;
	case 'v': case 'f': case 'w': return 4;
	case 'b': case 'p': return 5;
	case 'j': return 0;
	default:
		return (unsigned char)c >= 'a' && (unsigned char)c <= 'z' ? 6 + (unsigned)(c - 'a') : 32;
	}
}

enum { NCLASS = 33, ARTICLE_CLASS_MAX = 48 };

/* How a lone word and a longer name of one article match (what
 * link_in_article makes of px_names_match): a question of the two names
 * alone, and the same pairs come back article after article (a dossier's
 * people are named in many of its articles: 232,000 compares of 7,200
 * pairs on the benchmark). A direct-mapped cache of the answers, one per
 * thread: a pair that finds its slot taken is worked out again, and the
 * answer is the same. */
enum { PAIR_MEMO_BITS = 14 };

typedef struct pair_memo {
	uint64_t *key; /* (word's name << 32 | full name's); UINT64_MAX: empty */
	uint8_t *kind; /* 0, 1 or 2 */
} pair_memo;

typedef struct article_index {
	uint32_t *list;   /* node indices, grouped by class */
	uint32_t start[NCLASS + 1];
	pair_memo memo;
} article_index;

/* The classes a long name is filed under, as a bit set: a person's family
 * and given names, every word of an organisation. */
static uint64_t name_classes(const px_name *p)
{
	uint64_t m = 0;
	if (p->org) {
		for (size_t w = 0; w < p->n; w++)
			m |= 1ull << letter_class(p->w[w][0]);
	} else if (p->n) {
		m |= 1ull << letter_class(p->w[p->n - 1][0]);
		m |= 1ull << letter_class(p->w[0][0]);
	}
	return m;
}

/* File the long names of nodes [a, z) by class. */
static void index_article(const build *B, article_index *X, size_t a, size_t z)
{
	uint32_t count[NCLASS] = {0};
	/* (the classes of each name are worked out once, in parse_worker) */
	for (size_t i = a; i < z; i++) {
		const nameinfo *ni = &B->names[B->nodes[i].name];
		if (!ni->is_long)
			continue; /* gazetteer names too: "the Post" of The Washington Post */
		for (uint64_t m = ni->classes; m; m &= m - 1)
			count[__builtin_ctzll(m)]++;
	}
	X->start[0] = 0;
	for (unsigned c = 0; c < NCLASS; c++)
		X->start[c + 1] = X->start[c] + count[c];
	uint32_t fill[NCLASS];
	memcpy(fill, X->start, sizeof fill);
	for (size_t i = a; i < z; i++) {
		const nameinfo *ni = &B->names[B->nodes[i].name];
		if (!ni->is_long)
			continue;
		for (uint64_t m = ni->classes; m; m &= m - 1)
			X->list[fill[__builtin_ctzll(m)]++] = (uint32_t)i;
	}
}

/* A lone word (or a short name) in an article stands for the longer name
 * of the same article it matches: the family name first, then the given
 * name, the most mentioned if several. Only names filed under the class
 * of the word's first letter are compared. The choice for each node goes
 * to best[node]; the joins are made after, in order. */
static void link_in_article(const build *B, article_index *X, size_t a, size_t z,
                            const px_strmap *family, uint32_t *best_of)
{
	index_article(B, X, a, z);
	for (size_t i = a; i < z; i++) {
		const nameinfo *ni = &B->names[B->nodes[i].name];
		best_of[i] = UINT32_MAX;
		if (ni->is_long || ni->gaz >= 0 || ni->p.n == 0)
			continue;
		long best = -1;
		int best_kind = 0;
		uint32_t best_count = 0;
		unsigned c = letter_class(ni->p.w[0][0]);
		/* a page with more full names than this in one class is a list
		 * (a menu, an index), not prose: its first ones are enough */
		uint32_t hi = X->start[c + 1];
		if (hi - X->start[c] > ARTICLE_CLASS_MAX)
			hi = X->start[c] + ARTICLE_CLASS_MAX;
		for (uint32_t x = X->start[c]; x < hi; x++) {
			size_t j = X->list[x];
			uint64_t key = (uint64_t)B->nodes[i].name << 32 | B->nodes[j].name;
			size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - PAIR_MEMO_BITS));
			int k;
			if (X->memo.key[slot] == key) {
				k = X->memo.kind[slot];
			} else {
				const nameinfo *nj = &B->names[B->nodes[j].name];
				k = px_names_match(&ni->p, &nj->p, 1);
				/* a lone word that is someone's family name in the
				 * dossier is not a given name here (Kadhimi of
				 * "Kadhimi Inner Circle") */
				if (k == 1 && (px_strmap_get(family, ni->p.w[0], strlen(ni->p.w[0])) ||
				               nj->p.n > 3 || ni->caps))
					k = 0; /* nor is an acronym (NASA of "NASA Administrator X") */
				X->memo.key[slot] = key;
				X->memo.kind[slot] = (uint8_t)k;
			}
			if (!k)
				continue;
			if (k > best_kind || (k == best_kind && B->nodes[j].count > best_count)) {
				best = (long)j;
				best_kind = k;
				best_count = B->nodes[j].count;
			}
		}
		if (best >= 0)
			best_of[i] = (uint32_t)best;
	}
	/* two full spellings in one article meet in link_across's buckets,
	 * compared once for the dossier rather than once per article */
}

typedef struct article_job {
	const build *B;
	const px_strmap *family;
	uint32_t *best_of;
	size_t n0, n1; /* nodes [n0, n1), whole articles */
	int r;
} article_job;

static void *article_worker(void *p)
{
	article_job *j = p;
	const build *B = j->B;
	/* room for the largest article's names, each under all its classes */
	size_t most = 1;
	for (size_t a = j->n0; a < j->n1;) {
		size_t z = a;
		while (z < j->n1 && B->nodes[z].art == B->nodes[a].art)
			z++;
		if (z - a > most)
			most = z - a;
		a = z;
	}
	article_index X;
	X.list = px_malloc(most * NCLASS * sizeof *X.list);
	X.memo.key = px_malloc(((size_t)1 << PAIR_MEMO_BITS) * sizeof *X.memo.key);
	X.memo.kind = px_malloc((size_t)1 << PAIR_MEMO_BITS);
	if (!X.list || !X.memo.key || !X.memo.kind) {
		px_free(X.list);
		px_free(X.memo.key);
		px_free(X.memo.kind);
		j->r = -1;
		return NULL;
	}
	for (size_t k = 0; k < (size_t)1 << PAIR_MEMO_BITS; k++)
		X.memo.key[k] = UINT64_MAX;
	for (size_t a = j->n0; a < j->n1;) {
		size_t z = a;
		while (z < j->n1 && B->nodes[z].art == B->nodes[a].art)
			z++;
		if (!is_twin(B, B->nodes[a].art)) /* repeats: copied after */
			link_in_article(B, &X, a, z, j->family, j->best_of);
		a = z;
	}
	px_free(X.list);
	px_free(X.memo.key);
	px_free(X.memo.kind);
	j->r = 0;
	return NULL;
}

/* Articles are independent here: their choices are made on every core
 * and applied after, in article order (the same result on one core). */
static int link_articles(build *B, const px_strmap *family)
{
	size_t nn = B->nnodes;
	uint32_t *best_of = px_malloc((nn ? nn : 1) * sizeof *best_of);
	if (!best_of)
		return -1;
	size_t nt = detect_threads(B->d->narts);
	article_job job[DETECT_THREADS_MAX];
	/* as many nodes to link each, a repeated article's not counted: a
	 * dossier's repeats come late, and a share of them is little work */
	size_t work = 0;
	for (size_t i = 0; i < nn; i++)
		work += !is_twin(B, B->nodes[i].art);
	size_t n0 = 0, done = 0;
	for (size_t k = 0; k < nt; k++) {
		size_t n1 = n0;
		while (n1 < nn && (k + 1 == nt || done < work / nt * (k + 1) ||
		                   (n1 > 0 && B->nodes[n1].art == B->nodes[n1 - 1].art)))
			done += !is_twin(B, B->nodes[n1++].art); /* whole articles */
		job[k] = (article_job){B, family, best_of, n0, n1, 0};
		n0 = n1;
	}
	px_run_jobs(article_worker, job, sizeof *job, nt);
	int r = 0;
	for (size_t k = 0; k < nt; k++)
		if (job[k].r < 0)
			r = -1;
	if (r == 0 && B->twin) {
		/* a repeated article has its first copy's nodes, in the same
		 * order (same names, same counts): the same choices, shifted */
		uint32_t *art_n0 = px_malloc((B->d->narts ? B->d->narts : 1) * sizeof *art_n0);
		if (!art_n0)
			r = -1;
		for (size_t i = 0; r == 0 && i < nn; i++)
			if (i == 0 || B->nodes[i].art != B->nodes[i - 1].art)
				art_n0[B->nodes[i].art] = (uint32_t)i;
		for (size_t i = 0; r == 0 && i < nn; i++) {
			uint32_t art = B->nodes[i].art, t = B->twin[art];
			if (t == art)
				continue;
			uint32_t src = best_of[art_n0[t] + (i - art_n0[art])];
			best_of[i] = src == UINT32_MAX ? UINT32_MAX : src - art_n0[t] + art_n0[art];
		}
		px_free(art_n0);
	}
	for (size_t i = 0; i < nn && r == 0; i++)
		if (best_of[i] != UINT32_MAX)
			unite(B, (uint32_t)i, best_of[i], 0);
	px_free(best_of);
	return r;
}

/* The bucket key of a folded word: its first letter and the next two
 * consonants, so that vowel drift keeps variants in one bucket. */
static size_t skeleton_key(const char *w, char *out)
{
	size_t k = 0;
	for (size_t i = 0; w[i] && k < 3; i++) {
		char c = w[i];
		if (k > 0 && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'))
			continue;
		if (k > 0 && out[k - 1] == c)
			continue;
		out[k++] = c;
	}
	return k;
}

/* A name filed under a bucket: the bucket in the high half, the name in
 * the low, so that sorting the numbers sorts by bucket, then name. */
#define BUCKET_OF(x) ((uint32_t)((x) >> 32))
#define NAME_OF(x) ((uint32_t)(x))

enum { BUCKET_MAX = 400 };

/* The comparisons of link_across: entries e[i0, i1) each against the
 * later entries of its bucket, up to end[i]. */
typedef struct across_job {
	const build *B;
	const uint64_t *e;
	const uint32_t *root; /* per entry: its name's group before these links */
	const uint32_t *end;
	size_t i0, i1;
	uint64_t *pairs; /* the pairs that match (i << 32 | j), in order */
	size_t np, cap;
	int r;
} across_job;

static void *across_worker(void *p)
{
	across_job *j = p;
	const build *B = j->B;
	const uint64_t *e = j->e;
	j->r = 0;
	for (size_t i = j->i0; i < j->i1; i++)
		for (size_t k = i + 1; k < j->end[i]; k++) {
			/* a pair of one group already needs no compare: the
			 * groups only grow, so it would be one still when its
			 * turn came in the joins below */
			if (NAME_OF(e[i]) == NAME_OF(e[k]) || j->root[i] == j->root[k])
				continue;
			const nameinfo *x = &B->names[NAME_OF(e[i])], *y = &B->names[NAME_OF(e[k])];
			if (px_names_match(&x->p, &y->p, 0) != 2)
				continue;
			if (px_grow((void **)&j->pairs, &j->cap, j->np + 1, sizeof *j->pairs) < 0) {
				j->r = -1;
				return NULL;
			}
			j->pairs[j->np++] = (uint64_t)i << 32 | k;
		}
	return NULL;
}

enum { ACROSS_MIN_PAIRS = 256 };

/* Compare the names of each bucket of e (sorted, ne entries) pair by pair,
 * and join the groups of those that match, in (bucket, i, j) order. The
 * compares, most of the work, are shared among threads by ranges of
 * entries of about as many pairs each; the joins, whose order decides
 * which of them are refused (unite's check of the fullest names), are
 * made after, on one thread, in the order one thread would have made
 * them: a pair found matching is joined unless its groups are one by
 * then, as before. */
static int match_buckets(build *B, const uint64_t *e, size_t ne)
{
	if (ne > UINT32_MAX) /* (entries are numbered in 32 bits) */
		return -1;
	uint32_t *root = px_malloc(ne * sizeof *root);
	uint32_t *end = px_malloc(ne * sizeof *end);
	if (!root || !end) {
		px_free(root);
		px_free(end);
		return -1;
	}
	size_t total = 0;
	for (size_t a = 0; a < ne;) {
		size_t z = a;
		while (z < ne && BUCKET_OF(e[z]) == BUCKET_OF(e[a]))
			z++;
		size_t lim = z - a > BUCKET_MAX ? a + BUCKET_MAX : z;
		for (size_t i = a; i < z; i++) {
			end[i] = (uint32_t)(i < lim ? lim : i + 1); /* past lim: none */
			total += end[i] - i - 1;
		}
		a = z;
	}
	for (size_t i = 0; i < ne; i++)
		root[i] = find(B, B->names[NAME_OF(e[i])].first_node);
	size_t nt = px_threads_for(total, ACROSS_MIN_PAIRS, DETECT_THREADS_MAX);
	across_job job[DETECT_THREADS_MAX];
	size_t i = 0, acc = 0;
	for (size_t k = 0; k < nt; k++) {
		job[k] = (across_job){.B = B, .e = e, .root = root, .end = end, .i0 = i};
		size_t goal = total / nt * (k + 1);
		while (i < ne && (k + 1 == nt || acc < goal)) {
			acc += end[i] - i - 1;
			i++;
		}
		job[k].i1 = i;
	}
	px_run_jobs(across_worker, job, sizeof *job, nt);
	int r = 0;
	for (size_t k = 0; k < nt; k++) {
		if (job[k].r < 0)
			r = -1;
		for (size_t q = 0; r == 0 && q < job[k].np; q++) {
			uint32_t x = B->names[NAME_OF(e[job[k].pairs[q] >> 32])].first_node;
			uint32_t y = B->names[NAME_OF(e[(uint32_t)job[k].pairs[q]])].first_node;
			if (find(B, x) != find(B, y))
				unite(B, x, y, 1);
		}
		px_free(job[k].pairs);
	}
	px_free(root);
	px_free(end);
	return r;
}

/* Full names across articles: bucket each by its family name (people) or
 * each of its words (organisations), compare within buckets. */
static int link_across(build *B)
{
	px_strmap keys = {0};
	uint64_t *e = NULL;
	size_t ne = 0, ecap = 0;
	int r = 0;
	for (size_t i = 0; i < B->nnames && r == 0; i++) {
		const nameinfo *ni = &B->names[i];
		if (!ni->is_long || ni->gaz >= 0 || ni->first_node == UINT32_MAX)
			continue;
		for (size_t w = 0; w < ni->p.n && r == 0; w++) {
			if (ni->p.flags[w] & (PX_NAME_GENERIC | PX_NAME_INITIAL))
				continue;
			if (!ni->p.org && w + 1 != ni->p.n && w != 0)
				continue; /* people: family and given name */
			char key[4];
			size_t kl = skeleton_key(ni->p.w[w], key);
			int isnew;
			uint32_t *v = px_strmap_put(&keys, key, kl, &isnew);
			if (!v) {
				r = -1;
				break;
			}
			if (isnew)
				*v = (uint32_t)keys.n;
			if (px_grow((void **)&e, &ecap, ne + 1, sizeof *e) < 0) {
				r = -1;
				break;
			}
			e[ne] = (uint64_t)*v << 32 | (uint32_t)i;
			ne++;
		}
	}
	if (r == 0 && ne > 1) {
		sort_u64(e, ne);
		r = match_buckets(B, e, ne);
	}
	px_free(e);
	px_strmap_free(&keys);
	return r;
}

/* A lone word whose article has no fuller name: the dossier's actor with
 * that family name (or, failing that, given name), when there is one
 * clear candidate; otherwise all its lone mentions are one actor. */
typedef struct word_index {
	px_strmap map;  /* "f:" family / "g:" given / "o:" org word -> chain */
	uint32_t *head; /* per key: first group */
	size_t hcap;
	uint32_t *next; /* per node (a group's root): next group, same key */
	uint32_t *best; /* per key: the clear leader, once computed */
	px_sbuf key;
} word_index;

static int index_add(word_index *X, char tag, const char *w, uint32_t root)
{
	X->key.len = 0;
	if (px_sbuf_putc(&X->key, tag) < 0 || px_sbuf_putc(&X->key, ':') < 0 ||
	    px_sbuf_puts(&X->key, w) < 0)
		return -1;
	int isnew;
	uint32_t *v = px_strmap_put(&X->map, X->key.data, X->key.len, &isnew);
	if (!v)
		return -1;
	if (isnew) {
		*v = (uint32_t)X->map.n - 1;
		if (px_grow((void **)&X->head, &X->hcap, X->map.n, sizeof *X->head) < 0)
			return -1;
		X->head[*v] = UINT32_MAX;
	}
	X->next[root] = X->head[*v];
	X->head[*v] = root;
	return 0;
}

/* The heaviest group under key, if it outweighs the rest twice over;
 * *any is set when the key has groups at all. */
static uint32_t index_best(build *B, word_index *X, char tag, const char *w,
                           const uint32_t *weight, int *any)
{
	X->key.len = 0;
	*any = 0;
	if (px_sbuf_putc(&X->key, tag) < 0 || px_sbuf_putc(&X->key, ':') < 0 ||
	    px_sbuf_puts(&X->key, w) < 0)
		return UINT32_MAX;
	const uint32_t *v = px_strmap_get(&X->map, X->key.data, X->key.len);
	if (!v)
		return UINT32_MAX;
	*any = 1;
	/* computed once per key: the weights it compares are those of the
	 * full names, which lone words joining them hardly change */
	if (X->best[*v] != UINT32_MAX - 1)
		return X->best[*v];
	uint32_t best = UINT32_MAX, second = 0;
	for (uint32_t g = X->head[*v]; g != UINT32_MAX; g = X->next[g]) {
		uint32_t wg = weight[find(B, g)];
		if (best == UINT32_MAX || wg > weight[find(B, best)]) {
			if (best != UINT32_MAX)
				second = weight[find(B, best)];
			best = g;
		} else if (wg > second) {
			second = wg;
		}
	}
	/* namesakes (Bashar and Maher al-Assad) with no clear leader: no guess */
	X->best[*v] = (best != UINT32_MAX && weight[find(B, best)] >= 2 * second) ? best : UINT32_MAX;
	return X->best[*v];
}

static int link_orphans(build *B)
{
	word_index X;
	memset(&X, 0, sizeof X);
	int r = 0;
	size_t nn = B->nnodes ? B->nnodes : 1;
	X.next = px_malloc(nn * sizeof *X.next);
	uint32_t *weight = px_calloc(nn, sizeof *weight);
	uint32_t *target = px_malloc((B->nnames ? B->nnames : 1) * sizeof *target);
	uint32_t *orphan = px_malloc((B->nnames ? B->nnames : 1) * sizeof *orphan);
	/* per name: the group its lone word goes to, looked up once (the
	 * lookups answer the same for every node of a name: see index_best) */
	uint32_t *choice = px_malloc((B->nnames ? B->nnames : 1) * sizeof *choice);
	if (!X.next || !weight || !target || !orphan || !choice)
		r = -1;
	for (size_t i = 0; r == 0 && i < B->nnames; i++)
		choice[i] = UINT32_MAX - 1; /* not looked up yet */
	/* each group's weight, and the groups of full names by their words,
	 * in one pass over the nodes (index_add does not read the weights) */
	for (size_t i = 0; i < B->nnodes && r == 0; i++) {
		X.next[i] = UINT32_MAX;
		uint32_t root = find(B, (uint32_t)i);
		weight[root] += B->nodes[i].count;
		if (root != i)
			continue;
		const nameinfo *ni = &B->names[B->rep[root]];
		if (!ni->is_long || ni->gaz >= 0 || ni->p.n == 0)
			continue;
		if (ni->p.org) {
			/* organisations by their longest word: Naftan, Naftan OJSC */
			size_t wi = 0, bl = 0;
			for (size_t k = 0; k < ni->p.n; k++)
				if (!(ni->p.flags[k] & PX_NAME_GENERIC) && strlen(ni->p.w[k]) > bl) {
					bl = strlen(ni->p.w[k]);
					wi = k;
				}
			if (bl >= 6)
				r = index_add(&X, 'o', ni->p.w[wi], root);
			continue;
		}
		r = index_add(&X, 'f', ni->p.w[ni->p.n - 1], root);
		if (r == 0)
			r = index_add(&X, 'g', ni->p.w[0], root);
	}
	if (r == 0 && X.map.n) {
		X.best = px_malloc(X.map.n * sizeof *X.best);
		if (!X.best)
			r = -1;
		for (size_t k = 0; r == 0 && k < X.map.n; k++)
			X.best[k] = UINT32_MAX - 1;
	}
	for (size_t i = 0; i < B->nnodes && r == 0; i++) {
		uint32_t root = find(B, (uint32_t)i);
		const nameinfo *ni = &B->names[B->nodes[i].name];
		if (B->names[B->rep[root]].is_long || ni->gaz >= 0 || ni->p.n != 1)
			continue;
		uint32_t best = choice[B->nodes[i].name];
		if (best == UINT32_MAX - 1) {
			const char *w = ni->p.w[0];
			int any;
			best = index_best(B, &X, 'f', w, weight, &any);
			if (best == UINT32_MAX && !any) {
				int anyo;
				best = index_best(B, &X, 'o', w, weight, &anyo);
				/* a given name only when no one has it as a family name */
				if (best == UINT32_MAX && !anyo)
					best = index_best(B, &X, 'g', w, weight, &any);
			}
			choice[B->nodes[i].name] = best;
		}
		if (best != UINT32_MAX)
			unite(B, (uint32_t)i, best, 0);
	}
	/* what is left: a lone word goes where its other mentions went, if
	 * they all went to one fuller name, else its mentions are one actor */
	for (size_t i = 0; i < B->nnames && r == 0; i++)
		target[i] = orphan[i] = UINT32_MAX;
	for (size_t j = 0; j < B->nnodes && r == 0; j++) {
		uint32_t nm = B->nodes[j].name;
		if (B->names[nm].is_long || !B->names[B->rep[find(B, (uint32_t)j)]].is_long)
			continue;
		if (target[nm] == UINT32_MAX)
			target[nm] = (uint32_t)j;
		else if (target[nm] != UINT32_MAX - 1 && find(B, target[nm]) != find(B, (uint32_t)j))
			target[nm] = UINT32_MAX - 1; /* two different people */
	}
	for (size_t j = 0; j < B->nnodes && r == 0; j++) {
		uint32_t nm = B->nodes[j].name;
		if (B->names[nm].is_long || B->names[B->rep[find(B, (uint32_t)j)]].is_long)
			continue;
		if (target[nm] < UINT32_MAX - 1 && unite(B, (uint32_t)j, target[nm], 0))
			continue;
		if (orphan[nm] == UINT32_MAX)
			orphan[nm] = (uint32_t)j;
		else
			unite(B, orphan[nm], (uint32_t)j, 0);
	}
	px_free(weight);
	px_free(target);
	px_free(orphan);
	px_free(choice);
	px_free(X.head);
	px_free(X.next);
	px_free(X.best);
	px_sbuf_free(&X.key);
	px_strmap_free(&X.map);
	return r;
}

static int link_all(build *B)
{
	/* the gazetteer: one actor per entry */
	long *gz_first = NULL;
	if (B->lx->ngz) {
		gz_first = px_malloc(B->lx->ngz * sizeof *gz_first);
		if (!gz_first)
			return -1;
		for (size_t i = 0; i < B->lx->ngz; i++)
			gz_first[i] = -1;
	}
	for (size_t i = 0; i < B->nnodes; i++) {
		const nameinfo *ni = &B->names[B->nodes[i].name];
		if (ni->gaz >= 0) {
			if (gz_first[ni->gaz] < 0)
				gz_first[ni->gaz] = (long)i;
			else
				unite(B, (uint32_t)gz_first[ni->gaz], (uint32_t)i, 0);
		} else if (ni->is_long && ni->first_node != i) {
			unite(B, ni->first_node, (uint32_t)i, 0); /* one full name, one actor */
		}
	}
	px_free(gz_first);
	px_strmap family = {0};
	for (size_t i = 0; i < B->nnames; i++) {
		const nameinfo *ni = &B->names[i];
		if (ni->is_long && !ni->p.org && ni->gaz < 0 &&
		    !px_strmap_put(&family, ni->p.w[ni->p.n - 1], strlen(ni->p.w[ni->p.n - 1]), NULL)) {
			px_strmap_free(&family);
			return -1;
		}
	}
	int r = link_articles(B, &family);
	px_strmap_free(&family);
	if (r < 0)
		return -1;
	if (link_across(B) < 0)
		return -1;
	return link_orphans(B);
}

/* --- the result ------------------------------------------------------------------- */

static uint32_t id_of(const char *s)
{
	return px_strhash(s, strlen(s));
}

typedef struct group {
	uint32_t root, nm; /* the group's root node, its mentions */
} group;

static int cmp_variant(const void *x, const void *y)
{
	const px_variant *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->surface, b->surface);
}

static px_actor_kind decide_kind(const build *B, uint32_t root, const uint32_t *members,
                                 size_t nmem)
{
	const nameinfo *rep = &B->names[B->rep[root]];
	if (rep->gaz >= 0 && B->lx->gz[rep->gaz].kind >= 0)
		return (px_actor_kind)B->lx->gz[rep->gaz].kind;
	size_t person = 0, place = 0, org = 0, total = 0, longp = 0, caps = 0;
	for (size_t i = 0; i < nmem; i++) {
		const node *n = &B->nodes[members[i]];
		const nameinfo *ni = &B->names[n->name];
		total += n->count;
		if (ni->p.org && !ni->p.place)
			org += n->count;
		if (n->flags & PX_CAND_PERSON)
			person += n->count;
		if ((n->flags & PX_CAND_PLACE) || ni->p.place)
			place += n->count;
		if (ni->is_long && !ni->p.org)
			longp += n->count;
		if (ni->caps)
			caps += n->count;
		if (ni->gaz >= 0 && B->lx->gz[ni->gaz].kind >= 0)
			return (px_actor_kind)B->lx->gz[ni->gaz].kind;
	}
	if (org * 2 >= total && org)
		return PX_ACTOR_ORG;
	if (person && person >= place)
		return PX_ACTOR_PERSON;
	if (place * 3 >= total && place)
		return PX_ACTOR_PLACE;
	if (longp)
		return PX_ACTOR_PERSON;
	if (caps * 2 >= total)
		return PX_ACTOR_ORG;
	if (place)
		return PX_ACTOR_PLACE;
	return PX_ACTOR_OTHER;
}

static int cmp_group(const void *x, const void *y)
{
	const group *a = x, *b = y;
	if (a->nm != b->nm)
		return a->nm > b->nm ? -1 : 1;
	return a->root < b->root ? -1 : a->root > b->root;
}

/* The canonical name: the fullest spelling, the most frequent of those,
 * counting for each full name the lone mentions of its own family name
 * (Kadhimi x15 makes "Mustafa al-Kadhimi" win over "al-Kadhemi"). uniq is
 * scratch space for nmem names, mark one slot per name of the dossier, all
 * UINT32_MAX (and so again on return). Returns UINT32_MAX when memory ran
 * out. */
static uint32_t canonical(const build *B, const uint32_t *members, size_t nmem,
                          const uint32_t *cnt, uint32_t *uniq, uint32_t *mark)
{
	/* the distinct names, in any order: the choice below is a strict
	 * order on names (distinct texts), so the order they come in does
	 * not matter, and marking is cheaper than sorting a large group */
	size_t nu = 0;
	for (size_t i = 0; i < nmem; i++) {
		uint32_t nm = B->nodes[members[i]].name;
		if (mark[nm] == UINT32_MAX) {
			mark[nm] = 0;
			uniq[nu++] = nm;
		}
	}
	for (size_t i = 0; i < nu; i++)
		mark[uniq[i]] = UINT32_MAX;
	/* (only a group with both lone words and full names needs their
	 * counts: most groups are one name, and skip the map) */
	size_t nshort = 0, nfull = 0;
	for (size_t i = 0; i < nu; i++) {
		const nameinfo *ni = &B->names[uniq[i]];
		nshort += ni->p.ncontent == 1 && !ni->is_long;
		nfull += ni->p.ncontent >= 2;
	}
	px_strmap shorts = {0};
	for (size_t i = 0; i < nu && nshort && nfull; i++) {
		const nameinfo *ni = &B->names[uniq[i]];
		if (ni->p.ncontent == 1 && !ni->is_long) {
			uint32_t *v = px_strmap_put(&shorts, ni->s, ni->len, NULL);
			if (!v) {
				px_strmap_free(&shorts);
				return UINT32_MAX;
			}
			*v += cnt[uniq[i]];
		}
	}
	uint32_t best = uniq[0];
	size_t best_words = 0;
	uint64_t best_support = 0;
	for (size_t i = 0; i < nu; i++) {
		uint32_t nm = uniq[i];
		const nameinfo *ni = &B->names[nm];
		size_t words = ni->p.ncontent >= 2 ? 2 : ni->p.ncontent;
		uint64_t support = cnt[nm];
		if (words >= 2 && shorts.n) {
			size_t t = ni->len;
			while (t > 0 && ni->s[t - 1] != ' ' && ni->s[t - 1] != '-')
				t--;
			const uint32_t *v = px_strmap_get(&shorts, ni->s + t, ni->len - t);
			if (v)
				support += *v;
		}
		const nameinfo *bi = &B->names[best];
		int better;
		if (words != best_words)
			better = words > best_words;
		else if (support != best_support)
			better = support > best_support;
		else if (cnt[nm] != cnt[best])
			better = cnt[nm] > cnt[best];
		else if (ni->p.ncontent != bi->p.ncontent)
			better = ni->p.ncontent > bi->p.ncontent;
		else if (ni->len != bi->len)
			better = ni->len > bi->len;
		else
			better = memcmp(ni->s, bi->s, ni->len) < 0;
		if (i == 0 || better) {
			best = nm;
			best_words = words;
			best_support = support;
		}
	}
	px_strmap_free(&shorts);
	return best;
}

/* What finish works out for groups [g0, g1) on one thread: each one's
 * actor (kind, variants, sources; at slot_of[gi] of A) and the text of
 * its name, before equal names are told apart (bname, blen). Groups are
 * independent: each thread has its own scratch (uniq for the largest
 * group's names, vslot one slot per name of the dossier, all UINT32_MAX
 * between groups). */
typedef struct group_job {
	const build *B; /* read only */
	px_actors *A;
	const group *g;
	const uint32_t *gstart, *order, *slot_of, *cnt;
	const char **bname;
	uint32_t *blen;
	size_t g0, g1, most;
	uint32_t *uniq, *vslot; /* NULL: allocated here */
	int r;
} group_job;

static void *group_worker(void *p)
{
	group_job *j = p;
	const build *B = j->B;
	j->r = -1;
	if (!j->uniq && j->g0 < j->g1) {
		j->uniq = px_malloc(j->most * sizeof *j->uniq);
		j->vslot = px_malloc((B->nnames ? B->nnames : 1) * sizeof *j->vslot);
		if (!j->uniq || !j->vslot)
			return NULL;
		for (size_t i = 0; i < B->nnames; i++)
			j->vslot[i] = UINT32_MAX;
	}
	uint32_t *vslot = j->vslot;
	for (size_t gi = j->g0; gi < j->g1; gi++) {
		px_actor *act = &j->A->v[j->slot_of[gi]];
		const uint32_t *mem = j->order + j->gstart[gi];
		size_t nmem = j->gstart[gi + 1] - j->gstart[gi];
		uint32_t root = j->g[gi].root;
		const nameinfo *rep = &B->names[B->rep[root]];
		if (rep->gaz >= 0) {
			j->bname[gi] = B->lx->gz[rep->gaz].name;
			j->blen[gi] = (uint32_t)strlen(j->bname[gi]);
		} else {
			uint32_t cn = canonical(B, mem, nmem, j->cnt, j->uniq, vslot);
			if (cn == UINT32_MAX)
				return NULL;
			j->bname[gi] = B->names[cn].s;
			j->blen[gi] = B->names[cn].len;
		}
		act->kind = decide_kind(B, root, mem, nmem);
		/* variants: one per distinct name */
		act->variants = px_calloc(nmem, sizeof *act->variants);
		if (!act->variants)
			return NULL;
		/* (names are distinct texts: vslot finds a name's variant
		 * without comparing strings, and is emptied again after) */
		int ok = 1;
		for (size_t k = 0; k < nmem && ok; k++) {
			const node *n = &B->nodes[mem[k]];
			uint32_t v = vslot[n->name];
			if (v == UINT32_MAX) {
				v = (uint32_t)act->nvariants;
				act->variants[v].surface = px_strndup(B->names[n->name].s,
				                                      B->names[n->name].len);
				if (!act->variants[v].surface) {
					ok = 0;
					break;
				}
				vslot[n->name] = v;
				act->nvariants++;
			}
			act->variants[v].count += n->count;
		}
		for (size_t k = 0; k < nmem; k++)
			vslot[B->nodes[mem[k]].name] = UINT32_MAX;
		if (!ok)
			return NULL;
		size_t vcap = nmem; /* as allocated: most groups have fewer names than nodes */
		shrink((void **)&act->variants, &vcap, act->nvariants, sizeof *act->variants);
		if (act->nvariants > 1) /* (most actors have one spelling) */
			qsort(act->variants, act->nvariants, sizeof *act->variants, cmp_variant);
		/* sources: articles (nodes are sorted by article) */
		uint32_t last = UINT32_MAX;
		for (size_t k = 0; k < nmem; k++) {
			uint32_t art = B->nodes[mem[k]].art;
			if (art != last)
				act->nsources++;
			last = art;
		}
	}
	j->r = 0;
	return NULL;
}

enum { GROUP_MIN = 64, GROUP_COST = 40 };

static int finish(build *B, px_actors **out)
{
	actors_priv *P = px_calloc(1, sizeof *P);
	if (!P)
		return -1;
	px_actors *A = &P->pub;
	*out = A;
	size_t nn = B->nnodes;
	/* groups: nodes by root, numbered as they first come; gix has each
	 * node's group. The arrays of groups are sized once they are counted:
	 * a dossier has many nodes per group */
	uint32_t *gix = px_malloc((nn ? nn : 1) * sizeof *gix);
	uint32_t *order = px_malloc((nn ? nn : 1) * sizeof *order);
	uint32_t *cnt = px_calloc(B->nnames ? B->nnames : 1, sizeof *cnt);
	uint32_t *vslot = px_malloc((B->nnames ? B->nnames : 1) * sizeof *vslot);
	group *g = NULL;
	uint32_t *gstart = NULL, *uniq = NULL, *blen = NULL;
	const char **bname = NULL;
	px_strmap canon = {0};
	int r = -1;
	if (!gix || !order || !cnt || !vslot)
		goto out;
	for (size_t i = 0; i < B->nnames; i++)
		vslot[i] = UINT32_MAX;
	size_t ng = 0;
	for (size_t i = 0; i < nn; i++)
		gix[i] = UINT32_MAX;
	for (size_t i = 0; i < nn; i++) {
		uint32_t root = find(B, (uint32_t)i);
		if (gix[root] == UINT32_MAX)
			gix[root] = (uint32_t)ng++;
		gix[i] = gix[root];
	}
	g = px_calloc(ng ? ng : 1, sizeof *g);
	gstart = px_calloc(ng + 1, sizeof *gstart);
	if (!g || !gstart)
		goto out;
	for (size_t i = 0; i < nn; i++) {
		uint32_t root = find(B, (uint32_t)i);
		if (root == i)
			g[gix[i]].root = root;
		g[gix[i]].nm += B->nodes[i].count;
		gstart[gix[i] + 1]++;
	}
	px_free(B->parent); /* the groups are known: no find() from here on */
	B->parent = NULL;
	size_t most = 1; /* the largest group's nodes */
	for (size_t i = 0; i < ng; i++) {
		if (gstart[i + 1] > most)
			most = gstart[i + 1];
		gstart[i + 1] += gstart[i];
	}
	uniq = px_malloc(most * sizeof *uniq);
	if (!uniq)
		goto out;
	{
		uint32_t *fill = px_malloc((ng ? ng : 1) * sizeof *fill);
		if (!fill)
			goto out;
		memcpy(fill, gstart, (ng ? ng : 1) * sizeof *fill);
		for (size_t i = 0; i < nn; i++)
			order[fill[gix[i]]++] = (uint32_t)i;
		px_free(fill);
	}
	/* the result's actor order: most mentioned first */
	uint32_t *slot_of = px_malloc((ng ? ng : 1) * sizeof *slot_of);
	group *sorted = px_malloc((ng ? ng : 1) * sizeof *sorted);
	if (!slot_of || !sorted) {
		px_free(slot_of);
		px_free(sorted);
		goto out;
	}
	memcpy(sorted, g, ng * sizeof *g);
	qsort(sorted, ng, sizeof *sorted, cmp_group);
	for (size_t i = 0; i < ng; i++)
		slot_of[gix[sorted[i].root]] = (uint32_t)i;
	px_free(sorted);
	A->v = px_calloc(ng ? ng : 1, sizeof *A->v);
	if (!A->v) {
		px_free(slot_of);
		goto out;
	}
	A->n = ng;
	for (size_t i = 0; i < nn; i++) /* each name's mentions */
		cnt[B->nodes[i].name] += B->nodes[i].count;
	/* each group's actor but its name, on every core; its name's text
	 * (bname, blen) is made the actor's after, in group order, where
	 * equal names are kept apart */
	bname = px_malloc((ng ? ng : 1) * sizeof *bname);
	blen = px_malloc((ng ? ng : 1) * sizeof *blen);
	if (!bname || !blen) {
		px_free(slot_of);
		goto out;
	}
	{
		size_t nt = px_threads_for(ng, GROUP_MIN, DETECT_THREADS_MAX);
		group_job job[DETECT_THREADS_MAX];
		size_t g0 = 0;
		int failed = 0;
		for (size_t k = 0; k < nt; k++) {
			/* about as much work each: a group costs about as much as
			 * GROUP_COST nodes (its allocations), and each node */
			size_t g1 = g0;
			size_t goal = (nn + ng * GROUP_COST) / nt * (k + 1);
			while (g1 < ng && (k + 1 == nt || gstart[g1] + g1 * GROUP_COST < goal))
				g1++;
			job[k] = (group_job){.B = B, .A = A, .g = g, .gstart = gstart, .order = order,
			                     .slot_of = slot_of, .cnt = cnt, .bname = bname,
			                     .blen = blen, .g0 = g0, .g1 = g1, .most = most};
			/* the first thread has this function's scratch */
			if (k == 0) {
				job[k].uniq = uniq;
				job[k].vslot = vslot;
			}
			g0 = g1;
		}
		px_run_jobs(group_worker, job, sizeof *job, nt);
		for (size_t k = 0; k < nt; k++) {
			if (job[k].r < 0)
				failed = 1;
			if (k > 0) {
				px_free(job[k].uniq);
				px_free(job[k].vslot);
			}
		}
		if (failed) {
			px_free(slot_of);
			goto out;
		}
	}
	for (size_t gi = 0; gi < ng; gi++) {
		px_actor *act = &A->v[slot_of[gi]];
		px_sbuf name = PX_SBUF_INIT;
		int ok = px_sbuf_append(&name, bname[gi], blen[gi]) == 0;
		/* equal names are one actor in the output: keep them apart */
		size_t bl = name.len;
		for (int k = 2; ok; k++) {
			int isnew;
			if (!px_strmap_put(&canon, name.data, name.len, &isnew)) {
				ok = 0;
				break;
			}
			if (isnew)
				break;
			name.len = bl;
			ok = px_sbuf_printf(&name, " (%d)", k) == 0;
		}
		if (!ok) {
			px_sbuf_free(&name);
			px_free(slot_of);
			goto out;
		}
		act->name = px_sbuf_detach(&name, NULL);
		act->id = id_of(act->name);
	}
	/* mentions in reading order (as they came, when make_nodes could
	 * leave them so) */
	if (B->nm > 1 && !B->reading_order)
		qsort(B->m, B->nm, sizeof *B->m, cmp_doc_start);
	/* each node's actor, found once rather than once per mention (order
	 * is free again: it held the groups' members) */
	for (size_t i = 0; i < nn; i++)
		order[i] = slot_of[gix[i]];
	/* what is left needs only that: the nodes and groups go before the
	 * result's last arrays come, so that the two do not add up */
	px_free(gix);
	gix = NULL;
	px_free(B->nodes);
	px_free(B->rep);
	B->nodes = NULL;
	B->rep = NULL;
	/* each actor's mentions: room for its group's, of which a few may
	 * overlap others and be left out */
	for (size_t gi = 0; gi < ng; gi++) {
		px_actor *act = &A->v[slot_of[gi]];
		act->mentions = px_malloc((g[gi].nm ? g[gi].nm : 1) * sizeof *act->mentions);
		if (!act->mentions) {
			px_free(slot_of);
			goto out;
		}
	}
	P->rank = px_calloc(B->nm ? B->nm : 1, sizeof *P->rank);
	if (!P->rank) {
		px_free(slot_of);
		goto out;
	}
	/* the result's mentions are written over the build's, which are read
	 * ahead of them (a px_mention is no larger: the k-th written ends
	 * before the i-th read starts, k <= i); copies through memcpy, as the
	 * two types share the bytes */
	_Static_assert(sizeof(px_mention) <= sizeof(fmention), "mentions made in place");
	char *buf = (char *)B->m;
	size_t k = 0;
	px_mention prev = {0};
	for (size_t i = 0; i < B->nm; i++) {
		fmention m;
		memcpy(&m, buf + i * sizeof m, sizeof m);
		/* overlapping candidates (a heading word twice) keep the first */
		if (k && prev.doc == m.doc && m.start < prev.end)
			continue;
		px_mention o = {m.doc, m.art, m.start, m.end, order[m.node]};
		memcpy(buf + k * sizeof o, &o, sizeof o);
		prev = o;
		px_actor *act = &A->v[o.actor];
		P->rank[k] = (uint32_t)act->nmentions;
		act->mentions[act->nmentions++] = (uint32_t)k;
		k++;
	}
	/* the build's array is the result's now */
	size_t mcap = B->mcap * sizeof *B->m / sizeof *A->m;
	A->m = (px_mention *)(void *)B->m;
	B->m = NULL;
	B->nm = B->mcap = 0;
	shrink((void **)&A->m, &mcap, k, sizeof *A->m);
	A->nm = k;
	if (!A->m && !(A->m = px_calloc(1, sizeof *A->m))) { /* never NULL, as before */
		px_free(slot_of);
		goto out;
	}
	px_free(slot_of);
	r = 0;
out:
	px_free(gix);
	px_free(order);
	px_free(cnt);
	px_free(vslot);
	px_free(g);
	px_free(gstart);
	px_free(uniq);
	px_free(bname);
	px_free(blen);
	px_strmap_free(&canon);
	return r;
}

static void build_free(build *B)
{
	px_free(B->m);
	for (size_t i = 0; i < B->nnames; i++)
		px_name_free(&B->names[i].p);
	px_free(B->names);
	px_free(B->nodes);
	px_free(B->parent);
	px_free(B->rep);
	px_free(B->twin);
	px_sbuf_free(&B->tmp);
}

px_status px_actors_build(const px_dossier *d, const px_lexicon *lx,
                          px_actors **out, px_error *err)
{
	*out = NULL;
	if (!lx)
		return px_error_set(err, PX_ERR_INVALID, "no lexicon");
	build B;
	memset(&B, 0, sizeof B);
	B.d = d;
	B.lx = lx;
	int r = find_twins(&B);
	if (r == 0)
		r = detect_all(&B);
	if (r == 0)
		r = parse_names(&B);
	if (r == 0)
		r = expand_twins(&B);
	if (r == 0)
		r = make_nodes(&B);
	if (r == 0)
		r = link_all(&B);
	px_actors *A = NULL;
	if (r == 0 && finish(&B, &A) < 0)
		r = -1;
	build_free(&B);
	if (r < 0) {
		px_actors_free(A);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	*out = A;
	return PX_OK;
}

void px_actors_free(px_actors *a)
{
	if (!a)
		return;
	actors_priv *P = (actors_priv *)a;
	for (size_t i = 0; i < a->n; i++) {
		px_free(a->v[i].name);
		px_free(a->v[i].mentions);
		for (size_t k = 0; k < a->v[i].nvariants; k++)
			px_free(a->v[i].variants[k].surface);
		px_free(a->v[i].variants);
	}
	px_free(a->v);
	px_free(a->m);
	px_free(P->rank);
	px_free(P);
}

/* --- queries ------------------------------------------------------------------------ */

/* The first mention of doc whose end is after pos (or the first of a later doc). */
static size_t lower_bound(const px_actors *a, size_t doc, size_t pos)
{
	size_t lo = 0, hi = a->nm;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const px_mention *m = &a->m[mid];
		if (m->doc < doc || (m->doc == doc && m->end <= pos))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long px_actors_mention_at(const px_actors *a, size_t doc, size_t pos)
{
	if (!a)
		return -1;
	size_t i = lower_bound(a, doc, pos);
	if (i < a->nm && a->m[i].doc == doc && a->m[i].start <= pos && pos < a->m[i].end)
		return (long)i;
	return -1;
}

long px_actors_mention_near(const px_actors *a, size_t doc, size_t pos, int dir)
{
	if (!a)
		return -1;
	if (dir > 0) {
		size_t i = lower_bound(a, doc, pos);
		while (i < a->nm && a->m[i].doc == doc && a->m[i].start < pos)
			i++;
		return (i < a->nm && a->m[i].doc == doc) ? (long)i : -1;
	}
	/* the last mention of doc ending at or before pos */
	size_t i = lower_bound(a, doc, pos);
	while (i > 0) {
		const px_mention *m = &a->m[i - 1];
		if (m->doc != doc)
			return -1;
		if (m->end <= pos)
			return (long)(i - 1);
		i--;
	}
	return -1;
}

long px_actors_next(const px_actors *a, size_t from, int dir)
{
	if (!a || from >= a->nm)
		return -1;
	const actors_priv *P = (const actors_priv *)a;
	const px_actor *act = &a->v[a->m[from].actor];
	size_t r = P->rank[from];
	if (dir > 0)
		return r + 1 < act->nmentions ? (long)act->mentions[r + 1] : -1;
	return r > 0 ? (long)act->mentions[r - 1] : -1;
}

long px_actors_next_source(const px_actors *a, size_t from, int dir)
{
	if (!a || from >= a->nm)
		return -1;
	const actors_priv *P = (const actors_priv *)a;
	const px_actor *act = &a->v[a->m[from].actor];
	uint32_t art = a->m[from].art;
	size_t r = P->rank[from];
	if (dir > 0) {
		for (size_t k = r + 1; k < act->nmentions; k++)
			if (a->m[act->mentions[k]].art != art)
				return (long)act->mentions[k];
		return -1;
	}
	size_t k = r;
	while (k > 0 && a->m[act->mentions[k - 1]].art == art)
		k--;
	if (k == 0)
		return -1;
	uint32_t prev = a->m[act->mentions[k - 1]].art;
	k--;
	while (k > 0 && a->m[act->mentions[k - 1]].art == prev)
		k--;
	return (long)act->mentions[k];
}

size_t px_actors_count_in(const px_actors *a, uint32_t actor, size_t art)
{
	if (!a || actor >= a->n)
		return 0;
	const px_actor *act = &a->v[actor];
	/* the actor's mentions are in reading order, hence by article */
	size_t lo = 0, hi = act->nmentions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->m[act->mentions[mid]].art < art)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < act->nmentions && a->m[act->mentions[lo + n]].art == art)
		n++;
	return n;
}
