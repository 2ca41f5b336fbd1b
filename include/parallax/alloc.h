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
/* px_calloc for a table its user fills in no particular order (a hash
 * table, a memo): every page of it is written once before it is returned.
 * A fresh page of calloc's is the shared zero page until written, so a
 * lookup before the first store maps that page, and the store then faults
 * again and, while other threads run, flushes every processor's TLB
 * (measured: a tenth of a 1,000-article --mentions' CPU time on a 2-core
 * VM). Not for arrays filled from the front: those pay for pages they may
 * never use. */
void *px_calloc_dense(size_t n, size_t size);
void *px_realloc(void *p, size_t n);
void px_free(void *p);
char *px_strdup(const char *s);
char *px_strndup(const char *s, size_t n);

/* Grow *vec (of elements of size elem) so that it holds at least need
 * elements; *cap is updated. Returns 0, or -1 on overflow or no memory
 * (then *vec is unchanged). */
int px_grow(void **vec, size_t *cap, size_t need, size_t elem);

#endif
