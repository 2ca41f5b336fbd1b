/* test_actors_threads.c - the actor engine gives one result whatever the
 * number of threads: detection, resolution and linking are shared among
 * threads by ranges of articles (each thread keeps its candidates and its
 * mentions, joined in order after), so a dossier large enough to be split
 * must give the same mentions, actors, spellings and jumps with 1 to 4
 * threads. The texts hold what the detector's shortcuts must get right as
 * the slow way did: contractions, plural demonyms, hyphenated adjectives,
 * names with apostrophes and accents, abbreviations, headings, German
 * text, exact repeats and near copies that differ only at their end, and
 * many spellings of one family name, whose cross-article compares are
 * shared among threads and joined in one order (which decides the joins
 * that unite refuses), and a few hundred people. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/dossier.h"
#include "parallax/sbuf.h"
#include "tap.h"

enum { NDOCS = 300 };

static const char *const given[] = {"Mustafa", "Barham", "Mike", "Hadi", "Qais", "Ellen",
                                    "Myles", "Larry", "Regina", "José"};
static const char *const family[] = {"al-Kadhimi", "Salih", "Pompeo", "al-Amiri",
                                     "al-Khazali", "DeGeneres", "Garrett", "Holder",
                                     "Benjamin", "Muñoz"};

/* Spellings of one family name and of given names, some of them one name
 * (Ahmed, Ahmad): their full names share a bucket of link_across, large
 * enough for its compares to be shared among threads. */
static const char *const salih[] = {"Salih", "Saleh", "Salah", "Saleeh", "Sallih"};
static const char *const forename[] = {"Ahmed", "Ahmad", "Mohammed", "Muhammad", "Ali",
                                    "Omar", "Umar", "Hassan", "Hasan", "Karim",
                                    "Kareem", "Yusuf", "Youssef", "Tariq", "Tarek",
                                    "Nabil", "Samir", "Sameer", "Faisal", "Faysal"};

/* People of one name each, a few hundred in all: finish's groups are
 * shared among threads. */
static const char *const given2[] = {"Adam", "Brian", "Colin", "David", "Edward",
                                     "Frank", "George", "Henry", "Isaac", "James",
                                     "Kevin", "Lewis", "Martin"};
static const char *const family2[] = {"Anderson", "Brooks", "Carter", "Dalton", "Evans",
                                      "Fischer", "Garcia", "Hughes", "Ingram", "Jensen",
                                      "Keller", "Lopez", "Morgan", "Nolan", "Owens",
                                      "Parker", "Quinn"};

/* Doc i: a few paragraphs naming two people and some organisations, in
 * forms that change with i. Every 7th doc repeats doc i - 7 exactly; every
 * 11th repeats doc i - 11 with a last line of its own. */
static char *text_of(size_t i, char **docs)
{
	if (i >= 7 && i % 7 == 0)
		return px_strdup(docs[i - 7]);
	px_sbuf b = PX_SBUF_INIT;
	if (i >= 11 && i % 11 == 0) {
		px_sbuf_puts(&b, docs[i - 11]);
		px_sbuf_printf(&b, "\nArchived as copy %zu of the test dossier.\n", i);
		return px_sbuf_detach(&b, NULL);
	}
	size_t a = i % 10, c = (i * 7 + 3) % 10;
	if (i % 5 == 0)
		px_sbuf_printf(&b, "%s Meets %s Over Embassy Threat In Baghdad\n\n", family[a],
		               family[c]);
	px_sbuf_printf(&b,
	               "Prime Minister %s %s met Mr. %s %s in Baghdad on Sunday. "
	               "Since then, %s’s aides said the U.S. Embassy would stay. "
	               "\"I'm not leaving,\" %s said. We'll see, officials said.\n\n",
	               given[a], family[a], given[c], family[c], family[a], family[c]);
	px_sbuf_printf(&b,
	               "Americans and Iraqis watched as Iran-backed groups such as "
	               "Kata'ib Hezbollah warned the State Department, as did "
	               "Asa'ib Ahl al-Haq. The Washington Post reported that %s and %s "
	               "spoke with Reuters in Fort Smith, Ark., on Monday.\n\n",
	               family[a], family[c]);
	if (i % 3 == 0)
		px_sbuf_printf(&b, "Laut Angaben der Regierung hat die Polizei in der Stadt "
		                   "am Montag einen Mann festgenommen, sagte %s der Zeitung.\n\n",
		               family[c]);
	if (i % 4 == 1)
		px_sbuf_printf(&b, "Dr. %s %s of Proma Industry Co., Ltd. and the Department "
		                   "of State met U.S.-backed leaders; %s's office declined.\n",
		               given[c], family[c], given[c]);
	px_sbuf_printf(&b, "Minister %s %s spoke first, and Mr. %s %s replied.\n",
	               forename[i % 20], salih[i % 5], forename[(i * 3 + 7) % 20],
	               salih[(i / 5) % 5]);
	px_sbuf_printf(&b, "Witnesses included Mr. %s %s.\n", given2[i % 13], family2[i % 17]);
	return px_sbuf_detach(&b, NULL);
}

