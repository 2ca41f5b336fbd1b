/* test_source.c - reading files, binary detection, path expansion. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/dossier.h"
#include "parallax/paths.h"
#include "parallax/source.h"
#include "tap.h"

static char dir[] = "/tmp/px-test-source-XXXXXX";

static void put(const char *name, const char *data, size_t n)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
}

/* Remove the test directory's subdirectory sub, and all in it. */
static void remove_sub(const char *sub)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s/%s", dir, sub);
	if (system(cmd) != 0)
		printf("# could not remove %s/%s\n", dir, sub);
}

static void skip_count(void *ctx, const char *path, px_status why, const char *msg)
{
	(*(int *)ctx)++;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	char p[256];
	put("b.txt", "second\n", 7);
	put("a.txt", "first\n", 6);
	put(".hidden", "no\n", 3);
	put("bin.dat", "ab\0cd", 5);
	snprintf(p, sizeof p, "%s/sub", dir);
	mkdir(p, 0700);
	put("sub/c.txt", "third\n", 6);
	snprintf(p, sizeof p, "%s/sub/loop", dir);
	symlink("..", p);
	snprintf(p, sizeof p, "%s/fifo", dir);
	mkfifo(p, 0600);

	unsigned char *bytes;
	size_t len;
	px_error e;
	snprintf(p, sizeof p, "%s/a.txt", dir);
	ok(px_source_read(p, 1 << 20, &bytes, &len, &e) == PX_OK && len == 6 &&
	   !memcmp(bytes, "first\n", 6), "read a file");
	px_free(bytes);
	ok(px_source_read(p, 3, &bytes, &len, &e) == PX_ERR_TOOBIG, "size cap");
	is_str(e.msg, "file too large (6 bytes, the cap is 3 bytes; --max-size raises it)",
	       "size cap: the cap in bytes when under a KiB");
	/* a cap in whole units says the unit: a 1 KiB cap is not "0 MiB" */
	char big[64];
	snprintf(big, sizeof big, "%s/big.txt", dir);
	FILE *bf = fopen(big, "w");
	for (int i = 0; bf && i < 3000; i++)
		fputc('x', bf);
	if (bf)
		fclose(bf);
	ok(px_source_read(big, 1024, &bytes, &len, &e) == PX_ERR_TOOBIG &&
	   strstr(e.msg, "the cap is 1 KiB") != NULL, "size cap: 1 KiB");
	ok(px_source_read(big, 1536, &bytes, &len, &e) == PX_ERR_TOOBIG &&
	   strstr(e.msg, "the cap is 1536 bytes") != NULL, "size cap: an odd cap exactly");
	ok(px_source_read(big, 1 << 20, &bytes, &len, &e) == PX_OK && len == 3000,
	   "size cap: a file under 1 MiB read whole");
	px_free(bytes);
	unlink(big); /* the walks below list this directory */
	snprintf(p, sizeof p, "%s/missing", dir);
	ok(px_source_read(p, 1 << 20, &bytes, &len, &e) == PX_ERR_NOTFOUND, "missing file");
	snprintf(p, sizeof p, "%s/fifo", dir);
	ok(px_source_read(p, 1 << 20, &bytes, &len, &e) == PX_ERR_NOTREG, "FIFO refused, not blocked on");
	is_str(e.msg, "not a regular file (FIFO, device or socket); use - with a redirection to read one",
	       "FIFO: says what to do");
	{
		/* refused unopened: a writer waiting on the FIFO stays waiting
		 * (an open would release it, and the close then break its pipe) */
		pid_t w = fork();
		if (w == 0) {
			int fd = open(p, O_WRONLY); /* blocks until a reader opens */
			_exit(fd >= 0 ? 0 : 1);
		}
		nanosleep(&(struct timespec){0, 100000000}, NULL);
		px_source_read(p, 1 << 20, &bytes, &len, &e);
		nanosleep(&(struct timespec){0, 100000000}, NULL);
		int st, waiting = w > 0 && waitpid(w, &st, WNOHANG) == 0;
		ok(waiting, "FIFO: a waiting writer is not released");
		int rfd = open(p, O_RDONLY | O_NONBLOCK); /* now let it go */
		if (w > 0)
			waitpid(w, &st, 0);
		if (rfd >= 0)
			close(rfd);
	}
	snprintf(p, sizeof p, "%s/sub", dir);
	ok(px_source_read(p, 1 << 20, &bytes, &len, &e) == PX_ERR_NOTREG, "a directory named: refused");
	is_str(e.msg, "is a directory", "a directory named: says so");
	{
		/* a socket's path cannot be opened (ENXIO): refused as not regular */
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sock", dir);
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			ok(px_source_read(sa.sun_path, 1 << 20, &bytes, &len, &e) == PX_ERR_NOTREG,
			   "a socket refused");
			ok(strstr(e.msg, "not a regular file") != NULL, "a socket: says so");
		} else {
			ok(1, "a socket refused # SKIP no Unix socket here");
			ok(1, "a socket: says so # SKIP no Unix socket here");
		}
		if (fd >= 0)
			close(fd);
		unlink(sa.sun_path);
	}
	{
		/* read to the size fstat gave: every byte, whatever the size
		 * (an exact buffer's edge: 65535, 65536, 65537) */
		static const size_t sizes[] = {1, 4095, 4096, 65535, 65536, 65537, 200000};
		char q[300];
		snprintf(q, sizeof q, "%s/sized", dir);
		int bad = 0;
		for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
			FILE *f = fopen(q, "w");
			for (size_t i = 0; f && i < sizes[k]; i++)
				fputc('a' + (int)(i % 26), f);
			if (f)
				fclose(f);
			if (px_source_read(q, 1 << 20, &bytes, &len, &e) != PX_OK) {
				bad++;
				continue;
			}
			bad += len != sizes[k] || bytes[len] != '\0' || bytes[len - 1] != 'a' + (int)((len - 1) % 26);
			px_free(bytes);
		}
		is_int(bad, 0, "files of every size near a buffer's edge read whole");
		unlink(q);
	}
	ok(px_source_is_binary((const unsigned char *)"ab\0cd", 5), "NUL means binary");
	ok(!px_source_is_binary((const unsigned char *)"plain text\x1b[1m ok\n", 18),
	   "escape sequences alone do not make a file binary");
	/* At the threshold: 83 bytes (ten words and a tail of three) with 8
	 * controls is text, with 9 binary. The ninth byte takes each value at
	 * each position, from a buffer at each of two alignments, so that a
	 * control missed or a text byte counted in any byte lane shows. */
	{
		static const unsigned char counted[] = {
			1, 2, 3, 4, 5, 6, 7, 8, 0x0B, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13,
			0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1C, 0x1D, 0x1E, 0x1F};
		unsigned char buf[84];
		int bad = 0;
		for (size_t off = 0; off < 2; off++)
			for (size_t pos = 0; pos < 83; pos++)
				for (int v = 1; v < 256; v++) {
					unsigned char *t = buf + off;
					memset(t, 'a', 83);
					for (size_t k = 0; k < 8; k++)
						t[pos < 40 ? 42 + 5 * k : 1 + 4 * k] = 0x01;
					t[pos] = (unsigned char)v;
					int want = memchr(counted, v, sizeof counted) != NULL;
					if (px_source_is_binary(t, 83) != want)
						bad++;
				}
		ok(bad == 0, "controls counted exactly at every byte of a word and of the tail");
	}

	px_pathlist l = {0};
	int skipped = 0;
	ok(px_paths_expand(&l, dir, skip_count, &skipped, &e) == PX_OK, "expand a directory");
	int sorted = l.n == 4 && strstr(l.v[0], "/a.txt") && strstr(l.v[1], "/b.txt") &&
	             strstr(l.v[2], "/bin.dat") && strstr(l.v[3], "/sub/c.txt");
	ok(sorted, "files sorted, hidden skipped, subdirectory walked");
	ok(skipped == 2, "the symlink loop and the FIFO reported");
	int all_regular = l.n > 0 && l.regular != NULL;
	for (size_t i = 0; all_regular && i < l.n; i++)
		all_regular = l.regular[i] == 1;
	ok(all_regular, "the walk marks what its listing saw as regular files");
	px_pathlist_free(&l);
	/* a file named itself is marked regular by its stat; "-" and a
	 * missing file are not, and the reader asks about them first */
	{
		snprintf(p, sizeof p, "%s/a.txt", dir);
		char miss[300];
		snprintf(miss, sizeof miss, "%s/missing", dir);
		int r = px_paths_expand(&l, p, NULL, NULL, &e) == PX_OK &&
		        px_paths_expand(&l, "-", NULL, NULL, &e) == PX_OK &&
		        px_paths_expand(&l, miss, NULL, NULL, &e) == PX_OK;
		ok(r && l.n == 3 && l.regular[0] == 1 && l.regular[1] == 0 && l.regular[2] == 0,
		   "a named file marked regular; - and a missing file not");
		px_pathlist_free(&l);
	}
	/* told it is regular, the reader does not ask by name, and a FIFO
	 * put in a file's place after the listing is opened without
	 * blocking (no writer) and refused once its descriptor says what it
	 * is */
	{
		snprintf(p, sizeof p, "%s/fifo", dir);
		px_status r = px_source_read_at(AT_FDCWD, p, p, PX_SOURCE_REGULAR, 1 << 20, &bytes,
		                                &len, &e);
		ok(r == PX_ERR_NOTREG && strstr(e.msg, "changed while opened") != NULL,
		   "a FIFO where a listing saw a file: refused, not blocked on");
		snprintf(p, sizeof p, "%s/a.txt", dir);
		ok(px_source_read_at(AT_FDCWD, p, p, PX_SOURCE_REGULAR, 1 << 20, &bytes, &len, &e) ==
		           PX_OK && len == 6 && !memcmp(bytes, "first\n", 6),
		   "a file known regular read whole");
		px_free(bytes);
	}

	/* the first file of a tree, without walking the rest: the reader's
	 * first frame; a limit stops the walk where it is */
	skipped = 0;
	ok(px_paths_expand_max(&l, dir, 1, skip_count, &skipped, &e) == PX_OK && l.n == 1 &&
	   strstr(l.v[0], "/a.txt"), "expand_max 1: the first file the whole walk gives");
	ok(px_paths_expand_max(&l, dir, 1, skip_count, &skipped, &e) == PX_OK && l.n == 1,
	   "expand_max: a full list is left as it is");
	ok(skipped == 0, "expand_max 1: nothing past the first file looked at");
	px_pathlist_free(&l);
	ok(px_paths_expand_max(&l, dir, 4, skip_count, &skipped, &e) == PX_OK && l.n == 4 &&
	   strstr(l.v[3], "/sub/c.txt"), "expand_max 4: the whole walk's first four");
	ok(skipped == 1, "expand_max 4: the FIFO on the way reported, the loop after the last not reached");
	px_pathlist_free(&l);

	/* a capped walk gives the whole walk's first files, also past empty
	 * subdirectories (more than its passes of picking the smallest name
	 * before it lists the rest) and among names readdir gives unsorted */
	{
		static const char *names[] = {
			"order/k9.txt", "order/a3/", "order/k1.txt", "order/a0/", "order/a5/",
			"order/b/",     "order/b/x.txt", "order/a1/", "order/k5.txt", "order/.k0.txt",
			"order/a4/",    "order/k3.txt", "order/a2/", "order/k7.txt", "order/k2.txt",
		};
		snprintf(p, sizeof p, "%s/order", dir);
		mkdir(p, 0700);
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			size_t n = strlen(names[i]);
			if (names[i][n - 1] == '/') {
				snprintf(p, sizeof p, "%s/%.*s", dir, (int)(n - 1), names[i]);
				mkdir(p, 0700);
			} else {
				put(names[i], "text\n", 5);
			}
		}
		snprintf(p, sizeof p, "%s/order", dir);
		px_pathlist all = {0};
		ok(px_paths_expand(&all, p, NULL, NULL, &e) == PX_OK && all.n == 7,
		   "order: seven files in the tree");
		int same = 1;
		for (size_t max = 1; max <= all.n + 1; max++) {
			px_pathlist some = {0};
			same &= px_paths_expand_max(&some, p, max, NULL, NULL, &e) == PX_OK;
			same &= some.n == (max < all.n ? max : all.n);
			for (size_t i = 0; i < some.n && same; i++)
				same &= !strcmp(some.v[i], all.v[i]);
			px_pathlist_free(&some);
		}
		ok(same, "order: every cap gives the first files of the whole walk");
		ok(all.n == 7 && strstr(all.v[0], "/b/x.txt") && strstr(all.v[1], "/k1.txt"),
		   "order: the empty directories give nothing, the names come sorted");
		px_pathlist_free(&all);
		remove_sub("order");
	}

	/* a page saved whole: "story_files" beside "story.html" holds its
	 * scripts and styles, which the walk leaves; a "_files" directory
	 * with no page of its name is walked, and so is the assets
	 * directory when it is named itself */
	{
		snprintf(p, sizeof p, "%s/pages", dir);
		mkdir(p, 0700);
		const char *dirs[] = {"pages/story_files", "pages/other_files", "pages/notes_files"};
		for (int k = 0; k < 3; k++) {
			snprintf(p, sizeof p, "%s/%s", dir, dirs[k]);
			mkdir(p, 0700);
		}
		put("pages/story.html", "<html><p>x</p>", 14);
		put("pages/story_files/app.js", "var x;", 6);
		put("pages/story_files/style.css", "p{}", 3);
		put("pages/other.htm", "<html><p>y</p>", 14);
		put("pages/other_files/x.txt", "x\n", 2);
		put("pages/notes_files/n.txt", "n\n", 2);
		snprintf(p, sizeof p, "%s/pages", dir);
		ok(px_paths_expand(&l, p, NULL, NULL, &e) == PX_OK && l.n == 3 &&
		   strstr(l.v[0], "/notes_files/n.txt") && strstr(l.v[1], "/other.htm") &&
		   strstr(l.v[2], "/story.html"),
		   "a saved page's assets are left, a lone _files directory walked");
		px_pathlist_free(&l);
		ok(px_paths_expand_max(&l, p, 3, NULL, NULL, &e) == PX_OK && l.n == 3 &&
		   strstr(l.v[2], "/story.html"), "the same with a cap on the files");
		px_pathlist_free(&l);
		snprintf(p, sizeof p, "%s/pages/story_files", dir);
		ok(px_paths_expand(&l, p, NULL, NULL, &e) == PX_OK && l.n == 2,
		   "the assets directory named itself is walked");
		px_pathlist_free(&l);
		remove_sub("pages");
	}

	px_dossier d;
	px_dossier_init(&d);
	const char *paths[] = {dir};
	ok(px_dossier_load(&d, paths, 1, &e) == PX_OK, "load a directory");
	is_int(d.ndocs, 3, "three text files loaded");
	int bin_reported = 0;
	for (size_t i = 0; i < d.ndiags; i++)
		if (d.diags[i].status == PX_ERR_BINARY && strstr(d.diags[i].path, "bin.dat"))
			bin_reported = 1;
	ok(bin_reported, "binary file reported and skipped");
	is_int(d.narts, 3, "one article per file");
	px_dossier_free(&d);

	/* files named one by one, their directories alternating (a worker
	 * keeps the last one open and opens the next file in it by its last
	 * name): each doc has its own file's text, the missing one is
	 * reported, and a directory's name that is a prefix of another's
	 * ("sub" and "sub2") is not taken for it */
	{
		put("sub/d.txt", "fourth\n", 7);
		snprintf(p, sizeof p, "%s/sub2", dir);
		mkdir(p, 0700);
		put("sub2/c.txt", "fifth\n", 6);
		char q[8][300];
		const char *rel[] = {"a.txt", "sub/c.txt", "sub2/c.txt", "sub/d.txt", "sub/none.txt",
		                     "b.txt", "sub//c.txt", "sub2/c.txt"};
		const char *want[] = {"first", "third", "fifth", "fourth", NULL, "second", "third", "fifth"};
		const char *named[8];
		for (int k = 0; k < 8; k++) {
			snprintf(q[k], sizeof q[k], "%s/%s", dir, rel[k]);
			named[k] = q[k];
		}
		px_dossier_init(&d);
		ok(px_dossier_load(&d, named, 8, &e) == PX_OK, "files across directories: loaded");
		int right = d.ndocs == 7 && d.ndiags == 1 && strstr(d.diags[0].path, "none.txt") &&
		            d.diags[0].status == PX_ERR_NOTFOUND;
		for (size_t k = 0, i = 0; right && k < 8; k++) {
			if (!want[k])
				continue;
			right = !strcmp(d.docs[i].path, q[k]) &&
			        !strncmp(d.docs[i].text.s, want[k], strlen(want[k]));
			i++;
		}
		ok(right, "files across directories: each its own text, the missing one reported");
		px_dossier_free(&d);
		snprintf(p, sizeof p, "%s/sub2/c.txt", dir);
		unlink(p);
		snprintf(p, sizeof p, "%s/sub2", dir);
		rmdir(p);
		snprintf(p, sizeof p, "%s/sub/d.txt", dir);
		unlink(p);
	}

	/* atomic write: replaces, leaves no temporary */
	snprintf(p, sizeof p, "%s/state", dir);
	put("state", "old", 3);
	ok(px_write_atomic(p, "new contents", 12, &e) == PX_OK, "atomic write");
	ok(px_source_read(p, 1 << 20, &bytes, &len, &e) == PX_OK && len == 12, "new contents read back");
	px_free(bytes);
	snprintf(p, sizeof p, "%s/no-such-dir/state", dir);
	ok(px_write_atomic(p, "x", 1, &e) == PX_ERR_IO, "atomic write into a missing directory fails cleanly");

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
