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
 * own allocations). Then the actor engine, the same way: px_actors_build
 * on the samples (one read twice) with each of its allocations failing in
 * turn, and on a dossier large enough for two threads at some points.
 * Then reader mode likewise: px_clean_dossier (the docs, the wire copies)
 * with each of its allocations failing in turn, on the samples with one
 * of them twice (its results are copied), and at intervals on 200 docs
 * with one thread and with two. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/dossier.h"
#include "tap.h"

#ifdef PX_ALLOC_FAILPOINTS
enum { CHILD_NOMEM = 0, CHILD_DONE = 10, CHILD_WRONG = 11, CHILD_SWALLOWED = 12,
       CHILD_SAME = 13 /* a failure reached and not reported, the result the same */ };

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

/* The child's exit code, 1000 + the signal that ended it, or -1. */
static int reap(pid_t pid)
{
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	if (WIFSIGNALED(st))
		return 1000 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

static int run(long n, const char *threads)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		child(n, threads);
	return reap(pid);
}

/* --- the actor engine ------------------------------------------------------------ */

/* What the children of the actors' sweep build on, loaded before the
 * sweep by the parent (whose own allocations never fail: it reads no
 * PX_FAIL_ALLOC_AFTER) */
typedef struct actors_case {
	px_dossier d;
	px_lexicon *lx;
	px_actors *a;
	px_status st;
	int reached;
	uint64_t want; /* the result's fingerprint, without failures */
} actors_case;

/* The mentions, their actors' names and the actors' counts, in a number */
static uint64_t fingerprint(const px_actors *a)
{
	uint64_t h = 1469598103934665603ull;
#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ull)
	for (size_t i = 0; i < a->nm; i++) {
		MIX(a->m[i].doc);
		MIX(a->m[i].start);
		MIX(a->m[i].end);
		MIX(a->m[i].actor);
	}
	for (size_t k = 0; k < a->n; k++) {
		for (const char *p = a->v[k].name; *p; p++)
			MIX((unsigned char)*p);
		MIX(a->v[k].kind);
		MIX(a->v[k].nmentions);
		MIX(a->v[k].nvariants);
	}
#undef MIX
	return h;
}

/* px_actors_build on a thread of its own, which counts its allocations
 * (and those of px_actors_build's one-thread jobs) from its start */
static void *build_actors(void *p)
{
	actors_case *c = p;
	px_error e;
	c->st = px_actors_build(&c->d, c->lx, &c->a, &e);
	void *probe = px_malloc(1);
	c->reached = probe == NULL;
	px_free(probe);
	return NULL;
}

/* A run of a sweep, in a child process: allocation n and every one after
 * it fail on the thread that runs work(c) (threads: PARALLAX_THREADS, for
 * the passes it starts); judge(c) then says how it ended, a CHILD_* code,
 * drop(c) frees what is left (LeakSanitizer checks at the child's exit),
 * and the child exits with that code, which this returns. */
static int fork_run(void *c, long n, const char *threads, void *(*work)(void *),
                    int (*judge)(void *, long, const char *), void (*drop)(void *))
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char v[32];
		snprintf(v, sizeof v, "%ld", n);
		setenv("PX_FAIL_ALLOC_AFTER", v, 1);
		setenv("PARALLAX_THREADS", threads, 1);
		pthread_t t;
		int code = CHILD_WRONG;
		if (pthread_create(&t, NULL, work, c) == 0) {
			pthread_join(t, NULL);
			code = judge(c, n, threads);
		}
		drop(c);
		exit(code); /* exit, not _exit: LeakSanitizer checks at exit */
	}
	return reap(pid);
}

static int actors_judge(void *p, long n, const char *threads)
{
	actors_case *c = p;
	int code;
	if (c->st == PX_ERR_NOMEM)
		code = !c->a && (c->reached || strcmp(threads, "1") != 0) ? CHILD_NOMEM : CHILD_WRONG;
	else if (c->st != PX_OK || !c->a || fingerprint(c->a) != c->want)
		code = CHILD_WRONG;
	else /* a failure that changes nothing (a block not made smaller) */
		code = c->reached ? CHILD_SAME : CHILD_DONE;
	if (code == CHILD_WRONG)
		fprintf(stderr, "# actors, N=%ld: status %d, reached %d\n", n, (int)c->st, c->reached);
	return code;
}

static void actors_drop(void *p)
{
	actors_case *c = p;
	px_actors_free(c->a);
	px_dossier_free(&c->d);
	px_lexicon_free(c->lx);
}

static int actors_run(void *c, long n, const char *threads)
{
	return fork_run(c, n, threads, build_actors, actors_judge, actors_drop);
}

/* The samples, and the first of them again (a repeat: its results are
 * copied); with copies > 0, that many more docs made of the samples, each
 * with a line of its own (no repeats): enough articles for two threads. */
