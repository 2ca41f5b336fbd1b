/* test_coverage.c - an actor's mentions counted per outlet: a hand-made
 * index with known counts, then the samples through reader mode and the
 * actor engine, where the per-outlet counts must add up to the index's. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/coverage.h"
#include "parallax/dossier.h"
#include "parallax/rules.h"
#include "tap.h"

static void test_counts(void)
{
	/* four articles: two from one outlet spelled two ways, one from AFP,
	 * one whose outlet reader mode did not find */
	px_article arts[4];
	memset(arts, 0, sizeof arts);
	arts[0].outlet = "Reuters";
	arts[1].outlet = "REUTERS";
	arts[2].outlet = "AFP";
	arts[3].outlet = NULL;
	px_dossier d;
	px_dossier_init(&d);
	d.arts = arts;
	d.narts = 4;
	/* actor 0 named twice in article 0, once in each other; actor 1 never */
	px_mention m[5] = {
		{0, 0, 0, 5, 0}, {0, 0, 10, 15, 0}, {1, 1, 0, 5, 0}, {2, 2, 0, 5, 0}, {3, 3, 0, 5, 0},
	};
	uint32_t idx[5] = {0, 1, 2, 3, 4};
	px_actor v[2];
	memset(v, 0, sizeof v);
	v[0].mentions = idx;
	v[0].nmentions = 5;
	px_actors a = {v, 2, m, 5};
	px_coverage *c;
	px_error e;
	if (!ok(px_coverage_build(&d, &a, &c, &e) == PX_OK, "coverage of a hand-made index"))
		return;
	ok(c->noutlets == 3 && !strcmp(c->outlets[0], PX_OUTLET_UNKNOWN) &&
	   !strcmp(c->outlets[1], "AFP") && !strcmp(c->outlets[2], "Reuters"),
	   "outlets: caseless ones merged, spelled as first seen, sorted, the unknown named");
	ok(c->art_outlet[0] == 2 && c->art_outlet[1] == 2 && c->art_outlet[3] == 0,
	   "each article points at its outlet");
	size_t n;
	const px_outlet_count *oc = px_coverage_of(c, 0, &n);
	ok(n == 3 && oc[0].outlet == 2 && oc[0].mentions == 3 && oc[0].articles == 2,
	   "the outlet with most mentions first: 3 mentions in 2 articles");
	ok(n == 3 && oc[1].outlet == 0 && oc[1].mentions == 1 && oc[2].outlet == 1 &&
	   oc[2].articles == 1, "ties in outlet order");
	ok(px_coverage_of(c, 1, &n) == NULL && n == 0, "an actor never named: no counts");
	ok(px_coverage_of(c, 7, &n) == NULL && n == 0, "an actor out of range: no counts");
	px_coverage_free(c);
}

/* The samples, cleaned and indexed: per actor, the outlets' mentions add up
 * to its mentions and their articles to its sources. */
static void test_samples(void)
{
	px_dossier d;
	px_dossier_init(&d);
	px_error e;
	const char *paths[] = {PX_SRCDIR "/share/parallax/samples"};
	px_rules *rules = NULL;
	px_lexicon *lx = NULL;
	px_actors *a = NULL;
	px_coverage *c = NULL;
	if (!ok(px_dossier_load(&d, paths, 1, &e) == PX_OK && d.narts > 0, "load the samples") ||
	    !ok(px_rules_load(&rules, PX_SRCDIR "/share/parallax", NULL, NULL, NULL, &e) == PX_OK &&
	        px_clean_dossier(&d, rules, &e) == PX_OK, "reader mode") ||
	    !ok(px_lexicon_load(&lx, PX_SRCDIR "/share/parallax", NULL, NULL, NULL, &e) == PX_OK &&
	        px_actors_build(&d, lx, &a, &e) == PX_OK && a->n > 0, "actors") ||
	    !ok(px_coverage_build(&d, a, &c, &e) == PX_OK, "coverage"))
		goto out;
	int sums = 1, sorted = 1, named = 0;
	for (uint32_t i = 0; i < a->n; i++) {
		size_t n, men = 0, arts = 0;
		const px_outlet_count *oc = px_coverage_of(c, i, &n);
		for (size_t k = 0; k < n; k++) {
			men += oc[k].mentions;
			arts += oc[k].articles;
			if (k && oc[k].mentions > oc[k - 1].mentions)
				sorted = 0;
			if (strcmp(c->outlets[oc[k].outlet], PX_OUTLET_UNKNOWN) != 0)
				named = 1;
		}
		if (men != a->v[i].nmentions || arts != a->v[i].nsources)
			sums = 0;
	}
	ok(sums, "per actor: outlets' mentions add up to its mentions, their articles to its sources");
	ok(sorted, "per actor: most mentions first");
	ok(named && c->noutlets > 1, "the samples' outlets are named (reader mode found them)");
out:
	px_coverage_free(c);
	px_actors_free(a);
	px_lexicon_free(lx);
	px_dossier_free(&d);
	px_rules_free(rules);
}

int main(void)
{
	test_counts();
	test_samples();
	return tap_done();
}
