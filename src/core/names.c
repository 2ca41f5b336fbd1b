/* names.c - folding and comparing names (see names.h for the model).
 *
 * The costs below encode what transliteration does to names: vowels drift
 * (a/e, e/i, o/u) and come and go, a few consonant pairs trade places (g/k,
 * s/z, d/t, v/f), but a different consonant is a different name. */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "actors_int.h"
#include "parallax/alloc.h"
#include "parallax/names.h"

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* Lower-case ASCII letters and digits of s, accents removed; other
 * non-ASCII letters (Cyrillic, Arabic) kept as they are. */
static int plain(const char *s, size_t n, px_sbuf *out)
{
	size_t i;
	for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i == n) {
		/* (written in place: no call per byte) */
		if (px_sbuf_reserve(out, n) < 0)
			return -1;
		char *o = out->data + out->len;
		for (i = 0; i < n; i++) {
			char c = s[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				*o++ = c;
		}
		out->len = (size_t)(o - out->data);
		out->data[out->len] = '\0';
		return 0;
	}
	size_t dl = 0;
	uint8_t *d = u8_normalize(UNINORM_NFKD, (const uint8_t *)s, n, NULL, &dl);
	if (!d)
		return -1;
	size_t ll = 0;
	uint8_t *l = u8_tolower(d, dl, NULL, NULL, NULL, &ll);
	free(d);
	if (!l)
		return -1;
	int r = 0;
	for (size_t k = 0; k < ll && r == 0;) {
		ucs4_t c;
		int m = u8_mbtouc(&c, l + k, ll - k);
		if (m <= 0)
			break;
		if (c < 0x80) {
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				r = px_sbuf_putc(out, (char)c);
		} else if (c == 0xDF) {
			r = px_sbuf_puts(out, "ss");
		} else if (uc_combining_class(c) == 0 && uc_is_alpha(c)) {
			r = px_sbuf_append(out, l + k, (size_t)m);
		}
		k += (size_t)m;
	}
	free(l);
	return r;
}

/* The lexicon's rules, then doubled letters collapsed, over w (wl bytes
 * from plain), appended to out. */
static int fold_plain(const px_lexicon *lx, const char *w, size_t wl, px_sbuf *out)
{
	/* a rule turns one byte or more into 8 at most: room for all of it
	 * once, then written in place */
	if (wl > ((size_t)-1 - out->len - 2) / 8 || px_sbuf_reserve(out, wl * 8) < 0)
		return -1;
	char *o = out->data;
	size_t start = out->len, k = start;
	for (size_t i = 0; i < wl;) {
		const px_fold_rule *hit = NULL;
		/* only the rules whose FROM starts with this byte, in order */
		unsigned c = (unsigned char)w[i];
		size_t r0 = lx ? lx->rule_at[c] : 0, r1 = lx ? lx->rule_at[c + 1] : 0;
		for (size_t x = r0; x < r1; x++) {
			const px_fold_rule *R = &lx->rules[lx->rule_ix[x]];
			if (R->flen > wl - i || (R->at_start && i != 0) ||
			    (R->at_end && i + R->flen != wl))
				continue;
			size_t q = 1; /* FROM's first byte is w[i] */
			while (q < R->flen && w[i + q] == R->from[q])
				q++;
			if (q < R->flen)
				continue;
			hit = R;
			break;
		}
		if (hit) {
			memcpy(o + k, hit->to, hit->tlen);
			k += hit->tlen;
			i += hit->flen;
		} else {
			o[k++] = w[i++];
		}
	}
	/* doubled letters: Hassan/Hasan, Qassem/Qasem */
	size_t d = start;
	for (size_t i = start; i < k; i++)
		if (d == start || o[d - 1] != o[i] || (o[i] >= '0' && o[i] <= '9'))
			o[d++] = o[i];
	out->len = d;
	o[d] = '\0';
	return 0;
}

int px_name_fold(const px_lexicon *lx, const char *s, size_t n, px_sbuf *out)
{
	px_sbuf p = PX_SBUF_INIT;
	int r = plain(s, n, &p) < 0 ? -1 : fold_plain(lx, p.data ? p.data : "", p.len, out);
	px_sbuf_free(&p);
	return r;
}

