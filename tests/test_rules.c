/* test_rules.c - the shipped rule families (what each must name and what it
 * must leave alone), stop words, and rule-file errors. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicase.h>

#include "parallax/alloc.h"
#include "parallax/rules.h"
#include "parallax/sbuf.h"
#include "tap.h"

typedef struct diags {
	int n;
	char last[8][512];
} diags;

static void collect(void *ctx, const char *msg)
{
	diags *d = ctx;
	if (d->n < 8)
		snprintf(d->last[d->n], sizeof d->last[0], "%s", msg);
	d->n++;
}

/* The name of the rule that names text, or "-" (a leading list marker is
 * the caller's business, as in reader mode). */
static const char *rule_of(const px_rules *r, px_rules_matcher *m, const char *text)
{
	int i = px_rules_match(r, m, text, strlen(text));
	return i < 0 ? "-" : px_rules_name(r, i);
}

static const char *label_of(const px_rules *r, px_rules_matcher *m, const char *text)
{
	int i = px_rules_match(r, m, text, strlen(text));
	return i < 0 ? "-" : px_label_name(px_rules_label(r, i));
}

/* text must be named by a rule whose name starts with family */
static void yes(const px_rules *r, px_rules_matcher *m, const char *family, const char *text)
{
	const char *got = rule_of(r, m, text);
	char what[300];
	snprintf(what, sizeof what, "%s: \"%.200s\"", family, text);
	if (!ok(!strncmp(got, family, strlen(family)), what))
		printf("#   named by: %s\n", got);
}

/* text must not be boilerplate (body text that mentions the same things) */
static void no(const px_rules *r, px_rules_matcher *m, const char *text)
{
	const char *got = label_of(r, m, text);
	char what[300];
	snprintf(what, sizeof what, "not boilerplate: \"%.200s\"", text);
	if (!ok(strcmp(got, "boilerplate") != 0, what))
		printf("#   named by: %s\n", rule_of(r, m, text));
}

