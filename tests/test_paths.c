/* test_paths.c - the data and configuration directories (paths.h).
 *
 * px_data_dir: $PARALLAX_DATADIR first; unset or empty, the share/parallax
 * beside the binary (checked with a copy of this program in a made-up
 * tree), else the source tree's. px_config_dir: $XDG_CONFIG_HOME (absolute
 * only), else $HOME/.config, else NULL. A zero-byte px_write_atomic and one
 * into a missing directory (the crash cases are test_atomic's). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <config.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "tap.h"

static char tmp[256];

static void set(const char *name, const char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

/* px_config_dir with XDG_CONFIG_HOME and HOME as given (NULL: unset). */
static void config(const char *xdg, const char *home, const char *want, const char *what)
{
	set("XDG_CONFIG_HOME", xdg);
	set("HOME", home);
	char *got = px_config_dir();
	if (want)
		is_str(got, want, what);
	else if (!ok(got == NULL, what))
		printf("#   got: \"%s\"\n", got);
	px_free(got);
}

static void test_config_dir(void)
{
	char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	xdg = xdg ? strdup(xdg) : NULL;
	home = home ? strdup(home) : NULL;

	config("/xdg/conf", "/home/u", "/xdg/conf/parallax", "XDG_CONFIG_HOME first");
	config("/xdg/conf", NULL, "/xdg/conf/parallax", "XDG_CONFIG_HOME without HOME");
	config(NULL, "/home/u", "/home/u/.config/parallax", "unset XDG_CONFIG_HOME: HOME/.config");
	config("", "/home/u", "/home/u/.config/parallax", "empty XDG_CONFIG_HOME: HOME/.config");
	config("rel/conf", "/home/u", "/home/u/.config/parallax",
	       "relative XDG_CONFIG_HOME ignored: HOME/.config");
	config("rel/conf", NULL, NULL, "relative XDG_CONFIG_HOME, no HOME: NULL");
	config(NULL, NULL, NULL, "neither set: NULL");
	config(NULL, "", NULL, "empty HOME: NULL");
	config("", "", NULL, "both empty: NULL");
	config("/", NULL, "//parallax", "XDG_CONFIG_HOME=/");

	set("XDG_CONFIG_HOME", xdg);
	set("HOME", home);
	free(xdg);
	free(home);
}

static int same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	return a && b && realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* Run a copy of this program placed at <tmp>/top/src/ and return what its
 * px_data_dir said (a new string), or NULL. */
static char *data_dir_of_copy(void)
{
	char top[300], src[320], bin[340], share[340];
	snprintf(top, sizeof top, "%s/top", tmp);
	snprintf(src, sizeof src, "%s/src", top);
	snprintf(share, sizeof share, "%s/share", top);
	snprintf(bin, sizeof bin, "%s/test_paths", src);
	if (mkdir(top, 0700) < 0 || mkdir(src, 0700) < 0 || mkdir(share, 0700) < 0)
		return NULL;
	snprintf(share, sizeof share, "%s/share/parallax", top);
	if (mkdir(share, 0700) < 0)
		return NULL;
	snprintf(share, sizeof share, "%s/share/parallax/samples", top);
	if (mkdir(share, 0700) < 0)
		return NULL;
	/* copy /proc/self/exe */
	int in = open("/proc/self/exe", O_RDONLY), out = open(bin, O_WRONLY | O_CREAT, 0700);
	if (in < 0 || out < 0)
		return NULL;
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			return NULL;
	close(in);
	if (close(out) < 0)
		return NULL;
	int fd[2];
	if (pipe(fd) < 0)
		return NULL;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		unsetenv("PARALLAX_DATADIR");
		execl(bin, bin, "--print-data-dir", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t got = 0;
	while (got < sizeof buf - 1 && (n = read(fd[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd[0]);
	int st;
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return NULL;
	return strdup(buf);
}

static void test_data_dir(void)
{
	char *keep = getenv("PARALLAX_DATADIR");
	keep = keep ? strdup(keep) : NULL;

	setenv("PARALLAX_DATADIR", "/nowhere/parallax-data", 1);
	char *d = px_data_dir(NULL);
	is_str(d, "/nowhere/parallax-data", "PARALLAX_DATADIR taken as it is");
	px_free(d);
	setenv("PARALLAX_DATADIR", "/x", 1);
	d = px_data_dir("/usr/bin/parallax");
	is_str(d, "/x", "PARALLAX_DATADIR before the binary's location");
	px_free(d);

	/* unset or empty: this test binary sits in the build tree, whose data
	 * is the source tree's share/parallax */
	const char *want = PX_SRCDIR "/share/parallax";
	unsetenv("PARALLAX_DATADIR");
	d = px_data_dir(NULL);
	if (!ok(same_dir(d, want), "unset PARALLAX_DATADIR: the source tree's share/parallax"))
		printf("#   got: %s\n", d ? d : "(null)");
	px_free(d);
	setenv("PARALLAX_DATADIR", "", 1);
	d = px_data_dir(NULL);
	ok(same_dir(d, want), "empty PARALLAX_DATADIR: the source tree's share/parallax");
	px_free(d);
	d = px_data_dir("/nonexistent/bin/parallax");
	ok(same_dir(d, want), "a wrong argv[0] does not matter when /proc/self/exe is there");
	px_free(d);

	/* a binary in <top>/src with <top>/share/parallax/samples beside it */
	char *c = data_dir_of_copy();
	char beside[320];
	snprintf(beside, sizeof beside, "%s/top/share/parallax", tmp);
	if (!ok(same_dir(c, beside), "uninstalled binary: the share/parallax beside it"))
		printf("#   got: %s\n", c ? c : "(null)");
	free(c);

	set("PARALLAX_DATADIR", keep);
	free(keep);
}

static void test_write_atomic(void)
{
	char p[320];
	snprintf(p, sizeof p, "%s/empty", tmp);
	px_error e = {0};
	is_int(px_write_atomic(p, "", 0, &e), PX_OK, "write_atomic of 0 bytes succeeds");
	struct stat st;
	ok(stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0, "write_atomic of 0 bytes: an empty file");
	is_int(px_write_atomic(p, "one", 3, &e), PX_OK, "write_atomic over it succeeds");
	ok(stat(p, &st) == 0 && st.st_size == 3, "write_atomic over it: 3 bytes");
	snprintf(p, sizeof p, "%s/missing/file", tmp);
	is_int(px_write_atomic(p, "x", 1, &e), PX_ERR_IO, "write_atomic into a missing directory: PX_ERR_IO");
	is_int(e.status, PX_ERR_IO, "write_atomic error: status filled");
	ok(strstr(e.msg, p) != NULL, "write_atomic error: the message names the file");
	is_int(px_write_atomic(p, "x", 1, NULL), PX_ERR_IO, "write_atomic without an error record");
}

static void cleanup(void)
{
	static const char *files[] = {"top/src/test_paths", "top/src", "top/share/parallax/samples",
	                              "top/share/parallax", "top/share", "top", "empty"};
	char p[400];
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(p, sizeof p, "%s/%s", tmp, files[i]);
		remove(p);
	}
	rmdir(tmp);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--print-data-dir") == 0) {
		char *d = px_data_dir(NULL);
		if (!d)
			return 1;
		fputs(d, stdout);
		px_free(d);
		return 0;
	}
	const char *t = getenv("TMPDIR");
	snprintf(tmp, sizeof tmp, "%s/px-paths.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	test_config_dir();
	test_data_dir();
	test_write_atomic();
	cleanup();
	return tap_done();
}
