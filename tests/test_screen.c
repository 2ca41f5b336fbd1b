/* test_screen.c - the reader as a person sees it: the real binary under a
 * pty, rendered by libvterm (screen.c), keys sent, text and colours
 * asserted. Each check waits for the screen to match rather than
 * sleeping; each case starts its own parallax on the sample dossier. */
#define _DEFAULT_SOURCE
#include <config.h>

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "screen.h"
#include "tap.h"

static const char *prog;
static char tmpdir[64];

#define ESC "\033"
#define W 100
#define H 30
#define STATUS (H - 2)

static scr *run(int rows, int cols, const char *const env[], ...)
{
	char *argv[16];
	int n = 0;
	argv[n++] = (char *)prog;
	va_list ap;
	va_start(ap, env);
	const char *a;
	while ((a = va_arg(ap, const char *)) && n < 15)
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	scr *s = scr_start(rows, cols, argv, env);
	if (!s)
		printf("# cannot start %s\n", prog);
	return s;
}

/* Wait for the first frame, then for reader mode and the actors. */
static int ready(scr *s)
{
	/* the hint bar is drawn last: once it is there, a frame is whole */
	int r = scr_wait(s, "Articles", 1) && scr_wait_row(s, scr_rows(s) - 1, "? help") &&
	        scr_wait(s, "loading...", 0) && scr_wait(s, "reader mode", 0) &&
	        scr_wait(s, "finding", 0);
	scr_pump(s, -1);
	return r;
}

/* The column of the pane separator. */
static int sep_col(scr *s)
{
	int r, c;
	return scr_find(s, "\u2502", &r, &c) ? c : -1;
}

static int check_exit(scr *s, int code, const char *what)
{
	int st = -1;
	int exited = scr_wait_exit(s, &st);
	char buf[200];
	snprintf(buf, sizeof buf, "%s: exits with status %d", what, code);
	int good = ok(exited && WIFEXITED(st) && WEXITSTATUS(st) == code, buf);
	if (!good)
		printf("#   exited=%d status=%d\n", exited, WIFEXITED(st) ? WEXITSTATUS(st) : -st);
	snprintf(buf, sizeof buf, "%s: alternate screen left", what);
	ok(!scr_altscreen(s), buf);
	snprintf(buf, sizeof buf, "%s: cursor visible again", what);
	ok(scr_cursor_visible(s), buf);
	return good;
}

/* End a case: quit the program if it still runs (so that a leak check
 * at exit can speak), and fail if a sanitizer left a report. */
static void done(scr *s)
{
	if (!s)
		return;
	scr_send(s, "\033");
	scr_pump(s, 120); /* Esc alone: out of a prompt, not Alt-Q */
	scr_send(s, "Q");
	scr_wait_exit(s, NULL);
	int n = scr_sanitizer_reports(s);
	if (n)
		ok(0, "no sanitizer report");
	scr_free(s);
}

#define SHOW_IF(cond, s) do { if (!(cond)) scr_dump(s); } while (0)

static void test_startup(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s)
		return;
	int r = scr_wait(s, "Articles", 1);
	ok(r, "start-up: the article list appears");
	ok(scr_altscreen(s), "start-up: on the alternate screen");
	r = scr_wait(s, "Iraqi Prime Minister Gathers Allies", 1);
	ok(r, "start-up: the first article is shown");
	ok(scr_wait_row(s, STATUS, "art 1/"), "start-up: the status line says article 1");
	ok(scr_wait_row(s, H - 1, "? help"), "start-up: the key hint bar");
	ok(ready(s), "start-up: reader mode and actors finish");
	int row, col;
	ok(scr_find(s, "Actors", &row, &col), "start-up: the actors pane");
	r = scr_wait(s, "Kadh", 1);
	ok(r, "start-up: Kadhimi is among the actors");
	SHOW_IF(r, s);
	/* an actor name in the text is coloured */
	int found = scr_find_from(s, "Pompeo", sep_col(s) + 1, &row, &col);
	ok(found && scr_fg(s, row, col) > 0, "start-up: an actor is coloured in the text");
	SHOW_IF(found && scr_fg(s, row, col) > 0, s);

	/* pane cycling: the focused pane's title is highlighted (cyan) */
	int sc = sep_col(s);
	int arow;
	scr_find(s, " Actors", &arow, NULL);
	ok(scr_bg(s, 0, 2) == 6 && scr_bg(s, 0, sc + 3) != 6, "panes: the list has focus first");
	scr_send(s, "\t");
	scr_pump(s, -1);
	ok(scr_bg(s, 0, sc + 3) == 6 && scr_bg(s, 0, 2) != 6, "panes: Tab focuses the reader");
	scr_send(s, "\t");
	scr_pump(s, -1);
	ok(scr_bg(s, arow, 2) == 6 && scr_bg(s, 0, sc + 3) != 6, "panes: Tab focuses the actors");
	scr_send(s, ESC "[Z");
	scr_pump(s, -1);
	ok(scr_bg(s, 0, sc + 3) == 6, "panes: Shift-Tab goes back to the reader");
	scr_send(s, "\t\t");
	scr_pump(s, -1);
	ok(scr_bg(s, 0, 2) == 6, "panes: and round to the list");

	/* help, generated from the key map */
	scr_send(s, "?");
	r = scr_wait(s, "generated from the key map", 1);
	r = r && scr_wait(s, "next-mention", 1) && scr_find(s, "next-hit-article", NULL, NULL);
	ok(r, "help: lists the actions and their keys");
	SHOW_IF(r, s);
	r = scr_find(s, "PgDn, f, C-f", NULL, NULL);
	ok(r, "help: a long list of keys is not cut");
	SHOW_IF(r, s);
	scr_send(s, "G");
	r = scr_wait(s, "mentions:", 1) && scr_wait(s, "results:", 1);
	ok(r, "help: G scrolls to the per-pane keys at its end");
	SHOW_IF(r, s);
	scr_send(s, "q");
	ok(scr_wait(s, "generated from the key map", 0) && scr_wait(s, "Articles", 1),
	   "help: q closes it");

	scr_send(s, "q");
	check_exit(s, 0, "q in the list");
	done(s);
}

static void test_articles(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	int sc = sep_col(s);
	/* how many articles: the list title's count */
	const char *t = scr_row(s, 0);
	char head[512];
	snprintf(head, sizeof head, "%.*s", sc > 0 ? sc : 30, t);
	int n = atoi(head + strspn(head, " Articles"));
	ok(n >= 5, "articles: at least five in the list");
	if (n < 5)
		printf("# head: '%s'\n", head);
	int all = 1;
	for (int k = 1; k <= n && k < H - 12; k++) {
		/* the outlet shown in the list row must head the reader */
		char outlet[16];
		snprintf(outlet, sizeof outlet, "%.10s", scr_row(s, k) + 2);
		for (char *e = outlet + strlen(outlet); e > outlet && e[-1] == ' ';)
			*--e = 0;
		char want[32];
		snprintf(want, sizeof want, "art %d/%d ", k, n);
		scr_send(s, "\r");
		int good = scr_wait_row(s, STATUS, want) && scr_wait_row(s, 0, outlet);
		if (!good) {
			printf("# article %d: want %s and '%s'\n", k, want, outlet);
			scr_dump(s);
		}
		all &= good;
		scr_send(s, "qj");
	}
	ok(all, "articles: Enter opens each one, its outlet and position shown");
	scr_send(s, "g\rJ");
	ok(scr_wait_row(s, STATUS, "art 2/"), "articles: J goes to the next from the reader");
	scr_send(s, "K");
	ok(scr_wait_row(s, STATUS, "art 1/"), "articles: K goes back");
out:
	done(s);
}

/* The text of the reader's rows, to compare views. */
static char *reader_text(scr *s)
{
	static char buf[16384];
	size_t o = 0;
	int sc = sep_col(s);
	for (int r = 1; r < STATUS; r++) {
		const char *row = scr_row(s, r);
		/* skip the left column: count columns, not bytes */
		int col = 0;
		const char *p = row;
		while (*p && col <= sc) {
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
			col++;
		}
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s\n", p);
	}
	return buf;
}

