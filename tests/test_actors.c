/* test_actors.c - the actor engine: folding, similarity, merge decisions
 * both ways, title cues, detection traps, offsets back to the original
 * bytes, the user's same/distinct lines and the index queries. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/dossier.h"
#include "parallax/names.h"
#include "actors_int.h"
#include "tap.h"

static px_lexicon *lx;

static px_lexicon *load(const char *userdir)
{
	px_lexicon *l;
	px_error e;
	if (px_lexicon_load(&l, PX_SRCDIR "/share/parallax", userdir, NULL, NULL, &e) != PX_OK) {
		printf("# lexicon: %s\n", e.msg);
		exit(1);
	}
	return l;
}

static char *fold(const char *s)
{
	px_sbuf b = PX_SBUF_INIT;
	if (px_name_fold(lx, s, strlen(s), &b) < 0)
		exit(1);
	return px_sbuf_detach(&b, NULL);
}

static void same_fold(const char *a, const char *b)
{
	char *x = fold(a), *y = fold(b);
	char what[160];
	snprintf(what, sizeof what, "fold: %s = %s", a, b);
	is_str(x, y, what);
	px_free(x);
	px_free(y);
}

static void words(const char *a, const char *b, int want)
{
	char *x = fold(a), *y = fold(b);
	char what[160];
	snprintf(what, sizeof what, "words: %s %s %s", a, want ? "~" : "!~", b);
	is_int(px_name_words_match(x, y, 0), want, what);
	px_free(x);
	px_free(y);
}

static void names(const char *a, const char *b, int local, int want)
{
	char what[200];
	snprintf(what, sizeof what, "names%s: %s %s %s", local ? " (one article)" : "",
	         a, want ? "=" : "!=", b);
	int r = px_names_compare(lx, a, b, local);
	ok(want ? r == 2 : r == 0, what);
	if (want ? r != 2 : r != 0)
		printf("#   got %d\n", r);
}

static void test_folding(void)
{
	same_fold("Kadhimi", "Kazimi");        /* dh / z */
	same_fold("Qassem", "Qasem");          /* doubled letters */
	same_fold("Qasem", "Kasem");           /* q / k */
	same_fold("Mouhandis", "Muhandis");    /* French ou */
	same_fold("Chaabi", "Shaabi");         /* French ch */
	same_fold("Kata’ib", "Kata'ib");       /* apostrophes of any kind */
	same_fold("Mahmood", "Mahmoud");       /* oo, ou */
	same_fold("Gelowicz", "Gelowitz");     /* cz, tz */
	same_fold("Muñoz", "Munoz");           /* accents */
	same_fold("Plyshevsky", "Plishevski"); /* y / i */
	char *k = fold("Mustafa");
	is_str(k, "mustafa", "fold: a plain name is its lower case");
	px_free(k);
}

static void test_similarity(void)
{
	words("Saleh", "Salih", 1);      /* vowel drift */
	words("Kadhimi", "Kadhemi", 1);
	words("Soleimani", "Suleimani", 1);
	words("Hachd", "Hashed", 1);     /* a vowel comes and goes */
	words("Salim", "Saleh", 0);      /* a consonant is a different name */
	words("Bashar", "Maher", 0);
	words("Hassan", "Hussein", 0);   /* a/u and a/i both: too far */
	words("Ali", "Eli", 0);          /* short names: the first letter holds */
	ok(px_name_word_cost("salih", "saleh") < px_name_word_cost("salim", "saleh"),
	   "cost: a vowel shift is cheaper than a consonant change");
	ok(px_name_word_cost("abc", "abc") == 0, "cost: equal words cost nothing");
}

static void test_merges(void)
{
	/* the same actor */
	names("Mustafa al-Kadhimi", "Mustafa al-Kazimi", 0, 1);
	names("Mustafa al-Kadhimi", "Mustafa al-Kadhemi", 0, 1);
	names("Qassem Suleimani", "Qasem Soleimani", 0, 1);
	names("Abu Mahdi al-Muhandis", "Abu Mehdi al-Mouhandis", 0, 1);
	names("Barham Saleh", "Barham Salih", 0, 1);
	names("Hachd al-Chaabi", "Hashed al-Shaabi", 0, 1);
	names("Kata’ib Hezbollah", "Kataeb Hezbollah", 0, 1);
	names("Kata ‘ib Hezbollah", "Kataeb Hezbollah", 0, 1);
	names("Kadhimi", "Mustafa al-Kadhimi", 0, 1);
	names("Frank McKenzie Jr.", "Frank McKenzie", 0, 1);
	names("Alex Saab", "Alex Nain Saab Moran", 0, 1);
	names("Khuddam-ul-Islam", "Khudamul Islam", 0, 1);
	names("Kaveh Cutting Tools Company", "Kaveh Cutting Tools Complex", 0, 1);
	/* namesakes and near misses stay apart */
	names("Mustafa Salim", "Mustafa al-Kadhimi", 0, 0);
	names("Salim", "Saleh", 0, 0);
	names("Salim", "Barham Salih", 0, 0);
	names("Bashar al-Assad", "Maher al-Assad", 0, 0);
	names("Shadi Saab", "Alex Nain Saab Moran", 0, 0);
	names("Nazir Ahmad", "Natheer Ahmed Mohammed Jamal Eddine", 0, 0);
	names("Ansar Bank", "Ansar al-Dine", 0, 0);
	names("Muhammad Kawtharani", "Adnan Hussein Kawtharani", 0, 0);
	/* a given name stands for its bearer only inside one article */
	ok(px_names_compare(lx, "Qassem", "Qassem Suleimani", 1) == 1,
	   "names: a given name alone, in one article");
	ok(px_names_compare(lx, "Qassem", "Qassem Suleimani", 0) == 0,
	   "names: a given name alone, across articles: no");
}