/* The whole result as text: each mention and each actor. */
static char *dump(const px_dossier *d, const px_actors *a)
{
	px_sbuf b = PX_SBUF_INIT;
	for (size_t i = 0; i < a->nm; i++) {
		const px_mention *m = &a->m[i];
		px_sbuf_printf(&b, "m %u %u %u %u ", m->doc, m->art, m->start, m->end);
		px_sbuf_append(&b, d->docs[m->doc].text.s + m->start, m->end - m->start);
		px_sbuf_printf(&b, " -> %s\n", a->v[m->actor].name);
	}
	for (size_t k = 0; k < a->n; k++) {
		const px_actor *v = &a->v[k];
		px_sbuf_printf(&b, "a %s %s %u %zu %u:", v->name, px_actor_kind_name(v->kind), v->id,
		               v->nmentions, v->nsources);
		for (size_t j = 0; j < v->nvariants; j++)
			px_sbuf_printf(&b, " %s (%u)", v->variants[j].surface, v->variants[j].count);
		px_sbuf_putc(&b, '\n');
	}
	return px_sbuf_detach(&b, NULL);
}

/* Each actor's mentions are in reading order and the jumps walk them. */
static int jumps_agree(const px_actors *a)
{
	for (size_t k = 0; k < a->n; k++) {
		const px_actor *v = &a->v[k];
		for (size_t j = 0; j < v->nmentions; j++) {
			uint32_t m = v->mentions[j];
			if (a->m[m].actor != k || (j > 0 && v->mentions[j - 1] >= m))
				return 0;
			long next = px_actors_next(a, m, 1);
			if (next != (j + 1 < v->nmentions ? (long)v->mentions[j + 1] : -1))
				return 0;
		}
	}
	return 1;
}

static int has_mention(const px_dossier *d, const px_actors *a, size_t doc, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < a->nm; i++)
		if (a->m[i].doc == doc && a->m[i].end - a->m[i].start == n &&
		    memcmp(d->docs[doc].text.s + a->m[i].start, s, n) == 0)
			return 1;
	return 0;
}

int main(void)
{
	px_lexicon *lx;
	px_error e;
	if (px_lexicon_load(&lx, PX_SRCDIR "/share/parallax", NULL, NULL, NULL, &e) != PX_OK) {
		printf("# lexicon: %s\n", e.msg);
		return 1;
	}
	char *docs[NDOCS];
	px_dossier d;
	px_dossier_init(&d);
	for (size_t i = 0; i < NDOCS; i++) {
		docs[i] = text_of(i, docs);
		char name[32];
		snprintf(name, sizeof name, "doc%03zu.txt", i);
		if (!docs[i] || px_dossier_add_bytes(&d, name, (const unsigned char *)docs[i],
		                                     strlen(docs[i]), &e) != PX_OK) {
			printf("# add: %s\n", docs[i] ? e.msg : "out of memory");
			return 1;
		}
	}
	char *first = NULL;
	for (int t = 1; t <= 4; t++) {
		char env[8];
		snprintf(env, sizeof env, "%d", t);
		setenv("PARALLAX_THREADS", env, 1);
		px_actors *a;
		if (px_actors_build(&d, lx, &a, &e) != PX_OK) {
			printf("# build: %s\n", e.msg);
			return 1;
		}
		char *r = dump(&d, a);
		char what[80];
		if (!first) {
			first = r;
			r = NULL;
			ok(a->nm > NDOCS * 8 && a->n > 20, "threads: a dossier with many mentions");
			ok(has_mention(&d, a, 1, "Barham Salih") && has_mention(&d, a, 1, "Kata'ib Hezbollah"),
			   "detect: names, an apostrophe inside one");
			ok(!has_mention(&d, a, 1, "Americans") && !has_mention(&d, a, 1, "Iran-backed") &&
			   !has_mention(&d, a, 1, "I'm") && !has_mention(&d, a, 1, "We'll"),
			   "detect: plural demonym, adjective, contractions are no actors");
			ok(has_mention(&d, a, 22, "Mustafa al-Kadhimi") && has_mention(&d, a, 22, "al-Kadhimi"),
			   "repeats: a near copy (a line added at its end) is read");
			ok(has_mention(&d, a, 14, "Mustafa al-Kadhimi"), "repeats: an exact repeat is read");
		} else {
			snprintf(what, sizeof what, "threads: %d give what 1 gives", t);
			ok(strcmp(first, r) == 0, what);
		}
		snprintf(what, sizeof what, "threads: %d: each actor's jumps walk its mentions", t);
		ok(jumps_agree(a), what);
		px_free(r);
		px_actors_free(a);
	}
	px_free(first);
	for (size_t i = 0; i < NDOCS; i++)
		px_free(docs[i]);
	px_dossier_free(&d);
	px_lexicon_free(lx);
	return tap_done();
}
