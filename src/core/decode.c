/* decode.c - bytes to clean NFC UTF-8 (see decode.h).
 *
 * Three passes, each a px_rw copy that keeps the map to the original bytes:
 *   1. bytes: charset, line ends, controls, escape sequences, bidi controls,
 *      combining floods; then, for a saved web page, its text (html.c);
 *   2. repairs on valid UTF-8: entities, cut entities, mojibake, a missing
 *      space after a full stop;
 *   3. NFC, only over runs of non-ASCII that may need it.
 * Each pass looks at few bytes: plain ASCII is skipped a run at a time. */
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "parallax/alloc.h"
#include "parallax/decode.h"
#include "html.h"
#include "rewrite.h"

/* --- fast scanning ------------------------------------------------------
 * Most of a news file is plain ASCII, which no pass changes: each pass
 * skips it a word (8 bytes) at a time or through a byte table, and only
 * looks closely at the few bytes that may need work. */

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

static uint64_t load8(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, sizeof w);
	return w;
}

/* Index of the first byte >= 0x80 in s[i..n), or n. */
static size_t skip_ascii(const unsigned char *s, size_t i, size_t n)
{
	/* two words a step: one test and one branch for sixteen bytes */
	while (i + 16 <= n && ((load8(s + i) | load8(s + i + 8)) & HIGHS) == 0)
		i += 16;
	while (i + 8 <= n && (load8(s + i) & HIGHS) == 0)
		i += 8;
	while (i < n && s[i] < 0x80)
		i++;
	return i;
}

/* Is s[0..n) valid UTF-8 (as u8_check judges: no overlong form, surrogate
 * or code point past U+10FFFF)? */
static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		i = skip_ascii(s, i, n);
		if (i >= n)
			return 1;
		ucs4_t c;
		int k = u8_mbtoucr(&c, s + i, n - i);
		if (k < 0)
			return 0;
		i += (size_t)k;
	}
}

/* Pass 1 keeps these bytes as they are: printable ASCII, TAB, LF. */
static const unsigned char plain_byte[256] = {
	['\t'] = 1, ['\n'] = 1,
#define R16(b) [b] = 1, [b + 1] = 1, [b + 2] = 1, [b + 3] = 1, [b + 4] = 1, \
	[b + 5] = 1, [b + 6] = 1, [b + 7] = 1, [b + 8] = 1, [b + 9] = 1, \
	[b + 10] = 1, [b + 11] = 1, [b + 12] = 1, [b + 13] = 1, [b + 14] = 1, [b + 15] = 1
	R16(0x20), R16(0x30), R16(0x40), R16(0x50), R16(0x60),
	[0x70] = 1, [0x71] = 1, [0x72] = 1, [0x73] = 1, [0x74] = 1, [0x75] = 1,
	[0x76] = 1, [0x77] = 1, [0x78] = 1, [0x79] = 1, [0x7A] = 1, [0x7B] = 1,
	[0x7C] = 1, [0x7D] = 1, [0x7E] = 1,
#undef R16
};

#define LOWS ((uint64_t)0x7F7F7F7F7F7F7F7Fu)

/* Bit 7 of each byte of the 7-bit lanes lo that is >= v (1 <= v <= 0x80):
 * lo + 0x80 - v reaches bit 7 just then and never carries into the next
 * byte, so each byte is tested exactly. */
#define GE(lo, v) (((lo) + ONES * (0x80 - (v))) & HIGHS)

/* Bit 7 of each byte of x that is 0. */
static uint64_t zero_bytes(uint64_t x)
{
	return ~(((x & LOWS) + LOWS) | x) & HIGHS;
}

/* Bit 7 of each byte of x that is not printable ASCII (0x20-0x7E). */
static uint64_t unprintable_bytes(uint64_t x)
{
	uint64_t lo = x & LOWS;
	return (x | GE(lo, 0x7F) | ~GE(lo, 0x20)) & HIGHS;
}

/* Bit 7 of each byte of x that plain_byte rejects: unprintable but TAB
 * and LF (of the bytes below 0x80). */
static uint64_t unplain_bytes(uint64_t x)
{
	uint64_t lo = x & LOWS;
	return (x | (unprintable_bytes(x) & ~(GE(lo, 0x09) & ~GE(lo, 0x0B)))) & HIGHS;
}

