/* rules.c - load, check and combine the reader-mode rules; stop words.
 *
 * Every rule is first compiled alone, to report a bad pattern at its own
 * file:line and to try it on a few subjects built to make nested
 * quantifiers explode: a rule that hits the match limit there would stall
 * on real text too, so it is reported and skipped. The survivors are then
 * joined into a few alternations, each branch ending in (*MARK:i) so that
 * one match says which rule fired; these are ANCHORED, so a body
 * paragraph usually fails on its first few bytes, and JIT-compiled on
 * first use (below, "group_jit"). The rules
 * tried on every block (floating, tail, wide) are gated by a keyword
 * prefilter (below, "keywords"). */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include <config.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>

#include "parallax/alloc.h"
#include "parallax/rules.h"
#include "parallax/sbuf.h"
#include "rules_cache.h"

/* Rules per combined pattern: large enough that a block costs a handful of
 * matches, small enough that one bad join costs little to redo. */
#define GROUP_RULES 96
/* A rule whose first byte may fall in more classes than this is "wide". */
#define WIDE_CLASSES 4
#define MATCH_LIMIT 200000
#define DEPTH_LIMIT 2000
/* On the probe subjects a sane anchored rule needs a few hundred steps. */
#define PROBE_LIMIT 20000

typedef struct rule {
	char *name;      /* owned */
	char *where;     /* "file:line", owned */
	char *pattern;   /* owned */
	px_label label;
	int alone;       /* cannot be joined (numbered back references) */
	int floating;    /* "~": tried at each of the block's words */
	int shortonly;   /* "<": only for blocks of PX_RULES_SHORT_WORDS words or fewer */
	int tail;        /* ">": floating, over the block's last PX_RULES_TAIL_BYTES */
	int ends;        /* "!": the article ends before a block it names */
	uint8_t first[32]; /* bytes a match can start with (a bitmap) */
	/* Keyword prefilter (see "keywords" below): the rule can only match a
	 * block holding, for each of its nreq requirements, one of that
	 * requirement's strings (ASCII case aside); req[] are their ids. */
	uint16_t req[3];
	uint8_t nreq;
	/* An anchored wide rule whose matches all begin with one of a few
	 * strings (its menu words, its month names): bit pre_bit of
	 * pre_scan's answer says whether the block begins so; NO_PRE: none. */
	uint8_t pre_bit;
} rule;

#define NO_PRE 0xFF
/* In a prefix string: "then a character outside ASCII". A block that has
 * one there makes pre_scan give up (every rule may match), so the string
 * ends in the trie before it. (0xFF is in no UTF-8 text.) */
#define PRE_OTHER "\xFF"
#define PRE_RULES 64      /* rules with a prefix set (bits of a word) */
#define PRE_NODES 65536   /* trie nodes at most; beyond, no prefix test */

typedef struct group {
	pcre2_code *code;
	int floating;    /* a group of "~" rules */
	int single;      /* the rule index when the group is one unmarked rule, else -1 */
	int kw;          /* a rule alone whose keywords gate the group, else -1 */
	int same;        /* the group whose code this one uses (the same rule alone in
	                  * the other table), else -1: code is its own */
	atomic_int jit;  /* JIT_*: whether code was JIT-compiled yet */
} group;

/* A group is JIT-compiled the first time a block tries it: most of the
 * cost of loading the rules was compiling every group (a one-file dossier
 * tries few of them; keyword-gated groups may never run). Every match
 * still goes through the JIT where there is one, as if compiled at load:
 * the interpreter counts the match limit otherwise, and a block's label
 * must not depend on which thread met a group first. */
enum { JIT_NOT_YET, JIT_READY, JIT_NONE };
#define JIT_LOCKS 16

typedef struct sw_entry {
	char *word;      /* owned, lower case; NULL if the slot is free */
	uint64_t key8;   /* a word of 8 bytes or fewer: them, zero padded */
	uint32_t len;    /* bytes of word */
	uint32_t mask;
} sw_entry;

/* Which groups a block tries: anchored groups by the block's first byte
 * (only the rules that can start with it), then the wide ones (that can
 * start with almost anything), then the floating ones. */
typedef struct table {
	uint32_t bucket_first[256], bucket_count[256];
	uint32_t wide_first, wide_count;
	uint32_t tail_first, tail_count;
	uint32_t float_first, float_count;
} table;

/* The keyword prefilter: an Aho-Corasick automaton over the requirement
 * strings of every rule (ASCII letters folded), run once over a block;
 * each state says which requirements a string ending there satisfies. */
typedef struct kwac {
	uint8_t cls[256];   /* byte -> input class; 0: in no keyword */
	uint32_t nclass, nstates; /* nclass: a power of two, 1 << shift */
	uint32_t shift;
	uint16_t *next;     /* [state * nclass + class]: the next state */
	uint32_t first_out; /* states from here on meet requirements: */
	uint64_t *masks;    /* [state - first_out]: their ids (bit nreqs: poison) */
	size_t words;       /* uint64_t per mask */
	uint32_t nreqs;     /* requirement ids handed out */
	uint32_t maxlen;    /* bytes of the longest keyword */
} kwac;

/* The strings the anchored wide rules' matches begin with, in a trie
 * walked from a block's first byte: a block that begins with none of a
 * rule's strings cannot match it. */
typedef struct pretrie {
	uint8_t cls[256];   /* byte -> input class (a letter's two cases alike); 0: none */
	uint32_t ncls;
	uint32_t nnodes;    /* node 0 is the root */
	uint32_t *next;     /* [node * ncls + class]: the child; 0: none */
	uint64_t *ends;     /* [node]: bits of the rules a string of ends here */
	uint32_t maxlen;    /* bytes of the longest string */
} pretrie;

struct px_rules {
	rule *rules;
	size_t nrules, rules_cap;
	group *groups;
	size_t ngroups, groups_cap;
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	/* JIT_LOCKS locks, group g's is [g % JIT_LOCKS]: held while it is
	 * JIT-compiled (two threads may compile two groups at once) */
	pthread_mutex_t *jit_lock;
	uint32_t max_capture;   /* ovector pairs a matcher needs */
	int *alone_group;       /* while building: rule -> its group alone, or -1 */
	sw_entry *sw;
	size_t sw_cap, sw_n;    /* cap is a power of two */
	size_t sw_maxlen;       /* bytes of the longest stop word */
	/* The same words of up to 16 bytes as two 64-bit keys each (bytes
	 * zero padded: no word holds a 0 byte, so the keys give the length),
	 * in a table of their own that a lookup reads one array of: the
	 * first keys (most words are 8 bytes or fewer); the second keys and
	 * the masks are read only on a match of the first. NULL: none. */
	uint64_t *fk0, *fk1;
	uint32_t *fmask;
	size_t fcap;            /* a power of two */
	unsigned fshift;        /* 64 - log2(fcap) */
	char *langs[PX_RULES_MAX_LANGS];
	size_t nlangs;
	/* [0] every rule, for short blocks; [1] the rules for any block */
	table tabs[2];
	kwac ac;                /* the keyword prefilter's automaton */
	kwac ac_tail;           /* the same for the tail rules alone */
	pretrie pt;             /* the prefix sets of the wide rules */
};

struct px_rules_matcher {
	pcre2_match_data *md;
	/* the requirements seen in the block being matched: before the
	 * tail (pre) and in it (post), one bit per requirement id */
	uint64_t *pre, *post; /* post: then pre | post, once scanned */
	size_t words;
};

static void *gc_malloc(size_t n, void *ctx)
{
	(void)ctx;
	return px_malloc(n);
}

static void gc_free(void *p, void *ctx)
{
	(void)ctx;
	px_free(p);
}

typedef struct loader {
	px_rules *r;
	px_rules_diag_fn diag;
	void *ctx;
	int nomem;
	px_rcache *cache; /* what earlier runs learnt of the patterns; may be NULL */
} loader;

static void report(loader *L, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#include <stdarg.h>
static void report(loader *L, const char *fmt, ...)
{
	char buf[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (L->diag)
		L->diag(L->ctx, buf);
}

/* ---- stop words ---------------------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Lower-case w into buf (ASCII by hand, the rest through libunistring).
 * Returns the length, or 0 when the word does not fit (no stop word is
 * that long). */
static size_t lower_word(const char *w, size_t n, char *buf, size_t cap)
{
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii) {
		if (n >= cap)
			return 0;
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
		return n;
	}
	/* Latin-1 letters, symbols and general punctuation (été, Québec,
	 * Iraq’s): their lower case is a byte away or themselves, as
	 * u8_tolower would say, at a fraction of its cost; anything else
	 * takes it */
	if (n < cap) {
		const unsigned char *u = (const unsigned char *)w;
		size_t i = 0;
		while (i < n) {
			unsigned char c = u[i];
			if (c < 0x80) {
				buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
				i++;
			} else if ((c == 0xC2 || c == 0xC3) && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
				unsigned char d = u[i + 1];
				buf[i] = (char)c;
				/* U+00C0..U+00DE but the multiplication sign */
				buf[i + 1] = (char)(c == 0xC3 && d <= 0x9E && d != 0x97 ? d + 0x20 : d);
				i += 2;
			} else if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
				memcpy(buf + i, u + i, 3); /* U+2000..U+203F: no case */
				i += 3;
			} else {
				break;
			}
		}
		if (i == n)
			return n;
	}
	size_t len = cap;
	uint8_t *res = u8_tolower((const uint8_t *)w, n, NULL, NULL, (uint8_t *)buf, &len);
	if (!res)
		return 0;
	if (res != (uint8_t *)buf) { /* did not fit: libunistring allocated */
		free(res);
		return 0;
	}
	return len < cap ? len : 0;
}

/* Most words are short: those of 8 bytes or fewer are looked up as one
 * 64-bit key (their bytes, zero padded), hashed and compared at once. */
static uint64_t key8_hash(uint64_t key, size_t n)
{
	uint64_t h = (key ^ ((uint64_t)n << 59)) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 31);
}

static sw_entry *sw_probe8(const px_rules *r, uint64_t key, size_t n)
{
	size_t mask = r->sw_cap - 1;
	for (size_t i = (size_t)key8_hash(key, n) & mask;; i = (i + 1) & mask) {
		sw_entry *e = &r->sw[i];
		if (!e->word || (e->len == n && e->key8 == key))
			return e;
	}
}

/* The slot of the lower-case word w[0..n): its entry, or the free slot
 * where it would go. */
static sw_entry *sw_slot(const px_rules *r, const char *w, size_t n)
{
	if (n <= 8) {
		uint64_t key = 0;
		memcpy(&key, w, n);
		return sw_probe8(r, key, n);
	}
	size_t mask = r->sw_cap - 1;
	for (size_t i = (size_t)hash_bytes(w, n) & mask;; i = (i + 1) & mask) {
		sw_entry *e = &r->sw[i];
		if (!e->word || (e->len == n && !memcmp(e->word, w, n)))
			return e;
	}
}

static int sw_add(px_rules *r, const char *w, size_t n, size_t lang)
{
	if ((r->sw_n + 1) * 2 > r->sw_cap) {
		size_t ncap = r->sw_cap ? r->sw_cap * 2 : 512;
		sw_entry *old = r->sw;
		size_t ocap = r->sw_cap;
		sw_entry *nw = px_calloc_dense(ncap, sizeof *nw);
		if (!nw)
			return -1;
		r->sw = nw;
		r->sw_cap = ncap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].word)
				*sw_slot(r, old[i].word, old[i].len) = old[i];
		px_free(old);
	}
	char buf[64];
	size_t len = lower_word(w, n, buf, sizeof buf);
	if (!len)
		return 0;
	sw_entry *e = sw_slot(r, buf, len);
	if (!e->word) {
		e->word = px_strndup(buf, len);
		if (!e->word)
			return -1;
		e->len = (uint32_t)len;
		e->key8 = 0;
		if (len <= 8)
			memcpy(&e->key8, buf, len);
		r->sw_n++;
	}
	e->mask |= 1u << lang;
	if (len > r->sw_maxlen)
		r->sw_maxlen = len;
	return 0;
}

