/* test_text.c - the map from text positions to original bytes (text.h).
 *
 * Degenerate maps first (no anchors, empty text, one byte), then hand-made
 * maps with an expanding, a shrinking, an inserting and a deleting
 * replacement, then a property test: random maps (fixed seed) checked
 * position by position against a model of the map, with px_text_orig_near
 * asked in order, backwards and at random with one hint. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/decode.h"
#include "parallax/text.h"
#include "tap.h"

static px_text mk(const char *s, size_t orig_len, const px_anchor *a, size_t na)
{
	px_text t;
	t.s = (char *)s;
	t.len = strlen(s);
	t.anchors = (px_anchor *)a;
	t.nanchors = na;
	t.orig_len = orig_len;
	return t;
}

static void test_degenerate(void)
{
	/* a text without anchors (as px_text_free leaves it): all maps to 0 */
	px_text z;
	memset(&z, 0, sizeof z);
	is_int(px_text_orig(&z, 0), 0, "no anchors, empty: start 0 -> 0");
	is_int(px_text_orig_end(&z, 0), 0, "no anchors, empty: end 0 -> 0");
	is_int(px_text_orig(&z, 7), 0, "no anchors, empty: start past the end -> 0");
	is_int(px_text_from_orig(&z, 3), 0, "no anchors, empty: from_orig -> 0");

	/* empty text of an empty file */
	static const px_anchor e[] = {{0, 0}, {0, 0}};
	px_text t = mk("", 0, e, 2);
	is_int(px_text_orig(&t, 0), 0, "empty text: start 0 -> 0");
	is_int(px_text_orig_end(&t, 0), 0, "empty text: end 0 -> 0");
	is_int(px_text_from_orig(&t, 0), 0, "empty text: from_orig 0 -> 0");
	size_t h = 0;
	is_int(px_text_orig_near(&t, 0, 0, &h), 0, "empty text: near start 0 -> 0");
	is_int(px_text_orig_near(&t, 0, 1, &h), 0, "empty text: near end 0 -> 0");

	/* empty text of a file that was all removed (say, one control byte) */
	static const px_anchor d[] = {{0, 0}, {0, 1}};
	t = mk("", 1, d, 2);
	is_int(px_text_orig(&t, 0), 1, "all removed: start 0 -> past the removed byte");
	is_int(px_text_orig_end(&t, 0), 0, "all removed: end 0 -> 0");
	is_int(px_text_from_orig(&t, 0), 0, "all removed: from_orig 0 -> 0");
	is_int(px_text_from_orig(&t, 1), 0, "all removed: from_orig 1 -> 0");

	/* one byte, copied */
	static const px_anchor one[] = {{0, 0}, {1, 1}};
	t = mk("x", 1, one, 2);
	is_int(px_text_orig(&t, 0), 0, "one byte: start 0 -> 0");
	is_int(px_text_orig(&t, 1), 1, "one byte: start 1 (len) -> orig_len");
	is_int(px_text_orig_end(&t, 0), 0, "one byte: end 0 -> 0");
	is_int(px_text_orig_end(&t, 1), 1, "one byte: end 1 -> 1");
	is_int(px_text_orig(&t, 5), 1, "one byte: start past len -> orig_len");
	is_int(px_text_orig_end(&t, 5), 1, "one byte: end past len -> orig_len");
	is_int(px_text_from_orig(&t, 0), 0, "one byte: from_orig 0 -> 0");
	is_int(px_text_from_orig(&t, 1), 1, "one byte: from_orig 1 -> len");
	is_int(px_text_from_orig(&t, 9), 1, "one byte: from_orig past orig_len -> len");

	/* one byte made of three original ones ("&lt;" is 4, take "\xE2\x80\x99" -> "'") */
	static const px_anchor rep1[] = {{0, 0}, {1, 3}};
	t = mk("'", 3, rep1, 2);
	is_int(px_text_orig(&t, 0), 0, "one-byte replacement: start 0 -> 0");
	is_int(px_text_orig_end(&t, 1), 3, "one-byte replacement: end 1 -> 3");
	is_int(px_text_from_orig(&t, 2), 0, "one-byte replacement: from_orig inside -> 0");
}

