/* coverage.h - who is named by which outlet: an actor's mentions counted
 * per outlet, the "coverage picture" of the dossier.
 *
 * Built from the mention index (px_actors) and reader mode's article
 * metadata: an article's outlet is the one reader mode found (byline,
 * dateline, masthead, URL), or "(unknown)". Outlets that differ only in
 * ASCII case are one outlet, spelled as first seen. */
#ifndef PARALLAX_COVERAGE_H
#define PARALLAX_COVERAGE_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/actors.h"
#include "parallax/dossier.h"
#include "parallax/error.h"

#define PX_OUTLET_UNKNOWN "(unknown)"

typedef struct px_outlet_count {
	uint32_t outlet;   /* index into px_coverage.outlets */
	uint32_t mentions; /* the actor's mentions in that outlet's articles */
	uint32_t articles; /* that outlet's articles naming the actor */
} px_outlet_count;

typedef struct px_coverage {
	char **outlets;      /* distinct outlet names, sorted; owned */
	size_t noutlets;
	uint32_t *art_outlet; /* per article of the dossier: its outlet */
	size_t narts;
	/* actor i's counts are c[first[i] .. first[i + 1]), most mentions
	 * first, then by outlet name */
	size_t *first;       /* nactors + 1 entries */
	px_outlet_count *c;
	size_t nactors;
} px_coverage;

/* Count a's mentions per outlet of d's articles. a must be built from d. */
px_status px_coverage_build(const px_dossier *d, const px_actors *a,
                            px_coverage **out, px_error *err);
void px_coverage_free(px_coverage *c);

/* Actor's counts (n of them), or NULL with *n = 0 for an unknown actor. */
const px_outlet_count *px_coverage_of(const px_coverage *c, uint32_t actor, size_t *n);

#endif