static void shipped(void)
{
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_status s = px_rules_load(&r, PX_SRCDIR "/share/parallax", NULL, collect, &dg, &e);
	is_int(s, PX_OK, "the shipped rules load");
	if (!r)
		return;
	is_int(dg.n, 0, "the shipped rules load without a diagnostic");
	if (dg.n)
		printf("#   %s\n", dg.last[0]);
	ok(px_rules_count(r) > 100, "over a hundred shipped rules");
	px_rules_matcher *m = px_rules_matcher_new(r);

	/* comment forms, in five languages */
	yes(r, m, "comment", "Please enter your comment!");
	yes(r, m, "comment", "Please enter your name here");
	yes(r, m, "comment", "Leave a Reply");
	yes(r, m, "comment", "Your email address will not be published. Required fields are marked *");
	yes(r, m, "comment", "Save my name, email, and website in this browser for the next time I comment.");
	yes(r, m, "comment", "12 Comments");
	yes(r, m, "comment", "Laisser un commentaire");
	yes(r, m, "comment", "Votre adresse e-mail ne sera pas publiée.");
	yes(r, m, "comment", "Schreibe einen Kommentar");
	yes(r, m, "comment", "Deine E-Mail-Adresse wird nicht veröffentlicht.");
	yes(r, m, "comment", "Deja un comentario");
	yes(r, m, "comment", "Deixe um comentário");
	no(r, m, "Please enter your comments on the draft by Friday, the ministry told residents, who have until the end of the month to respond.");
	no(r, m, "Leave a reply to the ministry was all the union asked for, its leader said on Monday.");

	/* share prompts and social buttons */
	yes(r, m, "share", "Share the link of this article with your facebook friends");
	yes(r, m, "share", "Share this story");
	yes(r, m, "share", "Share on Facebook");
	yes(r, m, "share", "Facebook Twitter WhatsApp Email");
	yes(r, m, "share", "Follow us on Twitter");
	yes(r, m, "share", "Partager sur Facebook");
	yes(r, m, "share", "Compartilhe");
	no(r, m, "Facebook said on Tuesday it had removed hundreds of accounts linked to the campaign, and Twitter followed a day later.");
	no(r, m, "Share prices fell sharply in early trading");
	no(r, m, "Shares of the company rose 4 percent.");

	/* source link, fair use, copyright, disclaimers */
	yes(r, m, "source", "Source link");
	yes(r, m, "fair-use", "Fair Use Notice");
	yes(r, m, "fair-use", "This site contains copyrighted material the use of which has not always "
	    "been authorized by the copyright owner. We believe this constitutes a fair use.");
	yes(r, m, "copyright", "© 2019 Vox Media, LLC. All Rights Reserved");
	yes(r, m, "copyright", "Copyright 2020 The Associated Press. All rights reserved.");
	yes(r, m, "all-rights", "Tous droits réservés");
	yes(r, m, "all-rights", "Alle Rechte vorbehalten.");
	yes(r, m, "disclaimer", "Opinions expressed in various sections are the sole responsibility of their authors.");
	yes(r, m, "disclaimer", "editor@example.org & news@example.com");
	yes(r, m, "legal", "Privacy Policy | Terms of Use | Cookie Policy");
	yes(r, m, "legal", "Datenschutzerklärung");
	no(r, m, "The copyright dispute between the two studios went to court in 2019, and the judge sided with the smaller one.");

	/* affiliate-link disclosures */
	yes(r, m, "affiliate", "Microsoft may earn an Affiliate Commission if you purchase something "
	    "through recommended links in this article.");
	yes(r, m, "affiliate", "When you buy through links on our site, we may earn a commission.");
	yes(r, m, "affiliate", "Cet article contient des liens d'affiliation.");
	yes(r, m, "affiliate", "Wenn Sie über diese Links einkaufen, erhalten wir eine Provision.");
	no(r, m, "The bank may earn a commission of 2 percent on the deal, analysts said.");
	no(r, m, "Regulators said the site's affiliate program broke no law.");

	/* the author's bio and its heading */
	yes(r, m, "author", "Molly Wood (@mollywood) is an Ideas contributor at WIRED and the host of "
	    "a daily radio show.");
	yes(r, m, "author", "Jeff Doe (jeff@example.com) is the editor and publisher of The Space Review.");
	yes(r, m, "author", "Sobre Carlos Nadalim");
	yes(r, m, "author", "À propos de Marie Dupont");
	no(r, m, "The minister (@minister) was a guest of the embassy on Sunday, officials said.");
	no(r, m, "Sobre Bagdá, o ministro disse que a embaixada seria fechada.");

	/* cookies and privacy */
	yes(r, m, "cookie", "We use cookies to improve your experience on our site.");
	yes(r, m, "cookie", "This website uses cookies and other tracking technologies to improve your browsing experience.");
	yes(r, m, "cookie", "I Accept");
	yes(r, m, "cookie", "Ce site utilise des cookies pour améliorer votre expérience.");
	yes(r, m, "cookie", "Diese Website verwendet Cookies.");
	yes(r, m, "cookie", "Este sitio web utiliza cookies para mejorar su experiencia.");
	yes(r, m, "cookie", "Este site utiliza cookies.");
	yes(r, m, "privacy", "By signing up, you agree to our Privacy Policy.");
	no(r, m, "The bakery sold four thousand cookies on Saturday, its owner said.");

	/* newsletters, accounts, paywalls */
	yes(r, m, "account", "Subscribe");
	yes(r, m, "account", "Sign in");
	yes(r, m, "account", "Sign up for our daily newsletter");
	yes(r, m, "account", "Get the latest updates right in your inbox. Subscribe to our newsletters.");
	yes(r, m, "account", "Abonnez-vous");
	yes(r, m, "account", "Jetzt abonnieren");
	yes(r, m, "account", "Suscríbete");
	yes(r, m, "account", "Assine");
	yes(r, m, "account", "Join our Space Forums to keep talking space on the latest missions, night "
	    "sky and more! And if you have a news tip, correction or comment, let us know at: "
	    "community@example.com.");
	no(r, m, "Joining the community of nations was the goal, the minister said, and he hoped that "
	   "the talks would lead to a treaty before the end of the year.");
	no(r, m, "Millions subscribe to streaming services, but many of them cancel within a year, the survey found.");

	/* related-article lists */
	yes(r, m, "related", "Related Articles");
	yes(r, m, "related", "Read more: Why the embassy matters");
	yes(r, m, "related", "You may also like");
	yes(r, m, "related", "À lire aussi");
	yes(r, m, "related", "Lesen Sie auch");
	yes(r, m, "related", "Noticias relacionadas");
	yes(r, m, "related", "Leia também");
	no(r, m, "Related to the case, the prosecutor said, were three other charges that were later dropped.");

	/* navigation, breadcrumbs, menus, ad markers, text-browser widgets */
	yes(r, m, "nav", "Skip to main content");
	yes(r, m, "nav", "Home / Tips and Tricks / Some headline about anything");
	yes(r, m, "nav", "Home » World » Middle East");
	yes(r, m, "nav", "News");
	yes(r, m, "nav", "Politics Business Sports");
	yes(r, m, "nav", "Accueil");
	yes(r, m, "ad", "Advertisement");
	yes(r, m, "ad", "Anzeige");
	yes(r, m, "ad", "Publicidade");
	yes(r, m, "lynx", "(BUTTON) Search");
	yes(r, m, "lynx", "IFRAME: https://example.com/frame");
	yes(r, m, "nav", "1 of 6");
	yes(r, m, "nav", "Photo 3 of 12");
	yes(r, m, "reading-time", "Tempo de leitura: 1 minuto");
	yes(r, m, "reading-time", "5 min read");
	yes(r, m, "reading-time", "Reading time: 3 minutes");
	yes(r, m, "reading-time", "Lesezeit: 4 Min.");
	no(r, m, "1 of 6 children in the district lives in poverty, the report found.");
	no(r, m, "Reading time for pupils rose by five minutes a day, the survey said.");
	no(r, m, "News of the attack reached Washington within minutes.");
	no(r, m, "Home to 40 million people, the region has seen its water table fall every year.");

	is_str(label_of(r, m, "New, 6 comments"), "boilerplate", "a comment counter marked new");
	is_str(label_of(r, m, "Become a member today and get unlimited access."), "boilerplate",
	       "a membership pitch");
	is_str(label_of(r, m, "Your support helps keep our reporting free for everyone."), "boilerplate",
	       "a reader-funding pitch");
	is_str(label_of(r, m, "Soutenez notre journalisme indépendant"), "boilerplate",
	       "a reader-funding pitch in French");
	no(r, m, "Become a member of the committee, the minister told him.");
	/* reader-funding appeals: a pitch opened by "If you enjoyed this
	 * article", however long; a paragraph that ends asking for money */
	yes(r, m, "support-appeal", "If you enjoyed this article, we have a proposition for you: join "
	    "our membership programme. Members get all of our content (including the magazine), "
	    "no paywalls or content meters, an advertising-minimal experience, and unique access "
	    "to our writers and editors (conference calls, social-media groups, etc.). And "
	    "importantly, members help keep us going. Consider it?");
	yes(r, m, "support-appeal", "Si vous avez aimé cet article, abonnez-vous.");
	yes(r, m, "support-need-tail", "We do this work every day at no cost to you, but it is far "
	    "from free to produce, and we cannot afford to slow down. To keep going we need a "
	    "different kind of tip: We need your financial support.");
	no(r, m, "Readers who enjoyed this article's first part wrote to us, and the minister said "
	   "that he had enjoyed it too.");
	no(r, m, "The mayor told the crowd that the city could not rebuild the bridge alone. "
	   "\u201cWe need your support.\u201d");
	no(r, m, "The charity's director said donations had fallen by a third, and that the "
	   "shelter would close in March unless we need your support was the slogan of a new "
	   "campaign that failed.");
	is_str(label_of(r, m, "Mensagens » Mensagens de Autoestima » Só quem se Ama…"), "boilerplate",
	       "a breadcrumb trail that does not start at home");
	is_str(label_of(r, m, "News › Middle East › Iraq"), "boilerplate", "a breadcrumb trail, another arrow");
	no(r, m, "Prices rose 5% > 3% forecast » analysts said, and the bank > the treasury agreed.");

	/* the article's own metadata lines: labels, not boilerplate */
	is_str(label_of(r, m, "By Justine Coleman,"), "byline", "a byline");
	is_str(label_of(r, m, "The Hill, September 28, 2020"), "dateline", "an outlet and date");
	is_str(label_of(r, m, "September 28, 2020"), "dateline", "a date alone");
	is_str(label_of(r, m, "27 de setembro de 2020"), "dateline", "a Portuguese date");
	is_str(label_of(r, m, "https://example.com/2020/09/story/"), "url", "a URL alone");
	is_str(label_of(r, m, "Ryan and Hudson reported from Washington. Mustafa Salim in Baghdad "
	                "contributed to this report."), "credit", "a reporting credit");
	is_str(label_of(r, m, "Photo: Jane Doe/Reuters"), "caption", "a photo credit");
	is_str(label_of(r, m, "Protesters outside the embassy on Sunday. (AP Photo/John Doe)"),
	       "caption", "a caption ending in an agency credit");
	is_str(label_of(r, m, "The embassy gate after the attack. Jane Doe / Reuters file"), "caption",
	       "a caption whose agency credit says file");
	is_str(label_of(r, m, "He said the rockets came from the south, as a file seen by Reuters "
	                "shows, and that the militias were to blame for every one of them."),
	       "-", "a sentence that mentions a Reuters file is no caption");
	is_str(label_of(r, m, "by Lewis White"), "byline", "a byline in lower case");
	is_str(label_of(r, m, "by Jeff Doe — November 18, 2019"), "byline", "a lower-case byline with its date");
	is_str(label_of(r, m, "by the end of the week"), "-", "'by the' in lower case is no byline");
	is_str(label_of(r, m, "© Reuters / Pool"), "caption", "a picture's © credit");
	is_str(label_of(r, m, "© Amazon"), "caption", "a picture's © credit, one name");
	is_str(label_of(r, m, "© 2020 Example News Ltd"), "boilerplate", "a © with a year is the site's copyright");
	is_str(label_of(r, m, "Tyvak plans to leverage its experience in smallsats for its small "
	                "landers. Credit: Tyvak"), "caption", "a caption ending in 'Credit: Name'");
	is_str(label_of(r, m, "Jonathan P. Blair Submitted photo"), "caption", "a submitted photo");
	is_str(label_of(r, m, "The first global geologic map of Titan. (NASA/JPL-Caltech/ASU)"),
	       "caption", "a caption ending in a credit of slashed names");
	is_str(label_of(r, m, "The lander was built with parts from a supplier, courtesy of NASA."), "-",
	       "a sentence that ends 'courtesy of NASA.' is no caption");
	is_str(label_of(r, m, "Speeds rose to 40 percent (km/h)."), "-",
	       "a sentence ending in a parenthesis and a full stop is no caption");
	is_str(label_of(r, m, "EPA_Visualisierung"), "caption", "a picture's file name");
	is_str(label_of(r, m, "010_Clymer-2 010_Clymer-2"), "caption", "a picture's file name twice");
	is_str(label_of(r, m, "ez-comwrap-dmexco"), "caption", "a picture's slug");
	is_str(label_of(r, m, "IMG_2953.jpg"), "caption", "an image file");
	is_str(label_of(r, m, "https://example.com/news/press_release/a-b-c.html"), "url",
	       "a URL with underscores stays a URL");
	is_str(label_of(r, m, "Ex-President Re-Elected"), "-", "capitalised hyphenated words are no slug");
	is_str(label_of(r, m, "By the end of the week, the embassy had cut its staff."), "-",
	       "a sentence starting with 'By the' is no byline");
	is_str(label_of(r, m, "The photo showed the ambassador leaving the building, officials said."),
	       "-", "a sentence about a photo is no caption");

	/* stop words */
	size_t en = 99, fr = 99;
	for (size_t i = 0; i < px_rules_nlangs(r); i++) {
		if (!strcmp(px_rules_lang(r, i), "en"))
			en = i;
		if (!strcmp(px_rules_lang(r, i), "fr"))
			fr = i;
	}
	ok(en < 32 && fr < 32, "stop words for en and fr loaded");
	if (en < 32 && fr < 32) {
		ok(px_rules_stopword(r, "The", 3) & (1u << en), "'The' is an English stop word (any case)");
		ok(!(px_rules_stopword(r, "embassy", 7) & (1u << en)), "'embassy' is not");
		ok(px_rules_stopword(r, "DÉJÀ", strlen("DÉJÀ")) & (1u << fr),
		   "'DÉJÀ' is a French stop word (non-ASCII case folded)");
	}
	px_rules_matcher_free(m);
	px_rules_free(r);
}

