/* actors_detect.c - candidate names in one block of reading text.
 *
 * A name is a run of capitalised words joined by blanks only, with the
 * lower-case particles that live inside names (al, bin, van) and, in an
 * organisation's name, its connectors (of, for, and). Title cues (Mr.,
 * Prime Minister) end a run and mark the next one as a person. Whether a
 * sentence's first word is a name or a common word is decided later, when
 * the whole dossier has been seen (actors.c), so here such candidates only
 * carry flags. ASCII text takes fast paths; libunistring classifies the
 * rest. */
#include <string.h>

#include <unictype.h>
#include <unistr.h>

#include "actors_int.h"
#include "parallax/alloc.h"

enum {
	T_CAP = 1 << 0,     /* starts with a capital (or al-Capital) */
	T_ALLCAPS = 1 << 1, /* two or more letters, all capitals */
	T_LOWER = 1 << 2,
	T_NUM = 1 << 3,
	T_SENT = 1 << 4,    /* first word of a sentence */
	T_JOIN = 1 << 5,    /* only blanks since the previous word */
	T_INITIAL = 1 << 6, /* one capital letter and a period */
	T_POSS = 1 << 7,    /* ends in 's: the name ends here */
	T_LAZY = 1 << 8,    /* lower case, far from capitals: cue not looked up */
	T_HASHED = 1 << 9,  /* ASCII; lh is the hash of the word lower-cased */
	T_APOS = 1 << 10,   /* an apostrophe may be inside (I'm, Kata'ib) */
	T_SHOUT = 1 << 11   /* in a stretch of capitals that holds everyday words */
};

/* A word: 20 bytes, as there is one for every word of a block */
typedef struct tok {
	uint32_t s, e; /* the word; e excludes a possessive 's */
	uint32_t cue;
	uint32_t f;
	uint32_t lh;   /* with T_HASHED: px_lower_hash of [s, e) */
} tok;

/* What the tokenizer asks of a byte, answered by one load: ASCII's
 * letters, digits, blanks and punctuation by the part they play in a
 * word or a sentence. A byte from 0x80 on is part of a longer code point,
 * which is decoded. */
enum {
	B_LOWER = 1 << 0, /* a-z */
	B_UPPER = 1 << 1, /* A-Z */
	B_DIGIT = 1 << 2, /* 0-9 */
	B_BLANK = 1 << 3, /* space, tab (U+00A0 is decoded) */
	B_HIGH = 1 << 4,  /* 0x80 and up */
	B_TAIL = 1 << 5,  /* may go on a word after its letters: ' - . and B_HIGH */
	B_STOP = 1 << 6,  /* ends a sentence: . ! ? : ; */
	B_KEEP = 1 << 7   /* leaves a sentence's start where it is: " ( [ ' */
};
enum { B_LETTER = B_LOWER | B_UPPER, B_ALNUM = B_LETTER | B_DIGIT };

#define B8(c) c, c, c, c, c, c, c, c
#define B32(c) B8(c), B8(c), B8(c), B8(c)
static const uint8_t byte_class[256] = {
	['\t'] = B_BLANK, [' '] = B_BLANK, ['!'] = B_STOP, ['"'] = B_KEEP,
	['\''] = B_KEEP | B_TAIL, ['('] = B_KEEP, ['-'] = B_TAIL, ['.'] = B_STOP | B_TAIL,
	['0'] = B8(B_DIGIT), B_DIGIT, B_DIGIT,
	[':'] = B_STOP, [';'] = B_STOP, ['?'] = B_STOP,
	['A'] = B8(B_UPPER), B8(B_UPPER), B8(B_UPPER), B_UPPER, B_UPPER,
	['['] = B_KEEP,
	['a'] = B8(B_LOWER), B8(B_LOWER), B8(B_LOWER), B_LOWER, B_LOWER,
	[0x80] = B32(B_HIGH | B_TAIL), B32(B_HIGH | B_TAIL), B32(B_HIGH | B_TAIL),
	B32(B_HIGH | B_TAIL)
};
#undef B8
#undef B32

static size_t cp_decode(const char *s, size_t n, size_t i, ucs4_t *c)
{
	int k = u8_mbtouc(c, (const uint8_t *)s + i, n - i);
	return k > 0 ? (size_t)k : 1;
}

/* (ASCII inline: most characters are) */
static inline size_t cp_at(const char *s, size_t n, size_t i, ucs4_t *c)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*c = b;
		return 1;
	}
	return cp_decode(s, n, i, c);
}

static inline int is_letter(ucs4_t c)
{
	if (c < 0x80)
		return (byte_class[c] & B_LETTER) != 0;
	return uc_is_alpha(c);
}

static inline int is_upper(ucs4_t c)
{
	if (c < 0x80)
		return (byte_class[c] & B_UPPER) != 0;
	return uc_is_upper(c) || uc_is_property(c, UC_PROPERTY_TITLECASE);
}

static inline int is_digit(ucs4_t c)
{
	return c >= '0' && c <= '9';
}

static inline int is_apos(ucs4_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC;
}

static inline int is_blank(ucs4_t c)
{
	return c == ' ' || c == '\t' || c == 0xA0;
}

/* One step of FNV-1a, the hash of px_strhash and px_lower_hash, and one
 * step undone: 16777619 is odd, so 899433627, its inverse modulo 2^32,
 * gives back the hash of a word without its last byte from the whole
 * word's, which is cheaper than keeping both as the word is read. */
static inline uint32_t fnv_step(uint32_t h, unsigned c)
{
	return (h ^ c) * 16777619u;
}

static inline uint32_t fnv_unstep(uint32_t h, unsigned c)
{
	return (h * 899433627u) ^ c;
}

#define FNV_BASIS 2166136261u

/* cue_of for an ASCII word whose lower-case hash h is known already:
 * inline up to the filter, where most lookups end */
static inline uint32_t cue_hashed(px_detect *D, const char *s, size_t n, uint32_t h)
{
	if (!px_strmap_may_have(&D->lx->cues, h))
		return 0;
	const uint32_t *v = px_strmap_get_lower_hashed(&D->lx->cues, s, n, h);
	return v ? *v : 0;
}

/* px_lower_hash of s, as FNV-1a of its bytes lower-cased, when s is
 * ASCII (*ascii set); other text is left to the caller */
