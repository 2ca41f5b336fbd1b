/* segment.c - lines to blocks, hard-wrapped paragraphs reflowed.
 *
 * A file is either hard-wrapped (most long lines end near one width W, as
 * lynx -dump, e-mail and wire copy make them) or not (one paragraph a
 * line, as most scraped text). In the second kind every non-blank line is
 * a block. In the first, two adjacent lines are one paragraph when the
 * first is full (the next word would not have fitted within W) or when the
 * first is a paragraph's first words left alone on a short line (seed 004's
 * layout: "Enraged by" / "near-daily attacks ... close"). Blank lines,
 * list markers and outdents always start a new block. */
#include <stdint.h>
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/segment.h"
#include "rewrite.h"

typedef struct line {
	size_t start, end;   /* the line's bytes, without '\n' */
	size_t cs, ce;       /* content: the line trimmed of blanks */
	uint32_t indent;     /* columns before the content */
	uint32_t cols;       /* characters of content */
	uint32_t first_word; /* characters of the first word */
	uint16_t words;      /* words, counted up to 8 */
	uint8_t bullet, terminal, function_end, starts_lower, hyphen_end;
} line;

/* Width in bytes of a blank character of two or three bytes at s (the
 * Unicode spaces that scraped text uses as padding), or 0. */
static size_t blank_wide(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2; /* NBSP */
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF))
		return 3; /* U+2000-U+200B, U+202F */
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] == 0x9F)
		return 3; /* U+205F */
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3; /* U+3000 */
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3; /* U+FEFF */
	return 0;
}

/* Width in bytes of a blank character at s (space, tab or a wide blank),
 * or 0. Small enough to inline: a line's content most often starts at a
 * byte below 0xC2, where no wide blank starts. */
static size_t blank_at(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] < 0xC2)
		return s[0] == ' ' || s[0] == '\t';
	return blank_wide(s, n);
}

/* Width in bytes of the blank character ending at s[n-1], or 0. */
static size_t blank_before(const unsigned char *s, size_t n)
{
	/* every wider blank ends in a continuation byte */
	if (n == 0 || s[n - 1] < 0x80)
		return n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t');
	if (n >= 2 && blank_wide(s + n - 2, 2) == 2)
		return 2;
	if (n >= 3 && blank_wide(s + n - 3, 3) == 3)
		return 3;
	return 0;
}

/* Whether a line's content s[0..len) ends on a word that cannot end a
 * sentence ("the", "of"): then the next line continues it. Called once
 * per line, so the list is kept by first letter: most last words are
 * ruled out by one look-up. */
static int ends_in_function_word(const unsigned char *s, size_t len)
{
	static const char *const by_letter[26] = {
		['a' - 'a'] = "a\0after\0an\0and\0are\0as\0at\0",
		['b' - 'a'] = "be\0before\0but\0by\0",
		['f' - 'a'] = "for\0from\0",
		['h' - 'a'] = "had\0has\0have\0he\0her\0his\0",
		['i' - 'a'] = "in\0is\0it\0its\0",
		['n' - 'a'] = "no\0not\0",
		['o' - 'a'] = "of\0on\0or\0our\0",
		['s' - 'a'] = "she\0since\0",
		['t' - 'a'] = "that\0the\0their\0they\0this\0to\0",
		['w' - 'a'] = "was\0we\0were\0when\0which\0while\0who\0with\0",
	};
	char buf[8];
	/* every listed word is letters: a line that ends in another byte
	 * (most often a full stop) needs no look back */
	if (len == 0 || (unsigned)((s[len - 1] | 0x20) - 'a') >= 26)
		return 0;
	/* the last word, looked back for no further than a listed word goes */
	size_t n = 0;
	while (n < len && n < sizeof buf && s[len - n - 1] != ' ' && s[len - n - 1] != '\t')
		n++;
	if (n >= sizeof buf)
		return 0;
	const unsigned char *w = s + len - n;
	buf[0] = (char)((w[0] >= 'A' && w[0] <= 'Z') ? w[0] + 32 : w[0]);
	if (buf[0] < 'a' || buf[0] > 'z' || !by_letter[buf[0] - 'a'])
		return 0;
	for (size_t i = 1; i < n; i++)
		buf[i] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
	/* each entry compared as far as it matches, then stepped over:
	 * the list is walked once, with no strlen per entry */
	for (const char *c = by_letter[buf[0] - 'a']; *c;) {
		size_t k = 0;
		while (k < n && c[k] != '\0' && c[k] == buf[k])
			k++;
		if (k == n && c[k] == '\0')
			return 1;
		while (c[k] != '\0')
			k++;
		c += k + 1;
	}
	return 0;
}