/* Costs are counted in quarters, as integers: 4 is one whole edit. (They
 * were doubles; every sum of quarters is exact either way, so the integer
 * table gives the same answers, faster.) */
#define L(c) (1u << ((c) - 'a'))
/* a~e, e~i, i~y, o~u drift between transliterations: a quarter */
static const uint32_t drift[26] = {
	['a' - 'a'] = L('e'), ['e' - 'a'] = L('a') | L('i') | L('y'),
	['i' - 'a'] = L('e') | L('y'), ['y' - 'a'] = L('i') | L('e'),
	['o' - 'a'] = L('u'), ['u' - 'a'] = L('o'),
};
/* consonants that trade places: g/k, s/z, d/t, v/f, b/p, the h of
 * Belarusian for g, v/u (Plyshevsky, Plysheuski), j/y/i: a half */
static const uint32_t trade[26] = {
	['b' - 'a'] = L('p'), ['p' - 'a'] = L('b'),
	['c' - 'a'] = L('s'), ['s' - 'a'] = L('z') | L('c'), ['z' - 'a'] = L('s'),
	['d' - 'a'] = L('t'), ['t' - 'a'] = L('d'),
	['f' - 'a'] = L('v'), ['v' - 'a'] = L('f') | L('u'), ['u' - 'a'] = L('v'),
	['g' - 'a'] = L('k') | L('h'), ['k' - 'a'] = L('g') | L('h'),
	['h' - 'a'] = L('g') | L('k'),
	['i' - 'a'] = L('j'), ['j' - 'a'] = L('y') | L('i'), ['y' - 'a'] = L('j'),
};
#undef L

static inline int sub_cost(char x, char y)
{
	if (x == y)
		return 0;
	unsigned a = (unsigned)((unsigned char)x - 'a'), b = (unsigned)((unsigned char)y - 'a');
	if (a < 26 && b < 26) {
		if ((drift[a] >> b) & 1)
			return 1;
		if ((trade[a] >> b) & 1)
			return 2;
	}
	return 4; /* anything else, and letters outside ASCII */
}

static int indel_cost(char c)
{
	return (is_vowel(c) || c == 'h') ? 2 : 4;
}

/* The edit cost of a into b in quarters, at most 63 bytes of each; with
 * limit >= 0, -1 as soon as a whole row of the table is over the limit. */
static int word_cost_q(const char *a, size_t na, const char *b, size_t nb, int limit)
{
	if (na > 63)
		na = 63;
	if (nb > 63)
		nb = 63;
	int row[64], prev[64], del[64];
	prev[0] = 0;
	for (size_t j = 1; j <= nb; j++) {
		del[j] = indel_cost(b[j - 1]);
		prev[j] = prev[j - 1] + del[j];
	}
	for (size_t i = 1; i <= na; i++) {
		char ca = a[i - 1];
		int ins = indel_cost(ca);
		row[0] = prev[0] + ins;
		int lo = row[0];
		for (size_t j = 1; j <= nb; j++) {
			int best = prev[j - 1] + sub_cost(ca, b[j - 1]);
			int x = prev[j] + ins;
			if (x < best)
				best = x;
			x = row[j - 1] + del[j];
			if (x < best)
				best = x;
			row[j] = best;
			if (best < lo)
				lo = best;
		}
		if (limit >= 0 && lo > limit)
			return -1;
		memcpy(prev, row, (nb + 1) * sizeof *row);
	}
	return prev[nb];
}

double px_name_word_cost(const char *a, const char *b)
{
	return word_cost_q(a, strlen(a), b, strlen(b), -1) / 4.0;
}

/* Is the cost of a into b (63 bytes or fewer each) within limit quarters?
 * Every letter inserted or deleted costs a half or more, so a path through
 * cell (i, j) of the table costs at least 2|i - j| quarters: only the band
 * |i - j| <= limit / 2 can lead to a cost within the limit, and the table
 * is worked out there alone (a cell outside counts as over). The answer
 * is word_cost_q's, from a few cells of each row instead of all. */
