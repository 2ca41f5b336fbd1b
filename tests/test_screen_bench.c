/* test_screen_bench.c - the reader's timings, seen from a terminal: the
 * first frame, reader mode and actors done, search keystrokes, G, the
 * dossier-wide search. Not part of make check (it wants a big dossier):
 *
 *     make tests/test_screen_bench
 *     PARALLAX=src/parallax PARALLAX_DATADIR=.../share/parallax \
 *         tests/test_screen_bench DOSSIER [WORD]
 *
 * Times are from sending the keys to the screen showing their effect, so
 * they include the pty and libvterm (well under a millisecond). */
#define _DEFAULT_SOURCE
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screen.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	const char *prog = getenv("PARALLAX");
	if (!prog || argc < 2) {
		fprintf(stderr, "usage: PARALLAX=path/to/parallax %s DOSSIER [WORD]\n", argv[0]);
		return 2;
	}
	const char *word = argc > 2 ? argv[2] : "kadhimi";
	char *av[] = {(char *)prog, argv[1], NULL};
	enum { ROWS = 30, COLS = 100, STATUS = ROWS - 2 };
	double t0 = now_ms();
	scr *s = scr_start(ROWS, COLS, av, NULL);
	if (!s || !scr_wait_row(s, ROWS - 1, "? help"))
		return 1;
	printf("first frame                %8.1f ms\n", now_ms() - t0);
	scr_wait(s, "loading...", 0);
	printf("whole dossier loaded       %8.1f ms\n", now_ms() - t0);
	scr_wait(s, "reader mode", 0);
	printf("reader mode done           %8.1f ms\n", now_ms() - t0);
	scr_wait(s, "finding", 0);
	printf("actors done                %8.1f ms\n", now_ms() - t0);
	scr_send(s, "\r");
	scr_pump(s, -1);
	scr_send(s, "/");
	scr_wait_row(s, STATUS, "/_");
	double worst = 0, sum = 0;
	for (int i = 0; word[i]; i++) {
		char k[2] = {word[i], 0}, want[80];
		snprintf(want, sizeof want, "/%.*s_", i + 1, word);
		double a = now_ms();
		scr_send(s, k);
		scr_wait_row(s, STATUS, want);
		double t = now_ms() - a;
		sum += t;
		if (t > worst)
			worst = t;
	}
	printf("search keystroke, mean     %8.1f ms (worst %.1f, %zu keys)\n",
	       sum / strlen(word), worst, strlen(word));
	scr_send(s, "\r");
	scr_pump(s, -1);
	double a = now_ms();
	scr_send(s, "F");
	scr_wait_row(s, STATUS, "all/_");
	for (int i = 0; word[i]; i++) {
		char k[2] = {word[i], 0};
		scr_send(s, k);
	}
	a = now_ms();
	scr_send(s, "\r");
	scr_wait_row(s, STATUS, "hits in");
	printf("dossier-wide search        %8.1f ms  (%s)\n", now_ms() - a,
	       strstr(scr_row(s, STATUS), "hits in") ? "ok" : "timed out");
	scr_send(s, "Q");
	scr_wait_exit(s, NULL);
	scr_free(s);
	return 0;
}
