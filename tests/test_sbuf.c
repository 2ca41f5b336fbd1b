/* test_sbuf.c - the byte buffer (sbuf.h), the allocator's helpers
 * (alloc.h: px_grow, px_strndup, px_calloc_dense; allocation failures as a whole are
 * test_alloc's) and error messages (error.h).
 *
 * In a build with --enable-alloc-failpoints, the buffer is also checked to
 * be left unchanged when memory runs out: the failure budget is read per
 * thread, so a new thread started with PX_FAIL_ALLOC_AFTER=0 fails all its
 * allocations while this one keeps working. */
#define _DEFAULT_SOURCE /* mincore */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "parallax/alloc.h"
#include "parallax/error.h"
#include "parallax/sbuf.h"
#include "tap.h"

static void test_empty(void)
{
	px_sbuf b = PX_SBUF_INIT;
	is_int(b.len, 0, "init: empty");
	ok(b.data == NULL, "init: no allocation");
	size_t n = 99;
	char *s = px_sbuf_detach(&b, &n);
	ok(s != NULL, "detach of an empty buffer: not NULL");
	is_str(s, "", "detach of an empty buffer: an empty string");
	is_int(n, 0, "detach of an empty buffer: length 0");
	px_free(s);

	is_int(px_sbuf_append(&b, "ignored", 0), 0, "append of 0 bytes succeeds");
	is_int(b.len, 0, "append of 0 bytes: still empty");
	ok(b.data && b.data[0] == '\0', "append of 0 bytes: NUL-terminated");
	is_int(px_sbuf_puts(&b, ""), 0, "puts of \"\" succeeds");
	is_int(b.len, 0, "puts of \"\": still empty");
	is_int(px_sbuf_printf(&b, "%s", ""), 0, "printf of nothing succeeds");
	is_int(b.len, 0, "printf of nothing: still empty");
	ok(b.data[0] == '\0', "printf of nothing: NUL-terminated");
	is_int(px_sbuf_put_safe(&b, "", 0), 0, "put_safe of 0 bytes succeeds");
	is_int(b.len, 0, "put_safe of 0 bytes: still empty");
	px_sbuf_free(&b);
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "free resets the buffer");
	px_sbuf_free(&b); /* twice is harmless */
	ok(b.data == NULL, "free twice");
}

static void test_one_byte(void)
{
	px_sbuf b = PX_SBUF_INIT;
	is_int(px_sbuf_putc(&b, 'x'), 0, "putc succeeds");
	is_int(b.len, 1, "putc: one byte");
	is_str(b.data, "x", "putc: the byte, NUL-terminated");
	ok(b.cap >= 2, "putc: room for the NUL");
	px_sbuf_free(&b);
	is_int(px_sbuf_putc(&b, '\0'), 0, "putc of NUL succeeds");
	is_int(b.len, 1, "putc of NUL: one byte counted");
	ok(b.data[0] == '\0' && b.data[1] == '\0', "putc of NUL: the byte and the terminator");
	px_sbuf_free(&b);
}

