/* test_threads.c - the thread-count policy and px_run_jobs (threads.h).
 *
 * px_threads_for under PARALLAX_THREADS set, unset and invalid; px_run_jobs
 * over 0, 1, a few, PX_JOBS_MAX and more jobs: each job run exactly once
 * (counted with atomics), the first and those past PX_JOBS_MAX on the
 * calling thread, all done when it returns. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax/threads.h"
#include "tap.h"

/* An odd size, so that a wrong stride shows. */
typedef struct job {
	size_t index;
	atomic_int runs;
	pthread_t who;
	unsigned long work;
	char pad[3];
} job;

static atomic_int total;

static void *run(void *arg)
{
	job *j = arg;
	/* a little work, so that a caller not waiting for it would see it unfinished */
	volatile unsigned long x = 0;
	for (unsigned long i = 0; i < 200000; i++)
		x += i ^ j->index;
	j->work = x;
	j->who = pthread_self();
	atomic_fetch_add(&j->runs, 1);
	atomic_fetch_add(&total, 1);
	return NULL;
}

static void jobs(size_t n, const char *what)
{
	enum { MAX = 64 };
	job js[MAX + 1]; /* one more than asked: it must stay untouched */
	memset(js, 0, sizeof js);
	for (size_t k = 0; k <= MAX; k++) {
		js[k].index = k;
		atomic_init(&js[k].runs, 0);
	}
	atomic_store(&total, 0);
	px_run_jobs(run, js, sizeof js[0], n);
	char msg[160];
	int once = 0, done = 0;
	for (size_t k = 0; k < n; k++) {
		once += atomic_load(&js[k].runs) == 1;
		done += js[k].work != 0;
	}
	snprintf(msg, sizeof msg, "%s: each of %zu jobs run exactly once", what, n);
	is_int(once, n, msg);
	snprintf(msg, sizeof msg, "%s: %zu runs in all", what, n);
	is_int(atomic_load(&total), n, msg);
	snprintf(msg, sizeof msg, "%s: all finished on return", what);
	is_int(done, n, msg);
	snprintf(msg, sizeof msg, "%s: the job past the last untouched", what);
	is_int(atomic_load(&js[n].runs), 0, msg);
	if (n > 0) {
		snprintf(msg, sizeof msg, "%s: the first job on the calling thread", what);
		ok(pthread_equal(js[0].who, pthread_self()), msg);
	}
	if (n > PX_JOBS_MAX) {
		int here = 0;
		for (size_t k = PX_JOBS_MAX; k < n; k++)
			here += pthread_equal(js[k].who, pthread_self()) != 0;
		snprintf(msg, sizeof msg, "%s: jobs past PX_JOBS_MAX on the calling thread", what);
		is_int(here, n - PX_JOBS_MAX, msg);
	}
}

static void test_run_jobs(void)
{
	jobs(0, "0 jobs");
	jobs(1, "1 job");
	jobs(2, "2 jobs");
	jobs(7, "7 jobs");
	jobs(PX_JOBS_MAX, "PX_JOBS_MAX jobs");
	jobs(PX_JOBS_MAX + 1, "PX_JOBS_MAX + 1 jobs");
	jobs(64, "64 jobs");
}

static size_t with_env(const char *v, size_t n, size_t min, size_t max)
{
	if (v)
		setenv("PARALLAX_THREADS", v, 1);
	else
		unsetenv("PARALLAX_THREADS");
	return px_threads_for(n, min, max);
}

static void test_threads_for(void)
{
	long on = sysconf(_SC_NPROCESSORS_ONLN);
	size_t cpus = on > 0 ? (size_t)on : 1;
	printf("# %zu online processors\n", cpus);

	is_int(with_env("1", 1000, 1, 16), 1, "PARALLAX_THREADS=1: one thread");
	is_int(with_env("3", 1000, 1, 16), 3, "PARALLAX_THREADS=3: three");
	is_int(with_env("3", 1000, 1, 2), 2, "PARALLAX_THREADS=3, max 2: two");
	is_int(with_env("8", 20, 10, 16), 2, "8 asked, 20 items at 10 a thread: two");
	is_int(with_env("8", 19, 10, 16), 1, "8 asked, 19 items at 10 a thread: one");
	is_int(with_env("8", 5, 0, 16), 5, "8 asked, 5 items, no minimum: five");
	is_int(with_env("8", 0, 1, 16), 1, "no items: still one");
	is_int(with_env("8", 0, 0, 16), 1, "no items, no minimum: one");
	is_int(with_env("8", 100, 1, 0), 1, "max 0: still one");
	is_int(with_env("99999999999999999999999", 1000, 1, 16), 16, "a huge count: capped at max");

	size_t want = cpus < 1000 ? cpus : 1000;
	is_int(with_env(NULL, 100000, 1, 1000), want, "unset: the online processors");
	is_int(with_env("", 100000, 1, 1000), want, "empty: the online processors");
	is_int(with_env("0", 100000, 1, 1000), want, "0: the online processors");
	is_int(with_env("-4", 100000, 1, 1000), want, "-4: the online processors");
	is_int(with_env("many", 100000, 1, 1000), want, "not a number: the online processors");
	is_int(with_env("many", 1, 1, 1000), 1, "not a number, one item: one");
	is_int(with_env("4x", 100000, 1, 1000), want, "a number with a tail: the default");
	unsetenv("PARALLAX_THREADS");
}

int main(void)
{
	test_run_jobs();
	test_threads_for();
	return tap_done();
}