static inline uint32_t ascii_lower_hash(const char *s, size_t n, int *ascii)
{
	uint32_t h = FNV_BASIS;
	unsigned any = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)s[i];
		any |= c;
		h = fnv_step(h, c + ((unsigned)(c - 'A' < 26u) << 5));
	}
	*ascii = !(any & 0x80);
	return h;
}

static uint32_t cue_other(px_detect *D, const char *s, size_t n)
{
	D->tmp.len = 0;
	if (px_lower(s, n, &D->tmp) < 0)
		return 0;
	return px_lexicon_cue(D->lx, D->tmp.data, D->tmp.len);
}

static inline uint32_t cue_of(px_detect *D, const char *s, size_t n)
{
	int ascii;
	uint32_t h = ascii_lower_hash(s, n, &ascii);
	if (ascii) /* no copy */
		return cue_hashed(D, s, n, h);
	return cue_other(D, s, n);
}

/* word_cue_h when the word itself is no cue: a contraction, a plural */
static uint32_t word_cue_more(px_detect *D, const char *s, size_t i, size_t j, int hashed,
                              uint32_t lh, int apos)
{
	/* the last apostrophe, and what follows it */
	size_t ap = 0, an = 0;
	for (size_t k = i + 1; apos && k + 1 < j; k++) {
		if (s[k] == '\'')
			ap = k, an = 1;
		else if (k + 2 < j && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
		         (unsigned char)s[k + 2] == 0x99)
			ap = k, an = 3;
	}
	if (an) {
		const char *x = s + ap + an;
		size_t xn = j - ap - an;
		static const char *const tails[] = {"s", "t", "re", "ve", "ll", "d", "m"};
		for (size_t k = 0; k < sizeof tails / sizeof *tails; k++)
			if (xn == strlen(tails[k]) && memcmp(x, tails[k], xn) == 0) {
				uint32_t st = cue_of(D, s + i, ap - i);
				if (st & PX_CUE_COMMON)
					return st; /* I'm, We'll, It's */
				break;
			}
	}
	if (j - i > 4 && s[j - 1] == 's') {
		uint32_t d = hashed ? cue_hashed(D, s + i, j - i - 1, fnv_unstep(lh, 's'))
		                    : cue_of(D, s + i, j - i - 1);
		if (d & PX_CUE_DEMONYM)
			return PX_CUE_DEMONYM;
	}
	return 0;
}

/* The cue of word [i, j): a contraction counts as its stem (I'm, We'll), a
 * plural demonym as the demonym (Americans). With hashed, lh is the
 * lower-case hash of [i, j); apos says whether an apostrophe may be
 * inside (else none is looked for). (Inline up to where most words end:
 * no cue, no apostrophe, no plural.) */
static inline uint32_t word_cue_h(px_detect *D, const char *s, size_t i, size_t j, int hashed,
                                  uint32_t lh, int apos)
{
	uint32_t cue = hashed ? cue_hashed(D, s + i, j - i, lh) : cue_of(D, s + i, j - i);
	if (cue || (!apos && !(j - i > 4 && s[j - 1] == 's')))
		return cue;
	return word_cue_more(D, s, i, j, hashed, lh, apos);
}

static uint32_t word_cue(px_detect *D, const char *s, size_t i, size_t j)
{
	return word_cue_h(D, s, i, j, 0, 0, 1);
}

static int capish(const tok *t)
{
	return (t->f & (T_CAP | T_ALLCAPS)) && !(t->f & T_NUM);
}

/* What looks_heading weighs: words, long words, capitalised long words,
 * words in capitals (numbers are not words). */
typedef struct head_counts {
	size_t nword, nlong, ncap, nall;
} head_counts;

/* The words of a block as tokenize made them (in D->toks), and what was
 * counted of them on the way */
typedef struct words {
	tok *t;
	size_t n;
	size_t shouty; /* words that could be in a stretch of capitals */
	head_counts hc;
} words;

/* lazy_cue past its memo: the lookup, remembered in slot when one is given */
static __attribute__((noinline)) void lazy_cue_slow(px_detect *D, const char *s, tok *t,
                                                    size_t slot, uint64_t key)
{
	t->cue = word_cue_h(D, s, t->s, t->e, (t->f & T_HASHED) != 0, t->lh,
	                    (t->f & T_APOS) != 0);
	if (slot < sizeof D->memo / sizeof *D->memo) {
		D->memo[slot].key = key;
		D->memo[slot].len = t->e - t->s;
		D->memo[slot].cue = t->cue;
	}
}

/* The cue of lower-case word t of a block that ends at e: they matter
 * only next to capitals (titles: prime minister X; places: in the Gulf;
 * particles; connectors), so they are looked up only within two words
 * after a capitalised one or four before one. (Inline up to where most
 * end: the cue map's filter, or the memo.) */
static inline void lazy_cue(px_detect *D, const char *s, size_t e, tok *t)
{
	t->f &= ~(uint32_t)T_LAZY;
	size_t n = t->e - t->s;
	/* most words are no cue, as the cue map's filter says at once */
	if ((t->f & (T_HASHED | T_APOS)) == T_HASHED && !px_strmap_may_have(&D->lx->cues, t->lh) &&
	    !(n > 4 && s[t->e - 1] == 's')) {
		t->cue = 0;
		return;
	}
	if (n > 8 || t->s + 8 > e) {
		lazy_cue_slow(D, s, t, SIZE_MAX, 0);
		return;
	}
	/* a word of eight bytes or fewer: its cue is a function of them
	 * alone, remembered in D->memo (read as one word, masked: the block
	 * goes on for eight bytes at least) */
	uint64_t key;
	memcpy(&key, s + t->s, 8);
	key &= n == 8 ? ~0ull : (1ull << (8 * n)) - 1;
	size_t slot = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 56);
	if (D->memo[slot].len == n && D->memo[slot].key == key)
		t->cue = D->memo[slot].cue;
	else
		lazy_cue_slow(D, s, t, slot, key);
}

/* A run of ASCII letters and digits: where it ends, the lower-case hash
 * of what it follows on, and the classes of its bytes */
typedef struct run {
	size_t j;
	uint32_t h;
	unsigned any;
} run;

