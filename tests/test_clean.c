/* test_clean.c - reader mode over built documents: the classifier's
 * features, labels and reasons, structure and metadata, never eating an
 * article, aggregates and wire copies. */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/text.h"
#include "parallax/rules.h"
#include "parallax/sbuf.h"
#include "tap.h"

static px_rules *R;

static const char *P1 =
	"The embassy has been a target of rocket attacks for months, and officials in "
	"Washington said on Sunday that they had run out of patience with the government "
	"in Baghdad, which they accuse of failing to rein in the militias.";
static const char *P2 =
	"Diplomats in the city said that they had been told about the plan on Saturday, "
	"and that several of their own missions were now weighing whether to stay in the "
	"country if the Americans left.";
static const char *P3 =
	"The prime minister has tried to curb the groups by cutting their funding, but his "
	"critics say that he has little support in parliament and that the attacks have "
	"only grown more frequent since the summer.";
static const char *P4 =
	"Analysts said that a withdrawal would be seen as a victory by the groups that have "
	"been firing the rockets, and that it would leave the prime minister more exposed "
	"than he has been at any time since he took office.";

static size_t add(px_dossier *d, const char *name, const char *text)
{
	px_error e;
	if (px_dossier_add_bytes(d, name, (const unsigned char *)text, strlen(text), &e) != PX_OK) {
		printf("# cannot add %s: %s\n", name, e.msg);
		exit(1);
	}
	return d->ndocs - 1;
}

/* The label of the block of doc whose text starts with prefix, or NULL. */
static const char *label_of(const px_dossier *d, size_t doc, const char *prefix)
{
	const px_doc *dc = &d->docs[doc];
	for (size_t i = 0; i < dc->nblocks; i++) {
		size_t n;
		const char *t = px_doc_block(dc, i, &n);
		if (n >= strlen(prefix) && !memcmp(t, prefix, strlen(prefix)))
			return px_label_name((px_label)dc->blocks[i].label);
	}
	return NULL;
}

static const char *reason_of(const px_dossier *d, size_t doc, const char *prefix)
{
	const px_doc *dc = &d->docs[doc];
	for (size_t i = 0; i < dc->nblocks; i++) {
		size_t n;
		const char *t = px_doc_block(dc, i, &n);
		if (n >= strlen(prefix) && !memcmp(t, prefix, strlen(prefix)))
			return dc->blocks[i].reason;
	}
	return NULL;
}

static const px_article *art_of(const px_dossier *d, size_t doc, int part)
{
	for (size_t i = 0; i < d->narts; i++)
		if (d->arts[i].doc == doc && d->arts[i].part == part)
			return &d->arts[i];
	return NULL;
}

static void features(void)
{
	px_clean_features f;
	uint32_t hits[PX_RULES_MAX_LANGS] = {0};
	const char *s = "The U.S. told Iraq that it will leave, see https://example.com or mail a@b.org.";
	px_clean_measure(R, s, strlen(s), &f, hits);
	is_int(f.words, 13, "features: words");
	is_int(f.links, 2, "features: a URL and an e-mail address are links");
	is_int(f.caps, 3, "features: capitalised words");
	ok(f.terminal, "features: ends like a sentence");
	ok(!f.bullet, "features: no list marker");
	uint32_t all = 0;
	for (int i = 0; i < PX_RULES_MAX_LANGS; i++)
		all += hits[i];
	ok(f.stopmask_words >= 5 && all >= 5, "features: stop words counted per language");

	const char *m = "* Politics & Policy";
	px_clean_measure(R, m, strlen(m), &f, hits);
	ok(f.bullet, "features: a list marker");
	ok(!f.terminal, "features: a menu entry does not end like a sentence");
	is_int(f.words, 2, "features: '*' and '&' are no words");

	const char *q = "“Is it over?” he asked.”";
	px_clean_measure(R, q, strlen(q), &f, hits);
	ok(f.terminal, "features: a sentence ending inside quotes");

	px_clean_features prose = {0}, menu = {0};
	prose.words = 40, prose.stops = 16, prose.chars = 240, prose.terminal = 1;
	menu.words = 4, menu.stops = 0, menu.chars = 30;
	ok(px_clean_prose_score(&prose) > 0.8f, "score: prose scores high");
	ok(px_clean_prose_score(&menu) < 0.2f, "score: a menu entry scores low");
	prose.links = 30;
	ok(px_clean_prose_score(&prose) < 0.6f, "score: links lower it");
}

