/* wrap.c - lazy line breaking for the reader (see wrap.h).
 *
 * UAX #14 break opportunities come from u8_possible_linebreaks over a
 * window that starts at the row and is a few times the row's width in
 * bytes; a break is taken at the last opportunity that keeps the row
 * within its columns. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "wrap.h"

int wrap_char_cols(uint32_t c)
{
	if (c == '\t')
		return 1;
	int w = uc_width((ucs4_t)c, "UTF-8");
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

size_t wrap_decode(const char *s, size_t len, uint32_t *c)
{
	ucs4_t u;
	int n = u8_mbtouc(&u, (const uint8_t *)s, len);
	*c = u;
	return n <= 0 ? 1 : (size_t)n;
}

size_t wrap_str_cols(const char *s, size_t len)
{
	size_t cols = 0;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += wrap_decode(s + i, len - i, &c);
		cols += (size_t)wrap_char_cols(c);
	}
	return cols;
}

size_t wrap_fit(const char *s, size_t len, int cols, int *used)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		size_t k = wrap_decode(s + i, len - i, &c);
		int cw = wrap_char_cols(c);
		if (w + cw > cols)
			break;
		w += cw;
		i += k;
	}
	if (used)
		*used = w;
	return i;
}

static size_t char_start(const char *s, size_t len, size_t i)
{
	while (i > 0 && i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

size_t wrap_row(const char *s, size_t len, size_t start, int cols)
{
	if (start >= len)
		return len;
	if (cols < 1)
		cols = 1;
	size_t end = start + (size_t)cols * 16 + 256;
	if (end > len || end < start)
		end = len;
	while (end < len && ((unsigned char)s[end] & 0xC0) == 0x80)
		end++;
	size_t n = end - start;
	char stackbuf[4096];
	char *brk = n <= sizeof stackbuf ? stackbuf : malloc(n);
	if (!brk) {
		/* no memory for the break table: cut by width alone */
		size_t f = wrap_fit(s + start, n, cols, NULL);
		return start + (f ? f : 1);
	}
	u8_possible_linebreaks((const uint8_t *)s + start, n, "UTF-8", brk);
	int w = 0;
	size_t i = 0, last = 0, cut = n;
	while (i < n) {
		uint32_t c;
		size_t k = wrap_decode(s + start + i, n - i, &c);
		if (i > 0 && (brk[i] == UC_BREAK_POSSIBLE || brk[i] == UC_BREAK_MANDATORY))
			last = i;
		int cw = wrap_char_cols(c);
		if (w + cw > cols) {
			if (c == ' ') { /* spaces hang past the edge */
				i += k;
				continue;
			}
			cut = last > 0 ? last : i;
			if (cut == 0)
				cut = k; /* a character wider than the row: alone */
			break;
		}
		w += cw;
		i += k;
	}
	if (brk != stackbuf)
		free(brk);
	if (cut == n && end < len)
		return start + i; /* a window full of zero-width characters */
	return start + cut;
}

/* A point to count rows from, at or before pos: the paragraph's start, or
 * on a long paragraph just after a space some way back. */
static size_t resync(const char *s, size_t len, size_t pos)
{
	if (pos <= WRAP_WINDOW)
		return 0;
	size_t from = pos - WRAP_WINDOW;
	const char *sp = memchr(s + from, ' ', pos - from);
	if (sp && (size_t)(sp - s) + 1 < pos)
		return (size_t)(sp - s) + 1;
	return char_start(s, len, from);
}

size_t wrap_row_at(const char *s, size_t len, size_t pos, int cols)
{
	if (pos >= len) {
		if (len == 0)
			return 0;
		pos = len - 1;
	}
	size_t r = resync(s, len, pos);
	for (;;) {
		size_t e = wrap_row(s, len, r, cols);
		if (e > pos || e >= len)
			return r;
		r = e;
	}
}

size_t wrap_prev(const char *s, size_t len, size_t pos, int cols)
{
	if (pos == 0)
		return 0;
	return wrap_row_at(s, len, pos - 1, cols);
}