static void title(const char *s, const char *name)
{
	size_t k = px_name_title_len(lx, s, strlen(s));
	char what[200];
	snprintf(what, sizeof what, "title: \"%s\" names \"%s\"", s, name);
	is_str(s + k, name, what);
}

static void test_titles(void)
{
	title("Secretary of State Mike Pompeo", "Mike Pompeo");
	title("Iraqi Prime Minister Mustafa al-Kadhimi", "Mustafa al-Kadhimi");
	title("Prime Minister Mustafa al-Kadhimi", "Mustafa al-Kadhimi");
	title("Mr. Kazimi", "Kazimi");
	title("President Trump", "Trump");
	title("cleric Moqtada Sadr", "Moqtada Sadr");
	title("Iraqi Kurdistan", "Iraqi Kurdistan"); /* a nationality alone is no title */
	title("Prime Minister", "Prime Minister");   /* nothing would be left */
	title("Mike Pompeo", "Mike Pompeo");
}

/* --- through the dossier ---------------------------------------------- */

static px_dossier dossier(const char *const *texts, size_t n)
{
	px_dossier d;
	px_dossier_init(&d);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		snprintf(name, sizeof name, "doc%zu.txt", i);
		px_error e;
		if (px_dossier_add_bytes(&d, name, (const unsigned char *)texts[i],
		                         strlen(texts[i]), &e) != PX_OK) {
			printf("# add: %s\n", e.msg);
			exit(1);
		}
	}
	return d;
}

static px_actors *build(const px_dossier *d, const px_lexicon *l)
{
	px_actors *a;
	px_error e;
	if (px_actors_build(d, l, &a, &e) != PX_OK) {
		printf("# build: %s\n", e.msg);
		exit(1);
	}
	return a;
}

/* The actor index of the first mention whose text is surface, or -1. */
static long actor_of(const px_dossier *d, const px_actors *a, const char *surface)
{
	size_t n = strlen(surface);
	for (size_t i = 0; i < a->nm; i++) {
		const px_mention *m = &a->m[i];
		if (m->end - m->start == n &&
		    memcmp(d->docs[m->doc].text.s + m->start, surface, n) == 0)
			return (long)m->actor;
	}
	return -1;
}

static int is_mention(const px_dossier *d, const px_actors *a, const char *surface)
{
	return actor_of(d, a, surface) >= 0;
}