static int bullet_at(const unsigned char *s, size_t n)
{
	if (n >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+' || s[0] == 'o') &&
	    s[1] == ' ')
		return 1;
	if (n >= 4 && s[0] == 0xE2 && s[1] == 0x80 &&
	    (s[2] == 0xA2 || s[2] == 0x93 || s[2] == 0x94) && s[3] == ' ')
		return 1; /* bullet, en dash, em dash */
	if (n >= 3 && s[0] == 0xC2 && s[1] == 0xB7 && s[2] == ' ')
		return 1; /* middle dot */
	size_t i = 0;
	while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)
#define LOWS ((uint64_t)0x7F7F7F7F7F7F7F7Fu)

/* Bit 7 of each byte of x that is a continuation byte (10xxxxxx): bit 6
 * shifted into bit 7 of its own byte. */
static uint64_t cont_bytes(uint64_t x)
{
	return x & ~(x << 1) & HIGHS;
}

/* Bit 7 of each byte of x that is 0; the add stays within its byte. */
static uint64_t zero_bytes(uint64_t x)
{
	return ~(((x & LOWS) + LOWS) | x) & HIGHS;
}

/* Bit 7 of each byte of x that is a space or a tab. */
static uint64_t blank_bytes(uint64_t x)
{
	return zero_bytes(x ^ (ONES * ' ')) | zero_bytes(x ^ (ONES * '\t'));
}

/* blank_bytes of an x with no byte of bit 7 set: each byte xored with a
 * blank stays below 0x80, so adding 0x7F reaches bit 7 unless it is 0. */
static uint64_t blank_bytes_ascii(uint64_t x)
{
	return ~(((x ^ (ONES * ' ')) + LOWS) & ((x ^ (ONES * '\t')) + LOWS)) & HIGHS;
}

/* Characters in n bytes of UTF-8: the bytes that are not continuation
 * bytes. Sixteen at a time: none when no byte has bit 7, else bit 7 of
 * each continuation byte summed across the two words by one
 * multiplication (at most 2 a byte, 16 in all: no carry). */
static size_t utf8_chars(const unsigned char *s, size_t n)
{
	size_t cont = 0, i = 0;
	for (; i + 16 <= n; i += 16) {
		uint64_t x, y;
		memcpy(&x, s + i, 8);
		memcpy(&y, s + i + 8, 8);
		if (((x | y) & HIGHS) == 0)
			continue; /* ASCII, most of a line */
		cont += (size_t)((((cont_bytes(x) >> 7) + (cont_bytes(y) >> 7)) * ONES) >> 56);
	}
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		cont += (size_t)(((cont_bytes(x) >> 7) * ONES) >> 56);
	}
	for (; i < n; i++)
		cont += (s[i] & 0xC0) == 0x80;
	return n - cont;
}