/* ascii_run up to e at most: for a word that a block's end cuts */
static __attribute__((noinline)) run ascii_run_upto(const char *s, size_t j, size_t e,
                                                    uint32_t h)
{
	run r = {j, h, 0};
	for (; r.j < e && (byte_class[(unsigned char)s[r.j]] & B_ALNUM); r.j++) {
		r.any |= byte_class[(unsigned char)s[r.j]];
		r.h = fnv_step(r.h, (unsigned char)s[r.j] | 32);
	}
	return r;
}

/* ASCII letters and digits from j, the bulk of most text, after what
 * hashes to h: a table lookup and a step of the lower-case hash a byte (a
 * digit is its own lower case, as x | 32), and the classes seen when
 * classes is set (a word in lower case needs none). The run stops at the
 * first byte that is neither, at the text's NUL at the latest, so that
 * no byte costs a test of e: a run that went past e is read again. (The
 * result by value: a pointer into the caller would keep its variables
 * out of registers.) */
static inline run ascii_run(const char *s, size_t j, size_t e, uint32_t h0, int classes)
{
	uint32_t h = h0;
	unsigned any = 0;
	size_t k = j;
	for (;; k++) {
		unsigned x = (unsigned char)s[k];
		unsigned cl = byte_class[x];
		if (!(cl & B_ALNUM))
			break;
		if (classes)
			any |= cl;
		h = fnv_step(h, x | 32);
	}
	if (k > e)
		return ascii_run_upto(s, j, e, h0);
	return (run){k, h, any};
}

/* What reading a word's slow path found, beyond its end */
typedef struct scan {
	uint32_t h;   /* with plain: px_lower_hash of the word */
	unsigned any; /* B_LOWER, B_UPPER, B_DIGIT: of what follows the first
	                 letter (other letters by their case) */
	size_t seg;   /* code points since the last inner ' - or . */
	size_t hyph;  /* the last inner hyphen, or 0 */
	int plain;    /* ASCII throughout, so h holds */
	int apos, dotted;
	uint32_t cue; /* of a period of the word's own (Mr., Co.) */
	uint32_t f;   /* T_INITIAL, T_APOS */
} scan;

/* The rest of a word whose run of ASCII letters and digits stopped at j:
 * inner apostrophes and hyphens (Kata'ib, al-Kadhimi), inner periods
 * after single letters (U.S), letters outside ASCII. The end. */
static size_t word_rest(const char *s, size_t e, size_t j, scan *w)
{
	while (j < e) {
		ucs4_t x;
		size_t m = cp_at(s, e, j, &x);
		if (is_letter(x)) { /* (not ASCII: the run took those) */
			w->any |= is_upper(x) ? B_UPPER : B_LOWER;
			w->plain = 0; /* the run has the rest */
			w->seg++;
			j += m;
		} else {
			if (j + m >= e)
				break;
			ucs4_t y;
			size_t m2 = cp_at(s, e, j + m, &y);
			if ((is_apos(x) || x == '-') && is_letter(y)) {
				w->seg = 0;
				w->h = fnv_step(w->h, x); /* ' and - are lower case */
				w->plain &= x < 0x80;
				if (x == '-')
					w->hyph = j;
				else
					w->apos = 1;
				j += m;
			} else if (x == '-' && is_apos(y) && j + m + m2 < e) { /* al-'Asiri */
				ucs4_t z2;
				cp_at(s, e, j + m + m2, &z2);
				if (!is_letter(z2))
					break;
				w->seg = 0;
				w->plain = 0; /* rare: looked up the slow way */
				w->apos = 1;
				w->hyph = j;
				j += m + m2;
			} else if (x == '.' && w->seg == 1 && is_upper(y)) {
				w->dotted = 1;
				w->seg = 0;
				w->h = fnv_step(w->h, x);
				j += m;
			} else {
				break;
			}
		}
		run r = ascii_run(s, j, e, w->h, 1);
		w->h = r.h;
		w->any |= r.any;
		w->seg += r.j - j;
		j = r.j;
	}
	return j;
}

/* A word at i, of first letter c (ASCII or not), whose first run of ASCII
 * letters and digits stopped at j on something that may go on with it:
 * the rest of the word (word_rest), a closing quote (when opened says a
 * quote opened it), a period of its own (an initial, U.S., Mr., Co.),
 * into w. Its end; *capital says whether it is capitalised after all
 * (US-oriented is not, al-Kadhimi is). (The slow path: most words end on
 * a blank or a comma.) */
static __attribute__((noinline)) size_t word_tail(px_detect *D, const char *s, size_t i,
                                                  size_t j, size_t e, ucs4_t c, int opened,
                                                  scan *w, int *capital)
{
	j = word_rest(s, e, j, w);
	if (opened && j < e) {
		/* 'SGM-Most': the quote that opened the name closes it */
		ucs4_t q;
		size_t mq = cp_at(s, e, j, &q);
		if (is_apos(q)) {
			j += mq;
			w->plain = 0;
			w->apos = 1;
		}
	}
	int upper = *capital;
	if (j < e && s[j] == '.') {
		int take = w->seg == 1 || w->dotted;
		uint32_t cdot = 0, hdot = fnv_step(w->h, '.');
		if (!take && j - i <= 12) { /* abbreviations are short */
			cdot = w->plain ? cue_hashed(D, s + i, j + 1 - i, hdot)
			                : cue_of(D, s + i, j + 1 - i);
			take = cdot != 0;
		}
		if (take) {
			w->h = hdot;
			w->cue = cdot;
			/* one letter in all: nothing after the first */
			if (w->seg == 1 && !w->dotted && upper && !(w->any & B_LETTER))
				w->f |= T_INITIAL;
			/* "in the U.S. The ..." still ends a sentence before a
			 * capital; "Mr. Pompeo" does not */
			j++;
		}
	}
	/* (a lower-case part after the last hyphen: the scan knows it) */
	if (upper && w->hyph && s[w->hyph + 1] >= 'a' && s[w->hyph + 1] <= 'z')
		upper = 0; /* US-oriented, Iran-backed: adjectives */
	if (!upper && c < 0x80 && j - i > 3 && s[i + 2] == '-' && s[i + 1] == 'l' &&
	    (s[i] == 'a' || s[i] == 'e')) {
		/* al-Kadhimi, el-Sisi: a name whatever its first letter */
		ucs4_t y;
		cp_at(s, e, i + 3, &y);
		upper = is_upper(y);
	}
	*capital = upper;
	if (w->apos)
		w->f |= T_APOS;
	return j;
}