static void test_detection(void)
{
	const char *t[] = {
		"Secretary of State Mike Pompeo warned Iraqi Prime Minister Mustafa "
		"al-Kadhimi on Sunday. Since then, Pompeo’s threat has shaken Baghdad.\n\n"
		"Officials said Kadhimi was caught off guard. Analysts doubt it. Another "
		"official said the State Department and AFP were told in September.\n\n"
		"Kataeb Hezbollah and the Islamic State (ISIS) were named; Kadhimi said "
		"nothing. US-backed forces moved.\n",
	};
	px_dossier d = dossier(t, 1);
	px_actors *a = build(&d, lx);
	ok(is_mention(&d, a, "Mike Pompeo"), "detect: a name after a title");
	ok(!is_mention(&d, a, "Secretary of State Mike Pompeo"), "detect: the title is not in it");
	ok(is_mention(&d, a, "Mustafa al-Kadhimi"), "detect: al- inside a name");
	ok(is_mention(&d, a, "Pompeo"), "detect: possessive stripped (Pompeo’s)");
	long pompeo = actor_of(&d, a, "Pompeo");
	ok(pompeo >= 0 && pompeo == actor_of(&d, a, "Mike Pompeo"),
	   "link: Pompeo is Mike Pompeo");
	if (pompeo >= 0)
		is_str(a->v[pompeo].name, "Mike Pompeo", "canonical: the fullest name");
	ok(actor_of(&d, a, "Kadhimi") == actor_of(&d, a, "Mustafa al-Kadhimi"),
	   "link: Kadhimi is Mustafa al-Kadhimi");
	ok(pompeo >= 0 && a->v[pompeo].kind == PX_ACTOR_PERSON, "kind: a titled name is a person");
	static const char *const traps[] = {"Since", "Officials", "Analysts", "Another",
	                                     "September", "Sunday", "Iraqi", "US-backed"};
	for (size_t i = 0; i < sizeof traps / sizeof *traps; i++) {
		char what[80];
		snprintf(what, sizeof what, "trap: %s is no actor", traps[i]);
		ok(!is_mention(&d, a, traps[i]), what);
	}
	long sd = actor_of(&d, a, "State Department");
	ok(sd >= 0 && a->v[sd].kind == PX_ACTOR_ORG, "kind: State Department is an org");
	long afp = actor_of(&d, a, "AFP");
	ok(afp >= 0 && a->v[afp].kind == PX_ACTOR_ORG, "kind: AFP (gazetteer) is an org");
	ok(actor_of(&d, a, "ISIS") >= 0 && actor_of(&d, a, "ISIS") == actor_of(&d, a, "Islamic State"),
	   "gazetteer: ISIS is the Islamic State");
	long kh = actor_of(&d, a, "Kataeb Hezbollah");
	ok(kh >= 0 && kh != actor_of(&d, a, "Islamic State"), "link: two organisations apart");
	/* the index is in reading order and every actor lists its mentions */
	int sorted = 1;
	for (size_t i = 1; i < a->nm; i++)
		if (a->m[i].doc == a->m[i - 1].doc && a->m[i].start < a->m[i - 1].end)
			sorted = 0;
	ok(sorted, "index: mentions in reading order, no overlap");
	size_t total = 0;
	for (size_t i = 0; i < a->n; i++)
		total += a->v[i].nmentions;
	is_int(total, a->nm, "index: each mention belongs to one actor");
	px_actors_free(a);
	px_dossier_free(&d);
}

static void test_heading(void)
{
	const char *t[] = {
		"Iraqi Leader Gathers Allies To Prevent Embassy Closure After Pompeo Threats\n\n"
		"The Iraqi prime minister rallied his allies after Mike Pompeo spoke.\n",
	};
	px_dossier d = dossier(t, 1);
	px_actors *a = build(&d, lx);
	ok(!is_mention(&d, a, "Gathers Allies"), "heading: title-case words are no actor");
	ok(!is_mention(&d, a, "Prevent Embassy Closure After Pompeo Threats"),
	   "heading: no run across the heading");
	ok(is_mention(&d, a, "Pompeo") &&
	   actor_of(&d, a, "Pompeo") == actor_of(&d, a, "Mike Pompeo"),
	   "heading: a known name in it is found and linked");
	px_actors_free(a);
	px_dossier_free(&d);
}

/* A wire lede or headline in capitals inside a sentence: its everyday
 * words are no name, what the dossier knows elsewhere still is, and a
 * name in capitals without everyday words stays one. */
static void test_shout(void)
{
	const char *t[] = {
		"ATHENS - THREE PEOPLE HAVE DIED IN A BLAZE AT A BANK that Mustafa al-Kadhimi "
		"visited, police said on Monday. MARFIN EGNATIA BANK and NATO declined to comment.\n\n"
		"Kadhimi said the fire started in the basement.\n",
		"PRIME MINISTER KADHIMI HAS SAID THAT THE FIRE IS OVER, the agency reported.\n",
	};
	px_dossier d = dossier(t, 2);
	px_actors *a = build(&d, lx);
	/* no mention holds an everyday word of the shouted stretches */
	static const char *const no[] = {"PEOPLE", "DIED", "BLAZE", "FIRE", "SAID"};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
		int found = 0;
		for (size_t k = 0; k < a->nm; k++) {
			const px_mention *m = &a->m[k];
			const char *ms = d.docs[m->doc].text.s + m->start;
			size_t ml = m->end - m->start, wl = strlen(no[i]);
			for (size_t p = 0; p + wl <= ml; p++)
				found |= !memcmp(ms + p, no[i], wl);
		}
		char what[80];
		snprintf(what, sizeof what, "shout: no mention holds %s", no[i]);
		ok(!found, what);
	}
	ok(is_mention(&d, a, "MARFIN EGNATIA BANK"), "shout: a name in capitals alone stays one");
	ok(is_mention(&d, a, "NATO"), "shout: an acronym stays one");
	ok(is_mention(&d, a, "KADHIMI") &&
	   actor_of(&d, a, "KADHIMI") == actor_of(&d, a, "Mustafa al-Kadhimi"),
	   "shout: a known name in a shouted line is found and linked");
	px_actors_free(a);
	px_dossier_free(&d);
}

