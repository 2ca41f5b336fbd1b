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

#endif