static void errors(void)
{
	const char *file =
		"# a comment, then a blank line\n"
		"\n"
		"bad-pattern   boilerplate  (unclosed\n"
		"bad-label     nonsense     hello\n"
		"catastrophic  boilerplate  (a+)+$\n"
		"nested-words  boilerplate  (?:\\w+\\s?)+!$\n"
		"no-pattern    boilerplate\n"
		"empty-match   boilerplate  x*\n"
		"good          boilerplate  hello\\s+world$\n";
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_status s = px_rules_from_string(&r, "test.rules", file, NULL, collect, &dg, &e);
	is_int(s, PX_OK, "a rule file with errors still loads");
	is_int(dg.n, 6, "six diagnostics: bad pattern, unknown label, two catastrophic, "
	       "no pattern, empty match");
	ok(dg.n > 0 && !strncmp(dg.last[0], "test.rules:3: ", 14), "bad pattern reported at file:line");
	ok(dg.n > 0 && strstr(dg.last[0], "bad pattern"), "bad pattern: says so");
	ok(dg.n > 1 && !strncmp(dg.last[1], "test.rules:4: ", 14) && strstr(dg.last[1], "unknown label"),
	   "unknown label reported at file:line");
	ok(dg.n > 2 && !strncmp(dg.last[2], "test.rules:5: ", 14) && strstr(dg.last[2], "catastroph"),
	   "catastrophic backtracking reported at file:line");
	ok(dg.n > 3 && !strncmp(dg.last[3], "test.rules:6: ", 14) && strstr(dg.last[3], "catastroph"),
	   "nested word repetition reported as catastrophic");
	ok(dg.n > 4 && !strncmp(dg.last[4], "test.rules:7: ", 14), "a line without pattern reported");
	ok(dg.n > 5 && strstr(dg.last[5], "empty"), "a rule matching an empty block reported");
	if (r) {
		is_int(px_rules_count(r), 1, "only the good rule is kept");
		px_rules_matcher *m = px_rules_matcher_new(r);
		is_str(rule_of(r, m, "Hello  World"), "good", "the rule after the bad ones works");
		is_str(rule_of(r, m, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), "-",
		       "the catastrophic pattern is not run");
		px_rules_matcher_free(m);
		px_rules_free(r);
	}
}

