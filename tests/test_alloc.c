/* test_alloc.c - every allocation failure is reported, and nothing leaks.
 *
 * Needs a build configured with --enable-alloc-failpoints (it skips
 * otherwise). For N = 0, 1, 2, ... a child process loads the bundled
 * samples (and a few hostile texts) with PX_FAIL_ALLOC_AFTER=N, so that the
 * Nth allocation and every one after it fail. Each load must either fail
 * with PX_ERR_NOMEM or, when the injected failure was never reached,
 * succeed with the full dossier; then everything is freed (a leak fails the
 * child under LeakSanitizer). The sweep ends at the first N that the load
 * never reaches. A few loads on two threads follow (each thread counts its
 * own allocations). */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/dossier.h"
#include "tap.h"

#ifdef PX_ALLOC_FAILPOINTS
enum { CHILD_NOMEM = 0, CHILD_DONE = 10, CHILD_WRONG = 11, CHILD_SWALLOWED = 12 };

static char dir[256];

/* Files the sweep loads beside the samples: every decode repair, a
 * binary file and a file too big (diagnostics allocate too). */
static void make_inputs(void)
{
	snprintf(dir, sizeof dir, "%s/px-alloc.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	static const struct { const char *name; const char *text; size_t len; } files[] = {
		{"a.txt", "Title \033]0;x\007here\r\n\r\nBody \033[31mred\342\200\256 &amp; &#8217; "
		          "It\303\242\342\202\254\342\204\242s attacks.The end &#821\n\n7; e\314\201\n", 0},
		{"b.txt", "caf\351 \223quoted\224 \200 euro\n\nline two, cut-\nword\n", 0},
		{"c.dat", "bin\0ary\0data", 12},
		{"d.txt", "x", 0},
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char p[512];
		snprintf(p, sizeof p, "%s/%s", dir, files[i].name);
		FILE *f = fopen(p, "wb");
		size_t n = files[i].len ? files[i].len : strlen(files[i].text);
		if (!f || fwrite(files[i].text, 1, n, f) != n || fclose(f) != 0) {
			perror(p);
			exit(1);
		}
	}
}

static const char *samples_dir(void)
{
	static char p[1024];
	const char *top = getenv("top_srcdir");
	snprintf(p, sizeof p, "%s/share/parallax/samples", top && *top ? top : PX_SRCDIR);
	return p;
}

/* In the child: load, check, free, exit with a CHILD_* code. */
static void child(long n, const char *threads)
{
	char v[32];
	snprintf(v, sizeof v, "%ld", n);
	setenv("PX_FAIL_ALLOC_AFTER", v, 1);
	setenv("PARALLAX_THREADS", threads, 1);
	px_dossier d;
	px_dossier_init(&d);
	d.max_bytes = 1 << 20;
	px_error e = {0};
	const char *paths[] = {samples_dir(), dir};
	px_status s = px_dossier_load(&d, paths, 2, &e);
	/* the failure stays on once reached: another allocation tells */
	void *probe = px_malloc(1);
	int reached = probe == NULL;
	px_free(probe);
	int code;
	if (s == PX_ERR_NOMEM)
		code = reached || strcmp(threads, "1") != 0 ? CHILD_NOMEM : CHILD_WRONG;
	else if (s != PX_OK)
		code = CHILD_WRONG;
	else if (reached)
		code = CHILD_SWALLOWED; /* a failure went unreported */
	else
		/* the whole dossier: 5 samples + a.txt, b.txt, d.txt; c.dat skipped */
		code = d.ndocs == 8 && d.ndiags == 1 ? CHILD_DONE : CHILD_WRONG;
	if (code == CHILD_WRONG)
		fprintf(stderr, "# N=%ld: status %d (%s), reached %d, %zu docs, %zu diags\n",
		        n, (int)s, e.msg, reached, d.ndocs, d.ndiags);
	px_dossier_free(&d);
	exit(code); /* exit, not _exit: LeakSanitizer checks at exit */
}

static int run(long n, const char *threads)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		child(n, threads);
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFSIGNALED(st))
		return 1000 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

int main(void)
{
	make_inputs();
	long n, bad = 0, nomem = 0;
	int done = 0;
	long pending = -1; /* an N that succeeded with its failure reached */
	for (n = 0; n < 200000 && !done; n++) {
		int r = run(n, "1");
		if (pending >= 0 && r != CHILD_DONE && bad++ < 10)
			printf("# allocation %ld: failure not reported\n", pending);
		pending = -1;
		if (r == CHILD_NOMEM)
			nomem++;
		else if (r == CHILD_DONE)
			done = 1;
		else if (r == CHILD_SWALLOWED)
			/* fine if N was exactly the number of allocations: the
			 * probe then takes the failure; N + 1 must be DONE */
			pending = n;
		else if (bad++ < 10)
			printf("# allocation %ld: child ended with %d%s\n", n, r,
			       r >= 1000 ? " (a signal)" : "");
	}
	printf("# %ld allocations; each failure tried\n", n - 1);
	ok(done, "the sweep reached a load with no failure");
	ok(nomem > 10, "failures were injected and reported");
	is_int(bad, 0, "every injected failure: PX_ERR_NOMEM, no crash, no leak");

	/* two threads: each counts its own allocations */
	long bad2 = 0;
	for (long k = 0; k < n; k += n / 40 + 1) {
		int r = run(k, "2");
		if (r != CHILD_NOMEM && r != CHILD_DONE && r != CHILD_SWALLOWED && bad2++ < 5)
			printf("# two threads, allocation %ld: child ended with %d\n", k, r);
	}
	is_int(bad2, 0, "two loading threads: failures reported, no crash, no leak");

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}

#else /* !PX_ALLOC_FAILPOINTS */
#error "tests/test_alloc is built only with configure --enable-alloc-failpoints"

#endif
