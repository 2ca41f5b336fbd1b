/* test_hostile_search.c - user patterns with catastrophic backtracking,
 * run with the default limits over a long paragraph, must stop in bounded
 * time (PX_ERR_LIMIT or an answer), and hits must never split a character.
 * The search tests proper check the limits with lowered values; this one
 * checks that the shipped defaults keep a keystroke from freezing. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parallax/search.h"
#include "tap.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	/* a paragraph of 20,000 bytes: runs of a's, words, an ending that
	 * makes every pattern fail late */
	size_t n = 20000;
	char *text = malloc(n + 1);
	if (!text)
		return 1;
	for (size_t i = 0; i < n; i++)
		text[i] = (i % 5000 < 4000) ? 'a' : (i % 7 == 0 ? ' ' : 'b');
	text[n - 1] = '!';
	text[n] = '\0';

	static const char *const patterns[] = {
		"(a+)+$", "(a|a)*$", "(a|aa)+$", "(.*a){20}$", "(a*)*b$",
		"(\\w+\\s?)*$", "^(([a-z])+.)+[A-Z]([a-z])+$", "(x+x+)+y",
		"(?:a|b|ab)*c", "((a+)*)+!x", "(a+?)+?$x", "(?=(a+))\\1*$x",
	};
	/* generous for sanitizer builds; the limits make it far less */
	double bound = getenv("PX_SEARCH_BOUND") ? atof(getenv("PX_SEARCH_BOUND")) : 20.0;
	double worst = 0;
	int slow = 0, bad = 0;
	for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
		px_search *q = NULL;
		px_error e;
		if (px_search_new(&q, patterns[i], strlen(patterns[i]), 0, &e) != PX_OK) {
			printf("# %s: %s\n", patterns[i], e.msg);
			bad++;
			continue;
		}
		px_hits h = {0};
		double t0 = now();
		px_status s = px_search_block(q, text, n, 0, &h, &e);
		double el = now() - t0;
		if (el > worst)
			worst = el;
		printf("# %-28s %s in %.3f s, %zu hits\n", patterns[i],
		       s == PX_OK ? "done" : s == PX_ERR_LIMIT ? "limit" : "error", el, h.n);
		if (s != PX_OK && s != PX_ERR_LIMIT)
			bad++;
		if (el > bound)
			slow++;
		px_hits_free(&h);
		px_search_free(q);
	}
	is_int(bad, 0, "every catastrophic pattern compiles and ends in an answer or PX_ERR_LIMIT");
	is_int(slow, 0, "each stops within the bound (default limits)");

	/* \C (one code unit) must not split a character into the hits */
	px_search *q = NULL;
	px_error e;
	const char *u = "caf\xc3\xa9 \xe2\x80\x99";
	int split = 0;
	if (px_search_new(&q, "\\C", 2, 0, &e) == PX_OK) {
		px_hits h = {0};
		px_search_block(q, u, strlen(u), 0, &h, &e);
		for (size_t i = 0; i < h.n; i++)
			if (((unsigned char)u[h.v[i].start] & 0xC0) == 0x80 ||
			    (h.v[i].end < strlen(u) && ((unsigned char)u[h.v[i].end] & 0xC0) == 0x80))
				split = 1;
		px_hits_free(&h);
		px_search_free(q);
	}
	ok(!split, "\\C is refused or never splits a character");

	/* a pattern that is not UTF-8 is refused, not compiled blind */
	px_status s = px_search_new(&q, "caf\xe9", 4, 0, &e);
	ok(s == PX_ERR_INVALID, "a pattern that is not valid UTF-8 is PX_ERR_INVALID");
	if (s == PX_OK)
		px_search_free(q);
	free(text);
	return tap_done();
}