/* The user's rules load after the shipped ones, from userdir/rules. */
static void user_dir(void)
{
	char tmpl[] = "/tmp/px-rules-XXXXXX";
	char *dir = mkdtemp(tmpl);
	ok(dir != NULL, "a temporary user directory");
	if (!dir)
		return;
	char path[256];
	snprintf(path, sizeof path, "%s/rules", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/rules/mine.rules", dir);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("my-footer boilerplate  brought\\s+to\\s+you\\s+by\\s+\\w+$\n"
		      "my-broken boilerplate  [z-a]\n", f);
		fclose(f);
	}
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_rules_load(&r, PX_SRCDIR "/share/parallax", dir, collect, &dg, &e);
	is_int(dg.n, 1, "one diagnostic, for the user's broken rule");
	ok(dg.n && strstr(dg.last[0], "mine.rules:2: "), "it names the user's file and line");
	if (r) {
		px_rules_matcher *m = px_rules_matcher_new(r);
		is_str(rule_of(r, m, "Brought to you by Acme"), "my-footer", "the user's rule applies");
		px_rules_matcher_free(m);
		px_rules_free(r);
	}
	unlink(path);
	snprintf(path, sizeof path, "%s/rules", dir);
	rmdir(path);
	rmdir(dir);
}

/* The pattern prefixes: ~ floats, < short blocks only, > the tail, ! ends. */
static void prefixes(void)
{
	const char *file =
		"anch  boilerplate  hello$\n"
		"flt   boilerplate  ~cookies\\s+here\\b.*$\n"
		"shrt  boilerplate  <menu\\s+item$\n"
		"tl    caption      >\\(Photo\\s+\\w+\\)$\n"
		"stop  boilerplate  !comments$\n";
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_rules_from_string(&r, "p.rules", file, NULL, collect, &dg, &e);
	is_int(dg.n, 0, "prefixes: all load");
	if (!r)
		return;
	px_rules_matcher *m = px_rules_matcher_new(r);
	const char *longtext = "one two three four five six seven eight nine ten eleven twelve "
		"thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one "
		"twenty-two twenty-three twenty-four twenty-five twenty-six (Photo Jane)";
	is_str(rule_of(r, m, "Hello"), "anch", "an anchored rule matches at the start");
	is_str(rule_of(r, m, "Oh, hello"), "-", "... and only there");
	is_str(rule_of(r, m, "We put cookies here for you"), "flt", "a floating rule matches at a word start");
	is_str(rule_of(r, m, "We put xcookies here"), "-", "... not inside a word");
	is_int(px_rules_match_words(r, m, "menu item", 9, 2), 2, "a short-only rule on a short block");
	is_int(px_rules_match_words(r, m, "menu item", 9, 40), -1, "... not on a long one");
	is_int(px_rules_match_words(r, m, "We put cookies here", 19, 40), -1,
	       "a floating rule skips long blocks");
	int t = px_rules_match_words(r, m, longtext, strlen(longtext), 27);
	is_str(t >= 0 ? px_rules_name(r, t) : "-", "tl", "a tail rule reads the end of a long block");
	is_str(px_label_name(px_rules_label(r, t)), "caption", "... with its label");
	int st = px_rules_match(r, m, "Comments", 8);
	ok(st >= 0 && px_rules_ends(r, st), "an end rule says so");
	ok(!px_rules_ends(r, px_rules_match(r, m, "hello", 5)), "other rules do not");
	px_rules_matcher_free(m);
	px_rules_free(r);
}