static void test_search(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\rd");
	scr_pump(s, -1);
	char *before = strdup(reader_text(s));
	scr_send(s, "/");
	ok(scr_wait_row(s, STATUS, "/_"), "search: / opens the prompt");
	const char *word = "kadhimi";
	int each = 1;
	for (int i = 0; word[i]; i++) {
		char k[2] = {word[i], 0};
		scr_send(s, k);
		char want[32];
		snprintf(want, sizeof want, "/%.*s_", i + 1, word);
		each &= scr_wait_row(s, STATUS, want);
	}
	ok(each, "search: the prompt follows each keystroke");
	int rr = scr_wait_row(s, STATUS, "/5]") || scr_wait_row(s, STATUS, "/");
	const char *cnt = strrchr(scr_row(s, STATUS), '[');
	rr = cnt && atoi(cnt + 1) >= 1 && strchr(cnt, '/');
	ok(rr, "search: the counter shows the hit's rank");
	SHOW_IF(rr, s);
	/* the current hit is green, the others yellow, over the actor colour */
	scr_pump(s, -1);
	int row = -1, green = 0, yellow = 0;
	for (int r = 1; r < STATUS; r++)
		for (int c = sep_col(s) + 1; c < W; c++) {
			int bg = scr_bg(s, r, c);
			green += bg == 2;
			yellow += bg == 3;
			if (bg == 2 && row < 0)
				row = r;
		}
	ok(green == 7, "search: the current hit is highlighted");
	ok(yellow > 0 && yellow % 7 == 0, "search: every other hit is highlighted too");
	ok(row > 2, "search: the hit has context lines above it");
	char *during = strdup(reader_text(s));
	ok(strcmp(before, during) != 0, "search: the view moved to the hit");
	scr_send(s, ESC);
	scr_pump(s, -1);
	ok(!strstr(scr_row(s, STATUS), "/kadhimi"), "search: Esc closes the prompt");
	char *after = reader_text(s);
	int same = strcmp(before, after) == 0;
	ok(same, "search: Esc restores the exact previous view");
	if (!same)
		printf("# before:\n%s# after:\n%s", before, after);
	free(before);
	free(during);

	/* n and N with the counter, wrapping with a message */
	scr_send(s, "g/kadhimi\r");
	ok(scr_wait_row(s, STATUS, "art 1/\t[1/"),
	   "n/N: [1/N] after Enter, from the top");
	const char *st = strrchr(scr_row(s, STATUS), '[');
	int total = st ? atoi(st + 3) : 0;
	ok(total >= 2, "n/N: several hits");
	scr_send(s, "n");
	ok(scr_wait_row(s, STATUS, "[2/"), "n/N: n goes to [2/N]");
	scr_send(s, "N");
	ok(scr_wait_row(s, STATUS, "[1/"), "n/N: N back to [1/N]");
	scr_send(s, "N");
	char want[64];
	snprintf(want, sizeof want, "[%d/%d]", total, total);
	rr = scr_wait_row(s, STATUS, strcat(want, "\tsearch hit TOP"));
	ok(rr, "n/N: N at the first hit wraps to the last, with a message");
	SHOW_IF(rr, s);
	scr_send(s, "n");
	ok(scr_wait_row(s, STATUS, "[1/\tsearch hit BOTTOM"),
	   "n/N: n at the last hit wraps to the first, with a message");
	/* Alt-n continues into the next articles */
	for (int i = 0; i < total; i++)
		scr_send(s, ESC "n");
	ok(scr_wait_row(s, STATUS, "art 2/\tcontinued into"),
	   "search: Alt-n continues into the next article");

	/* Ctrl-R: literal, so ( is a character, not a group */
	scr_send(s, "/\022(ab");
	ok(scr_wait_row(s, STATUS, "/[literal] (ab_") && !strstr(scr_row(s, STATUS), "bad pattern"),
	   "search: Ctrl-R searches literally");
	scr_send(s, ESC);
	scr_pump(s, 120);

	/* a letter whose code point is also a curses key code (U+0151) */
	scr_send(s, "/\305\221");
	ok(scr_wait_row(s, STATUS, "/\305\221_"), "search: any letter can be typed");
	scr_send(s, ESC);
	scr_pump(s, 120);

	/* a bad regex is a message, and nothing breaks */
	scr_send(s, "/(ab");
	ok(scr_wait_row(s, STATUS, "bad pattern"), "search: a bad regex says so");
	scr_send(s, ESC);
	ok(scr_wait_row(s, STATUS, "art 2/"), "search: and Esc goes back");

	/* the dossier-wide search lists articles with counts */
	scr_send(s, "Fembassy\r");
	ok(scr_wait(s, "Matches of embassy", 1) && scr_wait_row(s, STATUS, "hits in"),
	   "search: F lists the matching articles with counts");
	scr_send(s, "\r");
	ok(scr_wait_row(s, STATUS, "[1/"), "search: Enter opens a match at its first hit");
out:
	done(s);
}

/* Whether the list's row is drawn reversed (the selection), waiting for
 * it a few seconds at most. */
static int list_selected(scr *s, int row)
{
	for (int i = 0; i < 50; i++) {
		VTermScreenCell c;
		if (scr_cell(s, row, 3, &c) && c.attrs.reverse)
			return 1;
		scr_pump(s, 100);
	}
	return 0;
}

/* `/` searches the reader from any pane; Esc gives the pane back. */
static void test_search_focus(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "j");
	ok(list_selected(s, 2), "search focus: j moves the list");
	scr_send(s, "/embassy");
	ok(scr_wait_row(s, STATUS, "/embassy_"), "search focus: / from the list");
	scr_send(s, ESC);
	scr_wait(s, "/embassy_", 0); /* Esc read alone, not as Alt-j */
	scr_send(s, "j");
	int moved = list_selected(s, 3);
	ok(moved, "search focus: after Esc the list has the keys again");
	SHOW_IF(moved, s);
	ok(strstr(scr_row(s, STATUS + 1), "Enter open") != NULL,
	   "search focus: the hint bar is the list's again");
out:
	done(s);
}

/* A word in the reader whose first cell is reversed (the current mention). */
static int current_word(scr *s, const char *word, int *row, int *col)
{
	int sc = sep_col(s);
	(void)sc;
	size_t n = strlen(word);
	for (int r = 1; r < STATUS; r++)
		for (int c = sc + 1; c + (int)n <= W; c++) {
			VTermScreenCell cell;
			if (!scr_cell(s, r, c, &cell) || !cell.attrs.reverse ||
			    cell.chars[0] != (uint32_t)(unsigned char)word[0])
				continue;
			size_t k = 0;
			while (k < n && scr_cell(s, r, c + (int)k, &cell) &&
			       cell.chars[0] == (uint32_t)(unsigned char)word[k])
				k++;
			if (k == n) {
				*row = r;
				*col = c;
				return 1;
			}
		}
	return 0;
}

/* The actor engine: Kadhimi, spelt Kazimi in the translated AFP piece. */
static void test_actors(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	int arow, row, col;
	int have = scr_find(s, " Actors", &arow, NULL);
	int krow = -1;
	for (int r = arow + 1; have && r < STATUS; r++) {
		char line[512];
		snprintf(line, sizeof line, "%s", scr_row(s, r));
		char *bar = strstr(line, "\u2502");
		if (bar)
			*bar = 0; /* the actors pane only, not the text beside it */
		if (strstr(line, "Kadhimi") || strstr(line, "Kadhemi") || strstr(line, "Kazimi")) {
			krow = r;
			break;
		}
	}
	ok(krow > 0, "actors: Kadhimi is in the actors pane (needs the actor engine)");
	if (krow < 0) {
		scr_dump(s);
		printf("# the actor engine did not deliver: * and t cannot be tested\n");
		goto out;
	}
	int kcolour = scr_fg(s, krow, 3);
	ok(kcolour > 0, "actors: the actor's name carries its colour");
	scr_send(s, "a");
	for (int r = arow + 1; r < krow; r++)
		scr_send(s, "j");
	scr_send(s, "\r");
	ok(scr_wait_row(s, STATUS, "mention 1 of"), "actors: Enter focuses the actor, first mention");
	ok(scr_wait_row(s, STATUS, " sources"), "actors: the status counts its sources");
	/* t: the same actor in the next source, until the AFP translation */
	int found = 0;
	for (int i = 0; i < 8 && !found; i++) {
		scr_send(s, "t");
		scr_pump(s, -1);
		found = current_word(s, "Kazimi", &row, &col);
	}
	ok(found, "t: lands on Kazimi, the current mention (reversed)");
	if (found)
		ok(scr_fg(s, row, col) == kcolour, "t: Kazimi has Kadhimi's colour");
	else
		scr_dump(s);
	const char *st = strstr(scr_row(s, STATUS), "mention ");
	int rank = st ? atoi(st + 8) : 0;
	ok(rank > 1, "t: the status gives the mention's rank");
	scr_send(s, "*");
	char want[40];
	snprintf(want, sizeof want, "mention %d of", rank + 1);
	ok(scr_wait_row(s, STATUS, want), "*: the next mention of the same actor");
	scr_send(s, "#");
	snprintf(want, sizeof want, "mention %d of", rank);
	ok(scr_wait_row(s, STATUS, want), "#: back to the previous mention");
	scr_send(s, "''");
	snprintf(want, sizeof want, "mention %d of", rank + 1);
	ok(scr_wait_row(s, STATUS, want), "'': back to where the last jump started");
	scr_send(s, "\017");
	snprintf(want, sizeof want, "mention %d of", rank);
	ok(scr_wait_row(s, STATUS, want), "Ctrl-O: the same, once more");
	/* the mentions list: a concordance; Enter jumps */
	scr_send(s, "m");
	ok(scr_wait(s, "Mentions of", 1), "m: the mentions list opens");
	int mrow, mcol, orow, ocol;
	ok(scr_find(s, "Mentions of", &mrow, &mcol) && scr_wait(s, "by outlet: ", 1) &&
	   scr_find(s, "by outlet: ", &orow, &ocol) && orow == mrow + 1,
	   "m: under its title, the outlets that name the actor with their counts");
	scr_send(s, "g\r");
	ok(scr_wait_row(s, STATUS, "mention 1 of"), "m: Enter jumps to the chosen mention");
out:
	done(s);
}