static int word_cost_band(const char *a, size_t na, const char *b, size_t nb, int limit)
{
	enum { OVER = 1 << 20 };
	size_t w = (size_t)limit / 2;
	int r0[65], r1[65], del[65];
	uint8_t bl[65]; /* b's letters as bit numbers of drift and trade (31: none) */
	int *prev = r0, *row = r1;
	for (size_t j = 0; j <= nb + 1; j++)
		r0[j] = r1[j] = OVER;
	prev[0] = 0;
	for (size_t j = 1; j <= nb; j++) {
		unsigned y = (unsigned)((unsigned char)b[j - 1] - 'a');
		bl[j] = (uint8_t)(y < 26 ? y : 31);
		del[j] = indel_cost(b[j - 1]);
		if (j <= w)
			prev[j] = prev[j - 1] + del[j];
	}
	for (size_t i = 1; i <= na; i++) {
		char ca = a[i - 1];
		int ins = indel_cost(ca);
		/* sub_cost(ca, y) without its branches: 0 equal, 1 a drift, 2
		 * a trade (the two never share a pair), else 4 */
		unsigned xa = (unsigned)((unsigned char)ca - 'a');
		uint32_t dm = xa < 26 ? drift[xa] : 0, tm = xa < 26 ? trade[xa] : 0;
		size_t lo = i > w ? i - w : 0, hi = i + w < nb ? i + w : nb;
		if (lo > hi)
			return 0; /* the whole row is over */
		int lowest = OVER;
		if (lo == 0) {
			row[0] = prev[0] + ins;
			lowest = row[0];
			lo = 1;
		} else {
			row[lo - 1] = OVER;
		}
		for (size_t j = lo; j <= hi; j++) {
			int sc = 4 - 3 * (int)((dm >> bl[j]) & 1) - 2 * (int)((tm >> bl[j]) & 1);
			int best = prev[j - 1] + (ca == b[j - 1] ? 0 : sc);
			int x = prev[j] + ins;
			if (x < best)
				best = x;
			x = row[j - 1] + del[j];
			if (x < best)
				best = x;
			row[j] = best;
			if (best < lowest)
				lowest = best;
		}
		if (lowest > limit)
			return 0;
		int *t = prev;
		prev = row;
		row = t;
	}
	return prev[nb] <= limit;
}

/* The cost of a into b (whole words, any length) is within limit quarters. */
static int word_cost_within(const char *a, size_t na, const char *b, size_t nb, int limit)
{
	if (na > 63 || nb > 63) /* as before: the cost of the first 63 bytes */
		return word_cost_q(a, na, b, nb, -1) <= limit;
	return word_cost_band(a, na, b, nb, limit);
}

/* The consonant classes of a folded word, one bit each: letters that
 * substitute cheaply for each other (g/k/h, s/z/c, d/t, v/f/u, b/p, j/y/i)
 * share a bit; vowels have none. */
#define S(k) (1u << (k))
/* each letter's class bit: g/k/h/q/c, s/z, d/t, v/f/w, b/p share one;
 * vowels (and j) have none; any other letter its own */
static const uint32_t sound_bit[26] = {
	0, S(4), S(0), S(2), 0, S(3), S(0), S(0), 0, 0, S(0), S(5 + 11), S(5 + 12),
	S(5 + 13), 0, S(4), S(0), S(5 + 17), S(1), S(2), 0, S(3), S(3), S(5 + 23), 0, S(1),
};
#undef S

static uint32_t sound_mask(const char *w)
{
	/* a table, not a switch: a name's letters are all different
	 * branches, each a likely misprediction */
	uint32_t m = 0;
	for (; *w; w++) {
		unsigned c = (unsigned)((unsigned char)*w - 'a');
		m |= c < 26 ? sound_bit[c] : 1u << 31;
	}
	return m;
}

static int popcount32(uint32_t x)
{
	/* (bit arithmetic, not a loop: no branch to mispredict per bit) */
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0F0F0F0Fu;
	return (int)((x * 0x01010101u) >> 24);
}