static void measure(const unsigned char *s, line *l)
{
	size_t cs = l->start, ce = l->end, k;
	uint32_t indent = 0;
	while (cs < ce && (k = blank_at(s + cs, ce - cs)) != 0) {
		indent += s[cs] == '\t' ? 8 - indent % 8 : 1;
		cs += k;
	}
	while (ce > cs && (k = blank_before(s + cs, ce - cs)) != 0)
		ce -= k;
	l->cs = cs;
	l->ce = ce;
	l->indent = indent > 255 ? 255 : indent;
	if (cs == ce)
		return;
	/* Words are runs of bytes that are neither blank (space, tab) nor
	 * continuation bytes, which belong to the character before them and
	 * neither start nor end a word. The first word's characters are
	 * counted, the words only up to 8 (the scan stops soon after); the
	 * characters of the line are counted eight bytes at a time. */
	size_t i = cs;
	uint32_t fw = 0, words = 0;
	while (i < ce && (s[i] == ' ' || s[i] == '\t' || (s[i] & 0xC0) == 0x80))
		i++;
	if (i < ce)
		words = 1;
	/* a first word can be long (a URL; a line of CJK, which has no
	 * spaces): eight bytes at a time while no byte is blank */
	for (; i + 8 <= ce; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		if (blank_bytes(x) != 0)
			break;
		fw += 8 - (uint32_t)(((cont_bytes(x) >> 7) * ONES) >> 56);
	}
	for (; i < ce && s[i] != ' ' && s[i] != '\t'; i++)
		fw += (s[i] & 0xC0) != 0x80;
	/* s[i] ends a word here (or i == ce): a word starts at each byte
	 * that is not blank after a blank. The eight bytes at s[k..k+8) see
	 * their predecessors in the load at s + k - 1, one byte lane to one
	 * byte lane whatever the byte order; a byte of bit 7 set in either
	 * (a continuation byte, most likely) sends them to the byte loop,
	 * which carries the state across it. */
	int in_word = 0;
	size_t swar_end = 0; /* where the fast path last stepped to */
	while (i < ce && words <= 8) {
		if (i + 8 <= ce) {
			uint64_t x, p;
			memcpy(&x, s + i, 8);
			memcpy(&p, s + i - 1, 8);
			if (((x | p) & HIGHS) == 0) {
				uint64_t starts = ~blank_bytes_ascii(x) & blank_bytes_ascii(p);
				words += (uint32_t)(((starts >> 7) * ONES) >> 56);
				i += 8;
				swar_end = i;
				continue;
			}
		}
		/* after the fast path, s[i - 1] is ASCII */
		if (i == swar_end)
			in_word = s[i - 1] != ' ' && s[i - 1] != '\t';
		for (size_t stop = i + 8 < ce ? i + 8 : ce; i < stop; i++) {
			unsigned char c = s[i];
			if ((c & 0xC0) == 0x80)
				continue;
			if (c == ' ' || c == '\t') {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				words++;
			}
		}
	}
	uint32_t cols = (uint32_t)utf8_chars(s + cs, ce - cs);
	l->cols = cols;
	l->first_word = fw;
	l->words = (uint16_t)(words > 8 ? 8 : words);
	l->bullet = (uint8_t)bullet_at(s + cs, ce - cs);
	l->starts_lower = (s[cs] >= 'a' && s[cs] <= 'z') || (s[cs] >= '0' && s[cs] <= '9');
	l->function_end = (uint8_t)ends_in_function_word(s + cs, ce - cs);
	l->hyphen_end = ce - cs >= 2 && s[ce - 1] == '-' &&
	                ((s[ce - 2] | 0x20) >= 'a' && (s[ce - 2] | 0x20) <= 'z');
	/* sentence-final punctuation, perhaps inside closing quotes/brackets */
	size_t e = ce;
	while (e > cs) {
		unsigned char c = s[e - 1];
		if (c == '"' || c == '\'' || c == ')' || c == ']') {
			e--;
		} else if (e - cs >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80 &&
		           (s[e - 1] == 0x9D || s[e - 1] == 0x99)) {
			e -= 3; /* ” ’ */
		} else {
			break;
		}
	}
	if (e > cs) {
		unsigned char c = s[e - 1];
		l->terminal = c == '.' || c == '!' || c == '?' || c == ':' || c == ';' ||
		              (e - cs >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80 &&
		               s[e - 1] == 0xA6); /* … */
	}
}

/* The wrap width of a hard-wrapped file, or 0 when it is not one. */
static uint32_t wrap_width(const line *ls, size_t n)
{
	/* up to 300 columns: lynx -dump -width wraps as wide as 200 */
	uint32_t hist[301] = {0};
	size_t longish = 0, over = 0;
	uint32_t top = 30; /* no hist entry above it */
	for (size_t i = 0; i < n; i++) {
		if (ls[i].cs == ls[i].ce)
			continue;
		uint32_t endcol = ls[i].indent + ls[i].cols;
		if (endcol < 30)
			continue;
		longish++;
		if (endcol > 300) {
			over++;
		} else {
			hist[endcol]++;
			if (endcol > top)
				top = endcol;
		}
	}
	if (longish < 4 || over * 10 > longish)
		return 0;
	/* W: the width below which 95% of the long lines end; the walk down
	 * from 300 would pass the empty columns above top without a change */
	size_t acc = over, target = longish - longish * 95 / 100;
	uint32_t w = acc <= target ? top : 300;
	while (w > 30 && acc + hist[w] <= target)
		acc += hist[w--];
	if (w < 45 || w > 250)
		return 0;
	/* hard-wrapped: a good share of the long lines end close to W */
	size_t near = 0;
	for (uint32_t c = w * 3 / 4; c <= w + 2 && c <= 300; c++)
		near += hist[c];
	return near * 10 >= longish * 5 ? w : 0;
}