/* "ab" copy, "&amp;" -> "&" (shrink), "cd" copy, "\xE9" -> "\xC3\xA9"
 * (expand), "e" copy.
 *   text: a b & c d \xC3 \xA9 e        len 8
 *   orig: a b & a m p ; c d \xE9 e     orig_len 11 */
static void test_replacements(void)
{
	static const px_anchor a[] = {{0, 0}, {2, 2}, {3, 7}, {5, 9}, {7, 10}, {8, 11}};
	px_text t = mk("ab&cd\xC3\xA9" "e", 11, a, 6);
	is_int(t.len, 8, "map text has 8 bytes");
	is_int(px_text_orig(&t, 1), 1, "copy: start 1 -> 1");
	is_int(px_text_orig(&t, 2), 2, "shrink: start of '&' -> start of \"&amp;\"");
	is_int(px_text_orig_end(&t, 3), 7, "shrink: end after '&' -> past \"&amp;\"");
	is_int(px_text_orig_end(&t, 2), 2, "copy before shrink: end 2 -> 2");
	is_int(px_text_orig(&t, 3), 7, "copy after shrink: start 3 -> 7");
	is_int(px_text_orig(&t, 4), 8, "copy after shrink: start 4 -> 8");
	is_int(px_text_orig_end(&t, 5), 9, "copy after shrink: end 5 -> 9");
	is_int(px_text_orig(&t, 5), 9, "expand: start of the first byte -> 9");
	is_int(px_text_orig(&t, 6), 9, "expand: start inside -> the replaced byte");
	is_int(px_text_orig_end(&t, 6), 10, "expand: end inside -> past the replaced byte");
	is_int(px_text_orig_end(&t, 7), 10, "expand: end after -> 10");
	is_int(px_text_orig(&t, 7), 10, "last copy: start 7 -> 10");
	is_int(px_text_orig_end(&t, 8), 11, "end of text -> orig_len");
	is_int(px_text_orig(&t, 8), 11, "start at len -> orig_len");
	is_int(px_text_from_orig(&t, 0), 0, "from_orig 0 -> 0");
	is_int(px_text_from_orig(&t, 2), 2, "from_orig of '&' -> 2");
	is_int(px_text_from_orig(&t, 4), 2, "from_orig inside \"&amp;\" -> 2");
	is_int(px_text_from_orig(&t, 6), 2, "from_orig of ';' -> 2");
	is_int(px_text_from_orig(&t, 7), 3, "from_orig after the entity -> 3");
	is_int(px_text_from_orig(&t, 9), 5, "from_orig of the expanded byte -> its first text byte");
	is_int(px_text_from_orig(&t, 10), 7, "from_orig 10 -> 7");
	is_int(px_text_from_orig(&t, 11), 8, "from_orig orig_len -> len");

	/* insertion ("attacks.The" -> "attacks. The") and deletion (a control) */
	/* text "a. Tb", orig "a.T\x01" "b": {0,0} copy {2,2} insert " " {3,2} copy {4,3}
	 * delete \x01 {4,4} copy {5,5} */
	static const px_anchor b[] = {{0, 0}, {2, 2}, {3, 2}, {4, 3}, {4, 4}, {5, 5}};
	t = mk("a. Tb", 5, b, 6);
	is_int(px_text_orig(&t, 2), 2, "insertion: start of the inserted space -> 2");
	is_int(px_text_orig_end(&t, 3), 2, "insertion: end after the inserted space -> 2");
	is_int(px_text_orig(&t, 3), 2, "after insertion: 'T' -> 2");
	is_int(px_text_orig_end(&t, 4), 3, "before deletion: end after 'T' -> 3");
	is_int(px_text_orig(&t, 4), 4, "after deletion: 'b' -> 4, past the control");
	is_int(px_text_orig_end(&t, 5), 5, "end of text -> 5");
	is_int(px_text_from_orig(&t, 2), 3, "from_orig 'T' -> 3, after the inserted space");
	is_int(px_text_from_orig(&t, 3), 4, "from_orig of the deleted byte -> where it was");
	is_int(px_text_from_orig(&t, 4), 4, "from_orig 'b' -> 4");

	/* a hint behind, ahead of and far from the position */
	t = mk("ab&cd\xC3\xA9" "e", 11, a, 6);
	size_t h = 4;
	is_int(px_text_orig_near(&t, 1, 0, &h), 1, "near: hint ahead of the position, start");
	h = 4;
	is_int(px_text_orig_near(&t, 3, 1, &h), 7, "near: hint ahead of the position, end");
	h = 0;
	is_int(px_text_orig_near(&t, 7, 0, &h), 10, "near: hint far behind, start");
	is_int(px_text_orig_near(&t, 6, 1, &h), 10, "near: one back from the hint, end");
	is_int(px_text_orig_near(&t, 0, 1, &h), 0, "near: end 0 with a hint");
	is_int(px_text_orig_near(&t, 8, 0, &h), 11, "near: start at len with a hint");
}