static void labels(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b,
		"Home\n\nWorld\n\nPolitics\n\nBusiness\n\nSign in\n\n"
		"Embassy Faces Closure as Attacks Go On | World news\n\n"
		"By Jane Doe\n\n"
		"%s\n\n%s\n\n"
		"What comes next\n\n"
		"%s\n\n"
		"Facebook and Twitter were full of pictures of the embassy on Sunday, and a photo "
		"of the gate, shared thousands of times, showed the damage done by the rockets.\n\n"
		"%s\n\n"
		"Share this article\n\nFacebook\n\nTwitter\n\n"
		"Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\n"
		"Privacy Policy\n\nTerms of Use\n\n© 2020 Example News Ltd. All rights reserved.\n",
		P1, P2, P3, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "labels.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "labels: reader mode runs");
	const px_article *a = art_of(&d, doc, 1);
	ok(a && a->nparts == 1, "labels: one article");
	if (!a)
		goto out;
	is_str(a->title, "Embassy Faces Closure as Attacks Go On", "labels: title without the section suffix");
	is_str(a->byline, "Jane Doe", "labels: byline");
	is_str(label_of(&d, doc, "Home"), "boilerplate", "labels: menu entry");
	is_str(label_of(&d, doc, "Sign in"), "boilerplate", "labels: account prompt");
	is_str(label_of(&d, doc, "Embassy Faces"), "title", "labels: the title block");
	is_str(label_of(&d, doc, "By Jane"), "byline", "labels: the byline block");
	is_str(label_of(&d, doc, "The embassy has been"), "body", "labels: first paragraph");
	is_str(label_of(&d, doc, "What comes next"), "heading", "labels: a subheading between paragraphs");
	is_str(label_of(&d, doc, "Facebook and Twitter were"), "body",
	       "labels: a paragraph mentioning Facebook and a photo stays body");
	is_str(label_of(&d, doc, "Analysts said"), "body", "labels: last paragraph");
	is_str(label_of(&d, doc, "Share this"), "boilerplate", "labels: share prompt");
	is_str(reason_of(&d, doc, "Share this"), "share-prompt", "labels: the reason is the rule's name");
	is_str(label_of(&d, doc, "Leave a Reply"), "boilerplate", "labels: comment form");
	is_str(label_of(&d, doc, "©"), "boilerplate", "labels: copyright footer");
	const char *why = reason_of(&d, doc, "Diplomats in");
	ok(why && !strncmp(why, "classifier", 10), "labels: the classifier's reason for body");
	ok(!a->low_confidence, "labels: confident");
out:
	px_dossier_free(&d);
}

/* Pages that put the byline and date under the lead sentence and its
 * picture: they are still the article's; a name said twice is one. */
static void meta_in_body(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b,
		"Home\n\nWorld\n\nPolitics\n\n"
		"Embassy faces closure as the attacks go on\n\n"
		"The move is meant to spare the staff after months of rocket fire on the compound.\n\n"
		"Image: The embassy compound in Baghdad\n\n"
		"The embassy compound in Baghdad. Jane Roe / Reuters file\n\n"
		"Nov. 20, 2019, 9:28 AM UTC\n\n"
		"By Jane Doe Jane Doe\n\n"
		"%s\n\n%s\n\n%s\n\n%s\n\n"
		"Updated Dec. 2, 2019, 10:00 AM UTC\n\n"
		"Privacy Policy\n\nTerms of Use\n",
		P1, P2, P3, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "meta.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "meta in body: runs");
	const px_article *a = art_of(&d, doc, 1);
	ok(a != NULL, "meta in body: an article");
	if (!a)
		goto out;
	is_str(a->title, "Embassy faces closure as the attacks go on", "meta in body: the headline, not the caption");
	is_str(a->byline, "Jane Doe", "meta in body: the byline, its name once");
	{
		/* a handle and a date glued after the name */
		px_dossier d2;
		px_dossier_init(&d2);
		px_sbuf t = PX_SBUF_INIT;
		px_sbuf_printf(&t, "Embassy faces closure\n\nBy Chris Poe@ExampleSite Nov 18, 2019, 11:47am EST\n\n"
		               "%s\n\n%s\n\n%s\n", P1, P2, P3);
		add(&d2, "handle.txt", t.data);
		px_sbuf_free(&t);
		is_int(px_clean_dossier(&d2, R, &e), PX_OK, "byline handle: runs");
		is_str(d2.narts ? d2.arts[0].byline : NULL, "Chris Poe", "byline: no handle, no date");
		is_str(d2.narts ? d2.arts[0].date : NULL, "2019-11-18", "byline: its date is the article's");
		px_dossier_free(&d2);
		px_dossier_init(&d2);
		t = (px_sbuf)PX_SBUF_INIT;
		px_sbuf_printf(&t, "Embassy faces closure\n\nBy Tariq Poe, Mike Roe 2019-11-18T22:05:36Z Spaceflight\n\n"
		               "%s\n\n%s\n\n%s\n", P1, P2, P3);
		add(&d2, "iso.txt", t.data);
		px_sbuf_free(&t);
		is_int(px_clean_dossier(&d2, R, &e), PX_OK, "byline time stamp: runs");
		is_str(d2.narts ? d2.arts[0].byline : NULL, "Tariq Poe, Mike Roe", "byline: no time stamp, no section");
		px_dossier_free(&d2);
	}
	is_str(a->date, "2019-11-20", "meta in body: the date under the picture, not a later update");
	is_str(label_of(&d, doc, "The embassy compound in Baghdad."), "caption",
	       "meta in body: the picture's credit line is a caption");
out:
	px_dossier_free(&d);
}

/* A paragraph of prose scraped twice: read once, the copy dropped; a
 * menu line repeated on the page stays boilerplate both times. */
static void doubled(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "World news\n\nEmbassy faces closure\n\n%s\n\n%s\n\n%s\n\n%s\n\n%s\n\nWorld news\n", P1,
	               P2, P2, P3, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "doubled.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "doubled: runs");
	const px_doc *dc = &d.docs[doc];
	int body = 0, dropped = 0, menus = 0;
	for (size_t i = 0; i < dc->nblocks; i++) {
		size_t n;
		const char *t = px_doc_block(dc, i, &n);
		if (n >= 20 && !memcmp(t, P2, 20)) {
			body += dc->blocks[i].label == PX_LABEL_BODY;
			dropped += dc->blocks[i].label == PX_LABEL_BOILERPLATE;
		}
		if (n == 10 && !memcmp(t, "World news", 10))
			menus += dc->blocks[i].label == PX_LABEL_BOILERPLATE;
	}
	is_int(body, 1, "doubled: the paragraph read once");
	is_int(dropped, 1, "doubled: its copy dropped");
	is_int(menus, 2, "doubled: a repeated menu line dropped both times");
	px_dossier_free(&d);
}