/* A name between an article and a participle acts: "the EU warning
 * Israel" names the EU; "the Obama administration" still names no one. */
static void test_participle(void)
{
	const char *t[] = {
		"Pressure mounted, with the EU warning Israel that the strikes must stop. "
		"The Obama administration said nothing.\n",
	};
	px_dossier d = dossier(t, 1);
	px_actors *a = build(&d, lx);
	ok(is_mention(&d, a, "EU"), "participle: the EU warning ... is a mention");
	ok(!is_mention(&d, a, "Obama"), "participle: the Obama administration is none");
	px_actors_free(a);
	px_dossier_free(&d);
}

/* A name ending in a place word is a place; an organisation word at its
 * end keeps it an organisation. */
static void test_place_kind(void)
{
	const char *t[] = {
		"Protesters marched from Syntagma Square to Stadiou Street on Monday, and the "
		"Oregon State Police said the Jordan River had flooded.\n",
	};
	px_dossier d = dossier(t, 1);
	px_actors *a = build(&d, lx);
	static const char *const places[] = {"Syntagma Square", "Stadiou Street", "Jordan River"};
	for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
		long k = actor_of(&d, a, places[i]);
		char what[80];
		snprintf(what, sizeof what, "kind: %s is a place", places[i]);
		ok(k >= 0 && a->v[k].kind == PX_ACTOR_PLACE, what);
	}
	long osp = actor_of(&d, a, "Oregon State Police");
	ok(osp >= 0 && a->v[osp].kind == PX_ACTOR_ORG, "kind: Oregon State Police is an org");
	px_actors_free(a);
	px_dossier_free(&d);
}

static void test_nouns(void)
{
	const char *t[] = {
		"Die Versorgung der Patienten ist nicht nur eine Frage der Daten, sagte "
		"Angela Merkel am Montag. Auch die Interoperabilität der Systeme wird "
		"mit dem Gesetz besser, und die Kliniken sind dabei. Nach dem Treffen "
		"mit den Verbänden sprach Merkel von einer Reform, die auch für die "
		"Praxen gilt. Das ist ein Anfang, aber noch nicht das Ende.\n",
		"German chancellor Angela Merkel spoke on Monday.\n",
	};
	px_dossier d = dossier(t, 2);
	px_actors *a = build(&d, lx);
	ok(!is_mention(&d, a, "Versorgung") && !is_mention(&d, a, "Interoperabilität") &&
	   !is_mention(&d, a, "Gesetz"), "German: capitalised nouns are no actors");
	long m = actor_of(&d, a, "Angela Merkel");
	int in_de = 0;
	for (size_t i = 0; i < a->nm; i++)
		if (a->m[i].doc == 0 && (long)a->m[i].actor == m)
			in_de++;
	ok(m >= 0 && in_de == 2, "German: a name known elsewhere still counts");
	px_actors_free(a);
	px_dossier_free(&d);
}

static void test_across(void)
{
	const char *t[] = {
		"Prime Minister Mustafa al-Kadhimi met envoys. Kadhimi spoke. "
		"Bashar al-Assad and Maher al-Assad were not there.\n",
		"Iraq's premier Mustafa al-Kazimi said no. Mr. Kazimi left.\n",
		"Reporting by Mustafa Salim in Baghdad. Salim also wrote about Barham Saleh.\n",
		"Kadhimi travelled to Paris.\n",
	};
	px_dossier d = dossier(t, 4);
	px_actors *a = build(&d, lx);
	long k = actor_of(&d, a, "Mustafa al-Kadhimi");
	ok(k >= 0 && k == actor_of(&d, a, "Mustafa al-Kazimi"), "across: al-Kadhimi = al-Kazimi");
	/* the honorific is in the span as written, not in the name */
	ok(k >= 0 && k == actor_of(&d, a, "Mr. Kazimi"), "across: Mr. Kazimi too");
	ok(k >= 0 && k != actor_of(&d, a, "Mustafa Salim"), "across: Mustafa Salim stays apart");
	ok(actor_of(&d, a, "Salim") != actor_of(&d, a, "Barham Saleh"), "across: Salim is not Saleh");
	ok(actor_of(&d, a, "Bashar al-Assad") != actor_of(&d, a, "Maher al-Assad"),
	   "across: Bashar is not Maher al-Assad");
	/* the lone Kadhimi of doc 3 joins the dossier's Kadhimi */
	long lone = -1;
	for (size_t i = 0; i < a->nm && lone < 0; i++)
		if (a->m[i].doc == 3)
			lone = (long)a->m[i].actor;
	ok(k >= 0 && lone == k, "across: a lone family name joins its actor");
	if (k >= 0) {
		ok(a->v[k].nsources == 3, "index: sources counted per article");
		uint32_t id = a->v[k].id;
		px_actors *b = build(&d, lx);
		long k2 = actor_of(&d, b, "Mustafa al-Kadhimi");
		ok(k2 >= 0 && b->v[k2].id == id, "id: stable from run to run");
		px_actors_free(b);
	}
	px_actors_free(a);
	px_dossier_free(&d);
}

