/* test_hostile_fuzz.c - the decode and segment fuzz targets, run without
 * libFuzzer over their seed corpora (fuzz/corpus/decode, fuzz/corpus/segment)
 * in every make check: the inputs that once broke an invariant (regress-*)
 * stay fixed, in plain, sanitizer and distcheck builds alike. A broken
 * invariant aborts the test with the file name on stderr. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/source.h"
#include "tap.h"

#define LLVMFuzzerTestOneInput fuzz_decode_one
#include "../fuzz/fuzz_decode.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_segment_one
#include "../fuzz/fuzz_segment.c"
#undef LLVMFuzzerTestOneInput

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run fn over every file of dir; returns the count, -1 if dir is missing. */
static int run_dir(const char *dir, int (*fn)(const uint8_t *, size_t), int *regress)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char *names[512];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < 512)
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp);
	for (int i = 0; i < n; i++) {
		char p[1024];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unsigned char *b = NULL;
		size_t len = 0;
		px_error e;
		if (px_source_read(p, (size_t)16 << 20, &b, &len, &e) == PX_OK) {
			fprintf(stderr, "%s\n", p); /* names the input if it aborts */
			fn(b, len);
			px_free(b);
			if (!strncmp(names[i], "regress-", 8))
				++*regress;
		}
		free(names[i]);
	}
	return n;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024];
	int regress = 0;
	snprintf(dir, sizeof dir, "%s/fuzz/corpus/decode", top && *top ? top : PX_SRCDIR);
	int n = run_dir(dir, fuzz_decode_one, &regress);
	ok(n > 10, "decode invariants hold over fuzz/corpus/decode");
	snprintf(dir, sizeof dir, "%s/fuzz/corpus/segment", top && *top ? top : PX_SRCDIR);
	n = run_dir(dir, fuzz_segment_one, &regress);
	ok(n > 10, "segment invariants hold over fuzz/corpus/segment");
	ok(regress >= 6, "the regression inputs found by fuzzing are among them");
	/* every byte value alone, and every pair of a lead and another byte */
	for (int a = 0; a < 256; a++) {
		uint8_t one[1] = {(uint8_t)a};
		fuzz_decode_one(one, 1);
		for (int b = 0; b < 256; b += (a >= 0xC0 ? 1 : 17)) {
			uint8_t two[4] = {(uint8_t)a, (uint8_t)b, 'x', (uint8_t)a};
			fuzz_decode_one(two, 4);
			fuzz_segment_one(two, 4);
		}
	}
	ok(1, "every byte, and every lead byte with every next byte: invariants hold");
	return tap_done();
}
