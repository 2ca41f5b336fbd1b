/* clean.c - reader mode: label every block, find the article's structure,
 * split aggregate pages.
 *
 * The steps, per doc:
 *  1. features of every block (words, stop words of the doc's language,
 *     capitalised words, links, sentence punctuation, list marker) and the
 *     first rule that names it (one combined match, see rules.c);
 *  2. a jusText-style class per block: bad (a boilerplate rule, link-dense,
 *     low stop-word density, cut short like a teaser, repeated on the
 *     page), short, near-good or good (prose), then context smoothing:
 *     short and near-good blocks take their class from their neighbours;
 *  3. aggregates: a page cut by separator lines (*** and the like) into
 *     parts that each carry prose and their own byline/dateline/URL becomes
 *     one article per part;
 *  4. per article, the span of the body: the run of blocks with the best
 *     balance of prose over boilerplate (a maximum-sum segment), so that
 *     prose-like teasers far from the article do not count, cut short at
 *     a rule marked "!" (a comment section's heading); a list of other
 *     stories' headlines under the prose counts against it; blocks
 *     outside it are boilerplate, blocks inside keep their class;
 *  5. structure around the span: title (backwards from the first body
 *     block), standfirst, byline, dateline, captions, headings, credits
 *     and the source URL, and the article's metadata from them;
 *  6. never eat an article: when this leaves almost nothing, every block
 *     not named by a rule comes back and the article is low-confidence.
 *
 * Reasons are static strings or rule names (owned by the rule set); the
 * classifier's figure is the block's score. px_clean_dossier cleans docs
 * on every core (each worker writes only its docs' blocks) and then
 * replaces the dossier's article array at once. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parallax/threads.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/rules.h"
#include "parallax/sbuf.h"

enum { C_BAD, C_SHORT, C_NEAR, C_GOOD, C_META };

/* jusText's thresholds, moved to plain text: length in characters,
 * stop-word density (share of a block's words that are stop words of the
 * doc's language), link density. The stop-word lists here are shorter
 * than jusText's, hence the lower densities. */
#define LEN_LOW 70
#define LEN_HIGH 200
#define STOP_LOW 0.22f
#define STOP_HIGH 0.28f
#define LINK_MAX 0.25f
/* The body's span: a boilerplate block counts against it by a share of
 * its words plus a constant, so that a run of many short menu or gallery
 * lines outweighs a few prose-like lines beyond it, while one stray line
 * inside the article does not cut it in two. */
#define SPAN_PENALTY_WORD 0.25
#define SPAN_PENALTY_BLOCK 2.0
/* Never eat an article: below this share of the words kept, keep more. */
#define KEEP_MIN_SHARE 0.03f
#define KEEP_MIN_WORDS 25
/* Blocks at the body's start searched for a byline or date line. */
#define META_IN_BODY 8

typedef struct blk {
	px_clean_features f;
	int rule;       /* rule index, -1 */
	int cls;        /* C_* after classification */
	int cls0;       /* before smoothing */
	px_label label;
	const char *reason;
	float score;
	uint8_t sep;    /* a separator line */
	uint8_t cut;    /* ends in "..." / "…": a teaser cut short */
	uint8_t dup;    /* the same text appears elsewhere in the doc: 1 its
	                   first copy, 2 a later one */
} blk;

/* ---- features ----------------------------------------------------------------- */

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* Is the code point at w upper case? ASCII and Latin-1/Latin Extended-A
 * capitals (enough for the five languages the stop words cover). */
static int starts_upper(const unsigned char *w, size_t n)
{
	if (n >= 1 && w[0] >= 'A' && w[0] <= 'Z')
		return 1;
	if (n >= 2 && w[0] == 0xC3 && w[1] >= 0x80 && w[1] <= 0x9E && w[1] != 0x97)
		return 1;
	return 0;
}

static int is_trim(unsigned char c);

static int is_link(const unsigned char *w, size_t n)
{
	while (n && is_trim(w[n - 1]))
		n--; /* a sentence may end right after an address */
	if (n >= 4 && !memcmp(w, "www.", 4))
		return 1;
	for (size_t i = 0; i + 2 < n; i++)
		if (w[i] == ':' && w[i + 1] == '/' && w[i + 2] == '/')
			return 1;
	const unsigned char *at = memchr(w, '@', n);
	if (at && at > w && memchr(at, '.', n - (size_t)(at - w)) &&
	    at[n - (size_t)(at - w) - 1] != '.')
		return 1;
	return 0;
}

/* What a byte is to the word scan of px_clean_measure, one lookup: */
enum {
	B_SPACE = 1, /* a blank: words end there */
	B_ALNUM = 2, /* an ASCII letter or digit, or a non-ASCII letter's lead byte (0xC0 up) */
	B_LINK = 4,  /* '@' or ':': the word may be an address */
	B_TRIM = 8,  /* ASCII punctuation trimmed around a word for the stop-word lookup */
};

static const uint8_t byte_kind[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 8, 8, 0, 0, 0, 0, 8, 8, 8, 8, 0, 8, 8, 8, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 12, 8, 8, 0, 8, 8,
	4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 8, 0, 8, 0, 8,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 8, 0, 8, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static int is_trim(unsigned char c)
{
	return (byte_kind[c] & B_TRIM) != 0;
}

/* Trim punctuation around a word for the stop-word lookup (ASCII marks
 * and the typographic quotes). */
static void trim_word(const unsigned char **w, size_t *n)
{
	const unsigned char *s = *w;
	size_t len = *n;
	for (;;) {
		if (len && is_trim(s[0])) {
			s++, len--;
		} else if (len >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
		           (s[2] == 0x9C || s[2] == 0x98 || s[2] == 0x9D || s[2] == 0x99)) {
			s += 3, len -= 3;
		} else if (len >= 2 && s[0] == 0xC2 && (s[1] == 0xAB || s[1] == 0xBB)) {
			s += 2, len -= 2;
		} else {
			break;
		}
	}
	for (;;) {
		if (len && is_trim(s[len - 1])) {
			len--;
		} else if (len >= 3 && s[len - 3] == 0xE2 && s[len - 2] == 0x80 &&
		           (s[len - 1] == 0x9D || s[len - 1] == 0x99 || s[len - 1] == 0x9C)) {
			len -= 3;
		} else if (len >= 2 && s[len - 2] == 0xC2 &&
		           (s[len - 1] == 0xBB || s[len - 1] == 0xAB)) {
			len -= 2;
		} else {
			break;
		}
	}
	*w = s;
	*n = len;
}

/* Does the text end like a sentence (. ! ? … perhaps inside quotes or
 * brackets)? */
static int ends_sentence(const unsigned char *s, size_t n)
{
	while (n > 0) {
		unsigned char c = s[n - 1];
		if (c == '"' || c == '\'' || c == ')' || c == ']' || is_space(c)) {
			n--;
		} else if (n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 &&
		           (s[n - 1] == 0x9D || s[n - 1] == 0x99)) {
			n -= 3;
		} else if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xBB) {
			n -= 2;
		} else {
			break;
		}
	}
	if (n == 0)
		return 0;
	unsigned char c = s[n - 1];
	if (c == '.' || c == '!' || c == '?')
		return 1;
	return n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && s[n - 1] == 0xA6;
}