/* A dossier holding one file twice: the repeat's mentions are worked out
 * once and copied (actors.c), and must be what its first copy has. */
static void test_repeats(void)
{
	const char *t[] = {
		"Prime Minister Mustafa al-Kadhimi met envoys. Kadhimi spoke.\n\n"
		"Fresh talks with Barham Saleh. Saleh agreed.\n",
		"Mike Pompeo called Kadhimi.\n",
		"Prime Minister Mustafa al-Kadhimi met envoys. Kadhimi spoke.\n\n"
		"Fresh talks with Barham Saleh. Saleh agreed.\n",
		"Prime Minister Mustafa al-Kadhimi met envoys. Kadhimi spoke.\n\n"
		"Fresh talks with Barham Salih. Saleh agreed.\n",
	};
	px_dossier d = dossier(t, 4);
	px_actors *a = build(&d, lx);
	/* the mentions of doc 0 and doc 2, side by side */
	size_t f0 = a->nm, f2 = a->nm, n0 = 0, n2 = 0;
	for (size_t i = 0; i < a->nm; i++) {
		if (a->m[i].doc == 0 && n0++ == 0)
			f0 = i;
		if (a->m[i].doc == 2 && n2++ == 0)
			f2 = i;
	}
	int same = n0 == n2 && n0 >= 4;
	for (size_t k = 0; same && k < n0; k++) {
		const px_mention *x = &a->m[f0 + k], *y = &a->m[f2 + k];
		same = x->start == y->start && x->end == y->end && x->actor == y->actor &&
		       y->art != x->art;
	}
	ok(same, "repeats: a repeated doc has its first copy's mentions");
	/* and counts as itself: mentions and sources */
	long k = actor_of(&d, a, "Mustafa al-Kadhimi");
	size_t total = 0;
	for (size_t i = 0; i < a->n; i++)
		total += a->v[i].nmentions;
	ok(total == a->nm, "repeats: every mention belongs to one actor");
	ok(k >= 0 && a->v[k].nsources == 4 && a->v[k].nmentions == 7,
	   "repeats: counted in every copy");
	/* the changed copy is read for itself */
	ok(is_mention(&d, a, "Barham Salih"), "repeats: a near copy is its own doc");
	px_actors_free(a);
	px_dossier_free(&d);
}

/* One text, two candidates that make different names known: at a
 * sentence's start after a word the dossier has in lower case ("south"),
 * "South Dakota" makes nothing known; inside the sentence, it does, and
 * the first is then a name too. The passes after detection remember the
 * candidates they have done by their text and the flags that decide, never
 * by their text alone. */
static void test_same_text(void)
{
	const char *t[] = {"South Dakota farmers met on Monday. They drove south to see "
	                   "the governor of South Dakota.\n"};
	px_dossier d = dossier(t, 1);
	px_actors *a = build(&d, lx);
	size_t n = 0;
	for (size_t i = 0; i < a->nm; i++)
		n += a->m[i].end - a->m[i].start == 12 &&
		     memcmp(d.docs[0].text.s + a->m[i].start, "South Dakota", 12) == 0;
	ok(n == 2, "memo: a name at a sentence's start, known from later in it");
	px_actors_free(a);
	px_dossier_free(&d);
}

/* Two docs that the repeats' hash cannot tell apart (one length, equal in
 * the bytes it samples: the first, 16 words spread over the text, the last
 * 64) are compared in full before one is taken for the other's repeat:
 * the one that differs (a name in lower case: none) is read for itself,
 * and a true repeat of the first is still one. */
static void test_repeat_collision(void)
{
	enum { N = 2000 };
	static const char filler[] = "and the talks went on. ";
	char a[N + 1], b[N + 1];
	for (size_t i = 0; i < N; i++)
		a[i] = filler[i % (sizeof filler - 1)];
	a[N] = '\0';
	/* [90, 118): between the first sampled word ([0, 8)) and the second
	 * ((N - 8) / 15 = 132 on) */
	memcpy(a + 90, " Later Barham Saleh said so. ", 29);
	memcpy(b, a, sizeof a);
	memcpy(b + 90, " later barham saleh said so. ", 29);
	const char *t[] = {a, b, a};
	px_dossier d = dossier(t, 3);
	px_actors *x = build(&d, lx);
	size_t n[3] = {0};
	for (size_t i = 0; i < x->nm; i++)
		n[x->m[i].doc]++;
	ok(n[0] == 1 && n[1] == 0, "repeats: a doc only the hash takes for a repeat is read");
	ok(n[2] == 1, "repeats: a true repeat is one still, past a collision");
	px_actors_free(x);
	px_dossier_free(&d);
}

