/* fuzz_search.c - libFuzzer target: the search pattern compiler and
 * matcher. The first byte picks the flags, the input up to the first line
 * end is the pattern, the rest the text searched once decoded (px_search
 * takes text that decode made valid UTF-8; it skips the UTF check). Checks: no crash, leak or
 * runaway (the match and depth limits stop a catastrophic pattern: the
 * fuzzer's -timeout catches one that does not); hits non-empty, in order,
 * not overlapping, inside the text, on character boundaries. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "parallax/decode.h"
#include "parallax/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0] & (PX_SEARCH_LITERAL | PX_SEARCH_ICASE | PX_SEARCH_CASE);
	data++;
	size--;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	const uint8_t *raw = nl ? nl + 1 : (const uint8_t *)"";
	size_t rawlen = nl ? size - plen - 1 : 0;
	px_search *q = NULL;
	px_error e;
	px_status s = px_search_new(&q, (const char *)data, plen, flags, &e);
	FUZZ_ASSERT(s == PX_OK || s == PX_ERR_INVALID || s == PX_ERR_LIMIT);
	if (s != PX_OK) {
		fuzz_check_inert(e.msg, strlen(e.msg));
		return 0;
	}
	px_decoded dec;
	FUZZ_ASSERT(px_decode(raw, rawlen, &dec, &e) == PX_OK);
	const char *text = dec.text.s;
	size_t tlen = dec.text.len;
	px_hits h = {0};
	s = px_search_block(q, text, tlen, 7, &h, &e);
	FUZZ_ASSERT(s == PX_OK || s == PX_ERR_LIMIT);
	for (size_t i = 0; i < h.n; i++) {
		FUZZ_ASSERT(h.v[i].start >= 7 && h.v[i].start < h.v[i].end);
		FUZZ_ASSERT(h.v[i].end <= tlen + 7);
		FUZZ_ASSERT(i == 0 || h.v[i - 1].end <= h.v[i].start);
		/* a hit starts and ends on a character boundary */
		FUZZ_ASSERT(((unsigned char)text[h.v[i].start - 7] & 0xC0) != 0x80);
		if (h.v[i].end - 7 < tlen)
			FUZZ_ASSERT(((unsigned char)text[h.v[i].end - 7] & 0xC0) != 0x80);
	}
	px_hits_free(&h);
	px_decoded_free(&dec);
	px_search_free(q);
	return 0;
}
