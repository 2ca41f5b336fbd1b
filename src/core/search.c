/* search.c - user search patterns over the reading text (see search.h).
 *
 * One PCRE2 code per query, compiled in UTF+UCP mode (the text is valid
 * UTF-8, checked once by decode, so matching skips the UTF check), JIT
 * compiled when possible, matched under a match context that carries the
 * match and depth limits. */
#include <config.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "parallax/alloc.h"
#include "parallax/search.h"

struct px_search {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	int caseless;
	int jit;
};

void px_hits_free(px_hits *h)
{
	px_free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
	h->truncated = 0;
}

/* Smart case: any upper-case letter, except one escaped in a regex. */
static int has_upper(const char *p, size_t len, int literal)
{
	const uint8_t *s = (const uint8_t *)p;
	size_t i = 0;
	while (i < len) {
		ucs4_t c;
		int n = u8_mbtouc(&c, s + i, len - i);
		if (n <= 0)
			n = 1;
		if (!literal && c == '\\') {
			i += (size_t)n;
			if (i < len) {
				n = u8_mbtouc(&c, s + i, len - i);
				i += (size_t)(n <= 0 ? 1 : n);
			}
			continue;
		}
		if (uc_is_upper(c))
			return 1;
		i += (size_t)n;
	}
	return 0;
}

px_status px_search_new(px_search **out, const char *pattern, size_t len,
                        unsigned flags, px_error *err)
{
	*out = NULL;
	if (len == 0)
		return px_error_set(err, PX_ERR_INVALID, "empty pattern");
	if (u8_check((const uint8_t *)pattern, len))
		return px_error_set(err, PX_ERR_INVALID, "pattern is not valid UTF-8");
	px_search *q = px_calloc(1, sizeof *q);
	if (!q)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	int literal = (flags & PX_SEARCH_LITERAL) != 0;
	if (flags & PX_SEARCH_ICASE)
		q->caseless = 1;
	else if (flags & PX_SEARCH_CASE)
		q->caseless = 0;
	else
		q->caseless = !has_upper(pattern, len, literal);
	uint32_t opts = PCRE2_UTF | PCRE2_NO_UTF_CHECK;
	/* PCRE2_LITERAL takes no UCP (nothing to classify in a literal); in a
	 * regex, \C (one code unit) could cut a character in two: refused */
	opts |= literal ? PCRE2_LITERAL : PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
	if (q->caseless)
		opts |= PCRE2_CASELESS;
	int ec;
	PCRE2_SIZE eoff;
	q->code = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &ec, &eoff, NULL);
	if (!q->code) {
		PCRE2_UCHAR buf[200];
		if (pcre2_get_error_message(ec, buf, sizeof buf) < 0)
			strcpy((char *)buf, "bad pattern");
		px_search_free(q);
		return px_error_set(err, ec == PCRE2_ERROR_HEAPLIMIT ? PX_ERR_NOMEM
		                    : PX_ERR_INVALID, "%s at %zu", (char *)buf,
		                    (size_t)eoff);
	}
	q->jit = pcre2_jit_compile(q->code, PCRE2_JIT_COMPLETE) == 0;
	q->md = pcre2_match_data_create_from_pattern(q->code, NULL);
	q->mc = pcre2_match_context_create(NULL);
	if (!q->md || !q->mc) {
		px_search_free(q);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	px_search_set_limits(q, 0, 0);
	*out = q;
	return PX_OK;
}

void px_search_free(px_search *q)
{
	if (!q)
		return;
	pcre2_match_data_free(q->md);
	pcre2_match_context_free(q->mc);
	pcre2_code_free(q->code);
	px_free(q);
}