/* Length of a leading list marker ("* ", "- ", "1. ", "• ") with its blanks. */
static size_t marker_len(const unsigned char *s, size_t n)
{
	size_t i = 0;
	if (n >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+' || s[0] == 'o') && s[1] == ' ')
		i = 2;
	else if (n >= 4 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA2 || s[2] == 0x93) &&
	         s[3] == ' ')
		i = 4;
	else if (n >= 3 && s[0] == 0xC2 && s[1] == 0xB7 && s[2] == ' ')
		i = 3;
	else {
		while (i < n && i < 3 && isdigit(s[i]))
			i++;
		if (i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ')
			i += 2;
		else
			i = 0;
	}
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/* A line of marks only (*** , - - -, ===, ~~~): a separator. */
static int is_separator(const unsigned char *s, size_t n)
{
	size_t marks = 0;
	unsigned char m = 0;
	for (size_t i = 0; i < n; i++) {
		if (is_space(s[i]))
			continue;
		if (!strchr("*-=~#", s[i]) || !s[i])
			return 0;
		if (m && s[i] != m)
			return 0;
		m = s[i];
		marks++;
	}
	return marks >= 3;
}

/* Ends in an ellipsis ("...", "…", "[…]"): cut short. */
static int ends_cut(const unsigned char *s, size_t n)
{
	while (n && (is_space(s[n - 1]) || s[n - 1] == ']' || s[n - 1] == ')'))
		n--;
	if (n >= 3 && s[n - 1] == '.' && s[n - 2] == '.' && s[n - 3] == '.')
		return 1;
	return n >= 3 && s[n - 3] == 0xE2 && s[n - 2] == 0x80 && s[n - 1] == 0xA6;
}

/* ASCII capitals of the eight bytes of x to lower case, the others kept
 * (a byte from 0x80 up is left alone: its high bit masks it out). */
static uint64_t fold8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t low7 = x & (0x7F * ones);
	uint64_t ge_a = low7 + (0x80 - 'A') * ones;     /* high bit: >= 'A' */
	uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones; /* high bit: > 'Z' */
	uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
	return x | (upper >> 2); /* 0x80 >> 2 is the case bit, 0x20 */
}

/* A hash of the text with ASCII case ignored, eight bytes a step: blocks
 * only need equal texts (case aside) to hash alike; mark_dups compares
 * the texts themselves. */
static uint64_t hash_text(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		h = (h ^ fold8(x)) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	if (i < n) {
		uint64_t x = 0;
		memcpy(&x, s + i, n - i);
		h = (h ^ fold8(x)) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	return h;
}

/* Mark y and x, its last earlier block of the same hash, when their
 * texts agree (case aside): the first of them 1, each later one 2. */
static void mark_pair(const px_doc *doc, blk *b, size_t x, size_t y)
{
	size_t lx, ly;
	const char *tx = px_doc_block(doc, x, &lx), *ty = px_doc_block(doc, y, &ly);
	if (lx == ly && !strncasecmp(tx, ty, lx)) {
		if (!b[x].dup)
			b[x].dup = 1;
		b[y].dup = 2;
	}
}

/* Mark blocks whose text (case aside) occurs more than once: a table of
 * the last block seen with each hash; a block whose hash is there is
 * compared with that one, byte for byte (case aside), and both marked
 * when they agree. Linear: a page of a thousand lines costs a thousand
 * probes, where sorting the hashes cost more than the rest of the pass. */
static void mark_dups(const px_doc *doc, blk *b, const uint64_t *hashes, size_t nb)
{
	if (nb < 2)
		return;
	size_t cap = 4;
	while (cap < 2 * nb && cap <= SIZE_MAX / 4)
		cap *= 2;
	uint32_t *last = nb <= UINT32_MAX / 4 ? px_malloc(cap * sizeof *last) : NULL;
	if (!last) {
		/* without memory for the table, the same marks by a scan back
		 * from each block (quadratic, but only then) */
		for (size_t y = 1; y < nb; y++)
			for (size_t x = y; x-- > 0;)
				if (hashes[x] == hashes[y]) {
					mark_pair(doc, b, x, y);
					break;
				}
		return;
	}
	memset(last, 0xFF, cap * sizeof *last); /* UINT32_MAX: empty */
	for (size_t y = 0; y < nb; y++) {
		size_t k = (size_t)(hashes[y] ^ (hashes[y] >> 32)) & (cap - 1);
		while (last[k] != UINT32_MAX && hashes[last[k]] != hashes[y])
			k = (k + 1) & (cap - 1);
		if (last[k] != UINT32_MAX)
			mark_pair(doc, b, last[k], y);
		last[k] = (uint32_t)y;
	}
	px_free(last);
}

/* ---- a memo of block results ---------------------------------------------- */

/* A site's chrome (menus, share prompts, newsletter boxes, footers)
 * repeats on every page it serves, and a dossier often holds a file twice:
 * in the dev pages a third of the lines occur in more than one file.
 * Everything the first pass of clean_one finds in a block (features, stop
 * words per language, the rule that names it) depends on its text alone,
 * so each worker keeps the last result per hash slot and reuses it when
 * the same text, compared byte for byte, comes again. Direct-mapped:
 * bounded memory and no eviction policy to get wrong; a collision costs a
 * recomputation, never a wrong answer. */
#define MEMO_BITS 14 /* at most: 16k slots a worker */
#define MEMO_MAX_LEN 65535 /* longer blocks are rare repeats; and so the
                            * stop-word counts fit their uint16 */

typedef struct memo_ent {
	const char *text; /* the block's text in its doc */
	uint64_t hash;
	uint32_t len;
	int32_t rule;
	px_clean_features f;
	uint8_t sep, cut;
} memo_ent;

/* The slots hold only an entry's number; the entries themselves are made
 * as blocks are first stored, in a dense array. A table of whole entries
 * (72 bytes and the stop-word counts each) was zeroed and paged in whole,
 * 1.3 MB a worker, where a 1,000-article dossier's worker stores about
 * half as many blocks as it has slots (zeroing those pages was a sixth of
 * the workers' CPU samples). */
typedef struct memo {
	uint32_t *slot;   /* 1 << bits: 0 empty, else the entry's index + 1 */
	int bits;
	memo_ent *ent;    /* n of cap, at most 1 << bits */
	size_t n, cap;
	uint16_t *hits;   /* nl per entry: stop words per language */
	size_t hcap;      /* entries hits has room for */
	size_t nl;
} memo;

/* A memo for nl languages, or NULL (without memory the pass runs
 * without it: an optimisation only). */
static memo *memo_new(size_t nl, size_t blocks)
{
	memo *mo = px_calloc(1, sizeof *mo);
	if (!mo)
		return NULL;
	mo->nl = nl ? nl : 1;
	/* no more slots than the worker has blocks: a small dossier pays for
	 * no table it cannot fill */
	mo->bits = 8;
	while (mo->bits < MEMO_BITS && ((size_t)1 << mo->bits) < blocks)
		mo->bits++;
	mo->slot = px_calloc_dense((size_t)1 << mo->bits, sizeof *mo->slot);
	if (!mo->slot) {
		px_free(mo);
		return NULL;
	}
	return mo;
}

static void memo_free(memo *mo)
{
	if (!mo)
		return;
	px_free(mo->slot);
	px_free(mo->ent);
	px_free(mo->hits);
	px_free(mo);
}

/* Fetch the entry of hash h into the cache ahead of its use. The slots
 * (64 KB at most) stay in cache; the entries, a MB or more, do not. */
static void memo_prefetch(const memo *mo, uint64_t h)
{
#if defined(__GNUC__)
	if (mo) {
		uint32_t e = mo->slot[h >> (64 - mo->bits)];
		if (e)
			__builtin_prefetch(&mo->ent[e - 1]);
	}
#else
	(void)mo;
	(void)h;
#endif
}

/* The entry for text t[0..n) of hash h: *found says whether it holds that
 * text's results, else it is the one to store them in (a new entry when
 * the slot was empty); *hits is its stop-word counts. NULL when the text
 * is not to be remembered (too long, or no memory for a new entry). */
static memo_ent *memo_slot_for(memo *mo, const char *t, size_t n, uint64_t h, int *found,
                               uint16_t **hits)
{
	*found = 0;
	if (!mo || n > MEMO_MAX_LEN)
		return NULL;
	uint32_t *sl = &mo->slot[h >> (64 - mo->bits)];
	if (!*sl) {
		if (px_grow((void **)&mo->ent, &mo->cap, mo->n + 1, sizeof *mo->ent) < 0)
			return NULL;
		if (mo->hcap < mo->cap) {
			/* the counts grow with the entries */
			uint16_t *nh = px_realloc(mo->hits, mo->cap * mo->nl * sizeof *nh);
			if (!nh)
				return NULL;
			mo->hits = nh;
			mo->hcap = mo->cap;
		}
		*sl = (uint32_t)++mo->n;
		memo_ent *e = &mo->ent[mo->n - 1];
		*hits = mo->hits + (mo->n - 1) * mo->nl;
		return e; /* (filled by the caller: nothing reads it before) */
	}
	memo_ent *e = &mo->ent[*sl - 1];
	*hits = mo->hits + (size_t)(*sl - 1) * mo->nl;
	*found = e->hash == h && e->len == n && !memcmp(e->text, t, n);
	return e;
}

/* Code points in s[0..n): the bytes that do not continue a character
 * (10xxxxxx), eight at a time. */
static uint32_t count_chars(const unsigned char *s, size_t n)
{
	const uint64_t hi = 0x8080808080808080ULL;
	size_t cont = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		/* one bit per continuation byte, at bit 7; the multiplication
		 * adds them up in the top byte */
		cont += (size_t)((((x & ~(x << 1) & hi) >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		cont += (s[i] & 0xC0) == 0x80;
	return (uint32_t)(n - cont);
}

void px_clean_measure(const px_rules *r, const char *text, size_t len,
                      px_clean_features *f, uint32_t *lang_hits)
{
	const unsigned char *s = (const unsigned char *)text;
	memset(f, 0, sizeof *f);
	f->bytes = (uint32_t)len;
	f->bullet = marker_len(s, len) > 0;
	f->terminal = (uint8_t)ends_sentence(s, len);
	size_t nl = r ? px_rules_nlangs(r) : 0;
	f->chars = count_chars(s, len);
	/* every byte is looked up once below: blanks, then a word's bytes,
	 * which tell whether it has a letter or digit and whether it could
	 * be a link at all (an address needs '@', a URL "://", else it starts
	 * with "www.") */
	for (size_t i = 0; i < len;) {
		size_t sp = i;
		while (i < len && (byte_kind[s[i]] & B_SPACE))
			i++;
		f->gaps += i - sp >= 2 && sp > 0 && i < len;
		size_t st = i;
		unsigned kind = 0;
		for (unsigned k; i < len && !((k = byte_kind[s[i]]) & B_SPACE); i++)
			kind |= k;
		if (i == st)
			break;
		const unsigned char *w = s + st;
		size_t n = i - st;
		if (!(kind & B_ALNUM))
			continue;
		f->words++;
		if (((kind & B_LINK) || (n >= 4 && w[0] == 'w')) && is_link(w, n)) {
			f->links++;
			continue;
		}
		trim_word(&w, &n);
		if (!n)
			continue;
		if (starts_upper(w, n)) {
			f->caps++;
			size_t k = 1;
			while (k < n && !(w[k] >= 'a' && w[k] <= 'z'))
				k++;
			f->upper += k == n && n >= 2;
		}
		if (w[0] >= '0' && w[0] <= '9')
			f->numbers++;
		if (nl) {
			uint32_t m = px_rules_stopword(r, (const char *)w, n);
			if (m) {
				f->stopmask_words++;
				/* the languages it is a stop word of: a bit or two */
				for (; m; m &= m - 1)
					lang_hits[__builtin_ctz(m)]++;
			}
		}
	}
}

float px_clean_prose_score(const px_clean_features *f)
{
	if (!f->words)
		return 0;
	float sd = (float)f->stops / (float)f->words;
	float len = f->chars >= LEN_HIGH ? 1.0f : (float)f->chars / LEN_HIGH;
	float ld = (float)f->links / (float)f->words;
	float s = sd / STOP_HIGH;
	if (s > 1)
		s = 1;
	s = s * (0.5f + 0.5f * len) * (1 - ld);
	if (f->terminal)
		s = s * 0.8f + 0.2f;
	else
		s *= 0.8f;
	return s;
}

/* ---- classification ----------------------------------------------------------- */

static void classify(blk *b, int have_lang)
{
	const px_clean_features *f = &b->f;
	b->score = px_clean_prose_score(f);
	if (b->sep) {
		b->cls = C_BAD;
		b->reason = "separator";
		return;
	}
	/* teasers of other articles are cut short; an article's own
	 * paragraphs and headings are not repeated on its page */
	if (b->cut && f->words >= 3) {
		b->cls = C_BAD;
		b->reason = "classifier: cut short (a teaser)";
		return;
	}
	/* a row of a text table (columns apart by runs of blanks: scores,
	 * results, figures): not prose, yet the article's when the prose
	 * around it is; its neighbours decide, as for short lines;
	 * a header row repeats from table to table */
	if (f->gaps >= 2 && f->words <= 40) {
		b->cls = C_SHORT;
		b->reason = "classifier: table row";
		return;
	}
	/* a paragraph of prose said twice is a scraper's double: its first
	 * copy is read like any block, the later ones are boilerplate */
	if (b->dup && f->words >= 3 && !(b->dup == 1 && f->words >= 20 && f->terminal)) {
		b->cls = C_BAD;
		b->reason = "classifier: repeated on the page";
		return;
	}
	if (f->words == 0) {
		b->cls = C_BAD;
		b->reason = "classifier: no words";
		return;
	}
	float ld = (float)f->links / (float)f->words;
	if (ld > LINK_MAX) {
		b->cls = C_BAD;
		b->reason = "classifier: link density";
		return;
	}
	float sd = (float)f->stops / (float)f->words;
	float caps = (float)f->caps / (float)f->words;
	/* a headline shouted in capitals, no sentence ("SINGER SAYS SHOW
	 * HELPED HER LOSE 25 POUNDS"): a link to another story; an article's
	 * subheadings are shorter or not all capitals */
	if (!f->terminal && f->words >= 6 && f->upper * 5 >= f->words * 4) {
		b->cls = C_BAD;
		b->reason = "classifier: a headline in capitals (a link)";
		return;
	}
	/* a line that does not end like a sentence is a heading, a title, a
	 * teaser or a menu entry: its neighbours decide, as for short ones */
	if (f->chars < LEN_LOW || (!f->terminal && f->words <= 20)) {
		b->cls = C_SHORT;
		b->reason = "classifier: short";
		return;
	}
	if (have_lang) {
		if (sd >= STOP_HIGH && (f->chars >= LEN_HIGH || f->terminal)) {
			b->cls = C_GOOD;
			b->reason = "classifier: prose (stop words, length)";
		} else if (sd >= STOP_LOW) {
			b->cls = C_NEAR;
			b->reason = "classifier: near prose (stop words)";
		} else if (f->terminal && f->words >= 15 && !f->bullet && sd >= STOP_LOW / 2) {
			/* sentences packed with names and figures (results, lists of
			 * officials) have few stop words but are still prose: the
			 * neighbours decide */
			b->cls = C_NEAR;
			b->reason = "classifier: sentences, few stop words";
		} else {
			b->cls = C_BAD;
			b->reason = "classifier: few stop words";
		}
	} else {
		/* no language known: sentences and lower-case words instead */
		if (f->terminal && caps < 0.5f && f->words >= 12) {
			b->cls = f->chars >= LEN_HIGH ? C_GOOD : C_NEAR;
			b->reason = "classifier: sentences (no stop-word language)";
		} else {
			b->cls = C_BAD;
			b->reason = "classifier: no sentences";
		}
	}
	/* a list item or a run of capitalised words that does not end like a
	 * sentence reads as a menu or a teaser, not as prose */
	if (b->cls > C_BAD && !f->terminal && (f->bullet || (caps > 0.6f && f->words >= 4))) {
		b->cls--;
		if (b->cls == C_SHORT)
			b->cls = C_BAD;
		b->reason = f->bullet ? "classifier: list item, no sentence"
		                      : "classifier: capitalised words, no sentence";
	}
}

/* For every block of [lo, hi), the class of the nearest block before and
 * after it that is neither short nor metadata (nor near-good, in the
 * skip_near variant); C_BAD at the edges. Linear: a page of a million
 * short lines must not cost a million squared. */
typedef struct nbr {
	uint8_t p0, n0, p1, n1; /* [pn]1: skipping near-good blocks too */
} nbr;

static void neighbours(const blk *b, size_t lo, size_t hi, nbr *o)
{
	uint8_t c0 = C_BAD, c1 = C_BAD;
	for (size_t i = lo; i < hi; i++) {
		o[i - lo].p0 = c0;
		o[i - lo].p1 = c1;
		int c = b[i].cls0;
		if (c != C_SHORT && c != C_META) {
			c0 = (uint8_t)c;
			if (c != C_NEAR)
				c1 = (uint8_t)c;
		}
	}
	c0 = c1 = C_BAD;
	for (size_t i = hi; i-- > lo;) {
		o[i - lo].n0 = c0;
		o[i - lo].n1 = c1;
		int c = b[i].cls0;
		if (c != C_SHORT && c != C_META) {
			c0 = (uint8_t)c;
			if (c != C_NEAR)
				c1 = (uint8_t)c;
		}
	}
}

/* jusText's context smoothing over [lo, hi); -1 when memory ran out.
 * nouns_up: the doc's language capitalises its nouns (German), so that
 * capitals do not tell a headline from a sentence. */
static int smooth(blk *b, size_t lo, size_t hi, int nouns_up)
{
	if (hi <= lo)
		return 0;
	nbr *o = px_malloc((hi - lo) * sizeof *o);
	if (!o)
		return -1;
	for (size_t i = lo; i < hi; i++)
		b[i].cls0 = b[i].cls;
	neighbours(b, lo, hi, o);
	for (size_t i = lo; i < hi; i++) {
		if (b[i].cls0 != C_SHORT)
			continue;
		int p = o[i - lo].p1, n = o[i - lo].n1;
		if (p == C_GOOD && n == C_GOOD) {
			b[i].cls = C_GOOD;
			b[i].reason = "classifier: short, between body blocks";
		} else if (p == C_BAD && n == C_BAD) {
			b[i].cls = C_BAD;
			b[i].reason = "classifier: short, between boilerplate";
		} else if ((p == C_BAD && o[i - lo].p0 == C_NEAR) ||
		           (n == C_BAD && o[i - lo].n0 == C_NEAR)) {
			b[i].cls = C_GOOD;
			b[i].reason = "classifier: short, next to near prose";
		} else if ((p == C_GOOD || n == C_GOOD) && b[i].f.terminal && b[i].f.words >= 5 &&
		           b[i].f.stops * 100 >= b[i].f.words * (unsigned)(STOP_HIGH * 100) &&
		           (nouns_up || b[i].f.caps * 5 <= b[i].f.words * 3)) {
			/* the article's last (or first) sentence, short but prose;
			 * mostly capitalised words are a headline asking its
			 * question ("Does Marie Yovanovitch Have a Net Worth of
			 * $17 Million?") or a teaser, as for lines that end no
			 * sentence (see classify) */
			b[i].cls = C_GOOD;
			b[i].reason = "classifier: short sentence next to the body";
		} else {
			b[i].cls = C_BAD;
			b[i].reason = "classifier: short, at the edge of the body";
		}
	}
	for (size_t i = lo; i < hi; i++) {
		if (b[i].cls0 != C_NEAR)
			continue;
		int p = o[i - lo].p1, n = o[i - lo].n1;
		if (p == C_BAD && n == C_BAD) {
			b[i].cls = C_BAD;
			b[i].reason = "classifier: near prose, between boilerplate";
		} else {
			b[i].cls = C_GOOD;
			b[i].reason = "classifier: near prose, next to body";
		}
	}
	px_free(o);
	return 0;
}

/* ---- metadata ---------------------------------------------------------------- */

static char *dup_trim(const char *s, size_t n)
{
	while (n && (is_space((unsigned char)*s) || *s == ',' || *s == ';' || *s == '|' ||
	             *s == ':'))
		s++, n--;
	while (n && (is_space((unsigned char)s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ';' ||
	             s[n - 1] == '|' || s[n - 1] == ':' || s[n - 1] == '-'))
		n--;
	return n ? px_strndup(s, n) : NULL;
}

/* ASCII case folding without the locale's tables (a byte from 0x80 up
 * is one no locale in use folds: UTF-8 text). */
static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Does s[0..n) start with the lower-case p[0..l), case aside? A p with
 * a byte from 0x80 up never matches: so it has always been here (the
 * byte was compared as a negative char), and the non-ASCII title
 * separators (" – ", " — ") would cut titles that hold a dash. */
static int ci_prefix_n(const char *s, size_t n, const char *p, size_t l)
{
	if (n < l)
		return 0;
	for (size_t i = 0; i < l; i++)
		if ((unsigned char)p[i] >= 0x80 ||
		    ascii_lower((unsigned char)s[i]) != (unsigned char)p[i])
			return 0;
	return 1;
}

static int ci_prefix(const char *s, size_t n, const char *p)
{
	return ci_prefix_n(s, n, p, strlen(p));
}

static const char *ci_find(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	if (!l)
		return s;
	for (size_t k = 0; k < l; k++)
		if ((unsigned char)p[k] >= 0x80)
			return NULL; /* see ci_prefix_n: it never matches */
	unsigned char c0 = (unsigned char)p[0];
	int letter = c0 >= 'a' && c0 <= 'z';
	for (size_t i = 0; i + l <= n; i++) {
		if (!letter) {
			/* a first byte with no other case (" | " and the like):
			 * memchr finds its next place */
			const char *q = memchr(s + i, c0, n - l + 1 - i);
			if (!q)
				return NULL;
			i = (size_t)(q - s);
		} else if (ascii_lower((unsigned char)s[i]) != c0) {
			continue;
		}
		if (ci_prefix_n(s + i, n - i, p, l))
			return s + i;
	}
	return NULL;
}

/* Does s start with a month's name or abbreviation, then a day? */
static int month_word_before_digit(const char *s, size_t n)
{
	static const char *const mon[] = {"january", "february", "march", "april",
	                                  "may", "june", "july", "august", "september",
	                                  "october", "november", "december"};
	size_t w = 0;
	while (w < n && isalpha((unsigned char)s[w]))
		w++;
	if (w < 3 || w > 9)
		return 0;
	size_t j = w;
	if (j < n && s[j] == '.')
		j++;
	if (j + 1 >= n || s[j] != ' ' || !isdigit((unsigned char)s[j + 1]))
		return 0;
	/* the word is the month's name or its start ("Nov", "Sept") */
	for (size_t m = 0; m < 12; m++)
		if (w <= strlen(mon[m]) && !strncasecmp(s, mon[m], w))
			return 1;
	return 0;
}

/* "By Justine Coleman," -> "Justine Coleman"; a trailing date or
 * "Updated ..." goes. */
static char *byline_name(const char *s, size_t n)
{
	static const char *const pre[] = {"written by ", "posted by ", "by ", "par ", "von ",
	                                  "por ", "author:", "autor:", "auteur :", "auteur:",
	                                  "autora:"};
	for (size_t i = 0; i < sizeof pre / sizeof *pre; i++)
		if (ci_prefix(s, n, pre[i])) {
			s += strlen(pre[i]);
			n -= strlen(pre[i]);
			break;
		}
	static const char *const cut[] = {" updated", " published", " posted", " | ",
	                                  " - ", " – ", " — ", " on "};
	for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
		const char *c = ci_find(s, n, cut[i]);
		if (c)
			n = (size_t)(c - s);
	}
	/* a date glued after a comma: "Name, Sept. 27, 2020" */
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' && i + 2 < n && isdigit((unsigned char)s[n - 1])) {
			const char *d = s + i + 1;
			while (d < s + n && *d == ' ')
				d++;
			static const char *const mon[] = {"jan", "feb", "mar", "apr", "may", "jun",
			                                  "jul", "aug", "sep", "oct", "nov", "dec"};
			for (size_t m = 0; m < 12; m++)
				if (ci_prefix(d, (size_t)(s + n - d), mon[m])) {
					n = i;
					break;
				}
			if (n == i)
				break;
		}
	/* a handle glued on or after the name ("Name@Site", "Name @site"),
	 * a date or time with no comma before it ("Name Nov 18, 2019",
	 * "Name 2019-11-18T20:51Z", "Name 3 hours ago"): names hold no digits */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '@' && i > 0) {
			n = i;
			break;
		}
		if (i > 0 && s[i - 1] == ' ' &&
		    (isdigit((unsigned char)s[i]) || month_word_before_digit(s + i, n - i))) {
			n = i;
			break;
		}
	}
	while (n && s[n - 1] == ' ')
		n--;
	/* a name said twice, as a scraped author link and its picture's
	 * text leave it: "Sean Martin Sean Martin" */
	if (n >= 3 && n % 2 == 1 && s[n / 2] == ' ' && !memcmp(s, s + n / 2 + 1, n / 2))
		n /= 2;
	return dup_trim(s, n);
}

static int month_of(const char *w, size_t n)
{
	static const char *const names[][5] = {
		{"jan", "janv", "januar", "ene", "janeiro"},
		{"feb", "févr", "februar", "febrero", "fev"},
		{"mar", "mars", "märz", "marzo", "março"},
		{"apr", "avr", "abr", "abril", "april"},
		{"may", "mai", "mayo", "maio", NULL},
		{"jun", "juin", "juni", "junio", "junho"},
		{"jul", "juil", "juli", "julio", "julho"},
		{"aug", "août", "ago", "agosto", NULL},
		{"sep", "sept", "set", "septiembre", "setembro"},
		{"oct", "okt", "out", "octubre", "outubro"},
		{"nov", "novembre", "november", "noviembre", "novembro"},
		{"dec", "déc", "dez", "dic", "dezembro"},
	};
	char buf[16];
	if (n < 3 || n >= sizeof buf)
		return 0;
	/* a name's first three letters must match: most words fail on the
	 * first, before any copy or comparison */
	unsigned char c0 = ascii_lower((unsigned char)w[0]);
	if (!c0 || !strchr("jfmasonde", c0))
		return 0;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)w[i]);
	buf[n] = '\0';
	/* a month's prefix of at least three letters names it (its first
	 * three bytes compared before any string call: most words that get
	 * here, "many", "delivered", fail there) */
	for (int m = 0; m < 12; m++)
		for (int k = 0; k < 5 && names[m][k]; k++) {
			const char *nm = names[m][k];
			if (nm[0] != buf[0] || nm[1] != buf[1] || nm[2] != buf[2])
				continue;
			/* the word a prefix of the name, or the name of the word
			 * (n >= 3 above, and three bytes agree already) */
			size_t l = strlen(nm);
			if (!strncmp(buf, nm, l < n ? l : n))
				return m + 1;
		}
	return 0;
}