/* Index of the first byte in s[i..n) that pass 1 must look at, or n. The
 * cheaper test passes most words; one with a line end takes the exact
 * one, and a word holding a byte to look at is left to the byte loop. */
static size_t skip_plain(const unsigned char *s, size_t i, size_t n)
{
	while (i + 8 <= n) {
		uint64_t x = load8(s + i);
		if (unprintable_bytes(x) != 0 && unplain_bytes(x) != 0)
			break;
		i += 8;
	}
	while (i < n && plain_byte[s[i]])
		i++;
	return i;
}

/* Pass 2 looks at: '&' (entities), '.' (a lost space), 0xC2 and 0xC3
 * (C1 leftovers, mojibake), 0xCC and 0xCD (a combining mark that may be
 * half of a cut entity). */
static const unsigned char repair_byte[256] = {
	['&'] = 1, ['.'] = 1, [0xC2] = 1, [0xC3] = 1, [0xCC] = 1, [0xCD] = 1,
};

/* Bit 7 of each byte of x that repair_byte marks: '&' and '.' differ in
 * bit 3 alone, and so do 0xC2/0xC3 and 0xCC/0xCD in bit 0. The lead
 * bytes are only looked for in a word that has a byte of bit 7 set. */
static uint64_t repair_bytes(uint64_t x)
{
	uint64_t m = zero_bytes((x | ONES * 0x08) ^ (ONES * '.'));
	if (x & HIGHS) {
		uint64_t y = x & ~ONES;
		m |= zero_bytes(y ^ (ONES * 0xC2)) | zero_bytes(y ^ (ONES * 0xCC));
	}
	return m;
}

static size_t skip_norepair(const unsigned char *s, size_t i, size_t n)
{
	while (i + 8 <= n && repair_bytes(load8(s + i)) == 0)
		i += 8;
	while (i < n && !repair_byte[s[i]])
		i++;
	return i;
}

/* Windows-1252 bytes 0x80-0x9F; the five it leaves undefined read as
 * Latin-1 (C1 controls), which pass 1 then removes. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static ucs4_t cp1252(unsigned char b)
{
	return (b >= 0x80 && b < 0xA0) ? cp1252_hi[b - 0x80] : b;
}

/* The byte Windows-1252 (or Latin-1) shows as cp, or -1. */
static int cp1252_byte(ucs4_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	if (cp >= 0x80 && cp < 0xA0)
		return (int)cp; /* an undefined byte kept as a C1 control */
	for (int i = 0; i < 32; i++)
		if (cp1252_hi[i] == cp)
			return 0x80 + i;
	return -1;
}