/* Whether folded words a (na bytes, sound mask ma) and b are one name
 * word: px_name_words_match with the lengths and masks known. */
static int words_match(const char *a, size_t na, uint32_t ma, const char *b, size_t nb,
                       uint32_t mb, int allow_initial)
{
	if (na == nb && (na == 0 || a[0] == b[0]) && memcmp(a, b, na) == 0)
		return 1;
	if (na == 0 || nb == 0)
		return 0;
	if (na == 1 || nb == 1)
		return allow_initial && a[0] == b[0];
	size_t m = na < nb ? na : nb;
	/* the first sound of a name is its most stable part */
	if (a[0] != b[0] && !(is_vowel(a[0]) && is_vowel(b[0])) &&
	    sub_cost(a[0], b[0]) > 2)
		return 0;
	/* a short name tolerates vowel drift and one cheap consonant
	 * (Kazimi, Kadhemi), not another consonant (Salim, Salih); in
	 * quarters: 0.25, 0.75, 1.5 */
	int limit = m <= 3 ? 1 : m < 8 ? 3 : 6;
	if (m <= 3 && a[0] != b[0])
		return 0;
	/* every inserted or deleted letter costs at least 0.5 */
	size_t d = na > nb ? na - nb : nb - na;
	if (d * 2 > (size_t)limit)
		return 0;
	/* and every sound class one has and the other lacks costs at least
	 * 0.5 to make up: most pairs end here, before the edit distance */
	if (popcount32(ma & ~mb) * 2 > limit || popcount32(mb & ~ma) * 2 > limit)
		return 0;
	return word_cost_within(a, na, b, nb, limit);
}

int px_name_words_match(const char *a, const char *b, int allow_initial)
{
	size_t na = strlen(a), nb = strlen(b);
	return words_match(a, na, sound_mask(a), b, nb, sound_mask(b), allow_initial);
}

/* Word i of name a against word j of name b, with what parsing worked out. */
static int name_words_match(const px_name *a, size_t i, const px_name *b, size_t j,
                            int allow_initial)
{
	return words_match(a->w[i], a->len[i], a->sound[i], b->w[j], b->len[j], b->sound[j],
	                   allow_initial);
}

void px_name_free(px_name *nm)
{
	px_free(nm->w); /* the one block of all the rest (px_name_parse) */
	memset(nm, 0, sizeof *nm);
}

void px_name_scratch_free(px_name_scratch *sc)
{
	px_sbuf_free(&sc->low);
	px_sbuf_free(&sc->pl);
	px_sbuf_free(&sc->fw);
	px_sbuf_free(&sc->buf);
	px_sbuf_free(&sc->join);
}

int px_name_parse(const px_lexicon *lx, const char *s, size_t n, px_name *out)
{
	px_name_scratch sc = {0};
	int r = px_name_parse_with(lx, s, n, out, &sc);
	px_name_scratch_free(&sc);
	return r;
}

