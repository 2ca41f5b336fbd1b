/* clean.h - reader mode: label blocks, find the article's structure,
 * split aggregate pages, flag wire copies.
 *
 * Stripping is a view: blocks keep their text, reader mode only sets each
 * block's label, score and reason, and the articles' metadata. */
#ifndef PARALLAX_CLEAN_H
#define PARALLAX_CLEAN_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/dossier.h"
#include "parallax/error.h"

/* The compiled boilerplate rules and the stop-word lists. Read-only once
 * loaded: one set may serve several threads. */
typedef struct px_rules px_rules;

/* Called for every problem met while loading (a bad pattern, an unknown
 * label, a file that cannot be read), with "file:line: message". */
typedef void (*px_rules_diag_fn)(void *ctx, const char *msg);

/* Load datadir/rules/ and datadir/stopwords/, then the user's files of the
 * same form under userdir/rules/ (userdir may be NULL). Bad entries are
 * reported through diag and skipped; the call fails only when memory runs
 * out or nothing at all could be loaded. */
px_status px_rules_load(px_rules **out, const char *datadir, const char *userdir,
                        px_rules_diag_fn diag, void *ctx, px_error *err);
/* The same, keeping what checking each pattern learnt in the file cache
 * (NULL: no cache) for the next run: a pattern already there is not
 * compiled and probed again, which is most of the cost of loading. The
 * rule set is the same either way; a cache that cannot be read or
 * written is ignored. */
px_status px_rules_load_cached(px_rules **out, const char *datadir, const char *userdir,
                               const char *cache, px_rules_diag_fn diag, void *ctx,
                               px_error *err);
void px_rules_free(px_rules *r);

/* Reader mode over one doc: labels its blocks and replaces its articles
 * (one, or several for an aggregate page) with their metadata. Reasons
 * point into r, which must outlive the dossier's use of them. */
px_status px_clean_doc(px_dossier *d, size_t doc, const px_rules *r, px_error *err);

/* Called by px_clean_docs after each doc, from whichever thread cleaned it
 * (a doc equal to an earlier one, whose results are copied, after the
 * others: the count then catches up at the end); a non-zero return
 * cancels the pass. */
typedef int (*px_clean_progress_fn)(void *ctx);

/* Reader mode over every doc, on every core (PARALLAX_THREADS), without the
 * wire-copy pass. The articles are replaced in one go (pointers into the
 * old array go stale) only when every doc is done: a cancelled pass
 * (PX_ERR_LIMIT) or a failed one (PX_ERR_NOMEM) leaves them as they were. */
px_status px_clean_docs(px_dossier *d, const px_rules *r,
                        px_clean_progress_fn progress, void *ctx, px_error *err);

/* Every doc, then the wire-copy pass over all articles. */
px_status px_clean_dossier(px_dossier *d, const px_rules *r, px_error *err);

/* Flag articles whose bodies largely overlap (wire copies): sets wire_of
 * and wire_overlap. Near-linear (MinHash/shingle buckets), not pairwise. */
px_status px_clean_wire(px_dossier *d, px_error *err);

/* The classifier's features of one block, for reader mode and its tests. */
typedef struct px_clean_features {
	uint32_t bytes, chars;   /* length in bytes and code points */
	uint32_t words;          /* blank-separated tokens with a letter or digit */
	uint32_t stops;          /* stop words of the doc's language (set by
	                            px_clean_doc; px_clean_measure leaves 0) */
	uint32_t stopmask_words; /* words that are stop words in some language */
	uint32_t caps;           /* words that start with a capital */
	uint32_t upper;          /* words in capitals only (ASCII): "SAYS" */
	uint32_t numbers;        /* words that start with a digit */
	uint32_t links;          /* URLs, www. names, e-mail addresses */
	uint32_t gaps;           /* runs of two blanks or more between words:
	                            the columns of a text table */
	uint8_t terminal;        /* ends like a sentence (. ! ? ...) */
	uint8_t bullet;          /* starts with a list marker */
} px_clean_features;

/* Measure text[0..len) into *f; lang_hits[l] (PX_RULES_MAX_LANGS entries,
 * see rules.h) grows by the block's stop words of language l. r may be
 * NULL (no stop words). */
void px_clean_measure(const px_rules *r, const char *text, size_t len,
                      px_clean_features *f, uint32_t *lang_hits);

/* The classifier's figure for a block, 0..1: stop-word density against the
 * prose threshold, scaled by length, link density and sentence ending.
 * Shown as the block's score. */
float px_clean_prose_score(const px_clean_features *f);

#endif