static int is_bidi_control(ucs4_t c)
{
	return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static void put_cp(px_rw *rw, size_t n, ucs4_t cp, int kind)
{
	uint8_t u[6];
	int k = u8_uctomb(u, cp, (int)sizeof u);
	if (k < 0)
		k = u8_uctomb(u, 0xFFFD, (int)sizeof u);
	px_rw_replace(rw, n, u, (size_t)k, kind);
}

/* Length of the escape sequence at s[0] == ESC (0x1B) within n bytes.
 * Strings (OSC, DCS, SOS, PM, APC) run to BEL or ST, or to the end of the
 * line, whichever comes first: a file cannot swallow more than a line. */
static size_t esc_len(const unsigned char *s, size_t n)
{
	if (n < 2)
		return 1;
	unsigned char c = s[1];
	size_t i = 2;
	if (c == '[') {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
		while (i < n && s[i] != '\n') {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
			if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x9C)
				return i + 2;
			i++;
		}
		return i;
	}
	if (c >= 0x20 && c <= 0x2F) {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
			i++;
		if (i < n && s[i] >= 0x30 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (c >= 0x30 && c <= 0x7E)
		return 2;
	return 1;
}

/* Length of a C1-introduced sequence at s (s[0..1] is the UTF-8 of U+0080
 * to U+009F): CSI takes its parameters, string introducers their string. */
static size_t c1_len(const unsigned char *s, size_t n, ucs4_t c)
{
	size_t i = 2;
	if (c == 0x9B) {
		while (i < n && s[i] >= 0x20 && s[i] <= 0x3F)
			i++;
		if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (c == 0x9D || c == 0x90 || c == 0x98 || c == 0x9E || c == 0x9F) {
		while (i < n && s[i] != '\n') {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
			if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0x9C)
				return i + 2;
			i++;
		}
		return i;
	}
	return 2;
}

/* Does the output end with something a mojibake repair could continue?
 * Then an undefined-in-1252 C1 byte right after it is kept for pass 2. */
static int mojibake_tail(const px_sbuf *out)
{
	if (out->len < 2)
		return 0;
	const uint8_t *end = (const uint8_t *)out->data + out->len;
	ucs4_t c;
	if (!u8_prev(&c, end, (const uint8_t *)out->data))
		return 0;
	return (c >= 0xC2 && c <= 0xF4) || (c > 0x7F && cp1252_byte(c) >= 0x80);
}

#define COMBINING_MAX 16

static int pass_bytes(const unsigned char *b, size_t len, px_charset *cs,
                      px_text *out, px_repair **rep, size_t *nrep, size_t *total)
{
	px_rw rw;
	px_rw_init_bytes(&rw, (const char *)b, len);
	size_t i = 0;

	if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		px_rw_replace(&rw, 3, NULL, 0, -1);
		i = 3;
	}
	int mode = PX_CHARSET_UTF8;
	if (!utf8_valid(b + i, len - i)) {
		/* Any valid multi-byte sequence says UTF-8 with stray bytes;
		 * none says a single-byte charset. */
		size_t k = i;
		int multibyte = 0;
		while (k < len && !multibyte) {
			if (b[k] < 0x80) { k++; continue; }
			ucs4_t c;
			int n = u8_mbtoucr(&c, b + k, len - k);
			if (n > 1)
				multibyte = 1;
			k += n > 0 ? (size_t)n : 1;
		}
		mode = multibyte ? PX_CHARSET_MIXED : PX_CHARSET_CP1252;
	}
	*cs = (px_charset)mode;

	size_t comb = 0, comb_end = (size_t)-1;
	while (i < len) {
		i = skip_plain(b, i, len);
		if (i >= len)
			break;
		unsigned char c = b[i];
		px_rw_copy(&rw, i - rw.pos);
		if (c == '\r') {
			size_t n = (i + 1 < len && b[i + 1] == '\n') ? 2 : 1;
			px_rw_replace(&rw, n, "\n", 1, -1);
			i += n;
		} else if (c == 0x1B) {
			size_t n = esc_len(b + i, len - i);
			px_rw_replace(&rw, n, NULL, 0, PX_REPAIR_ESCAPE);
			i += n;
		} else if (c < 0x80) {
			/* the controls that separate (a vertical tab, a form feed
			 * between pages; the file, group, record and unit
			 * separators) part the words either side, as a blank:
			 * removed, "Tony\fBlair" read "TonyBlair" (a line end would
			 * cut a paragraph, and a name, in two) */
			const char *sep = c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1F) ? " " : NULL;
			px_rw_replace(&rw, 1, sep, sep ? 1 : 0, PX_REPAIR_CONTROL);
			i++;
		} else if (mode == PX_CHARSET_CP1252) {
			ucs4_t u = cp1252(c);
			if (u >= 0x80 && u < 0xA0)
				px_rw_replace(&rw, 1, NULL, 0, PX_REPAIR_CONTROL);
			else
				put_cp(&rw, 1, u, -1);
			i++;
		} else {
			ucs4_t u;
			int n = u8_mbtoucr(&u, b + i, len - i);
			if (n < 0) {
				u = cp1252(c);
				if (u >= 0x80 && u < 0xA0)
					px_rw_replace(&rw, 1, NULL, 0, PX_REPAIR_INVALID);
				else
					put_cp(&rw, 1, u, PX_REPAIR_INVALID);
				i++;
				continue;
			}
			if (u >= 0x80 && u < 0xA0) {
				if ((u == 0x81 || u == 0x8D || u == 0x8F || u == 0x90 ||
				     u == 0x9D) && mojibake_tail(&rw.out)) {
					/* keep: pass 2 either uses it or removes it */
					i += (size_t)n;
					px_rw_copy(&rw, i - rw.pos);
					continue;
				}
				size_t k = c1_len(b + i, len - i, u);
				px_rw_replace(&rw, k, NULL, 0,
				              k > 2 ? PX_REPAIR_ESCAPE : PX_REPAIR_CONTROL);
				i += k;
			} else if (is_bidi_control(u)) {
				px_rw_replace(&rw, (size_t)n, NULL, 0, PX_REPAIR_BIDI);
				i += (size_t)n;
			} else if (uc_combining_class(u) != 0) {
				if (comb_end != i)
					comb = 0;
				comb++;
				if (comb > COMBINING_MAX)
					px_rw_replace(&rw, (size_t)n, NULL, 0,
					              comb == COMBINING_MAX + 1 ? PX_REPAIR_COMBINING : -1);
				i += (size_t)n;
				comb_end = i;
			} else {
				i += (size_t)n;
			}
		}
	}
	if (px_rw_finish(&rw, out) < 0 ||
	    px_rw_take_repairs(&rw, rep, nrep, total) < 0) {
		px_rw_abort(&rw);
		return -1;
	}
	return 0;
}

