/* fuzz_check.h - invariants every fuzz target asserts on the core's output.
 * A violated invariant aborts, which libFuzzer reports as a crash with the
 * input that caused it. */
#ifndef PX_FUZZ_CHECK_H
#define PX_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <unistr.h>

#include "parallax/text.h"

#define FUZZ_ASSERT(c) do { \
	if (!(c)) { \
		fprintf(stderr, "fuzz: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c); \
		abort(); \
	} \
} while (0)

/* No byte that could drive a terminal: C0 but TAB and LF, DEL, C1 (in
 * UTF-8 as C2 80..C2 9F), nor a bidi override or isolate. */
static inline void fuzz_check_inert(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = u[i];
		FUZZ_ASSERT(c >= 0x20 || c == '\t' || c == '\n');
		FUZZ_ASSERT(c != 0x7F);
		if (c == 0xC2 && i + 1 < n)
			FUZZ_ASSERT(u[i + 1] < 0x80 || u[i + 1] >= 0xA0);
		if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x80)
			FUZZ_ASSERT(u[i + 2] < 0xAA || u[i + 2] > 0xAE);
		if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x81)
			FUZZ_ASSERT(u[i + 2] < 0xA6 || u[i + 2] > 0xA9);
	}
}

/* A px_text is valid UTF-8, NUL-terminated, inert, and its map is sorted,
 * starts at {0,0}, ends at {len, orig_len}, and maps every position into
 * the original, monotonically. */
static inline void fuzz_check_text(const px_text *t, size_t orig_len)
{
	FUZZ_ASSERT(t->s != NULL);
	FUZZ_ASSERT(t->s[t->len] == '\0');
	FUZZ_ASSERT(u8_check((const uint8_t *)t->s, t->len) == NULL);
	fuzz_check_inert(t->s, t->len);
	FUZZ_ASSERT(t->orig_len == orig_len);
	FUZZ_ASSERT(t->nanchors >= 1);
	FUZZ_ASSERT(t->nanchors >= 2 || (t->len == 0 && orig_len == 0));
	FUZZ_ASSERT(t->anchors[0].t == 0 && t->anchors[0].o == 0);
	FUZZ_ASSERT(t->anchors[t->nanchors - 1].t == t->len);
	FUZZ_ASSERT(t->anchors[t->nanchors - 1].o == orig_len);
	for (size_t i = 1; i < t->nanchors; i++) {
		FUZZ_ASSERT(t->anchors[i].t >= t->anchors[i - 1].t);
		FUZZ_ASSERT(t->anchors[i].o >= t->anchors[i - 1].o);
	}
	size_t step = t->len / 512 + 1, prev = 0;
	for (size_t p = 0; p <= t->len; p += step) {
		size_t o = px_text_orig(t, p), e = px_text_orig_end(t, p);
		FUZZ_ASSERT(o <= orig_len && e <= orig_len);
		FUZZ_ASSERT(o >= prev);
		prev = o;
		FUZZ_ASSERT(px_text_from_orig(t, o) <= t->len);
	}
}

#endif
