/* rewrite.c - copy-with-map passes (see rewrite.h). */
#include <string.h>

#include "parallax/alloc.h"
#include "rewrite.h"

void px_rw_init(px_rw *rw, const px_text *in)
{
	memset(rw, 0, sizeof *rw);
	rw->in = in->s;
	rw->in_len = in->len;
	rw->ia = in->anchors;
	rw->nia = in->nanchors;
	rw->orig_len = in->orig_len;
}

void px_rw_init_bytes(px_rw *rw, const char *bytes, size_t len)
{
	memset(rw, 0, sizeof *rw);
	rw->in = bytes;
	rw->in_len = len;
	rw->orig_len = len;
}

/* Original offset of input position pos, start semantics. */
static size_t in_orig(const px_rw *rw, size_t pos, int end)
{
	if (!rw->ia)
		return pos;
	px_text t = {(char *)rw->in, rw->in_len, (px_anchor *)rw->ia, rw->nia,
	             rw->orig_len};
	return end ? px_text_orig_end(&t, pos) : px_text_orig(&t, pos);
}

size_t px_rw_orig(px_rw *rw, size_t pos)
{
	return in_orig(rw, pos, 0);
}

static void add_anchor(px_rw *rw, size_t t, size_t o)
{
	/* the map starts at {0,0}: text dropped at the very start of the
	 * input is a replacement of [0, o) by nothing */
	if (rw->noa == 0 && (t != 0 || o != 0))
		add_anchor(rw, 0, 0);
	if (rw->noa) {
		px_anchor *last = &rw->oa[rw->noa - 1];
		if (last->t == t && last->o == o)
			return;
	}
	if (px_grow((void **)&rw->oa, &rw->oa_cap, rw->noa + 1, sizeof *rw->oa) < 0) {
		rw->nomem = 1;
		return;
	}
	rw->oa[rw->noa].t = (uint32_t)t;
	rw->oa[rw->noa].o = (uint32_t)o;
	rw->noa++;
}

/* Append to the output. The first append sizes the buffer for the whole
 * input (passes rarely grow the text), which saves the doubling copies and
 * leaves the text that the dossier keeps about as big as it is. */
static void out_append(px_rw *rw, const void *p, size_t n)
{
	if (rw->out.cap == 0) {
		size_t want = rw->in_len + 64;
		if (want < n)
			want = n;
		if (px_sbuf_reserve(&rw->out, want) < 0) {
			rw->nomem = 1;
			return;
		}
	}
	if (px_sbuf_append(&rw->out, p, n) < 0)
		rw->nomem = 1;
}

void px_rw_copy(px_rw *rw, size_t n)
{
	if (n > rw->in_len - rw->pos)
		n = rw->in_len - rw->pos;
	if (n == 0)
		return;
	size_t base = rw->out.len;
	if (rw->noa == 0)
		add_anchor(rw, base, in_orig(rw, rw->pos, 0));
	/* carry the input's own anchors that fall inside the copied range */
	while (rw->ia && rw->ia_next < rw->nia && rw->ia[rw->ia_next].t < rw->pos)
		rw->ia_next++;
	while (rw->ia && rw->ia_next < rw->nia &&
	       rw->ia[rw->ia_next].t < rw->pos + n) {
		const px_anchor *a = &rw->ia[rw->ia_next++];
		/* Several input anchors may share the text position pos (text
		 * deleted there). A replacement that ended at pos mapped it to
		 * the last of them, so the earlier ones are behind the output
		 * map already: carrying them would make it go backwards. */
		if (rw->noa && a->o < rw->oa[rw->noa - 1].o)
			continue;
		add_anchor(rw, base + (a->t - rw->pos), a->o);
	}
	out_append(rw, rw->in + rw->pos, n);
	rw->pos += n;
}

static void add_repair(px_rw *rw, size_t o0, size_t o1, int kind)
{
	rw->nrep_total++;
	if (rw->nrep >= PX_REPAIRS_MAX)
		return;
	if (px_grow((void **)&rw->rep, &rw->rep_cap, rw->nrep + 1, sizeof *rw->rep) < 0) {
		rw->nomem = 1;
		return;
	}
	rw->rep[rw->nrep].orig_start = (uint32_t)o0;
	rw->rep[rw->nrep].orig_end = (uint32_t)o1;
	rw->rep[rw->nrep].kind = (uint8_t)kind;
	rw->nrep++;
}