/* Menus no rule knows go by the classifier and its smoothing. */
static void unknown_menus(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b,
		"Gazette Quotidienne\n\nFrontpage\n\nOur Regions\n\nThe Valley\n\nHill Country\n\n"
		"%s\n\n%s\n\n%s\n\n"
		"Valley Farmers Market\n\nHill Country Fair\n\nRiver Days Festival\n\nWinter Lights\n",
		P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "menus.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "Our Regions"), "boilerplate", "unknown menu entry above the article");
	is_str(label_of(&d, doc, "River Days"), "boilerplate", "unknown list below the article");
	is_str(label_of(&d, doc, "Diplomats in"), "body", "the article between them");
	px_dossier_free(&d);
}

static void never_eat(void)
{
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "short.txt",
		"Roses are red\n\nViolets are blue\n\nSugar is sweet\n\nAnd so are you\n");
	size_t doc2 = add(&d, "tiny.txt", "Good article\n\nIt has text.\n");
	px_error e;
	px_clean_dossier(&d, R, &e);
	const px_article *a = art_of(&d, doc, 1);
	ok(a && a->low_confidence, "never eat: a text with no prose is low-confidence");
	is_str(label_of(&d, doc, "Violets"), "body", "never eat: its lines are kept");
	is_str(label_of(&d, doc, "And so"), "body", "never eat: all of them");
	const px_article *t = art_of(&d, doc2, 1);
	is_str(t ? t->title : NULL, "Good article", "never eat: a short note keeps a title");
	is_str(label_of(&d, doc2, "It has"), "body", "never eat: and its one sentence");
	px_dossier_free(&d);
}

/* A weekday before the date, whole or cut short, names no outlet. */
static void dateline_weekday(void)
{
	px_sbuf b = PX_SBUF_INIT, c = PX_SBUF_INIT;
	px_sbuf_printf(&b, "Embassy may close, officials say\n\nTue 29 Sep 2020 10.12 BST\n\n%s\n\n%s\n",
	               P1, P2);
	px_sbuf_printf(&c, "Embassy may close, officials say\n\nThe Hill, Thurs. September 28, 2020\n\n"
	               "%s\n\n%s\n", P1, P2);
	px_dossier d;
	px_dossier_init(&d);
	size_t d1 = add(&d, "tue.txt", b.data), d2 = add(&d, "thurs.txt", c.data);
	px_sbuf_free(&b);
	px_sbuf_free(&c);
	px_error e;
	px_clean_dossier(&d, R, &e);
	const px_article *a1 = art_of(&d, d1, 1), *a2 = art_of(&d, d2, 1);
	is_str(a1 ? a1->date : NULL, "2020-09-29", "a dateline after an abbreviated weekday");
	ok(a1 && !a1->outlet, "an abbreviated weekday is no outlet");
	is_str(a2 ? a2->outlet : NULL, "The Hill", "the outlet before a weekday cut short");
	px_dossier_free(&d);
}

static void aggregate(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b,
		"Daily Digest\n\nNews\n\nArchives\n\n"
		"Embassy may close, officials say\n\nBy John Smith,\n\nThe Daily Planet, March 3, 2021\n\n"
		"%s\n\n%s\n\nhttps://example.com/2021/03/embassy-may-close\n\n***\n\n"
		"Militias deny role in attacks\n\nGlobe Wire, AFP, March 2, 2021\n\n"
		"%s\n\n%s\n\nhttps://news.example.org/militias-deny\n\n***\n\n"
		"Fair Use Notice\n\neditor@example.com\n",
		P1, P2, P3, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "digest.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_int(d.narts, 2, "aggregate: two articles");
	const px_article *a = art_of(&d, doc, 1), *c = art_of(&d, doc, 2);
	if (!a || !c)
		goto out;
	is_int(a->nparts, 2, "aggregate: nparts");
	is_str(a->title, "Embassy may close, officials say", "aggregate: first title");
	is_str(a->byline, "John Smith", "aggregate: first byline");
	is_str(a->outlet, "The Daily Planet", "aggregate: first outlet from the dateline");
	is_str(a->date, "2021-03-03", "aggregate: first date");
	is_str(a->url, "https://example.com/2021/03/embassy-may-close", "aggregate: first URL");
	is_str(c->title, "Militias deny role in attacks", "aggregate: second title");
	is_str(c->outlet, "Globe Wire/AFP", "aggregate: second outlet, two names");
	is_str(c->date, "2021-03-02", "aggregate: second date");
	is_str(c->url, "https://news.example.org/militias-deny", "aggregate: second URL");
	ok(a->block_end == c->block_first, "aggregate: the articles tile the doc");
	is_str(label_of(&d, doc, "Daily Digest"), "boilerplate", "aggregate: masthead");
	is_str(label_of(&d, doc, "Fair Use"), "boilerplate", "aggregate: footer");
	/* a section break in one article is not an aggregate */
	px_sbuf_printf(&b, "One story\n\n%s\n\n%s\n\n* * *\n\n%s\n\n%s\n", P1, P2, P3, P4);
	size_t one = add(&d, "one.txt", b.data);
	px_sbuf_free(&b);
	px_clean_doc(&d, one, R, &e);
	const px_article *o = art_of(&d, one, 1);
	ok(o && o->nparts == 1, "aggregate: a section break alone does not split");
	is_str(label_of(&d, one, "Analysts said"), "body", "aggregate: the text after the break stays");
out:
	px_dossier_free(&d);
}

