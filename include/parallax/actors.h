/* actors.h - named actors: their mentions, linked across spellings and
 * sources, indexed for the reader's jumps.
 *
 * Mentions are found in the reading text of each doc (reader mode's
 * boilerplate blocks are skipped when labelled). Offsets are reading-text
 * offsets; px_text_orig() maps them to the original file's bytes. */
#ifndef PARALLAX_ACTORS_H
#define PARALLAX_ACTORS_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/dossier.h"
#include "parallax/error.h"

typedef enum px_actor_kind {
	PX_ACTOR_PERSON, PX_ACTOR_ORG, PX_ACTOR_PLACE, PX_ACTOR_OTHER
} px_actor_kind;

const char *px_actor_kind_name(px_actor_kind k);

/* The gazetteer, name cues and folding rules (share/parallax/actors/), with
 * the user's additions ($XDG_CONFIG_HOME/parallax/actors.tsv). Read-only
 * once loaded. */
typedef struct px_lexicon px_lexicon;

typedef void (*px_lexicon_diag_fn)(void *ctx, const char *msg);

px_status px_lexicon_load(px_lexicon **out, const char *datadir,
                          const char *userdir, px_lexicon_diag_fn diag,
                          void *ctx, px_error *err);
void px_lexicon_free(px_lexicon *lx);

typedef struct px_mention {
	uint32_t doc;        /* index into the dossier's docs */
	uint32_t art;        /* index into the dossier's articles */
	uint32_t start, end; /* bytes in the doc's reading text */
	uint32_t actor;      /* index into px_actors.v */
} px_mention;

typedef struct px_variant {
	char *surface;   /* a spelling as written (title cues stripped) */
	uint32_t count;
} px_variant;

typedef struct px_actor {
	char *name;            /* canonical: most complete, most frequent form */
	px_actor_kind kind;
	uint32_t id;           /* stable: a hash of the canonical name */
	uint32_t *mentions;    /* indices into px_actors.m, reading order */
	size_t nmentions;
	px_variant *variants;
	size_t nvariants;
	uint32_t nsources;     /* articles it is mentioned in */
} px_actor;

typedef struct px_actors {
	px_actor *v;       /* sorted by mentions, most first */
	size_t n;
	px_mention *m;     /* every mention, in reading order: by doc, start */
	size_t nm;
} px_actors;

/* Find, link and index the actors of the whole dossier. */
px_status px_actors_build(const px_dossier *d, const px_lexicon *lx,
                          px_actors **out, px_error *err);
void px_actors_free(px_actors *a);

/* The mention covering reading-text position pos of doc, or -1. */
long px_actors_mention_at(const px_actors *a, size_t doc, size_t pos);

/* The first mention of doc starting at or after pos (dir > 0), or the last
 * ending at or before pos (dir < 0): an index into m, or -1. */
long px_actors_mention_near(const px_actors *a, size_t doc, size_t pos, int dir);

/* The next (dir > 0) or previous mention of the same actor as mention
 * index from, crossing into other articles at the ends; -1 if none. */
long px_actors_next(const px_actors *a, size_t from, int dir);

/* The actor's first mention in the next (dir > 0) or previous article
 * after the article of mention from that mentions it; -1 if none. */
long px_actors_next_source(const px_actors *a, size_t from, int dir);

/* Mentions of actor in article art. */
size_t px_actors_count_in(const px_actors *a, uint32_t actor, size_t art);

#endif