/* --- pass 2: repairs ---------------------------------------------------- */

typedef struct entity { const char *name; unsigned short cp; } entity;

/* Sorted by name (strcmp) for bsearch. */
static const entity entities[] = {
	{"AElig", 0xC6}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Agrave", 0xC0},
	{"Aring", 0xC5}, {"Atilde", 0xC3}, {"Auml", 0xC4}, {"Ccedil", 0xC7},
	{"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Egrave", 0xC8}, {"Euml", 0xCB},
	{"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Iuml", 0xCF}, {"Ntilde", 0xD1},
	{"Oacute", 0xD3}, {"Ocirc", 0xD4}, {"Ograve", 0xD2}, {"Oslash", 0xD8},
	{"Otilde", 0xD5}, {"Ouml", 0xD6}, {"Scaron", 0x160}, {"Uacute", 0xDA},
	{"Ucirc", 0xDB}, {"Ugrave", 0xD9}, {"Uuml", 0xDC}, {"Yacute", 0xDD},
	{"aacute", 0xE1}, {"acirc", 0xE2}, {"acute", 0xB4}, {"aelig", 0xE6},
	{"agrave", 0xE0}, {"amp", '&'}, {"apos", '\''}, {"aring", 0xE5},
	{"atilde", 0xE3}, {"auml", 0xE4}, {"bdquo", 0x201E}, {"brvbar", 0xA6},
	{"bull", 0x2022}, {"ccedil", 0xE7}, {"cedil", 0xB8}, {"cent", 0xA2},
	{"copy", 0xA9}, {"curren", 0xA4}, {"dagger", 0x2020}, {"deg", 0xB0},
	{"divide", 0xF7}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"egrave", 0xE8},
	{"emsp", 0x2003}, {"ensp", 0x2002}, {"euml", 0xEB}, {"euro", 0x20AC},
	{"frac12", 0xBD}, {"frac14", 0xBC}, {"frac34", 0xBE}, {"gt", '>'},
	{"hellip", 0x2026}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iexcl", 0xA1},
	{"igrave", 0xEC}, {"iquest", 0xBF}, {"iuml", 0xEF}, {"laquo", 0xAB},
	{"ldquo", 0x201C}, {"lrm", 0x200E}, {"lsaquo", 0x2039}, {"lsquo", 0x2018},
	{"lt", '<'}, {"mdash", 0x2014}, {"micro", 0xB5}, {"middot", 0xB7},
	{"minus", 0x2212}, {"nbsp", 0xA0}, {"ndash", 0x2013}, {"not", 0xAC},
	{"ntilde", 0xF1}, {"oacute", 0xF3}, {"ocirc", 0xF4}, {"oelig", 0x153},
	{"ograve", 0xF2}, {"ordf", 0xAA}, {"ordm", 0xBA}, {"oslash", 0xF8},
	{"otilde", 0xF5}, {"ouml", 0xF6}, {"para", 0xB6}, {"permil", 0x2030},
	{"plusmn", 0xB1}, {"pound", 0xA3}, {"prime", 0x2032}, {"quot", '"'},
	{"raquo", 0xBB}, {"rdquo", 0x201D}, {"reg", 0xAE}, {"rlm", 0x200F},
	{"rsaquo", 0x203A}, {"rsquo", 0x2019}, {"sbquo", 0x201A}, {"scaron", 0x161},
	{"sect", 0xA7}, {"shy", 0xAD}, {"sup1", 0xB9}, {"sup2", 0xB2},
	{"sup3", 0xB3}, {"szlig", 0xDF}, {"thinsp", 0x2009}, {"times", 0xD7},
	{"trade", 0x2122}, {"uacute", 0xFA}, {"ucirc", 0xFB}, {"ugrave", 0xF9},
	{"uml", 0xA8}, {"uuml", 0xFC}, {"yacute", 0xFD}, {"yen", 0xA5},
	{"yuml", 0xFF}, {"zwj", 0x200D}, {"zwnj", 0x200C},
};