/* The keyword prefilter (rules.c) skips rules whose words a block lacks;
 * it must never change which rule names a block. */
static void keywords(void)
{
	const char *file =
		"beta   boilerplate  ~beta\\s+test\\b.*$\n"
		"alpha  boilerplate  ~alpha\\b.*$\n"
		"gray   boilerplate  ~gamma\\s+ray\\b.*$\n"
		"gamma  boilerplate  ~gamma\\b.*$\n"
		"cook   boilerplate  ~cookies\\s+kept\\b.*$\n"
		"twice  boilerplate  ~(\\w+)\\s+\\1\\b.*$\n"
		"menu   boilerplate  <(?:(?:able|baker|charlie|dog|easy|fox|george|kilo)(?:\\s+|$)){1,3}$\n"
		"agency caption      >(?:wire\\s+service|(?-i:AP))\\)?$\n"
		"sym    caption      ~©\\s+\\w+\\s+»\\s+\\w+$\n"
		"ecole  boilerplate  ~école\\s+fermée$\n"
		"crumb  boilerplate  <[^.©»›>]{1,20}\\s[»›>]\\s\\w+$\n"
		"range  caption      ~q[¡-»]q$\n"
		"cased  caption      ~z[éx]z$\n";
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_rules_from_string(&r, "k.rules", file, NULL, collect, &dg, &e);
	is_int(dg.n, 0, "keywords: all load");
	if (!r)
		return;
	px_rules_matcher *m = px_rules_matcher_new(r);
	is_str(rule_of(r, m, "now the alpha and the beta test"), "alpha",
	       "floating rules: the match that starts first wins, whatever the rule order");
	is_str(rule_of(r, m, "a beta test of alpha"), "beta", "... either way round");
	is_str(rule_of(r, m, "see gamma ray"), "gray", "at one place, the first rule in order");
	is_str(rule_of(r, m, "see gamma rays"), "gamma", "... that matches");
	is_str(rule_of(r, m, "no keyword of any rule here"), "-", "a block without keywords: no rule");
	/* PCRE2 folds KELVIN SIGN to k and LONG S to s: no byte of "cookies" */
	is_str(rule_of(r, m, "we have coo\xE2\x84\xAAies kept"), "cook",
	       "a Kelvin sign still matches a k");
	is_str(rule_of(r, m, "we have cookie\xC5\xBF kept"), "cook", "a long s still matches an s");
	is_str(rule_of(r, m, "said it twice twice over"), "twice",
	       "a rule the prefilter cannot read (a back reference) still runs");
	is_str(rule_of(r, m, "Baker Easy Fox"), "menu", "a word-list rule, by its words");
	is_str(rule_of(r, m, "Bakery sale"), "-", "... not by a longer word");
	is_str(rule_of(r, m, "\xE2\x84\xAAilo Baker"), "menu", "... a Kelvin sign first still matches k");
	is_str(rule_of(r, m, "A quiet afternoon, AP"), "agency", "a tail rule, case-sensitive part");
	is_str(rule_of(r, m, "A quiet afternoon, ap"), "-", "... keeps its case");
	is_str(rule_of(r, m, "Quiet, from the wire service"), "agency", "... and its other words");
	/* symbols with no other case (©, ») are keywords; letters with one
	 * (é, É) are not, and still match either case */
	is_str(rule_of(r, m, "a photo © Jane » Doe"), "sym", "a rule keyed by caseless symbols");
	is_str(rule_of(r, m, "a photo (c) Jane >> Doe"), "-", "... not without them");
	is_str(rule_of(r, m, "une ÉCOLE FERMÉE"), "ecole", "a non-ASCII letter of the other case");
	/* a class of such symbols is a set of keywords, one of which a
	 * match holds; a range of them, or a letter with cases, is not */
	is_str(rule_of(r, m, "Home » World"), "crumb", "a class of symbols: one of them");
	is_str(rule_of(r, m, "Home › World"), "crumb", "... another");
	is_str(rule_of(r, m, "Home > World"), "crumb", "... an ASCII member");
	is_str(rule_of(r, m, "Home - World"), "-", "... none of them");
	is_str(rule_of(r, m, "a q±q"), "range", "a range of symbols is not its ends");
	is_str(rule_of(r, m, "a ZÉZ"), "cased", "a class letter of the other case");
	/* the keyword scan walks a long block in two halves: a keyword
	 * across the middle, or near either end, is still found */
	for (size_t at = 0; at <= 60; at += 3) {
		char buf[128];
		memset(buf, 'x', sizeof buf);
		memcpy(buf + at, " cookies kept ", 14);
		buf[at + 14 + 20] = '\0';
		char what[64];
		snprintf(what, sizeof what, "a keyword %zu bytes into a block", at);
		is_str(rule_of(r, m, buf), "cook", what);
	}
	/* a long block's tail is scanned for the tail rules' keywords alone */
	char lng[400] = "";
	for (int k = 0; k < 30; k++)
		strcat(lng, "word ");
	strcat(lng, "and a quiet afternoon from the wire service");
	int ri = px_rules_match_words(r, m, lng, strlen(lng), 40);
	is_str(ri >= 0 ? px_rules_name(r, ri) : "-", "agency", "a tail rule on a long block");
	px_rules_matcher_free(m);
	px_rules_free(r);
}