static void test_growth(void)
{
	enum { N = 100000 };
	px_sbuf b = PX_SBUF_INIT;
	int fails = 0;
	for (int i = 0; i < N; i++)
		fails += px_sbuf_putc(&b, (char)('a' + i % 26)) != 0;
	is_int(fails, 0, "100000 putc succeed");
	is_int(b.len, N, "100000 putc: length");
	is_int(strlen(b.data), N, "100000 putc: NUL-terminated right after, none inside");
	int wrong = 0;
	for (int i = 0; i < N; i++)
		wrong += b.data[i] != (char)('a' + i % 26);
	is_int(wrong, 0, "100000 putc: every byte in place");
	ok(b.cap > b.len, "capacity above length");
	px_sbuf_free(&b);

	/* appends of every size from 0 to 300 */
	size_t want = 0;
	char chunk[300];
	for (size_t i = 0; i < sizeof chunk; i++)
		chunk[i] = (char)('0' + i % 10);
	fails = 0;
	for (size_t k = 0; k <= sizeof chunk; k++) {
		fails += px_sbuf_append(&b, chunk, k) != 0;
		want += k;
		fails += b.data[b.len] != '\0';
	}
	is_int(fails, 0, "appends of 0..300 bytes succeed, each NUL-terminated");
	is_int(b.len, want, "appends of 0..300 bytes: total length");
	ok(memcmp(b.data + b.len - 300, chunk, 300) == 0, "appends: last chunk intact");
	ok(memcmp(b.data, chunk, 1) == 0 && memcmp(b.data + 1, chunk, 2) == 0,
	   "appends: first chunks intact");

	/* embedded NULs are kept */
	px_sbuf_free(&b);
	px_sbuf_append(&b, "a\0b", 3);
	is_int(b.len, 3, "embedded NUL: length 3");
	ok(memcmp(b.data, "a\0b", 4) == 0, "embedded NUL: bytes kept, terminated");

	/* detach hands the bytes over and leaves the buffer reusable */
	size_t n = 0;
	char *s = px_sbuf_detach(&b, &n);
	is_int(n, 3, "detach: length");
	ok(s && memcmp(s, "a\0b", 4) == 0, "detach: bytes");
	ok(b.data == NULL && b.len == 0 && b.cap == 0, "detach: buffer empty");
	px_sbuf_puts(&b, "again");
	is_str(b.data, "again", "buffer reusable after detach");
	ok(b.data != s, "detached bytes not shared");
	px_free(s);
	px_sbuf_free(&b);
}

static void test_printf(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_puts(&b, "n=");
	is_int(px_sbuf_printf(&b, "%d,%s,%zu,%c", -42, "str", (size_t)7, 'z'), 0, "printf succeeds");
	is_str(b.data, "n=-42,str,7,z", "printf appends formatted text");
	is_int(b.len, 13, "printf: length");

	enum { L = 70000 };
	char *big = malloc(L + 1);
	memset(big, 'q', L);
	big[L] = '\0';
	big[L / 2] = 'M';
	is_int(px_sbuf_printf(&b, "[%s]%d", big, 5), 0, "printf of 70000 bytes succeeds");
	is_int(b.len, 13 + L + 3, "printf long: length");
	is_int(strlen(b.data), b.len, "printf long: NUL right after");
	ok(b.data[13] == '[' && b.data[13 + 1 + L / 2] == 'M' && b.data[13 + L + 1] == ']' &&
	   b.data[13 + L + 2] == '5', "printf long: contents in place");
	ok(memcmp(b.data, "n=-42,str,7,z", 13) == 0, "printf long: earlier text kept");
	is_int(px_sbuf_printf(&b, "%.3s", "abcdef"), 0, "printf with precision");
	ok(b.len == 13 + L + 6 && strcmp(b.data + b.len - 3, "abc") == 0, "printf with precision: 3 bytes");
	free(big);
	px_sbuf_free(&b);

	/* printf writes into the room left when it fits and grows first when
	 * not: every length around the room's edge */
	for (int extra = -2; extra <= 2; extra++) {
		px_sbuf c = PX_SBUF_INIT;
		px_sbuf_puts(&c, "abc");
		size_t room = c.cap - c.len; /* bytes, the NUL's included */
		int n = (int)room - 1 + extra;
		char want[300];
		snprintf(want, sizeof want, "abc%0*d", n, 7);
		char what[80];
		snprintf(what, sizeof what, "printf of %d bytes into %zu of room", n, room);
		ok(px_sbuf_printf(&c, "%0*d", n, 7) == 0 && c.len == 3 + (size_t)n &&
		   strcmp(c.data, want) == 0 && c.len < c.cap, what);
		/* a byte at a time up to the edge, then past it */
		size_t before = c.len, cap = c.cap;
		int okc = 1;
		for (size_t k = 0; k < cap - before + 2; k++)
			okc &= px_sbuf_putc(&c, (char)('a' + k % 26)) == 0 && c.data[c.len] == '\0' &&
			       c.data[c.len - 1] == (char)('a' + k % 26);
		ok(okc && c.len == cap + 2 && c.cap > cap, "putc to the edge of the room and past it");
		px_sbuf_free(&c);
	}

	/* printf as the first operation of a fresh buffer, just past its first capacity */
	is_int(px_sbuf_printf(&b, "%064d", 1), 0, "printf of 64 bytes into a fresh buffer");
	is_int(b.len, 64, "printf of 64 bytes: length");
	ok(b.data[63] == '1' && b.data[64] == '\0', "printf of 64 bytes: contents");
	px_sbuf_free(&b);
}