static uint32_t end_col(const line *l)
{
	return l->indent + l->cols;
}

/* Where the longest lines end when no wrap width stands out: the 90th
 * percentile of the end columns of lines of 30 columns or more (0 if
 * there are few). */
static uint32_t soft_width(const line *ls, size_t n)
{
	uint32_t hist[301] = {0};
	size_t longish = 0;
	uint32_t top = 30; /* no hist entry above it */
	for (size_t i = 0; i < n; i++) {
		uint32_t e = end_col(&ls[i]);
		if (ls[i].cs == ls[i].ce || e < 30 || e > 300)
			continue;
		hist[e]++;
		longish++;
		if (e > top)
			top = e;
	}
	if (longish < 4)
		return 0;
	/* the walk down from 300 would pass the empty columns above top */
	size_t acc = 0;
	uint32_t c = top;
	while (c > 30 && (acc + hist[c]) * 10 <= longish)
		acc += hist[c--];
	return c;
}

/* Is a a paragraph's first words left alone on a short line, with the rest
 * of the paragraph running on from the full line b? A heading above a
 * paragraph looks alike, so ask for a sign that a's sentence goes on: one
 * word, a function word last, or b starting in lower case. */
static int first_words(const line *a, const line *b, uint32_t w)
{
	return !a->terminal && a->words <= 4 && end_col(a) * 2 < w &&
	       (end_col(b) * 4 >= w * 3 || b->terminal) && b->indent == a->indent &&
	       (a->words == 1 || a->function_end || b->starts_lower);
}

/* Should line b continue the paragraph of line a (adjacent, non-blank)?
 * c is the line after b, or NULL. */
static int joins(const line *a, const line *b, const line *c, uint32_t w, uint32_t soft)
{
	if (b->bullet)
		return 0;
	/* no wrap width found (a page of menus and headlines around a little
	 * wrapped text): a long line whose sentence runs on into a lower-case
	 * line, or that reaches the width of the file's longest lines, is
	 * still one paragraph with the line after it at the same indent */
	if (!w)
		return a->cols >= 60 && !a->terminal &&
		       (b->starts_lower || (soft >= 100 && end_col(a) + 25 >= soft)) &&
		       (a->bullet ? b->indent > a->indent && b->indent <= a->indent + 4
		                  : b->indent == a->indent);
	if (b->indent + 1 < a->indent && !a->bullet)
		return 0; /* outdent */
	/* b opens the next paragraph */
	if (c && first_words(b, c, w))
		return 0;
	if (first_words(a, b, w))
		return 1;
	/* a is full: b's first word would not have fitted after it */
	if (a->cols >= 20 && end_col(a) + 1 + b->first_word + 3 > w)
		return 1;
	/* a long line whose sentence has not ended runs on */
	if (!a->terminal && end_col(a) * 10 >= w * 6)
		return 1;
	return 0;
}