/* Stop-word lookups: short ASCII words go one way (eight bytes at once),
 * longer or non-ASCII ones another; both must agree with the list. */
static void stopwords(void)
{
	px_rules *r = NULL;
	px_error e;
	px_rules_from_string(&r, "s.rules", NULL,
	                     "en:the a and nevertheless themselves sixteenlettersxy seventeenlettersx\n"
	                     "de:über für\n", NULL, NULL, &e);
	if (!r) {
		ok(0, "stop words load");
		return;
	}
	uint32_t en = 1u << 0, de = 1u << 1;
	is_int(px_rules_stopword(r, "THE", 3), en, "a short word, capitals");
	is_int(px_rules_stopword(r, "a", 1), en, "a one-letter word");
	is_int(px_rules_stopword(r, "theme", 5), 0, "a longer word with a stop word's start");
	is_int(px_rules_stopword(r, "th", 2), 0, "a stop word's start");
	is_int(px_rules_stopword(r, "Themselves", 10), en, "over eight bytes");
	is_int(px_rules_stopword(r, "NEVERTHELESS", 12), en, "over eight bytes, capitals");
	is_int(px_rules_stopword(r, "Über", strlen("Über")), de, "non-ASCII, capital");
	is_int(px_rules_stopword(r, "FÜR", strlen("FÜR")), de, "non-ASCII in the middle");
	is_int(px_rules_stopword(r, "the@", 4), 0, "a mark is part of the word");
	is_int(px_rules_stopword(r, "[the", 4), 0, "... before it too");
	is_int(px_rules_stopword(r, "SixteenLettersXY", 15), 0, "not a longer word's start");
	is_int(px_rules_stopword(r, "SixteenLettersXY", 16), en, "sixteen bytes");
	is_int(px_rules_stopword(r, "SEVENTEENLETTERSX", 17), en, "seventeen bytes");
	is_int(px_rules_stopword(r, "seventeenletters", 16), 0, "... not its start");
	px_rules_free(r);
}