int px_name_parse_with(const px_lexicon *lx, const char *s, size_t n, px_name *out,
                       px_name_scratch *sc)
{
	memset(out, 0, sizeof *out);
	px_sbuf *buf = &sc->buf, *low = &sc->low, *join = &sc->join, *fw = &sc->fw;
	buf->len = join->len = 0;
	size_t offs[64], lens[64];
	uint8_t fl[64];
	size_t nw = 0;
	int after_comma = 0; /* Fort Smith, Ark: the state does not name the town */
	for (size_t i = 0; i < n && nw < 64;) {
		for (size_t k = i; k < n && (s[k] == ' ' || s[k] == '-' || s[k] == ','); k++)
			if (s[k] == ',')
				after_comma = 1;
		/* words end at blanks and hyphens (al-Kadhimi, Jamaat-ul-Ahrar) */
		while (i < n && (s[i] == ' ' || s[i] == '-' || s[i] == ','))
			i++;
		size_t j = i;
		while (j < n && s[j] != ' ' && s[j] != '-' && s[j] != ',')
			j++;
		if (j == i)
			break;
		low->len = 0;
		if (px_lower(s + i, j - i, low) < 0)
			return -1;
		uint32_t cue = lx ? px_lexicon_cue(lx, low->data, low->len) : 0;
		/* "co." is in the lexicon; "jr" without its period too */
		if (!cue && lx && low->len > 1 && low->data[low->len - 1] == '.')
			cue = px_lexicon_cue(lx, low->data, low->len - 1);
		i = j;
		if (cue & (PX_CUE_ORG | PX_CUE_LEGAL | PX_CUE_PLACE))
			out->org = 1;
		out->place = (cue & PX_CUE_PLACE) && !(cue & (PX_CUE_ORG | PX_CUE_LEGAL));
		int to_join = !(cue & (PX_CUE_CONNECTOR | PX_CUE_LEGAL | PX_CUE_GENERIC));
		/* a particle is not a word of the name, unless it is all there
		 * is (Al, Abu as a whole name); nor is "the" */
		int to_buf = !(cue & (PX_CUE_PARTICLE | PX_CUE_CONNECTOR)) &&
		             !(low->len == 3 && memcmp(low->data, "the", 3) == 0);
		if (!to_join && !to_buf)
			continue;
		/* folded once, for both */
		sc->pl.len = fw->len = 0;
		if (plain(low->data, low->len, &sc->pl) < 0 ||
		    fold_plain(lx, sc->pl.data ? sc->pl.data : "", sc->pl.len, fw) < 0)
			return -1;
		if (to_join && px_sbuf_append(join, fw->data, fw->len) < 0)
			return -1;
		if (!to_buf || fw->len == 0)
			continue; /* punctuation only */
		offs[nw] = buf->len;
		lens[nw] = fw->len;
		if (px_sbuf_append(buf, fw->data, fw->len + 1) < 0) /* with its NUL */
			return -1;
		fl[nw] = 0;
		if ((cue & (PX_CUE_LEGAL | PX_CUE_GENERIC)) || after_comma)
			fl[nw] |= PX_NAME_GENERIC;
		if (fw->len == 1)
			fl[nw] |= PX_NAME_INITIAL;
		nw++;
	}
	/* one block: the words' pointers, lengths, sounds and flags, the
	 * folded words, the joined form */
	size_t jl = join->len ? strlen(join->data) : 0;
	size_t size = nw * (sizeof *out->w + sizeof *out->len + sizeof *out->sound +
	                    sizeof *out->flags) + buf->len + jl + 1;
	char *blk = px_malloc(size);
	if (!blk)
		return -1;
	out->w = (char **)(void *)blk;
	out->len = (size_t *)(void *)(blk + nw * sizeof *out->w);
	out->sound = (uint32_t *)(void *)(blk + nw * (sizeof *out->w + sizeof *out->len));
	out->flags = (uint8_t *)(blk + nw * (sizeof *out->w + sizeof *out->len +
	                                     sizeof *out->sound));
	out->buf = (char *)(out->flags + nw);
	if (buf->len)
		memcpy(out->buf, buf->data, buf->len);
	out->joined = out->buf + buf->len;
	if (jl)
		memcpy(out->joined, join->data, jl);
	out->joined[jl] = '\0';
	out->jlen = jl;
	out->jsound = sound_mask(out->joined);
	for (size_t k = 0; k < nw; k++) {
		out->w[k] = out->buf + offs[k];
		out->flags[k] = fl[k];
		out->len[k] = lens[k];
		out->sound[k] = sound_mask(out->w[k]);
		if (!(fl[k] & PX_NAME_GENERIC))
			out->ncontent++;
	}
	out->n = nw;
	return 0;
}

/* Content words (generic org words left out) of nm into idx; their count. */
static size_t content(const px_name *nm, size_t *idx, size_t cap)
{
	size_t k = 0;
	/* an organisation is named by its long words; short ones are
	 * abbreviations of legal forms (VO, AO) or particles (E, I) */
	for (size_t i = 0; i < nm->n && k < cap; i++)
		if (!(nm->flags[i] & (PX_NAME_GENERIC | PX_NAME_INITIAL)) && nm->len[i] >= 4)
			idx[k++] = i;
	if (k)
		return k;
	for (size_t i = 0; i < nm->n && k < cap; i++)
		if (!(nm->flags[i] & PX_NAME_GENERIC))
			idx[k++] = i;
	return k;
}

