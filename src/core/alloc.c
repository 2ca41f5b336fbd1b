/* alloc.c - the core's allocator, with optional failure injection.
 *
 * With --enable-alloc-failpoints, PX_FAIL_ALLOC_AFTER=N in the environment
 * makes the (N+1)th allocation fail. The counter is per thread, which keeps
 * the core free of shared mutable state even in that test build. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/alloc.h"

#ifdef PX_ALLOC_FAILPOINTS
static _Thread_local long fail_budget = -2; /* -2: not read yet, -1: off */

static int should_fail(void)
{
	if (fail_budget == -2) {
		const char *s = getenv("PX_FAIL_ALLOC_AFTER");
		fail_budget = s ? atol(s) : -1;
	}
	if (fail_budget < 0)
		return 0;
	if (fail_budget == 0)
		return 1;
	fail_budget--;
	return 0;
}
#else
static int should_fail(void) { return 0; }
#endif

void *px_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *px_calloc(size_t n, size_t size)
{
	/* an impossible size is NULL here, as calloc says it (a sanitizer's
	 * calloc would abort instead) */
	if (n && size && n > SIZE_MAX / size)
		return NULL;
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

/* The smallest page size in use: larger pages get several writes each,
 * which is harmless. */
#define PAGE_MIN 4096

void *px_calloc_dense(size_t n, size_t size)
{
	char *p = px_calloc(n, size);
	if (!p)
		return NULL;
	/* one write per page, through volatile so that the compiler keeps
	 * it: each page is then mapped once, writable (px_calloc already
	 * checked that n * size does not overflow) */
	size_t bytes = (n ? n : 1) * (size ? size : 1);
	for (size_t at = 0; at < bytes; at += PAGE_MIN)
		((volatile char *)p)[at] = 0;
	/* (the block need not start on a page: its last byte may be on a
	 * page the steps above stepped over) */
	((volatile char *)p)[bytes - 1] = 0;
	return p;
}

void *px_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void px_free(void *p)
{
	free(p);
}

char *px_strndup(const char *s, size_t n)
{
	char *d = px_malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *px_strdup(const char *s)
{
	return px_strndup(s, strlen(s));
}

int px_grow(void **vec, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return -1;
	void *p = px_realloc(*vec, ncap * elem);
	if (!p)
		return -1;
	*vec = p;
	*cap = ncap;
	return 0;
}
