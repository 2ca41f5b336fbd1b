/* coverage.c - an actor's mentions counted per outlet. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parallax/alloc.h"
#include "parallax/coverage.h"

/* An article and its outlet's name, for grouping the names. */
typedef struct art_name {
	const char *name;
	uint32_t art;
} art_name;

static int name_cmp(const void *x, const void *y)
{
	const art_name *a = x, *b = y;
	int c = strcasecmp(a->name, b->name);
	/* ties by article: the first seen spelling names the outlet */
	return c ? c : (a->art > b->art) - (a->art < b->art);
}

/* The outlets: the distinct names of d's articles, in ASCII caseless order,
 * each article pointing at its own. */
static px_status group_outlets(const px_dossier *d, px_coverage *c, px_error *err)
{
	c->narts = d->narts;
	art_name *v = d->narts ? px_malloc(d->narts * sizeof *v) : NULL;
	c->art_outlet = px_calloc(d->narts ? d->narts : 1, sizeof *c->art_outlet);
	if ((d->narts && !v) || !c->art_outlet) {
		px_free(v);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < d->narts; i++) {
		const char *o = d->arts[i].outlet;
		v[i].name = o && *o ? o : PX_OUTLET_UNKNOWN;
		v[i].art = (uint32_t)i;
	}
	if (d->narts > 1)
		qsort(v, d->narts, sizeof *v, name_cmp);
	px_status s = PX_OK;
	size_t cap = 0;
	for (size_t i = 0; i < d->narts && s == PX_OK; i++) {
		/* a new outlet where the caseless name changes; its spelling is
		 * the first article's */
		if (i == 0 || strcasecmp(v[i].name, v[i - 1].name) != 0) {
			char *name = px_strdup(v[i].name);
			if (!name || px_grow((void **)&c->outlets, &cap, c->noutlets + 1,
			                     sizeof *c->outlets) < 0) {
				px_free(name);
				s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
				break;
			}
			c->outlets[c->noutlets++] = name;
		}
		c->art_outlet[v[i].art] = (uint32_t)(c->noutlets - 1);
	}
	px_free(v);
	return s;
}

/* Order of one actor's counts: most mentions first, then the outlet's
 * place in the sorted list (its name). */
static int count_cmp(const void *x, const void *y)
{
	const px_outlet_count *a = x, *b = y;
	if (a->mentions != b->mentions)
		return a->mentions < b->mentions ? 1 : -1;
	return (a->outlet > b->outlet) - (a->outlet < b->outlet);
}

px_status px_coverage_build(const px_dossier *d, const px_actors *a,
                            px_coverage **out, px_error *err)
{
	*out = NULL;
	px_coverage *c = px_calloc(1, sizeof *c);
	if (!c)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	px_status s = group_outlets(d, c, err);
	c->nactors = a->n;
	c->first = px_calloc(a->n + 1, sizeof *c->first);
	/* per outlet, while one actor is counted: its tallies, the last
	 * article counted (mentions come in reading order, so an article's
	 * mentions are consecutive) and which outlets were touched */
	uint32_t *mentions = px_calloc(c->noutlets + 1, sizeof *mentions);
	uint32_t *articles = px_calloc(c->noutlets + 1, sizeof *articles);
	uint32_t *last = px_malloc((c->noutlets + 1) * sizeof *last);
	uint32_t *touched = px_malloc((c->noutlets + 1) * sizeof *touched);
	if (s == PX_OK && (!c->first || !mentions || !articles || !last || !touched))
		s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
	size_t cap = 0, nc = 0;
	if (s == PX_OK)
		memset(last, 0xFF, (c->noutlets + 1) * sizeof *last);
	for (size_t i = 0; i < a->n && s == PX_OK; i++) {
		const px_actor *ac = &a->v[i];
		size_t nt = 0;
		for (size_t k = 0; k < ac->nmentions; k++) {
			const px_mention *m = &a->m[ac->mentions[k]];
			if (m->art >= c->narts)
				continue; /* not an article of d: a caller's mismatch */
			uint32_t o = c->art_outlet[m->art];
			if (mentions[o] == 0)
				touched[nt++] = o;
			mentions[o]++;
			if (last[o] != m->art) {
				last[o] = m->art;
				articles[o]++;
			}
		}
		if (px_grow((void **)&c->c, &cap, nc + nt, sizeof *c->c) < 0) {
			s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
			break;
		}
		c->first[i] = nc;
		for (size_t t = 0; t < nt; t++) {
			uint32_t o = touched[t];
			c->c[nc++] = (px_outlet_count){o, mentions[o], articles[o]};
			mentions[o] = articles[o] = 0;
			last[o] = UINT32_MAX;
		}
		if (nt > 1)
			qsort(c->c + c->first[i], nt, sizeof *c->c, count_cmp);
	}
	if (s == PX_OK)
		c->first[a->n] = nc;
	px_free(mentions);
	px_free(articles);
	px_free(last);
	px_free(touched);
	if (s != PX_OK) {
		px_coverage_free(c);
		return s;
	}
	*out = c;
	return PX_OK;
}

void px_coverage_free(px_coverage *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->noutlets; i++)
		px_free(c->outlets[i]);
	px_free(c->outlets);
	px_free(c->art_outlet);
	px_free(c->first);
	px_free(c->c);
	px_free(c);
}

const px_outlet_count *px_coverage_of(const px_coverage *c, uint32_t actor, size_t *n)
{
	if (!c || actor >= c->nactors) {
		*n = 0;
		return NULL;
	}
	*n = c->first[actor + 1] - c->first[actor];
	return *n ? c->c + c->first[actor] : NULL;
}