/* The n bytes at w (1 <= n <= 8) as a key, zero padded, reading no byte
 * outside them: two overlapping loads instead of a copy byte by byte. */
static uint64_t load_key(const char *w, size_t n)
{
	if (n >= 4) {
		uint32_t lo, hi;
		memcpy(&lo, w, 4);
		memcpy(&hi, w + n - 4, 4);
		/* the overlap holds the same bytes in both: or-ing them is safe */
		return (uint64_t)lo | (uint64_t)hi << (8 * (n - 4));
	}
	const unsigned char *u = (const unsigned char *)w;
	return (uint64_t)u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) |
	       (uint64_t)u[n - 1] << (8 * (n - 1));
}

/* ASCII capitals of a key to lower case; bytes from 0x80 up are left be
 * (the callers only fold keys without them). */
static uint64_t fold_key(uint64_t key)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t ge_a = key + (0x80 - 'A') * ones, gt_z = key + (0x80 - 'Z' - 1) * ones;
	return key | (ge_a & ~gt_z & (0x80 * ones)) >> 2;
}

static size_t fast_hash(const px_rules *r, uint64_t k0, uint64_t k1)
{
	return (size_t)(((k0 ^ (k1 * 0xC2B2AE3D27D4EB4FULL)) * 0x9E3779B97F4A7C15ULL) >> r->fshift);
}

/* The fast table, from the general one (once every list is in). Without
 * memory for it lookups take the general way: slower, same answers. */
static void sw_build_fast(px_rules *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->sw_cap; i++)
		n += r->sw[i].word && r->sw[i].len <= 16;
	size_t cap = 64;
	while (cap < 2 * n)
		cap *= 2;
	unsigned bits = 0;
	while (((size_t)1 << bits) < cap)
		bits++;
	r->fk0 = px_calloc_dense(cap, sizeof *r->fk0);
	r->fk1 = px_calloc_dense(cap, sizeof *r->fk1);
	r->fmask = px_calloc_dense(cap, sizeof *r->fmask);
	if (!r->fk0 || !r->fk1 || !r->fmask) {
		px_free(r->fk0);
		px_free(r->fk1);
		px_free(r->fmask);
		r->fk0 = r->fk1 = NULL;
		r->fmask = NULL;
		return;
	}
	r->fcap = cap;
	r->fshift = 64 - bits;
	for (size_t i = 0; i < r->sw_cap; i++) {
		const sw_entry *e = &r->sw[i];
		if (!e->word || e->len > 16)
			continue;
		uint64_t k0 = load_key(e->word, e->len < 8 ? e->len : 8);
		uint64_t k1 = e->len > 8 ? load_key(e->word + 8, e->len - 8) : 0;
		size_t h = fast_hash(r, k0, k1);
		while (r->fk0[h])
			h = (h + 1) & (cap - 1);
		r->fk0[h] = k0;
		r->fk1[h] = k1;
		r->fmask[h] = e->mask;
	}
}

uint32_t px_rules_stopword(const px_rules *r, const char *w, size_t n)
{
	/* most words of a text are no stop word, and many are longer than any */
	if (!r->sw_cap || n == 0 || n > r->sw_maxlen + 2)
		return 0;
	if (n <= 16 && r->fk0) {
		uint64_t k0 = load_key(w, n < 8 ? n : 8);
		uint64_t k1 = n > 8 ? load_key(w + 8, n - 8) : 0;
		/* a word with a byte from 0x80 up takes the general way below
		 * (its capitals need not be ASCII) */
		if (!((k0 | k1) & 0x8080808080808080ULL)) {
			k0 = fold_key(k0);
			k1 = fold_key(k1);
			size_t mask = r->fcap - 1;
			for (size_t h = fast_hash(r, k0, k1); r->fk0[h]; h = (h + 1) & mask)
				if (r->fk0[h] == k0 && r->fk1[h] == k1)
					return r->fmask[h];
			return 0;
		}
	}
	char buf[64];
	size_t len = lower_word(w, n, buf, sizeof buf);
	if (!len)
		return 0;
	return sw_slot(r, buf, len)->mask;
}

static long lang_index(loader *L, const char *name, size_t n)
{
	px_rules *r = L->r;
	for (size_t i = 0; i < r->nlangs; i++)
		if (strlen(r->langs[i]) == n && !memcmp(r->langs[i], name, n))
			return (long)i;
	if (r->nlangs == PX_RULES_MAX_LANGS)
		return -2;
	char *s = px_strndup(name, n);
	if (!s)
		return -1;
	r->langs[r->nlangs] = s;
	return (long)r->nlangs++;
}

/* Words of text (blank-separated, '#' to end of line a comment) as stop
 * words of language lang. */
static int add_words(loader *L, const char *text, size_t lang)
{
	const char *p = text;
	while (*p) {
		if (*p == '#') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '#')
			p++;
		if (sw_add(L->r, w, (size_t)(p - w), lang) < 0)
			return -1;
	}
	return 0;
}

/* ---- rules ----------------------------------------------------------------- */

static const char *const probes[] = {
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
	"ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab!",
	"a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a!",
	"                                        !",
	"1111111111111111111111111111111111111111!",
	"Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab!",
	"a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a!",
	/* the same ending in a byte no pattern expects there */
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\x01",
	"ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab\x01",
	"Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab. Ab\x01",
};

/* A floating rule ("~") is tried at the start of every word of the block:
 * its group is compiled unanchored behind a "word starts here" assertion,
 * so that PCRE2's start-of-match optimisation (a bitmap of the bytes any
 * of its rules can start with) skips most positions at once. */
#define FLOAT_PREFIX "(?<!\\S)"

static uint32_t compile_opts(int floating)
{
	return PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF |
	       (floating ? 0 : PCRE2_ANCHORED);
}

/* The bytes a match of ru can start with, from PCRE2's own analysis of
 * the pattern (compiled unanchored for it: PCRE2 does not study anchored
 * ones); every byte when it cannot tell. */
static int first_bytes(px_rules *r, rule *ru)
{
	memset(ru->first, 0xFF, sizeof ru->first);
	if (ru->floating)
		return 0;
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)ru->pattern, PCRE2_ZERO_TERMINATED,
	                              PCRE2_UTF | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &ec,
	                              &eo, r->cctx);
	if (!c)
		return ec == PCRE2_ERROR_NOMEMORY ? -1 : 0;
	uint32_t type = 0, unit = 0;
	const uint8_t *bm = NULL;
	pcre2_pattern_info(c, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(c, PCRE2_INFO_FIRSTCODEUNIT, &unit);
		memset(ru->first, 0, sizeof ru->first);
		unsigned u = unit & 0xFF;
		ru->first[u / 8] |= (uint8_t)(1u << (u % 8));
		if (u < 0x80 && isalpha((int)u)) { /* caseless: the other case too */
			unsigned o = (unsigned)(u ^ 0x20);
			ru->first[o / 8] |= (uint8_t)(1u << (o % 8));
		} else if (u >= 0x80) { /* a non-ASCII letter's other case may start otherwise */
			memset(ru->first + 0xC0 / 8, 0xFF, (0x100 - 0xC0) / 8);
		}
	} else if (type == 0 && pcre2_pattern_info(c, PCRE2_INFO_FIRSTBITMAP, &bm) == 0 && bm) {
		memcpy(ru->first, bm, sizeof ru->first);
	}
	pcre2_code_free(c);
	return 0;
}

/* Compile and probe one rule; 0 if usable, 1 if reported and skipped,
 * -1 when memory ran out. */
static int check_rule(loader *L, rule *ru, uint32_t *ncaps)
{
	px_rules *r = L->r;
	int ec;
	PCRE2_SIZE eo;
	/* no start-up optimisation here: it would reject a probe for lacking
	 * a literal the pattern needs, before any backtracking could show */
	px_sbuf pb = PX_SBUF_INIT;
	if (ru->floating)
		px_sbuf_printf(&pb, "%s(?:%s)", FLOAT_PREFIX, ru->pattern);
	else
		px_sbuf_puts(&pb, ru->pattern);
	if (!pb.data)
		return -1;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pb.data, pb.len,
	                              compile_opts(ru->floating) | PCRE2_NO_START_OPTIMIZE, &ec, &eo,
	                              r->cctx);
	px_sbuf_free(&pb);
	if (!c && ru->floating && ec != PCRE2_ERROR_NOMEMORY) /* report offsets in the rule's own text */
		c = pcre2_compile((PCRE2_SPTR)ru->pattern, PCRE2_ZERO_TERMINATED, compile_opts(1),
		                  &ec, &eo, r->cctx);
	if (!c) {
		if (ec == PCRE2_ERROR_NOMEMORY)
			return -1;
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		report(L, "%s: rule %s: bad pattern at offset %zu: %s; skipped",
		       ru->where, ru->name, (size_t)eo, (const char *)msg);
		return 1;
	}
	uint32_t br = 0, caps = 0;
	pcre2_pattern_info(c, PCRE2_INFO_BACKREFMAX, &br);
	pcre2_pattern_info(c, PCRE2_INFO_CAPTURECOUNT, &caps);
	ru->alone = br > 0;
	*ncaps = caps;
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, r->gctx);
	pcre2_match_context *pm = pcre2_match_context_create(r->gctx);
	if (!md || !pm) {
		pcre2_match_data_free(md);
		pcre2_match_context_free(pm);
		pcre2_code_free(c);
		return -1;
	}
	pcre2_set_match_limit(pm, PROBE_LIMIT);
	pcre2_set_depth_limit(pm, DEPTH_LIMIT);
	int bad = 0, empty = 0;
	for (size_t i = 0; i < sizeof probes / sizeof *probes && !bad; i++) {
		int rc = pcre2_match(c, (PCRE2_SPTR)probes[i], strlen(probes[i]), 0, 0, md, pm);
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT)
			bad = 1;
		else if (rc == PCRE2_ERROR_NOMEMORY)
			bad = -1;
	}
	/* a rule matching the empty block would label everything */
	if (!bad && pcre2_match(c, (PCRE2_SPTR)"", 0, 0, 0, md, pm) >= 0)
		empty = 1;
	pcre2_match_data_free(md);
	pcre2_match_context_free(pm);
	pcre2_code_free(c);
	if (bad < 0)
		return -1;
	if (bad) {
		report(L, "%s: rule %s: pattern backtracks catastrophically "
		       "(match limit hit on a test subject); skipped", ru->where, ru->name);
		return 1;
	}
	if (empty) {
		report(L, "%s: rule %s: pattern matches an empty block; skipped",
		       ru->where, ru->name);
		return 1;
	}
	return first_bytes(r, ru) < 0 ? -1 : 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Parse one rule line (NUL-terminated, no '\n'). */
