/* search.h - the user's search patterns: compile once, find every hit.
 *
 * A query is a PCRE2 pattern (8-bit, UTF and UCP mode, JIT when the
 * platform has it) or, in literal mode, a plain string. Case follows the
 * smart-case rule: a pattern with no upper-case letter matches caselessly,
 * one with an upper-case letter (not counting the letter after a backslash
 * in regex mode, as in \S or \W) matches case-sensitively.
 *
 * Every match runs under a match limit and a depth limit, so a
 * pathological pattern (nested quantifiers over a long paragraph) stops
 * with PX_ERR_LIMIT instead of freezing its caller. Empty matches are never
 * reported (a pattern like "x*" highlights its non-empty hits only).
 *
 * A query owns its match data: one query serves one thread at a time. */
#ifndef PARALLAX_SEARCH_H
#define PARALLAX_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/dossier.h"
#include "parallax/error.h"

enum {
	PX_SEARCH_LITERAL = 1 << 0, /* the pattern is a plain string */
	PX_SEARCH_ICASE = 1 << 1,   /* caseless whatever the smart-case rule says */
	PX_SEARCH_CASE = 1 << 2     /* case-sensitive whatever the rule says */
};

/* Default limits: enough for any sane pattern over a long paragraph, low
 * enough that a runaway one stops within tens of milliseconds (PCRE2's JIT
 * spends far more time per unit of its match limit than the interpreter). */
#define PX_SEARCH_MATCH_LIMIT 100000u
#define PX_SEARCH_DEPTH_LIMIT 20000u

typedef struct px_search px_search;

typedef struct px_hit {
	uint32_t start, end; /* bytes in the searched text (plus base) */
} px_hit;

/* A growable list of hits; owned by whoever holds it (px_hits_free). */
typedef struct px_hits {
	px_hit *v;
	size_t n, cap;
	int truncated; /* more hits than PX_SEARCH_MAX_HITS: the rest dropped */
} px_hits;

/* Hits kept per call of px_search_block/px_search_article. */
#define PX_SEARCH_MAX_HITS 1000000u

void px_hits_free(px_hits *h);

/* Compile pattern[0..len) with PX_SEARCH_* flags. A bad regex fails with
 * PX_ERR_INVALID and a message naming the offset ("missing ) at 4"). An
 * empty pattern is invalid too. *out is owned by the caller. */
px_status px_search_new(px_search **out, const char *pattern, size_t len,
                        unsigned flags, px_error *err);
void px_search_free(px_search *q);


/* Match limits for this query (0 keeps the default). For tests. */
void px_search_set_limits(px_search *q, uint32_t match, uint32_t depth);

/* Append every non-overlapping, non-empty hit in s[0..len) to h, with
 * base added to each offset. PX_ERR_LIMIT when a match hit a limit (the
 * hits found before it are kept), PX_ERR_NOMEM. */
px_status px_search_block(px_search *q, const char *s, size_t len, size_t base,
                          px_hits *h, px_error *err);

/* Every hit in the blocks of article art of d, block by block (a hit
 * never spans two blocks; ^ and $ anchor at a block's ends). Blocks
 * labelled boilerplate are searched only when with_stripped is set.
 * Offsets are the doc's reading-text offsets, in order. */
px_status px_search_article(px_search *q, const px_dossier *d, size_t art,
                            int with_stripped, px_hits *h, px_error *err);

/* The number of hits in article art (same rules as px_search_article),
 * without storing them; stops counting at max (0: no cap). */
px_status px_search_count(px_search *q, const px_dossier *d, size_t art,
                          int with_stripped, size_t max, size_t *count,
                          px_error *err);

#endif
