/* threads.c - the thread-count policy of the parallel passes. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "parallax/threads.h"

size_t px_threads_for(size_t n, size_t min_per_thread, size_t max)
{
	long t = 0;
	const char *env = getenv("PARALLAX_THREADS");
	if (env && *env) {
		char *end;
		t = strtol(env, &end, 10);
		if (*end) /* "4x" is not a number of threads: the default */
			t = 0;
	}
	if (t <= 0)
		t = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nt = t > 0 ? (size_t)t : 1;
	if (nt > max)
		nt = max;
	size_t by_items = min_per_thread ? n / min_per_thread : n;
	if (nt > by_items)
		nt = by_items;
	return nt ? nt : 1;
}

void px_run_jobs(void *(*fn)(void *), void *jobs, size_t size, size_t n)
{
	pthread_t tid[PX_JOBS_MAX];
	char *j = jobs;
	size_t started = 0;
	if (n == 0) /* no job: jobs may not even point at one */
		return;
	for (size_t k = 1; k < n && k < PX_JOBS_MAX; k++) {
		if (pthread_create(&tid[k], NULL, fn, j + k * size) != 0)
			break;
		started = k;
	}
	fn(j);
	for (size_t k = 1; k <= started; k++)
		pthread_join(tid[k], NULL);
	for (size_t k = started + 1; k < n; k++) /* no thread: this one does their share */
		fn(j + k * size);
}