static int parse_line(loader *L, const char *fname, size_t lineno, char *line)
{
	px_rules *r = L->r;
	char *p = line;
	while (is_blank(*p))
		p++;
	if (!*p || *p == '#')
		return 0;
	char *name = p;
	while (*p && !is_blank(*p))
		p++;
	char *name_end = p;
	while (is_blank(*p))
		p++;
	char *lab = p;
	while (*p && !is_blank(*p))
		p++;
	char *lab_end = p;
	while (is_blank(*p))
		p++;
	char *pat = p;
	size_t plen = strlen(pat);
	while (plen && (pat[plen - 1] == '\r'))
		plen--;
	char where[512];
	snprintf(where, sizeof where, "%s:%zu", fname, lineno);
	if (lab == lab_end || plen == 0) {
		report(L, "%s: expected NAME LABEL PATTERN; skipped", where);
		return 0;
	}
	*name_end = '\0';
	*lab_end = '\0';
	int label = px_label_parse(lab);
	if (label < 0) {
		report(L, "%s: rule %s: unknown label '%s'; skipped", where, name, lab);
		return 0;
	}
	if (px_grow((void **)&r->rules, &r->rules_cap, r->nrules + 1, sizeof *r->rules) < 0)
		return -1;
	rule *ru = &r->rules[r->nrules];
	memset(ru, 0, sizeof *ru);
	ru->pre_bit = NO_PRE;
	for (;; pat++, plen--) {
		if (pat[0] == '~')
			ru->floating = 1;
		else if (pat[0] == '<')
			ru->shortonly = 1;
		else if (pat[0] == '>')
			ru->tail = ru->floating = 1;
		else if (pat[0] == '!')
			ru->ends = 1;
		else
			break;
	}
	ru->name = px_strdup(name);
	ru->where = px_strdup(where);
	ru->pattern = px_strndup(pat, plen);
	ru->label = (px_label)label;
	if (!ru->name || !ru->where || !ru->pattern) {
		px_free(ru->name);
		px_free(ru->where);
		px_free(ru->pattern);
		return -1;
	}
	/* a pattern an earlier run checked is not checked again (see
	 * rules_cache.h): the same answers, without two compiles and the
	 * probes */
	const px_rc_info *known = L->cache ? px_rcache_get(L->cache, ru->pattern, ru->floating)
	                                   : NULL;
	uint32_t caps = 0;
	int c = 0;
	if (known) {
		ru->alone = known->alone;
		caps = known->caps;
		memcpy(ru->first, known->first, sizeof ru->first);
	} else {
		c = check_rule(L, ru, &caps);
		if (c == 0 && L->cache) {
			px_rc_info in;
			memset(&in, 0, sizeof in);
			in.alone = (uint8_t)ru->alone;
			in.caps = caps;
			memcpy(in.first, ru->first, sizeof in.first);
			(void)px_rcache_put(L->cache, ru->pattern, ru->floating, &in);
		}
	}
	if (c == 0 && caps + 1 > r->max_capture)
		r->max_capture = caps + 1;
	if (c != 0) {
		px_free(ru->name);
		px_free(ru->where);
		px_free(ru->pattern);
		return c < 0 ? -1 : 0;
	}
	r->nrules++;
	return 0;
}

static int parse_rules(loader *L, const char *fname, char *text)
{
	size_t lineno = 0;
	char *p = text;
	while (*p) {
		char *e = strchr(p, '\n');
		if (e)
			*e = '\0';
		lineno++;
		if (parse_line(L, fname, lineno, p) < 0)
			return -1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/* ---- keywords: a prefilter in front of PCRE2 ----------------------------------
 *
 * Most rules cannot match a block that lacks some word: the cookie notices
 * need "cookie", the dates a month's name, the agency credits an agency.
 * At load, each pattern is read (a conservative parser of the PCRE2
 * syntax the rules use) into up to KW_REQS requirements, each a set of
 * strings one of which every match contains. One Aho-Corasick pass over a
 * block then says which requirements it meets, and the floating, tail and
 * wide rules whose requirements it does not meet are not run: they could
 * not have matched, so the block's rule is the same, at a fraction of the
 * cost. Anything the parser does not know (back references, verbs,
 * extended mode...) leaves the rule without requirements: always run.
 *
 * Strings are matched with ASCII letters folded, a superset of the rules'
 * caseless (and case-sensitive) matching. The two non-ASCII characters
 * that PCRE2 folds to ASCII letters (U+212A KELVIN SIGN = k, U+017F LONG S
 * = s) are "poison" keywords: a block holding one runs every rule. */
#define KW_SET_MAX 256 /* strings in a set, beyond which it says nothing */
#define KW_LEN_MAX 32  /* bytes of a string */
#define KW_REQS 3      /* requirements kept per rule (matches rule.req) */
#define KW_SCAN_LEN 6  /* bytes of a string the automaton looks for */

typedef struct kstr {
	uint8_t len;
	char b[KW_LEN_MAX];
} kstr;

/* A set of strings; top: unknown (any string at all). Most sets hold a
 * string or two: they grow as needed, up to KW_SET_MAX. */
typedef struct kset {
	int top;
	size_t n, cap;
	kstr *v;
} kset;

/* What a piece of pattern tells: the exact strings it matches (if few),
 * requirements on any text it matches, and how a match of it begins:
 * with one of the strings of pre (never the empty string; top: unknown),
 * unless nullable and it matches the empty string. */
typedef struct kinfo {
	kset exact;
	kset req[KW_REQS];
	size_t nreq;
	kset pre;
	int nullable;
} kinfo;

static kset ks_top(void)
{
	return (kset){1, 0, 0, NULL};
}

static void ks_free(kset *k)
{
	px_free(k->v);
	*k = ks_top();
}

static kset ks_new(void)
{
	return (kset){0, 0, 0, NULL};
}

static void ks_add(kset *k, const char *b, size_t len)
{
	if (k->top)
		return;
	if (len > KW_LEN_MAX || k->n == KW_SET_MAX) {
		ks_free(k);
		return;
	}
	for (size_t i = 0; i < k->n; i++)
		if (k->v[i].len == len && !memcmp(k->v[i].b, b, len))
			return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 2;
		kstr *v = px_realloc(k->v, cap * sizeof *v);
		if (!v) { /* no memory: no information, which is always safe */
			ks_free(k);
			return;
		}
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n].len = (uint8_t)len;
	memcpy(k->v[k->n].b, b, len);
	k->n++;
}

static kset ks_one(const char *b, size_t len)
{
	kset k = ks_new();
	ks_add(&k, b, len);
	return k;
}

static kset ks_copy(const kset *a)
{
	if (a->top)
		return ks_top();
	kset k = ks_new();
	for (size_t i = 0; i < a->n; i++)
		ks_add(&k, a->v[i].b, a->v[i].len);
	return k;
}

/* a | b; consumes both */
static kset ks_union(kset a, kset b)
{
	if (a.top || b.top) {
		ks_free(&a);
		ks_free(&b);
		return ks_top();
	}
	for (size_t i = 0; i < b.n; i++)
		ks_add(&a, b.v[i].b, b.v[i].len);
	ks_free(&b);
	return a;
}

/* every string of a followed by every string of b; top when too many,
 * or when one is longer than KW_LEN_MAX unless cut, which cuts it to that
 * (for prefixes: a match that begins with it begins with its start too) */
static kset cross(const kset *a, const kset *b, int cut)
{
	if (a->top || b->top || a->n * b->n > KW_SET_MAX)
		return ks_top();
	kset k = ks_new();
	for (size_t i = 0; i < a->n && !k.top; i++)
		for (size_t j = 0; j < b->n && !k.top; j++) {
			char buf[2 * KW_LEN_MAX];
			memcpy(buf, a->v[i].b, a->v[i].len);
			memcpy(buf + a->v[i].len, b->v[j].b, b->v[j].len);
			size_t n = (size_t)a->v[i].len + b->v[j].len;
			ks_add(&k, buf, cut && n > KW_LEN_MAX ? KW_LEN_MAX : n);
		}
	return k;
}

static kset ks_cross(const kset *a, const kset *b)
{
	return cross(a, b, 0);
}

static kset pre_cross(const kset *a, const kset *b)
{
	return cross(a, b, 1);
}

/* Usable as a requirement: known, not empty, no empty string in it. */
static int ks_usable(const kset *k)
{
	if (k->top || k->n == 0)
		return 0;
	for (size_t i = 0; i < k->n; i++)
		if (k->v[i].len == 0)
			return 0;
	return 1;
}

static int ks_same(const kset *a, const kset *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].len != b->v[i].len || memcmp(a->v[i].b, b->v[i].b, a->v[i].len))
			return 0;
	return 1;
}

static size_t ks_minlen(const kset *k)
{
	size_t m = KW_LEN_MAX + 1;
	for (size_t i = 0; i < k->n; i++)
		if (k->v[i].len < m)
			m = k->v[i].len;
	return m;
}

/* Is a a more selective requirement than b? Longer strings first. */
static int ks_better(const kset *a, const kset *b)
{
	size_t la = ks_minlen(a), lb = ks_minlen(b);
	return la != lb ? la > lb : a->n < b->n;
}

static void ki_free(kinfo *ki)
{
	ks_free(&ki->exact);
	ks_free(&ki->pre);
	for (size_t i = 0; i < ki->nreq; i++)
		ks_free(&ki->req[i]);
	ki->nreq = 0;
}

/* Something that matches at least one character, nothing else known. */
static kinfo ki_top(void)
{
	kinfo ki;
	memset(&ki, 0, sizeof ki);
	ki.exact = ks_top();
	ki.pre = ks_top();
	return ki;
}

/* k less its empty string, if it has one (in *had); top stays top. */
static kset ks_nonempty(const kset *k, int *had)
{
	*had = 0;
	if (k->top)
		return ks_top();
	kset o = ks_new();
	for (size_t i = 0; i < k->n; i++) {
		if (k->v[i].len == 0)
			*had = 1;
		else
			ks_add(&o, k->v[i].b, k->v[i].len);
	}
	return o;
}

static kinfo ki_exact(kset k)
{
	kinfo ki = ki_top();
	ki.pre = ks_nonempty(&k, &ki.nullable);
	ki.exact = k;
	return ki;
}

/* Add requirement k (taken over), keeping the KW_REQS best, best first. */
static void ki_require(kinfo *ki, kset k)
{
	if (!ks_usable(&k)) {
		ks_free(&k);
		return;
	}
	for (size_t i = 0; i < ki->nreq; i++) /* the same set twice says nothing more */
		if (ks_same(&ki->req[i], &k)) {
			ks_free(&k);
			return;
		}
	size_t at = ki->nreq;
	while (at > 0 && ks_better(&k, &ki->req[at - 1]))
		at--;
	if (at == KW_REQS) {
		ks_free(&k);
		return;
	}
	if (ki->nreq == KW_REQS)
		ks_free(&ki->req[--ki->nreq]);
	memmove(ki->req + at + 1, ki->req + at, (ki->nreq - at) * sizeof *ki->req);
	ki->req[at] = k;
	ki->nreq++;
}

/* The best single requirement of ki (its exact strings count), copied. */
static kset ki_best(const kinfo *ki)
{
	const kset *b = ki->nreq ? &ki->req[0] : NULL;
	if (ks_usable(&ki->exact) && (!b || ks_better(&ki->exact, b)))
		b = &ki->exact;
	return b ? ks_copy(b) : ks_top();
}

typedef struct kparse {
	const char *p;
	int fail; /* syntax this parser does not know: no prefilter */
} kparse;

static kinfo kp_alt(kparse *P);

static char fold(unsigned char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Is the UTF-8 character s[0..n) one that has no other case: Latin-1's
 * symbols (U+00A0..U+00BF, ×, ÷), general punctuation (U+2010..U+205F)
 * and arrows (U+2190..U+21FF)? (Letter-like symbols such as the Kelvin
 * sign, Roman numerals and circled letters do have cases: not these.) */
static int caseless_symbol(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	if (n == 2 && (u[0] & 0xE0) == 0xC0)
		cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	else if (n == 3 && (u[0] & 0xF0) == 0xE0)
		cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	else
		return 0;
	return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2010 && cp <= 0x205F) || (cp >= 0x2190 && cp <= 0x21FF);
}

/* Skip one UTF-8 character of the pattern (a non-ASCII literal: its
 * other case may be spelt with other bytes, so it tells nothing). */
static void kp_skip_char(kparse *P)
{
	P->p++;
	while (((unsigned char)*P->p & 0xC0) == 0x80)
		P->p++;
}

/* An escape at P->p ('\\'); the code point of a literal (< 0x80) in *lit,
 * or -1 for a class of characters, -2 for an assertion (zero width). */