/* Two names written with different word breaks: Alharbi, al-Harbi. */
static int joined_match(const px_name *a, const px_name *b)
{
	size_t la = a->jlen, lb = b->jlen;
	if (la < 6 || lb < 6 || a->joined[0] != b->joined[0] || la > lb + 2 || lb > la + 2)
		return 0;
	/* a sound class one has and the other lacks costs at least a half
	 * (as in words_match); only where the whole of both is compared */
	if (la <= 63 && lb <= 63 && (popcount32(a->jsound & ~b->jsound) * 2 > 4 ||
	                             popcount32(b->jsound & ~a->jsound) * 2 > 4))
		return 0;
	return word_cost_within(a->joined, la, b->joined, lb, 4);
}

/* The letters (bits as in drift: a is bit 0) that a word starting with
 * letter x can match the first letter of (first_compatible); 0 for a byte
 * that is not a letter a-z. */
static uint32_t first_compat(char x)
{
	unsigned c = (unsigned)((unsigned char)x - 'a');
	if (c >= 26)
		return 0;
	const uint32_t vowels = 1u << 0 | 1u << 4 | 1u << 8 | 1u << 14 | 1u << 20 | 1u << 24;
	return 1u << c | drift[c] | trade[c] | (is_vowel(x) ? vowels : 0);
}

static int org_match(const px_name *a, const px_name *b, int local)
{
	size_t ia[64], ib[64];
	size_t na = content(a, ia, 64), nb = content(b, ib, 64);
	if (na == 0 || nb == 0)
		return 0;
	/* the first letters of b's words: a word of a whose first letter can
	 * match none of them (first_compatible, which words_match requires)
	 * is not compared with each; bit 26, any other first byte */
	uint32_t bfirst = 0;
	for (size_t j = 0; j < nb; j++) {
		unsigned c = (unsigned)((unsigned char)b->w[ib[j]][0] - 'a');
		bfirst |= 1u << (c < 26 ? c : 26);
	}
	uint64_t used = 0;
	size_t m = 0;
	for (size_t i = 0; i < na; i++) {
		uint32_t fc = first_compat(a->w[ia[i]][0]);
		if (fc && !(fc & bfirst))
			continue;
		for (size_t j = 0; j < nb; j++) {
			if (used & (1ull << j))
				continue;
			if (name_words_match(a, ia[i], b, ib[j], 0)) {
				used |= 1ull << j;
				m++;
				break;
			}
		}
	}
	size_t small = na < nb ? na : nb;
	if (small == 1) {
		if (m != 1)
			return 0;
		if (na == nb || local)
			return 2;
		/* across articles a lone word names a longer organisation only
		 * when it is distinctive (Agrosoyuz, not Police) */
		return (na == 1 ? a->len[ia[0]] : b->len[ib[0]]) >= 6 ? 2 : 0;
	}
	if (m >= 2 && m * 5 >= small * 3)
		return 2;
	return joined_match(a, b) ? 2 : 0;
}

static int person_match(const px_name *a, const px_name *b, int local)
{
	if (a->n > b->n) {
		const px_name *t = a;
		a = b;
		b = t;
	}
	if (a->n == 0 || b->n == 0 || b->n > 64)
		return 0;
	if (a->n == 1) {
		if (a->flags[0] & PX_NAME_INITIAL)
			return 0;
		if (name_words_match(a, 0, b, b->n - 1, 0))
			return 2;
		if (local && name_words_match(a, 0, b, 0, 0))
			return 1;
		return 0;
	}
	/* align a's words with b's, in order */
	size_t j = 0, matched = 0;
	long first_at = -1, last_at = -1;
	for (size_t i = 0; i < a->n; i++) {
		size_t k;
		for (k = j; k < b->n; k++)
			if (name_words_match(a, i, b, k, k + 1 < b->n && i + 1 < a->n))
				break;
		if (k == b->n)
			continue;
		matched++;
		if (i == 0)
			first_at = (long)k;
		if (i + 1 == a->n)
			last_at = (long)k;
		j = k + 1;
	}
	/* two words: given and family name, and the family name is one of
	 * the other's last two (a second surname: Carlos Rotondaro = Carlos
	 * Alberto Rotondaro Cova; but Nazir Ahmad is not Natheer Ahmed
	 * Mohammed Jamal Eddine) */
	if (matched == a->n && (a->n >= 3 || last_at + 2 >= (long)b->n))
		return 2;
	/* of three or more words one may differ or be missing (patronymics,
	 * second surnames, a title read as a name), never the family name */
	if (a->n >= 3 && matched + 1 == a->n && last_at == (long)b->n - 1 &&
	    (first_at == 0 || matched >= 3))
		return 2;
	return joined_match(a, b) ? 2 : 0;
}