static int entity_cmp(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const entity *)e)->name);
}

static int is_alnum_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Typographic characters that a cut numeric entity most often was. */
static int typographic(ucs4_t c)
{
	return (c >= 0x2010 && c <= 0x205E) || c == 0x20AC || c == 0x2122;
}

/* A code point from a numeric entity as HTML reads it. */
static ucs4_t html_numeric(unsigned long v)
{
	if (v >= 0x80 && v < 0xA0)
		return cp1252((unsigned char)v);
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	return (ucs4_t)v;
}

/* Parse an entity at s[0] == '&' (n bytes available). On success returns its
 * length and sets *cp; a double-encoded "&amp;#8217;" counts as one. */
static size_t parse_entity(const unsigned char *s, size_t n, ucs4_t *cp)
{
	size_t i = 1;
	if (n >= 6 && memcmp(s, "&amp;", 5) == 0 && (s[5] == '#' || is_alnum_ascii(s[5]))) {
		size_t k = parse_entity(s + 4, n - 4, cp);
		if (k)
			return k + 4;
	}
	if (i < n && s[i] == '#') {
		i++;
		int hex = 0;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		unsigned long v = 0;
		size_t d0 = i;
		while (i < n && i - d0 < 8) {
			unsigned char c = s[i];
			int dv;
			if (c >= '0' && c <= '9')
				dv = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				dv = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (unsigned long)dv;
			i++;
		}
		if (i == d0 || i >= n || s[i] != ';')
			return 0;
		*cp = html_numeric(v);
		return i + 1;
	}
	char name[12];
	size_t k = 0;
	while (i < n && k < sizeof name - 1 && is_alnum_ascii(s[i]))
		name[k++] = (char)s[i++];
	name[k] = '\0';
	if (k == 0)
		return 0;
	const entity *e = bsearch(name, entities, sizeof entities / sizeof *entities,
	                          sizeof *entities, entity_cmp);
	if (!e)
		return 0;
	if (i < n && s[i] == ';') {
		*cp = e->cp;
		return i + 1;
	}
	/* HTML also takes a few common ones without the semicolon */
	if ((i >= n || !is_alnum_ascii(s[i])) &&
	    (!strcmp(name, "amp") || !strcmp(name, "nbsp") || !strcmp(name, "quot") ||
	     !strcmp(name, "lt") || !strcmp(name, "gt"))) {
		*cp = e->cp;
		return i;
	}
	return 0;
}

/* Skip blanks and up to three line ends from s[i]; return the new index. */
static size_t skip_break(const unsigned char *s, size_t n, size_t i)
{
	int nl = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) {
		if (s[i] == '\n' && ++nl > 3)
			break;
		i++;
	}
	return i;
}

/* A numeric entity cut in two: "&#821" (raw, or already read by HTML as
 * the combining mark U+0335) then, after a line or paragraph break, "7;".
 * Returns the length to replace from s (which starts at the cut part). */
static size_t cut_entity(const unsigned char *s, size_t n, ucs4_t first_value,
                         size_t first_len, ucs4_t *cp)
{
	size_t j = skip_break(s, n, first_len);
	unsigned long v = first_value;
	size_t d0 = j;
	while (j < n && j - d0 < 2 && s[j] >= '0' && s[j] <= '9')
		v = v * 10 + (unsigned long)(s[j++] - '0');
	if (j == d0 || j >= n || s[j] != ';')
		return 0;
	if (!typographic((ucs4_t)v))
		return 0;
	*cp = (ucs4_t)v;
	return j + 1;
}

