/* test_history.c - the search history (src/ui/history.c): adding,
 * dropping repeats and the oldest, reading a hostile file, writing it
 * back whole. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "parallax/alloc.h"
#include "tap.h"

static char dir[] = "/tmp/px-history.XXXXXX";

static void put(const char *path, const char *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(bytes, 1, len, f);
		fclose(f);
	}
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char path[256];
	snprintf(path, sizeof path, "%s/state/parallax/history", dir);

	history h = {0};
	ok(history_load(&h, path) == 0 && h.n == 0 && !h.dirty, "no file: an empty history");
	ok(history_add(&h, "", 0) == 0 && h.n == 0, "an empty search is not kept");
	history_add(&h, "embassy", 7);
	history_add(&h, "kadhimi", 7);
	history_add(&h, "embassy", 7);
	ok(h.n == 2 && !strcmp(h.v[0], "kadhimi") && !strcmp(h.v[1], "embassy"),
	   "a repeated search moves to the newest, once");
	ok(history_add(&h, "a\033]0;x\007", 8) == 0 && h.n == 2, "a control character: not kept");
	ok(history_add(&h, "\xc2\x9b" "1m", 4) == 0 && h.n == 2, "a C1 control: not kept");
	ok(history_add(&h, "caf\xe9", 4) == 0 && h.n == 2, "invalid UTF-8: not kept");
	ok(history_add(&h, "Kaz\xc4\xb1mi", 7) == 0 && h.n == 3, "valid UTF-8 kept");
	ok(h.dirty, "changed: to be saved");

	px_error e;
	ok(history_save(&h, path, &e) == PX_OK, "saved, its directories made");
	struct stat st;
	snprintf(path, sizeof path, "%s/state/parallax", dir);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0700, "the directory is the user's only");
	snprintf(path, sizeof path, "%s/state/parallax/history", dir);
	history g = {0};
	ok(history_load(&g, path) == 0 && g.n == 3 && !strcmp(g.v[2], "Kaz\xc4\xb1mi") && !g.dirty,
	   "read back the same");
	history_free(&g);

	/* past HISTORY_MAX the oldest go */
	for (int i = 0; i < HISTORY_MAX + 5; i++) {
		char b[16];
		int n = snprintf(b, sizeof b, "q%d", i);
		history_add(&h, b, (size_t)n);
	}
	ok(h.n == HISTORY_MAX && !strcmp(h.v[0], "q5") && !strcmp(h.v[h.n - 1], "q204"),
	   "at most HISTORY_MAX, the newest kept");
	history_free(&h);

	/* a file someone else wrote: only the good lines count */
	static const char hostile[] = "good one\n\033[2Jbad\n\n\xff\xfe\nalso good\r\nlast";
	put(path, hostile, sizeof hostile - 1);
	ok(history_load(&h, path) == 0 && h.n == 3 && !strcmp(h.v[0], "good one") &&
	   !strcmp(h.v[1], "also good") && !strcmp(h.v[h.n - 1], "last"),
	   "a hostile file: escape, binary and empty lines skipped, CRLF read");
	history_free(&h);
	char *longl = malloc(HISTORY_LEN + 2);
	if (longl) {
		memset(longl, 'x', HISTORY_LEN + 1);
		longl[HISTORY_LEN + 1] = '\n';
		put(path, longl, HISTORY_LEN + 2);
		ok(history_load(&h, path) == 0 && h.n == 0, "a line over HISTORY_LEN is skipped");
		history_free(&h);
		free(longl);
	}
	/* a file too big to be a history is not read, and not written over */
	FILE *big = fopen(path, "wb");
	for (int i = 0; big && i < (5 << 20) / 8; i++)
		fputs("aaaaaaa\n", big);
	if (big)
		fclose(big);
	struct stat before;
	stat(path, &before);
	ok(history_load(&h, path) == 0 && h.n == 0 && h.keep, "a 5 MB file: not read, kept");
	history_add(&h, "new", 3);
	ok(history_save(&h, path, &e) == PX_ERR_EXISTS, "and not saved over");
	struct stat after;
	ok(stat(path, &after) == 0 && after.st_size == before.st_size, "the file as it was");
	history_free(&h);
	h.keep = 0;
	/* a history that is a symbolic link stays one */
	char target[300];
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	put(target, "old\n", 4);
	unlink(path);
	int linked = symlink(target, path) == 0;
	history_load(&h, path);
	history_add(&h, "newer", 5);
	struct stat lst;
	ok(linked && history_save(&h, path, &e) == PX_OK && lstat(path, &lst) == 0 &&
	   S_ISLNK(lst.st_mode), "a linked history is still a link");
	history g2 = {0};
	ok(history_load(&g2, target) == 0 && g2.n == 2 && !strcmp(g2.v[1], "newer"),
	   "and the file it points to has the new entry");
	history_free(&g2);
	history_free(&h);

	/* saving over a directory fails with a message, and nothing breaks */
	history_add(&h, "x", 1);
	snprintf(path, sizeof path, "%s/state", dir);
	ok(history_save(&h, path, &e) != PX_OK && e.msg[0], "cannot write: an error with a message");
	history_free(&h);

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