/* Could a word starting with x be a spelling of one starting with y? */
static int first_compatible(char x, char y)
{
	return x == y || (is_vowel(x) && is_vowel(y)) || sub_cost(x, y) <= 2;
}

/* A cheap test that rules out most pairs before any edit distance: some
 * word of the shorter name must start like some word of the longer. */
static int may_match(const px_name *a, const px_name *b)
{
	if (a->joined[0] && b->joined[0] && first_compatible(a->joined[0], b->joined[0]))
		return 1;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (first_compatible(a->w[i][0], b->w[j][0]))
				return 1;
	return 0;
}

int px_names_match(const px_name *a, const px_name *b, int local)
{
	if (!may_match(a, b))
		return 0;
	if (a->org || b->org)
		return org_match(a, b, local);
	return person_match(a, b, local);
}

int px_names_compare(const px_lexicon *lx, const char *a, const char *b, int local)
{
	px_name na, nb;
	if (px_name_parse(lx, a, strlen(a), &na) < 0)
		return -1;
	if (px_name_parse(lx, b, strlen(b), &nb) < 0) {
		px_name_free(&na);
		return -1;
	}
	int r = px_names_match(&na, &nb, local);
	px_name_free(&na);
	px_name_free(&nb);
	return r;
}

/* The end of the longest phrase with cue flag at word position pos of s
 * (at most words words), or 0. */
static size_t phrase_end(const px_lexicon *lx, const char *s, size_t n,
                         size_t pos, uint32_t flag, int words)
{
	size_t ends[8];
	size_t nw = 0, p = pos;
	while (nw < 8 && (int)nw < words && p < n) {
		size_t q = p;
		while (q < n && s[q] != ' ')
			q++;
		if (q == p)
			break;
		ends[nw++] = q;
		while (q < n && s[q] == ' ')
			q++;
		p = q;
	}
	px_sbuf low = PX_SBUF_INIT;
	size_t hit = 0;
	for (size_t k = nw; k > 0 && !hit; k--) {
		low.len = 0;
		if (px_lower(s + pos, ends[k - 1] - pos, &low) < 0)
			break;
		if (px_lexicon_cue(lx, low.data, low.len) & flag)
			hit = ends[k - 1];
	}
	px_sbuf_free(&low);
	return hit;
}

static size_t skip_blanks(const char *s, size_t n, size_t p)
{
	while (p < n && s[p] == ' ')
		p++;
	return p;
}

size_t px_name_title_len(const px_lexicon *lx, const char *s, size_t n)
{
	size_t pos = 0, name_at = 0;
	for (;;) {
		size_t e = phrase_end(lx, s, n, pos, PX_CUE_TITLE, lx->title_words);
		if (!e) {
			/* a nationality counts only before a title: "Iraqi Prime
			 * Minister X" loses it, "Iraqi Kurdistan" does not */
			size_t d = phrase_end(lx, s, n, pos, PX_CUE_DEMONYM, 1);
			if (d)
				e = phrase_end(lx, s, n, skip_blanks(s, n, d), PX_CUE_TITLE,
				               lx->title_words);
		}
		if (!e)
			break;
		pos = skip_blanks(s, n, e);
		if (pos >= n)
			break; /* a title alone: nothing is left to name */
		name_at = pos;
	}
	return name_at;
}
