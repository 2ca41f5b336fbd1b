/* sbuf.h - a growable byte buffer, always NUL-terminated once non-empty. */
#ifndef PARALLAX_SBUF_H
#define PARALLAX_SBUF_H

#include <stddef.h>

typedef struct px_sbuf {
	char *data;
	size_t len;
	size_t cap;
} px_sbuf;

#define PX_SBUF_INIT {NULL, 0, 0}

/* Each returns 0, or -1 when memory ran out (the buffer is then unchanged). */
int px_sbuf_reserve(px_sbuf *b, size_t extra);
int px_sbuf_append(px_sbuf *b, const void *p, size_t n);
/* One byte: inline, for the many callers that build text a byte at a time. */
static inline int px_sbuf_putc(px_sbuf *b, char c)
{
	if (b->len + 2 <= b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return px_sbuf_append(b, &c, 1);
}
int px_sbuf_puts(px_sbuf *b, const char *s);
int px_sbuf_printf(px_sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* Append x as printf's "%.0f" writes it, without printf's cost for the
 * usual case (0 <= x < 2^32). */
int px_sbuf_put_round(px_sbuf *b, double x);
/* Append one code point as UTF-8. */
int px_sbuf_putu(px_sbuf *b, unsigned int cp);

/* Append n bytes of untrusted text (a file name, say) so that it cannot
 * drive a terminal: controls become ^X, DEL ^?, C1 and bidi controls
 * <U+XXXX>, invalid UTF-8 bytes \xHH. */
int px_sbuf_put_safe(px_sbuf *b, const char *s, size_t n);

/* Hand the bytes to the caller (who frees them with px_free); the buffer
 * becomes empty. Never NULL unless memory ran out. */
char *px_sbuf_detach(px_sbuf *b, size_t *len);
void px_sbuf_free(px_sbuf *b);

#endif