static void wire(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_dossier d;
	px_dossier_init(&d);
	px_sbuf_printf(&b, "Story one\n\n%s\n\n%s\n\n%s\n\n%s\n", P1, P2, P3, P4);
	add(&d, "a.txt", b.data);
	b.len = 0;
	/* the same wire story, re-punctuated, one paragraph dropped */
	px_sbuf_printf(&b, "Another headline for it\n\n%s\n\n%s\n\n%s\n\nLeave a Reply\n", P1, P2, P4);
	for (char *p = b.data; *p; p++)
		if (*p == ',')
			*p = ';';
	add(&d, "b.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "Unrelated\n\n%s\n\n%s\n",
		"The city council voted on Tuesday to build a new library near the river, a project "
		"that has been debated for more than a decade and that will cost far more than planned.",
		"Residents who spoke at the meeting were divided, with some saying that the money "
		"would be better spent on roads and others saying that the town had waited long enough.");
	add(&d, "c.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "wire: runs");
	is_int(d.arts[1].wire_of, 0, "wire: the copy points to the first");
	ok(d.arts[1].wire_overlap > 0.8f, "wire: overlap share");
	is_int(d.arts[0].wire_of, -1, "wire: the first points nowhere");
	is_int(d.arts[2].wire_of, -1, "wire: an unrelated story is no copy");
	px_dossier_free(&d);
}

/* Near copies, each with a line of its own (so that no two sets of
 * shingles are equal and every pair is compared exactly): the candidates'
 * sets are built and compared on several threads, and the answers must
 * not depend on how many. */
#define NEAR 48
static void wire_near_run(const char *threads, long *of, float *ov)
{
	setenv("PARALLAX_THREADS", threads, 1);
	px_sbuf b = PX_SBUF_INIT;
	px_dossier d;
	px_dossier_init(&d);
	for (int k = 0; k < NEAR; k++) {
		char name[32];
		snprintf(name, sizeof name, "near%d.txt", k);
		b.len = 0;
		px_sbuf_printf(&b, "Story %d\n\n%s\n\n%s\n\n%s\n\n%s\n\n"
			"Reported for edition number %d of the morning paper by the desk staff.\n",
			k, P1, P2, P3, P4, k);
		add(&d, name, b.data);
	}
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "wire near: runs");
	for (size_t k = 0; k < NEAR; k++) {
		of[k] = d.arts[k].wire_of;
		ov[k] = d.arts[k].wire_overlap;
	}
	px_dossier_free(&d);
	unsetenv("PARALLAX_THREADS");
}

static void wire_near(void)
{
	long of1[NEAR], of2[NEAR];
	float ov1[NEAR], ov2[NEAR];
	wire_near_run("1", of1, ov1);
	wire_near_run("2", of2, ov2);
	int same = 1, copies = 1;
	for (int k = 0; k < NEAR; k++) {
		same &= of1[k] == of2[k] && ov1[k] == ov2[k];
		if (k > 0)
			copies &= of1[k] >= 0 && of1[k] < k && ov1[k] > 0.8f && ov1[k] < 1.0f;
	}
	is_int(of1[0], -1, "wire near: the first points nowhere");
	ok(copies, "wire near: every later one is a copy of an earlier one");
	ok(same, "wire near: one thread or two, the same answers");
}

/* A story saved twice and reprinted word for word: the copies take the
 * first article's shingles without hashing them again (clean_wire.c), so
 * they must point to it with a whole overlap, while a copy with one
 * sentence changed is still compared exactly. */
static void wire_verbatim(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_dossier d;
	px_dossier_init(&d);
	const char *heads[] = {"First outlet", "Second outlet, same story", "Edited copy",
	                       "Third outlet, same story"};
	for (int k = 0; k < 4; k++) {
		b.len = 0;
		px_sbuf_printf(&b, "%s\n\n%s\n\n%s\n\n%s\n\n%s\n\nLeave a Reply\n", heads[k], P1,
		               k == 2 ? "Diplomats said nothing at all about any plan of that kind."
		                      : P2,
		               P3, P4);
		char name[32];
		snprintf(name, sizeof name, "v%d.txt", k);
		add(&d, name, b.data);
	}
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "wire verbatim: runs");
	is_int(d.arts[0].wire_of, -1, "wire verbatim: the original points nowhere");
	is_int(d.arts[1].wire_of, 0, "wire verbatim: a reprint points to the original");
	ok(d.arts[1].wire_overlap == 1.0f, "wire verbatim: all of it shared");
	is_int(d.arts[3].wire_of, 0, "wire verbatim: a reprint of a reprint points to the first");
	ok(d.arts[3].wire_overlap == 1.0f, "wire verbatim: all of it shared, again");
	is_int(d.arts[2].wire_of, 0, "wire verbatim: an edited copy is a copy");
	ok(d.arts[2].wire_overlap > 0.5f && d.arts[2].wire_overlap < 1.0f,
	   "wire verbatim: an edited copy shares less than all");
	px_dossier_free(&d);
}