static int kp_escape(kparse *P, int in_class, int *lit)
{
	char c = P->p[1];
	*lit = -1;
	if (!c) {
		P->fail = 1;
		return -1;
	}
	P->p += 2;
	if ((unsigned char)c >= 0x80) {
		P->p--;
		kp_skip_char(P);
		return -1;
	}
	if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
		*lit = c; /* an escaped mark is itself */
		return 0;
	}
	switch (c) {
	case 't': *lit = '\t'; return 0;
	case 'n': *lit = '\n'; return 0;
	case 'r': *lit = '\r'; return 0;
	case 'f': *lit = '\f'; return 0;
	case 'e': *lit = 0x1B; return 0;
	case 'a': *lit = 0x07; return 0;
	case 'b':
		if (in_class) {
			*lit = 0x08;
			return 0;
		}
		return -2;
	case 'B': case 'A': case 'z': case 'Z': case 'G':
		if (in_class)
			break;
		return -2;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'h': case 'H':
	case 'v': case 'V': case 'N': case 'R': case 'X': case 'C':
		return -1;
	case 'p': case 'P':
		if (*P->p == '{') {
			const char *e = strchr(P->p, '}');
			if (!e)
				break;
			P->p = e + 1;
		} else if (*P->p) {
			P->p++;
		}
		return -1;
	case 'x': {
		int v = 0, d;
		if (*P->p == '{') {
			const char *q = P->p + 1;
			while ((d = hexval(*q)) >= 0 && v < 0x110000)
				v = v * 16 + d, q++;
			if (*q != '}')
				break;
			P->p = q + 1;
		} else {
			for (int k = 0; k < 2 && (d = hexval(*P->p)) >= 0; k++)
				v = v * 16 + d, P->p++;
		}
		if (v < 0x80) {
			*lit = v;
			return 0;
		}
		return -1;
	}
	default:
		break;
	}
	P->fail = 1; /* back references, \Q, \K, \g, octal...: not analysed */
	return -1;
}

/* A character class: the set of its characters when they are few plain
 * ASCII ones or symbols with no other case (a breadcrumb's [»›→>]), else
 * top. */
static kinfo kp_class(kparse *P)
{
	P->p++;
	int neg = 0, top = 0, first = 1;
	uint8_t in[128] = {0};
	kset sym = ks_new(); /* the symbols, as their UTF-8 bytes */
	if (*P->p == '^')
		neg = 1, P->p++;
	while (*P->p && (*P->p != ']' || first)) {
		first = 0;
		int lo;
		if (P->p[0] == '[' && P->p[1] == ':') {
			const char *e = strstr(P->p + 2, ":]");
			if (!e) {
				P->fail = 1;
				ks_free(&sym);
				return ki_top();
			}
			P->p = e + 2;
			top = 1;
			continue;
		}
		if (*P->p == '\\') {
			if (kp_escape(P, 1, &lo) != 0 || P->fail) {
				top = 1;
				continue;
			}
		} else if ((unsigned char)*P->p >= 0x80) {
			const char *st = P->p;
			kp_skip_char(P);
			/* a range from or to it is not one character */
			if (caseless_symbol(st, (size_t)(P->p - st)) && !(P->p[0] == '-' && P->p[1] != ']'))
				ks_add(&sym, st, (size_t)(P->p - st));
			else
				top = 1;
			continue;
		} else {
			lo = (unsigned char)*P->p++;
		}
		int hi = lo;
		if (P->p[0] == '-' && P->p[1] && P->p[1] != ']') {
			P->p++;
			if (*P->p == '\\') {
				if (kp_escape(P, 1, &hi) != 0 || P->fail)
					top = 1;
			} else if ((unsigned char)*P->p >= 0x80) {
				kp_skip_char(P);
				top = 1;
			} else {
				hi = (unsigned char)*P->p++;
			}
		}
		if (top)
			continue;
		if (hi < lo || hi - lo > 32)
			top = 1;
		else
			for (int c = lo; c <= hi; c++)
				in[(unsigned char)fold((unsigned char)c)] = 1;
	}
	if (*P->p != ']') {
		P->fail = 1;
		ks_free(&sym);
		return ki_top();
	}
	P->p++;
	if (neg || top || sym.top) {
		ks_free(&sym);
		return ki_top();
	}
	kset k = sym;
	for (int c = 0; c < 128; c++)
		if (in[c]) {
			char ch = (char)c;
			ks_add(&k, &ch, 1);
		}
	return ki_exact(k);
}

/* One atom: a literal, a class, an escape, a group. */
static kinfo kp_atom(kparse *P)
{
	unsigned char c = (unsigned char)*P->p;
	if (c == '(') {
		const char *q = P->p + 1;
		int look = 0;
		if (*q == '*') {
			P->fail = 1;
			return ki_top();
		}
		if (*q == '?') {
			q++;
			if (*q == ':' || *q == '>' || *q == '|') {
				q++;
			} else if (*q == '=' || *q == '!') {
				look = 1, q++;
			} else if (q[0] == '<' && (q[1] == '=' || q[1] == '!')) {
				look = 1, q += 2;
			} else if (*q == '<' || *q == '\'' || (q[0] == 'P' && q[1] == '<')) {
				q += *q == 'P' ? 2 : 1;
				while (*q && *q != '>' && *q != '\'')
					q++;
				if (!*q) {
					P->fail = 1;
					return ki_top();
				}
				q++;
			} else {
				/* option letters: (?i) (?-i:...) */
				while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' ||
				       *q == '^') {
					if (*q == 'x') { /* extended: blanks and # mean otherwise */
						P->fail = 1;
						return ki_top();
					}
					q++;
				}
				if (*q == ')') {
					P->p = q + 1;
					return ki_exact(ks_one("", 0)); /* zero width */
				}
				if (*q != ':') {
					P->fail = 1;
					return ki_top();
				}
				q++;
			}
		}
		P->p = q;
		kinfo in = kp_alt(P);
		if (*P->p != ')') {
			P->fail = 1;
			ki_free(&in);
			return ki_top();
		}
		P->p++;
		if (look) { /* what a look-around looks at need not be in the match */
			ki_free(&in);
			return ki_exact(ks_one("", 0));
		}
		return in;
	}
	if (c == '[')
		return kp_class(P);
	if (c == '\\') {
		int lit;
		int rc = kp_escape(P, 0, &lit);
		if (rc == -2)
			return ki_exact(ks_one("", 0));
		if (rc < 0)
			return ki_top();
		char ch = fold((unsigned char)lit);
		return ki_exact(ks_one(&ch, 1));
	}
	if (c == '^' || c == '$') {
		P->p++;
		return ki_exact(ks_one("", 0));
	}
	if (c == '.') {
		P->p++;
		return ki_top();
	}
	if (c >= 0x80) {
		/* a symbol with no other case (©, «, », ·, ’, –, …, →) is
		 * spelt with the same bytes in every match: a literal */
		const char *st = P->p;
		kp_skip_char(P);
		size_t n = (size_t)(P->p - st);
		if (caseless_symbol(st, n))
			return ki_exact(ks_one(st, n));
		kinfo ki = ki_top();
		/* any other character outside ASCII (é, ü) matches only
		 * characters outside ASCII, its other cases, except the two
		 * that fold to ASCII letters: as a beginning, PRE_OTHER */
		if (!(n == 3 && !memcmp(st, "\xE2\x84\xAA", 3)) && !(n == 2 && !memcmp(st, "\xC5\xBF", 2))) {
			ks_free(&ki.pre);
			ki.pre = ks_one(PRE_OTHER, 1);
		}
		return ki;
	}
	P->p++;
	char ch = fold(c);
	return ki_exact(ks_one(&ch, 1));
}

/* A quantifier after an atom, if any: *min and *max (-1: unbounded). */
static int kp_quant(kparse *P, long *min, long *max)
{
	const char *q = P->p;
	switch (*q) {
	case '?': *min = 0, *max = 1, q++; break;
	case '*': *min = 0, *max = -1, q++; break;
	case '+': *min = 1, *max = -1, q++; break;
	case '{': {
		char *e;
		q++;
		*min = 0;
		if (*q >= '0' && *q <= '9')
			*min = strtol(q, &e, 10), q = e;
		else if (*q != ',')
			return -1;
		*max = *min;
		if (*q == ',') {
			q++;
			*max = -1;
			if (*q >= '0' && *q <= '9')
				*max = strtol(q, &e, 10), q = e;
		}
		if (*q != '}')
			return -1; /* PCRE2 may read more as a quantifier than this does */
		q++;
		break;
	}
	default:
		return 0;
	}
	if (*q == '?' || *q == '+') /* lazy, possessive: the same strings */
		q++;
	P->p = q;
	return 1;
}

/* One atom of a sequence, as the prefix reckoning needs it. */
typedef struct kpiece {
	kset exact, pre;
	int nullable;
} kpiece;

/* How a match of pieces pc[0..n) begins, read from the right: acc holds
 * the beginnings of what follows piece i (the empty string: nothing
 * known to follow, or nothing at all). An exact piece prefixes its
 * strings to acc's, or, too many, stands for itself (with acc behind it
 * when it may be empty); any other piece gives its own beginnings, and
 * acc's as well when it may match nothing. */
static kset seq_pre(const kpiece *pc, size_t n)
{
	kset acc = ks_one("", 0);
	for (size_t i = n; i-- > 0;) {
		const kpiece *p = &pc[i];
		int empty;
		kset x = pre_cross(&p->exact, &acc);
		if (!x.top) {
			ks_free(&acc);
			acc = x;
			continue;
		}
		if (!p->exact.top) {
			x = ks_nonempty(&p->exact, &empty);
		} else {
			x = ks_copy(&p->pre);
			empty = p->nullable;
		}
		acc = empty ? ks_union(x, acc) : (ks_free(&acc), x);
	}
	return acc;
}

/* A sequence of atoms: runs of exact atoms combine into longer strings. */
static kinfo kp_seq(kparse *P)
{
	kinfo res = ki_top();
	kset run = ks_one("", 0);
	int all_exact = 1, nullable = 1;
	kpiece *pc = NULL;
	size_t npc = 0, pcap = 0;
	while (*P->p && *P->p != '|' && *P->p != ')' && !P->fail) {
		if (*P->p == '{' || *P->p == '?' || *P->p == '*' || *P->p == '+') {
			P->fail = 1; /* a quantifier with no atom, or a literal '{' */
			break;
		}
		kinfo it = kp_atom(P);
		long min = 1, max = 1;
		int q = P->fail ? 0 : kp_quant(P, &min, &max);
		if (q < 0)
			P->fail = 1;
		if (q > 0 && !(min == 1 && max == 1)) {
			if (min == 0) { /* may be absent: nothing required */
				for (size_t i = 0; i < it.nreq; i++)
					ks_free(&it.req[i]);
				it.nreq = 0;
				if (max == 1 && !it.exact.top)
					it.exact = ks_union(it.exact, ks_one("", 0));
				else
					ks_free(&it.exact);
			} else { /* there at least once: its requirements hold */
				ki_require(&it, ki_best(&it));
				ks_free(&it.exact);
			}
			if (min == 0)
				it.nullable = 1;
		}
		nullable &= it.nullable;
		if (!P->fail) {
			if (px_grow((void **)&pc, &pcap, npc + 1, sizeof *pc) == 0) {
				pc[npc++] = (kpiece){ks_copy(&it.exact), it.pre, it.nullable};
				it.pre = ks_top();
			} else { /* no memory: no prefix known */
				P->fail = 1;
			}
		}
		kset x = ks_cross(&run, &it.exact);
		if (x.top) {
			/* the run ends here: what it spelt is required */
			ki_require(&res, run);
			run = it.exact.top ? ks_one("", 0) : ks_copy(&it.exact);
			all_exact = 0;
		} else {
			ks_free(&run);
			run = x;
		}
		for (size_t i = 0; i < it.nreq; i++) {
			ki_require(&res, it.req[i]);
			it.req[i] = ks_top();
		}
		it.nreq = 0;
		ki_free(&it);
	}
	if (all_exact) {
		ki_require(&res, ks_copy(&run));
		ks_free(&res.exact);
		res.exact = run;
	} else {
		ki_require(&res, run);
	}
	ks_free(&res.pre);
	if (!P->fail) {
		int empty;
		kset acc = seq_pre(pc, npc);
		res.pre = ks_nonempty(&acc, &empty);
		ks_free(&acc);
	}
	res.nullable = nullable;
	for (size_t i = 0; i < npc; i++) {
		ks_free(&pc[i].exact);
		ks_free(&pc[i].pre);
	}
	px_free(pc);
	return res;
}