/* A lower-case word [i, j) of t, of hash h when plain: evidence that a
 * capitalised one at a sentence start is a common word, and a sample of
 * the article's language (*sampled words, *nounlang of them a noun
 * language's) */
static inline int lower_word(px_detect *D, const char *s, size_t i, size_t j, uint32_t h,
                             int plain, tok *t, uint32_t *sampled, uint32_t *nounlang)
{
	if (j - i >= 3 && j - i < 24) {
		uint32_t lh = plain ? h : px_lower_hash(s + i, j - i, &D->tmp);
		uint32_t x = lh | (lh == 0); /* as the set has it: never 0 */
		uint32_t *rc = &D->recent[x % (sizeof D->recent / sizeof *D->recent)];
		if (*rc != x) {
			if (px_hashset_add(&D->lower, lh) < 0)
				return -1;
			*rc = x;
		}
		/* kept, so that the word's cue costs no second hash */
		if (t->s == i && t->e == j && plain) {
			t->f |= T_HASHED;
			t->lh = lh;
		}
	}
	if (j - i <= 5 && *sampled < 400) {
		++*sampled;
		/* (h is the hash of [i, j) of a plain word: most are no such
		 * function word, as its bit says) */
		uint32_t nb = h & (PX_NOUNLANG_BITS - 1);
		if (!plain || ((D->lx->nounlang_bits[nb / 64] >> (nb % 64)) & 1)) {
			uint32_t cue = (t->f & T_HASHED) ? cue_hashed(D, s + i, j - i, t->lh)
			                                 : cue_of(D, s + i, j - i);
			if (cue & PX_CUE_NOUNLANG)
				++*nounlang;
		}
	}
	return 0;
}

/* A capitalised word [i, j) of t, of hash h when plain: its cue, and a
 * possessive off its end (t->e then before it), or an apostrophe's
 * mangled spacing after it (t->e then past j: Kata ‘ib) */
static inline void cap_word(px_detect *D, const char *s, size_t i, size_t j, size_t e,
                            uint32_t h, int plain, int apos, tok *t)
{
	t->cue = word_cue_h(D, s, i, j, plain, h, apos);
	/* possessive: Pompeo's, Kadhimi’s (only where an apostrophe is) */
	if (apos && j - i > 2 && s[j - 1] == 's' && s[j - 2] == '\'')
		t->e = (uint32_t)(j - 2), t->f |= T_POSS;
	else if (apos && j - i > 4 && s[j - 1] == 's' && (unsigned char)s[j - 4] == 0xE2 &&
	         (unsigned char)s[j - 3] == 0x80 && (unsigned char)s[j - 2] == 0x99)
		t->e = (uint32_t)(j - 4), t->f |= T_POSS;
	if (t->f & T_POSS) {
		t->cue = word_cue(D, s, i, t->e); /* February's is a month */
		return;
	}
	if (j + 1 < e && s[j] == ' ' && (byte_class[(unsigned char)s[j + 1]] & (B_KEEP | B_HIGH))) {
		ucs4_t a;
		size_t ka = cp_at(s, e, j + 1, &a);
		if (is_apos(a)) {
			size_t q = j + 1 + ka, l = 0;
			while (q < e && s[q] >= 'a' && s[q] <= 'z' && l < 4)
				q++, l++;
			ucs4_t z = 0;
			if (q < e)
				cp_at(s, e, q, &z);
			if (l >= 1 && l <= 3 && (q >= e || !is_letter(z)))
				t->e = (uint32_t)q;
		}
	}
}

/* A number (with its inner . , : before digits, and letters: 9th, 5G)
 * from i: its end */
static inline size_t number_end(const char *s, size_t i, size_t e)
{
	size_t j = i;
	while (j < e) {
		unsigned x = (unsigned char)s[j];
		if (!(byte_class[x] & B_ALNUM) &&
		    !((x == '.' || x == ',' || x == ':') && j + 1 < e && is_digit((unsigned char)s[j + 1])))
			break;
		j++;
	}
	return j;
}

/* Does a sentence start after punctuation c at i (of class cl)? One ends
 * at . ! ? : ; and survives the quotes and brackets that open the next
 * one; an opening quote starts what someone said. */
static inline int sentence_after(const char *s, size_t b, size_t i, ucs4_t c, unsigned cl, int sent)
{
	if (c >= 0x80)
		return c == 0x2026 || c == 0x201C || ((c == 0x2019 || c == 0x2018 || c == 0x02BC) && sent);
	if ((cl & B_STOP) || (c == '"' && (i == b || is_blank((unsigned char)s[i - 1]))))
		return 1;
	return (cl & B_KEEP) && sent;
}

static __attribute__((noinline)) int grow_toks(px_detect *D, size_t n)
{
	return px_grow(&D->toks, &D->ntoks_cap, n + 1, sizeof(tok));
}

/* Split block [b, e) of s into words (*out); -1 when memory ran out. The
 * cues of lower-case words are looked up here too, for those near a
 * capital (lazy_cue): two words after the last one, or four before the
 * next, which pending (bit k: word n - 1 - k) says. */