/* Anchored rules that may begin with many letters are tried on a block
 * only when it begins with one of the strings every match of them begins
 * with (rules.c, "pre_scan"): they must still name every block they
 * match, in either case, after optional parts, through letters outside
 * ASCII and the two characters PCRE2 folds to ASCII letters. */
static void beginnings(void)
{
	const char *file =
		"menu  boilerplate  <(?:(?:home|news|world|sport|kiosk|économie|über\\s+uns|actualités|"
		"today['’]s\\s+paper|u\\.?s\\.?)(?:\\s*[|·/]\\s*|\\s+|$)){1,4}$\n"
		"date  dateline     <(?:(?:published|updated)(?:\\s+on)?\\s*:?\\s*)?(?:(?:mon|tue|wed)[a-z]*,?\\s+)?"
		"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2},?\\s+\\d{4}$\n"
		"agent caption      <(?:photo:\\s*)?(?:getty|reuters|afp|epa|xinhua|bloomberg)$\n";
	diags dg = {0};
	px_rules *r = NULL;
	px_error e;
	px_rules_from_string(&r, "b.rules", file, NULL, collect, &dg, &e);
	is_int(dg.n, 0, "beginnings: all load");
	if (!r)
		return;
	px_rules_matcher *m = px_rules_matcher_new(r);
	static const char *const cases[][2] = {
		{"Home | News | Sport", "menu"},
		{"NEWS / WORLD", "menu"},
		{"\xC3\x89" "conomie \xC2\xB7 Sport", "menu"},       /* Économie · Sport */
		{"\xC3\x9C" "BER UNS", "menu"},                       /* ÜBER UNS */
		{"ACTUALIT\xC3\x89S | Sport", "menu"},                /* É inside a word */
		{"Today\xE2\x80\x99s Paper", "menu"},                 /* a caseless symbol */
		{"Today's Paper", "menu"},
		{"U.S. | World", "menu"},
		{"\xE2\x84\xAAiosk / News", "menu"},                  /* Kelvin sign for k */
		{"Homework | News", "-"},
		{"Sportsman", "-"},
		{"Published on March 3, 2021", "date"},
		{"UPDATED: Tue, Jan 5, 2021", "date"},
		{"Jan. 5, 2021", "date"},
		{"Wednesday, December 24 2020", "date"},
		{"March 3, 2021", "date"},
		{"\xC5\xBF" "ep 5, 2021", "date"},                    /* long s for s */
		{"The March 3, 2021 meeting", "-"},
		{"Photo: Getty", "agent"},
		{"photo:reuters", "agent"},
		{"XINHUA", "agent"},
		{"Photos: Getty", "-"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char what[160];
		snprintf(what, sizeof what, "beginnings: \"%s\" -> %s", cases[i][0], cases[i][1]);
		is_str(rule_of(r, m, cases[i][0]), cases[i][1], what);
	}
	px_rules_matcher_free(m);
	px_rules_free(r);
}

/* Stop words are matched in lower case: for every character of Latin-1
 * and of general punctuation (which a fast path lowers without
 * libunistring) the same as u8_tolower says, and the others through it. */
static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static void stopword_case(void)
{
	static const unsigned ranges[][2] = {{0x80, 0xFF}, {0x100, 0x17F}, {0x2000, 0x203F},
	                                     {0x391, 0x3C9}};
	enum { MAXW = 700 };
	/* every "q<c>z", its form lowered by libunistring, and a language
	 * (c % 3): two characters lowered to one word share its entry, so a
	 * lookup's languages are those of every character lowered alike */
	static uint8_t low[MAXW][16];
	static size_t lown[MAXW];
	static unsigned cps[MAXW];
	size_t nw = 0;
	px_sbuf words[3] = {PX_SBUF_INIT, PX_SBUF_INIT, PX_SBUF_INIT};
	for (size_t g = 0; g < sizeof ranges / sizeof *ranges; g++)
		for (unsigned cp = ranges[g][0]; cp <= ranges[g][1] && nw < MAXW; cp++) {
			char w[8];
			size_t n = 1 + put_utf8(w + 1, cp);
			w[0] = 'q';
			w[n++] = 'z';
			lown[nw] = sizeof low[0];
			if (cp == 0xA0 || !u8_tolower((uint8_t *)w, n, NULL, NULL, low[nw], &lown[nw]))
				continue; /* (a no-break space is a blank between words) */
			px_sbuf_append(&words[cp % 3], low[nw], lown[nw]);
			px_sbuf_putc(&words[cp % 3], ' ');
			cps[nw++] = cp;
		}
	px_sbuf all = PX_SBUF_INIT;
	for (int k = 0; k < 3; k++)
		px_sbuf_printf(&all, "l%d:%s\n", k, words[k].data ? words[k].data : "");
	px_rules *r = NULL;
	px_error e;
	px_rules_from_string(&r, "s.rules", NULL, all.data, NULL, NULL, &e);
	px_sbuf_free(&all);
	for (int k = 0; k < 3; k++)
		px_sbuf_free(&words[k]);
	if (!r) {
		ok(0, "stop words of every case load");
		return;
	}
	int bad = 0, upper_tried = 0;
	for (size_t i = 0; i < nw; i++) {
		uint32_t want = 0;
		for (size_t j = 0; j < nw; j++)
			if (lown[j] == lown[i] && !memcmp(low[j], low[i], lown[i]))
				want |= 1u << (cps[j] % 3);
		char w[8];
		size_t n = 1 + put_utf8(w + 1, cps[i]);
		w[0] = 'q';
		w[n++] = 'z';
		if (px_rules_stopword(r, w, n) != want) {
			printf("# U+%04X as it is: languages %u, not %u\n", cps[i],
			       px_rules_stopword(r, w, n), want);
			bad++;
		}
		/* its capital form, where lowering that gives it back */
		uint8_t up[32], back[32];
		size_t un = sizeof up, bn = sizeof back;
		if (!u8_toupper((uint8_t *)w, n, NULL, NULL, up, &un) ||
		    !u8_tolower(up, un, NULL, NULL, back, &bn) || bn != lown[i] ||
		    memcmp(back, low[i], bn))
			continue;
		upper_tried++;
		if (px_rules_stopword(r, (const char *)up, un) != want) {
			printf("# U+%04X in capitals: languages %u, not %u\n", cps[i],
			       px_rules_stopword(r, (const char *)up, un), want);
			bad++;
		}
	}
	is_int(bad, 0, "stop words: every Latin-1, Latin-A, Greek and punctuation letter, either case");
	ok(upper_tried > 150, "... with over 150 capitals among them");
	px_rules_free(r);
}

int main(void)
{
	shipped();
	errors();
	user_dir();
	prefixes();
	keywords();
	beginnings();
	stopwords();
	stopword_case();
	return tap_done();
}
