/* alloc.h - the core's allocator.
 *
 * Every allocation of the core goes through these so that a test build
 * (configure --enable-alloc-failpoints) can make the Nth one fail and check
 * that the failure is reported as PX_ERR_NOMEM and nothing leaks. They
 * behave exactly like malloc/calloc/realloc/free otherwise. */
#ifndef PARALLAX_ALLOC_H
#define PARALLAX_ALLOC_H

#include <stddef.h>

void *px_malloc(size_t n);
void *px_calloc(size_t n, size_t size);
void *px_realloc(void *p, size_t n);
void px_free(void *p);
char *px_strdup(const char *s);
char *px_strndup(const char *s, size_t n);

/* Grow *vec (of elements of size elem) so that it holds at least need
 * elements; *cap is updated. Returns 0, or -1 on overflow or no memory
 * (then *vec is unchanged). */
int px_grow(void **vec, size_t *cap, size_t need, size_t elem);

#endif