/* Find a date in s: "September 28, 2020", "28 September 2020",
 * "27 de setembro de 2020", "2020-09-28". Returns an ISO date (new
 * string), or NULL; *start is where it begins in s. */
static char *find_date(const char *s, size_t n, size_t *start)
{
	int day = 0, mon = 0, year = 0;
	size_t i = 0, first = n;
	/* ISO first */
	for (i = 0; i + 10 <= n; i++)
		if (isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 3]) &&
		    s[i + 4] == '-' && s[i + 7] == '-' && isdigit((unsigned char)s[i + 9]) &&
		    (i == 0 || !isdigit((unsigned char)s[i - 1]))) {
			year = atoi(s + i);
			mon = atoi(s + i + 5);
			day = atoi(s + i + 8);
			first = i;
			goto done;
		}
	/* words: look for a month name with a day and a year around it */
	for (i = 0; i < n;) {
		while (i < n && !isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0xC0)
			i++;
		size_t st = i;
		while (i < n && (isalpha((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
			i++;
		if (i == st)
			break;
		int m = month_of(s + st, i - st);
		if (!m)
			continue;
		/* after: [.] day[,] year  or  [de] year */
		size_t k = i;
		while (k < n && (s[k] == '.' || s[k] == ' '))
			k++;
		int d = 0, y = 0;
		if (k < n && isdigit((unsigned char)s[k])) {
			d = atoi(s + k);
			while (k < n && isalnum((unsigned char)s[k]))
				k++;
			while (k < n && (s[k] == ',' || s[k] == ' '))
				k++;
			if (k + 4 <= n && isdigit((unsigned char)s[k]))
				y = atoi(s + k);
			if (d > 31) {
				y = d;
				d = 0;
			}
		}
		if (!d) {
			/* before: day [.] [de|of] Month */
			size_t b = st;
			while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '.'))
				b--;
			if (b >= 2 && (ci_prefix(s + b - 2, 2, "de") || ci_prefix(s + b - 2, 2, "of"))) {
				b -= 2;
				while (b > 0 && s[b - 1] == ' ')
					b--;
			}
			size_t e = b;
			while (b > 0 && isalpha((unsigned char)s[b - 1]))
				b--; /* 1st, 2nd */
			while (b > 0 && isdigit((unsigned char)s[b - 1]))
				b--;
			if (b < e && isdigit((unsigned char)s[b])) {
				d = atoi(s + b);
				st = b;
				size_t k2 = i;
				while (k2 < n && (s[k2] == ' ' || s[k2] == ',' || s[k2] == '.'))
					k2++;
				if (k2 + 3 <= n && ci_prefix(s + k2, n - k2, "de "))
					k2 += 3;
				if (k2 + 4 <= n && isdigit((unsigned char)s[k2]))
					y = atoi(s + k2);
			}
		}
		if (y >= 1900 && y <= 2199) {
			mon = m;
			day = d;
			year = y;
			first = st;
			goto done;
		}
	}
	return NULL;
done:
	if (mon < 1 || mon > 12 || day < 0 || day > 31)
		return NULL;
	*start = first;
	char buf[16];
	if (day)
		snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, mon, day);
	else
		snprintf(buf, sizeof buf, "%04d-%02d", year, mon);
	return px_strdup(buf);
}