static void test_putu(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_putu(&b, 'A');
	px_sbuf_putu(&b, 0xE9);
	px_sbuf_putu(&b, 0x20AC);
	px_sbuf_putu(&b, 0x1F600);
	is_str(b.data, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "putu: 1 to 4 bytes of UTF-8");
	is_int(b.len, 10, "putu: length");
	px_sbuf_free(&b);
	px_sbuf_putu(&b, 0xD800);
	is_str(b.data, "\xEF\xBF\xBD", "putu: a surrogate becomes U+FFFD");
	px_sbuf_free(&b);
	px_sbuf_putu(&b, 0x110000);
	is_str(b.data, "\xEF\xBF\xBD", "putu: past U+10FFFF becomes U+FFFD");
	px_sbuf_free(&b);
	px_sbuf_putu(&b, 0);
	is_int(b.len, 1, "putu: U+0000 is one byte");
	px_sbuf_free(&b);
}

static void safe(const char *in, size_t n, const char *want, const char *what)
{
	px_sbuf b = PX_SBUF_INIT;
	if (px_sbuf_put_safe(&b, in, n) != 0) {
		ok(0, what);
		return;
	}
	is_str(b.data ? b.data : "", want, what);
	px_sbuf_free(&b);
}

static void test_put_safe(void)
{
	safe("a", 1, "a", "put_safe: one printable byte");
	safe("\n", 1, "^J", "put_safe: LF -> ^J");
	safe("", 1, "^@", "put_safe: NUL -> ^@");
	safe("\x1B[31m", 5, "^[[31m", "put_safe: ESC -> ^[");
	safe("\x7F", 1, "^?", "put_safe: DEL -> ^?");
	safe("\xC2\x9B", 2, "<U+009B>", "put_safe: C1 CSI -> <U+009B>");
	safe("x\xE2\x80\xAEy", 5, "x<U+202E>y", "put_safe: RLO -> <U+202E>");
	safe("\xE2\x81\xA6", 3, "<U+2066>", "put_safe: LRI -> <U+2066>");
	safe("\xE2\x80\x8F", 3, "\xE2\x80\x8F", "put_safe: RLM (not an override) kept");
	safe("caf\xC3\xA9", 5, "caf\xC3\xA9", "put_safe: valid UTF-8 kept");
	safe("\xFF", 1, "\\xFF", "put_safe: invalid byte -> \\xFF");
	safe("a\xE2\x82", 3, "a\\xE2\\x82", "put_safe: truncated sequence at the end, byte by byte");
	safe("\xC0\xAF", 2, "\\xC0\\xAF", "put_safe: overlong encoding -> two escapes");
	safe("ab\0cd", 3, "ab^@", "put_safe: only n bytes read");
}

static void test_limits(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_puts(&b, "keep");
	char *d = b.data;
	size_t cap = b.cap;
	is_int(px_sbuf_reserve(&b, SIZE_MAX), -1, "reserve of SIZE_MAX fails");
	is_int(px_sbuf_reserve(&b, SIZE_MAX - 4), -1, "reserve that overflows with the NUL fails");
	is_int(px_sbuf_append(&b, "x", SIZE_MAX - 2), -1, "append of an impossible size fails");
	ok(b.data == d && b.cap == cap && b.len == 4 && strcmp(b.data, "keep") == 0,
	   "failed reserve/append: buffer unchanged");
	is_int(px_sbuf_reserve(&b, 1000), 0, "reserve 1000 succeeds");
	ok(b.cap >= 4 + 1000 + 1, "reserve 1000: capacity for it and the NUL");
	is_int(b.len, 4, "reserve: length unchanged");
	is_str(b.data, "keep", "reserve: contents unchanged");
	px_sbuf_free(&b);
}

/* px_calloc_dense: zeroed like calloc, every page already present (a
 * fresh calloc of 4 MB comes from mmap, untouched: mincore tells). */