/* Alternatives: a string of some branch's best requirement. */
static kinfo kp_alt(kparse *P)
{
	kinfo first = kp_seq(P);
	if (*P->p != '|')
		return first;
	kset ex = ks_copy(&first.exact), rq = ki_best(&first), pre = ks_copy(&first.pre);
	int nullable = first.nullable;
	ki_free(&first);
	while (*P->p == '|' && !P->fail) {
		P->p++;
		kinfo b = kp_seq(P);
		ex = ks_union(ex, ks_copy(&b.exact));
		rq = ks_union(rq, ki_best(&b));
		pre = ks_union(pre, ks_copy(&b.pre));
		nullable |= b.nullable;
		ki_free(&b);
	}
	kinfo res = ki_exact(ex);
	ki_require(&res, rq);
	/* a branch's beginnings are the alternation's: known when every
	 * branch's are (and fewer than KW_SET_MAX in all) */
	ks_free(&res.pre);
	res.pre = pre;
	res.nullable = nullable;
	return res;
}

/* The requirements of pattern pat: up to KW_REQS sets in *out, their
 * count returned (0: none known, the rule always runs); in *pre the
 * strings every match begins with, or top. */
static size_t kw_analyse(const char *pat, kset *out, kset *pre)
{
	kparse P = {pat, 0};
	kinfo ki = kp_alt(&P);
	size_t n = 0;
	*pre = ks_top();
	if (!P.fail && !*P.p) {
		ki_require(&ki, ks_copy(&ki.exact));
		for (size_t i = 0; i < ki.nreq; i++) {
			out[n++] = ki.req[i];
			ki.req[i] = ks_top();
		}
		if (!ki.nullable && ks_usable(&ki.pre)) {
			*pre = ki.pre;
			ki.pre = ks_top();
		}
	}
	ki_free(&ki);
	return n;
}

static int byte_class(unsigned c);

/* Can a match of ru start with bytes of many classes (a list of menu
 * words, a date)? Such rules are tried for every block, not by bucket. */
static int rule_wide(const rule *ru)
{
	uint32_t m = 0;
	for (unsigned b = 0; b < 256; b++)
		if (ru->first[b / 8] & (1u << (b % 8)))
			m |= 1u << byte_class(b);
	int classes = 0;
	for (; m; m &= m - 1)
		classes++;
	return !ru->floating && classes > WIDE_CLASSES;
}

/* A keyword: its string, its requirement id (or the poison bit), and
 * whether a tail rule's. */
typedef struct kword {
	kstr s;
	uint32_t id;
	uint8_t tail;
} kword;

/* Build automaton A over kws[0..nk), requirement ids below nreqs (and
 * the poison bit, nreqs). 0, or -1 (A->next NULL: no automaton). */
static int ac_build(kwac *A, const kword *kws, size_t nk, uint32_t nreqs)
{
	int rc = -1;
	A->nreqs = nreqs;
	A->words = (nreqs + 1 + 63) / 64;
	/* input classes: the bytes keywords use, letters of either case alike */
	memset(A->cls, 0, sizeof A->cls);
	A->nclass = 1;
	size_t total = 1;
	A->maxlen = 0;
	for (size_t k = 0; k < nk; k++) {
		total += kws[k].s.len;
		if (kws[k].s.len > A->maxlen)
			A->maxlen = kws[k].s.len;
		for (size_t j = 0; j < kws[k].s.len; j++) {
			unsigned char c = (unsigned char)kws[k].s.b[j];
			if (!A->cls[c]) {
				A->cls[c] = (uint8_t)A->nclass;
				if (c >= 'a' && c <= 'z')
					A->cls[c - 32] = (uint8_t)A->nclass;
				A->nclass++;
			}
		}
	}
	if (A->nclass > 255 || total > 0xFFFF)
		return -1; /* too many keywords for 16-bit states: run the rules unfiltered */
	/* rows of a power of two: the scan's next state is a shift and an
	 * add away, not a multiplication (it is on the critical path) */
	A->shift = 0;
	while ((1u << A->shift) < A->nclass)
		A->shift++;
	A->nclass = 1u << A->shift;
	/* the trie, as a full transition table; 0 is the root and "none".
	 * Room for the most states there can be (total), but a state's row
	 * and mask are zeroed only when it is made: the shared prefixes leave
	 * a good part of the room unused, and calloc's pages, read before
	 * their first write, would each fault twice (see px_calloc_dense) */
	uint32_t *fail = NULL, *queue = NULL, *hasout = NULL;
	A->next = px_malloc(total * A->nclass * sizeof *A->next);
	hasout = px_calloc(total, sizeof *hasout);
	fail = px_calloc(total, sizeof *fail);
	queue = px_malloc(total * sizeof *queue);
	uint64_t *own = px_malloc(total * A->words * sizeof *own);
	if (!A->next || !hasout || !fail || !queue || !own)
		goto out2;
	A->nstates = 1;
	memset(A->next, 0, A->nclass * sizeof *A->next);
	memset(own, 0, A->words * sizeof *own);
	for (size_t k = 0; k < nk; k++) {
		uint32_t st = 0;
		for (size_t j = 0; j < kws[k].s.len; j++) {
			uint32_t c = A->cls[(unsigned char)kws[k].s.b[j]];
			uint16_t *nx = &A->next[(size_t)st * A->nclass + c];
			if (!*nx) {
				uint32_t ns = A->nstates++;
				memset(A->next + (size_t)ns * A->nclass, 0, A->nclass * sizeof *A->next);
				memset(own + (size_t)ns * A->words, 0, A->words * sizeof *own);
				*nx = (uint16_t)ns;
			}
			st = *nx;
		}
		own[(size_t)st * A->words + kws[k].id / 64] |= 1ULL << (kws[k].id % 64);
	}
	/* breadth first: failure links, missing edges filled, outputs merged */
	size_t qh = 0, qt = 0;
	for (uint32_t c = 0; c < A->nclass; c++)
		if (A->next[c])
			queue[qt++] = A->next[c]; /* fail = root */
	while (qh < qt) {
		uint32_t st = queue[qh++];
		for (size_t w = 0; w < A->words; w++)
			own[(size_t)st * A->words + w] |= own[(size_t)fail[st] * A->words + w];
		for (uint32_t c = 0; c < A->nclass; c++) {
			uint16_t *nx = &A->next[(size_t)st * A->nclass + c];
			uint16_t f = A->next[(size_t)fail[st] * A->nclass + c];
			if (*nx) {
				fail[*nx] = f;
				queue[qt++] = *nx;
			} else {
				*nx = f;
			}
		}
	}
	/* renumber: the states that meet requirements last, so that the scan
	 * tells them by their number alone; their masks in that order */
	uint32_t *id = fail; /* the failure links are done with */
	uint32_t k0 = 0, k1;
	for (uint32_t st = 0; st < A->nstates; st++) {
		int any = 0;
		for (size_t w = 0; w < A->words; w++)
			any |= own[(size_t)st * A->words + w] != 0;
		hasout[st] = (uint32_t)any;
		if (!any)
			id[st] = k0++; /* the root meets none: it stays 0 */
	}
	k1 = k0;
	for (uint32_t st = 0; st < A->nstates; st++)
		if (hasout[st]) {
			id[st] = k1++;
			memmove(own + (size_t)(id[st] - k0) * A->words, own + (size_t)st * A->words,
			        A->words * sizeof *own); /* id[st] - k0 <= st: no overlap ahead */
		}
	uint16_t *nn = px_malloc((size_t)A->nstates * A->nclass * sizeof *nn);
	if (!nn)
		goto out2;
	for (uint32_t st = 0; st < A->nstates; st++)
		for (uint32_t c = 0; c < A->nclass; c++)
			nn[(size_t)id[st] * A->nclass + c] =
				(uint16_t)id[A->next[(size_t)st * A->nclass + c]];
	px_free(A->next);
	A->next = nn;
	A->first_out = k0;
	A->masks = own;
	own = NULL;
	rc = 0;
out2:
	px_free(own);
	px_free(fail);
	px_free(queue);
	px_free(hasout);
	if (rc < 0) {
		px_free(A->next);
		A->next = NULL;
	}
	return rc;
}

/* Give every rule its requirements and build the automaton over all their
 * strings. 0, or -1 on no memory (the rules then run without it). */
_Static_assert(KW_REQS == PX_RC_REQS && KW_SET_MAX == PX_RC_SET_MAX &&
               KW_LEN_MAX == PX_RC_LEN_MAX && sizeof(kstr) == sizeof(px_rc_str),
               "the cache keeps keyword sets as they are");

/* The keyword sets of ru's pattern: from the cache when an earlier run
 * read them, else read now (and given to the cache). */
/* A set of the n strings at st (as the cache keeps them); top without
 * memory, which is always safe (no requirement, no prefix). */
static kset ks_of(const px_rc_str *st, size_t n)
{
	kset k = ks_new();
	if (!(k.v = px_malloc(n * sizeof *k.v)))
		return ks_top();
	memcpy(k.v, st, n * sizeof *k.v);
	k.n = k.cap = n;
	return k;
}

static size_t kw_sets(px_rcache *C, const rule *ru, kset *out, kset *pre)
{
	const px_rc_info *in = C ? px_rcache_get(C, ru->pattern, ru->floating) : NULL;
	if (in && in->analysed) {
		const px_rc_str *st = in->strs;
		size_t n = 0;
		for (; n < in->nsets; st += in->setn[n], n++)
			if ((out[n] = ks_of(st, in->setn[n])).top) {
				while (n-- > 0)
					ks_free(&out[n]);
				*pre = ks_top();
				return 0;
			}
		*pre = in->npre ? ks_of(st, in->npre) : ks_top();
		return n;
	}
	size_t n = kw_analyse(ru->pattern, out, pre);
	if (in) {
		uint16_t setn[KW_REQS] = {0};
		size_t npre = pre->top ? 0 : pre->n, total = npre;
		for (size_t k = 0; k < n; k++)
			total += setn[k] = (uint16_t)out[k].n;
		px_rc_str *all = total ? px_malloc(total * sizeof *all) : NULL;
		if (all || !total) {
			size_t at = 0;
			for (size_t k = 0; k < n; at += out[k].n, k++)
				memcpy(all + at, out[k].v, out[k].n * sizeof *all);
			if (npre)
				memcpy(all + at, pre->v, npre * sizeof *all);
			(void)px_rcache_set_keywords(C, ru->pattern, ru->floating, n, setn, npre, all);
		}
		px_free(all);
	}
	return n;
}

/* The trie of the prefix sets pre[0..n) (rule k's bit is k); 0, or -1
 * (too large, no memory: the trie is left empty, no rule is skipped). */