/* Typographic quotes are punctuation, other characters opening with the
 * same byte (0xE2: a dash, an ellipsis) are word bytes: a story quoted
 * with curly quotes and with straight ones has the same shingles, hence
 * is a whole copy, while one whose dashes became spaces has other words
 * there and is a copy of less than all (clean_wire.c tests 0xE2 apart
 * from the other bytes, in the signature pass and in the exact sets). */
static void wire_quotes(void)
{
	static const char *const q[2][5] = {
		{"\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x99", "\xE2\x80\x98", "\xE2\x80\x94"},
		{"\"", "\"", "'", "'", "\xE2\x80\x94"},
	};
	px_sbuf b = PX_SBUF_INIT;
	px_dossier d;
	px_dossier_init(&d);
	for (int k = 0; k < 3; k++) {
		const char *const *c = q[k == 1];
		const char *dash = k == 2 ? " " : c[4];
		b.len = 0;
		px_sbuf_printf(&b, "Quoted story %d\n\n%s\n\n"
			"%sWe have run out of patience,%s one official said of Iraq%ss government%sa "
			"view shared by many in the capital%sand the embassy%ss staff were told to "
			"prepare\xE2\x80\xA6 for the worst, as the officials put it in a statement.\n\n"
			"%s\n\n%sThe %swithdrawal%s would be a victory for the groups firing the "
			"rockets,%s a diplomat said on Sunday evening after the meeting ended.%s\n\n"
			"%s\n",
			k, P1, c[0], c[1], c[2], dash, dash, c[2], P2, c[0], c[3], c[2], c[1], c[1],
			P3);
		char name[32];
		snprintf(name, sizeof name, "q%d.txt", k);
		add(&d, name, b.data);
	}
	px_sbuf_free(&b);
	px_error e;
	is_int(px_clean_dossier(&d, R, &e), PX_OK, "wire quotes: runs");
	is_int(d.arts[0].wire_of, -1, "wire quotes: the first points nowhere");
	is_int(d.arts[1].wire_of, 0, "wire quotes: straight quotes for curly, a copy");
	ok(d.arts[1].wire_overlap == 1.0f, "wire quotes: all of it shared");
	ok(d.arts[2].wire_of == 0 || d.arts[2].wire_of == 1, "wire quotes: dashes gone, a copy");
	ok(d.arts[2].wire_overlap > 0.5f && d.arts[2].wire_overlap < 1.0f,
	   "wire quotes: dashes gone, words changed");
	px_dossier_free(&d);
}

/* The dossier-wide pass remembers blocks it has seen (a site's menus and
 * footers repeat on every page): its labels, reasons and scores must be
 * those of each doc cleaned alone, however the docs repeat each other,
 * and whatever the case of a repeated line (hashed case-blind, compared
 * exactly). */
#define MEMO_DOCS 40
static void build_memo_docs(px_dossier *d, int ndocs)
{
	static const char *chrome[] = {
		"Home\nWorld\nPolitics\nBusiness\nSport",
		"HOME\nWORLD\nPOLITICS\nBUSINESS\nSPORT",
		"Sign up for our newsletter",
		"SIGN UP FOR OUR NEWSLETTER",
		"Share this article",
		"Copyright 2020 The Daily Example. All rights reserved.",
		/* the same words, cased apart: capitals decide what a line
		 * without a sentence's end is */
		"the latest news from the city and the region on politics and business and the "
		"arts and the sport and the weather for you and your family",
		"The Latest News From The City And The Region On Politics And Business And The "
		"Arts And The Sport And The Weather For You And Your Family",
		"Leave a Reply",
		"Your email address will not be published.",
	};
	const char *paras[] = {P1, P2, P3, P4};
	px_sbuf b = PX_SBUF_INIT;
	for (int k = 0; k < ndocs; k++) {
		b.len = 0;
		px_sbuf_printf(&b, "%s\n\nHeadline number %d\n\n", chrome[k % 2], k % 7);
		for (int p = 0; p < 4; p++)
			px_sbuf_printf(&b, "%s\n\n", paras[(k + p) % 4]);
		/* a paragraph of one doc is another doc's chrome */
		if (k % 5 == 0)
			px_sbuf_printf(&b, "%s\n\n", paras[k % 4]);
		for (int c = 2; c < 10; c++)
			if ((k + c) % 3)
				px_sbuf_printf(&b, "%s\n\n", chrome[c ^ (k & 1)]);
		char name[32];
		snprintf(name, sizeof name, "m%d.txt", k);
		add(d, name, b.data);
	}
	px_sbuf_free(&b);
}

/* ndocs docs on threads threads, against each doc cleaned alone: the
 * memo, and the workers that take the docs left in each other's shares
 * (with 4 threads on 100 docs each share is 25 docs; whichever thread
 * cleans a doc, it is cleaned once and as when alone) */