static void test_stripped_and_info(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	/* find an article with stripped text: v in each until a reason shows */
	int found = 0;
	for (int k = 0; k < 6 && !found; k++) {
		scr_send(s, k ? "Jv" : "\rv");
		scr_wait_row(s, STATUS, "stripped text shown");
		scr_send(s, "G");
		scr_pump(s, -1);
		found = scr_find(s, "-- stripped: ", NULL, NULL);
		if (!found) {
			scr_send(s, "g");
			scr_pump(s, -1);
			found = scr_find(s, "-- stripped: ", NULL, NULL);
		}
		if (!found)
			scr_send(s, "v");
	}
	ok(found, "v: stripped text is shown with why");
	int row, col;
	if (found && scr_find(s, "-- stripped: ", &row, &col)) {
		VTermScreenCell c;
		scr_cell(s, row, col + 3, &c);
		ok(scr_fg(s, row, col + 3) == 8 || c.attrs.bold == 0,
		   "v: the stripped text is dimmed");
		scr_send(s, "v");
		ok(scr_wait(s, "-- stripped: ", 0) && scr_wait_row(s, STATUS, "stripped text hidden"),
		   "v: again hides it");
		/* narrower: the outlet and the actor give way to the message */
		scr_resize(s, H, 64);
		scr_pump(s, -1);
		scr_send(s, "v");
		int whole = scr_wait_row(s, STATUS, "with why (") &&
		            scr_wait_row(s, STATUS, "blocks here)");
		ok(whole, "v: its message is shown whole on a narrow screen");
		SHOW_IF(whole, s);
		scr_send(s, "v");
		scr_resize(s, H, W);
		scr_pump(s, -1);
	}
	scr_send(s, "=");
	ok(scr_wait(s, "File", 1) && scr_wait(s, "Position", 1) && scr_wait(s, "samples/", 1),
	   "=: file, outlet, URL and position");
	scr_send(s, " ");
	ok(scr_wait(s, "Position", 0), "=: any key closes it");
out:
	done(s);
}

/* The percent the info popup gives for the top row, or -1. */
static int info_percent(scr *s)
{
	scr_send(s, "=");
	int pct = -1, row, col;
	if (scr_wait(s, "Position", 1) && scr_find(s, "article 1 of", &row, &col)) {
		const char *p = strrchr(scr_row(s, row), ',');
		if (p)
			pct = atoi(p + 1);
	}
	scr_send(s, " ");
	scr_wait(s, "Position", 0);
	return pct;
}

/* A number before a key, as in less and vim: 5j five lines, 3G the third
 * block (or list item), 50% half way, 2J two articles on; Esc drops it.
 * Each compared with the same moves made one at a time. */
static void test_counts(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "3G\r");
	ok(scr_wait_row(s, STATUS, "art 3/"), "count: 3G in the list selects the third article");
	scr_send(s, "q2g\r");
	ok(scr_wait_row(s, STATUS, "art 2/"), "count: 2g too");
	scr_send(s, "K");
	scr_wait_row(s, STATUS, "art 1/");
	scr_send(s, "2J");
	ok(scr_wait_row(s, STATUS, "art 3/"), "count: 2J two articles on");
	scr_send(s, "9K");
	ok(scr_wait_row(s, STATUS, "art 1/"), "count: 9K stops at the first");

	scr_send(s, "jjjjj");
	scr_pump(s, -1);
	char one[16384];
	snprintf(one, sizeof one, "%s", reader_text(s));
	scr_send(s, "g");
	scr_pump(s, -1);
	char top[16384];
	snprintf(top, sizeof top, "%s", reader_text(s));
	scr_send(s, "5j");
	scr_pump(s, -1);
	ok(strcmp(one, top) != 0 && strcmp(reader_text(s), one) == 0,
	   "count: 5j scrolls as jjjjj does");
	scr_send(s, "5k");
	scr_pump(s, -1);
	ok(strcmp(reader_text(s), top) == 0, "count: 5k back");

	scr_send(s, "12");
	ok(scr_wait_row(s, STATUS, "12"), "count: shown while typed");
	scr_send(s, ESC);
	scr_pump(s, 120);
	scr_send(s, "j");
	scr_pump(s, -1);
	char esc[16384];
	snprintf(esc, sizeof esc, "%s", reader_text(s));
	scr_send(s, "gj");
	scr_pump(s, -1);
	ok(strcmp(esc, reader_text(s)) == 0, "count: Esc drops it (j then moves one line)");

	scr_send(s, "4G");
	scr_pump(s, -1);
	scr_send(s, "=");
	ok(scr_wait(s, "block 4 of", 1), "count: 4G shows the fourth paragraph at the top");
	scr_send(s, " ");
	scr_wait(s, "Position", 0);
	scr_send(s, "50%");
	scr_pump(s, -1);
	int half = info_percent(s);
	scr_send(s, "90%");
	scr_pump(s, -1);
	int most = info_percent(s);
	scr_send(s, "%");
	scr_pump(s, -1);
	int none = info_percent(s);
	ok(half >= 35 && half <= 50 && most > half && none == 0,
	   "count: 50% half way, 90% further, % alone the start");
	if (!(half >= 35 && half <= 50 && most > half && none == 0))
		printf("# 50%%: %d, 90%%: %d, %%: %d\n", half, most, none);
	scr_send(s, "''");
	scr_pump(s, -1);
	ok(info_percent(s) == most, "count: '' goes back to where N% jumped from");

	/* counted hits: 3n as nnn, one jump for all; a count past the last
	 * hit stops there, at once */
	scr_send(s, "g/Iraq\r");
	scr_wait_row(s, STATUS, "[1/");
	scr_send(s, "nnn");
	int nnn = scr_wait_row(s, STATUS, "[4/");
	scr_send(s, "NNN");
	scr_wait_row(s, STATUS, "[1/");
	scr_pump(s, -1);
	char start[16384];
	snprintf(start, sizeof start, "%s", reader_text(s));
	scr_send(s, "3n");
	ok(nnn && scr_wait_row(s, STATUS, "[4/"), "count: 3n goes to the hit nnn goes to");
	scr_send(s, "''");
	scr_pump(s, -1);
	ok(strcmp(reader_text(s), start) == 0, "count: '' after 3n goes back to where it started");
	/* 5* lands where ***** does (each in a reader of its own) */
	char five[2][64];
	for (int k = 0; k < 2; k++) {
		scr *t = run(H, W, NULL, NULL);
		five[k][0] = 0;
		if (t && ready(t)) {
			scr_send(t, k ? "\r5*" : "\r*****");
			scr_wait_row(t, STATUS, "mention ");
			scr_pump(t, -1);
			const char *m = strstr(scr_row(t, STATUS), "mention ");
			snprintf(five[k], sizeof five[k], "%.20s", m ? m : "");
		}
		done(t);
	}
	ok(five[0][0] && strcmp(five[0], five[1]) == 0, "count: 5* lands where ***** does");
	if (!(five[0][0] && strcmp(five[0], five[1]) == 0))
		printf("# *****: '%s', 5*: '%s'\n", five[0], five[1]);

	/* Esc drops a count even where Esc is bound (help) */
	scr_send(s, "?");
	scr_wait(s, "generated from the key map", 1);
	scr_send(s, "5" ESC);
	scr_pump(s, 120);
	ok(scr_find(s, "generated from the key map", NULL, NULL), "count: Esc in help drops the count, help stays");
	scr_send(s, "q");
