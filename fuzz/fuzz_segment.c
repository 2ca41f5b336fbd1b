/* fuzz_segment.c - libFuzzer target: any bytes through the loader's path
 * (binary check, decode, segment) into a dossier. Checks: no crash or leak,
 * blocks sorted and inside the reading text, no line end inside a block,
 * blocks separated by one line end, a sound offset map. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "parallax/dossier.h"
#include "parallax/segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	px_dossier d;
	px_dossier_init(&d);
	px_error e;
	px_status s = px_dossier_add_bytes(&d, "fuzz", data, size, &e);
	FUZZ_ASSERT(s == PX_OK || s == PX_ERR_BINARY);
	if (s == PX_OK) {
		FUZZ_ASSERT(d.ndocs == 1 && d.narts == 1);
		const px_doc *doc = &d.docs[0];
		fuzz_check_text(&doc->text, size);
		const px_article *a = &d.arts[0];
		FUZZ_ASSERT(a->block_first <= a->block_end && a->block_end == doc->nblocks);
		uint32_t prev_end = 0;
		for (size_t i = 0; i < doc->nblocks; i++) {
			const px_block *b = &doc->blocks[i];
			FUZZ_ASSERT(b->start <= b->end && b->end <= doc->text.len);
			FUZZ_ASSERT(i == 0 || b->start > prev_end);
			FUZZ_ASSERT(memchr(doc->text.s + b->start, '\n', b->end - b->start) == NULL);
			FUZZ_ASSERT(b->label < PX_LABEL_COUNT);
			prev_end = b->end;
			/* a block's text is whole characters */
			FUZZ_ASSERT(u8_check((const uint8_t *)doc->text.s + b->start,
			                     b->end - b->start) == NULL);
		}
	}
	px_dossier_free(&d);
	return 0;
}