static int actors_load(actors_case *c, int copies)
{
	memset(c, 0, sizeof *c);
	px_error e = {0};
	char lexdir[1024];
	const char *top = getenv("top_srcdir");
	snprintf(lexdir, sizeof lexdir, "%s/share/parallax", top && *top ? top : PX_SRCDIR);
	if (px_lexicon_load(&c->lx, lexdir, NULL, NULL, NULL, &e) != PX_OK)
		return -1;
	px_dossier_init(&c->d);
	const char *paths[] = {samples_dir()};
	if (px_dossier_load(&c->d, paths, 1, &e) != PX_OK || c->d.ndocs == 0)
		return -1;
	size_t nsamples = c->d.ndocs;
	const px_doc *first = &c->d.docs[0];
	char *again = px_strndup(first->text.s, first->text.len);
	int r = again && px_dossier_add_bytes(&c->d, "again.txt", (const unsigned char *)again,
	                                       strlen(again), &e) == PX_OK ? 0 : -1;
	px_free(again);
	for (int k = 0; r == 0 && k < copies; k++) {
		const px_doc *src = &c->d.docs[(size_t)k % nsamples];
		char name[32], line[64];
		snprintf(name, sizeof name, "copy%03d.txt", k);
		snprintf(line, sizeof line, "\n\nCopy %d of the samples.\n", k);
		size_t n = src->text.len, l = strlen(line);
		char *t = px_malloc(n + l + 1);
		if (!t)
			return -1;
		memcpy(t, src->text.s, n);
		memcpy(t + n, line, l + 1);
		r = px_dossier_add_bytes(&c->d, name, (const unsigned char *)t, n + l, &e) == PX_OK
		    ? 0 : -1;
		px_free(t);
	}
	if (r == 0) { /* the result without failures (this process has none) */
		px_error be;
		px_actors *a;
		if (px_actors_build(&c->d, c->lx, &a, &be) != PX_OK)
			return -1;
		c->want = fingerprint(a);
		px_actors_free(a);
	}
	return r;
}

static void actors_free(actors_case *c)
{
	px_dossier_free(&c->d);
	px_lexicon_free(c->lx);
}

/* A run of a sweep: allocation n and every one after it fail, on threads
 * threads; a CHILD_* code. */
typedef int (*sweep_fn)(void *c, long n, const char *threads);

/* Every allocation in turn, on one thread, until a run reaches none. */
static void sweep_each(sweep_fn once, void *c, const char *what)
{
	long n, bad = 0, nomem = 0;
	int done = 0;
	for (n = 0; n < 400000 && !done; n++) {
		int r = once(c, n, "1");
		if (r == CHILD_NOMEM)
			nomem++;
		else if (r == CHILD_DONE)
			done = 1;
		else if (r != CHILD_SAME && bad++ < 10)
			printf("# %s, allocation %ld: child ended with %d%s\n", what, n, r,
			       r >= 1000 ? " (a signal)" : "");
	}
	printf("# %s: %ld allocations; each failure tried\n", what, n - 1);
	char m[160];
	snprintf(m, sizeof m, "%s: the sweep reached a run with no failure", what);
	ok(done && nomem > 10, m);
	snprintf(m, sizeof m, "%s: every injected failure: PX_ERR_NOMEM, no crash, no leak", what);
	is_int(bad, 0, m);
}

/* Allocations at intervals (every small-th up to 20 small, then every
 * big-th), on one thread and on two, until a run reaches none. */
static void sweep_intervals(sweep_fn once, void *c, const char *what, long small, long big)
{
	long bad = 0;
	for (int t = 1; t <= 2; t++) {
		long last = -1;
		for (long k = 0; k < 4000000; k += k < 20 * small ? small : big) {
			int r = once(c, k, t == 1 ? "1" : "2");
			if (r == CHILD_DONE) {
				last = k;
				break;
			}
			if (r != CHILD_NOMEM && r != CHILD_SAME && bad++ < 5)
				printf("# %s on %d threads, allocation %ld: child ended with %d\n", what,
				       t, k, r);
		}
		if (last < 0 && bad++ < 5)
			printf("# %s on %d threads: no run without a failure\n", what, t);
	}
	char m[160];
	snprintf(m, sizeof m, "%s, 1 and 2 threads: failures reported, no leak", what);
	is_int(bad, 0, m);
}

/* Every allocation of px_actors_build on the samples fails in turn (one
 * thread); then some on 200 docs, with one thread and with two. */
static void test_actors(void)
{
	actors_case c;
	if (actors_load(&c, 0) < 0) {
		ok(0, "actors: the samples load");
		return;
	}
	sweep_each(actors_run, &c, "actors");
	actors_free(&c);
	if (actors_load(&c, 200) < 0) {
		ok(0, "actors: 200 docs load");
		return;
	}
	sweep_intervals(actors_run, &c, "actors on 200 docs", 97, 1009);
	actors_free(&c);
}

/* --- reader mode ------------------------------------------------------------------ */