static __attribute__((noinline)) int tokenize(px_detect *D, const char *s, size_t b, size_t e,
                                              words *out)
{
	/* (all in locals: stores to the words could alias D's fields) */
	tok *toks = D->toks;
	size_t n = 0, cap = D->ntoks_cap, after_cap = 0, shouty = 0;
	unsigned pending = 0;
	head_counts hc = {0, 0, 0, 0};
	uint32_t sampled = D->sampled, nounlang = D->nounlang;
	size_t apos_at = 0, apos_next = (size_t)-1;
	int sent = 1, join = 0;
	for (size_t i = b; i < e;) {
		unsigned x = (unsigned char)s[i], cl = byte_class[x];
		if (cl & B_BLANK) {
			i++;
			continue;
		}
		if (cl & B_LOWER) { /* (ASCII: bytes from 0x80 on are B_HIGH) */
			/* most words: lower case, ASCII, ending on a blank or a
			 * comma; what lower_word and the push below do for them,
			 * done here without the other cases in the way (a leading
			 * apostrophe comes only before a capital: none here) */
			run r = ascii_run(s, i + 1, e, fnv_step(FNV_BASIS, x), 0);
			size_t j = r.j;
			uint32_t h = r.h;
			if (!(j < e && (byte_class[(unsigned char)s[j]] & B_TAIL))) {
				tok t = {(uint32_t)i, (uint32_t)j, 0,
				         T_LOWER | T_LAZY | (sent ? T_SENT : 0) | (join ? T_JOIN : 0), 0};
				if (lower_word(D, s, i, j, h, 1, &t, &sampled, &nounlang) < 0)
					return -1;
				hc.nword++;
				hc.nlong += j - i >= 4;
				if (n == cap) {
					if (grow_toks(D, n) < 0)
						return -1;
					toks = D->toks;
					cap = D->ntoks_cap;
				}
				toks[n] = t;
				unsigned lazy = 1;
				if (after_cap && n + 1 - after_cap <= 2) {
					lazy_cue(D, s, e, &toks[n]);
					lazy = 0;
				}
				pending = ((pending << 1) | lazy) & 15;
				n++;
				sent = 0;
				join = 1;
				i = j + (j < e && s[j] == ' '); /* (a blank changes nothing) */
				continue;
			}
		}
		ucs4_t c = x;
		size_t k = 1;
		if (cl & B_HIGH) {
			k = cp_decode(s, e, i, &c);
			if (c == 0xA0) { /* a blank */
				i += k;
				continue;
			}
			if (is_letter(c))
				cl |= is_upper(c) ? B_UPPER : B_LOWER;
		}
		if (!(cl & B_ALNUM)) {
			sent = sentence_after(s, b, i, c, cl, sent);
			/* a leading apostrophe belongs to a name: 'Adil */
			int join_before = join;
			join = 0;
			if (is_apos(c) && i + k < e && (i == b || is_blank((unsigned char)s[i - 1]))) {
				ucs4_t d;
				cp_at(s, e, i + k, &d);
				if (is_upper(d)) {
					apos_at = i;
					apos_next = i + k;
					join = join_before;
				}
			}
			i += k;
			continue;
		}
		size_t ws = apos_next == i ? apos_at : i;
		tok t = {(uint32_t)ws, 0, 0, (uint32_t)((sent ? T_SENT : 0) | (join ? T_JOIN : 0)), 0};
		size_t j;
		if (cl & B_DIGIT) {
			j = number_end(s, i, e);
			t.e = (uint32_t)j;
			t.f |= T_NUM;
		} else {
			run r = ascii_run(s, i + k, e, fnv_step(FNV_BASIS, c | 32), 1);
			uint32_t h = r.h;
			unsigned any = r.any;
			j = r.j;
			int capital = (cl & B_UPPER) != 0, plain = c < 0x80, apos = 0;
			if (j < e && (byte_class[(unsigned char)s[j]] & B_TAIL)) {
				/* (in a copy: what the slow path writes to goes to
				 * memory) */
				scan w = {h, any, 1 + (j - i - k), 0, plain, 0, 0, 0, 0};
				j = word_tail(D, s, i, j, e, c, ws < i, &w, &capital);
				h = w.h;
				any = w.any;
				plain = w.plain;
				apos = w.apos;
				t.cue = w.cue;
				t.f |= w.f;
			}
			t.e = (uint32_t)j;
			/* (counted here, where the word's flags are in registers,
			 * rather than in a pass of their own) */
			hc.nword++;
			if (capital) {
				t.f |= T_CAP;
				/* two or more letters, all capitals (none but a
				 * capitalised word is) */
				if ((cl & B_UPPER) && (any & B_UPPER) && !(any & B_LOWER))
					t.f |= T_ALLCAPS;
				cap_word(D, s, i, j, e, h, plain, apos, &t);
				if (t.e > j)
					j = t.e; /* Kata ‘ib */
				size_t len = t.e - t.s, all = (t.f & T_ALLCAPS) != 0;
				hc.nall += all;
				hc.nlong += len >= 4;
				hc.ncap += len >= 4;
				shouty += all || len == 1;
			} else {
				t.f |= T_LOWER | T_LAZY;
				if (lower_word(D, s, i, j, h, plain, &t, &sampled, &nounlang) < 0)
					return -1;
				hc.nlong += t.e - t.s >= 4;
			}
		}
		if (n == cap) {
			if (grow_toks(D, n) < 0)
				return -1;
			toks = D->toks;
			cap = D->ntoks_cap;
		}
		toks[n] = t;
		unsigned lazy = 0;
		if (capish(&t)) {
			for (unsigned q = 0; pending >> q; q++)
				if ((pending >> q) & 1)
					lazy_cue(D, s, e, &toks[n - 1 - q]);
			pending = 0;
			after_cap = n + 1;
		} else if (t.f & T_LAZY) {
			if (after_cap && n + 1 - after_cap <= 2)
				lazy_cue(D, s, e, &toks[n]);
			else
				lazy = 1;
		}
		pending = ((pending << 1) | lazy) & 15;
		n++;
		sent = 0;
		join = 1;
		i = j;
	}
	D->sampled = sampled;
	D->nounlang = nounlang;
	out->t = toks;
	out->n = n;
	out->shouty = shouty;
	out->hc = hc;
	return 0;
}

/* Title-case or all-capitals lines are headings: their capitals say
 * nothing about names. */
static void count_heading(const tok *t, size_t nt, head_counts *hc)
{
	memset(hc, 0, sizeof *hc);
	for (size_t i = 0; i < nt; i++) {
		/* counted without branches: every word of a block comes here */
		size_t word = !(t[i].f & T_NUM), lng = word & (t[i].e - t[i].s >= 4);
		hc->nword += word;
		hc->nall += word & ((t[i].f & T_ALLCAPS) != 0);
		hc->nlong += lng;
		hc->ncap += lng & ((t[i].f & T_CAP) != 0);
	}
}

static int looks_heading(const head_counts *hc, const char *s, size_t e)
{
	size_t nlong = hc->nlong, ncap = hc->ncap, nall = hc->nall, nword = hc->nword;
	if (nword >= 2 && nall * 10 >= nword * 6)
		return 1;
	/* title case capitalises nearly every long word; a sentence dense
	 * with names still has its verbs and nouns in lower case, and ends
	 * with a full stop */
	size_t lower = nlong - ncap;
	if (nlong < 3 || lower * 8 > nlong)
		return 0;
	char last = e > 0 ? s[e - 1] : 0;
	return !(last == '.' || last == '!' || last == '?' || last == '"' ||
	         (unsigned char)last == 0x9D /* ” */);
}

