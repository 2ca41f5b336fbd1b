/* dossier.h - the model every client reads: files, their blocks, articles.
 *
 * A px_doc is one input file, decoded and segmented. A px_article is a view
 * over a range of a doc's blocks: one per file, until reader mode splits an
 * aggregate page into several. Diagnostics say which inputs were skipped
 * and why; loading goes on past them. */
#ifndef PARALLAX_DOSSIER_H
#define PARALLAX_DOSSIER_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/decode.h"
#include "parallax/error.h"
#include "parallax/segment.h"
#include "parallax/text.h"

typedef struct px_doc {
	char *path;          /* as the user gave it ("-" for stdin); owned */
	px_text text;        /* reading text: one block per line */
	px_block *blocks;    /* owned */
	size_t nblocks;
	px_repair *repairs;  /* owned; original offsets */
	size_t nrepairs, nrepairs_total;
	px_charset charset;
	int html;            /* read as a saved web page (its markup dropped) */
} px_doc;

typedef struct px_article {
	size_t doc;                      /* index into px_dossier.docs */
	uint32_t block_first, block_end; /* the doc's blocks [first, end) */
	/* Metadata found by reader mode; owned, NULL when unknown. */
	char *title, *byline, *date, *outlet, *url;
	int part, nparts;       /* 1-based part of an aggregate page; nparts 1 if not */
	int low_confidence;     /* reader mode kept more than it wanted to */
	long wire_of;           /* index of the article this one copies, or -1 */
	float wire_overlap;     /* share of shingles shared with it */
} px_article;

typedef struct px_diag {
	char *path;       /* owned */
	px_status status;
	char *msg;        /* owned; one line, no path */
} px_diag;

typedef struct px_dossier {
	px_doc *docs;
	size_t ndocs, docs_cap;
	px_article *arts;
	size_t narts, arts_cap;
	px_diag *diags;
	size_t ndiags, diags_cap;
	size_t max_bytes; /* per-file cap; PX_SOURCE_DEFAULT_MAX after init */
} px_dossier;

void px_dossier_init(px_dossier *d);
void px_dossier_free(px_dossier *d);

/* Load every path (files, directories, "-"). Inputs that cannot be read
 * become diagnostics; the call fails only when memory runs out. */
px_status px_dossier_load(px_dossier *d, const char *const *paths, size_t n,
                          px_error *err);

/* Decode and segment one file's bytes (copied) as a new doc with one
 * article. Binary data is refused with PX_ERR_BINARY. */
px_status px_dossier_add_bytes(px_dossier *d, const char *name,
                               const unsigned char *bytes, size_t len,
                               px_error *err);

/* Record a diagnostic; PX_ERR_NOMEM if that failed. */
px_status px_dossier_diag(px_dossier *d, const char *path, px_status status,
                          const char *msg);

/* Replace the articles of doc with n new ones (copied; their owned strings
 * are taken over). Used by reader mode to split aggregates. */
px_status px_dossier_set_articles(px_dossier *d, size_t doc,
                                  const px_article *arts, size_t n);

void px_article_clear(px_article *a);
/* *to = *from with copies of its own of the metadata strings. 0, or -1
 * when memory ran out (*to then holds those copied so far, which
 * px_article_clear frees). */
int px_article_copy(px_article *to, const px_article *from);

/* The text of block i of doc (not NUL-terminated; *len bytes). */
static inline const char *px_doc_block(const px_doc *doc, size_t i, size_t *len)
{
	*len = doc->blocks[i].end - doc->blocks[i].start;
	return doc->text.s + doc->blocks[i].start;
}

#endif