/* The outlet named before the date in a dateline: "The Hill, September
 * 28, 2020" -> "The Hill"; "Asia Times, AFP, SEPTEMBER 27, 2020" ->
 * "Asia Times/AFP". */
static char *dateline_outlet(const char *s, size_t n, size_t date_start)
{
	if (date_start == 0 || date_start > n)
		return NULL;
	px_sbuf b = PX_SBUF_INIT;
	size_t i = 0;
	while (i < date_start) {
		size_t st = i;
		while (i < date_start && s[i] != ',')
			i++;
		const char *p = s + st;
		size_t l = i - st;
		while (l && is_space((unsigned char)*p))
			p++, l--;
		while (l && is_space((unsigned char)p[l - 1]))
			l--;
		/* a weekday or "Updated" is not an outlet */
		int skip = l == 0 || ci_prefix(p, l, "updated") || ci_prefix(p, l, "published") ||
		           ci_prefix(p, l, "posted") || month_of(p, l) || l > 60;
		/* (whole or cut short: "Tue 29 Sep 2020", "Thurs.") */
		static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
		                                   "friday", "saturday", "sunday"};
		size_t dl = l && p[l - 1] == '.' ? l - 1 : l;
		for (size_t k = 0; k < 7 && !skip; k++)
			if ((dl == strlen(days[k]) || (dl >= 3 && dl <= 5 && dl < strlen(days[k]))) &&
			    ci_prefix_n(p, dl, days[k], dl))
				skip = 1;
		if (!skip) {
			if (b.len)
				px_sbuf_putc(&b, '/');
			px_sbuf_append(&b, p, l);
		}
		i++;
	}
	if (!b.len) {
		px_sbuf_free(&b);
		return NULL;
	}
	return px_sbuf_detach(&b, NULL);
}