static int is_det(const char *s, const tok *t)
{
	size_t n = t->e - t->s;
	const char *w = s + t->s;
	return (n == 1 && (w[0] == 'a' || w[0] == 'A')) ||
	       (n == 2 && (w[0] == 'a' || w[0] == 'A') && w[1] == 'n') ||
	       (n == 3 && (w[0] == 't' || w[0] == 'T') && w[1] == 'h' && w[2] == 'e');
}

/* "the Obama administration", "a Woodburn bank": a name that only
 * modifies the noun after it, between an article and that noun, names
 * no participant. A verb after it (the Post reported, the Pentagon says)
 * or a function word keeps it a mention. */
static int modifier(const char *s, const tok *t, size_t nt, size_t a, size_t z)
{
	int det = (a > 0 && (t[a].f & T_JOIN) && (t[a - 1].f & T_LOWER) && is_det(s, &t[a - 1])) ||
	          (a < z && is_det(s, &t[a]));
	if (!det || z + 1 >= nt || !(t[z + 1].f & T_JOIN) || !(t[z + 1].f & T_LOWER) ||
	    (t[z].f & T_POSS))
		return 0;
	const tok *n = &t[z + 1];
	size_t len = n->e - n->s;
	const char *w = s + n->s;
	if (n->cue & (PX_CUE_COMMON | PX_CUE_CONNECTOR | PX_CUE_PARTICLE | PX_CUE_PLACEPREP))
		return 0;
	if (len >= 3 && w[len - 2] == 'e' && w[len - 1] == 'd')
		return 0;
	if (len >= 3 && w[len - 1] == 's' && w[len - 2] != 's')
		return 0;
	/* "the EU warning Israel", "the Saints hoping to": a participle */
	if (len >= 5 && w[len - 3] == 'i' && w[len - 2] == 'n' && w[len - 1] == 'g')
		return 0;
	return 1;
}

/* Does the run of capitalised words after connector q end in an
 * organisation word? "Yasmin for Contracting", "Ansar Financial and Credit
 * Institute"; after "and" only when the left part has two words or more
 * ("Trump and State Department" is two actors). */
static int org_ahead(const char *s, const tok *t, size_t nt, size_t q, size_t left)
{
	int is_and = s[t[q].s] == 'a' || s[t[q].s] == '&';
	if (is_and && left < 2)
		return 0;
	size_t k = q + 1;
	if (k >= nt || !(t[k].f & T_JOIN))
		return 0;
	long last = -1;
	while (k < nt && (t[k].f & T_JOIN) && (t[k].f & (T_CAP | T_ALLCAPS)) && !(t[k].f & T_NUM)) {
		last = (long)k;
		if (t[k].f & T_POSS)
			break;
		k++;
	}
	return last >= 0 && (t[last].cue & (PX_CUE_ORG | PX_CUE_LEGAL)) != 0;
}

/* A direct-mapped cache of px_lexicon_gaz's answers by the phrase's text
 * (compared in full): detection asks it of most names it finds, and a
 * dossier has the same names in article after article. A phrase whose
 * slot another holds is looked up again. */
enum { GAZ_MEMO_BITS = 12 };

typedef struct gaz_slot {
	const char *s; /* NULL: empty; the text is the dossier's */
	uint32_t n;
	int32_t gaz;
} gaz_slot;

struct px_gaz_memo {
	gaz_slot slot[1 << GAZ_MEMO_BITS];
};

static long detect_gaz(px_detect *D, const char *s, size_t n)
{
	if (!D->gaz_memo && !(D->gaz_memo = px_calloc_dense(1, sizeof *D->gaz_memo)))
		return px_lexicon_gaz(D->lx, s, n, &D->tmp); /* (no memory: no cache) */
	gaz_slot *sl = &D->gaz_memo->slot[span_slot(s, n, GAZ_MEMO_BITS)];
	if (sl->s && sl->n == n && memcmp(sl->s, s, n) == 0)
		return sl->gaz;
	long g = px_lexicon_gaz(D->lx, s, n, &D->tmp);
	if (n <= UINT32_MAX && g <= INT32_MAX) {
		sl->s = s;
		sl->n = (uint32_t)n;
		sl->gaz = (int32_t)g;
	}
	return g;
}

static long title_from(px_detect *D, const char *s, const tok *t, size_t nt, size_t i)
{
	int maxw = D->lx->title_words;
	long best = (t[i].cue & PX_CUE_TITLE) ? (long)i : -1;
	for (size_t k = i + 1; k < nt && (int)(k - i) < maxw; k++) {
		if (!(t[k].f & T_JOIN) || (t[k - 1].f & T_POSS))
			break;
		if (cue_of(D, s + t[i].s, t[k].e - t[i].s) & PX_CUE_TITLE)
			best = (long)k;
	}
	return best;
}

/* The last token of a title phrase starting at token i, or -1 (inline up
 * to the test that most words fail). */
static inline long title_at(px_detect *D, const char *s, const tok *t, size_t nt, size_t i)
{
	if (!(t[i].cue & (PX_CUE_TITLE | PX_CUE_TITLE_PREFIX)))
		return -1;
	return title_from(D, s, t, nt, i);
}