/* Mojibake: UTF-8 bytes each read as a Windows-1252 character. From s,
 * a lead character (U+00C2-U+00F4) and its continuation characters; returns
 * the bytes to replace and sets *cp. */
static size_t mojibake(const unsigned char *s, size_t n, ucs4_t *cp)
{
	uint8_t bytes[4];
	size_t i = 0, nb = 0;
	ucs4_t c;
	int k = u8_mbtouc(&c, s, n);
	if (k <= 0 || c < 0xC2 || c > 0xF4)
		return 0;
	bytes[nb++] = (uint8_t)c;
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	i = (size_t)k;
	while (nb < need && i < n) {
		k = u8_mbtouc(&c, s + i, n - i);
		int b = k > 0 ? cp1252_byte(c) : -1;
		if (b < 0x80 || b > 0xBF)
			return 0;
		bytes[nb++] = (uint8_t)b;
		i += (size_t)k;
	}
	if (nb < need)
		return 0;
	ucs4_t u;
	if (u8_mbtoucr(&u, bytes, nb) != (int)nb)
		return 0;
	*cp = u;
	return i;
}

static int is_lower_at_end(const unsigned char *s, size_t i, size_t *wordlen)
{
	/* count letters of the word ending before s[i] */
	size_t k = i, letters = 0;
	int lower_last = -1;
	while (k > 0) {
		ucs4_t c;
		const uint8_t *p = u8_prev(&c, s + k, s);
		if (!p || !uc_is_alpha(c))
			break;
		if (lower_last < 0)
			lower_last = uc_is_lower(c) ? 1 : 0;
		letters++;
		k = (size_t)(p - s);
	}
	*wordlen = letters;
	/* the whole token must not look like a URL, a path or an address */
	while (k > 0 && s[k - 1] != ' ' && s[k - 1] != '\n' && s[k - 1] != '\t') {
		unsigned char c = s[k - 1];
		if (c == '/' || c == '@' || c == ':' || c == '.' || c == '_' || c == '\\')
			return 0;
		k--;
	}
	return lower_last == 1;
}

/* "attacks.The": a lower-case word of two or more letters, a full stop,
 * then a capitalised word (upper then lower case): a sentence boundary
 * that lost its space. "U.S." and "e.g." do not match (one-letter words),
 * nor "example.com/News" (a token with a slash, colon or dot before). */
static int missing_space(const unsigned char *s, size_t n, size_t dot)
{
	size_t wl;
	/* most full stops are followed by a blank or a line end: decide those
	 * before looking back at the word */
	unsigned char next = dot + 1 < n ? s[dot + 1] : 0;
	if (next < 0x80 && !(next >= 'A' && next <= 'Z'))
		return 0;
	if (dot == 0 || !is_lower_at_end(s, dot, &wl) || wl < 2)
		return 0;
	ucs4_t a, b;
	int k = u8_mbtouc(&a, s + dot + 1, n - dot - 1);
	if (k <= 0 || !uc_is_upper(a))
		return 0;
	size_t j = dot + 1 + (size_t)k;
	int k2 = j < n ? u8_mbtouc(&b, s + j, n - j) : 0;
	if (k2 <= 0 || !uc_is_lower(b))
		return 0;
	/* the capitalised word must end as a word, not as a domain or a path */
	j += (size_t)k2;
	while (j < n && (is_alnum_ascii(s[j]) || s[j] >= 0x80))
		j++;
	if (j < n && (s[j] == '/' || s[j] == '@' || s[j] == '_' ||
	              (s[j] == '.' && j + 1 < n && is_alnum_ascii(s[j + 1]))))
		return 0;
	return 1;
}

/* Replace n bytes by what a repair decoded, unless that is a control or a
 * bidi control (an entity or a mojibake can spell one): then by nothing. */
static void put_inert_cp(px_rw *rw, size_t n, ucs4_t cp, int kind)
{
	if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F ||
	    (cp >= 0x80 && cp < 0xA0) || is_bidi_control(cp))
		px_rw_replace(rw, n, NULL, 0, kind);
	else
		put_cp(rw, n, cp, kind);
}