/* Reader mode's case: the dossier and the rules, loaded by the parent
 * (whose allocations never fail), and the labels and articles it gives
 * without failures. */
typedef struct clean_case {
	px_dossier d;
	px_rules *rules;
	px_status st;
	int reached;
	uint64_t want;
} clean_case;

static uint64_t clean_print(const px_dossier *d)
{
	uint64_t h = 1469598103934665603ull;
#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ull)
	for (size_t i = 0; i < d->ndocs; i++)
		for (size_t b = 0; b < d->docs[i].nblocks; b++)
			MIX(d->docs[i].blocks[b].label);
	for (size_t a = 0; a < d->narts; a++) {
		MIX(d->arts[a].doc);
		MIX(d->arts[a].block_first);
		MIX(d->arts[a].block_end);
		MIX(d->arts[a].wire_of);
		for (const char *p = d->arts[a].title; p && *p; p++)
			MIX((unsigned char)*p);
	}
#undef MIX
	return h;
}

static void *run_clean(void *p)
{
	clean_case *c = p;
	px_error e;
	c->st = px_clean_dossier(&c->d, c->rules, &e);
	void *probe = px_malloc(1);
	c->reached = probe == NULL;
	px_free(probe);
	return NULL;
}

/* Some allocations only make reader mode faster (its memo, the search
 * for repeated files, the table of repeated lines): without memory it
 * goes on without them, to the same labels and articles (CHILD_SAME);
 * any other result with a failure reached is wrong. */
static int clean_judge(void *p, long n, const char *threads)
{
	clean_case *c = p;
	int code;
	if (c->st == PX_ERR_NOMEM)
		code = c->reached || strcmp(threads, "1") != 0 ? CHILD_NOMEM : CHILD_WRONG;
	else if (c->st != PX_OK || clean_print(&c->d) != c->want)
		code = CHILD_WRONG;
	else
		code = c->reached ? CHILD_SAME : CHILD_DONE;
	if (code == CHILD_WRONG)
		fprintf(stderr, "# reader mode, N=%ld: status %d, reached %d\n", n, (int)c->st,
		        c->reached);
	return code;
}

static void clean_drop(void *p)
{
	clean_case *c = p;
	px_dossier_free(&c->d);
	px_rules_free(c->rules);
}

static int clean_run(void *c, long n, const char *threads)
{
	return fork_run(c, n, threads, run_clean, clean_judge, clean_drop);
}

/* actors_load's dossier (the samples, the first of them again, copies)
 * and the second sample's file read twice more (docs equal to it: their
 * results are copied), and the labels and articles reader mode gives it
 * without failures, from a second load of the same. */
static int load_twice_more(actors_case *a)
{
	if (a->d.ndocs < 2)
		return -1;
	char *p = px_strdup(a->d.docs[1].path);
	const char *paths[] = {p, p};
	px_error e;
	int r = p && px_dossier_load(&a->d, paths, 2, &e) == PX_OK ? 0 : -1;
	px_free(p);
	return r;
}

static int clean_load(clean_case *c, int copies)
{
	memset(c, 0, sizeof *c);
	actors_case a, b;
	px_error e;
	char datadir[1024];
	const char *top = getenv("top_srcdir");
	snprintf(datadir, sizeof datadir, "%s/share/parallax", top && *top ? top : PX_SRCDIR);
	if (px_rules_load(&c->rules, datadir, NULL, NULL, NULL, &e) != PX_OK)
		return -1;
	if (actors_load(&a, copies) < 0 || load_twice_more(&a) < 0)
		return -1;
	c->d = a.d;
	px_lexicon_free(a.lx);
	if (actors_load(&b, copies) < 0 || load_twice_more(&b) < 0)
		return -1;
	int r = px_clean_dossier(&b.d, c->rules, &e) == PX_OK ? 0 : -1;
	c->want = clean_print(&b.d);
	actors_free(&b);
	return r;
}

static void test_clean(void)
{
	clean_case c;
	if (clean_load(&c, 0) < 0) {
		ok(0, "reader mode: the samples load");
		return;
	}
	sweep_each(clean_run, &c, "reader mode");
	px_dossier_free(&c.d);
	px_rules_free(c.rules);
	if (clean_load(&c, 200) < 0) {
		ok(0, "reader mode: 200 docs load");
		return;
	}
	sweep_intervals(clean_run, &c, "reader mode on 200 docs", 197, 4003);
	px_dossier_free(&c.d);
	px_rules_free(c.rules);
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

	/* (after the loads' sweeps: this process's first allocation reads
	 * PX_FAIL_ALLOC_AFTER, unset here, so its own never fail, and the
	 * children of those sweeps must read theirs) */
	test_actors();
	test_clean();

	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}

#else /* !PX_ALLOC_FAILPOINTS */
#error "tests/test_alloc is built only with configure --enable-alloc-failpoints"

#endif
