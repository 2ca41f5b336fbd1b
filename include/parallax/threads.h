/* threads.h - how many threads a parallel pass of the core uses.
 *
 * Every pass that splits work over threads (loading, reader mode, wire
 * copies, actor detection) asks here, so that one policy and one override
 * (PARALLAX_THREADS) hold for all of them. Results never depend on the
 * count: passes join their work in input order. */
#ifndef PARALLAX_THREADS_H
#define PARALLAX_THREADS_H

#include <stddef.h>

/* Threads for a pass over n items, each thread to get at least
 * min_per_thread of them (a thread costs more than a few items): the
 * PARALLAX_THREADS environment variable when it is a positive number, else
 * the online processors; at most max; at least 1. */
size_t px_threads_for(size_t n, size_t min_per_thread, size_t max);

/* Run fn over n jobs of size bytes each (jobs is an array of them): the
 * first on the calling thread, the others each on a thread of its own, or
 * on the calling thread when one cannot start (or past PX_JOBS_MAX).
 * Returns when all are done. */
#define PX_JOBS_MAX 16
void px_run_jobs(void *(*fn)(void *), void *jobs, size_t size, size_t n);

#endif