/* A pass that found nothing to change hands its input on as its output
 * instead of copying it. */
static void take_text(px_text *out, px_text *in)
{
	*out = *in;
	memset(in, 0, sizeof *in);
}

#define START() do { if (!started) { px_rw_init(&rw, in); started = 1; } } while (0)

static int pass_repairs(px_text *in, px_text *out, px_repair **rep,
                        size_t *nrep, size_t *total)
{
	const unsigned char *s = (const unsigned char *)in->s;
	size_t n = in->len;
	px_rw rw;
	int started = 0; /* the pass starts writing at its first repair */
	size_t i = 0;
	while (i < n) {
		i = skip_norepair(s, i, n);
		if (i >= n)
			break;
		unsigned char c = s[i];
		ucs4_t cp;
		size_t k;
		if (c == '&' && (k = parse_entity(s + i, n - i, &cp)) != 0) {
			START();
			px_rw_copy(&rw, i - rw.pos);
			put_inert_cp(&rw, k, cp, PX_REPAIR_ENTITY);
			i += k;
			continue;
		}
		if (c == '&' && i + 2 < n && s[i + 1] == '#') {
			/* a raw numeric entity cut in two: "&#821" ... "7;" */
			size_t j = i + 2;
			unsigned long v = 0;
			while (j < n && j - i < 8 && s[j] >= '0' && s[j] <= '9')
				v = v * 10 + (unsigned long)(s[j++] - '0');
			if (j > i + 2 && (k = cut_entity(s + i, n - i, (ucs4_t)v, j - i, &cp))) {
				START();
			px_rw_copy(&rw, i - rw.pos);
				put_inert_cp(&rw, k, cp, PX_REPAIR_BROKEN_ENTITY);
				i += k;
				continue;
			}
		}
		if (c == 0xCC || c == 0xCD) {
			/* U+0300-U+036F: a combining mark that may be a cut entity */
			ucs4_t m;
			int ml = u8_mbtouc(&m, s + i, n - i);
			if (ml > 0 && (k = cut_entity(s + i, n - i, m, (size_t)ml, &cp))) {
				START();
			px_rw_copy(&rw, i - rw.pos);
				put_inert_cp(&rw, k, cp, PX_REPAIR_BROKEN_ENTITY);
				i += k;
				continue;
			}
		}
		if (c == 0xC3 && (k = mojibake(s + i, n - i, &cp)) != 0) {
			START();
			px_rw_copy(&rw, i - rw.pos);
			put_inert_cp(&rw, k, cp, PX_REPAIR_MOJIBAKE);
			i += k;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] < 0xA0) {
			/* a C1 control pass 1 kept for a mojibake that did not come */
			START();
			px_rw_copy(&rw, i - rw.pos);
			px_rw_replace(&rw, 2, NULL, 0, PX_REPAIR_CONTROL);
			i += 2;
			continue;
		}
		if (c == '.' && i + 1 < n && missing_space(s, n, i)) {
			START();
			px_rw_copy(&rw, i + 1 - rw.pos);
			px_rw_replace(&rw, 0, " ", 1, PX_REPAIR_SPACE);
			i++;
			continue;
		}
		i++;
	}
	if (!started) {
		take_text(out, in);
		return 0;
	}
	if (px_rw_finish(&rw, out) < 0 ||
	    px_rw_take_repairs(&rw, rep, nrep, total) < 0) {
		px_rw_abort(&rw);
		return -1;
	}
	return 0;
}

/* --- pass 3: NFC -------------------------------------------------------- */

/* Characters that are NFC as they stand and never compose with a neighbour
 * that is itself in this set: most of the non-ASCII in news text. */
static int nfc_stable(ucs4_t c)
{
	if (!((c >= 0xA0 && c < 0x300) || (c >= 0x400 && c < 0x500) ||
	      (c >= 0x600 && c < 0x700) || (c >= 0x2010 && c <= 0x2027) ||
	      (c >= 0x2030 && c <= 0x205E) || (c >= 0x20A0 && c <= 0x20BF) ||
	      (c >= 0x3000 && c < 0x3100) || (c >= 0x4E00 && c <= 0x9FFF) ||
	      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xFF01 && c <= 0xFF60) ||
	      (c >= 0x1F300 && c <= 0x1FAFF)))
		return 0;
	return uc_combining_class(c) == 0;
}

