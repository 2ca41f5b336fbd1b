/* threads.c - the thread-count policy of the parallel passes. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>

#include "parallax/threads.h"

size_t px_threads_for(size_t n, size_t min_per_thread, size_t max)
{
	long t = 0;
	const char *env = getenv("PARALLAX_THREADS");
	if (env && *env)
		t = strtol(env, NULL, 10);
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