/* --- property test ---------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define MAXSEG 64
#define MAXLEN (MAXSEG * 8)

typedef struct model {
	px_anchor a[MAXSEG + 1];
	size_t na;
	char s[MAXLEN + 1];
	size_t len, orig_len;
	size_t start[MAXLEN], end[MAXLEN]; /* per text byte: px_text_orig(p), px_text_orig_end(p+1) */
	size_t from[MAXLEN];               /* per original byte: px_text_from_orig */
} model;

static void random_map(model *m)
{
	size_t nseg = 1 + rnd(MAXSEG), t = 0, o = 0;
	m->na = 0;
	m->a[m->na++] = (px_anchor){0, 0};
	for (size_t k = 0; k < nseg; k++) {
		size_t tl, ol;
		int copy = rnd(2);
		if (copy) {
			tl = ol = 1 + rnd(6);
		} else {
			/* equal lengths would be a copy (text.h): a replacement
			 * expands or shrinks */
			do {
				tl = rnd(5); /* 0: a deletion */
				ol = rnd(5); /* 0: an insertion */
			} while (tl == ol);
		}
		for (size_t i = 0; i < tl; i++) {
			m->s[t + i] = (char)('a' + rnd(26));
			m->start[t + i] = copy ? o + i : o;
			m->end[t + i] = copy ? o + i + 1 : o + ol;
		}
		for (size_t i = 0; i < ol; i++)
			m->from[o + i] = copy ? t + i : t;
		t += tl;
		o += ol;
		m->a[m->na++] = (px_anchor){(uint32_t)t, (uint32_t)o};
	}
	m->s[t] = '\0';
	m->len = t;
	m->orig_len = o;
}