/* The host of a URL without "www.": the outlet when nothing names it. */
static char *url_host(const char *u)
{
	const char *p = strstr(u, "://");
	p = p ? p + 3 : u;
	if (!strncmp(p, "www.", 4))
		p += 4;
	size_t n = strcspn(p, "/?#: ");
	return n ? px_strndup(p, n) : NULL;
}

/* The title without a site or section suffix: "T | World news",
 * "T - Site Name", "T — Site". */
static size_t title_len(const char *s, size_t n)
{
	static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", " · ", " » "};
	for (size_t k = 0; k < sizeof seps / sizeof *seps; k++) {
		const char *best = NULL;
		for (const char *p = s; (p = ci_find(p, (size_t)(s + n - p), seps[k])) != NULL;
		     p += strlen(seps[k]))
			best = p; /* the last one: titles may hold a dash themselves */
		if (!best)
			continue;
		const char *suf = best + strlen(seps[k]);
		size_t suf_words = 0, head_words = 0;
		for (const char *q = suf; q < s + n; q++)
			if (*q == ' ')
				suf_words++;
		for (const char *q = s; q < best; q++)
			if (*q == ' ')
				head_words++;
		/* a short suffix after a title of some length is a site label */
		if (suf_words <= 4 && head_words >= 2)
			return (size_t)(best - s);
	}
	return n;
}

/* ---- one article -------------------------------------------------------------- */

typedef struct ctx {
	const px_rules *r;
	const px_doc *doc;
	blk *b;
} ctx;

static const char *btext(const ctx *c, size_t i, size_t *n)
{
	return px_doc_block(c->doc, i, n);
}

static int rule_label(const ctx *c, size_t i)
{
	return c->b[i].rule >= 0 ? (int)px_rules_label(c->r, c->b[i].rule) : -1;
}

static void set(blk *b, px_label l, const char *reason)
{
	b->label = l;
	if (reason)
		b->reason = reason;
}

static int title_like(const ctx *c, size_t i)
{
	const blk *b = &c->b[i];
	size_t n;
	const char *t = btext(c, i, &n);
	if (b->rule >= 0 || b->sep || b->f.bullet || b->f.links || b->f.words < 2 ||
	    b->f.words > 30 || b->f.chars > 250)
		return 0;
	/* a title does not end with a full stop (a question mark, yes) */
	if (n && (t[n - 1] == '.' || t[n - 1] == ',' || t[n - 1] == ':'))
		return 0;
	/* nor is it one word said twice ("MoreBikes MoreBikes"): a logo's
	 * or a picture's text and its tooltip ("New York New York" may be) */
	if (b->f.words == 2 && n % 2 == 1 && t[n / 2] == ' ' && !memcmp(t, t + n / 2 + 1, n / 2))
		return 0;
	/* nor is it a date with a few words around it */
	if (b->f.words <= 8) {
		size_t ds;
		char *dt = find_date(t, n, &ds);
		px_free(dt);
		if (dt)
			return 0;
	}
	return 1;
}

/* A numeric date in s: "27/09/2018", "19.11.2019", "2019/11/19" (digits
 * on neither side). */
static int numeric_date(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]) || (i && isdigit((unsigned char)s[i - 1])))
			continue;
		size_t j = i, g[3] = {0, 0, 0};
		int k = 0;
		char sep = 0;
		for (; k < 3; k++) {
			size_t st = j;
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			g[k] = j - st;
			if (k == 2 || j >= n || (s[j] != '/' && s[j] != '.') || (sep && s[j] != sep) ||
			    j + 1 >= n || !isdigit((unsigned char)s[j + 1]))
				break;
			sep = s[j++];
		}
		if (k == 2 && (j >= n || !isdigit((unsigned char)s[j])) &&
		    ((g[0] <= 2 && g[1] <= 2 && g[2] == 4) || (g[0] == 4 && g[1] <= 2 && g[2] <= 2)))
			return 1;
		i = j;
	}
	return 0;
}

/* A short line that carries a date near its start and little else: "Nov
 * 19, 2019 at 9:08 GMT", "Updated Nov. 19, 2019 8:21 am ET / Original
 * ...", "Name 27/09/2018 3 comments Politics": the page's date stamp,
 * neither its title nor its standfirst. */
static int date_stamp(const ctx *c, size_t i)
{
	const blk *b = &c->b[i];
	if (b->rule >= 0 || b->sep || b->f.words == 0 || b->f.words > 16 || b->f.terminal ||
	    b->f.bullet)
		return 0;
	size_t n, ds = 0;
	const char *t = btext(c, i, &n);
	char *d = find_date(t, n, &ds);
	px_free(d);
	if (!d) {
		/* a numeric date: where it starts */
		if (!numeric_date(t, n))
			return 0;
		for (ds = 0; ds < n && !isdigit((unsigned char)t[ds]); ds++)
			;
	}
	/* the date among the first four words */
	size_t words = 0;
	for (size_t k = 0; k < ds; k++)
		if (t[k] != ' ' && (k == 0 || t[k - 1] == ' '))
			words++;
	return words <= 3;
}

/* A list of other stories' headlines under the article ("* Moon Rush:
 * Private Lunar Lander Plans", "* How Facebook gets the First Amendment
 * backward"): three list items or more in a row, most of them four words
 * or more that end no sentence, once most of the prose lies above them
 * and with no lead-in ending in a colon (the article's own lists have one:
 * "The newly selected five are:"). Their neighbours made them body; they
 * are links to elsewhere, so boilerplate. */
static void headline_lists(blk *b, const ctx *c, size_t lo, size_t hi)
{
	double good = 0, acc = 0;
	for (size_t i = lo; i < hi; i++)
		if (b[i].cls == C_GOOD)
			good += b[i].f.words;
	for (size_t i = lo; i < hi;) {
		if (!b[i].f.bullet) {
			if (b[i].cls == C_GOOD)
				acc += b[i].f.words;
			i++;
			continue;
		}
		size_t j = i;
		unsigned heads = 0;
		for (; j < hi && b[j].f.bullet; j++)
			if (b[j].rule < 0 && !b[j].f.terminal && b[j].f.words >= 4)
				heads++;
		size_t p = i;
		while (p > lo && b[p - 1].f.words == 0)
			p--;
		size_t n = 0;
		const char *t = p > lo ? btext(c, p - 1, &n) : NULL;
		while (n && is_space((unsigned char)t[n - 1]))
			n--;
		int lead_in = n && t[n - 1] == ':';
		if (j - i >= 3 && heads * 3 >= (j - i) * 2 && good > 0 && acc >= 0.5 * good &&
		    !lead_in) {
			for (size_t k = i; k < j; k++)
				if (b[k].rule < 0 && b[k].cls != C_BAD) {
					b[k].cls = C_BAD;
					b[k].reason = "classifier: a list of headlines under the article";
				}
			/* and its heading ("More Great WIRED Stories"): a short
			 * line right above it that ends no sentence */
			if (p > lo && b[p - 1].rule < 0 && !b[p - 1].f.bullet && !b[p - 1].f.terminal &&
			    b[p - 1].f.words && b[p - 1].f.words <= 8 && b[p - 1].cls0 == C_SHORT) {
				b[p - 1].cls = C_BAD;
				b[p - 1].reason = "classifier: the heading of a list of headlines";
			}
		}
		for (size_t k = i; k < j; k++)
			if (b[k].cls == C_GOOD)
				acc += b[k].f.words;
		i = j;
	}
}