out:
	done(s);
}

/* A long path wraps in the info popup without cutting a file name in two:
 * the break falls after a '/'. The directory's length moves the wrap point
 * across the name in steps smaller than the name, so a wrap at the bare
 * column edge would split it in at least one of the runs. */
static void test_info_long_path(void)
{
	static const char name[] = "coverage-of-the-summit.txt";
	int whole = 0, runs = 0;
	for (int pad = 30; pad < 30 + 4 * 9; pad += 9) {
		char dir[256], path[512];
		int n = snprintf(dir, sizeof dir, "%s/", tmpdir);
		for (int i = 0; i < pad && n < (int)sizeof dir - 1; i++)
			dir[n++] = (char)('a' + i % 26);
		dir[n] = 0;
		if (mkdir(dir, 0700) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		FILE *f = fopen(path, "w");
		if (!f)
			continue;
		fputs("Leaders Meet at the Summit\n\nThe two leaders met on Tuesday and "
		      "agreed to talk again next month, officials said.\n", f);
		fclose(f);
		scr *s = run(H, W, NULL, path, NULL);
		if (!s)
			continue;
		if (ready(s)) {
			runs++;
			scr_send(s, "=");
			if (scr_wait(s, "Position", 1) && scr_find(s, name, NULL, NULL))
				whole++;
		}
		done(s);
	}
	char what[128];
	snprintf(what, sizeof what, "=: a long path breaks after a '/', the file name whole (%d of %d runs)",
	         whole, runs);
	ok(runs == 4 && whole == runs, what);
}

/* A saved web page reads as its article: no markup on the screen, and the
 * info popup says how the file was read. */
static void test_saved_page(void)
{
	scr *s = run(H, W, NULL, PX_SRCDIR "/tests/pages/saved-page.html", NULL);
	if (!s || !ready(s))
		goto out;
	ok(scr_wait(s, "rallies allies to prevent US embassy", 1), "a saved page: its title listed");
	scr_send(s, "\r");
	int text = scr_wait(s, "Mustafa al-Kadhimi", 1);
	ok(text, "a saved page: its text in the reader");
	SHOW_IF(text, s);
	ok(!scr_find(s, "href", NULL, NULL) && !scr_find(s, "</", NULL, NULL) &&
	   !scr_find(s, "We use cookies", NULL, NULL),
	   "a saved page: no markup, no cookie banner");
	scr_send(s, "=");
	ok(scr_wait(s, "a web page, its markup dropped", 1), "=: the page was read as a web page");
	scr_send(s, "Q");
	check_exit(s, 0, "Q in the info popup");
out:
	done(s);
}

static void test_resize(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\rjjjj");
	scr_pump(s, -1);
	int sc = sep_col(s);
	char first[64] = "";
	const char *row1 = scr_row(s, 1);
	/* the first word of the reader's top row */
	const char *p = row1;
	for (int col = 0; *p && col <= sc + 1; col++) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	sscanf(p, "%63s", first);
	ok(first[0] != 0, "resize: a top line to keep");
	scr_resize(s, 24, 80);
	int kept = scr_wait_row(s, 1, first);
	ok(kept, "resize: 80x24 keeps the reader's top line");
	if (!kept) {
		printf("# wanted '%s' on row 1\n", first);
		scr_dump(s);
	}
	scr_resize(s, 6, 20);
	ok(scr_wait_row(s, 4, "art 1/") && !scr_find(s, "Too small", NULL, NULL),
	   "resize: 20x6 still works (one pane, status)");
	scr_resize(s, 5, 15);
	ok(scr_wait(s, "Too small", 1), "resize: below 20x6 a message instead");
	scr_resize(s, 24, 80);
	ok(scr_wait(s, "Articles", 1) && scr_wait_row(s, 1, first),
	   "resize: back to 80x24, same place");
	scr_send(s, "Q");
	check_exit(s, 0, "Q in the reader");
out:
	done(s);
}

static void test_signals(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (s && scr_wait(s, "Articles", 1)) {
		scr_send(s, "\003");
		check_exit(s, 130, "Ctrl-C");
	}
	done(s);
	s = run(H, W, NULL, NULL);
	if (s && scr_wait(s, "Articles", 1)) {
		scr_kill(s, SIGTERM);
		check_exit(s, 143, "SIGTERM");
	}
	done(s);
	/* Ctrl-\ quits as Ctrl-C does, the terminal restored */
	s = run(H, W, NULL, NULL);
	if (s && scr_wait(s, "Articles", 1)) {
		scr_send(s, "\034");
		check_exit(s, 131, "Ctrl-\\");
	}
	done(s);
	/* a byte no UTF-8 character starts with, and a character cut short
	 * by the next key: neither takes the keys after it */
	s = run(H, W, NULL, NULL);
	if (s && ready(s)) {
		scr_send(s, "\377=");
		ok(scr_wait(s, "Position", 1), "a key after a stray byte is read");
		scr_send(s, " ");
		scr_wait(s, "Position", 0); /* the popup closed, before it opens again */
		scr_send(s, "\303=");
		ok(scr_wait(s, "Position", 1), "a key after a character cut short is read");
		scr_send(s, " /K\303\251");
		int whole = scr_wait(s, "/K\303\251", 1);
		ok(whole, "a character of two bytes is read whole");
		SHOW_IF(whole, s);
	}
	done(s);
	/* Ctrl-S is no flow control: the screen goes on answering keys */
	s = run(H, W, NULL, NULL);
	if (s && ready(s)) {
		scr_send(s, "\023=");
		ok(scr_wait(s, "Position", 1), "Ctrl-S does not stop the screen");
		scr_send(s, " Q");
		check_exit(s, 0, "Q after Ctrl-S");
	}
	done(s);
}

static char *write_file(const char *name, const char *text)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

/* A dossier-wide search typed while reader mode still runs: when reader
 * mode lands (articles split, joined, renumbered) the results list stays,
 * counted again over the new articles. The dossier is made big enough
 * that reader mode is still at work when the search is typed. */
static void test_results_survive_analysis(void)
{
	static const char *words[] = {
		"minister", "talks", "border", "council", "officials", "week", "city",
		"report", "vote", "army", "court", "market", "leaders", "rain", "port",
		"school", "police", "budget", "rivers", "farmers", "election", "deal"};
	const size_t nw = sizeof words / sizeof *words;
	char dir[128];
	snprintf(dir, sizeof dir, "%s/big", tmpdir);
	if (mkdir(dir, 0700) != 0) {
		ok(0, "results: a dossier directory");
		return;
	}
	const int nfiles = 3000;
	for (int i = 0; i < nfiles; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%05d.txt", dir, i);
		FILE *f = fopen(path, "w");
		if (!f)
			continue;
		fprintf(f, "Story %d of the %s\n\nBy Staff Writer %d\n\n", i, words[i % nw], i % 97);
		unsigned x = (unsigned)i * 2654435761u + 1;
		for (int p = 0; p < 6; p++) {
			fprintf(f, "The %s", words[(x >> 3) % nw]);
			for (int w = 0; w < 40; w++) {
				x = x * 1103515245u + 12345u;
				fprintf(f, " %s", words[(x >> 16) % nw]);
			}
			fprintf(f, "%s.\n\n", p == 2 ? " near the embassy" : "");
		}
		fputs("Share this article\n\nSource link\n", f);
		fclose(f);
	}
	scr *s = run(H, W, NULL, dir, NULL);
	if (!s)
		return;
	int early = scr_wait(s, "Articles", 1) && scr_wait_row(s, STATUS, "reader mode");
	scr_send(s, "Fembassy\r");
	ok(scr_wait(s, "Matches of embassy", 1), "results: F during reader mode lists matches");
	if (!early)
		printf("# reader mode had landed before F: the race was not exercised\n");
	/* reader mode over thousands of files takes a while under valgrind:
	 * several timeouts' worth */
	int landed = 0;
	for (int i = 0; i < 8 && !landed; i++)
		landed = scr_wait(s, "reader mode", 0) && scr_wait(s, "finding", 0);
	scr_pump(s, -1);
	int kept = landed && scr_find(s, "Matches of embassy", NULL, NULL) &&
	           strstr(scr_row(s, STATUS), "hits in") != NULL;
	ok(kept, "results: still listed, counted again, once reader mode lands");
	SHOW_IF(kept, s);
	scr_send(s, "\r");
	ok(scr_wait_row(s, STATUS, "[1/"), "results: Enter opens a match at its first hit");
	/* a pattern that backtracks catastrophically in every article is
	 * given up after a few articles, not run over all 3000 */
	scr_send(s, "F(\\w+\\s?)*$\r");
	int stopped = scr_wait_row(s, STATUS, "pattern too complex: search stopped at article");
	ok(stopped, "results: a pathological pattern is stopped early, with a message");
	SHOW_IF(stopped, s);
	scr_send(s, "Fembassy\r");
	ok(scr_wait_row(s, STATUS, "hits in"), "results: and the next search works");
	done(s);
}

/* A first file over the size read before the first frame (2 MB) is read
 * on the loading thread: the frame comes first, the article after. */
static void test_big_first_file(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/capture.txt", tmpdir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs("A Long Capture of the Summit\n\n", f);
	for (int i = 0; i < 30000; i++)
		fprintf(f, "Paragraph %d: the two leaders met again and agreed to talk, "
		        "officials said on Tuesday.\n\n", i);
	fclose(f);
	scr *s = run(H, W, NULL, path, NULL);
	if (!s)
		return;
	ok(scr_wait(s, "Articles", 1) && scr_wait(s, "A Long Capture of the Summit", 1) &&
	   scr_wait(s, "Paragraph 0:", 1),
	   "big first file: read on the thread, then shown");
	scr_send(s, "\rG");
	ok(scr_wait(s, "Paragraph 29999:", 1), "big first file: all of it");
	done(s);
}

/* Everything a file at path holds, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 == cap) {
			char *nb = realloc(b, cap *= 2);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	if (b)
		b[n] = 0;
	return b;
}

/* S saves the shown article as --dump prints it, into a new file only. */
static void test_save(void)
{
	char path[256], cmd[512], keys[300];
	snprintf(path, sizeof path, "%s/saved.txt", tmpdir);
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\rS");
	ok(scr_wait_row(s, STATUS, "save to: iraqi-prime-minister-gathers-allies"),
	   "save: S offers a file name made from the title");
	snprintf(keys, sizeof keys, "\025%s\r", path);
	scr_send(s, keys);
	ok(scr_wait_row(s, STATUS, "saved "), "save: Enter writes it, and says so");
	/* the same text as --dump gives for this article in the dossier */
	snprintf(cmd, sizeof cmd, "'%s' --dump > '%s/all.txt'", prog, tmpdir);
	char *saved = slurp(path), *all = NULL;
	if (system(cmd) == 0) {
		snprintf(cmd, sizeof cmd, "%s/all.txt", tmpdir);
		all = slurp(cmd);
	}
	char *cut = all ? strstr(all, "\n\n==> ") : NULL;
	if (cut)
		cut[1] = 0;
	ok(saved && all && strcmp(saved, all) == 0, "save: the file is the article as --dump prints it");
	/* never over an existing file: the same name again is refused */
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("mine\n", f);
		fclose(f);
	}
	scr_send(s, "S");
	scr_wait_row(s, STATUS, "save to: ");
	scr_send(s, keys);
	ok(scr_wait_row(s, STATUS, "exists, not overwritten: "), "save: an existing file is refused");
	free(saved);
	saved = slurp(path);
	ok(saved && strcmp(saved, "mine\n") == 0, "save: and left as it was");
	/* nor over a file of the dossier */
	const char *dd = getenv("PARALLAX_DATADIR") ? getenv("PARALLAX_DATADIR") : ".";
	snprintf(keys, sizeof keys, "S\025%s/samples/000_9bbb64c3ce846744.txt\r", dd);
	scr_send(s, keys);
	/* the path's start tells this message from the last (the message
	 * leads with the point: a long path is cut at its end) */
	char want[64];
	snprintf(want, sizeof want, "exists, not overwritten: %.12s", dd);
	ok(scr_wait_row(s, STATUS, want), "save: a dossier file is refused");
	/* a write that fails says why before the path, which may be long */
	snprintf(keys, sizeof keys, "S\025%s/no-such-directory-%0120d/a.txt\r", tmpdir, 0);
	scr_send(s, keys);
	ok(scr_wait_row(s, STATUS, "not saved (No such file or directory): "),
	   "save: a failed write says why first");
	/* Esc leaves the prompt without writing */
	scr_send(s, "S");
	scr_wait_row(s, STATUS, "save to: ");
	scr_send(s, ESC);
	ok(scr_wait(s, "save to:", 0), "save: Esc cancels");
	free(saved);
	free(all);
out:
	done(s);
}

