/* actors_int.h - what the actor engine's files share and nobody else sees:
 * the lexicon's layout, a string map, and the word flags of detection. */
#ifndef PARALLAX_ACTORS_INT_H
#define PARALLAX_ACTORS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "parallax/actors.h"
#include "parallax/sbuf.h"

/* --- a string -> uint32 map (open addressing, keys owned) ------------------ */

typedef struct px_strmap_slot {
	char *key;   /* NULL when empty */
	uint32_t len;
	uint32_t hash;
	uint32_t val;
} px_strmap_slot;

typedef struct px_strmap {
	px_strmap_slot *slots;
	size_t cap, n; /* cap is 0 or a power of two */
	uint64_t *filter; /* of a frozen map: one bit per low hash bits that some
	                     key has (PX_STRMAP_FILTER_BITS); NULL otherwise */
} px_strmap;

enum { PX_STRMAP_FILTER_BITS = 1 << 16 };

uint32_t px_strhash(const char *s, size_t n);

/* A set of 32-bit hashes: which words were seen, without their bytes (a
 * collision costs one doubtful capital, not correctness of memory). */
typedef struct px_hashset {
	uint32_t *v; /* 0 = empty slot */
	size_t cap, n;
} px_hashset;

int px_hashset_add(px_hashset *h, uint32_t x);
int px_hashset_has(const px_hashset *h, uint32_t x);
void px_hashset_free(px_hashset *h);
/* The hash of s lower-cased (ASCII inline; other text via px_lower). */
uint32_t px_lower_hash(const char *s, size_t n, px_sbuf *tmp);
void px_strmap_free(px_strmap *m);
/* The value of key, or NULL. */
uint32_t *px_strmap_get(const px_strmap *m, const char *key, size_t n);
/* The value of key lower-cased, for ASCII keys; NULL if absent or not
 * ASCII (the caller then lower-cases with px_lower). */
uint32_t *px_strmap_get_lower(const px_strmap *m, const char *key, size_t n);
/* The same, *other set when key is not ASCII (and NULL returned). */
uint32_t *px_strmap_find_lower(const px_strmap *m, const char *key, size_t n, int *other);
/* px_strmap_get_lower of an ASCII key whose hash h (px_lower_hash, the
 * same function) is known. */
uint32_t *px_strmap_get_lower_hashed(const px_strmap *m, const char *key, size_t n,
                                     uint32_t h);
/* Could a key of hash h be in m? Only a frozen map's filter can say no:
 * inline, as most of detection's cue lookups end here. */
static inline int px_strmap_may_have(const px_strmap *m, uint32_t h)
{
	uint32_t b = h & (PX_STRMAP_FILTER_BITS - 1);
	return !m->filter || ((m->filter[b / 64] >> (b % 64)) & 1);
}
/* A map that is done growing (the lexicon's), made fast to miss in, as
 * most cue lookups do: a bit filter of 8 KB, which stays in the cache,
 * answers most of them without touching the slots. A later put drops the
 * filter. */
int px_strmap_freeze(px_strmap *m);
/* The value slot of key, created as 0 (*isnew set) when absent; NULL when
 * memory ran out. */
uint32_t *px_strmap_put(px_strmap *m, const char *key, size_t n, int *isnew);

/* --- the lexicon ------------------------------------------------------------ */

/* Word classes, from cues.tsv, common.txt and demonyms.txt. */
enum {
	PX_CUE_TITLE = 1u << 0,
	PX_CUE_PARTICLE = 1u << 1,
	PX_CUE_CONNECTOR = 1u << 2,
	PX_CUE_ORG = 1u << 3,
	PX_CUE_LEGAL = 1u << 4,
	PX_CUE_GENERIC = 1u << 5,
	PX_CUE_PLACE = 1u << 6,
	PX_CUE_PLACEPREP = 1u << 7,
	PX_CUE_MONTH = 1u << 8,
	PX_CUE_WEEKDAY = 1u << 9,
	PX_CUE_NEVER = 1u << 10,
	PX_CUE_COMMON = 1u << 11,
	PX_CUE_DEMONYM = 1u << 12,
	PX_CUE_TITLE_PREFIX = 1u << 13, /* a word that starts a longer title */
	PX_CUE_HONORIFIC = 1u << 14,    /* Mr., Dr.: a title the mention's span
	                                   keeps (as written), the name does not */
	PX_CUE_REGION = 1u << 15,       /* a state or province after a town and
	                                   a comma: Fort Smith, Ark. */
	PX_CUE_NOUNLANG = 1u << 16      /* a function word of a language that
	                                   capitalises every noun (German) */
};

enum { PX_NOUNLANG_BITS = 4096 };

typedef struct px_gaz_entry {
	char *name;
	int kind; /* px_actor_kind, or -1: not said (a user's "same" line) */
} px_gaz_entry;

typedef struct px_fold_rule {
	char *from, *to;
	uint8_t flen, tlen;
	uint8_t at_start, at_end;
} px_fold_rule;

