/* rewrite.h - internal: copy a px_text into a new one while keeping the map.
 *
 * Every pass of decode and segment reads an input text and writes an output
 * text; the output's anchors point straight at the original file, so passes
 * compose without a chain of maps. A pass copies the input unchanged
 * (px_rw_copy), replaces some of it (px_rw_replace), or drops it. */
#ifndef PARALLAX_REWRITE_H
#define PARALLAX_REWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "parallax/decode.h"
#include "parallax/sbuf.h"
#include "parallax/text.h"

typedef struct px_rw {
	const char *in;
	size_t in_len;
	const px_anchor *ia; /* input anchors (NULL: identity to original) */
	size_t nia;
	size_t ia_next;      /* first input anchor not yet carried */
	size_t orig_len;
	size_t pos;          /* read position in the input */
	px_sbuf out;
	px_anchor *oa;
	size_t noa, oa_cap;
	/* repairs recorded by the pass (appended to the caller's list) */
	px_repair *rep;
	size_t nrep, rep_cap, nrep_total;
	int nomem;
} px_rw;

/* Start a pass over in (which must outlive the pass). */
void px_rw_init(px_rw *rw, const px_text *in);
/* Start a pass over raw bytes (the original file itself). */
void px_rw_init_bytes(px_rw *rw, const char *bytes, size_t len);
/* Copy n input bytes unchanged. */
void px_rw_copy(px_rw *rw, size_t n);
/* Replace n input bytes by the len bytes at p (len may be 0: a deletion),
 * and record a repair of the given kind unless kind < 0. */
void px_rw_replace(px_rw *rw, size_t n, const void *p, size_t len, int kind);
/* Original offset of input position pos (>= rw->pos), for a start. */
size_t px_rw_orig(px_rw *rw, size_t pos);
/* Record a repair over input [from, to) without changing anything. */
void px_rw_note(px_rw *rw, size_t from, size_t to, int kind);
/* Finish: copy what is left, write the output text. Returns 0, or -1 if
 * memory ran out at any point of the pass (everything is freed then). */
int px_rw_finish(px_rw *rw, px_text *out);
/* Move the pass's repairs onto a list (merge-sorted by original offset). */
int px_rw_take_repairs(px_rw *rw, px_repair **list, size_t *n, size_t *total);
void px_rw_abort(px_rw *rw);

#endif
