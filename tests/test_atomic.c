/* test_atomic.c - a process killed in the middle of px_write_atomic leaves
 * the old file whole.
 *
 * A child rewrites a file over and over with px_write_atomic (8 MiB of new
 * contents each time); the parent kills it with SIGKILL at moments spread
 * over the writes. After every kill the file must hold either the old
 * contents or the complete new contents, never a mix or a prefix; at least
 * one kill must land while a temporary file was being written. The
 * temporaries a killed writer leaves behind are counted and removed. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/source.h"
#include "tap.h"

#define NEW_LEN ((size_t)8 << 20)

static char dir[256], path[300];

static void sleep_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
	nanosleep(&ts, NULL);
}

/* Temporaries (path.tmp.XXXXXX) beside the file; remove them if asked. */
static int temporaries(int remove_them)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL)
		if (strstr(de->d_name, "state.tmp.")) {
			n++;
			if (remove_them) {
				char p[600];
				snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
				unlink(p);
			}
		}
	if (d)
		closedir(d);
	return n;
}

/* 0: old contents, 1: the whole new contents, -1: anything else. */
static int state_of(const char *old, size_t oldlen)
{
	unsigned char *b = NULL;
	size_t len = 0;
	px_error e;
	if (px_source_read(path, (size_t)64 << 20, &b, &len, &e) != PX_OK)
		return -1;
	int r = -1;
	if (len == oldlen && memcmp(b, old, oldlen) == 0)
		r = 0;
	else if (len == NEW_LEN) {
		r = 1;
		for (size_t i = 0; i < len && r == 1; i++)
			if (b[i] != (unsigned char)('a' + i % 26))
				r = -1;
	}
	px_free(b);
	return r;
}

int main(void)
{
	snprintf(dir, sizeof dir, "%s/px-atomic.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/state", dir);
	const char *old = "the old contents, which must survive\n";
	size_t oldlen = strlen(old);
	char *data = malloc(NEW_LEN);
	if (!data)
		return 1;
	for (size_t i = 0; i < NEW_LEN; i++)
		data[i] = (char)('a' + i % 26);

	int rounds = 24, torn = 0, mid_write = 0, became_new = 0, stale = 0;
	for (int r = 0; r < rounds; r++) {
		px_error e;
		if (px_write_atomic(path, old, oldlen, &e) != PX_OK) {
			printf("# cannot write %s: %s\n", path, e.msg);
			return 1;
		}
		fflush(stdout);
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			for (;;)
				px_write_atomic(path, data, NEW_LEN, &e);
		}
		/* kill at a moment spread over the first writes: from the very
		 * start to a few writes in */
		long delay = (long)r * 2500;
		if (r % 3 == 0) {
			/* wait for a temporary to appear: a kill mid-write */
			for (int k = 0; k < 20000 && temporaries(0) == 0; k++)
				sleep_us(50);
		} else {
			sleep_us(delay);
		}
		int during = temporaries(0) > 0;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		int s = state_of(old, oldlen);
		if (s < 0)
			torn++;
		if (s == 1)
			became_new++;
		if (during)
			mid_write++;
		stale += temporaries(1);
	}
	printf("# %d kills: %d during a write, %d after a complete rename, %d temporaries left\n",
	       rounds, mid_write, became_new, stale);
	is_int(torn, 0, "after every kill the file is whole: old or complete new contents");
	ok(mid_write > 0, "some kills landed while a temporary was being written");
	ok(stale <= rounds, "a killed writer leaves at most its one temporary");

	/* the plain cases */
	px_error e;
	ok(px_write_atomic(path, "x", 1, &e) == PX_OK && state_of("x", 1) == 0,
	   "a write after the kills replaces the file");
	is_int(temporaries(0), 0, "a completed write leaves no temporary");
	chmod(dir, 0500);
	int ro = access(dir, W_OK) != 0; /* root writes anyway */
	px_status s = px_write_atomic(path, "y", 1, &e);
	if (ro) {
		ok(s == PX_ERR_IO && state_of("x", 1) == 0,
		   "a read-only directory: an error, the old file intact");
	} else {
		ok(s == PX_OK, "a read-only directory (as root): written");
	}
	chmod(dir, 0700);

	/* px_write_new: exports, never over an existing file */
	char fresh[300], link_to[300];
	snprintf(fresh, sizeof fresh, "%s/export.txt", dir);
	ok(px_write_new(fresh, "one\n", 4, &e) == PX_OK, "write_new: a new file");
	FILE *f = fopen(fresh, "r");
	char got[16] = {0};
	ok(f && fread(got, 1, sizeof got - 1, f) == 4 && !strcmp(got, "one\n"),
	   "write_new: it holds the data");
	if (f)
		fclose(f);
	ok(px_write_new(fresh, "two\n", 4, &e) == PX_ERR_EXISTS && strstr(e.msg, "not overwritten"),
	   "write_new: an existing file is refused, with a message");
	f = fopen(fresh, "r");
	memset(got, 0, sizeof got);
	ok(f && fread(got, 1, sizeof got - 1, f) == 4 && !strcmp(got, "one\n"),
	   "write_new: and left as it was");
	if (f)
		fclose(f);
	px_write_atomic(path, "x", 1, &e);
	ok(px_write_new(path, "z", 1, &e) == PX_ERR_EXISTS && state_of("x", 1) == 0,
	   "write_new: not over the state file either");
	/* a dangling symlink is a name taken: not followed, not replaced */
	snprintf(link_to, sizeof link_to, "%s/dangling", dir);
	int linked = symlink("nowhere", link_to) == 0;
	ok(linked && px_write_new(link_to, "w", 1, &e) == PX_ERR_EXISTS,
	   "write_new: a symbolic link's name is refused too");
	is_int(temporaries(0), 0, "write_new: no temporary left behind");
	/* an export has a new file's mode, not a temporary's 0600 */
	mode_t was = umask(022);
	char shared[300];
	snprintf(shared, sizeof shared, "%s/shared.txt", dir);
	struct stat sst;
	ok(px_write_new(shared, "s", 1, &e) == PX_OK && stat(shared, &sst) == 0 &&
	   (sst.st_mode & 0777) == 0644, "write_new: mode 0666 less the umask");
	umask(was);
	/* a name too long for the temporary's suffix still works */
	char longname[600];
	int k = snprintf(longname, sizeof longname, "%s/", dir);
	for (int i = 0; i < 250; i++)
		longname[k++] = 'n';
	longname[k] = 0;
	ok(px_write_new(longname, "l", 1, &e) == PX_OK && access(longname, F_OK) == 0,
	   "write_new: a 250-byte file name");
	free(data);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