static void memo_run(const char *threads, int ndocs)
{
	setenv("PARALLAX_THREADS", threads, 1);
	px_dossier all, one;
	px_dossier_init(&all);
	px_dossier_init(&one);
	build_memo_docs(&all, ndocs);
	build_memo_docs(&one, ndocs);
	px_error e;
	is_int(px_clean_docs(&all, R, NULL, NULL, &e), PX_OK, "memo: the dossier pass runs");
	int ran = 1;
	for (size_t k = 0; k < one.ndocs; k++)
		ran &= px_clean_doc(&one, k, R, &e) == PX_OK;
	ok(ran, "memo: doc by doc runs");
	size_t diff = 0, blocks = 0;
	for (size_t k = 0; k < all.ndocs; k++)
		for (size_t i = 0; i < all.docs[k].nblocks; i++) {
			const px_block *x = &all.docs[k].blocks[i], *y = &one.docs[k].blocks[i];
			blocks++;
			diff += x->label != y->label || x->score != y->score ||
			        (x->reason != y->reason &&
			         (!x->reason || !y->reason || strcmp(x->reason, y->reason)));
		}
	ok(blocks > (size_t)ndocs * 8, "memo: the docs have blocks");
	is_int((long)diff, 0, "memo: every block as when its doc is cleaned alone");
	is_int((long)all.narts, (long)one.narts, "memo: the same articles");
	px_dossier_free(&all);
	px_dossier_free(&one);
	unsetenv("PARALLAX_THREADS");
}

static void memo(void)
{
	memo_run("1", MEMO_DOCS);
	memo_run("2", MEMO_DOCS);
	memo_run("4", 100);
}

/* A comment section's heading ends the article: the prose under it is
 * the readers', not the article's. */
static void ends(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n12 Comments\n\n"
		"I think that the government should have acted much sooner, and that the "
		"embassy was never safe in the first place, as anyone who has been there knows.\n\n"
		"This is exactly what we said would happen when the troops left, and nobody "
		"listened to us then, so why would they listen to us now?\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "comments.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "The prime minister"), "body", "ends: the article's last paragraph");
	is_str(label_of(&d, doc, "12 Comments"), "boilerplate", "ends: the comments heading");
	is_str(label_of(&d, doc, "I think that"), "boilerplate", "ends: a reader's comment");
	is_str(label_of(&d, doc, "This is exactly"), "boilerplate", "ends: another one");
	px_dossier_free(&d);
}

/* A page's date stamp above the body, whatever words sit around its date,
 * is a dateline: not the title, not a standfirst. A title that mentions a
 * date stays the title. */
static void date_stamps(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "Embassy Faces Closure as Attacks Go On\n\n"
		"Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET\n\n"
		"%s\n\n%s\n\n%s\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "stamp.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "Jane Doe 27/09/2018 Comment! Politics, Iraq\n\n%s\n\n%s\n\n%s\n",
		P1, P2, P3);
	size_t doc2 = add(&d, "stamp2.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "What the Embassy Staff Were Told on September 28, 2020\n\n"
		"%s\n\n%s\n\n%s\n", P1, P2, P3);
	size_t doc3 = add(&d, "stamp3.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "Updated Nov."), "dateline", "stamps: a date stamp is no standfirst");
	const px_article *a = art_of(&d, doc, 1);
	ok(a && a->date && !strcmp(a->date, "2019-11-19"), "stamps: the article's date from it");
	is_str(label_of(&d, doc, "Embassy Faces"), "title", "stamps: the title above it");
	is_str(label_of(&d, doc2, "Jane Doe 27/09"), "dateline", "stamps: a numeric date with its author");
	is_str(label_of(&d, doc3, "What the Embassy"), "title",
	       "stamps: a title that names a date late in it stays the title");
	px_dossier_free(&d);
}

/* A long headline in capitals between paragraphs links to another story;
 * a short subheading in capitals is the article's own. */
static void shouted(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n"
		"SINGER SAYS THE SHOW HAS HELPED HER LOSE 25 POUNDS\n\n%s\n\n"
		"GROWING RIFT\n\n%s\n\n%s\n", P1, P2, P3, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "shouted.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "SINGER SAYS"), "boilerplate", "shouted: a teaser in capitals");
	is_str(label_of(&d, doc, "GROWING RIFT"), "heading", "shouted: a short subheading in capitals");
	is_str(label_of(&d, doc, "Diplomats in"), "body", "shouted: the paragraph after the teaser");
	px_dossier_free(&d);
}

/* A logo's text said twice above the headline is not the title; a
 * headline of two words said twice may be. */
static void doubled_word(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "MoreNews MoreNews\n\nEmbassy Faces Closure as Attacks Go On\n\n"
		"%s\n\n%s\n\n%s\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "logo.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "New York New York\n\n%s\n\n%s\n\n%s\n", P1, P2, P3);
	size_t doc2 = add(&d, "ny.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	const px_article *a = art_of(&d, doc, 1);
	is_str(a ? a->title : NULL, "Embassy Faces Closure as Attacks Go On",
	       "doubled: a logo's word twice is not the title");
	a = art_of(&d, doc2, 1);
	is_str(a ? a->title : NULL, "New York New York", "doubled: two words twice may be");
	px_dossier_free(&d);
}

/* An embedded post's attribution right under the body's last paragraph
 * closes the quote the article ends on; one beyond a share bar does not. */
static void tweet_end(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"— Jane Doe (@janedoe) November 18, 2019\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "tweet.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"Share this article\n\n— Jane Doe (@janedoe) November 18, 2019\n", P1, P2, P3);
	size_t doc2 = add(&d, "tweet2.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "— Jane Doe"), "quote", "tweet end: the attribution under the body");
	is_str(label_of(&d, doc2, "— Jane Doe"), "boilerplate",
	       "tweet end: not past a share bar");
	px_dossier_free(&d);
}

/* Three headlines or more in a list under the article are links to other
 * stories, their heading with them; the article's own list, after its
 * lead-in with a colon, stays. */