static int pre_build(pretrie *T, const kset *pre, size_t n)
{
	memset(T, 0, sizeof *T);
	uint32_t ncls = 1;
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j < pre[k].n; j++)
			for (size_t i = 0; i < pre[k].v[j].len; i++) {
				unsigned char b = (unsigned char)pre[k].v[j].b[i]; /* folded */
				/* the walk reads as far as the string goes, PRE_OTHER's
				 * byte too (where a block's character outside ASCII
				 * stops it) */
				if (i + 1 > T->maxlen)
					T->maxlen = (uint32_t)(i + 1);
				if (b == (unsigned char)PRE_OTHER[0])
					break;
				if (!T->cls[b]) {
					T->cls[b] = (uint8_t)ncls;
					if (b >= 'a' && b <= 'z')
						T->cls[b - 32] = (uint8_t)ncls;
					ncls++;
				}
			}
	if (ncls > 255)
		goto fail;
	T->ncls = ncls;
	size_t cap = 0, ecap = 0;
	T->nnodes = 1;
	if (px_grow((void **)&T->next, &cap, ncls, sizeof *T->next) < 0 ||
	    px_grow((void **)&T->ends, &ecap, 1, sizeof *T->ends) < 0)
		goto fail;
	memset(T->next, 0, ncls * sizeof *T->next);
	T->ends[0] = 0;
	for (size_t k = 0; k < n; k++)
		for (size_t j = 0; j < pre[k].n; j++) {
			uint32_t node = 0, other = 0;
			for (size_t i = 0; i < pre[k].v[j].len && !other; i++) {
				if (pre[k].v[j].b[i] == PRE_OTHER[0]) {
					other = 1; /* the walk gives up there by itself */
					break;
				}
				size_t at = (size_t)node * ncls + T->cls[(unsigned char)pre[k].v[j].b[i]];
				if (!T->next[at]) {
					if (T->nnodes == PRE_NODES ||
					    px_grow((void **)&T->next, &cap, (T->nnodes + 1) * ncls,
					            sizeof *T->next) < 0 ||
					    px_grow((void **)&T->ends, &ecap, T->nnodes + 1, sizeof *T->ends) < 0)
						goto fail;
					memset(T->next + (size_t)T->nnodes * ncls, 0, ncls * sizeof *T->next);
					T->ends[T->nnodes] = 0;
					T->next[at] = T->nnodes++;
				}
				node = T->next[at];
			}
			if (!other)
				T->ends[node] |= (uint64_t)1 << k;
		}
	return 0;
fail:
	px_free(T->next);
	px_free(T->ends);
	memset(T, 0, sizeof *T);
	return -1;
}

/* The prefix rules (bits) whose strings block s[0..len) begins with,
 * ASCII case aside. A non-ASCII byte where the walk stops may be one
 * PCRE2 folds to an ASCII letter (the Kelvin sign, the long s): then
 * every rule may match. */
static uint64_t pre_scan(const pretrie *T, const unsigned char *s, size_t len)
{
	uint64_t ok = 0;
	uint32_t node = 0;
	size_t lim = len < T->maxlen ? len : T->maxlen;
	for (size_t i = 0; i < lim; i++) {
		unsigned c = T->cls[s[i]];
		uint32_t nx = c ? T->next[(size_t)node * T->ncls + c] : 0;
		if (!nx)
			return s[i] >= 0x80 ? UINT64_MAX : ok;
		node = nx;
		ok |= T->ends[node];
	}
	return ok;
}

static int kw_build(px_rules *r, px_rcache *C)
{
	kwac *A = &r->ac;
	kword *kws = NULL;
	size_t nk = 0, kcap = 0;
	uint32_t nreqs = 0;
	int rc = -1;
	kset pres[PRE_RULES];
	size_t npre = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		rule *ru = &r->rules[i];
		kset sets[KW_REQS], pre;
		ru->nreq = 0;
		ru->pre_bit = NO_PRE;
		/* only the floating and wide rules are gated (the others run in
		 * small groups chosen by the block's first byte): a smaller
		 * automaton stays in cache */
		if (!ru->floating && !rule_wide(ru))
			continue;
		size_t n = kw_sets(C, ru, sets, &pre);
		if (!ru->floating && !pre.top && npre < PRE_RULES) {
			ru->pre_bit = (uint8_t)npre;
			pres[npre++] = pre;
		} else {
			ks_free(&pre);
		}
		for (size_t k = 0; k < n; k++) {
			/* a one-byte string (a comma, a dot) met everywhere only
			 * costs scanning time, unless it is all the rule has */
			if (nreqs < 0xFFFF && ks_minlen(&sets[k]) > (k > 0)) {
				for (size_t j = 0; j < sets[k].n; j++) {
					if (px_grow((void **)&kws, &kcap, nk + 1, sizeof *kws) < 0) {
						for (; k < n; k++)
							ks_free(&sets[k]);
						goto out;
					}
					kws[nk].s = sets[k].v[j];
					/* a block holding a string holds its first bytes:
					 * gating by these alone lets through a few more
					 * blocks (the rules still decide) for a much
					 * smaller automaton, that mostly stays in cache,
					 * and short walks (see kw_scan) */
					if (kws[nk].s.len > KW_SCAN_LEN)
						kws[nk].s.len = KW_SCAN_LEN;
					kws[nk].id = nreqs;
					kws[nk].tail = (uint8_t)ru->tail;
					nk++;
				}
				ru->req[ru->nreq++] = (uint16_t)nreqs++;
			}
			ks_free(&sets[k]);
		}
	}
	static const char *const poison[] = {"\xE2\x84\xAA", "\xC5\xBF"};
	for (size_t k = 0; k < 2; k++) {
		if (px_grow((void **)&kws, &kcap, nk + 1, sizeof *kws) < 0)
			goto out;
		kws[nk].s.len = (uint8_t)strlen(poison[k]);
		memcpy(kws[nk].s.b, poison[k], kws[nk].s.len);
		kws[nk].id = nreqs; /* the poison bit */
		kws[nk].tail = 1;
		nk++;
	}
	rc = ac_build(A, kws, nk, nreqs);
	if (rc == 0) {
		/* long blocks only look for the tail rules' keywords, in their
		 * tail: an automaton of these alone is small enough for the
		 * first-level cache. Without it they take the full one. */
		size_t nt = 0;
		for (size_t k = 0; k < nk; k++)
			if (kws[k].tail)
				kws[nt++] = kws[k];
		(void)ac_build(&r->ac_tail, kws, nt, nreqs);
	}
out:
	px_free(kws);
	if (rc < 0) { /* no prefilter: every rule runs */
		px_free(A->next);
		A->next = NULL;
		for (size_t i = 0; i < r->nrules; i++)
			r->rules[i].nreq = 0;
	}
	if (rc < 0 || pre_build(&r->pt, pres, npre) < 0)
		for (size_t i = 0; i < r->nrules; i++)
			r->rules[i].pre_bit = NO_PRE;
	for (size_t k = 0; k < npre; k++)
		ks_free(&pres[k]);
	return rc;
}

/* Which requirements block s[0..len) meets: those met anywhere go to
 * m->pre, those met by a string ending at or after tail to m->post. With from > 0 the scan starts there (a long block: only its
 * tail's rules are gated). */
static void kw_scan(const kwac *A, px_rules_matcher *m, const unsigned char *s, size_t len,
                    size_t from, size_t tail)
{
	memset(m->pre, 0, A->words * sizeof *m->pre);
	memset(m->post, 0, A->words * sizeof *m->post);
	const uint16_t *next = A->next;
	const uint8_t *cls = A->cls;
	const size_t nwords = A->words;
	uint32_t sh = A->shift, st = 0, k0 = A->first_out;
#define KW_OUT(state, at)                                                             \
	do {                                                                          \
		const uint64_t *mk_ = A->masks + (size_t)((state) - k0) * nwords;     \
		uint64_t *dst_ = (at) >= tail ? m->post : m->pre;                     \
		for (size_t w_ = 0; w_ < nwords; w_++)                                \
			dst_[w_] |= mk_[w_];                                          \
	} while (0)
	/* Each step waits for the last (a table load): two walks over the two
	 * halves of the block, interleaved, take half the time. The second
	 * starts maxlen - 1 bytes before the middle: a state only depends on
	 * the last maxlen bytes, so from the middle on it is the true one,
	 * and before that it is a suffix of it (it meets fewer requirements,
	 * never one the block does not). */
	size_t i = from, n = len - from, L = A->maxlen ? A->maxlen : 1;
	if (n >= 4 * L) {
		size_t mid = from + n / 2, j = mid - (L - 1);
		uint32_t st2 = 0;
		for (; i < mid; i++, j++) {
			st = next[((size_t)st << sh) + cls[s[i]]];
			st2 = next[((size_t)st2 << sh) + cls[s[j]]];
			if (st >= k0)
				KW_OUT(st, i);
			if (st2 >= k0)
				KW_OUT(st2, j);
		}
		i = j; /* the first walk is done; the second goes on to the end */
		st = st2;
	}
	for (; i < len; i++) {
		st = next[((size_t)st << sh) + cls[s[i]]];
		if (st >= k0)
			KW_OUT(st, i);
	}
#undef KW_OUT
	for (size_t w = 0; w < nwords; w++)
		m->pre[w] |= m->post[w];
}

/* May rule ru match, by its requirements? seen: the ids met where its
 * matches can lie. */
static inline int kw_may(const rule *ru, const uint64_t *seen)
{
	for (size_t k = 0; k < ru->nreq; k++)
		if (!((seen[ru->req[k] / 64] >> (ru->req[k] % 64)) & 1))
			return 0;
	return 1;
}

/* Join rules [from, to) into one pattern; returns 0, 1 if it did not
 * compile (the caller then compiles them one by one), -1 on no memory. */
static int add_group(px_rules *r, const size_t *idx, size_t n, int marked)
{
	/* a rule alone already has a group (both tables hold the floating and
	 * wide rules): the new one uses its code, compiled and JIT-compiled once */
	int *alone = n == 1 && !marked && r->alone_group ? &r->alone_group[idx[0]] : NULL;
	if (alone && *alone >= 0) {
		if (px_grow((void **)&r->groups, &r->groups_cap, r->ngroups + 1, sizeof *r->groups) < 0)
			return -1;
		group *o = &r->groups[*alone], *gr = &r->groups[r->ngroups];
		gr->code = o->code;
		gr->floating = o->floating;
		gr->single = o->single;
		gr->kw = -1;
		gr->same = *alone;
		atomic_init(&gr->jit, JIT_NOT_YET);
		r->ngroups++;
		return 0;
	}
	px_sbuf b = PX_SBUF_INIT;
	int floating = r->rules[idx[0]].floating;
	if (floating)
		px_sbuf_printf(&b, "%s(?:", FLOAT_PREFIX);
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		if (k > 0)
			px_sbuf_putc(&b, '|');
		px_sbuf_puts(&b, "(?:");
		px_sbuf_puts(&b, r->rules[i].pattern);
		px_sbuf_putc(&b, ')');
		if (marked)
			px_sbuf_printf(&b, "(*MARK:%zu)", i);
	}
	if (floating)
		px_sbuf_putc(&b, ')');
	if (!b.data) {
		px_sbuf_free(&b);
		return -1;
	}
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)b.data, b.len, compile_opts(floating), &ec, &eo,
	                              r->cctx);
	px_sbuf_free(&b);
	if (!c)
		return ec == PCRE2_ERROR_NOMEMORY ? -1 : 1;
	if (px_grow((void **)&r->groups, &r->groups_cap, r->ngroups + 1, sizeof *r->groups) < 0) {
		pcre2_code_free(c);
		return -1;
	}
	r->groups[r->ngroups].code = c;
	r->groups[r->ngroups].floating = floating;
	r->groups[r->ngroups].single = marked ? -1 : (int)idx[0];
	r->groups[r->ngroups].kw = -1;
	r->groups[r->ngroups].same = -1;
	atomic_init(&r->groups[r->ngroups].jit, JIT_NOT_YET);
	if (alone)
		*alone = (int)r->ngroups;
	r->ngroups++;
	return 0;
}

/* One group of idx[0..n), or, when they do not compile together (too
 * large for PCRE2, or a pattern that does not survive being joined), two
 * halves, down to single rules. */