static void test_property(void)
{
	enum { ROUNDS = 300 };
	static model m;
	long bad_start = 0, bad_end = 0, bad_from = 0, bad_order = 0, bad_back = 0,
	     bad_random = 0, positions = 0, had_ins = 0, had_del = 0;
	for (int r = 0; r < ROUNDS; r++) {
		random_map(&m);
		px_text t = mk(m.s, m.orig_len, m.a, m.na);
		for (size_t i = 1; i < m.na; i++) {
			had_ins += m.a[i].o == m.a[i - 1].o;
			had_del += m.a[i].t == m.a[i - 1].t;
		}
		for (size_t p = 0; p < m.len; p++) {
			bad_start += px_text_orig(&t, p) != m.start[p];
			bad_end += px_text_orig_end(&t, p + 1) != m.end[p];
			positions++;
		}
		bad_start += px_text_orig(&t, m.len) != m.orig_len;
		bad_end += px_text_orig_end(&t, 0) != 0;
		for (size_t o = 0; o < m.orig_len; o++)
			bad_from += px_text_from_orig(&t, o) != m.from[o];
		bad_from += px_text_from_orig(&t, m.orig_len) != m.len;
		for (int end = 0; end <= 1; end++) {
			size_t h = 0;
			for (size_t p = 0; p <= m.len; p++) /* reading order */
				bad_order += px_text_orig_near(&t, p, end, &h) !=
				             (end ? px_text_orig_end(&t, p) : px_text_orig(&t, p));
			for (size_t p = m.len + 1; p-- > 0;) /* backwards: hint always ahead */
				bad_back += px_text_orig_near(&t, p, end, &h) !=
				            (end ? px_text_orig_end(&t, p) : px_text_orig(&t, p));
		}
		size_t h = 0;
		for (int k = 0; k < 200; k++) { /* at random, start and end mixed */
			size_t p = rnd((unsigned)m.len + 1);
			int end = rnd(2);
			bad_random += px_text_orig_near(&t, p, end, &h) !=
			              (end ? px_text_orig_end(&t, p) : px_text_orig(&t, p));
		}
	}
	ok(had_ins > 0 && had_del > 0, "random maps include insertions and deletions");
	ok(positions > 10000, "random maps: over 10000 positions checked");
	is_int(bad_start, 0, "random maps: px_text_orig agrees with the model");
	is_int(bad_end, 0, "random maps: px_text_orig_end agrees with the model");
	is_int(bad_from, 0, "random maps: px_text_from_orig agrees with the model");
	is_int(bad_order, 0, "random maps: near, in reading order, agrees");
	is_int(bad_back, 0, "random maps: near, backwards (hint ahead), agrees");
	is_int(bad_random, 0, "random maps: near, random positions with one hint, agrees");
}

/* A map px_decode made: CRLF shrinks, Windows-1252 expands. */
static void test_decoded(void)
{
	static const unsigned char in[] = "caf\xE9\r\nx";
	px_decoded d;
	px_error e;
	if (px_decode(in, sizeof in - 1, &d, &e) != PX_OK) {
		ok(0, "decode");
		printf("# %s\n", e.msg);
		return;
	}
	is_str(d.text.s, "caf\xC3\xA9\nx", "decoded: Latin-1 and CRLF repaired");
	is_int(px_text_orig(&d.text, 3), 3, "decoded: start of the expanded byte");
	is_int(px_text_orig_end(&d.text, 5), 4, "decoded: end of the expanded byte");
	is_int(px_text_orig(&d.text, 5), 4, "decoded: start of LF -> the CR");
	is_int(px_text_orig_end(&d.text, 6), 6, "decoded: end of LF -> past CRLF");
	is_int(px_text_orig(&d.text, 6), 6, "decoded: 'x' -> 6");
	is_int(px_text_from_orig(&d.text, 6), 6, "decoded: from_orig 'x' -> 6");
	is_int(d.text.anchors[0].t + d.text.anchors[0].o, 0, "decoded: first anchor {0,0}");
	ok(d.text.anchors[d.text.nanchors - 1].t == d.text.len &&
	   d.text.anchors[d.text.nanchors - 1].o == sizeof in - 1, "decoded: last anchor {len, orig_len}");
	px_decoded_free(&d);

	if (px_decode((const unsigned char *)"", 0, &d, &e) != PX_OK) {
		ok(0, "decode empty");
		return;
	}
	is_int(d.text.len, 0, "decoded empty: no text");
	is_int(px_text_orig(&d.text, 0), 0, "decoded empty: start 0 -> 0");
	is_int(px_text_orig_end(&d.text, 0), 0, "decoded empty: end 0 -> 0");
	px_decoded_free(&d);
	is_int(px_text_orig(&d.text, 0), 0, "freed text still answers 0");
}

int main(void)
{
	test_degenerate();
	test_replacements();
	test_property();
	test_decoded();
	return tap_done();
}