/* Label blocks [lo, hi) as one article and fill a's metadata. */
static int clean_article(ctx *c, size_t lo, size_t hi, px_article *a)
{
	blk *b = c->b;
	headline_lists(b, c, lo, hi);
	/* the body's span: maximum-sum run, prose counting for, boilerplate
	 * against it */
	double best = 0, cur = 0;
	size_t bs = lo, be = lo, cs = lo;
	for (size_t i = lo; i < hi; i++) {
		double w;
		if (b[i].cls == C_GOOD)
			w = b[i].f.words;
		else if (b[i].cls == C_META)
			w = 0;
		else
			w = -(SPAN_PENALTY_WORD * b[i].f.words + SPAN_PENALTY_BLOCK);
		if (cur <= 0) {
			cur = 0;
			cs = i;
		}
		cur += w;
		if (cur > best) {
			best = cur;
			bs = cs;
			be = i + 1;
		}
	}
	/* the article ends at a comment section's or related list's heading,
	 * once most of the span's prose lies above it (a "Most read" box
	 * above the article does not end it) */
	if (be > bs) {
		double good = 0, acc = 0;
		for (size_t i = bs; i < be; i++)
			if (b[i].cls == C_GOOD)
				good += b[i].f.words;
		for (size_t i = bs; i < be; i++) {
			if (b[i].cls == C_GOOD)
				acc += b[i].f.words;
			if (b[i].rule >= 0 && px_rules_ends(c->r, b[i].rule) && acc >= 0.5 * good) {
				be = i;
				break;
			}
		}
	}
	size_t kept = 0, total = 0;
	for (size_t i = lo; i < hi; i++) {
		if (b[i].rule < 0 || rule_label(c, i) != PX_LABEL_BOILERPLATE)
			total += b[i].f.words;
		if (i >= bs && i < be && b[i].cls == C_GOOD)
			kept += b[i].f.words;
	}
	int low = best <= 0 || kept < KEEP_MIN_WORDS || (float)kept < KEEP_MIN_SHARE * (float)total;
	if (low) {
		/* never eat an article: every block no rule names stays */
		a->low_confidence = 1;
		bs = lo;
		be = hi;
		/* a first line that reads as a title stays one */
		size_t from = lo + 1 < hi && title_like(c, lo) && !b[lo].f.terminal ? lo + 1 : lo;
		for (size_t i = from; i < hi; i++)
			if (b[i].cls != C_META && !(b[i].rule >= 0) && !b[i].sep && b[i].f.words) {
				b[i].cls = C_GOOD;
				b[i].reason = "kept: too little text left otherwise (low confidence)";
			}
	}
	size_t first = be, last = bs;
	for (size_t i = bs; i < be; i++)
		if (b[i].cls == C_GOOD) {
			if (first == be)
				first = i;
			last = i;
		}
	if (first == be) { /* nothing at all */
		for (size_t i = lo; i < hi; i++)
			set(&b[i], b[i].cls == C_META ? (px_label)rule_label(c, i) : PX_LABEL_BOILERPLATE,
			    NULL);
		return 0;
	}
	/* inside the body */
	for (size_t i = lo; i < hi; i++) {
		if (i >= first && i <= last) {
			if (b[i].cls == C_META) {
				set(&b[i], (px_label)rule_label(c, i), NULL);
			} else if (b[i].cls == C_GOOD) {
				size_t n;
				const char *t = btext(c, i, &n);
				/* a short line that ends no sentence (a question may be
				 * one: "PM in hot water?") */
				int question = n && t[n - 1] == '?' && b[i].f.words <= 8;
				int heading = b[i].cls0 == C_SHORT && (!b[i].f.terminal || question) &&
				              b[i].f.words <= 12 && !b[i].f.bullet && n &&
				              t[n - 1] != ',' && t[n - 1] != ':' && !a->low_confidence;
				set(&b[i], heading ? PX_LABEL_HEADING : PX_LABEL_BODY,
				    heading ? "short line between body blocks" : NULL);
			} else {
				set(&b[i], PX_LABEL_BOILERPLATE, NULL);
			}
		} else {
			set(&b[i], PX_LABEL_BOILERPLATE,
			    b[i].cls == C_GOOD ? "outside the article's body" : NULL);
		}
	}
	/* before the body: the header, read backwards from the first body block.
	 * Metadata lines and share bars may sit between title and body. */
	long title = -1, stand = -1;
	size_t scanned = 0;
	for (size_t i = first; i-- > lo && scanned < 40;) {
		scanned++;
		int rl = rule_label(c, i);
		if (rl == PX_LABEL_BYLINE || rl == PX_LABEL_DATELINE || rl == PX_LABEL_CAPTION ||
		    rl == PX_LABEL_CREDIT) {
			set(&b[i], (px_label)rl, NULL);
			continue;
		}
		if (rl >= 0 || b[i].sep || b[i].f.words == 0)
			continue;
		if (date_stamp(c, i)) {
			set(&b[i], PX_LABEL_DATELINE, "a date with a few words around it");
			continue;
		}
		if (title_like(c, i) && (!b[i].f.terminal || b[i].f.words <= 14)) {
			size_t n;
			const char *t = btext(c, i, &n);
			int question = n && t[n - 1] == '?';
			if (!b[i].f.terminal || question) {
				title = (long)i;
				/* two title-like lines in a row: a headline and its
				 * deck; the shorter, upper one is the title, unless
				 * it is a word or two, the section's or series'
				 * name over a headline that ends no sentence
				 * ("White House" over "The Impeachment Clock") */
				size_t u = i;
				while (u > lo && (rule_label(c, u - 1) == PX_LABEL_BYLINE ||
				                  rule_label(c, u - 1) == PX_LABEL_DATELINE))
					u--; /* a byline or date between headline and deck */
				int kicker = u > lo && b[u - 1].f.words <= 2 && !b[i].f.terminal;
				if (u > lo && title_like(c, u - 1) && !b[u - 1].f.terminal &&
				    b[u - 1].f.words < b[i].f.words && !kicker) {
					stand = (long)i;
					title = (long)(u - 1);
				}
				break;
			}
		}
		/* a sentence just above the body: the standfirst (prose:
		 * not a line the classifier found bad on its own, such as
		 * a picture's caption packed with names) */
		if (stand < 0 && b[i].f.words >= 6 && b[i].f.words <= 80 && !b[i].f.bullet &&
		    b[i].f.links == 0 && b[i].cls0 != C_BAD)
			stand = (long)i;
	}
	if (title < 0 && a->low_confidence && title_like(c, lo) && lo < first)
		title = (long)lo;
	if (title >= 0) {
		size_t n;
		const char *t = btext(c, (size_t)title, &n);
		set(&b[title], PX_LABEL_TITLE, "the line above the body that reads as a title");
		a->title = px_strndup(t, title_len(t, n));
		if (!a->title)
			return -1;
		if (stand > title) {
			set(&b[stand], PX_LABEL_STANDFIRST, "a sentence between title and body");
			for (size_t i = (size_t)stand + 1; i < first; i++)
				if (b[i].label == PX_LABEL_BODY && b[i].f.words >= 6 && b[i].cls == C_GOOD)
					set(&b[i], PX_LABEL_STANDFIRST, NULL);
		}
		/* a breadcrumb or repeat of the title above it is not a second title */
		size_t tl = title_len(t, n);
		for (size_t i = lo; i < (size_t)title; i++) {
			size_t m;
			const char *u = btext(c, i, &m);
			if (m >= tl && !memcmp(u + m - tl, t, tl) && b[i].label != PX_LABEL_BOILERPLATE)
				set(&b[i], PX_LABEL_BOILERPLATE, "repeats the title");
		}
		/* between title and body: the metadata lines keep their labels */
		for (size_t i = (size_t)title + 1; i < first; i++) {
			int rl = rule_label(c, i);
			if (rl == PX_LABEL_BYLINE || rl == PX_LABEL_DATELINE || rl == PX_LABEL_CAPTION ||
			    rl == PX_LABEL_CREDIT)
				set(&b[i], (px_label)rl, NULL);
		}
		/* captions before the title belong to the page's picture */
		for (size_t i = lo; i < (size_t)title; i++) {
			int rl = rule_label(c, i);
			if (rl == PX_LABEL_CAPTION || rl == PX_LABEL_DATELINE)
				set(&b[i], (px_label)rl, NULL);
		}
	}
	/* metadata from the header: byline, dateline; and from the body's
	 * first blocks, where a page puts them under its lead sentence and
	 * picture */
	size_t hdr = title >= 0 ? (size_t)title : (first > lo + 10 ? first - 10 : lo);
	size_t meta_end = first;
	while (meta_end < first + META_IN_BODY && meta_end <= last)
		meta_end++;
	for (size_t i = lo; i < meta_end; i++) {
		size_t n;
		const char *t = btext(c, i, &n);
		if (b[i].label == PX_LABEL_BYLINE && !a->byline && i >= hdr) {
			a->byline = byline_name(t, n);
			size_t ds;
			if (!a->date)
				a->date = find_date(t, n, &ds);
		}
		if (b[i].label == PX_LABEL_DATELINE && ((i >= hdr && i < first) || !a->date)) {
			size_t ds = 0;
			char *d = find_date(t, n, &ds);
			if (d) {
				px_free(a->date);
				a->date = d;
				char *o = i >= hdr && i < first ? dateline_outlet(t, n, ds) : NULL;
				if (o) {
					px_free(a->outlet);
					a->outlet = o;
				}
			}
		}
	}
	/* after the body: credits and the source URL */
	for (size_t i = last + 1; i < hi && i <= last + 6; i++) {
		int rl = rule_label(c, i);
		if (rl == PX_LABEL_URL) {
			size_t n;
			const char *t = btext(c, i, &n);
			const char *u = t;
			while (u < t + n && !(ci_prefix(u, (size_t)(t + n - u), "http") ||
			                      ci_prefix(u, (size_t)(t + n - u), "www.")))
				u++;
			set(&b[i], PX_LABEL_URL, NULL);
			if (!a->url && u < t + n)
				a->url = dup_trim(u, (size_t)(t + n - u));
		} else if (rl == PX_LABEL_CREDIT) {
			set(&b[i], PX_LABEL_CREDIT, NULL);
		} else if (rl == PX_LABEL_QUOTE && i == last + 1) {
			/* an embedded post's attribution ("— Name (@handle)
			 * November 18, 2019") right under the body's last block
			 * closes the quote the article ends on; one further down
			 * belongs to whatever lies between */
			set(&b[i], PX_LABEL_QUOTE, NULL);
		}
	}
	/* else a URL line at the very top: a scraper's note of the source */
	for (size_t i = lo; !a->url && i < first && i < lo + 3; i++)
		if (rule_label(c, i) == PX_LABEL_URL) {
			size_t n;
			const char *t = btext(c, i, &n);
			const char *u = t;
			while (u < t + n && !(ci_prefix(u, (size_t)(t + n - u), "http") ||
			                      ci_prefix(u, (size_t)(t + n - u), "www.")))
				u++;
			if (u < t + n) {
				set(&b[i], PX_LABEL_URL, NULL);
				a->url = dup_trim(u, (size_t)(t + n - u));
			}
		}
	if (!a->outlet && a->url)
		a->outlet = url_host(a->url);
	return 0;
}

/* ---- the doc ------------------------------------------------------------------ */

/* Does part [lo, hi) look like an article of its own: prose, and its own
 * byline, dateline or URL? */
static int own_article(const ctx *c, size_t lo, size_t hi)
{
	size_t prose = 0;
	int meta = 0;
	for (size_t i = lo; i < hi; i++) {
		if (c->b[i].cls == C_GOOD)
			prose += c->b[i].f.words;
		int rl = rule_label(c, i);
		if (rl == PX_LABEL_BYLINE || rl == PX_LABEL_DATELINE || rl == PX_LABEL_URL)
			meta = 1;
	}
	return prose >= 50 && meta;
}

/* Label the blocks of doc di (only them: docs can be cleaned in parallel)
 * and make its articles (*arts_out, owned by the caller). m is the
 * caller's matcher. 0, or -1 when memory ran out. */
