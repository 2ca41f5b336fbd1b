/* dossier.c - loading inputs into the model. */
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/dossier.h"
#include "parallax/source.h"

void px_dossier_init(px_dossier *d)
{
	memset(d, 0, sizeof *d);
	d->max_bytes = PX_SOURCE_DEFAULT_MAX;
}

void px_article_clear(px_article *a)
{
	px_free(a->title);
	px_free(a->byline);
	px_free(a->date);
	px_free(a->outlet);
	px_free(a->url);
	a->title = a->byline = a->date = a->outlet = a->url = NULL;
}

static void doc_free(px_doc *doc)
{
	px_free(doc->path);
	px_text_free(&doc->text);
	px_free(doc->blocks);
	px_free(doc->repairs);
}

void px_dossier_free(px_dossier *d)
{
	for (size_t i = 0; i < d->ndocs; i++)
		doc_free(&d->docs[i]);
	for (size_t i = 0; i < d->narts; i++)
		px_article_clear(&d->arts[i]);
	for (size_t i = 0; i < d->ndiags; i++) {
		px_free(d->diags[i].path);
		px_free(d->diags[i].msg);
	}
	px_free(d->docs);
	px_free(d->arts);
	px_free(d->diags);
	px_dossier_init(d);
}

px_status px_dossier_diag(px_dossier *d, const char *path, px_status status,
                          const char *msg)
{
	if (px_grow((void **)&d->diags, &d->diags_cap, d->ndiags + 1, sizeof *d->diags) < 0)
		return PX_ERR_NOMEM;
	px_diag *g = &d->diags[d->ndiags];
	g->path = px_strdup(path);
	g->msg = px_strdup(msg);
	g->status = status;
	if (!g->path || !g->msg) {
		px_free(g->path);
		px_free(g->msg);
		return PX_ERR_NOMEM;
	}
	d->ndiags++;
	return PX_OK;
}

px_status px_dossier_add_bytes(px_dossier *d, const char *name,
                               const unsigned char *bytes, size_t len,
                               px_error *err)
{
	if (px_source_is_binary(bytes, len))
		return px_error_set(err, PX_ERR_BINARY, "binary file (not text); skipped");
	if (px_grow((void **)&d->docs, &d->docs_cap, d->ndocs + 1, sizeof *d->docs) < 0 ||
	    px_grow((void **)&d->arts, &d->arts_cap, d->narts + 1, sizeof *d->arts) < 0)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	px_decoded dec;
	px_status s = px_decode(bytes, len, &dec, err);
	if (s != PX_OK)
		return s;
	px_doc doc;
	memset(&doc, 0, sizeof doc);
	s = px_segment(&dec.text, &doc.text, &doc.blocks, &doc.nblocks, err);
	px_text_free(&dec.text);
	if (s != PX_OK) {
		px_free(dec.repairs);
		return s;
	}
	doc.repairs = dec.repairs;
	doc.nrepairs = dec.nrepairs;
	doc.nrepairs_total = dec.nrepairs_total;
	doc.charset = dec.charset;
	doc.path = px_strdup(name);
	if (!doc.path) {
		doc_free(&doc);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	px_article *a = &d->arts[d->narts++];
	memset(a, 0, sizeof *a);
	a->doc = d->ndocs;
	a->block_first = 0;
	a->block_end = (uint32_t)doc.nblocks;
	a->part = a->nparts = 1;
	a->wire_of = -1;
	d->docs[d->ndocs++] = doc;
	return PX_OK;
}

typedef struct skip_ctx {
	px_dossier *d;
	int nomem;
} skip_ctx;

static void on_skip(void *ctx, const char *path, px_status why, const char *msg)
{
	skip_ctx *c = ctx;
	if (px_dossier_diag(c->d, path, why, msg) != PX_OK)
		c->nomem = 1;
}

px_status px_dossier_load(px_dossier *d, const char *const *paths, size_t n,
                          px_error *err)
{
	px_pathlist list = {0};
	skip_ctx sc = {d, 0};
	px_status s = PX_OK;
	for (size_t i = 0; i < n && s == PX_OK; i++)
		s = px_paths_expand(&list, paths[i], on_skip, &sc, err);
	for (size_t i = 0; i < list.n && s == PX_OK && !sc.nomem; i++) {
		unsigned char *bytes = NULL;
		size_t len = 0;
		px_error e = {0};
		px_status r = px_source_read(list.v[i], d->max_bytes, &bytes, &len, &e);
		if (r == PX_OK) {
			r = px_dossier_add_bytes(d, list.v[i], bytes, len, &e);
			px_free(bytes);
		}
		if (r == PX_ERR_NOMEM)
			s = px_error_set(err, PX_ERR_NOMEM, "%s", e.msg);
		else if (r != PX_OK && px_dossier_diag(d, list.v[i], r, e.msg) != PX_OK)
			sc.nomem = 1;
	}
	px_pathlist_free(&list);
	if (sc.nomem && s == PX_OK)
		s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
	return s;
}

px_status px_dossier_set_articles(px_dossier *d, size_t doc,
                                  const px_article *arts, size_t n)
{
	/* the doc's articles are contiguous: find them */
	size_t first = d->narts, end = d->narts;
	for (size_t i = 0; i < d->narts; i++)
		if (d->arts[i].doc == doc) {
			if (first == d->narts)
				first = i;
			end = i + 1;
		}
	if (first == d->narts)
		first = end = d->narts;
	size_t old = end - first;
	if (n > old && px_grow((void **)&d->arts, &d->arts_cap, d->narts + n - old,
	                       sizeof *d->arts) < 0)
		return PX_ERR_NOMEM;
	for (size_t i = first; i < end; i++)
		px_article_clear(&d->arts[i]);
	memmove(&d->arts[first + n], &d->arts[end], (d->narts - end) * sizeof *d->arts);
	memcpy(&d->arts[first], arts, n * sizeof *arts);
	d->narts = d->narts - old + n;
	return PX_OK;
}