static int emit(px_detect *D, const char *s, uint32_t art,
                const tok *t, size_t a, size_t z, uint32_t flags, long hon)
{
	/* z inclusive; trim connectors and particles at both edges */
	while (a <= z && !capish(&t[a]))
		a++;
	while (z > a && !capish(&t[z]))
		z--;
	if (a > z || !capish(&t[a]))
		return 0;
	/* common words at the edges are no part of a name: "The Washington
	 * Post", "What Google", "Thought I" (unless the whole is a known name) */
	if (a < z && (t[a].f & T_CAP) && t[a].e - t[a].s == 3 && (s[t[a].s] | 32) == 't' &&
	    (s[t[a].s + 1] | 32) == 'h' && (s[t[a].s + 2] | 32) == 'e') {
		a++; /* The Washington Post: "the" is never part of the name */
		flags &= ~(uint32_t)PX_CAND_SENT;
	}
	if (a < z && detect_gaz(D, s + t[a].s, t[z].e - t[a].s) < 0) {
		const uint32_t keep = PX_CUE_ORG | PX_CUE_PLACE | PX_CUE_LEGAL; /* Armed Forces */
		while (a < z && (t[a].cue & PX_CUE_COMMON) && !(t[a].cue & keep) &&
		       !(t[a].f & T_ALLCAPS)) {
			a++;
			flags &= ~(uint32_t)PX_CAND_SENT;
			while (a < z && !capish(&t[a]))
				a++;
		}
		while (z > a && (t[z].cue & PX_CUE_COMMON) && !(t[z].cue & keep) &&
		       !(t[z].f & T_ALLCAPS)) {
			z--;
			while (z > a && !capish(&t[z]))
				z--;
		}
	}
	/* dates at the edges: "September 28", "On Monday" */
	while (a < z && (t[a].cue & (PX_CUE_MONTH | PX_CUE_WEEKDAY | PX_CUE_NEVER)))
		a++, flags &= ~(uint32_t)PX_CAND_SENT;
	while (z > a && (t[z].cue & (PX_CUE_MONTH | PX_CUE_WEEKDAY | PX_CUE_DEMONYM)))
		z--; /* "Alabama Catholic" (leaders): the demonym qualifies what follows */
	if (a < z && (cue_of(D, s + t[a].s, t[z].e - t[a].s) & PX_CUE_NEVER))
		return 0; /* Super Bowl, Academy Awards */
	if (a == z) {
		uint32_t cue = t[a].cue;
		size_t len = t[a].e - t[a].s;
		if ((cue & (PX_CUE_MONTH | PX_CUE_WEEKDAY | PX_CUE_NEVER | PX_CUE_DEMONYM |
		            PX_CUE_TITLE)) || (t[a].f & T_INITIAL) || len < 2)
			return 0;
		if ((cue & PX_CUE_COMMON) && !(t[a].f & T_ALLCAPS))
			return 0;
		if (t[a].f & T_SENT)
			flags |= PX_CAND_WEAK;
	}
	for (size_t k = a; k <= z; k++)
		if (t[k].cue & (PX_CUE_ORG | PX_CUE_LEGAL))
			flags |= PX_CAND_ORG;
	if (px_grow((void **)&D->c, &D->cap, D->n + 1, sizeof *D->c) < 0)
		return -1;
	if (!D->nruns || D->runs[D->nruns - 1].art != art) {
		if (px_grow((void **)&D->runs, &D->runcap, D->nruns + 1, sizeof *D->runs) < 0)
			return -1;
		D->runs[D->nruns++].art = art;
	}
	px_cand *c = &D->c[D->n++];
	D->runs[D->nruns - 1].end = D->n;
	c->start = t[a].s;
	/* the span stops before a possessive 's, as it does in most
	 * annotated news (Pompeo's demands: "Pompeo") */
	c->end = t[z].e;
	c->start2 = c->start;
	if (hon >= 0 && (size_t)hon < a) {
		/* Dr. Regina Benjamin: the span as written, the name without
		 * (and no first word to doubt) */
		c->start = t[hon].s;
		flags = (flags & ~(uint32_t)PX_CAND_WEAK) | PX_CAND_HON; /* Mr. says it is a name */
	} else if ((t[a].f & T_SENT) && a < z) {
		size_t b = a + 1;
		while (b < z && !capish(&t[b]))
			b++;
		c->start2 = t[b].s;
		flags |= PX_CAND_SENT;
	} else if (t[a].f & T_SENT) {
		flags |= PX_CAND_SENT;
	}
	c->flags = flags;
	return 0;
}