static void test_calloc_dense(void)
{
	const size_t n = 1 << 20; /* 4 MB of uint32_t: over any mmap threshold */
	uint32_t *v = px_calloc_dense(n, sizeof *v);
	ok(v != NULL, "calloc_dense of 4 MB");
#ifdef __linux__
	long pg = sysconf(_SC_PAGESIZE);
	if (v && pg > 0) {
		/* whole pages inside the block */
		uintptr_t a = ((uintptr_t)v + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
		uintptr_t e = ((uintptr_t)v + n * sizeof *v) & ~((uintptr_t)pg - 1);
		size_t np = (e - a) / (size_t)pg, absent = 0;
		unsigned char *vec = malloc(np ? np : 1);
		if (vec && mincore((void *)a, e - a, vec) == 0) {
			for (size_t i = 0; i < np; i++)
				absent += !(vec[i] & 1);
			is_int((int)absent, 0, "calloc_dense: every page present before any use");
		} else {
			ok(0, "mincore of the block");
		}
		free(vec);
	}
#endif
	/* (read after mincore: reading maps a page too) */
	size_t nonzero = 0;
	for (size_t i = 0; v && i < n; i++)
		nonzero += v[i] != 0;
	is_int((int)nonzero, 0, "calloc_dense: all zero");
	px_free(v);
	ok(px_calloc_dense(SIZE_MAX / 2, 4) == NULL, "calloc_dense whose size overflows: NULL");
	uint8_t *one = px_calloc_dense(0, 0);
	ok(one != NULL, "calloc_dense of 0: a block, as calloc's 1");
	px_free(one);
}

static void test_alloc_helpers(void)
{
	int *v = NULL;
	size_t cap = 0;
	is_int(px_grow((void **)&v, &cap, 0, sizeof *v), 0, "grow to 0: nothing to do");
	ok(v == NULL && cap == 0, "grow to 0: no allocation");
	is_int(px_grow((void **)&v, &cap, 1, sizeof *v), 0, "grow to 1 succeeds");
	ok(v != NULL && cap >= 1, "grow to 1: allocated");
	size_t c1 = cap;
	int *v1 = v;
	is_int(px_grow((void **)&v, &cap, c1, sizeof *v), 0, "grow within capacity succeeds");
	ok(v == v1 && cap == c1, "grow within capacity: unchanged");
	is_int(px_grow((void **)&v, &cap, 1000, sizeof *v), 0, "grow to 1000 succeeds");
	ok(cap >= 1000, "grow to 1000: capacity");
	for (int i = 0; i < 1000; i++)
		v[i] = i;
	is_int(px_grow((void **)&v, &cap, 5000, sizeof *v), 0, "grow to 5000 succeeds");
	int wrong = 0;
	for (int i = 0; i < 1000; i++)
		wrong += v[i] != i;
	is_int(wrong, 0, "grow keeps the elements");
	int *vk = v;
	size_t ck = cap;
	is_int(px_grow((void **)&v, &cap, SIZE_MAX, sizeof *v), -1, "grow to SIZE_MAX elements fails");
	is_int(px_grow((void **)&v, &cap, SIZE_MAX / 2, sizeof *v), -1,
	       "grow whose byte size overflows fails");
	ok(v == vk && cap == ck, "failed grow: vector and capacity unchanged");
	px_free(v);

	char *s = px_strndup("abcdef", 3);
	is_str(s, "abc", "strndup: first n bytes");
	px_free(s);
	s = px_strndup("ab", 0);
	is_str(s, "", "strndup of 0 bytes: empty string");
	px_free(s);
	s = px_strdup("");
	is_str(s, "", "strdup of \"\"");
	px_free(s);
	test_calloc_dense();
	void *p = px_malloc(0);
	ok(p != NULL, "malloc(0): not NULL");
	px_free(p);
	unsigned char *z = px_calloc(0, 0);
	ok(z != NULL, "calloc(0, 0): not NULL");
	px_free(z);
	z = px_calloc(16, 1);
	int nz = 0;
	for (int i = 0; i < 16; i++)
		nz += z[i] != 0;
	is_int(nz, 0, "calloc: zeroed");
	px_free(z);
}

static void test_error(void)
{
	is_int(px_error_set(NULL, PX_ERR_IO, "x %d", 1), PX_ERR_IO, "error_set without an error: returns status");
	px_error e;
	memset(&e, 0x55, sizeof e);
	is_int(px_error_set(&e, PX_ERR_NOTFOUND, "cannot open %s: %s", "a.txt", "gone"),
	       PX_ERR_NOTFOUND, "error_set returns status");
	is_int(e.status, PX_ERR_NOTFOUND, "error_set fills status");
	is_str(e.msg, "cannot open a.txt: gone", "error_set formats the message");
	px_error_set(&e, PX_OK, "%s", "");
	is_str(e.msg, "", "error_set: empty message");
	is_int(e.status, PX_OK, "error_set: PX_OK");
	char big[2000];
	memset(big, 'w', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	px_error_set(&e, PX_ERR_INVALID, "%s", big);
	is_int(strlen(e.msg), sizeof e.msg - 1, "error_set: a long message is cut to fit");
	ok(e.msg[0] == 'w' && e.msg[sizeof e.msg - 2] == 'w', "error_set: cut message keeps its start");
}

#ifdef PX_ALLOC_FAILPOINTS
/* On a thread of its own whose allocations all fail. */
static void *no_memory(void *arg)
{
	px_sbuf *b = arg;
	char *d = b->data;
	size_t len = b->len, cap = b->cap;
	char more[200];
	memset(more, 'm', sizeof more);
	int r = 0;
	r |= px_sbuf_append(b, more, sizeof more) != -1;
	r |= px_sbuf_printf(b, "%0300d", 1) != -1;
	r |= px_sbuf_reserve(b, cap) != -1;
	r |= b->data != d || b->len != len || b->cap != cap || strcmp(b->data, "before") != 0;
	r |= px_sbuf_putc(b, 'x') != 0; /* there is room: no allocation needed */
	r |= strcmp(b->data, "beforex") != 0;
	px_sbuf e = PX_SBUF_INIT;
	r |= px_sbuf_putc(&e, 'x') != -1 || e.data != NULL || e.len != 0;
	r |= px_sbuf_detach(&e, NULL) != NULL;
	int *v = NULL;
	size_t vc = 0;
	r |= px_grow((void **)&v, &vc, 4, sizeof *v) != -1 || v != NULL || vc != 0;
	return r ? (void *)b : NULL;
}

static void test_no_memory(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_puts(&b, "before");
	setenv("PX_FAIL_ALLOC_AFTER", "0", 1);
	pthread_t t;
	void *res = &b;
	if (pthread_create(&t, NULL, no_memory, &b) == 0)
		pthread_join(t, &res);
	unsetenv("PX_FAIL_ALLOC_AFTER");
	ok(res == NULL, "out of memory: calls fail with -1, the buffer unchanged");
	is_str(b.data, "beforex", "out of memory: buffer usable afterwards");
	px_sbuf_free(&b);
}
#endif

/* put_round writes what printf's %.0f does: every float share of 0..1
 * times 100 (as the dump's wire line has it), exact halves, and beyond */
static void test_round(void)
{
	int bad = 0;
	char want[512];
	px_sbuf b = PX_SBUF_INIT;
	for (uint32_t bits = 0; bits <= 0x3F800000u; bits += 997) {
		float f;
		memcpy(&f, &bits, sizeof f);
		double x = (double)f * 100;
		b.len = 0;
		px_sbuf_put_round(&b, x);
		snprintf(want, sizeof want, "%.0f", x);
		bad += strcmp(b.data, want) != 0;
	}
	static const double more[] = {0, 0.5, 1.5, 2.5, 12.5, 99.5, 100, 0.49999999999999994,
	                              4294967295.5, 4294967296.5, -0.5, -3.5, -0.0, 1e300};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
		b.len = 0;
		px_sbuf_put_round(&b, more[i]);
		snprintf(want, sizeof want, "%.0f", more[i]);
		if (strcmp(b.data, want)) {
			printf("# %.17g: %s, not %s\n", more[i], b.data, want);
			bad++;
		}
	}
	is_int(bad, 0, "put_round: as printf's %.0f, a million floats and the edges");
	px_sbuf_free(&b);
}

int main(void)
{
	test_empty();
	test_one_byte();
	test_growth();
	test_printf();
	test_round();
	test_putu();
	test_put_safe();
	test_limits();
	test_alloc_helpers();
	test_error();
#ifdef PX_ALLOC_FAILPOINTS
	test_no_memory();
#else
	printf("# allocation failures not checked: configure --enable-alloc-failpoints\n");
#endif
	return tap_done();
}
