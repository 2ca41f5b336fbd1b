/* sbuf.c - growable byte buffer. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <unistr.h>

#include "parallax/alloc.h"
#include "parallax/sbuf.h"

int px_sbuf_reserve(px_sbuf *b, size_t extra)
{
	if (extra > (size_t)-1 - b->len - 1)
		return -1;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	char *p = px_realloc(b->data, ncap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = ncap;
	return 0;
}

int px_sbuf_append(px_sbuf *b, const void *p, size_t n)
{
	if (px_sbuf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int px_sbuf_puts(px_sbuf *b, const char *s)
{
	return px_sbuf_append(b, s, strlen(s));
}

int px_sbuf_printf(px_sbuf *b, const char *fmt, ...)
{
	/* formatted straight into the room there is (one pass, where
	 * measuring first cost a second: printf is most of a small append);
	 * only what does not fit is formatted again after growing */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < room) {
		b->len += (size_t)n;
		return 0;
	}
	if (n < 0 || px_sbuf_reserve(b, (size_t)n) < 0) {
		if (room)
			b->data[b->len] = '\0'; /* the part written is not the buffer's */
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int px_sbuf_put_round(px_sbuf *b, double x)
{
	if (!(x >= 0 && x < 4294967296.0) || signbit(x)) /* -0.0 prints "-0" */
		return px_sbuf_printf(b, "%.0f", x);
	/* the nearest integer, an exact half to the even one (printf's
	 * rounding of the binary value; x less its integer part is exact) */
	uint64_t n = (uint64_t)x;
	double frac = x - (double)n;
	if (frac > 0.5 || (frac == 0.5 && (n & 1)))
		n++;
	char d[24];
	size_t k = sizeof d;
	do
		d[--k] = (char)('0' + n % 10);
	while (n /= 10);
	return px_sbuf_append(b, d + k, sizeof d - k);
}

int px_sbuf_putu(px_sbuf *b, unsigned int cp)
{
	uint8_t u[6];
	int n = u8_uctomb(u, (ucs4_t)cp, (int)sizeof u);
	if (n <= 0)
		n = u8_uctomb(u, 0xFFFD, (int)sizeof u);
	return px_sbuf_append(b, u, (size_t)n);
}

int px_sbuf_put_safe(px_sbuf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;
	while (p < end) {
		const uint8_t *run = p;
		while (p < end && *p >= 0x20 && *p < 0x7F)
			p++;
		if (p > run && px_sbuf_append(b, run, (size_t)(p - run)) < 0)
			return -1;
		if (p >= end)
			break;
		ucs4_t c;
		int k = u8_mbtoucr(&c, p, (size_t)(end - p));
		int r;
		if (k < 0) {
			r = px_sbuf_printf(b, "\\x%02X", *p);
			k = 1;
		} else if (c < 0x20) {
			r = px_sbuf_printf(b, "^%c", (char)(c + 0x40));
		} else if (c == 0x7F) {
			r = px_sbuf_puts(b, "^?");
		} else if ((c >= 0x80 && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
		           (c >= 0x2066 && c <= 0x2069)) {
			r = px_sbuf_printf(b, "<U+%04X>", (unsigned)c);
		} else {
			r = px_sbuf_append(b, p, (size_t)k);
		}
		if (r < 0)
			return -1;
		p += k;
	}
	return 0;
}

char *px_sbuf_detach(px_sbuf *b, size_t *len)
{
	if (!b->data && px_sbuf_reserve(b, 0) < 0)
		return NULL;
	b->data[b->len] = '\0';
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void px_sbuf_free(px_sbuf *b)
{
	px_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