px_status px_segment(const px_text *text, px_text *out, px_block **blocks_out,
                     size_t *nblocks_out, px_error *err)
{
	const unsigned char *s = (const unsigned char *)text->s;
	size_t n = text->len;
	line *ls = NULL;
	size_t nl = 0, lcap = 0;
	px_block *bs = NULL;
	size_t nb = 0, bcap = 0;
	px_rw rw;
	px_rw_init(&rw, text);

	memset(out, 0, sizeof *out);
	*blocks_out = NULL;
	*nblocks_out = 0;

	for (size_t p = 0; p < n;) {
		const unsigned char *nlp = memchr(s + p, '\n', n - p);
		size_t e = nlp ? (size_t)(nlp - s) : n;
		if (nl == lcap && px_grow((void **)&ls, &lcap, nl + 1, sizeof *ls) < 0)
			goto nomem;
		memset(&ls[nl], 0, sizeof *ls);
		ls[nl].start = p;
		ls[nl].end = e;
		measure(s, &ls[nl]);
		nl++;
		p = nlp ? e + 1 : n;
	}
	uint32_t w = wrap_width(ls, nl);
	uint32_t soft = w ? 0 : soft_width(ls, nl);

	size_t blanks = 0;
	for (size_t i = 0; i < nl; i++) {
		line *l = &ls[i];
		if (l->cs == l->ce) {
			blanks++;
			continue;
		}
		const line *next = i + 1 < nl && ls[i + 1].cs != ls[i + 1].ce ? &ls[i + 1] : NULL;
		int cont = nb > 0 && i > 0 && ls[i - 1].cs != ls[i - 1].ce &&
		           joins(&ls[i - 1], l, next, w, soft);
		if (cont) {
			/* replace the break between the two lines' content */
			px_rw_copy(&rw, ls[i - 1].ce - rw.pos);
			int hyphen = ls[i - 1].hyphen_end && l->starts_lower &&
			             s[l->cs] >= 'a' && s[l->cs] <= 'z';
			px_rw_replace(&rw, l->cs - rw.pos, " ", hyphen ? 0 : 1, -1);
			px_block *b = &bs[nb - 1];
			b->nlines++;
			b->flags |= PX_BLOCK_WRAPPED;
		} else {
			/* end the previous block, drop blanks up to this content */
			if (nb > 0) {
				size_t k = i;
				while (k > 0 && ls[k - 1].cs == ls[k - 1].ce)
					k--;
				px_rw_copy(&rw, ls[k - 1].ce - rw.pos);
				bs[nb - 1].end = (uint32_t)rw.out.len;
				px_rw_replace(&rw, l->cs - rw.pos, "\n", 1, -1);
			} else {
				px_rw_replace(&rw, l->cs - rw.pos, NULL, 0, -1);
			}
			if (nb == bcap && px_grow((void **)&bs, &bcap, nb + 1, sizeof *bs) < 0)
				goto nomem;
			px_block *b = &bs[nb++];
			memset(b, 0, sizeof *b);
			b->start = (uint32_t)rw.out.len;
			b->line = (uint32_t)(i + 1);
			b->nlines = 1;
			b->indent = (uint8_t)l->indent;
			b->blank_before = (uint8_t)(blanks > 255 ? 255 : blanks);
			b->flags = (uint8_t)((l->bullet ? PX_BLOCK_BULLET : 0) |
			                     (l->indent ? PX_BLOCK_INDENTED : 0));
			b->label = PX_LABEL_BODY;
		}
		blanks = 0;
		/* tabs inside the content read as spaces */
		for (const unsigned char *t = memchr(s + l->cs, '\t', l->ce - l->cs); t;
		     t = memchr(t + 1, '\t', (size_t)(s + l->ce - (t + 1)))) {
			px_rw_copy(&rw, (size_t)(t - s) - rw.pos);
			px_rw_replace(&rw, 1, " ", 1, -1);
		}
	}
	if (nb > 0) {
		size_t k = nl;
		while (k > 0 && ls[k - 1].cs == ls[k - 1].ce)
			k--;
		px_rw_copy(&rw, ls[k - 1].ce - rw.pos);
		bs[nb - 1].end = (uint32_t)rw.out.len;
	}
	px_rw_replace(&rw, n - rw.pos, NULL, 0, -1);
	px_free(ls);
	ls = NULL;
	if (px_rw_finish(&rw, out) < 0)
		goto nomem;
	px_free(rw.rep);
	*blocks_out = bs;
	*nblocks_out = nb;
	return PX_OK;
nomem:
	px_free(ls);
	px_free(bs);
	px_rw_abort(&rw);
	return px_error_set(err, PX_ERR_NOMEM, "out of memory while segmenting");
}

const char *px_label_name(px_label label)
{
	static const char *const names[PX_LABEL_COUNT] = {
		"body", "title", "standfirst", "byline", "dateline", "heading",
		"quote", "caption", "credit", "url", "boilerplate",
	};
	return (unsigned)label < PX_LABEL_COUNT ? names[label] : "?";
}

int px_label_parse(const char *s)
{
	for (int i = 0; i < PX_LABEL_COUNT; i++)
		if (!strcmp(s, px_label_name((px_label)i)))
			return i;
	return -1;
}