/* |: the article as --dump prints it into a shell command that has the
 * terminal; Enter brings the reader back; the command is offered again;
 * its exit status is told; Ctrl-C stops the command, not the reader. */
static void test_pipe(void)
{
	char path[256], cmd[512], keys[600];
	snprintf(path, sizeof path, "%s/piped.txt", tmpdir);
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	snprintf(keys, sizeof keys, "\r|cat > '%s'; echo wrote-it\r", path);
	scr_send(s, keys);
	ok(scr_wait(s, "wrote-it", 1) && scr_wait(s, "exit 0; press Enter to go back", 1),
	   "pipe: the command has the terminal, then parallax waits for Enter");
	scr_send(s, "\r");
	ok(scr_wait(s, "Articles", 1) && scr_wait_row(s, STATUS, "piped to cat > ") &&
	   scr_wait_row(s, STATUS, ": exit 0"), "pipe: Enter brings the reader back, with the status");
	snprintf(cmd, sizeof cmd, "'%s' --dump > '%s/all-pipe.txt'", prog, tmpdir);
	char *piped = slurp(path), *all = NULL;
	if (system(cmd) == 0) {
		snprintf(cmd, sizeof cmd, "%s/all-pipe.txt", tmpdir);
		all = slurp(cmd);
	}
	char *cut = all ? strstr(all, "\n\n==> ") : NULL;
	if (cut)
		cut[1] = 0;
	ok(piped && all && strcmp(piped, all) == 0, "pipe: the command read the article as --dump prints it");
	free(piped);
	free(all);
	scr_send(s, "|");
	ok(scr_wait_row(s, STATUS, "pipe to: cat > "), "pipe: the last command is offered again");
	scr_send(s, "\025exit 3\r");
	ok(scr_wait(s, "exit 3; press Enter", 1), "pipe: a failing command's status is told");
	scr_send(s, "\r");
	ok(scr_wait_row(s, STATUS, "piped to exit 3: exit 3"), "pipe: and kept in the status line");
	/* a command that never reads and never ends: Ctrl-C is its, the
	 * reader stays */
	scr_send(s, "|\025sleep 30\r");
	scr_pump(s, 300);
	scr_send(s, "\003");
	ok(scr_wait(s, "killed by signal 2; press Enter", 1), "pipe: Ctrl-C stops the command");
	scr_send(s, "\r");
	ok(scr_wait(s, "Articles", 1) && scr_wait_row(s, STATUS, "killed by signal 2"),
	   "pipe: and the reader is still there");
	scr_send(s, "|" ESC);
	ok(scr_wait(s, "pipe to:", 0), "pipe: Esc cancels");
	/* Ctrl-C at "press Enter": the reader quits as on any Ctrl-C */
	scr_send(s, "|\025echo ready-for-ctrl-c\r");
	if (scr_wait(s, "ready-for-ctrl-c", 1)) {
		scr_pump(s, 300); /* the command has ended: the reader waits for Enter */
		scr_send(s, "\003");
		check_exit(s, 130, "pipe: Ctrl-C at the Enter prompt");
	} else {
		ok(0, "pipe: true ran");
	}
out:
	done(s);
}

/* o: the article's source URL in $BROWSER, passed as one word: a URL
 * holding the shell's $( ) and ` ` reaches the browser as it is, and
 * runs nothing. */
