/* text.h - clean text with a map back to the original file's bytes.
 *
 * Every transformation of a file (decoding, repairs, reflowing) produces a
 * new px_text whose anchors say where each of its bytes came from. Between
 * two anchors a and b the text is either an exact copy of the original
 * (b.t - a.t == b.o - a.o) or a replacement of original bytes [a.o, b.o) by
 * text bytes [a.t, b.t). Anchors are sorted and monotonic in both
 * coordinates, and only as many as there were changes: an untouched ASCII
 * file has two. */
#ifndef PARALLAX_TEXT_H
#define PARALLAX_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct px_anchor {
	uint32_t t; /* offset in the text */
	uint32_t o; /* offset in the original bytes */
} px_anchor;

typedef struct px_text {
	char *s;             /* valid UTF-8, NUL-terminated, owned */
	size_t len;          /* bytes in s, without the NUL */
	px_anchor *anchors;  /* owned; first is {0,0}, last is {len, orig_len} */
	size_t nanchors;
	size_t orig_len;     /* bytes in the original file */
} px_text;

/* Original offset of the text position t, for a start: a position inside a
 * replacement maps to the replacement's first original byte. */
size_t px_text_orig(const px_text *t, size_t pos);
/* Original offset of the text position t, for an exclusive end: a position
 * inside a replacement maps past the replaced original bytes. */
size_t px_text_orig_end(const px_text *t, size_t pos);
/* px_text_orig (end 0) or px_text_orig_end (end 1), for callers that map
 * many positions in increasing order: *hint (start it at 0) keeps where
 * the last lookup ended, so each costs O(1) instead of a bisection. A
 * position behind the hint is still answered right, by bisection. */
size_t px_text_orig_near(const px_text *t, size_t pos, int end, size_t *hint);
/* Text position of an original offset (the first text byte made from it). */
size_t px_text_from_orig(const px_text *t, size_t orig);

void px_text_free(px_text *t);

/* A hash of n and of samples of s[0..n): enough to tell most different
 * texts apart without reading all of every one, for finding a file a
 * dossier holds twice; equal hashes are then compared in full (memcmp is
 * several times faster than hashing). The samples are the first bytes,
 * 16 words spread over the text and its last 64 bytes whole: a copy that
 * differs from another by a line added at the end (a footer, an archive
 * note with a number) must not meet it here, as every such pair would
 * cost a full compare, and a text saved many times so would cost as many
 * compares as pairs. */
uint64_t px_text_sample_hash(const char *s, size_t n);

#endif