static int pass_nfc(px_text *in, px_text *out, px_repair **rep,
                    size_t *nrep, size_t *total, int *changed)
{
	const uint8_t *s = (const uint8_t *)in->s;
	size_t n = in->len, i = 0;
	px_rw rw;
	int started = 0;
	*changed = 0;
	while (i < n) {
		i = skip_ascii(s, i, n);
		if (i >= n)
			break;
		size_t run = i, stable = 1;
		while (i < n && s[i] >= 0x80) {
			ucs4_t c;
			int k = u8_mbtouc(&c, s + i, n - i);
			if (stable && !nfc_stable(c))
				stable = 0;
			i += k > 0 ? (size_t)k : 1;
		}
		if (stable)
			continue;
		/* an ASCII letter before the run may take its combining marks */
		if (run > 0 && s[run - 1] != '\n')
			run--;
		size_t outlen = 0;
		uint8_t *nf = u8_normalize(UNINORM_NFC, s + run, i - run, NULL, &outlen);
		if (!nf) {
			if (started)
				px_rw_abort(&rw);
			return -1;
		}
		if (outlen != i - run || memcmp(nf, s + run, outlen) != 0) {
			START();
			px_rw_copy(&rw, run - rw.pos);
			px_rw_replace(&rw, i - run, nf, outlen, PX_REPAIR_NFC);
			*changed = 1;
		}
		free(nf);
	}
	if (!started) {
		take_text(out, in);
		return 0;
	}
	if (px_rw_finish(&rw, out) < 0 ||
	    px_rw_take_repairs(&rw, rep, nrep, total) < 0) {
		px_rw_abort(&rw);
		return -1;
	}
	return 0;
}

px_status px_decode(const unsigned char *bytes, size_t len, px_decoded *out,
                    px_error *err)
{
	memset(out, 0, sizeof *out);
	if (len > UINT32_MAX - 16)
		return px_error_set(err, PX_ERR_TOOBIG, "file over 4 GiB");
	px_text t1 = {0}, t2 = {0}, t3 = {0};
	int changed = 0;
	if (pass_bytes(bytes, len, &out->charset, &t1, &out->repairs, &out->nrepairs,
	               &out->nrepairs_total) < 0)
		goto nomem;
	if (px_html_is_document(t1.s, t1.len)) {
		/* a saved web page: its text as a browser shows it, before the
		 * repairs (which decode its entities) */
		px_text th;
		if (px_html_text(&t1, &th) < 0)
			goto nomem;
		px_text_free(&t1);
		t1 = th;
		out->html = 1;
	}
	if (pass_repairs(&t1, &t2, &out->repairs, &out->nrepairs, &out->nrepairs_total) < 0)
		goto nomem;
	px_text_free(&t1);
	if (pass_nfc(&t2, &t3, &out->repairs, &out->nrepairs, &out->nrepairs_total,
	             &changed) < 0)
		goto nomem;
	px_text_free(&t2);
	out->text = t3;
	return PX_OK;
nomem:
	px_text_free(&t1);
	px_text_free(&t2);
	px_text_free(&t3);
	px_free(out->repairs);
	memset(out, 0, sizeof *out);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory while decoding");
}

void px_decoded_free(px_decoded *d)
{
	px_text_free(&d->text);
	px_free(d->repairs);
	d->repairs = NULL;
	d->nrepairs = d->nrepairs_total = 0;
}

const char *px_repair_kind_name(px_repair_kind kind)
{
	static const char *const names[PX_REPAIR_KIND_COUNT] = {
		"control", "escape", "bidi", "invalid-utf8", "entity",
		"broken-entity", "mojibake", "space", "nfc", "combining",
	};
	return (unsigned)kind < PX_REPAIR_KIND_COUNT ? names[kind] : "?";
}

const char *px_charset_name(px_charset cs)
{
	switch (cs) {
	case PX_CHARSET_UTF8: return "UTF-8";
	case PX_CHARSET_MIXED: return "UTF-8 (with stray bytes read as Windows-1252)";
	case PX_CHARSET_CP1252: return "Windows-1252";
	case PX_CHARSET_UTF16: return "UTF-16";
	}
	return "?";
}