static int clean_one(px_dossier *d, size_t di, const px_rules *r, px_rules_matcher *m,
                     memo *mo, px_article **arts_out, size_t *narts_out)
{
	px_doc *doc = &d->docs[di];
	size_t nb = doc->nblocks;
	size_t nl = px_rules_nlangs(r);
	blk *b = px_calloc(nb ? nb : 1, sizeof *b);
	px_article *arts = NULL;
	size_t narts = 0;
	size_t *cuts = NULL;
	uint64_t *hashes = px_malloc((nb ? nb : 1) * sizeof *hashes);
	uint16_t *bhits = px_calloc((nb ? nb : 1) * (nl ? nl : 1), sizeof *bhits);
	*arts_out = NULL;
	*narts_out = 0;
	if (!b || !hashes || !bhits)
		goto nomem;
	uint32_t hits[PX_RULES_MAX_LANGS] = {0};
	size_t words = 0;
	ctx c = {r, doc, b};
	/* the hashes first, each memo slot fetched as its hash is known: by
	 * the time the loop below reads a slot it is in cache (a slot read
	 * cold was most of a repeated block's cost) */
	for (size_t i = 0; i < nb; i++) {
		size_t n;
		const char *t = px_doc_block(doc, i, &n);
		hashes[i] = hash_text(t, n);
		memo_prefetch(mo, hashes[i]);
	}
	for (size_t i = 0; i < nb; i++) {
		size_t n;
		const char *t = px_doc_block(doc, i, &n);
		int found;
		uint16_t *mh = NULL;
		memo_ent *ms = memo_slot_for(mo, t, n, hashes[i], &found, &mh);
		if (found) {
			b[i].f = ms->f;
			b[i].rule = ms->rule;
			b[i].sep = ms->sep;
			b[i].cut = ms->cut;
			for (size_t l = 0; l < nl; l++) {
				hits[l] += mh[l];
				bhits[i * nl + l] = mh[l];
			}
		} else {
			uint32_t bh[PX_RULES_MAX_LANGS] = {0};
			px_clean_measure(r, t, n, &b[i].f, bh);
			for (size_t l = 0; l < nl; l++) {
				hits[l] += bh[l];
				bhits[i * nl + l] = (uint16_t)(bh[l] > 0xFFFF ? 0xFFFF : bh[l]);
			}
			b[i].sep = (uint8_t)is_separator((const unsigned char *)t, n);
			b[i].cut = (uint8_t)ends_cut((const unsigned char *)t, n);
			size_t k = marker_len((const unsigned char *)t, n);
			b[i].rule = b[i].sep ? -1 : px_rules_match_words(r, m, t + k, n - k, b[i].f.words);
			if (ms) {
				*ms = (memo_ent){t, hashes[i], (uint32_t)n, b[i].rule, b[i].f, b[i].sep,
				                 b[i].cut};
				memcpy(mh, bhits + i * nl, nl * sizeof *mh);
			}
		}
		words += b[i].f.words;
	}
	mark_dups(doc, b, hashes, nb);
	/* the doc's language: the one whose stop words it uses most */
	int lang = -1;
	uint32_t top = 0;
	for (size_t l = 0; l < nl; l++)
		if (hits[l] > top) {
			top = hits[l];
			lang = (int)l;
		}
	if (lang >= 0 && (float)top < 0.08f * (float)words)
		lang = -1;
	for (size_t i = 0; i < nb; i++) {
		if (lang >= 0)
			b[i].f.stops = bhits[i * nl + (size_t)lang];
		int rl = rule_label(&c, i);
		if (rl == PX_LABEL_BOILERPLATE) {
			b[i].cls = C_BAD;
			b[i].reason = px_rules_name(r, b[i].rule);
			b[i].score = px_clean_prose_score(&b[i].f);
		} else if (rl >= 0 && rl != PX_LABEL_BODY) {
			b[i].cls = C_META;
			b[i].reason = px_rules_name(r, b[i].rule);
			b[i].score = px_clean_prose_score(&b[i].f);
		} else {
			classify(&b[i], lang >= 0);
			if (rl == PX_LABEL_BODY) { /* a rule that vouches for body text */
				b[i].cls = C_GOOD;
				b[i].reason = px_rules_name(r, b[i].rule);
			}
		}
	}
	/* parts between separator lines */
	size_t ncuts = 0, cap = 0;
	if (px_grow((void **)&cuts, &cap, 1, sizeof *cuts) < 0)
		goto nomem;
	cuts[ncuts++] = 0;
	for (size_t i = 0; i < nb; i++)
		if (b[i].sep) {
			if (px_grow((void **)&cuts, &cap, ncuts + 1, sizeof *cuts) < 0)
				goto nomem;
			cuts[ncuts++] = i + 1;
		}
	if (px_grow((void **)&cuts, &cap, ncuts + 1, sizeof *cuts) < 0)
		goto nomem;
	cuts[ncuts] = nb;
	arts = px_calloc(ncuts + 1, sizeof *arts);
	if (!arts)
		goto nomem;
	/* smoothing within each part: a separator is a hard edge */
	int nouns_up = lang >= 0 && !strcmp(px_rules_lang(r, (size_t)lang), "de");
	for (size_t p = 0; p < ncuts; p++)
		if (smooth(b, cuts[p], cuts[p + 1], nouns_up) < 0)
			goto nomem;
	size_t own = 0;
	for (size_t p = 0; p < ncuts; p++)
		own += own_article(&c, cuts[p], cuts[p + 1]);
	if (own >= 2) {
		/* an aggregate: each part with an article of its own starts one;
		 * the others join the article before them (the first one, the
		 * page's masthead, joins the article after it) */
		size_t start = 0;
		int seen = 0;
		for (size_t p = 0; p < ncuts; p++) {
			int mine = own_article(&c, cuts[p], cuts[p + 1]);
			if (!mine)
				continue;
			if (seen) {
				arts[narts].block_first = (uint32_t)start;
				arts[narts].block_end = (uint32_t)cuts[p];
				narts++;
				start = cuts[p];
			}
			seen = 1;
		}
		arts[narts].block_first = (uint32_t)start;
		arts[narts].block_end = (uint32_t)nb;
		narts++;
	} else {
		arts[0].block_first = 0;
		arts[0].block_end = (uint32_t)nb;
		narts = 1;
	}
	for (size_t k = 0; k < narts; k++) {
		px_article *a = &arts[k];
		a->doc = di;
		a->part = (int)k + 1;
		a->nparts = (int)narts;
		a->wire_of = -1;
		if (clean_article(&c, a->block_first, a->block_end, a) < 0)
			goto nomem;
	}
	for (size_t i = 0; i < nb; i++) {
		doc->blocks[i].label = (uint8_t)b[i].label;
		doc->blocks[i].reason = b[i].reason;
		doc->blocks[i].score = b[i].score;
	}
	*arts_out = arts;
	*narts_out = narts;
	px_free(hashes);
	px_free(bhits);
	px_free(cuts);
	px_free(b);
	return 0;
nomem:
	for (size_t k = 0; arts && k < narts; k++)
		px_article_clear(&arts[k]);
	px_free(arts);
	px_free(hashes);
	px_free(bhits);
	px_free(cuts);
	px_free(b);
	return -1;
}

px_status px_clean_doc(px_dossier *d, size_t di, const px_rules *r, px_error *err)
{
	px_rules_matcher *m = px_rules_matcher_new(r);
	px_article *arts = NULL;
	size_t n = 0;
	if (!m || clean_one(d, di, r, m, NULL, &arts, &n) < 0)
		goto nomem;
	if (px_dossier_set_articles(d, di, arts, n) != PX_OK)
		goto nomem;
	px_free(arts); /* its strings now belong to the dossier */
	px_rules_matcher_free(m);
	return PX_OK;
nomem:
	for (size_t k = 0; arts && k < n; k++)
		px_article_clear(&arts[k]);
	px_free(arts);
	px_rules_matcher_free(m);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory in reader mode");
}

/* The dossier-wide pass: docs are independent, so workers (one per core,
 * up to MAX_WORKERS) each take every nth doc, and the docs left in each
 * other's shares once done with their own; a doc equal to an earlier one
 * gets that one's results copied after them. The articles are gathered
 * afterwards, in doc order, into one new array. */
#define MAX_WORKERS 4

typedef struct doc_out {
	px_article *arts;
	size_t n;
	uint32_t twin_of; /* the earlier doc it equals (its results copied after
	                     the workers), or UINT32_MAX */
} doc_out;

/* ---- docs a dossier holds twice ----------------------------------------------- */

/* A dossier can hold one file several times (a page saved twice, a feed
 * fetched again, a corpus cycled). A doc's labels and articles depend on
 * its text and blocks alone (clean_one reads nothing else of it, not even
 * its path), so a doc equal to an earlier one gets that one's results
 * copied, not worked out again, as the actor engine does (find_twins in
 * actors.c); the result is the same either way. */

/* Are docs a and b the same input to clean_one: text and blocks? */
static int same_input(const px_doc *a, const px_doc *b)
{
	if (a->text.len != b->text.len || a->nblocks != b->nblocks ||
	    (a->text.len && memcmp(a->text.s, b->text.s, a->text.len) != 0))
		return 0;
	for (size_t i = 0; i < a->nblocks; i++) {
		const px_block *x = &a->blocks[i], *y = &b->blocks[i];
		if (x->start != y->start || x->end != y->end || x->line != y->line ||
		    x->nlines != y->nlines || x->indent != y->indent ||
		    x->blank_before != y->blank_before || x->flags != y->flags)
			return 0;
	}
	return 1;
}

typedef struct hash_job {
	const px_dossier *d;
	uint64_t *hash;
	size_t i0, i1;
} hash_job;