static void headline_list(void)
{
	const char *list = "* Moon Rush: Private Lunar Lander Plans\n"
		"* How the embassy became a target for the militias\n"
		"* What the withdrawal means for the prime minister\n";
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"More Great Stories\n\n%s\n%s\n", P1, P2, P3, list, P4);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "list.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"The three questions the envoys will put to him are:\n\n%s\n%s\n", P1, P2, P3,
		list, P4);
	size_t doc2 = add(&d, "list2.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\nKey Points\n\n%s\n%s\n\n%s\n\n%s\n",
		P1, list, P2, P3, P4);
	size_t doc3 = add(&d, "list3.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "* How the embassy"), "boilerplate", "headlines: a list of links");
	is_str(label_of(&d, doc, "More Great Stories"), "boilerplate", "headlines: the list's heading");
	is_str(label_of(&d, doc2, "* How the embassy"), "body", "headlines: a list after a lead-in stays");
	is_str(label_of(&d, doc, "Analysts said"), "body", "headlines: the paragraph after the list");
	is_str(label_of(&d, doc3, "* How the embassy"), "body",
	       "headlines: a list above most of the prose stays");
	px_dossier_free(&d);
}

/* A section's name of a word or two over the headline is not the title;
 * a headline over its deck is. A caption packed with names just above
 * the body is no standfirst; a sentence there is. */
static void kicker(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "White House\n\nEmbassy Faces Closure as Attacks Go On\n\n"
		"%s\n\n%s\n\n%s\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "kicker.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "Embassy Faces Closure\n\nWhy the Prime Minister Cannot Stop the Attacks Alone\n\n"
		"%s\n\n%s\n\n%s\n", P1, P2, P3);
	size_t doc2 = add(&d, "deck.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "Embassy Faces Closure as Attacks Go On\n\n"
		"Rafael Nadal, Marcel Granollers, Feliciano Lopez, Roberto Bautista-Agut, Pablo "
		"Carreno Busta, Sergi Bruguera, Madrid, Spain, Tuesday, Nov. 19, 2019.\n\n"
		"Share this story\n\n%s\n\n%s\n\n%s\n", P1, P2, P3);
	size_t doc3 = add(&d, "caption.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "Embassy Faces Closure as Attacks Go On\n\n"
		"The move would leave the prime minister more exposed than ever.\n\n"
		"Share this story\n\n%s\n\n%s\n\n%s\n", P1, P2, P3);
	size_t doc4 = add(&d, "stand.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	const px_article *a = art_of(&d, doc, 1);
	is_str(a ? a->title : NULL, "Embassy Faces Closure as Attacks Go On",
	       "kicker: a section's name over the headline is not the title");
	a = art_of(&d, doc2, 1);
	is_str(a ? a->title : NULL, "Embassy Faces Closure", "kicker: a headline over its deck is");
	is_str(label_of(&d, doc2, "Why the Prime"), "standfirst", "kicker: the deck");
	is_str(label_of(&d, doc3, "Rafael Nadal"), "boilerplate",
	       "kicker: a caption of names is no standfirst");
	is_str(label_of(&d, doc4, "The move would"), "standfirst", "kicker: a sentence is");
	px_dossier_free(&d);
}

/* A short sentence at the body's edge is the article's; one of mostly
 * capitalised words is a headline asking its question, or a teaser. */
static void edge_headline(void)
{
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"Does the Embassy Have a Future in Baghdad After the Attacks?\n\n"
		"Share this story\n", P1, P2, P3);
	px_dossier d;
	px_dossier_init(&d);
	size_t doc = add(&d, "edge.txt", b.data);
	b.len = 0;
	px_sbuf_printf(&b, "A headline for the story\n\n%s\n\n%s\n\n%s\n\n"
		"Does the embassy have a future in Baghdad after the attacks?\n\n"
		"Share this story\n", P1, P2, P3);
	size_t doc2 = add(&d, "edge2.txt", b.data);
	/* German capitalises its nouns: a short sentence there may be
	 * mostly capitals */
	b.len = 0;
	px_sbuf_printf(&b, "Eine Schlagzeile\n\n"
		"Die Bundesregierung hat am Mittwoch einen Entwurf vorgelegt, nach dem die "
		"elektronische Akte bis zum Jahr 2021 in allen Praxen eingeführt werden soll, "
		"und die Kassen sollen die Kosten dafür tragen.\n\n"
		"Die Ärzte sind sich aber nicht einig, ob das Vorhaben in dieser Zeit zu schaffen "
		"ist, und viele von ihnen fürchten, dass die Technik noch nicht so weit ist.\n\n"
		"Die Krankenkassen unterstützen das Projekt Vivy.\n\nShare this story\n");
	size_t doc3 = add(&d, "edge3.txt", b.data);
	px_sbuf_free(&b);
	px_error e;
	px_clean_dossier(&d, R, &e);
	is_str(label_of(&d, doc, "Does the Embassy"), "boilerplate", "edge: a headline's question");
	is_str(label_of(&d, doc2, "Does the embassy"), "body", "edge: the article's last question");
	is_str(label_of(&d, doc3, "Die Krankenkassen"), "body",
	       "edge: a German sentence of capitalised nouns");
	px_dossier_free(&d);
}

static void diag(void *ctx, const char *msg)
{
	(void)ctx;
	printf("# rule diagnostic: %s\n", msg);
}

/* Docs the dossier holds twice get the first copy's results, copied:
 * labels, reasons, scores and articles (their metadata their own
 * strings, their doc their own). Against each doc cleaned alone, on one
 * thread and on three: exact copies, a copy with one word changed in its
 * middle (the sampled hash cannot see it: it must be cleaned for itself),
 * one with a line added at the end; and the progress callback once per
 * doc. */
