/* test_screen_analysis.c - the reader's background analysis
 * (src/ui/analysis.c): reader mode on the worker's shadow, swapped into
 * the shown dossier, must give what px_clean_dossier gives on the same
 * files, block for block and article for article; the actors follow, with
 * indices that fit the swapped-in articles. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "tap.h"

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void nap(void)
{
	struct timespec ts = {0, 5000000};
	nanosleep(&ts, NULL);
}

int main(void)
{
	const char *datadir = getenv("PARALLAX_DATADIR");
	if (!datadir) {
		printf("1..0 # SKIP PARALLAX_DATADIR is not set\n");
		return 77;
	}
	char samples[1024];
	snprintf(samples, sizeof samples, "%s/samples", datadir);
	const char *paths[1] = {samples};
	px_dossier a, b;
	px_error err;
	px_dossier_init(&a);
	px_dossier_init(&b);
	ok(px_dossier_load(&a, paths, 1, &err) == PX_OK && a.ndocs >= 5, "load the samples");
	ok(px_dossier_load(&b, paths, 1, &err) == PX_OK && b.ndocs == a.ndocs, "twice");
	px_rules *rules = NULL;
	ok(px_rules_load(&rules, datadir, NULL, NULL, NULL, &err) == PX_OK, "load the rules");
	ok(px_clean_dossier(&b, rules, &err) == PX_OK, "reader mode, the dossier-wide way");

	ui_analysis *an = analysis_start(&a, datadir, NULL);
	ok(an != NULL, "the worker starts");
	if (!an)
		return tap_done();
	int took = 0;
	for (int i = 0; i < 4000 && took == 0; i++) {
		took = analysis_take_clean(an, &a);
		if (!took)
			nap();
	}
	ok(took == 1, "reader mode's results are taken");
	is_int(a.narts, b.narts, "the same number of articles");
	int arts_same = a.narts == b.narts;
	for (size_t i = 0; arts_same && i < a.narts; i++) {
		const px_article *x = &a.arts[i], *y = &b.arts[i];
		arts_same = x->doc == y->doc && x->block_first == y->block_first &&
		            x->block_end == y->block_end && x->part == y->part &&
		            x->nparts == y->nparts && x->wire_of == y->wire_of &&
		            x->low_confidence == y->low_confidence &&
		            same_str(x->title, y->title) && same_str(x->outlet, y->outlet) &&
		            same_str(x->date, y->date) && same_str(x->byline, y->byline) &&
		            same_str(x->url, y->url);
		if (!arts_same)
			printf("# article %zu differs\n", i);
	}
	ok(arts_same, "the same articles: ranges, parts, wire copies, metadata");
	int blocks_same = 1;
	size_t stripped = 0;
	for (size_t d = 0; d < a.ndocs; d++)
		for (size_t k = 0; k < a.docs[d].nblocks; k++) {
			const px_block *x = &a.docs[d].blocks[k], *y = &b.docs[d].blocks[k];
			blocks_same &= x->label == y->label && same_str(x->reason, y->reason);
			stripped += x->label == PX_LABEL_BOILERPLATE;
		}
	ok(blocks_same, "the same label and reason for every block");
	ok(stripped > 0, "and some blocks were stripped (the test means something)");

	px_actors *ac = NULL;
	for (int i = 0; i < 4000 && !ac; i++)
		if (!analysis_take_actors(an, &ac))
			nap();
	ok(ac != NULL && ac->n > 0, "the actors are handed over");
	int fit = ac != NULL;
	for (size_t i = 0; ac && i < ac->nm; i++) {
		const px_mention *m = &ac->m[i];
		fit &= m->art < a.narts && a.arts[m->art].doc == m->doc &&
		       m->end <= a.docs[m->doc].text.len;
	}
	ok(fit, "every mention's article and doc fit the swapped-in dossier");
	analysis_free(an);
	px_actors_free(ac);
	px_dossier_free(&a);
	px_dossier_free(&b);
	px_rules_free(rules);
	return tap_done();
}