static void test_open_url(void)
{
	char out[256], browser[400], dir[256], file[300], pwned[300], cmd[600], script[300];
	snprintf(out, sizeof out, "%s/url.txt", tmpdir);
	/* a browser that writes down the one argument it gets */
	snprintf(cmd, sizeof cmd, "#!/bin/sh\nprintf '%%s\\n' \"$1\" > '%s'\n", out);
	char *sp = write_file("browser.sh", cmd);
	snprintf(script, sizeof script, "%s", sp ? sp : "/nonexistent");
	chmod(script, 0755);
	snprintf(browser, sizeof browser, "BROWSER=%s", script);
	const char *env[] = {browser, NULL};
	scr *s = run(H, W, env, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\ro");
	ok(scr_wait_row(s, STATUS, "no source URL found"), "o: an article without a URL says so");
	scr_send(s, "q3G\ro"); /* the first with a URL */
	ok(scr_wait_row(s, STATUS, "opened https://"), "o: the browser ran, and the status says so");
	/* the first article's URL, as --dump gives it */
	snprintf(cmd, sizeof cmd, "'%s' --dump | sed -n 's/^URL: //p' | head -1 > '%s/url-want.txt'",
	         prog, tmpdir);
	char *got = slurp(out), *want = NULL;
	if (system(cmd) == 0) {
		snprintf(cmd, sizeof cmd, "%s/url-want.txt", tmpdir);
		want = slurp(cmd);
	}
	ok(got && want && *want && strcmp(got, want) == 0, "o: the browser got the article's URL");
	free(got);
	free(want);
	done(s);
	s = NULL;

	snprintf(dir, sizeof dir, "%s/urls", tmpdir);
	snprintf(file, sizeof file, "%s/a.txt", dir);
	snprintf(pwned, sizeof pwned, "%s/PWNED", tmpdir);
	mkdir(dir, 0700);
	FILE *f = fopen(file, "w");
	if (f) {
		fprintf(f, "A headline about things\n\nBy Jane Doe\n\n"
		           "Source: https://example.com/a$(touch${IFS}%s)b?y=`touch${IFS}%s`\n\n"
		           "The body of the article goes on for a while, with enough words to be "
		           "a paragraph of real text that a reader keeps in view.\n", pwned, pwned);
		fclose(f);
	}
	unlink(out);
	/* BROWSER's %s stands for the URL */
	snprintf(browser, sizeof browser, "BROWSER=%s %%s", script);
	s = run(H, W, env, file, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\ro");
	scr_wait_row(s, STATUS, "opened ");
	got = slurp(out);
	ok(got && strstr(got, "/a$(touch${IFS}") && strstr(got, "`touch${IFS}") &&
	   access(pwned, F_OK) != 0, "o: a URL with $( ) and ` ` is one word, not a command");
	free(got);
	done(s);
	const char *none[] = {"BROWSER=", NULL};
	s = run(H, W, none, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "3G\ro");
	ok(scr_wait_row(s, STATUS, "set BROWSER to open it: https://"), "o: without BROWSER, the URL is shown");
out:
	done(s);
}

/* Up and Down in the search prompt go through earlier searches, and
 * the history outlives the session (written when the reader quits). */
static void test_history(void)
{
	char env0[200], file[256];
	snprintf(env0, sizeof env0, "XDG_STATE_HOME=%s/state", tmpdir);
	snprintf(file, sizeof file, "%s/state/parallax/history", tmpdir);
	const char *env[] = {env0, NULL};
	scr *s = run(H, W, env, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r/embassy\r");
	scr_wait_row(s, STATUS, "[1/");
	scr_send(s, "/kadhimi\r");
	scr_wait_row(s, STATUS, "[1/");
	scr_send(s, "/Kaz");
	ok(scr_wait_row(s, STATUS, "/Kaz_"), "history: a draft typed");
	scr_send(s, "\033OA");
	ok(scr_wait_row(s, STATUS, "/kadhimi_"), "history: Up gives the last search");
	scr_send(s, "\033OA");
	ok(scr_wait_row(s, STATUS, "/embassy_"), "history: Up again the one before");
	scr_send(s, "\033OB\033OB");
	ok(scr_wait_row(s, STATUS, "/Kaz_"), "history: Down back to the draft");
	scr_send(s, ESC);
	scr_wait(s, "/Kaz_", 0);
	scr_send(s, "Q");
	int st = -1;
	ok(scr_wait_exit(s, &st), "history: quit");
	char *h = slurp(file);
	ok(h && strcmp(h, "embassy\nkadhimi\n") == 0, "history: written to the state file");
	free(h);
	scr_free(s);
	s = run(H, W, env, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r/\033OA");
	ok(scr_wait_row(s, STATUS, "/kadhimi_"), "history: the next session has it");
out:
	done(s);
}

/* Hit cells on screen: the current (green) and the others (yellow). */
/* Cells of the reader on background colour bg. */
static int bg_cells(scr *s, int bg)
{
	int n = 0;
	for (int r = 1; r < STATUS; r++)
		for (int c = sep_col(s) + 1; c < W; c++)
			n += scr_bg(s, r, c) == bg;
	return n;
}

static void hit_cells(scr *s, int *green, int *yellow)
{
	*green = bg_cells(s, 2);
	*yellow = bg_cells(s, 3);
}

/* s: the focused pane alone, full width; \: hits' highlighting off and on. */
static void test_monocle_and_highlight(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "s");
	int gone = scr_wait(s, "\u2502", 0) && scr_wait_row(s, STATUS, "one pane");
	ok(gone, "s: the list alone, no pane border");
	SHOW_IF(gone, s);
	scr_send(s, "\r");
	ok(scr_wait_row(s, 0, "000_9bbb64c3ce846744 - Iraqi") && scr_wait(s, "\u2502", 0),
	   "s: Enter opens the article full width");
	scr_send(s, "s");
	ok(scr_wait(s, "\u2502", 1) && scr_wait(s, "Articles", 1), "s again: all panes");
	scr_send(s, "/embassy\r");
	scr_wait_row(s, STATUS, "[1/");
	scr_pump(s, -1);
	int green, yellow;
	hit_cells(s, &green, &yellow);
	ok(green == 7 && yellow > 0, "highlight: the current hit and the others");
	scr_send(s, "\\");
	scr_wait_row(s, STATUS, "not highlighted");
	scr_pump(s, -1);
	hit_cells(s, &green, &yellow);
	ok(green == 7 && yellow == 0, "\\: the others' highlighting off, the current kept");
	scr_send(s, "\\");
	scr_wait_row(s, STATUS, "search hits highlighted");
	scr_pump(s, -1);
	hit_cells(s, &green, &yellow);
	ok(green == 7 && yellow > 0, "\\ again: on");
out:
	done(s);
}

/* Cells of the reader coloured by an actor's style (not the default
 * colour, not the dimmed stripped text). */
static int actor_cells(scr *s)
{
	int n = 0;
	for (int r = 1; r < STATUS; r++)
		for (int c = sep_col(s) + 1; c < W; c++) {
			int fg = scr_fg(s, r, c);
			n += fg > 0 && fg != 8 && scr_bg(s, r, c) <= 0;
		}
	return n;
}

/* c: plain text, no actor colours; again: coloured. */
static void test_actor_colours(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r");
	scr_wait_row(s, STATUS, "art 1/");
	scr_pump(s, -1);
	int on = actor_cells(s);
	scr_send(s, "c");
	int said = scr_wait_row(s, STATUS, "actors not coloured");
	scr_pump(s, -1);
	int off = actor_cells(s);
	ok(on > 20 && said && off == 0, "c: the actors' colours go");
	if (!(on > 20 && said && off == 0))
		printf("# coloured cells: %d, then %d\n", on, off);
	scr_send(s, "c");
	scr_wait_row(s, STATUS, "actors coloured");
	scr_pump(s, -1);
	ok(actor_cells(s) == on, "c again: they come back");
out:
	done(s);
}

/* .: marked words, each on a colour of its own, in every article; an
 * empty . clears them; a bad pattern is named and changes nothing. */
static void test_marks(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r.embassy\r");
	ok(scr_wait_row(s, STATUS, "mark 1: embassy"), "mark: . then Enter marks the pattern");
	scr_pump(s, -1);
	int m1 = bg_cells(s, 5);
	ok(m1 >= 12, "mark: its hits on the first mark colour");
	scr_send(s, ".Iraq\r");
	scr_wait_row(s, STATUS, "mark 2: Iraq");
	scr_pump(s, -1);
	ok(bg_cells(s, 6) >= 4 && bg_cells(s, 5) == m1, "mark: a second on its own colour, the first kept");
	scr_send(s, "J");
	scr_wait_row(s, STATUS, "art 2/");
	scr_pump(s, -1);
	ok(bg_cells(s, 5) > 0 || bg_cells(s, 6) > 0, "mark: in the next article too");
	scr_send(s, ".(\r");
	ok(scr_wait_row(s, STATUS, "bad pattern"), "mark: a bad pattern is named");
	scr_send(s, "K");
	scr_wait_row(s, STATUS, "art 1/");
	scr_pump(s, -1);
	ok(bg_cells(s, 5) == m1, "mark: and the marks stay as they were");
	scr_send(s, ".\r");
	ok(scr_wait_row(s, STATUS, "marks cleared"), "mark: an empty one clears them");
	scr_pump(s, -1);
	ok(bg_cells(s, 5) == 0 && bg_cells(s, 6) == 0, "mark: and their colours are gone");
out:
	done(s);
}

/* &: only the paragraphs that match, in every article, until cleared. */
static void test_filter(void)
{
	scr *s = run(H, W, NULL, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r");
	scr_wait(s, "ploy to force", 1);
	scr_send(s, "&Pompeo\r");
	int on = scr_wait_row(s, STATUS, "filter: ") && scr_wait(s, "ploy to force", 0);
	ok(on, "filter: a paragraph without the word is hidden");
	SHOW_IF(on, s);
	ok(strstr(reader_text(s), "Pompeo") != NULL, "filter: one with it is shown");
	ok(strstr(scr_row(s, STATUS), "& ") != NULL, "filter: the status line says it is on");
	/* a search sees only what the filter shows */
	scr_send(s, "/ploy to\r");
	ok(scr_wait_row(s, STATUS, "not found"), "filter: a hidden paragraph's words are not found");
	scr_send(s, "J");
	ok(scr_wait_row(s, STATUS, "art 2/\t& "), "filter: the next article is filtered too");
	scr_send(s, "K&zzqqzz\r");
	ok(scr_wait(s, "No paragraph here matches the filter", 1), "filter: nothing matches, says so");
	scr_send(s, "&\025\r");
	ok(scr_wait_row(s, STATUS, "filter off") && scr_wait(s, "ploy to force", 1),
	   "filter: an empty one shows every paragraph again");
	scr_send(s, "&(ab\r");
	ok(scr_wait_row(s, STATUS, "bad pattern"), "filter: a bad pattern is named");
out:
	done(s);
}

static void test_hostile(void)
{
	char *path = write_file("evil.txt",
		"\033]0;pwned\007Evil \033[31mTitle\033[0m here\n\n"
		"Body \033[2J\033[Hstill \033[?1049l\033[?25lthere \302\23331m and \033P1$r\033\\ end.\n\n"
		"Line two \342\200\256desrever\342\200\254 ok.\n");
	scr *s = run(H, W, NULL, path, NULL);
	if (!s)
		return;
	int r = scr_wait(s, "Evil Title here", 1);
	ok(r, "hostile: the title shows as text");
	int row;
	r = scr_wait(s, "still", 1) && scr_find(s, "Body", &row, NULL) &&
	    strstr(scr_row(s, row), "there") && strstr(scr_row(s, row), "end.");
	ok(r, "hostile: escapes in the body clear nothing, move nothing");
	if (!r)
		scr_dump(s);
	ok(scr_altscreen(s), "hostile: the alternate screen is not left");
	ok(!scr_title_set(s), "hostile: the window title is not set");
	int red = 0;
	for (int rr = 0; rr < STATUS; rr++)
		for (int c = 0; c < W; c++)
			red += scr_fg(s, rr, c) == 1 && strstr(scr_row(s, rr), "Title");
	ok(!red, "hostile: no colour from the file");
	scr_send(s, "\t");
	ok(scr_wait(s, "desrever", 1), "hostile: text after a bidi override is shown");
	scr_send(s, "Q");
	check_exit(s, 0, "hostile file");
	done(s);
}

static void test_wide_and_pipe(void)
{
	char text[4096] = "Wide\n\n";
	for (int i = 0; i < 60; i++)
		strcat(text, i % 2 ? "字" : "漢");
	strcat(text, "\n");
	char *path = write_file("cjk.txt", text);
	scr *s = run(H, 81, NULL, path, NULL);
	if (!s || !scr_wait(s, "漢字漢字", 1) || !scr_wait_row(s, H - 1, "? help"))
		goto out;
	scr_pump(s, -1);
	int sc = sep_col(s), good = 1;
	for (int r = 1; r < STATUS; r++) {
		VTermScreenCell c;
		scr_cell(s, r, sc, &c);
		good &= c.chars[0] == 0x2502;
	}
	ok(good, "wide: CJK never overwrites the pane separator");
	SHOW_IF(good, s);
	/* the rows, joined, are the text: nothing split or lost at the edge */
	char joined[4096] = "";
	for (int r = 1; r < STATUS; r++) {
		const char *p = strstr(scr_row(s, r), "\u2502");
		if (!p)
			continue;
		p += 3;
		char buf[1024];
		snprintf(buf, sizeof buf, "%s", p);
		char *e = buf + strlen(buf);
		while (e > buf && e[-1] == ' ')
			*--e = 0;
		char *b = buf;
		while (*b == ' ')
			b++;
		if (strstr(b, "漢") || strstr(b, "字"))
			strcat(joined, b);
	}
	ok(strcmp(joined, text + 6) == 0 || (strlen(joined) + 1 == strlen(text + 6)),
	   "wide: every CJK character shown once, in order");
	scr_send(s, "Q");
	scr_wait_exit(s, NULL);
	done(s);

	/* right-to-left text keeps its logical order (the terminal may
	 * display it reordered; parallax sends it as it is) */
	path = write_file("rtl.txt", "RTL\n\n\327\251\327\234\327\225\327\235 "
	                  "\330\263\331\204\330\247\331\205 peace\n");
	s = run(H, W, NULL, path, NULL);
	ok(s && scr_wait(s, "\327\251\327\234\327\225\327\235 "
	                    "\330\263\331\204\330\247\331\205 peace", 1),
	   "rtl: Hebrew and Arabic in logical order, not reversed or cut");
out:
	done(s);

	/* the dossier on standard input: keys come from the terminal */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "printf 'Piped title\\n\\nPiped body text.\\n' | exec '%s' -", prog);
	char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	s = scr_start(H, W, argv, NULL);
	if (!s)
		return;
	ok(scr_wait(s, "Piped body text.", 1), "stdin: a piped dossier is shown");
	scr_send(s, "\rq");
	ok(scr_wait(s, "Articles", 1), "stdin: keys are read from the terminal");
	scr_send(s, "q");
	check_exit(s, 0, "piped input");
	done(s);
}

static void test_no_color(void)
{
	const char *env[] = {"NO_COLOR=1", NULL};
	scr *s = run(H, W, env, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r");
	scr_wait_row(s, 0, "Iraqi");
	scr_pump(s, -1);
	int row, col, colours = 0;
	for (int r = 0; r < H; r++)
		for (int c = 0; c < W; c++)
			colours += scr_fg(s, r, c) >= 0 || scr_bg(s, r, c) >= 0;
	ok(colours == 0, "NO_COLOR: no colour at all");
	int found = scr_wait(s, "Pompeo", 1) &&
	            scr_find_from(s, "Pompeo", sep_col(s) + 1, &row, &col);
	VTermScreenCell c;
	if (found)
		scr_cell(s, row, col, &c);
	ok(found && (c.attrs.bold || c.attrs.underline || c.attrs.italic),
	   "NO_COLOR: actors are marked by attributes");
	scr_send(s, "/embassy\r");
	ok(scr_wait_row(s, STATUS, "art 1/\t[1/"),
	   "NO_COLOR: search works");
	scr_pump(s, -1);
	int rev = 0;
	for (int r = 1; r < STATUS; r++)
		for (int cc = sep_col(s) + 1; cc < W; cc++) {
			scr_cell(s, r, cc, &c);
			rev += c.attrs.reverse;
		}
	ok(rev >= 7, "NO_COLOR: hits are drawn reversed");
	scr_send(s, "Q");
	check_exit(s, 0, "NO_COLOR");
out:
	done(s);
}

/* A terminal without italics (vt100): every actor still stands out from
 * the text around it, by the attributes the terminal does have. */
static void test_no_italics(void)
{
	const char *env[] = {"TERM=vt100", NULL};
	scr *s = run(H, W, env, NULL);
	if (!s || !ready(s))
		goto out;
	scr_send(s, "\r");
	scr_wait_row(s, 0, "Iraqi");
	scr_wait(s, "Pompeo", 1);
	scr_pump(s, -1);
	/* mentions on the first page of the first sample */
	const char *names[] = {"Kadhimi", "Pompeo", "Baghdad", "United States", "Mustafa"};
	int seen = 0, plain = 0, italic = 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		int row, col;
		if (!scr_find_from(s, names[i], sep_col(s) + 1, &row, &col))
			continue;
		seen++;
		VTermScreenCell c;
		scr_cell(s, row, col, &c);
		if (!(c.attrs.bold || c.attrs.underline)) {
			plain++;
			printf("# %s at %d,%d is plain\n", names[i], row, col);
		}
		italic += c.attrs.italic;
	}
	if (!ok(seen >= 3 && plain == 0 && italic == 0,
	        "vt100: every actor is bold or underlined, none italic"))
		printf("# %d names seen, %d plain, %d italic\n", seen, plain, italic);
	scr_send(s, "Q");
	check_exit(s, 0, "vt100");
out:
	done(s);
}

static void test_dumb(void)
{
	const char *terms[] = {"TERM=dumb", "TERM=no-such-terminal-xyz", "TERM"};
	const char *what[] = {"TERM=dumb", "TERM unknown", "TERM unset"};
	for (int i = 0; i < 3; i++) {
		const char *env[] = {terms[i], NULL};
		char *path = write_file("short.txt", "Short title\n\nShort body.\n");
		scr *s = run(H, W, env, path, NULL);
		if (!s)
			continue;
		char buf[120];
		int st = -1;
		int exited = scr_wait_exit(s, &st);
		snprintf(buf, sizeof buf, "%s: a message, then the --dump output", what[i]);
		int good = strstr(scr_stderr(s), "printing as --dump") &&
		           scr_find(s, "Short body.", NULL, NULL);
		ok(good, buf);
		if (!good)
			scr_dump(s);
		snprintf(buf, sizeof buf, "%s: exits 0 without the alternate screen", what[i]);
		ok(exited && WIFEXITED(st) && WEXITSTATUS(st) == 0 && !scr_altscreen(s), buf);
		done(s);
	}
}

static void test_mouse(void)
{
	/* off by default: the terminal keeps its own selection */
	scr *s = run(H, W, NULL, NULL);
	if (s && ready(s)) {
		ok(scr_mouse(s) == 0, "mouse: off by default");
		scr_send(s, ESC "[<0;5;4M" ESC "[<0;5;4m");
		scr_pump(s, -1);
		ok(strstr(scr_row(s, STATUS), "art 1/") != NULL, "mouse: a click does nothing then");
	}
	done(s);
	s = run(H, W, NULL, "--mouse", NULL);
	if (!s || !ready(s)) {
		done(s);
		return;
	}
	ok(scr_mouse(s) != 0, "mouse: --mouse turns reporting on");
	scr_send(s, ESC "[<0;5;4M" ESC "[<0;5;4m"); /* row 4 (1-based): the third article */
	ok(scr_wait_row(s, STATUS, "art 3/"), "mouse: a click in the list opens that article");
	scr_pump(s, -1);
	char before[256];
	snprintf(before, sizeof before, "%s", scr_row(s, 2));
	scr_send(s, ESC "[<65;60;10M");
	scr_pump(s, -1);
	ok(strcmp(before, scr_row(s, 2)) != 0, "mouse: the wheel scrolls the reader");
	scr_send(s, "Q");
	check_exit(s, 0, "--mouse");
	ok(scr_mouse(s) == 0, "--mouse: reporting is off again after quitting");
	done(s);
}

static void test_config(void)
{
	char dir[128], path[160];
	snprintf(dir, sizeof dir, "%s/cfg/parallax", tmpdir);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	if (system(cmd) != 0)
		return;
	snprintf(path, sizeof path, "%s/config", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return;
	fputs("# mine\nbind reader z next-article\nbind global J none\n"
	      "bind reader y fly-away\nbind nowhere x quit\n", f);
	fclose(f);
	char env0[200];
	snprintf(env0, sizeof env0, "XDG_CONFIG_HOME=%s/cfg", tmpdir);
	const char *env[] = {env0, NULL};
	scr *s = run(H, W, env, NULL);
	if (!s || !ready(s)) {
		done(s);
		return;
	}
	ok(scr_wait_row(s, STATUS, "config:4: unknown action: fly-away"),
	   "config: a bad line is reported, with its file and line");
	ok(strstr(scr_row(s, STATUS), "(and 1 more)") != NULL,
	   "config: the first bad line in full, the others counted");
	/* the first prompt of a session: Ctrl-U with nothing typed yet */
	scr_send(s, "F\025x");
	ok(scr_wait_row(s, STATUS, "all/x_"), "prompt: Ctrl-U before any text");
	scr_send(s, ESC);
	scr_pump(s, 120);
	scr_send(s, "\rz");
	ok(scr_wait_row(s, STATUS, "art 2/"), "config: bind reader z next-article");
	scr_send(s, "J");
	ok(scr_wait_row(s, STATUS, "J is not bound"), "config: bind global J none unbinds");
	scr_send(s, "?G");
	ok(scr_wait(s, "reader:", 1) && scr_wait(s, "next-article", 1),
	   "config: help shows the key map in force");
	scr_pump(s, -1);
	int row;
	int shown = 0;
	for (row = 1; row < STATUS; row++) {
		const char *l = scr_row(s, row);
		if (strstr(l, " z ") && strstr(l, "next-article"))
			shown = 1;
	}
	ok(shown, "config: help lists z for next-article");
	if (!shown)
		scr_dump(s);
	done(s);
}

/* Articles with nothing in them: every key must cope. */
static void test_empty(void)
{
	char *p1 = write_file("empty.txt", "");
	char a[128];
	snprintf(a, sizeof a, "%s", p1);
	char *p2 = write_file("blank.txt", "\n\n   \n\t\n");
	char b[128];
	snprintf(b, sizeof b, "%s", p2);
	char *p3 = write_file("one.txt", "One line only.\n");
	scr *s = run(H, W, NULL, a, b, p3, NULL);
	if (!s || !ready(s)) {
		done(s);
		return;
	}
	scr_send(s, "\rjkGgdu bvv=");
	scr_pump(s, -1);
	scr_send(s, " /x\rnN" ESC "n*t#T''am" ESC);
	scr_pump(s, -1);
	scr_send(s, "qJ\rGg=");
	scr_pump(s, -1);
	scr_send(s, " JJKK");
	scr_pump(s, -1);
	ok(scr_wait_row(s, H - 1, "? help") && scr_wait_row(s, STATUS, "art "),
	   "empty articles: every key copes");
	scr_send(s, "Q");
	int st = -1;
	ok(scr_wait_exit(s, &st) && WIFEXITED(st), "empty articles: a clean exit");
	done(s);
}

static int want(const char *name)
{
	const char *only = getenv("PX_SCREEN_ONLY");
	if (!only || !*only)
		return 1;
	/* a comma-separated list of prefixes of test names */
	for (const char *p = only; *p;) {
		size_t n = strcspn(p, ",");
		if (n && strncmp(name, p, n) == 0)
			return 1;
		p += n + (p[n] == ',');
	}
	return 0;
}

int main(void)
{
	prog = getenv("PARALLAX");
	if (!prog || access(prog, X_OK) != 0) {
		printf("1..0 # SKIP PARALLAX is not set to the built binary\n");
		return 77;
	}
	strcpy(tmpdir, "/tmp/px-scrtest-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! no temporary directory\n");
		return 99;
	}
	if (want("startup"))
		test_startup();
	if (want("articles"))
		test_articles();
	if (want("counts"))
		test_counts();
	if (want("search"))
		test_search();
	if (want("search_focus"))
		test_search_focus();
	if (want("results_survive"))
		test_results_survive_analysis();
	if (want("big_first"))
		test_big_first_file();
	if (want("save"))
		test_save();
	if (want("pipe"))
		test_pipe();
	if (want("open-url"))
		test_open_url();
	if (want("history"))
		test_history();
	if (want("monocle"))
		test_monocle_and_highlight();
	if (want("filter"))
		test_filter();
	if (want("actor-colours"))
		test_actor_colours();
	if (want("marks"))
		test_marks();
	if (want("actors"))
		test_actors();
	if (want("stripped_and_info"))
		test_stripped_and_info();
	if (want("info_long_path"))
		test_info_long_path();
	if (want("saved_page"))
		test_saved_page();
	if (want("resize"))
		test_resize();
	if (want("signals"))
		test_signals();
	if (want("hostile"))
		test_hostile();
	if (want("wide_and_pipe"))
		test_wide_and_pipe();
	if (want("no_color"))
		test_no_color();
	if (want("empty"))
		test_empty();
	if (want("config"))
		test_config();
	if (want("mouse"))
		test_mouse();
	if (want("no_italics"))
		test_no_italics();
	if (want("dumb"))
		test_dumb();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