struct px_lexicon {
	px_strmap cues;      /* lower-case word or phrase -> PX_CUE_* */
	px_strmap gaz;       /* normalised alias -> gazetteer index + 1 */
	px_gaz_entry *gz;
	size_t ngz, gzcap;
	px_fold_rule *rules; /* sorted: longest FROM first */
	size_t nrules, rulecap;
	/* the rules by the first byte of FROM, in their order: those for byte
	 * c are rule_ix[rule_at[c] .. rule_at[c + 1]), so that folding a
	 * letter tries only the rules that can start with it */
	uint32_t *rule_ix;
	uint32_t rule_at[257];
	px_strmap distinct;  /* "keyA\tkeyB" (sorted) of forbidden merges */
	/* the low bits of the hashes of the cues with PX_CUE_NOUNLANG: a word
	 * whose hash has no bit here is none of them, without a lookup (the
	 * language sample looks up most short words of every article) */
	uint64_t nounlang_bits[PX_NOUNLANG_BITS / 64];
	int title_words;     /* most words in a title phrase */
};

/* Cue flags of the lower-case word or phrase s (0 if none). */
uint32_t px_lexicon_cue(const px_lexicon *lx, const char *s, size_t n);
/* Gazetteer index of the name s as written (normalised here, in tmp when
 * not NULL: scratch space), or -1. */
long px_lexicon_gaz(const px_lexicon *lx, const char *s, size_t n, px_sbuf *tmp);
/* Normalise a name for gazetteer lookup: lower case, no periods, hyphens
 * as spaces, no leading "the", single letters joined (U. S. -> us). */
int px_gaz_norm(const char *s, size_t n, px_sbuf *out);

/* --- names (names.c) -------------------------------------------------------- */

/* Scratch space for parsing many names (px_name_parse_with): kept between
 * names, so that parsing allocates only each name's one block. */
typedef struct px_name_scratch {
	px_sbuf low, pl, fw, buf, join;
} px_name_scratch;

struct px_name;
int px_name_parse_with(const px_lexicon *lx, const char *s, size_t n, struct px_name *out,
                       px_name_scratch *sc);
void px_name_scratch_free(px_name_scratch *sc);

/* --- detection (actors_detect.c) ------------------------------------------- */

enum {
	PX_CAND_PERSON = 1 << 0, /* after a title cue (Mr., Prime Minister) */
	PX_CAND_PLACE = 1 << 1,  /* after a place preposition (in, near) */
	PX_CAND_WEAK = 1 << 2,   /* in a heading, or a lone sentence-initial word:
	                            kept only if the dossier knows the name */
	PX_CAND_SENT = 1 << 3,   /* starts a sentence: its first word may be a
	                            common word (start2 is the name without it) */
	PX_CAND_ORG = 1 << 4,    /* holds an organisation word */
	PX_CAND_HEAD = 1 << 5,   /* in a heading: only its known names count */
	PX_CAND_HON = 1 << 6     /* after an honorific (Dr. Regina Benjamin):
	                            the name proper starts at start2 */
};

/* A candidate: 16 bytes, as there is one for most mentions of the
 * dossier's distinct texts, and they are all kept until the dossier's
 * names are known (its article is its run's). The span ends where the
 * name does (most annotated news leaves a possessive 's out). */
typedef struct px_cand {
	uint32_t start, end; /* bytes in the doc's reading text */
	uint32_t start2;     /* start without the first word (PX_CAND_SENT), or
	                        after the honorific (PX_CAND_HON); else start */
	uint32_t flags;
} px_cand;

/* The candidates of one article: those before end, from the previous
 * run's end on (the article's doc is px_article.doc) */
typedef struct px_cand_run {
	uint32_t art;
	size_t end;
} px_cand_run;

typedef struct px_detect {
	const px_lexicon *lx;
	px_cand *c;
	size_t n, cap;
	px_cand_run *runs; /* the articles of c, in order */
	size_t nruns, runcap;
	px_hashset lower; /* words seen in lower case: common, not names */
	px_sbuf tmp;
	void *toks;       /* scratch token array */
	size_t ntoks_cap;
	/* short lower-case words sampled in the current article, and how many
	 * belong to a language that capitalises its nouns */
	uint32_t sampled, nounlang;
	/* the hashes last added to lower, by their low bits: most lower-case
	 * words are frequent ones (said, that), added again and again, which
	 * this answers from the cache without a probe of the whole set */
	uint32_t recent[2048];
	/* the cues of short lower-case words near capitals, by their bytes
	 * (key, len; len 0: none): most are a few function words (the, of,
	 * in), looked up again and again */
	struct {
		uint64_t key;
		uint32_t len, cue;
	} memo[256];
	/* the gazetteer's answers for phrases of the text (detect_gaz), by
	 * their text: a dossier names the same people again and again */
	struct px_gaz_memo *gaz_memo;
} px_detect;

/* Find the candidate names of one block of a doc's reading text. The text
 * is NUL-terminated (a px_text's): a word is read up to the first byte
 * that is no letter or digit, past the block's end if need be. It must
 * stay as it is until px_detect_free: D remembers phrases of it. */
int px_detect_block(px_detect *D, const char *text, uint32_t art,
                    uint32_t bstart, uint32_t bend, int heading);
void px_detect_free(px_detect *D);

/* Lower-case s (UTF-8) into out; ASCII without libunistring. */
int px_lower(const char *s, size_t n, px_sbuf *out);

/* The slot of span s (n bytes) in a cache of 2^bits: a cheap hash of its
 * length and of its first and last eight bytes (the span's own) */
static inline size_t span_slot(const char *s, size_t n, unsigned bits)
{
	uint64_t a = 0, b = 0;
	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
	} else {
		for (size_t i = 0; i < n; i++)
			a = a << 8 | (unsigned char)s[i];
	}
	uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
	return (size_t)(h >> (64 - bits));
}

#endif