static void *hash_docs(void *p)
{
	hash_job *j = p;
	for (size_t i = j->i0; i < j->i1; i++)
		j->hash[i] = px_text_sample_hash(j->d->docs[i].text.s, j->d->docs[i].text.len);
	return NULL;
}

enum { TWIN_THREAD_DOCS = 512 }; /* docs worth a thread of hashing */

/* For each doc, the first earlier doc with its hash (UINT32_MAX: none):
 * the workers compare the two in full before they take that one's
 * results (a doc that only shares the hash is cleaned as any other).
 * NULL when no doc shares a hash (most dossiers), or without memory:
 * the docs are then all cleaned, which is only slower. */
static uint32_t *twin_candidates(const px_dossier *d)
{
	size_t nd = d->ndocs, cap = 4;
	if (nd < 2 || nd >= UINT32_MAX)
		return NULL;
	while (cap < 2 * nd)
		cap *= 2;
	uint64_t *hash = px_malloc(nd * sizeof *hash);
	uint32_t *tab = px_malloc(cap * sizeof *tab), *cand = px_malloc(nd * sizeof *cand);
	int any = 0;
	if (!hash || !tab || !cand)
		goto out;
	/* the hashes read a few cache lines of each text, most of them
	 * misses: on every core */
	hash_job job[MAX_WORKERS];
	size_t nt = px_threads_for(nd, TWIN_THREAD_DOCS, MAX_WORKERS);
	for (size_t k = 0; k < nt; k++)
		job[k] = (hash_job){d, hash, nd / nt * k, k + 1 == nt ? nd : nd / nt * (k + 1)};
	px_run_jobs(hash_docs, job, sizeof *job, nt);
	memset(tab, 0xFF, cap * sizeof *tab); /* UINT32_MAX: empty */
	for (size_t i = 0; i < nd; i++) {
		size_t k = (size_t)hash[i] & (cap - 1);
		while (tab[k] != UINT32_MAX && hash[tab[k]] != hash[i])
			k = (k + 1) & (cap - 1);
		cand[i] = tab[k];
		if (tab[k] == UINT32_MAX)
			tab[k] = (uint32_t)i;
		else
			any = 1;
	}
out:
	px_free(hash);
	px_free(tab);
	if (!any) {
		px_free(cand);
		cand = NULL;
	}
	return cand;
}

/* Give twin doc i (of doc o) o's labels, and copies of o's articles. 0,
 * or -1 when memory ran out. */
static int copy_twin(px_dossier *d, doc_out *outs, size_t i)
{
	size_t o = outs[i].twin_of;
	const px_doc *from = &d->docs[o];
	px_doc *to = &d->docs[i];
	for (size_t k = 0; k < to->nblocks; k++) {
		to->blocks[k].label = from->blocks[k].label;
		to->blocks[k].reason = from->blocks[k].reason;
		to->blocks[k].score = from->blocks[k].score;
	}
	size_t n = outs[o].n;
	px_article *a = px_calloc(n ? n : 1, sizeof *a);
	if (!a)
		return -1;
	int r = 0;
	for (size_t k = 0; k < n; k++) {
		if (px_article_copy(&a[k], &outs[o].arts[k]) < 0)
			r = -1;
		a[k].doc = i;
	}
	outs[i].arts = a; /* (freed with the others, also on failure) */
	outs[i].n = n;
	return r;
}

typedef struct copy_job {
	px_dossier *d;
	doc_out *outs;
	size_t i0, i1;
	px_clean_progress_fn progress;
	void *ctx;
	int failed, cancelled;
} copy_job;

static void *copy_twins(void *p)
{
	copy_job *j = p;
	for (size_t i = j->i0; i < j->i1 && !j->failed && !j->cancelled; i++) {
		if (j->outs[i].twin_of == UINT32_MAX)
			continue;
		if (copy_twin(j->d, j->outs, i) < 0)
			j->failed = 1;
		else if (j->progress && j->progress(j->ctx) != 0)
			j->cancelled = 1;
	}
	return NULL;
}

/* Each worker has its share of the docs (first, first + step, ...). A
 * worker done with its share takes the docs left in the others', in their
 * order: a thread that started late or was held up by the system leaves
 * no tail of work to one core. taken counts the docs of a share claimed,
 * by anyone. */
typedef struct worker {
	px_dossier *d;
	const px_rules *r;
	doc_out *outs;
	size_t first, step;
	struct worker *all; /* the step workers */
	atomic_size_t taken;
	const uint32_t *cand; /* twin_candidates, or NULL */
	px_clean_progress_fn progress;
	void *ctx;
	int failed, cancelled;
	pthread_t tid;
} worker;

/* The next doc of share s not yet claimed, or nd when there is none. */
static size_t claim(worker *s, size_t nd)
{
	if (s->first >= nd)
		return nd;
	size_t t = atomic_fetch_add_explicit(&s->taken, 1, memory_order_relaxed);
	return t < (nd - s->first + s->step - 1) / s->step ? s->first + t * s->step : nd;
}

static void *work(void *arg)
{
	worker *w = arg;
	size_t nd = w->d->ndocs;
	px_rules_matcher *m = px_rules_matcher_new(w->r);
	if (!m) {
		w->failed = 1;
		return NULL;
	}
	size_t blocks = 0;
	for (size_t i = w->first; i < nd; i += w->step)
		blocks += w->d->docs[i].nblocks;
	memo *mo = memo_new(px_rules_nlangs(w->r), blocks);
	/* its own share first, then the others' */
	for (size_t k = 0; k < w->step && !w->failed && !w->cancelled; k++) {
		worker *s = &w->all[(w->first + k) % w->step];
		for (size_t i; (i = claim(s, nd)) < nd;) {
			uint32_t o = w->cand ? w->cand[i] : UINT32_MAX;
			if (o != UINT32_MAX && same_input(&w->d->docs[i], &w->d->docs[o])) {
				w->outs[i].twin_of = o; /* its results come with o's */
				continue;
			}
			if (clean_one(w->d, i, w->r, m, mo, &w->outs[i].arts, &w->outs[i].n) < 0) {
				w->failed = 1;
				break;
			}
			if (w->progress && w->progress(w->ctx) != 0) {
				w->cancelled = 1;
				break;
			}
		}
	}
	memo_free(mo);
	px_rules_matcher_free(m);
	return NULL;
}

px_status px_clean_docs(px_dossier *d, const px_rules *r,
                        px_clean_progress_fn progress, void *pctx, px_error *err)
{
	size_t nd = d->ndocs;
	doc_out *outs = px_calloc(nd ? nd : 1, sizeof *outs);
	worker ws[MAX_WORKERS];
	px_article *all = NULL;
	int failed = 0, cancelled = 0;
	uint32_t *cand = NULL;
	if (!outs)
		goto fail;
	for (size_t i = 0; i < nd; i++)
		outs[i].twin_of = UINT32_MAX;
	cand = twin_candidates(d);
	size_t nw = px_threads_for(nd, 16, MAX_WORKERS), started = 1;
	for (size_t k = 0; k < nw; k++) {
		worker *w = &ws[k];
		w->d = d;
		w->r = r;
		w->outs = outs;
		w->first = k;
		w->step = nw;
		w->all = ws;
		atomic_init(&w->taken, 0);
		w->progress = progress;
		w->ctx = pctx;
		w->failed = w->cancelled = 0;
		w->cand = cand;
	}
	while (started < nw && pthread_create(&ws[started].tid, NULL, work, &ws[started]) == 0)
		started++;
	/* this thread does its own share, and the others' that are left
	 * (all of those whose thread did not start) */
	work(&ws[0]);
	for (size_t k = 1; k < started; k++)
		pthread_join(ws[k].tid, NULL);
	for (size_t k = 0; k < nw; k++) {
		failed |= ws[k].failed;
		cancelled |= ws[k].cancelled;
	}
	if (cand && !failed && !cancelled) {
		/* the twins' results, once every doc they copy is done */
		copy_job cj[MAX_WORKERS];
		for (size_t k = 0; k < nw; k++) {
			cj[k] = (copy_job){d, outs, nd / nw * k, k + 1 == nw ? nd : nd / nw * (k + 1),
			                   progress, pctx, 0, 0};
		}
		px_run_jobs(copy_twins, cj, sizeof *cj, nw);
		for (size_t k = 0; k < nw; k++) {
			failed |= cj[k].failed;
			cancelled |= cj[k].cancelled;
		}
	}
	px_free(cand);
	cand = NULL;
	if (failed || cancelled)
		goto fail;
	size_t total = 0;
	for (size_t i = 0; i < nd; i++)
		total += outs[i].n;
	all = px_malloc((total ? total : 1) * sizeof *all);
	if (!all)
		goto fail;
	size_t at = 0;
	for (size_t i = 0; i < nd; i++) {
		memcpy(all + at, outs[i].arts, outs[i].n * sizeof *all);
		at += outs[i].n;
		px_free(outs[i].arts);
		outs[i].arts = NULL;
		outs[i].n = 0;
	}
	for (size_t i = 0; i < d->narts; i++)
		px_article_clear(&d->arts[i]);
	px_free(d->arts);
	d->arts = all;
	d->narts = d->arts_cap = total;
	px_free(outs);
	return PX_OK;
fail:
	for (size_t i = 0; outs && i < nd; i++) {
		for (size_t k = 0; k < outs[i].n; k++)
			px_article_clear(&outs[i].arts[k]);
		px_free(outs[i].arts);
	}
	px_free(outs);
	px_free(cand);
	if (cancelled && !failed)
		return px_error_set(err, PX_ERR_LIMIT, "reader mode cancelled");
	return px_error_set(err, PX_ERR_NOMEM, "out of memory in reader mode");
}

px_status px_clean_dossier(px_dossier *d, const px_rules *r, px_error *err)
{
	px_status s = px_clean_docs(d, r, NULL, NULL, err);
	return s == PX_OK ? px_clean_wire(d, err) : s;
}
