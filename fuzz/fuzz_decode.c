/* fuzz_decode.c - libFuzzer target: any bytes through px_decode.
 * Checks: no crash or leak, valid inert UTF-8 out, a sound offset map, and
 * repairs that point inside the input, sorted. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "parallax/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	px_decoded d;
	px_error e;
	px_status s = px_decode(data, size, &d, &e);
	FUZZ_ASSERT(s == PX_OK);
	fuzz_check_text(&d.text, size);
	FUZZ_ASSERT(d.nrepairs <= PX_REPAIRS_MAX && d.nrepairs <= d.nrepairs_total);
	for (size_t i = 0; i < d.nrepairs; i++) {
		const px_repair *r = &d.repairs[i];
		FUZZ_ASSERT(r->orig_start <= r->orig_end && r->orig_end <= size);
		FUZZ_ASSERT(r->kind < PX_REPAIR_KIND_COUNT);
		FUZZ_ASSERT(i == 0 || d.repairs[i - 1].orig_start <= r->orig_start);
	}
	/* decoding is idempotent on its own output's text */
	px_decoded d2;
	FUZZ_ASSERT(px_decode((const unsigned char *)d.text.s, d.text.len, &d2, &e) == PX_OK);
	fuzz_check_text(&d2.text, d.text.len);
	px_decoded_free(&d2);
	px_decoded_free(&d);
	return 0;
}