/* Offsets in the TSV are the original file's: decoding repairs (CRLF,
 * entities, Windows-1252) must not shift them. */
static void test_offsets(void)
{
	const char orig[] =
		"Caf\xe9 owner Jos\xe9 Mart\xednez met Mike Pompeo.\r\n\r\n"
		"AT&amp;T said Mike Pompeo&#8217;s aide called Jos\xe9 Mart\xednez.\r\n";
	px_dossier d;
	px_dossier_init(&d);
	px_error e;
	if (px_dossier_add_bytes(&d, "w.txt", (const unsigned char *)orig, strlen(orig), &e) != PX_OK) {
		printf("# add: %s\n", e.msg);
		exit(1);
	}
	px_actors *a = build(&d, lx);
	int found = 0, good = 0;
	for (size_t i = 0; i < a->nm; i++) {
		const px_mention *m = &a->m[i];
		size_t os = px_text_orig(&d.docs[0].text, m->start);
		size_t oe = px_text_orig_end(&d.docs[0].text, m->end);
		const char *want = NULL;
		if (oe - os == strlen("Mike Pompeo") && memcmp(orig + os, "Mike Pompeo", oe - os) == 0)
			want = "Mike Pompeo";
		else if (oe - os == strlen("Jos\xe9 Mart\xednez") &&
		         memcmp(orig + os, "Jos\xe9 Mart\xednez", oe - os) == 0)
			want = "Jos\xc3\xa9 Mart\xc3\xadnez";
		found++;
		if (want && strlen(want) == m->end - m->start &&
		    memcmp(d.docs[0].text.s + m->start, want, m->end - m->start) == 0)
			good++;
	}
	ok(found >= 4, "offsets: four mentions in a repaired file");
	is_int(good, found, "offsets: each maps back to its own original bytes");
	px_actors_free(a);
	px_dossier_free(&d);
}

static void test_queries(void)
{
	const char *t[] = {
		"Mike Pompeo met Barham Saleh. Pompeo left. Saleh stayed.\n",
		"Nothing here.\n",
		"Pompeo returned. Barham Saleh spoke. Pompeo again.\n",
	};
	px_dossier d = dossier(t, 3);
	px_actors *a = build(&d, lx);
	long p0 = -1;
	for (size_t i = 0; i < a->nm; i++)
		if (a->m[i].doc == 0 && a->m[i].start == 0)
			p0 = (long)i;
	ok(p0 >= 0, "query: the first mention is at 0");
	is_int(px_actors_mention_at(a, 0, 3), p0, "mention_at: inside a mention");
	is_int(px_actors_mention_at(a, 0, 11), -1, "mention_at: between mentions");
	long n1 = px_actors_mention_near(a, 0, 11, 1);
	ok(n1 >= 0 && a->m[n1].start >= 11, "mention_near: the next one forward");
	long b1 = px_actors_mention_near(a, 0, 11, -1);
	is_int(b1, p0, "mention_near: the last one backward");
	is_int(px_actors_mention_near(a, 1, 0, 1), -1, "mention_near: none in an empty doc");
	if (p0 >= 0) {
		uint32_t act = a->m[p0].actor;
		long n = px_actors_next(a, (size_t)p0, 1);
		ok(n > p0 && a->m[n].actor == act && a->m[n].doc == 0, "next: same actor, same article");
		long n2 = px_actors_next(a, (size_t)n, 1);
		ok(n2 >= 0 && a->m[n2].doc == 2 && a->m[n2].actor == act, "next: crosses into the next article");
		is_int(px_actors_next(a, (size_t)p0, -1), -1, "next: none before the first");
		long s = px_actors_next_source(a, (size_t)p0, 1);
		ok(s >= 0 && a->m[s].doc == 2 && a->m[s].start == 0, "next_source: first mention of the next article");
		long back = px_actors_next_source(a, (size_t)s, -1);
		is_int(back, p0, "next_source: back to the first of the previous article");
		is_int(px_actors_count_in(a, act, 0), 2, "count_in: two in the first article");
		is_int(px_actors_count_in(a, act, 1), 0, "count_in: none in the second");
		is_int(px_actors_count_in(a, act, 2), 2, "count_in: two in the third");
	}
	px_actors_free(a);
	px_dossier_free(&d);
}