static int join(px_rules *r, const size_t *idx, size_t n)
{
	int rc = add_group(r, idx, n, n > 1);
	if (rc <= 0)
		return rc;
	if (n == 1)
		return add_group(r, idx, 1, 0) < 0 ? -1 : 0;
	if (join(r, idx, n / 2) < 0)
		return -1;
	return join(r, idx + n / 2, n - n / 2);
}

/* Join the rules idx[0..n) into groups of GROUP_RULES (a rule with back
 * references alone); 0, or -1 on no memory. */
static int add_groups(px_rules *r, const size_t *idx, size_t n)
{
	size_t from = 0;
	for (size_t k = 0; k <= n; k++) {
		int end = k == n;
		if (!end && !r->rules[idx[k]].alone && k - from < GROUP_RULES)
			continue;
		if (k > from && join(r, idx + from, k - from) < 0)
			return -1;
		from = k;
		if (!end && r->rules[idx[k]].alone) {
			if (add_group(r, &idx[k], 1, 0) < 0)
				return -1;
			from = k + 1;
		}
	}
	return 0;
}

/* As add_groups, but a rule with keyword requirements or a prefix set
 * gets a group of its own, gated by them: a block without its keywords,
 * or that begins otherwise, skips it. The order of the rules is kept
 * (runs of the others are joined as before). */
static int add_groups_kw(px_rules *r, const size_t *idx, size_t n)
{
	size_t from = 0;
	for (size_t k = 0; k <= n; k++) {
		if (k < n && !r->rules[idx[k]].nreq && r->rules[idx[k]].pre_bit == NO_PRE)
			continue;
		if (k > from && add_groups(r, idx + from, k - from) < 0)
			return -1;
		from = k + 1;
		if (k < n) {
			if (add_group(r, &idx[k], 1, 0) < 0)
				return -1;
			r->groups[r->ngroups - 1].kw = (int)idx[k];
		}
	}
	return 0;
}

static int byte_class(unsigned c)
{
	if (c >= 'a' && c <= 'z')
		return (int)(c - 'a');
	if (c >= 'A' && c <= 'Z')
		return (int)(c - 'A');
	if (c >= '0' && c <= '9')
		return 26;
	return 27;
}

/* Anchored rules, one set of groups per distinct set of rules that can
 * start with a given byte (load order kept within each); then the
 * floating rules. */
static int build_table(px_rules *r, table *t, int for_long)
{
	size_t nr = r->nrules ? r->nrules : 1;
	size_t *idx = px_malloc(nr * sizeof *idx);
	/* the distinct sets seen so far, as lists of rule indices */
	size_t *lists = px_malloc(28 * nr * sizeof *lists); /* a set per byte class at most */
	size_t lens[256], nsets = 0;
	uint32_t set_first[256], set_count[256];
	uint8_t *wide = px_calloc(nr, 1), *skip = px_calloc(nr, 1);
	uint32_t *cmask = px_calloc(nr, sizeof *cmask);
	if (!idx || !lists || !wide || !skip || !cmask)
		goto nomem;
	/* a rule that can start with bytes of many classes (a list of menu
	 * words, a date) would be compiled into every bucket: it goes to one
	 * group tried for every block instead */
	for (size_t i = 0; i < r->nrules; i++) {
		uint32_t m = 0;
		for (unsigned b = 0; b < 256; b++)
			if (r->rules[i].first[b / 8] & (1u << (b % 8)))
				m |= 1u << byte_class(b);
		cmask[i] = m;
		int classes = 0;
		for (; m; m &= m - 1)
			classes++;
		wide[i] = !r->rules[i].floating && classes > WIDE_CLASSES;
		/* a long block is prose or a notice: a floating rule would cost
		 * a pass over all its words, so only anchored rules look at it */
		skip[i] = for_long && (r->rules[i].shortonly ||
		                       (r->rules[i].floating && !r->rules[i].tail));
	}
	for (unsigned c = 0; c < 256; c++) {
		/* buckets by class of byte (a letter either case, a digit, any
		 * other byte), so that a few dozen patterns get compiled */
		int cls = byte_class(c);
		size_t n = 0;
		for (size_t i = 0; i < r->nrules; i++)
			if (!skip[i] && !r->rules[i].floating && !wide[i] && (cmask[i] & (1u << cls)))
				idx[n++] = i;
		size_t s;
		for (s = 0; s < nsets; s++)
			if (lens[s] == n && !memcmp(lists + s * nr, idx, n * sizeof *idx))
				break;
		if (s == nsets) {
			memcpy(lists + s * nr, idx, n * sizeof *idx);
			lens[s] = n;
			set_first[s] = (uint32_t)r->ngroups;
			if (add_groups(r, idx, n) < 0)
				goto nomem;
			set_count[s] = (uint32_t)(r->ngroups - set_first[s]);
			nsets++;
		}
		t->bucket_first[c] = set_first[s];
		t->bucket_count[c] = set_count[s];
	}
	size_t n = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (wide[i] && !skip[i])
			idx[n++] = i;
	t->wide_first = (uint32_t)r->ngroups;
	if (add_groups_kw(r, idx, n) < 0)
		goto nomem;
	t->wide_count = (uint32_t)(r->ngroups - t->wide_first);
	n = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i].tail && !skip[i])
			idx[n++] = i;
	t->tail_first = (uint32_t)r->ngroups;
	if (add_groups_kw(r, idx, n) < 0)
		goto nomem;
	t->tail_count = (uint32_t)(r->ngroups - t->tail_first);
	n = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (r->rules[i].floating && !r->rules[i].tail && !skip[i])
			idx[n++] = i;
	t->float_first = (uint32_t)r->ngroups;
	if (add_groups_kw(r, idx, n) < 0)
		goto nomem;
	t->float_count = (uint32_t)(r->ngroups - t->float_first);
	px_free(wide);
	px_free(skip);
	px_free(cmask);
	px_free(lists);
	px_free(idx);
	return 0;
nomem:
	px_free(wide);
	px_free(skip);
	px_free(cmask);
	px_free(lists);
	px_free(idx);
	return -1;
}

static int build_groups(px_rules *r, px_rcache *C)
{
	sw_build_fast(r);
	/* requirements first: the groups are cut by them. Without memory for
	 * the automaton the rules only run unfiltered. */
	(void)kw_build(r, C);
	/* without memory for it every group compiles its own code */
	r->alone_group = px_malloc((r->nrules ? r->nrules : 1) * sizeof *r->alone_group);
	for (size_t i = 0; r->alone_group && i < r->nrules; i++)
		r->alone_group[i] = -1;
	int rc = build_table(r, &r->tabs[0], 0);
	int two = 0;
	for (size_t i = 0; i < r->nrules; i++)
		two |= r->rules[i].shortonly || (r->rules[i].floating && !r->rules[i].tail);
	if (rc == 0 && two)
		rc = build_table(r, &r->tabs[1], 1);
	else if (rc == 0)
		r->tabs[1] = r->tabs[0]; /* no short-only rule: one table serves */
	px_free(r->alone_group);
	r->alone_group = NULL;
	return rc;
}

/* ---- files ------------------------------------------------------------------ */

static char *read_file(const char *path, int *eno)
{
	FILE *f = fopen(path, "rbe");
	if (!f) {
		*eno = errno;
		return NULL;
	}
	px_sbuf b = PX_SBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (px_sbuf_append(&b, buf, n) < 0) {
			fclose(f);
			px_sbuf_free(&b);
			*eno = ENOMEM;
			return NULL;
		}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		px_sbuf_free(&b);
		*eno = EIO;
		return NULL;
	}
	if (px_sbuf_putc(&b, '\0') < 0) {
		px_sbuf_free(&b);
		*eno = ENOMEM;
		return NULL;
	}
	*eno = 0;
	return b.data;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every file of dir whose name ends in suffix, sorted; 0, or -1 on no
 * memory. A missing directory is no error. */
static int list_dir(const char *dir, const char *suffix, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t cap = 0, sl = strlen(suffix);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix))
			continue;
		if (px_grow((void **)out, &cap, *n + 1, sizeof **out) < 0)
			goto nomem;
		px_sbuf b = PX_SBUF_INIT;
		px_sbuf_printf(&b, "%s/%s", dir, e->d_name);
		if (!((*out)[*n] = px_sbuf_detach(&b, NULL)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
nomem:
	closedir(d);
	for (size_t i = 0; i < *n; i++)
		px_free((*out)[i]);
	px_free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

static int load_dir(loader *L, const char *base, const char *sub, int stop)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "%s/%s", base, sub);
	char *dir = px_sbuf_detach(&b, NULL);
	if (!dir)
		return -1;
	char **files;
	size_t n;
	int rc = list_dir(dir, stop ? ".txt" : ".rules", &files, &n);
	px_free(dir);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		int eno;
		char *text = read_file(files[i], &eno);
		if (!text) {
			if (eno == ENOMEM)
				rc = -1;
			else
				report(L, "%s: cannot read: %s", files[i], strerror(eno));
			continue;
		}
		if (stop) {
			const char *slash = strrchr(files[i], '/');
			const char *nm = slash ? slash + 1 : files[i];
			long li = lang_index(L, nm, strlen(nm) - 4);
			if (li == -2)
				report(L, "%s: too many stop-word languages; skipped", files[i]);
			else if (li < 0 || add_words(L, text, (size_t)li) < 0)
				rc = -1;
		} else if (parse_rules(L, files[i], text) < 0) {
			rc = -1;
		}
		px_free(text);
	}
	for (size_t i = 0; i < n; i++)
		px_free(files[i]);
	px_free(files);
	return rc;
}

static px_rules *rules_new(void)
{
	px_rules *r = px_calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->gctx = pcre2_general_context_create(gc_malloc, gc_free, NULL);
	r->cctx = r->gctx ? pcre2_compile_context_create(r->gctx) : NULL;
	r->mctx = r->gctx ? pcre2_match_context_create(r->gctx) : NULL;
	r->jit_lock = px_malloc(JIT_LOCKS * sizeof *r->jit_lock);
	for (size_t i = 0; r->jit_lock && i < JIT_LOCKS; i++)
		if (pthread_mutex_init(&r->jit_lock[i], NULL) != 0) {
			while (i-- > 0)
				pthread_mutex_destroy(&r->jit_lock[i]);
			px_free(r->jit_lock);
			r->jit_lock = NULL;
		}
	if (!r->mctx || !r->jit_lock) {
		px_rules_free(r);
		return NULL;
	}
	pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
	r->max_capture = 1;
	return r;
}

/* What the cached checks depend on besides the pattern: this program
 * (its version, the probes, the limits, the keyword parser's bounds), the
 * PCRE2 library and its Unicode tables, and this machine's byte order and
 * word size (the file is written as the structures lie in memory). */
static char *cache_salt(void)
{
	char ver[64] = "", uni[32] = "";
	pcre2_config(PCRE2_CONFIG_VERSION, ver);
	pcre2_config(PCRE2_CONFIG_UNICODE_VERSION, uni);
	uint64_t h = 0xCBF29CE484222325ULL;
	for (size_t i = 0; i < sizeof probes / sizeof *probes; i++)
		h = hash_bytes(probes[i], strlen(probes[i])) ^ (h * 0x100000001B3ULL);
	const uint32_t order = 0x01020304;
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "parallax %s; pcre2 %s, unicode %s; probes %016llx %d %d %d; "
	               "float %s %x; kw %d %d %d %d; %u-byte words, order %u",
	               PACKAGE_VERSION, ver, uni, (unsigned long long)h, PROBE_LIMIT, DEPTH_LIMIT,
	               (int)(sizeof probes / sizeof *probes), FLOAT_PREFIX, (unsigned)compile_opts(0),
	               KW_SET_MAX, KW_LEN_MAX, KW_REQS, WIDE_CLASSES, (unsigned)sizeof(void *),
	               (unsigned)*(const unsigned char *)&order);
	return px_sbuf_detach(&b, NULL);
}