int px_detect_block(px_detect *D, const char *s, uint32_t art,
                    uint32_t b, uint32_t e, int heading)
{
	words W;
	if (tokenize(D, s, b, e, &W) < 0)
		return -1;
	tok *tw = W.t;
	size_t nt = W.n, shouty = W.shouty;
	head_counts hc = W.hc; /* of the words as tokenize made them */
	int shouted = 0;       /* some were read as lower case */
	/* A stretch of capitals holding everyday words ("THREE PEOPLE HAVE DIED
	 * IN A BLAZE", a wire lede or a shouted headline inside a sentence)
	 * says nothing about names: its everyday words read as lower case,
	 * and what is left counts only where the dossier knows it, as in a
	 * heading. Connectors and particles do not count ("BANK OF AMERICA"). */
	for (size_t i = 0; shouty >= 3 && i < nt;) { /* (a stretch is three or more) */
		size_t j = i, common = 0;
		while (j < nt && (j == i || (tw[j].f & T_JOIN)) &&
		       ((tw[j].f & T_ALLCAPS) ||
		        ((tw[j].f & T_CAP) && tw[j].e - tw[j].s == 1))) {
			common += (tw[j].cue & PX_CUE_COMMON) &&
			          !(tw[j].cue & (PX_CUE_CONNECTOR | PX_CUE_PARTICLE));
			j++;
		}
		for (size_t k = i; j - i >= 3 && common >= 2 && k < j; k++) {
			if ((tw[k].cue & PX_CUE_COMMON) &&
			    !(tw[k].cue & (PX_CUE_CONNECTOR | PX_CUE_PARTICLE))) {
				tw[k].f = (tw[k].f & ~(uint32_t)(T_CAP | T_ALLCAPS)) | T_LOWER;
				shouted = 1;
			} else
				tw[k].f |= T_SHOUT;
		}
		i = j > i ? j : i + 1;
	}
	const tok *t = tw;
	if (!heading) {
		if (shouted) /* words read as lower case now: counted again */
			count_heading(t, nt, &hc);
		heading = looks_heading(&hc, s, e);
	}
	uint32_t base = heading ? PX_CAND_HEAD : 0;
	uint32_t cue_next = 0; /* person or place, for the next run */
	long hon = -1;         /* the honorific before the next run */
	for (size_t i = 0; i < nt;) {
		if (!t[i].cue && !capish(&t[i])) {
			/* most words: no cue, no capital; they only end what a
			 * title or a place preposition began */
			do
				i++;
			while (i < nt && !t[i].cue && !capish(&t[i]));
			cue_next = 0;
			hon = -1;
			continue;
		}
		long te = title_at(D, s, t, nt, i);
		if (te >= 0 && (size_t)te + 1 < nt && (t[te + 1].f & T_JOIN) &&
		    capish(&t[te + 1]) && !(t[te].f & T_POSS)) {
			/* Prime Minister Mustafa al-Kadhimi: the title is a cue */
			cue_next = PX_CAND_PERSON;
			hon = (te == (long)i && (t[i].cue & PX_CUE_HONORIFIC)) ? (long)i : -1;
			i = (size_t)te + 1;
			continue;
		}
		if (!capish(&t[i])) {
			if ((t[i].cue & PX_CUE_PLACEPREP) && (t[i].f & T_LOWER))
				cue_next = PX_CAND_PLACE;
			else if (!((t[i].cue & PX_CUE_COMMON) && t[i].e - t[i].s == 3 &&
			           cue_next == PX_CAND_PLACE)) /* in the Gulf */
				cue_next = 0;
			hon = -1;
			i++;
			continue;
		}
		/* a run of capitalised words */
		size_t a = i, z = i;
		int before_title = 0;
		int org = (t[i].cue & (PX_CUE_ORG | PX_CUE_PLACE | PX_CUE_LEGAL)) != 0;
		for (;;) {
			if (t[z].f & T_POSS)
				break;
			size_t k = z + 1;
			if (k >= nt || !(t[k].f & T_JOIN))
				break;
			/* "in the U.S. The ...": a period, then a common word */
			if (s[t[z].e - 1] == '.' && (t[k].cue & PX_CUE_COMMON) &&
			    !(t[k].f & T_ALLCAPS))
				break;
			if (capish(&t[k])) {
				long tk = title_at(D, s, t, nt, k);
				if (tk >= 0 && (size_t)tk + 1 < nt && (t[tk + 1].f & T_JOIN) &&
				    capish(&t[tk + 1])) {
					before_title = 1;
					break; /* the next person's title */
				}
				z = k;
				org |= (t[k].cue & (PX_CUE_ORG | PX_CUE_PLACE | PX_CUE_LEGAL)) != 0;
				continue;
			}
			/* particles inside names, connectors inside organisations */
			size_t q = k;
			if ((t[q].f & T_LOWER) && (t[q].cue & PX_CUE_PARTICLE)) {
				q++;
				if (q < nt && (t[q].f & T_JOIN) && (t[q].f & T_LOWER) &&
				    (t[q].cue & PX_CUE_PARTICLE))
					q++; /* de la, van der */
			} else if ((t[q].f & T_LOWER) && (t[q].cue & PX_CUE_CONNECTOR) &&
			           (org || org_ahead(s, t, nt, q, z - a + 1)) &&
			           !(q + 1 < nt && (t[q + 1].f & T_ALLCAPS) &&
			             s[t[q].s] == 'a')) { /* Emory University and CNN */
				int of = s[t[q].s] == 'o' || s[t[q].s] == 'f';
				q++;
				if (of && q < nt && (t[q].f & T_JOIN) && (t[q].f & T_LOWER) &&
				    t[q].e - t[q].s == 3 && memcmp(s + t[q].s, "the", 3) == 0)
					q++; /* of the United States */
			} else {
				break;
			}
			if (q < nt && (t[q].f & T_JOIN) && capish(&t[q])) {
				z = q;
				org |= (t[q].cue & (PX_CUE_ORG | PX_CUE_PLACE | PX_CUE_LEGAL)) != 0;
				continue;
			}
			break;
		}
		/* a legal form after a comma: Proma Industry Co., Ltd.; Profinet, OOO */
		while (z + 1 < nt && s[t[z].e] == ',' && t[z + 1].s == t[z].e + 2 &&
		       s[t[z].e + 1] == ' ' && capish(&t[z + 1]) && (t[z + 1].cue & PX_CUE_LEGAL) &&
		       !(t[z].f & T_POSS))
			z++;
		/* a town and its state: Fort Smith, Ark.; Bountiful, B.C. */
		if (z + 1 < nt && s[t[z].e] == ',' && t[z + 1].s == t[z].e + 2 &&
		    s[t[z].e + 1] == ' ' && capish(&t[z + 1]) && !(t[z].f & T_POSS) &&
		    detect_gaz(D, s + t[a].s, t[z].e - t[a].s) < 0) {
			/* (a country is no town: "Iraq, Washington and ...") */
			size_t r = z + 1, w = 0;
			if (r + 1 < nt && (t[r + 1].f & T_JOIN) &&
			    (cue_of(D, s + t[r].s, t[r + 1].e - t[r].s) & PX_CUE_REGION))
				w = r + 1;
			else if (t[r].cue & PX_CUE_REGION)
				w = r;
			/* the state ends the phrase: "Woodburn, Ore., police" */
			if (w && (w + 1 >= nt || !(t[w + 1].f & T_JOIN)))
				z = w;
		}
		/* one word before a capitalised title is part of it: "Interior
		 * Secretary X", "Supreme Leader X" (an acronym is not: NASA) */
		if (before_title && a == z && !(t[a].f & T_ALLCAPS) &&
		    detect_gaz(D, s + t[a].s, t[a].e - t[a].s) < 0)
			before_title = 2;
		if (before_title == 2 || modifier(s, t, nt, a, z) || title_at(D, s, t, nt, a) == (long)z) {
			/* a modifier, or a title alone (the President, Surgeon
			 * General): no one named */
			cue_next = 0;
			hon = -1;
			i = z + 1;
			continue;
		}
		if ((t[z].f & T_POSS) && cue_next == PX_CAND_PLACE)
			cue_next = 0; /* in Trump's inner circle */
		uint32_t shout = 0;
		for (size_t k = a; k <= z; k++)
			shout |= t[k].f & T_SHOUT;
		if (emit(D, s, art, t, a, z, base | cue_next | (shout ? PX_CAND_HEAD : 0), hon) < 0)
			return -1;
		cue_next = 0;
		hon = -1;
		i = z + 1;
	}
	return 0;
}

void px_detect_free(px_detect *D)
{
	px_free(D->gaz_memo);
	px_free(D->c);
	px_free(D->runs);
	px_hashset_free(&D->lower);
	px_sbuf_free(&D->tmp);
	px_free(D->toks);
	memset(D, 0, sizeof *D);
}
