/* fuzz_split.h - turn one fuzz input into a small dossier: the input is
 * cut into up to four files at form feeds (0x0C), so that the passes over
 * the whole dossier (wire copies, actors across sources) have several docs
 * to compare. */
#ifndef PX_FUZZ_SPLIT_H
#define PX_FUZZ_SPLIT_H

#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "parallax/dossier.h"

static inline void fuzz_add(px_dossier *d, int k, const uint8_t *p, size_t n)
{
	char name[16];
	snprintf(name, sizeof name, "fuzz%d", k);
	px_error e;
	px_status s = px_dossier_add_bytes(d, name, p, n, &e);
	FUZZ_ASSERT(s == PX_OK || s == PX_ERR_BINARY);
}

static inline void fuzz_load_split(px_dossier *d, const uint8_t *data, size_t size)
{
	size_t start = 0;
	int files = 0;
	for (size_t i = 0; i < size && files < 3; i++)
		if (data[i] == 0x0C) {
			fuzz_add(d, files++, data + start, i - start);
			start = i + 1;
		}
	fuzz_add(d, files, data + start, size - start);
}

/* The data directory: $PARALLAX_DATADIR, else the source tree's. */
static inline const char *fuzz_datadir(void)
{
	const char *e = getenv("PARALLAX_DATADIR");
	return e && *e ? e : PX_SRCDIR "/share/parallax";
}

/* A string that reaches the screen: valid UTF-8, inert. */
static inline void fuzz_check_str(const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	FUZZ_ASSERT(u8_check((const uint8_t *)s, n) == NULL);
	fuzz_check_inert(s, n);
}

static void fuzz_diag(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "fuzz: data: %s\n", msg);
}

#endif