void px_rw_note(px_rw *rw, size_t from, size_t to, int kind)
{
	add_repair(rw, in_orig(rw, from, 0), in_orig(rw, to, 1), kind);
}

/* Has an earlier pass removed bytes at input position pos (two input
 * anchors there)? One look at the anchors from where the pass has got to,
 * not a search: replacements are many. */
static int removed_at(px_rw *rw, size_t pos)
{
	if (!rw->ia)
		return 0;
	while (rw->ia_next < rw->nia && rw->ia[rw->ia_next].t < pos)
		rw->ia_next++; /* (behind pos: px_rw_copy would skip them too) */
	size_t k = rw->ia_next;
	return k + 1 < rw->nia && rw->ia[k].t == pos && rw->ia[k + 1].t == pos;
}

void px_rw_replace(px_rw *rw, size_t n, const void *p, size_t len, int kind)
{
	if (n > rw->in_len - rw->pos)
		n = rw->in_len - rw->pos;
	size_t o0 = in_orig(rw, rw->pos, 0);
	size_t o1 = in_orig(rw, rw->pos + n, 0);
	/* Where an earlier pass deleted bytes at pos, the input has two
	 * anchors there: the text copied up to pos ends at the first, the
	 * replacement starts after the second. Both go to the output, or
	 * the copied text would stretch over the deleted bytes and map to
	 * the wrong offsets (a name before a bidi control and an entity).
	 * (Not when a replacement ended at pos: it mapped pos past them;
	 * nor inside an earlier replacement, whose end lies past its start.) */
	if (removed_at(rw, rw->pos)) {
		size_t oe = in_orig(rw, rw->pos, 1);
		if (oe < o0 && (rw->noa == 0 || oe >= rw->oa[rw->noa - 1].o))
			add_anchor(rw, rw->out.len, oe);
	}
	add_anchor(rw, rw->out.len, o0);
	if (len)
		out_append(rw, p, len);
	rw->pos += n;
	add_anchor(rw, rw->out.len, o1);
	if (kind >= 0)
		add_repair(rw, o0, in_orig(rw, rw->pos, 1) > o1 ? in_orig(rw, rw->pos, 1) : o1, kind);
}

void px_rw_abort(px_rw *rw)
{
	px_sbuf_free(&rw->out);
	px_free(rw->oa);
	px_free(rw->rep);
	rw->oa = NULL;
	rw->rep = NULL;
	rw->noa = rw->nrep = 0;
}

int px_rw_finish(px_rw *rw, px_text *out)
{
	px_rw_copy(rw, rw->in_len - rw->pos);
	if (rw->noa == 0)
		add_anchor(rw, 0, 0);
	add_anchor(rw, rw->out.len, rw->orig_len);
	if (px_sbuf_reserve(&rw->out, 0) < 0)
		rw->nomem = 1;
	if (rw->nomem) {
		px_rw_abort(rw);
		return -1;
	}
	/* Anchors that do not change the mapping could be dropped here; there
	 * are as many as changes, which is few, so they stay. */
	out->len = rw->out.len;
	out->s = px_sbuf_detach(&rw->out, NULL);
	out->anchors = rw->oa;
	out->nanchors = rw->noa;
	out->orig_len = rw->orig_len;
	rw->oa = NULL;
	rw->noa = rw->oa_cap = 0;
	return 0;
}

int px_rw_take_repairs(px_rw *rw, px_repair **list, size_t *n, size_t *total)
{
	*total += rw->nrep_total;
	if (rw->nrep == 0) {
		px_free(rw->rep);
		rw->rep = NULL;
		return 0;
	}
	size_t room = *n < PX_REPAIRS_MAX ? PX_REPAIRS_MAX - *n : 0;
	size_t take = rw->nrep < room ? rw->nrep : room;
	px_repair *m = px_malloc((*n + take) * sizeof *m);
	if (!m) {
		px_free(rw->rep);
		rw->rep = NULL;
		return -1;
	}
	/* merge two sorted lists by original offset */
	size_t i = 0, j = 0, k = 0;
	while (i < *n || j < take) {
		if (j >= take || (i < *n && (*list)[i].orig_start <= rw->rep[j].orig_start))
			m[k++] = (*list)[i++];
		else
			m[k++] = rw->rep[j++];
	}
	px_free(*list);
	px_free(rw->rep);
	rw->rep = NULL;
	*list = m;
	*n = k;
	return 0;
}
