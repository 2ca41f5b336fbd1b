/* test_search.c - the search engine: smart case, literal mode, hits,
 * anchors, empty matches, limits, counting per article. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/search.h"
#include "tap.h"

static size_t hits_of(const char *pat, unsigned flags, const char *text,
                      px_hits *h)
{
	px_search *q;
	px_error err;
	h->n = 0;
	if (px_search_new(&q, pat, strlen(pat), flags, &err) != PX_OK)
		return (size_t)-1;
	px_status st = px_search_block(q, text, strlen(text), 0, h, &err);
	px_search_free(q);
	return st == PX_OK ? h->n : (size_t)-1;
}

int main(void)
{
	px_hits h = {0};
	px_search *q;
	px_error err;

	is_int(hits_of("kadhimi", 0, "Kadhimi met KADHIMI and kadhimi", &h), 3,
	       "lower-case pattern: caseless (smart case)");
	is_int(hits_of("Kadhimi", 0, "Kadhimi met KADHIMI and kadhimi", &h), 1,
	       "an upper-case letter: case-sensitive");
	is_int(h.v[0].start, 0, "hit start");
	is_int(h.v[0].end, 7, "hit end");
	is_int(hits_of("\\Spompeo", 0, "xpompeo XPOMPEO", &h), 2,
	       "an escaped upper-case letter (\\S) does not make it case-sensitive");
	is_int(hits_of("état", 0, "L'ÉTAT et l'état", &h), 2,
	       "smart case folds non-ASCII letters");
	is_int(hits_of("Été", 0, "été Été", &h), 1,
	       "a non-ASCII capital makes it case-sensitive");
	is_int(hits_of("a.c", PX_SEARCH_LITERAL, "abc a.c", &h), 1,
	       "literal mode: . is a dot");
	is_int(h.v[0].start, 4, "literal hit where the dot is");
	is_int(hits_of("a.c", 0, "abc a.c", &h), 2, "regex mode: . is any character");
	is_int(hits_of("(", PX_SEARCH_LITERAL, "f(x)", &h), 1,
	       "literal mode: an unbalanced ( is fine");
	is_int(hits_of("x*", 0, "axxbx", &h), 2, "empty matches are not hits");
	is_int(hits_of("^a", 0, "a a a", &h), 1, "^ anchors at the block start only");
	is_int(hits_of("a$", 0, "a a a", &h), 1, "$ anchors at the block end");
	is_int(hits_of("漢", 0, "漢字と漢", &h), 2, "CJK hits");
	is_int(h.v[1].start, 9, "CJK hit offset in bytes");

	ok(px_search_new(&q, "(ab", 3, 0, &err) == PX_ERR_INVALID,
	   "a bad regex is PX_ERR_INVALID");
	ok(strstr(err.msg, "at 3") != NULL, "the message names the offset");
	ok(px_search_new(&q, "", 0, 0, &err) == PX_ERR_INVALID,
	   "an empty pattern is invalid");
	ok(px_search_new(&q, "a\\C", 3, 0, &err) == PX_ERR_INVALID,
	   "\\C (one byte of a character) is refused");

	/* catastrophic backtracking is cut off by the limits */
	char *big = malloc(30001);
	memset(big, 'a', 30000);
	big[29999] = '!';
	big[30000] = 0;
	ok(px_search_new(&q, "(\\w+\\s?)*$", 10, 0, &err) == PX_OK,
	   "a pathological pattern compiles");
	px_search_set_limits(q, 100000, 1000);
	h.n = 0;
	ok(px_search_block(q, big, 30000, 0, &h, &err) == PX_ERR_LIMIT,
	   "a pathological pattern stops at the match limit");
	ok(strstr(err.msg, "too complex") != NULL, "with a message");
	px_search_free(q);
	free(big);

	/* an article of three blocks, the middle one boilerplate */
	px_dossier d;
	px_dossier_init(&d);
	const char *txt = "Pompeo spoke.\nShare on Pompeo.\nPompeo left, Pompeo said.\n";
	ok(px_dossier_add_bytes(&d, "t", (const unsigned char *)txt, strlen(txt),
	                        &err) == PX_OK, "a doc loads");
	ok(d.narts == 1 && d.docs[0].nblocks == 3, "three blocks");
	d.docs[0].blocks[1].label = PX_LABEL_BOILERPLATE;
	ok(px_search_new(&q, "pompeo", 6, 0, &err) == PX_OK, "compile");
	h.n = 0;
	ok(px_search_article(q, &d, 0, 0, &h, &err) == PX_OK, "search an article");
	is_int(h.n, 3, "stripped blocks are skipped");
	ok(h.n == 3 && h.v[1].start == d.docs[0].blocks[2].start,
	   "offsets are reading-text offsets");
	h.n = 0;
	px_search_article(q, &d, 0, 1, &h, &err);
	is_int(h.n, 4, "with_stripped includes them");
	size_t n;
	ok(px_search_count(q, &d, 0, 0, 0, &n, &err) == PX_OK && n == 3,
	   "count agrees with the hits");
	ok(px_search_count(q, &d, 0, 1, 2, &n, &err) == PX_OK && n == 2,
	   "count stops at max");
	px_search_free(q);
	ok(px_search_new(&q, ".", 1, 0, &err) == PX_OK, "compile .");
	h.n = 0;
	px_search_article(q, &d, 0, 1, &h, &err);
	int nl = 0;
	for (size_t i = 0; i < h.n; i++)
		nl |= d.docs[0].text.s[h.v[i].start] == '\n';
	ok(!nl, "no hit on a block separator");
	px_search_free(q);
	px_dossier_free(&d);
	px_hits_free(&h);
	return tap_done();
}
