/* clean.h - reader mode: label blocks, find the article's structure,
 * split aggregate pages, flag wire copies.
 *
 * Stripping is a view: blocks keep their text, reader mode only sets each
 * block's label, score and reason, and the articles' metadata. */
#ifndef PARALLAX_CLEAN_H
#define PARALLAX_CLEAN_H

#include <stddef.h>
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
void px_rules_free(px_rules *r);

/* Reader mode over one doc: labels its blocks and replaces its articles
 * (one, or several for an aggregate page) with their metadata. Reasons
 * point into r, which must outlive the dossier's use of them. */
px_status px_clean_doc(px_dossier *d, size_t doc, const px_rules *r, px_error *err);

/* Every doc, then the wire-copy pass over all articles. */
px_status px_clean_dossier(px_dossier *d, const px_rules *r, px_error *err);

/* Flag articles whose bodies largely overlap (wire copies): sets wire_of
 * and wire_overlap. Near-linear (MinHash/shingle buckets), not pairwise. */
px_status px_clean_wire(px_dossier *d, px_error *err);

#endif
