/* segment.h - clean text to blocks (paragraphs), hard-wrapped text reflowed.
 *
 * The result is a new px_text, the reading text, in which every block is one
 * line: its source lines are joined with one space (a line ending in a
 * hyphen is joined without one), their leading and trailing blanks dropped.
 * Blocks are separated by '\n'. Real short lines (headings, list items,
 * menu entries) stay blocks of their own; a hard-wrapped paragraph, with or
 * without blank lines around it, becomes one block. */
#ifndef PARALLAX_SEGMENT_H
#define PARALLAX_SEGMENT_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/error.h"
#include "parallax/text.h"

typedef enum px_label {
	PX_LABEL_BODY = 0,
	PX_LABEL_TITLE,
	PX_LABEL_STANDFIRST,
	PX_LABEL_BYLINE,
	PX_LABEL_DATELINE,
	PX_LABEL_HEADING,
	PX_LABEL_QUOTE,
	PX_LABEL_CAPTION,
	PX_LABEL_CREDIT,
	PX_LABEL_URL,
	PX_LABEL_BOILERPLATE,
	PX_LABEL_COUNT
} px_label;

const char *px_label_name(px_label label);
/* The label named s, or -1. */
int px_label_parse(const char *s);

enum {
	PX_BLOCK_BULLET = 1 << 0,  /* starts with a list marker */
	PX_BLOCK_WRAPPED = 1 << 1, /* several source lines were joined */
	PX_BLOCK_INDENTED = 1 << 2 /* first line indented */
};

typedef struct px_block {
	uint32_t start, end;   /* bytes in the reading text; no '\n' inside */
	uint32_t line;         /* first source line, 1-based */
	uint32_t nlines;       /* source lines joined into it */
	uint8_t indent;        /* leading columns of the first line (capped) */
	uint8_t blank_before;  /* blank lines before it (capped at 255) */
	uint8_t flags;         /* PX_BLOCK_* */
	uint8_t label;         /* px_label, set by reader mode; BODY before */
	float score;           /* classifier score, when the classifier decided */
	const char *reason;    /* why the label: a rule name or a classifier
	                          summary; static or owned by the rule set */
} px_block;

/* Segment text (LF line ends, as decode makes it) into *out (the reading
 * text, mapped to the same original bytes as text) and *blocks (owned by
 * the caller, px_free). */
px_status px_segment(const px_text *text, px_text *out, px_block **blocks,
                     size_t *nblocks, px_error *err);

#endif
