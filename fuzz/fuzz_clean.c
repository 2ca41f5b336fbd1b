/* fuzz_clean.c - libFuzzer target: reader mode with the shipped rules over
 * a dossier made of the input (cut at form feeds into up to four files).
 * Checks: no crash, leak or runaway match; every block labelled; articles
 * cover their doc's blocks in order; metadata valid inert UTF-8; wire-copy
 * links point at another article; the same labels and articles as each
 * doc cleaned alone (the memo, and a repeated file's results copied). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_split.h"
#include "parallax/clean.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static px_rules *rules;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	px_error e;
	if (px_rules_load(&rules, fuzz_datadir(), NULL, fuzz_diag, NULL, &e) != PX_OK) {
		fprintf(stderr, "fuzz_clean: cannot load the rules: %s\n", e.msg);
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
	px_status s = px_clean_dossier(&d, rules, &e);
	FUZZ_ASSERT(s == PX_OK);
	size_t prev_doc = 0;
	for (size_t i = 0; i < d.narts; i++) {
		const px_article *a = &d.arts[i];
		FUZZ_ASSERT(a->doc < d.ndocs);
		FUZZ_ASSERT(a->doc >= prev_doc);
		prev_doc = a->doc;
		FUZZ_ASSERT(a->block_first <= a->block_end);
		FUZZ_ASSERT(a->block_end <= d.docs[a->doc].nblocks);
		FUZZ_ASSERT(a->nparts >= 1 && a->part >= 1 && a->part <= a->nparts);
		FUZZ_ASSERT(a->wire_of < (long)d.narts && a->wire_of != (long)i);
		fuzz_check_str(a->title);
		fuzz_check_str(a->byline);
		fuzz_check_str(a->date);
		fuzz_check_str(a->outlet);
		fuzz_check_str(a->url);
	}
	for (size_t k = 0; k < d.ndocs; k++) {
		const px_doc *doc = &d.docs[k];
		fuzz_check_text(&doc->text, doc->text.orig_len);
		for (size_t b = 0; b < doc->nblocks; b++) {
			FUZZ_ASSERT(doc->blocks[b].label < PX_LABEL_COUNT);
			fuzz_check_str(doc->blocks[b].reason);
		}
	}
	/* the dossier pass reuses what it found for a block text it met
	 * before, and a doc equal to an earlier one gets that one's labels
	 * and articles: each doc cleaned alone (no memo, no copies) must come
	 * out the same */
	px_dossier alone;
	px_dossier_init(&alone);
	fuzz_load_split(&alone, data, size);
	FUZZ_ASSERT(alone.ndocs == d.ndocs);
	for (size_t k = 0; k < alone.ndocs; k++) {
		FUZZ_ASSERT(px_clean_doc(&alone, k, rules, &e) == PX_OK);
		const px_doc *x = &d.docs[k], *y = &alone.docs[k];
		FUZZ_ASSERT(x->nblocks == y->nblocks);
		for (size_t b = 0; b < x->nblocks; b++)
			FUZZ_ASSERT(x->blocks[b].label == y->blocks[b].label &&
			            x->blocks[b].score == y->blocks[b].score);
	}
	FUZZ_ASSERT(alone.narts == d.narts);
	for (size_t i = 0; i < d.narts; i++) {
		const px_article *x = &d.arts[i], *y = &alone.arts[i];
		FUZZ_ASSERT(x->doc == y->doc && x->block_first == y->block_first &&
		            x->block_end == y->block_end && x->part == y->part &&
		            x->nparts == y->nparts);
		const char *fx[] = {x->title, x->byline, x->date, x->outlet, x->url};
		const char *fy[] = {y->title, y->byline, y->date, y->outlet, y->url};
		for (int f = 0; f < 5; f++)
			FUZZ_ASSERT((!fx[f] && !fy[f]) || (fx[f] && fy[f] && !strcmp(fx[f], fy[f])));
	}
	px_dossier_free(&alone);
	px_dossier_free(&d);
	return 0;
}