px_status px_rules_load(px_rules **out, const char *datadir, const char *userdir,
                        px_rules_diag_fn diag, void *ctx, px_error *err)
{
	return px_rules_load_cached(out, datadir, userdir, NULL, diag, ctx, err);
}

px_status px_rules_load_cached(px_rules **out, const char *datadir, const char *userdir,
                               const char *cache, px_rules_diag_fn diag, void *ctx,
                               px_error *err)
{
	*out = NULL;
	loader L = {rules_new(), diag, ctx, 0, NULL};
	if (!L.r)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory loading rules");
	if (cache) {
		/* without memory for it, loading goes on uncached */
		char *salt = cache_salt();
		L.cache = salt ? px_rcache_open(cache, salt) : NULL;
		px_free(salt);
	}
	const char *dirs[2] = {datadir, userdir};
	for (int i = 0; i < 2; i++) {
		if (!dirs[i])
			continue;
		if (load_dir(&L, dirs[i], "stopwords", 1) < 0 ||
		    load_dir(&L, dirs[i], "rules", 0) < 0)
			goto nomem;
	}
	if (build_groups(L.r, L.cache) < 0)
		goto nomem;
	px_rcache_close(L.cache);
	L.cache = NULL;
	if (L.r->nrules == 0 && L.r->sw_n == 0) {
		px_rules_free(L.r);
		return px_error_set(err, PX_ERR_NOTFOUND, "no reader-mode rules or stop words "
		                    "under %s", datadir ? datadir : "(no data directory)");
	}
	*out = L.r;
	return PX_OK;
nomem:
	px_rcache_close(L.cache); /* what it learnt is still true */
	px_rules_free(L.r);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory loading rules");
}

px_status px_rules_from_string(px_rules **out, const char *fname, const char *text,
                               const char *stopwords, px_rules_diag_fn diag,
                               void *ctx, px_error *err)
{
	*out = NULL;
	loader L = {rules_new(), diag, ctx, 0, NULL};
	char *copy = NULL;
	if (!L.r)
		goto nomem;
	if (text) {
		if (!(copy = px_strdup(text)) || parse_rules(&L, fname, copy) < 0)
			goto nomem;
	}
	for (const char *p = stopwords; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *colon = memchr(p, ':', n);
		if (colon) {
			long li = lang_index(&L, p, (size_t)(colon - p));
			char *ws = px_strndup(colon + 1, n - (size_t)(colon + 1 - p));
			int bad = li < 0 || !ws || add_words(&L, ws, (size_t)li) < 0;
			px_free(ws);
			if (bad)
				goto nomem;
		}
		p = e ? e + 1 : p + n;
	}
	if (build_groups(L.r, NULL) < 0)
		goto nomem;
	px_free(copy);
	*out = L.r;
	return PX_OK;
nomem:
	px_free(copy);
	px_rules_free(L.r);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory loading rules");
}

void px_rules_free(px_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrules; i++) {
		px_free(r->rules[i].name);
		px_free(r->rules[i].where);
		px_free(r->rules[i].pattern);
	}
	px_free(r->rules);
	for (size_t i = 0; i < r->ngroups; i++)
		if (r->groups[i].same < 0)
			pcre2_code_free(r->groups[i].code);
	px_free(r->groups);
	for (size_t i = 0; i < r->sw_cap; i++)
		px_free(r->sw[i].word);
	px_free(r->sw);
	px_free(r->fk0);
	px_free(r->fk1);
	px_free(r->fmask);
	for (size_t i = 0; i < r->nlangs; i++)
		px_free(r->langs[i]);
	px_free(r->ac.next);
	px_free(r->ac.masks);
	px_free(r->ac_tail.next);
	px_free(r->ac_tail.masks);
	px_free(r->pt.next);
	px_free(r->pt.ends);
	pcre2_match_context_free(r->mctx);
	pcre2_compile_context_free(r->cctx);
	pcre2_general_context_free(r->gctx);
	for (size_t i = 0; r->jit_lock && i < JIT_LOCKS; i++)
		pthread_mutex_destroy(&r->jit_lock[i]);
	px_free(r->jit_lock);
	px_free(r);
}

/* ---- matching ----------------------------------------------------------------- */

px_rules_matcher *px_rules_matcher_new(const px_rules *r)
{
	px_rules_matcher *m = px_malloc(sizeof *m);
	if (!m)
		return NULL;
	m->md = pcre2_match_data_create(r->max_capture + 1, r->gctx);
	m->words = r->ac.words ? r->ac.words : 1;
	m->pre = px_calloc(m->words, sizeof *m->pre);
	m->post = px_calloc(m->words, sizeof *m->post);
	if (!m->md || !m->pre || !m->post) {
		px_rules_matcher_free(m);
		return NULL;
	}
	return m;
}

void px_rules_matcher_free(px_rules_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	px_free(m->pre);
	px_free(m->post);
	px_free(m);
}

int px_rules_match(const px_rules *r, px_rules_matcher *m, const char *s, size_t len)
{
	return px_rules_match_words(r, m, s, len, 0);
}

/* JIT-compile group g if no thread has yet (see JIT_NOT_YET); its state.
 * Threads that meet the group meanwhile wait here rather than match it
 * through the interpreter. JIT is an optimisation: without it (no JIT
 * support, no memory for it) the group is matched by the interpreter. */
static int group_jit(const px_rules *r, size_t g)
{
	group *gr = &r->groups[g];
	int st = atomic_load_explicit(&gr->jit, memory_order_acquire);
	if (st != JIT_NOT_YET)
		return st;
	pthread_mutex_t *lock = &r->jit_lock[g % JIT_LOCKS];
	pthread_mutex_lock(lock);
	st = atomic_load_explicit(&gr->jit, memory_order_relaxed);
	if (st == JIT_NOT_YET) {
		size_t jit_size = 0;
		st = pcre2_jit_compile(gr->code, PCRE2_JIT_COMPLETE) == 0 &&
		     pcre2_pattern_info(gr->code, PCRE2_INFO_JITSIZE, &jit_size) == 0 &&
		     jit_size > 0 ? JIT_READY : JIT_NONE;
		atomic_store_explicit(&gr->jit, st, memory_order_release);
	}
	pthread_mutex_unlock(lock);
	return st;
}

/* Run group g on s from start; 1 and its rule in *ri, *at where the
 * match starts, or 0. */
static int run_group(const px_rules *r, px_rules_matcher *m, size_t g, const char *s, size_t len,
                     size_t start, int *ri, size_t *at)
{
	/* the text is valid UTF-8 (decode made it so): no check per call;
	 * a JIT-compiled group skips pcre2_match's checks and dispatch (the
	 * same match, limits included) */
	size_t c = r->groups[g].same >= 0 ? (size_t)r->groups[g].same : g;
	int rc = group_jit(r, c) == JIT_READY
		? pcre2_jit_match(r->groups[c].code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK,
		                  m->md, r->mctx)
		: pcre2_match(r->groups[c].code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK,
		              m->md, r->mctx);
	if (rc < 0)
		return 0; /* no match, or a limit hit: not this group */
	if (r->groups[g].single >= 0) {
		*ri = r->groups[g].single;
	} else {
		PCRE2_SPTR mark = pcre2_get_mark(m->md);
		if (!mark)
			return 0;
		*ri = atoi((const char *)mark);
	}
	*at = pcre2_get_ovector_pointer(m->md)[0];
	return 1;
}

int px_rules_match_words(const px_rules *r, px_rules_matcher *m, const char *s, size_t len,
                         size_t words)
{
	if (len == 0 || len > PX_RULES_MAX_BLOCK)
		return -1;
	int is_long = words > PX_RULES_SHORT_WORDS;
	const table *t = &r->tabs[is_long];
	unsigned char c0 = (unsigned char)s[0];
	/* tail rules start looking PX_RULES_TAIL_BYTES before the end (at a
	 * character's first byte); what comes before stays visible to
	 * their "word starts here" look-behind */
	size_t tail = len > PX_RULES_TAIL_BYTES ? len - PX_RULES_TAIL_BYTES : 0;
	while (tail < len && ((unsigned char)s[tail] & 0xC0) == 0x80)
		tail++;
	int ri;
	size_t at;
	/* anchored: the first rule in order that matches; first the small
	 * groups chosen by the block's first byte, not gated */
	for (size_t g = t->bucket_first[c0]; g < t->bucket_first[c0] + t->bucket_count[c0]; g++)
		if (run_group(r, m, g, s, len, 0, &ri, &at))
			return ri;
	/* the keywords of the block: all of it when its floating and wide
	 * rules may run, only its tail for a long block (whose wide rules,
	 * few and anchored, run ungated: a pass over a long paragraph would
	 * cost more than they do) */
	const kwac *A = &r->ac;
	int gate = A->next != NULL;
	uint64_t pre_ok = 0;
	int pre_done = 0;
	if (gate) {
		if (is_long && r->ac_tail.next)
			kw_scan(&r->ac_tail, m, (const unsigned char *)s, len, tail, tail);
		else
			kw_scan(A, m, (const unsigned char *)s, len, is_long ? tail : 0, tail);
		uint32_t p = A->nreqs; /* poison: a character PCRE2 folds to ASCII */
		if ((m->pre[p / 64] >> (p % 64)) & 1)
			gate = 0;
	}
	for (size_t g = t->wide_first; g < t->wide_first + t->wide_count; g++) {
		int kw = r->groups[g].kw;
		/* a wide rule alone: PCRE2's own first-byte set of it, as the
		 * buckets use, spares the call when the block cannot start it
		 * (one bit: tried before the keywords) */
		if (kw >= 0 && !(r->rules[kw].first[c0 / 8] & (1u << (c0 % 8))))
			continue;
		/* nor when the block begins with none of the strings every
		 * match of it begins with (one walk of a trie, for all) */
		if (kw >= 0 && r->rules[kw].pre_bit != NO_PRE) {
			if (!pre_done) {
				pre_ok = pre_scan(&r->pt, (const unsigned char *)s, len);
				pre_done = 1;
			}
			if (!((pre_ok >> r->rules[kw].pre_bit) & 1))
				continue;
		}
		if (gate && kw >= 0 && !is_long && !kw_may(&r->rules[kw], m->pre))
			continue;
		if (run_group(r, m, g, s, len, 0, &ri, &at))
			return ri;
	}
	/* tail, then floating rules: the match that starts first, the first
	 * rule in order among those starting there (as one alternation of
	 * them all would find) */
	size_t ranges[2][2] = {
		{t->tail_first, t->tail_first + t->tail_count},
		{t->float_first, t->float_first + t->float_count},
	};
	for (int k = 0; k < 2; k++) {
		int best = -1;
		size_t best_at = SIZE_MAX;
		for (size_t g = ranges[k][0]; g < ranges[k][1]; g++) {
			int kw = r->groups[g].kw;
			if (gate && kw >= 0 && !kw_may(&r->rules[kw], k == 0 ? m->post : m->pre))
				continue;
			if (run_group(r, m, g, s, len, k == 0 ? tail : 0, &ri, &at) && at < best_at) {
				best = ri;
				best_at = at;
			}
		}
		if (best >= 0)
			return best;
	}
	return -1;
}

size_t px_rules_count(const px_rules *r)
{
	return r->nrules;
}

const char *px_rules_name(const px_rules *r, int i)
{
	return i >= 0 && (size_t)i < r->nrules ? r->rules[i].name : NULL;
}

int px_rules_ends(const px_rules *r, int i)
{
	return i >= 0 && (size_t)i < r->nrules && r->rules[i].ends;
}

px_label px_rules_label(const px_rules *r, int i)
{
	return i >= 0 && (size_t)i < r->nrules ? r->rules[i].label : PX_LABEL_BODY;
}

size_t px_rules_nlangs(const px_rules *r)
{
	return r->nlangs;
}

const char *px_rules_lang(const px_rules *r, size_t i)
{
	return i < r->nlangs ? r->langs[i] : NULL;
}