static atomic_int twin_calls;
static int count_call(void *ctx)
{
	(void)ctx;
	atomic_fetch_add(&twin_calls, 1);
	return 0;
}

static void twins_run(const char *threads)
{
	setenv("PARALLAX_THREADS", threads, 1);
	px_sbuf base = PX_SBUF_INIT, mid = PX_SBUF_INIT, tail = PX_SBUF_INIT;
	px_sbuf_printf(&base, "Home\nWorld\nPolitics\n\nThe headline of the day\n\nBy Jane Doe, "
	                      "March 3, 2021\n\n%s\n\n%s\n\n%s\n\nSign up for our newsletter\n",
	               P1, P2, P3);
	/* the same length, one word changed half way (a byte no sample reads) */
	px_sbuf_append(&mid, base.data, base.len);
	char *at = strstr(mid.data + base.len / 2, "the ");
	if (at)
		memcpy(at, "THE ", 4);
	px_sbuf_printf(&tail, "%sArchived as copy 2.\n", base.data);
	const char *texts[] = {base.data, P4, base.data, mid.data, tail.data, base.data, P4};
	enum { N = sizeof texts / sizeof *texts };
	px_dossier all, one;
	px_dossier_init(&all);
	px_dossier_init(&one);
	/* enough docs for the threads: the seven, four times over */
	for (int r = 0; r < 4; r++)
		for (int k = 0; k < N; k++) {
			char name[32];
			snprintf(name, sizeof name, "t%d-%d.txt", r, k);
			add(&all, name, texts[k]);
			add(&one, name, texts[k]);
		}
	px_error e;
	atomic_store(&twin_calls, 0);
	is_int(px_clean_docs(&all, R, count_call, NULL, &e), PX_OK, "twins: the dossier pass runs");
	is_int(atomic_load(&twin_calls), (int)all.ndocs, "twins: progress once per doc");
	int ran = 1;
	for (size_t k = 0; k < one.ndocs; k++)
		ran &= px_clean_doc(&one, k, R, &e) == PX_OK;
	ok(ran && at != NULL, "twins: doc by doc runs");
	/* (the changed copy meets the first in the sampled hash, and only
	 * the full compare tells them apart) */
	ok(px_text_sample_hash(all.docs[3].text.s, all.docs[3].text.len) ==
	   px_text_sample_hash(all.docs[0].text.s, all.docs[0].text.len) &&
	   all.docs[3].text.len == all.docs[0].text.len &&
	   memcmp(all.docs[3].text.s, all.docs[0].text.s, all.docs[0].text.len) != 0,
	   "twins: a copy changed where no sample reads shares the hash");
	size_t diff = 0;
	for (size_t k = 0; k < all.ndocs; k++)
		for (size_t i = 0; i < all.docs[k].nblocks; i++) {
			const px_block *x = &all.docs[k].blocks[i], *y = &one.docs[k].blocks[i];
			diff += x->label != y->label || x->score != y->score ||
			        (x->reason != y->reason &&
			         (!x->reason || !y->reason || strcmp(x->reason, y->reason)));
		}
	is_int((long)diff, 0, "twins: every block as when its doc is cleaned alone");
	int same = all.narts == one.narts;
	for (size_t a = 0; same && a < all.narts; a++) {
		const px_article *x = &all.arts[a], *y = &one.arts[a];
		same = x->doc == y->doc && x->block_first == y->block_first &&
		       x->block_end == y->block_end && x->part == y->part && x->nparts == y->nparts;
		const char *fx[] = {x->title, x->byline, x->date, x->outlet, x->url};
		const char *fy[] = {y->title, y->byline, y->date, y->outlet, y->url};
		for (int f = 0; f < 5 && same; f++)
			same = (!fx[f] && !fy[f]) || (fx[f] && fy[f] && !strcmp(fx[f], fy[f]));
	}
	ok(same, "twins: the same articles, each its own doc's");
	/* a copy's metadata are its own strings (freeing the dossier frees each once) */
	int own = 1;
	for (size_t a = 0; a < all.narts; a++)
		for (size_t b = a + 1; b < all.narts; b++)
			if (all.arts[a].title && all.arts[a].title == all.arts[b].title)
				own = 0;
	ok(own, "twins: no string shared between copies");
	ok(all.narts > 0 && all.arts[0].title != NULL, "twins: the page has a title");
	px_dossier_free(&all);
	px_dossier_free(&one);
	px_sbuf_free(&base);
	px_sbuf_free(&mid);
	px_sbuf_free(&tail);
	unsetenv("PARALLAX_THREADS");
}

static void twins(void)
{
	twins_run("1");
	twins_run("3");
}

int main(void)
{
	px_error e;
	if (px_rules_load(&R, PX_SRCDIR "/share/parallax", NULL, diag, NULL, &e) != PX_OK) {
		printf("Bail out! %s\n", e.msg);
		return 1;
	}
	features();
	labels();
	unknown_menus();
	never_eat();
	aggregate();
	dateline_weekday();
	wire();
	wire_near();
	wire_verbatim();
	wire_quotes();
	meta_in_body();
	doubled();
	memo();
	twins();
	ends();
	date_stamps();
	shouted();
	doubled_word();
	tweet_end();
	headline_list();
	kicker();
	edge_headline();
	px_rules_free(R);
	return tap_done();
}
