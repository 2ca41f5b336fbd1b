/* fuzz_actors.c - libFuzzer target: reader mode, then actors with the
 * shipped gazetteer and cues, over a dossier made of the input (cut at
 * form feeds into up to four files). Checks: no crash, leak or runaway;
 * every mention inside its doc's reading text, in reading order, naming a
 * real actor; each actor's mention list consistent; names inert UTF-8; the
 * jumps (next mention, next source) stay in range. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_split.h"
#include "parallax/actors.h"
#include "parallax/clean.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_rules *rules;
static px_lexicon *lexicon;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	px_error e;
	if (px_rules_load(&rules, fuzz_datadir(), NULL, fuzz_diag, NULL, &e) != PX_OK ||
	    px_lexicon_load(&lexicon, fuzz_datadir(), NULL, fuzz_diag, NULL, &e) != PX_OK) {
		fprintf(stderr, "fuzz_actors: cannot load the data: %s\n", e.msg);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	px_dossier d;
	px_dossier_init(&d);
	fuzz_load_split(&d, data, size);
	px_error e;
	FUZZ_ASSERT(px_clean_dossier(&d, rules, &e) == PX_OK);
	px_actors *a = NULL;
	FUZZ_ASSERT(px_actors_build(&d, lexicon, &a, &e) == PX_OK);
	for (size_t i = 0; i < a->nm; i++) {
		const px_mention *m = &a->m[i];
		FUZZ_ASSERT(m->doc < d.ndocs && m->art < d.narts && m->actor < a->n);
		FUZZ_ASSERT(m->start < m->end && m->end <= d.docs[m->doc].text.len);
		FUZZ_ASSERT(i == 0 || a->m[i - 1].doc < m->doc ||
		            (a->m[i - 1].doc == m->doc && a->m[i - 1].start <= m->start));
		FUZZ_ASSERT(px_actors_mention_at(a, m->doc, m->start) >= 0);
		long nx = px_actors_next(a, i, 1), pv = px_actors_next(a, i, -1);
		FUZZ_ASSERT(nx >= -1 && nx < (long)a->nm && pv >= -1 && pv < (long)a->nm);
		FUZZ_ASSERT(nx < 0 || a->m[nx].actor == m->actor);
		long ns = px_actors_next_source(a, i, 1);
		FUZZ_ASSERT(ns >= -1 && ns < (long)a->nm);
	}
	size_t total = 0;
	for (size_t k = 0; k < a->n; k++) {
		const px_actor *ac = &a->v[k];
		fuzz_check_str(ac->name);
		FUZZ_ASSERT(ac->kind <= PX_ACTOR_OTHER);
		FUZZ_ASSERT(k == 0 || a->v[k - 1].nmentions >= ac->nmentions);
		for (size_t j = 0; j < ac->nmentions; j++) {
			FUZZ_ASSERT(ac->mentions[j] < a->nm);
			FUZZ_ASSERT(a->m[ac->mentions[j]].actor == k);
		}
		for (size_t j = 0; j < ac->nvariants; j++)
			fuzz_check_str(ac->variants[j].surface);
		total += ac->nmentions;
	}
	FUZZ_ASSERT(total == a->nm);
	px_actors_free(a);
	px_dossier_free(&d);
	return 0;
}