static void test_user(void)
{
	char dir[] = "/tmp/px-actors-XXXXXX";
	if (!mkdtemp(dir))
		exit(1);
	char path[64];
	snprintf(path, sizeof path, "%s/actors.tsv", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		exit(1);
	fputs("# a user's additions\n"
	      "distinct\tMustafa al-Kadhimi\tMustafa al-Kazimi\n"
	      "same\tJohn Smith\tJack Smythe\n"
	      "Acme Widgets\torg\tAWC|Acme\n"
	      "bogus line without tabs\n", f);
	fclose(f);
	px_lexicon *ul = load(dir);
	const char *t[] = {
		"Mustafa al-Kadhimi spoke. John Smith agreed.\n",
		"Mustafa al-Kazimi spoke. Jack Smythe agreed. AWC said no.\n",
		"Acme Widgets sold more.\n",
	};
	px_dossier d = dossier(t, 3);
	px_actors *a = build(&d, ul);
	ok(actor_of(&d, a, "Mustafa al-Kadhimi") != actor_of(&d, a, "Mustafa al-Kazimi"),
	   "user: distinct keeps two spellings apart");
	ok(actor_of(&d, a, "John Smith") >= 0 &&
	   actor_of(&d, a, "John Smith") == actor_of(&d, a, "Jack Smythe"), "user: same joins two names");
	long acme = actor_of(&d, a, "AWC");
	ok(acme >= 0 && acme == actor_of(&d, a, "Acme Widgets") && a->v[acme].kind == PX_ACTOR_ORG,
	   "user: a gazetteer line with aliases and kind");
	px_actors_free(a);
	px_dossier_free(&d);
	px_lexicon_free(ul);
	remove(path);
	rmdir(dir);
}

static void test_empty(void)
{
	px_dossier d;
	px_dossier_init(&d);
	px_actors *a = build(&d, lx);
	ok(a->n == 0 && a->nm == 0, "empty dossier: no actors");
	is_int(px_actors_mention_at(a, 0, 0), -1, "empty dossier: no mention anywhere");
	px_actors_free(a);
	px_lexicon *none;
	px_error e;
	ok(px_lexicon_load(&none, "/nonexistent", NULL, NULL, NULL, &e) == PX_OK,
	   "a missing data directory still gives a (bare) lexicon");
	const char *t[] = {"Mike Pompeo met Barham Saleh.\n"};
	d = dossier(t, 1);
	a = build(&d, none);
	ok(a->nm >= 2, "a bare lexicon still finds names");
	px_actors_free(a);
	px_dossier_free(&d);
	px_lexicon_free(none);
}

/* Lookups fold capitals while hashing (px_lower_hash, px_strmap_get_lower)
 * against keys stored folded: the folded hash of any spelling must be the
 * hash of the folded key, at every length up to past 8-byte boundaries and
 * next to the ASCII letters (@ [ ` {), whatever hash the maps use. */
static void test_hash(void)
{
	const char *up = "AbCdEfGhIjKlMnOpQrStUvWxYz@[`{";
	char mixed[40], low[40];
	int same = 1, found = 1;
	px_sbuf tmp = PX_SBUF_INIT;
	px_strmap m = {0};
	for (size_t n = 0; n <= 30; n++) {
		for (size_t i = 0; i < n; i++) {
			mixed[i] = up[i];
			low[i] = up[i] >= 'A' && up[i] <= 'Z' ? (char)(up[i] + 32) : up[i];
		}
		if (px_lower_hash(mixed, n, &tmp) != px_strhash(low, n))
			same = 0;
		if (n && !px_strmap_put(&m, low, n, NULL))
			exit(1);
	}
	if (px_strmap_freeze(&m) < 0)
		exit(1);
	for (size_t n = 1; n <= 30; n++)
		if (!px_strmap_get_lower(&m, up, n))
			found = 0;
	ok(same, "folded hash = hash of the folded key, lengths 0..30");
	ok(found, "mixed-case lookups find lower-case keys, lengths 1..30");
	ok(!px_strmap_get_lower(&m, "AbCdEfGhX", 9), "no false hit on a near key");
	int other = 0;
	ok(!px_strmap_find_lower(&m, "Ab\xc3\x89", 4, &other) && other,
	   "text outside ASCII is left to the caller");
	is_int(px_lower_hash("\xc3\x89T\xc3\x89", 5, &tmp),
	       px_strhash("\xc3\xa9t\xc3\xa9", 5), "lower_hash folds beyond ASCII");
	px_strmap_free(&m);
	px_sbuf_free(&tmp);
}

/* The candidates of block [b, e) of s, as "start-end" pairs, into out */
static void block_cands(const char *s, size_t b, size_t e, char *out, size_t n)
{
	px_detect D;
	memset(&D, 0, sizeof D);
	D.lx = lx;
	out[0] = '\0';
	if (px_detect_block(&D, s, 0, (uint32_t)b, (uint32_t)e, 0) == 0)
		for (size_t k = 0, o = 0; k < D.n && o + 24 < n; k++)
			o += (size_t)snprintf(out + o, n - o, "%s%u-%u", k ? " " : "", D.c[k].start,
			                      D.c[k].end);
	px_detect_free(&D);
}

/* The tokenizer reads a word's letters past the block's end to the text's
 * NUL, so that no byte tests the end: a block cut inside a word must still
 * end the word there, in its span and its cue (its lookups), as the text
 * ending there would. */
static void test_block_end(void)
{
	const char *s = "Officials met Angela Merkel and Mr. Pompeo in Berlin yesterday.";
	char whole[256], cut[256], alone[256];
	size_t merk = (size_t)(strstr(s, "Merkel") - s) + 4; /* "...Angela Merk|el" */
	block_cands(s, 0, strlen(s), whole, sizeof whole);
	is_str(whole, "14-27 32-42 46-52", "detect: Angela Merkel, Mr. Pompeo, Berlin");
	block_cands(s, 0, merk, cut, sizeof cut);
	char *head = px_strndup(s, merk);
	block_cands(head, 0, merk, alone, sizeof alone);
	px_free(head);
	is_str(cut, alone, "detect: a block cut inside a word ends the word there");
	is_str(cut, "14-25", "detect: the cut name's span stops at the block's end");
	/* the lower-case evidence and cues of a cut word are the cut word's:
	 * "Mr" cut from "Mr." is no honorific */
	size_t mr = (size_t)(strstr(s, "Mr.") - s) + 2;
	block_cands(s, 0, mr, cut, sizeof cut);
	head = px_strndup(s, mr);
	block_cands(head, 0, mr, alone, sizeof alone);
	px_free(head);
	is_str(cut, alone, "detect: a word cut before its period is read without it");
}

/* The actors never read the wire pass's findings (wire_of, its share):
 * --mentions and --actors skip that pass for it (src/cli/main.c), and
 * would print wrong results if the engine came to read them. A dossier
 * with copies cleaned with and without the pass gives the same actors. */
static void test_wire_unread(void)
{
	static const char body[] =
		"BAGHDAD (Reuters) - Iraqi Prime Minister Mustafa al-Kadhimi met U.S. "
		"Secretary of State Mike Pompeo in Washington on Wednesday, and the two "
		"discussed the withdrawal of American troops from Iraq over the coming "
		"three years, according to a statement from the prime minister's office.\n\n"
		"Kadhimi told reporters that Iraq wanted strong relations with the United "
		"States and its neighbours, while Pompeo said Washington would help Baghdad "
		"rebuild its economy and restore the power grid before the summer heat.\n";
	char copy[sizeof body + 64], near[sizeof body + 64];
	snprintf(copy, sizeof copy, "%s", body);
	snprintf(near, sizeof near, "%sThe talks continue on Thursday.\n", body);
	const char *t[] = {body, "Barham Salih spoke in Erbil on Monday.\n", copy, near};
	px_rules *R = NULL;
	px_error e;
	if (px_rules_load(&R, PX_SRCDIR "/share/parallax", NULL, NULL, NULL, &e) != PX_OK) {
		printf("# rules: %s\n", e.msg);
		ok(0, "wire unread: rules load");
		return;
	}
	px_dossier with = dossier(t, 4), without = dossier(t, 4);
	ok(px_clean_dossier(&with, R, &e) == PX_OK &&
	   px_clean_docs(&without, R, NULL, NULL, &e) == PX_OK, "wire unread: both cleaned");
	size_t copies = 0;
	for (size_t i = 0; i < with.narts; i++)
		copies += with.arts[i].wire_of >= 0;
	ok(copies >= 2, "wire unread: the pass found the copies");
	px_actors *a = build(&with, lx), *b = build(&without, lx);
	int same = a->nm == b->nm && a->n == b->n;
	for (size_t i = 0; same && i < a->nm; i++)
		same = !memcmp(&a->m[i], &b->m[i], sizeof a->m[i]);
	for (size_t i = 0; same && i < a->n; i++)
		same = !strcmp(a->v[i].name, b->v[i].name) &&
		       a->v[i].nmentions == b->v[i].nmentions && a->v[i].nsources == b->v[i].nsources;
	ok(same && a->nm > 0, "wire unread: the same actors and mentions with or without it");
	px_actors_free(a);
	px_actors_free(b);
	px_dossier_free(&with);
	px_dossier_free(&without);
	px_rules_free(R);
}

int main(void)
{
	lx = load(NULL);
	test_folding();
	test_similarity();
	test_merges();
	test_titles();
	test_detection();
	test_block_end();
	test_heading();
	test_shout();
	test_place_kind();
	test_participle();
	test_nouns();
	test_across();
	test_repeats();
	test_repeat_collision();
	test_same_text();
	test_offsets();
	test_queries();
	test_user();
	test_empty();
	test_hash();
	test_wire_unread();
	px_lexicon_free(lx);
	return tap_done();
}