void px_search_set_limits(px_search *q, uint32_t match, uint32_t depth)
{
	pcre2_set_match_limit(q->mc, match ? match : PX_SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(q->mc, depth ? depth : PX_SEARCH_DEPTH_LIMIT);
}

/* Visit the hits of s[0..len); fn returns non-zero to stop. */
typedef int (*hit_fn)(void *ctx, size_t start, size_t end);

static px_status each_hit(px_search *q, const char *s, size_t len, hit_fn fn,
                          void *ctx, px_error *err)
{
	size_t pos = 0;
	uint32_t mopts = PCRE2_NO_UTF_CHECK;
	while (pos <= len) {
		int rc = pcre2_match(q->code, (PCRE2_SPTR)s, len, pos, mopts, q->md, q->mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			return PX_OK;
		if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
			return px_error_set(err, PX_ERR_LIMIT,
			                    "pattern too complex: search stopped at its limit");
		if (rc == PCRE2_ERROR_NOMEMORY)
			return px_error_set(err, PX_ERR_NOMEM, "out of memory");
		if (rc < 0)
			return px_error_set(err, PX_ERR_INVALID, "search failed (%d)", rc);
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(q->md);
		size_t a = ov[0], b = ov[1];
		if (b < a) /* \K in a lookahead can do this; take it as empty */
			b = a;
		if (b > a) {
			if (fn(ctx, a, b))
				return PX_OK;
			pos = b;
		} else {
			/* an empty match: step over one character */
			pos = a + 1;
			while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
				pos++;
		}
	}
	return PX_OK;
}

struct collect {
	px_hits *h;
	size_t base;
	int nomem;
};

static int collect_hit(void *ctx, size_t start, size_t end)
{
	struct collect *c = ctx;
	if (c->h->n >= PX_SEARCH_MAX_HITS) {
		c->h->truncated = 1;
		return 1;
	}
	if (px_grow((void **)&c->h->v, &c->h->cap, c->h->n + 1, sizeof *c->h->v) < 0) {
		c->nomem = 1;
		return 1;
	}
	c->h->v[c->h->n].start = (uint32_t)(c->base + start);
	c->h->v[c->h->n].end = (uint32_t)(c->base + end);
	c->h->n++;
	return 0;
}

px_status px_search_block(px_search *q, const char *s, size_t len, size_t base,
                          px_hits *h, px_error *err)
{
	struct collect c = {h, base, 0};
	px_status st = each_hit(q, s, len, collect_hit, &c, err);
	if (st == PX_OK && c.nomem)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	return st;
}

px_status px_search_article(px_search *q, const px_dossier *d, size_t art,
                            int with_stripped, px_hits *h, px_error *err)
{
	if (art >= d->narts)
		return px_error_set(err, PX_ERR_INVALID, "no article %zu", art);
	const px_article *a = &d->arts[art];
	const px_doc *doc = &d->docs[a->doc];
	for (uint32_t i = a->block_first; i < a->block_end && !h->truncated; i++) {
		if (!with_stripped && doc->blocks[i].label == PX_LABEL_BOILERPLATE)
			continue;
		size_t len;
		const char *t = px_doc_block(doc, i, &len);
		px_status st = px_search_block(q, t, len, doc->blocks[i].start, h, err);
		if (st != PX_OK)
			return st;
	}
	return PX_OK;
}

struct counter {
	size_t n, max;
};

static int count_hit(void *ctx, size_t start, size_t end)
{
	struct counter *c = ctx;
	(void)start;
	(void)end;
	c->n++;
	return c->max && c->n >= c->max;
}

px_status px_search_count(px_search *q, const px_dossier *d, size_t art,
                          int with_stripped, size_t max, size_t *count,
                          px_error *err)
{
	*count = 0;
	if (art >= d->narts)
		return px_error_set(err, PX_ERR_INVALID, "no article %zu", art);
	const px_article *a = &d->arts[art];
	const px_doc *doc = &d->docs[a->doc];
	struct counter c = {0, max};
	for (uint32_t i = a->block_first; i < a->block_end; i++) {
		if (!with_stripped && doc->blocks[i].label == PX_LABEL_BOILERPLATE)
			continue;
		size_t len;
		const char *t = px_doc_block(doc, i, &len);
		px_status st = each_hit(q, t, len, count_hit, &c, err);
		if (st != PX_OK) {
			*count = c.n;
			return st;
		}
		if (c.max && c.n >= c.max)
			break;
	}
	*count = c.n;
	return PX_OK;
}
