/* ui.c - the interactive reader: terminal set-up, the key loop, actions.
 *
 * One context struct (ui, ui_int.h) holds the whole state; the only other
 * mutable global is the flag the signal handlers set. Painting is draw.c's
 * job; this file changes state and asks for a redraw. The dossier is read
 * here and written only when the worker's reader-mode results are swapped
 * in (analysis_take_clean), on this thread. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#define _XOPEN_SOURCE_EXTENDED 1
#include <config.h>

#include <curses.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/source.h"
#include "pipe.h"
#include "ui_int.h"
#include "wrap.h"

static volatile sig_atomic_t ui_signal;

static void on_signal(int sig)
{
	ui_signal = sig;
}

static void set_msg(ui *u, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_msg(ui *u, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msg_err = err;
}

/* ---- the reader's geometry ---------------------------------------------- */

static const px_article *cur_art(const ui *u)
{
	return &u->d->arts[u->art];
}

static const px_doc *cur_doc(const ui *u)
{
	return &u->d->docs[cur_art(u)->doc];
}

/* Whether the paragraph filter hides block blk of article art. */
static int filt_hides(const ui *u, size_t art, size_t blk)
{
	if (!u->filt || !u->filt_valid || art != u->filt_art)
		return 0;
	size_t first = u->d->arts[art].block_first;
	return blk < first || !u->filt_bits[blk - first];
}

int ui_block_shown(const ui *u, size_t blk)
{
	return (u->show_stripped || cur_doc(u)->blocks[blk].label != PX_LABEL_BOILERPLATE) &&
	       !filt_hides(u, u->art, blk);
}

static uint32_t next_shown(const ui *u, uint32_t blk)
{
	const px_article *a = cur_art(u);
	for (uint32_t b = blk + 1; b < a->block_end; b++)
		if (ui_block_shown(u, b))
			return b;
	return UINT32_MAX;
}

static uint32_t prev_shown(const ui *u, uint32_t blk)
{
	const px_article *a = cur_art(u);
	for (uint32_t b = blk; b > a->block_first; b--)
		if (ui_block_shown(u, b - 1))
			return b - 1;
	return UINT32_MAX;
}

uint32_t ui_first_block(const ui *u, size_t art)
{
	const px_article *a = &u->d->arts[art];
	const px_doc *doc = &u->d->docs[a->doc];
	for (uint32_t b = a->block_first; b < a->block_end; b++)
		if ((u->show_stripped || doc->blocks[b].label != PX_LABEL_BOILERPLATE) &&
		    !filt_hides(u, art, b))
			return b;
	return UINT32_MAX;
}

/* The filter's mask for article art: its blocks holding a match. */
static void filter_sync(ui *u, size_t art)
{
	if (!u->filt || (u->filt_valid && u->filt_art == art) || art >= u->d->narts)
		return;
	const px_article *a = &u->d->arts[art];
	const px_doc *doc = &u->d->docs[a->doc];
	size_t n = a->block_end - a->block_first;
	u->filt_valid = 0;
	if (n > u->filt_cap) {
		uint8_t *nb = px_realloc(u->filt_bits, n);
		if (!nb)
			return; /* no memory: no filtering, nothing hidden */
		u->filt_bits = nb;
		u->filt_cap = n;
	}
	px_hits h = {0};
	u->filt_limited = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *t = px_doc_block(doc, (uint32_t)(a->block_first + i), &len);
		px_error err;
		h.n = 0;
		/* a block the pattern is too complex for is shown: hiding text
		 * for want of an answer would be wrong */
		int limited = px_search_block(u->filt, t, len, 0, &h, &err) == PX_ERR_LIMIT;
		u->filt_bits[i] = h.n > 0 || limited;
		u->filt_limited += limited && !h.n;
	}
	px_hits_free(&h);
	u->filt_art = art;
	u->filt_valid = 1;
}

int ui_has_gap(const ui *u, uint32_t blk)
{
	if (u->show_stripped && cur_doc(u)->blocks[blk].label == PX_LABEL_BOILERPLATE)
		return 1;
	return blk != ui_first_block(u, u->art);
}

static const char *block_text(const ui *u, uint32_t blk, size_t *len)
{
	return px_doc_block(cur_doc(u), blk, len);
}

static int text_cols(const ui *u)
{
	return u->text_w > 0 ? u->text_w : 1;
}

static uint32_t last_row(const ui *u, uint32_t blk)
{
	size_t len;
	const char *s = block_text(u, blk, &len);
	return (uint32_t)wrap_row_at(s, len, len, text_cols(u));
}

int ui_row_next(const ui *u, rpos *p)
{
	if (p->off == RPOS_GAP) {
		p->off = 0;
		return 1;
	}
	size_t len;
	const char *s = block_text(u, p->blk, &len);
	size_t end = wrap_row(s, len, p->off, text_cols(u));
	if (end < len) {
		p->off = (uint32_t)end;
		return 1;
	}
	uint32_t nb = next_shown(u, p->blk);
	if (nb == UINT32_MAX)
		return 0;
	p->blk = nb;
	p->off = ui_has_gap(u, nb) ? RPOS_GAP : 0;
	return 1;
}

int ui_row_prev(const ui *u, rpos *p)
{
	if (p->off != RPOS_GAP && p->off > 0) {
		size_t len;
		const char *s = block_text(u, p->blk, &len);
		p->off = (uint32_t)wrap_prev(s, len, p->off, text_cols(u));
		return 1;
	}
	if (p->off == 0 && ui_has_gap(u, p->blk)) {
		p->off = RPOS_GAP;
		return 1;
	}
	uint32_t pb = prev_shown(u, p->blk);
	if (pb == UINT32_MAX)
		return 0;
	p->blk = pb;
	p->off = last_row(u, pb);
	return 1;
}

int ui_row_span(const ui *u, rpos p, size_t *start, size_t *end)
{
	if (p.off == RPOS_GAP)
		return 0;
	size_t len;
	const char *s = block_text(u, p.blk, &len);
	*start = p.off;
	*end = wrap_row(s, len, p.off, text_cols(u));
	return 1;
}

static int rpos_cmp(rpos a, rpos b)
{
	if (a.blk != b.blk)
		return a.blk < b.blk ? -1 : 1;
	long x = a.off == RPOS_GAP ? -1 : (long)a.off;
	long y = b.off == RPOS_GAP ? -1 : (long)b.off;
	return x < y ? -1 : x > y;
}

/* The first row of the article. */
static rpos art_start(const ui *u)
{
	rpos p = {cur_art(u)->block_first, 0};
	uint32_t fb = ui_first_block(u, u->art);
	if (fb == UINT32_MAX)
		return p;
	p.blk = fb;
	p.off = ui_has_gap(u, fb) ? RPOS_GAP : 0;
	return p;
}

static int art_empty(const ui *u)
{
	return u->d->narts == 0 || ui_first_block(u, u->art) == UINT32_MAX;
}

/* The lowest top: the last row on the last line of the text area. */
static rpos max_top(const ui *u)
{
	const px_article *a = cur_art(u);
	uint32_t lb = prev_shown(u, a->block_end);
	if (lb == UINT32_MAX)
		return art_start(u);
	rpos p = {lb, last_row(u, lb)};
	for (int i = 1; i < u->text_h; i++)
		if (!ui_row_prev(u, &p))
			break;
	return p;
}

/* Make top a valid row start after a change of width, of what is shown,
 * or of articles: same block and the row holding the same byte. */
static void normalize_top(ui *u)
{
	if (art_empty(u)) {
		u->top.blk = u->d->narts ? cur_art(u)->block_first : 0;
		u->top.off = 0;
		return;
	}
	const px_article *a = cur_art(u);
	rpos *p = &u->top;
	if (p->blk < a->block_first || p->blk >= a->block_end) {
		*p = art_start(u);
		return;
	}
	if (!ui_block_shown(u, p->blk)) {
		uint32_t nb = next_shown(u, p->blk);
		if (nb == UINT32_MAX)
			nb = prev_shown(u, p->blk);
		p->blk = nb;
		p->off = 0;
	}
	if (p->off == RPOS_GAP && !ui_has_gap(u, p->blk))
		p->off = 0;
	if (p->off != RPOS_GAP && p->off > 0) {
		size_t len;
		const char *s = block_text(u, p->blk, &len);
		p->off = (uint32_t)wrap_row_at(s, len, p->off, text_cols(u));
	}
}

static void scroll_down(ui *u, int n)
{
	if (art_empty(u))
		return;
	rpos lim = max_top(u);
	for (int i = 0; i < n && rpos_cmp(u->top, lim) < 0; i++)
		if (!ui_row_next(u, &u->top))
			break;
}

static void scroll_up(ui *u, int n)
{
	if (art_empty(u))
		return;
	for (int i = 0; i < n; i++)
		if (!ui_row_prev(u, &u->top))
			break;
}

/* The block of doc holding reading-text offset pos. */
static uint32_t block_of(const px_doc *doc, size_t pos)
{
	size_t lo = 0, hi = doc->nblocks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc->blocks[mid].end < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)(lo < doc->nblocks ? lo : doc->nblocks ? doc->nblocks - 1 : 0);
}

/* Show reading-text offset pos of the current article a third of the way
 * down the text area, with context above it. */
static void top_row_of(ui *u, size_t pos);

static void place(ui *u, size_t pos)
{
	if (art_empty(u))
		return;
	top_row_of(u, pos);
	int ctx = u->text_h / 3;
	scroll_up(u, ctx);
}

/* The top row: the one holding reading-text offset pos of the current
 * article (its first shown block's, if pos's block is hidden). */
static void top_row_of(ui *u, size_t pos)
{
	const px_doc *doc = cur_doc(u);
	uint32_t b = block_of(doc, pos);
	const px_article *a = cur_art(u);
	if (b < a->block_first || b >= a->block_end)
		b = a->block_first;
	u->top.blk = b;
	size_t len;
	const char *s = block_text(u, b, &len);
	size_t in = pos > doc->blocks[b].start ? pos - doc->blocks[b].start : 0;
	u->top.off = (uint32_t)(in > len ? len : in);
	if (!ui_block_shown(u, b)) {
		u->top.off = 0;
		normalize_top(u);
	} else {
		u->top.off = (uint32_t)wrap_row_at(s, len, u->top.off, text_cols(u));
	}
}

/* Reading-text offset of the top row. */
static size_t top_pos(const ui *u)
{
	const px_doc *doc = cur_doc(u);
	if (u->top.blk >= doc->nblocks)
		return 0;
	return doc->blocks[u->top.blk].start +
	       (u->top.off == RPOS_GAP ? 0 : u->top.off);
}

/* ---- articles --------------------------------------------------------------- */

const char *ui_art_outlet(const ui *u, size_t art, size_t *len)
{
	const px_article *a = &u->d->arts[art];
	if (a->outlet && *a->outlet) {
		*len = strlen(a->outlet);
		return a->outlet;
	}
	const char *p = u->d->docs[a->doc].path;
	const char *base = strrchr(p, '/');
	base = base && base[1] ? base + 1 : p;
	const char *dot = strrchr(base, '.');
	*len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	return base;
}

/* Rows the mentions pane gives to its by-outlet line above the list: one
 * when there are counts and room for the list below them. */
int ui_mentions_summary_rows(const ui *u)
{
	return u->coverage && u->r_reader.h >= 4;
}

const char *ui_art_title(const ui *u, size_t art, size_t *len)
{
	const px_article *a = &u->d->arts[art];
	if (a->title && *a->title) {
		*len = strlen(a->title);
		return a->title;
	}
	const px_doc *doc = &u->d->docs[a->doc];
	for (uint32_t b = a->block_first; b < a->block_end; b++)
		if (doc->blocks[b].label != PX_LABEL_BOILERPLATE)
			return px_doc_block(doc, b, len);
	*len = 0;
	return "";
}

static void invalidate_hits(ui *u)
{
	u->hits_valid = 0;
	u->cur_hit = -1;
	u->marks_valid = 0; /* the same causes: other text, other blocks shown */
}

/* The marks' hits in the shown article, found again when it changed. */
static void refresh_marks(ui *u)
{
	if (!u->nmarks || !u->d->narts)
		return;
	if (u->marks_valid && u->marks_art == u->art && u->marks_stripped == u->show_stripped)
		return;
	for (int k = 0; k < u->nmarks; k++) {
		px_hits *h = &u->marks[k].hits;
		h->n = 0;
		h->truncated = 0;
		px_error err = {0};
		if (px_search_article(u->marks[k].q, u->d, u->art, u->show_stripped, h, &err) != PX_OK)
			set_msg(u, 1, "mark %d: %s", k + 1, err.msg);
	}
	u->marks_valid = 1;
	u->marks_art = u->art;
	u->marks_stripped = u->show_stripped;
}

static void free_mark(struct ui_mark *m)
{
	px_search_free(m->q);
	px_free(m->pat);
	px_hits_free(&m->hits);
	memset(m, 0, sizeof *m);
}

/* . Enter: one more marked pattern (the oldest gives way past UI_MARKS);
 * an empty one clears them all. */
static void set_mark(ui *u)
{
	if (u->pbuf.len == 0) {
		for (int k = 0; k < u->nmarks; k++)
			free_mark(&u->marks[k]);
		set_msg(u, 0, u->nmarks ? "marks cleared" : "no marks");
		u->nmarks = 0;
		return;
	}
	px_search *q = NULL;
	px_error err = {0};
	if (px_search_new(&q, u->pbuf.data, u->pbuf.len, u->plit ? PX_SEARCH_LITERAL : 0,
	                  &err) != PX_OK) {
		set_msg(u, 1, "bad pattern: %s", err.msg);
		return;
	}
	char *pat = px_strndup(u->pbuf.data, u->pbuf.len);
	if (!pat) {
		px_search_free(q);
		set_msg(u, 1, "out of memory: not marked");
		return;
	}
	if (u->nmarks == UI_MARKS) {
		free_mark(&u->marks[0]);
		memmove(u->marks, u->marks + 1, (UI_MARKS - 1) * sizeof *u->marks);
		memset(&u->marks[UI_MARKS - 1], 0, sizeof *u->marks);
		u->nmarks--;
	}
	u->marks[u->nmarks].q = q;
	u->marks[u->nmarks].pat = pat;
	u->nmarks++;
	u->marks_valid = 0;
	set_msg(u, 0, "mark %d: %s (. then Enter alone clears the marks)", u->nmarks, pat);
}

static void refresh_hits(ui *u)
{
	if (!u->q || u->d->narts == 0 || (u->hits_valid && u->hits_art == u->art))
		return;
	u->hits.n = 0;
	u->hits.truncated = 0;
	px_error err = {0};
	px_status st = px_search_article(u->q, u->d, u->art, u->show_stripped,
	                                 &u->hits, &err);
	if (st != PX_OK)
		set_msg(u, 1, "%s", err.msg);
	if (u->filt && u->filt_valid && u->filt_art == u->art) {
		/* the filter hides some paragraphs: their hits are not there to
		 * count or go to (hits and blocks are both in text order) */
		const px_article *a = cur_art(u);
		const px_doc *doc = cur_doc(u);
		uint32_t b = a->block_first;
		size_t k = 0;
		for (size_t i = 0; i < u->hits.n; i++) {
			while (b + 1 < a->block_end && doc->blocks[b].end <= u->hits.v[i].start)
				b++;
			if (!filt_hides(u, u->art, b))
				u->hits.v[k++] = u->hits.v[i];
		}
		u->hits.n = k;
	}
	u->hits_valid = 1;
	u->hits_art = u->art;
	u->cur_hit = -1;
}

static void push_jump(ui *u)
{
	if (u->d->narts == 0 || u->jump_hold)
		return;
	if (u->njumps == UI_JUMPS) {
		memmove(u->jumps, u->jumps + 1, (UI_JUMPS - 1) * sizeof *u->jumps);
		u->njumps--;
	}
	struct jump *j = &u->jumps[u->njumps++];
	j->art = u->art;
	j->top = u->top;
	j->mention = u->cur_mention;
}

static void open_art(ui *u, size_t art)
{
	if (art >= u->d->narts)
		return;
	filter_sync(u, art);
	u->art = art;
	u->list_sel = art;
	u->top = art_start(u);
	invalidate_hits(u);
	refresh_hits(u);
}

/* ---- actors ------------------------------------------------------------------ */

long ui_focused_actor(const ui *u)
{
	if (!u->actors)
		return -1;
	if (u->focus_actor >= 0 && (size_t)u->focus_actor < u->actors->n)
		return u->focus_actor;
	if (u->cur_mention >= 0 && (size_t)u->cur_mention < u->actors->nm)
		return u->actors->m[u->cur_mention].actor;
	return -1;
}

long ui_mention_rank(const ui *u, long mi)
{
	if (!u->actors || mi < 0 || (size_t)mi >= u->actors->nm)
		return -1;
	const px_actor *ac = &u->actors->v[u->actors->m[mi].actor];
	size_t lo = 0, hi = ac->nmentions;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ac->mentions[mid] < (uint32_t)mi)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ac->nmentions && ac->mentions[lo] == (uint32_t)mi ? (long)lo : -1;
}

static void goto_mention(ui *u, long mi, int jump)
{
	const px_mention *m = &u->actors->m[mi];
	if (jump)
		push_jump(u);
	if (m->art != u->art)
		open_art(u, m->art);
	u->cur_mention = mi;
	u->focus_actor = m->actor;
	place(u, m->start);
	if (u->filt && u->filt_valid && u->filt_art == u->art) {
		/* the block that holds the mention; said when the filter hides it */
		const px_article *a = cur_art(u);
		const px_doc *doc = cur_doc(u);
		uint32_t b = a->block_first;
		while (b + 1 < a->block_end && doc->blocks[b].end <= m->start)
			b++;
		if (filt_hides(u, u->art, b))
			set_msg(u, 1, "this mention is in a paragraph the filter hides (& Enter: all)");
	}
}

static int need_actors(ui *u)
{
	if (u->actors)
		return 1;
	if (u->analysing)
		set_msg(u, 0, "still finding the actors...");
	else
		set_msg(u, 1, "no actors in this dossier");
	return 0;
}

/* The first mention of actor at or after the top of the screen (dir > 0),
 * or the last before it; wraps round the dossier. */
static long mention_from_here(ui *u, long actor, int dir)
{
	const px_actor *ac = &u->actors->v[actor];
	if (ac->nmentions == 0)
		return -1;
	size_t pos = top_pos(u);
	size_t doc = cur_art(u)->doc;
	long found = -1;
	for (size_t i = 0; i < ac->nmentions; i++) {
		const px_mention *m = &u->actors->m[ac->mentions[i]];
		int after = m->doc > doc || (m->doc == doc && m->start >= pos);
		if (dir > 0 && after) {
			found = (long)ac->mentions[i];
			break;
		}
		if (dir < 0 && !after)
			found = (long)ac->mentions[i];
	}
	if (found < 0) {
		set_msg(u, 0, "mentions wrapped round the dossier");
		found = (long)ac->mentions[dir > 0 ? 0 : ac->nmentions - 1];
	}
	return found;
}

/* The actor under the top of the screen: the first mention shown. */
static long actor_on_screen(ui *u)
{
	size_t pos = top_pos(u);
	long mi = px_actors_mention_near(u->actors, cur_art(u)->doc, pos, 1);
	if (mi >= 0 && u->actors->m[mi].art == u->art)
		return mi;
	return -1;
}

/* The actor a jump is about and the mention it starts from (*cur -1: none
 * yet): the focused actor, else the first one on screen. 0, or -1 after
 * telling the user there is none. */
static int jump_actor(ui *u, long *actor, long *cur)
{
	*actor = ui_focused_actor(u);
	*cur = u->cur_mention;
	if (*actor >= 0)
		return 0;
	*cur = actor_on_screen(u);
	if (*cur < 0) {
		set_msg(u, 1, "no actor here: choose one in the actors pane (a)");
		return -1;
	}
	*actor = u->actors->m[*cur].actor;
	return 0;
}

static void act_mention(ui *u, int dir)
{
	long actor, cur;
	if (!need_actors(u) || jump_actor(u, &actor, &cur) < 0)
		return;
	if (cur < 0 || u->actors->m[cur].actor != (uint32_t)actor) {
		goto_mention(u, mention_from_here(u, actor, dir), 1);
		return;
	}
	long next = px_actors_next(u->actors, (size_t)cur, dir);
	if (next < 0) {
		const px_actor *ac = &u->actors->v[actor];
		next = (long)ac->mentions[dir > 0 ? 0 : ac->nmentions - 1];
		set_msg(u, 0, "%s: wrapped to the %s mention", ac->name,
		        dir > 0 ? "first" : "last");
	}
	goto_mention(u, next, 1);
}

static void act_source(ui *u, int dir)
{
	long actor, cur;
	if (!need_actors(u) || jump_actor(u, &actor, &cur) < 0)
		return;
	if (cur < 0 || u->actors->m[cur].actor != (uint32_t)actor) {
		cur = mention_from_here(u, actor, 1);
		if (cur >= 0 && u->actors->m[cur].art != u->art)
			cur = -1;
		if (cur < 0) {
			goto_mention(u, mention_from_here(u, actor, dir), 1);
			return;
		}
	}
	long next = px_actors_next_source(u->actors, (size_t)cur, dir);
	if (next < 0) {
		set_msg(u, 0, "%s: no %s source", u->actors->v[actor].name,
		        dir > 0 ? "later" : "earlier");
		return;
	}
	goto_mention(u, next, 1);
}

/* ---- search ------------------------------------------------------------------ */

static void goto_hit(ui *u, long i)
{
	u->cur_hit = i;
	place(u, u->hits.v[i].start);
}

/* The first hit at or after the top of the screen, or the first. */
static long hit_from_top(ui *u)
{
	size_t pos = top_pos(u);
	for (size_t i = 0; i < u->hits.n; i++)
		if (u->hits.v[i].start >= pos)
			return (long)i;
	if (u->hits.n)
		set_msg(u, 0, "search hit BOTTOM, continuing at TOP");
	return u->hits.n ? 0 : -1;
}

static int set_query(ui *u, const char *pat, size_t len, int literal)
{
	px_search *q;
	px_error err = {0};
	if (px_search_new(&q, pat, len, literal ? PX_SEARCH_LITERAL : 0, &err) != PX_OK) {
		set_msg(u, 1, "bad pattern: %s", err.msg);
		return -1;
	}
	px_search_free(u->q);
	u->q = q;
	px_free(u->pat);
	u->pat = px_strndup(pat, len);
	u->literal = literal;
	invalidate_hits(u);
	return 0;
}

static void clear_query(ui *u)
{
	px_search_free(u->q);
	u->q = NULL;
	px_free(u->pat);
	u->pat = NULL;
	invalidate_hits(u);
}

static void act_hit(ui *u, int dir, int cross)
{
	if (!u->q) {
		set_msg(u, 1, "no search yet: / searches");
		return;
	}
	refresh_hits(u);
	if (u->hits.n && !(cross && ((dir > 0 && u->cur_hit == (long)u->hits.n - 1) ||
	                             (dir < 0 && u->cur_hit == 0)))) {
		long i;
		if (u->cur_hit < 0) {
			i = hit_from_top(u);
			if (dir < 0)
				i = i > 0 ? i - 1 : (long)u->hits.n - 1;
		} else {
			i = u->cur_hit + dir;
			if (i >= (long)u->hits.n) {
				i = 0;
				set_msg(u, 0, "search hit BOTTOM, continuing at TOP");
			} else if (i < 0) {
				i = (long)u->hits.n - 1;
				set_msg(u, 0, "search hit TOP, continuing at BOTTOM");
			}
		}
		goto_hit(u, i);
		return;
	}
	if (!cross) {
		set_msg(u, 1, "pattern not found: %s", u->pat);
		return;
	}
	/* into the next (previous) article with a hit */
	for (size_t k = 1; k < u->d->narts; k++) {
		long a = (long)u->art + dir * (long)k;
		if (a < 0 || (size_t)a >= u->d->narts)
			break;
		size_t n = 0;
		px_error err;
		px_search_count(u->q, u->d, (size_t)a, u->show_stripped, 1, &n, &err);
		if (n) {
			push_jump(u);
			open_art(u, (size_t)a);
			goto_hit(u, dir > 0 ? 0 : (long)u->hits.n - 1);
			set_msg(u, 0, "continued into article %ld", a + 1);
			return;
		}
	}
	set_msg(u, 1, "no hit in the %s articles", dir > 0 ? "following" : "preceding");
}

static void start_prompt(ui *u, int kind)
{
	u->prompt = kind;
	u->pbuf.len = 0;
	if (u->pbuf.data)
		u->pbuf.data[0] = 0;
	u->plit = u->literal;
	u->origin.art = u->art;
	u->origin.top = u->top;
	u->origin.cur_hit = u->cur_hit;
	px_free(u->origin.pat);
	u->origin.pat = u->pat ? px_strdup(u->pat) : NULL;
	u->origin.literal = u->literal;
	u->origin.focus = u->focus;
	u->origin.mentions_open = u->mentions_open;
	u->msg[0] = 0;
	u->hist_pos = u->hist.n;
}

/* Up and Down in a search prompt: older and newer searches, and back
 * to what was being typed. */
static void prompt_history(ui *u, int dir)
{
	if (dir < 0 && u->hist_pos == 0)
		return;
	if (dir > 0 && u->hist_pos >= u->hist.n)
		return;
	if (u->hist_pos == u->hist.n) { /* leaving the draft: keep it */
		u->hist_draft.len = 0;
		px_sbuf_append(&u->hist_draft, u->pbuf.data ? u->pbuf.data : "", u->pbuf.len);
	}
	u->hist_pos = dir < 0 ? u->hist_pos - 1 : u->hist_pos + 1;
	const char *t = u->hist_pos < u->hist.n ? u->hist.v[u->hist_pos] : u->hist_draft.data;
	size_t len = u->hist_pos < u->hist.n ? strlen(t) : u->hist_draft.len;
	u->pbuf.len = 0;
	px_sbuf_append(&u->pbuf, t ? t : "", len);
}

static void restore_origin(ui *u)
{
	if (u->origin.pat) {
		if (!u->pat || strcmp(u->pat, u->origin.pat) || u->literal != u->origin.literal)
			set_query(u, u->origin.pat, strlen(u->origin.pat), u->origin.literal);
	} else {
		clear_query(u);
	}
	if (u->art != u->origin.art)
		open_art(u, u->origin.art);
	u->top = u->origin.top;
	normalize_top(u);
	refresh_hits(u);
	u->cur_hit = u->origin.cur_hit;
	if (u->cur_hit >= (long)u->hits.n)
		u->cur_hit = -1;
	u->focus = u->origin.focus;
	u->mentions_open = u->origin.mentions_open;
}

/* Search again from the origin on every keystroke. */
static void incremental(ui *u)
{
	if (u->art != u->origin.art)
		open_art(u, u->origin.art);
	u->top = u->origin.top;
	normalize_top(u);
	u->msg[0] = 0;
	u->msg_err = 0;
	if (u->pbuf.len == 0) {
		clear_query(u);
		return;
	}
	if (set_query(u, u->pbuf.data, u->pbuf.len, u->plit) < 0) {
		clear_query(u);
		return;
	}
	refresh_hits(u);
	if (u->hits.n == 0) {
		if (!u->msg_err)
			set_msg(u, 1, "not found");
		return;
	}
	goto_hit(u, hit_from_top(u));
}

/* A pattern that hits PCRE2's limits in this many articles is given up:
 * each such article costs the whole match budget, and over a large
 * dossier that would freeze the screen for seconds. */
#define RESULTS_LIMITED_MAX 4

/* Count q's hits in every article into the results list; the message
 * says what was found, or where a pathological pattern was stopped. */
static void count_results(ui *u, px_search *q)
{
	px_free(u->res);
	u->res = NULL;
	u->nres = u->res_hits = 0;
	size_t cap = 0, limited = 0, a;
	for (a = 0; a < u->d->narts && limited < RESULTS_LIMITED_MAX; a++) {
		size_t n = 0;
		px_error err;
		if (px_search_count(q, u->d, a, u->show_stripped, 0, &n, &err) == PX_ERR_LIMIT)
			limited++;
		if (!n)
			continue;
		if (px_grow((void **)&u->res, &cap, u->nres + 1, sizeof *u->res) < 0) {
			set_msg(u, 1, "out of memory: results cut at article %zu", a + 1);
			return;
		}
		u->res[u->nres].art = a;
		u->res[u->nres].count = n;
		u->nres++;
		u->res_hits += n;
	}
	if (limited >= RESULTS_LIMITED_MAX && a < u->d->narts)
		set_msg(u, 1, "pattern too complex: search stopped at article %zu of %zu", a,
		        u->d->narts);
	else if (limited)
		set_msg(u, 1, "pattern too complex: %zu articles not fully searched", limited);
	else
		set_msg(u, 0, "%zu hits in %zu of %zu articles", u->res_hits, u->nres,
		        u->d->narts);
}

static void search_dossier(ui *u)
{
	if (set_query(u, u->pbuf.data, u->pbuf.len, u->plit) < 0)
		return;
	/* kept to count again when reader mode changes the articles */
	px_free(u->res_pat);
	u->res_pat = px_strndup(u->pbuf.data, u->pbuf.len);
	u->res_lit = u->plit;
	count_results(u, u->q);
	u->res_sel = u->res_top = 0;
	u->results_open = 1;
	u->focus = PANE_LIST;
}

/* ---- saving an article -------------------------------------------------------- */

/* A file name for article art: its title in lower case, words joined by
 * '-' (ASCII letters and digits only, so any shell takes it), else its
 * file's name; then ".txt". */
static void save_name(const ui *u, size_t art, px_sbuf *out)
{
	const px_article *a = &u->d->arts[art];
	const char *t = a->title;
	size_t n = 0;
	int gap = 0;
	for (; t && *t && n < 60; t++) {
		unsigned char c = (unsigned char)*t;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
			if (gap && n)
				px_sbuf_putc(out, '-'), n++;
			px_sbuf_putc(out, (char)(c | (c >= 'A' && c <= 'Z' ? 0x20 : 0)));
			n++;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	if (n == 0) {
		const char *path = u->d->docs[a->doc].path, *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t bl = strlen(base);
		if (bl > 4 && !strcmp(base + bl - 4, ".txt"))
			bl -= 4;
		px_sbuf_append(out, base, bl);
		px_sbuf_puts(out, ".clean");
	}
	if (a->nparts > 1)
		px_sbuf_printf(out, "-%d", a->part);
	px_sbuf_puts(out, ".txt");
}

static void start_save(ui *u)
{
	start_prompt(u, PROMPT_SAVE);
	save_name(u, u->art, &u->pbuf);
}

/* Write the shown article as --dump prints it to the file named in the
 * prompt; never over an existing file (a dossier's own files included). */
static void save_article(ui *u)
{
	px_sbuf b = PX_SBUF_INIT;
	if (px_cli_dump_article(&b, u->d, u->art, u->o) < 0) {
		px_sbuf_free(&b);
		set_msg(u, 1, "out of memory: nothing saved");
		return;
	}
	/* ~/ is the home directory, as a shell would have it */
	px_sbuf path = PX_SBUF_INIT;
	const char *home = getenv("HOME");
	if (!strncmp(u->pbuf.data, "~/", 2) && home && *home)
		px_sbuf_printf(&path, "%s/%s", home, u->pbuf.data + 2);
	else
		px_sbuf_puts(&path, u->pbuf.data);
	px_error err = {0};
	if (!path.data)
		set_msg(u, 1, "out of memory: nothing saved");
	else if (px_write_new(path.data, b.data, b.len, &err) == PX_OK)
		set_msg(u, 0, "saved %s (%zu bytes)", u->pbuf.data, b.len);
	else if (err.status == PX_ERR_EXISTS) /* the point first: a long path is cut at its end */
		set_msg(u, 1, "exists, not overwritten: %s", u->pbuf.data);
	else {
		/* the core says "cannot write PATH: REASON"; the reason first
		 * here, or a long path pushes it off the status line */
		const char *at = strstr(err.msg, path.data);
		const char *why = at ? at + strlen(path.data) : NULL;
		if (why && why[0] == ':' && why[1] == ' ')
			set_msg(u, 1, "not saved (%s): %s", why + 2, u->pbuf.data);
		else
			set_msg(u, 1, "not saved: %s", err.msg);
	}
	px_sbuf_free(&path);
	px_sbuf_free(&b);
}

/* Run a command that has the terminal (pipe.c): curses steps aside for
 * it and repaints the whole screen after. */
static int run_on_terminal(ui *u, const char *cmd, const char *arg, const char *data, size_t len,
                           int wait_enter, int *err)
{
	def_prog_mode();
	endwin();
	int st = ui_run_command(cmd, arg, data, len, u->key_fd, STDOUT_FILENO, wait_enter,
	                        &ui_signal);
	*err = errno;
	reset_prog_mode();
	clearok(curscr, TRUE);
	return st;
}

static void start_pipe(ui *u)
{
	start_prompt(u, PROMPT_PIPE);
	if (u->pipe_cmd)
		px_sbuf_puts(&u->pbuf, u->pipe_cmd);
}

/* | Enter: the shown article, as --dump prints it, into the command in the
 * prompt, which has the terminal until it ends (pipe.c). */
static void pipe_article(ui *u)
{
	px_sbuf b = PX_SBUF_INIT;
	char *cmd = px_strndup(u->pbuf.data, u->pbuf.len);
	if (!cmd || px_cli_dump_article(&b, u->d, u->art, u->o) < 0) {
		px_free(cmd);
		px_sbuf_free(&b);
		set_msg(u, 1, "out of memory: nothing piped");
		return;
	}
	int e;
	int st = run_on_terminal(u, cmd, NULL, b.data ? b.data : "", b.len, 1, &e);
	px_sbuf_free(&b);
	if (st < 0) {
		set_msg(u, 1, "cannot run the command: %s", strerror(e));
	} else {
		char how[64];
		ui_pipe_status(st, how, sizeof how);
		set_msg(u, st != 0, "piped to %s: %s", cmd, how);
	}
	px_free(u->pipe_cmd);
	u->pipe_cmd = cmd;
}

/* o: the article's source URL in $BROWSER, which has the terminal (a
 * text browser) until it ends. Only web addresses: the URL comes from the
 * file, and is passed as one argument, never through the shell. */
static void open_url(ui *u)
{
	const char *url = cur_art(u)->url;
	const char *browser = getenv("BROWSER");
	if (!url) {
		set_msg(u, 1, "no source URL found in this article");
		return;
	}
	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
		set_msg(u, 1, "not a web address: %s", url);
		return;
	}
	if (!browser || !*browser) {
		set_msg(u, 1, "set BROWSER to open it: %s", url);
		return;
	}
	/* BROWSER's convention: %s stands for the URL ("firefox %s &" to
	 * come back at once), else the URL goes last; either way as "$1" */
	px_sbuf cmd = PX_SBUF_INIT;
	const char *p = browser, *q;
	int placed = 0;
	while ((q = strstr(p, "%s"))) {
		px_sbuf_append(&cmd, p, (size_t)(q - p));
		px_sbuf_puts(&cmd, "\"$1\"");
		p = q + 2;
		placed = 1;
	}
	px_sbuf_puts(&cmd, p);
	if (!placed)
		px_sbuf_puts(&cmd, " \"$1\"");
	if (!cmd.data) {
		set_msg(u, 1, "out of memory");
		return;
	}
	int e;
	int st = run_on_terminal(u, cmd.data, url, NULL, 0, 0, &e);
	px_sbuf_free(&cmd);
	if (st < 0) {
		set_msg(u, 1, "cannot run %s: %s", browser, strerror(e));
	} else if (st != 0) {
		char how[64];
		ui_pipe_status(st, how, sizeof how);
		set_msg(u, 1, "%s: %s", browser, how);
	} else {
		set_msg(u, 0, "opened %s", url);
	}
}

/* & Enter: the pattern in the prompt filters the reader's paragraphs;
 * an empty one shows them all again. */
static void set_filter(ui *u)
{
	px_search *q = NULL;
	char *pat = NULL;
	if (u->pbuf.len) {
		/* the new one compiled first: a bad pattern leaves the filter
		 * in force as it was */
		px_error err = {0};
		if (px_search_new(&q, u->pbuf.data, u->pbuf.len, u->plit ? PX_SEARCH_LITERAL : 0,
		                  &err) != PX_OK) {
			set_msg(u, 1, "bad pattern: %s", err.msg);
			return;
		}
		if (!(pat = px_strndup(u->pbuf.data, u->pbuf.len))) {
			px_search_free(q);
			set_msg(u, 1, "out of memory: the filter is unchanged");
			return;
		}
	}
	px_search_free(u->filt);
	px_free(u->filt_pat);
	u->filt = q;
	u->filt_pat = pat;
	u->filt_lit = u->plit;
	u->filt_valid = 0;
	filter_sync(u, u->art);
	u->top = art_start(u);
	normalize_top(u);
	invalidate_hits(u);
	refresh_hits(u);
	if (!u->filt)
		set_msg(u, 0, "filter off: every paragraph");
	else if (u->filt_limited)
		set_msg(u, 1, "filter: pattern too complex for %zu paragraphs (shown)",
		        u->filt_limited);
	else
		set_msg(u, 0, "filter: only the paragraphs that match (& Enter: all)");
}

static void prompt_key(ui *u, int key)
{
	if (key == 27 || key == 7) { /* Esc, C-g: back exactly where we were */
		u->prompt = PROMPT_NONE;
		restore_origin(u);
		u->msg[0] = 0;
		return;
	}
	if (key == '\n' || key == '\r' || key == KEYMAP_FN(KEY_ENTER)) {
		int kind = u->prompt;
		u->prompt = PROMPT_NONE;
		if (u->pbuf.len == 0) {
			restore_origin(u);
			if (kind == PROMPT_FILTER)
				set_filter(u); /* an empty filter: all paragraphs again */
			if (kind == PROMPT_MARK)
				set_mark(u); /* no pattern: no marks */
			return;
		}
		if (kind == PROMPT_PIPE) {
			pipe_article(u);
			return;
		}
		if (kind != PROMPT_SAVE && history_add(&u->hist, u->pbuf.data, u->pbuf.len) < 0)
			set_msg(u, 1, "out of memory: the search is not kept in the history");
		if (kind == PROMPT_DOSSIER) {
			search_dossier(u);
			return;
		}
		if (kind == PROMPT_SAVE) {
			save_article(u);
			return;
		}
		if (kind == PROMPT_FILTER) {
			set_filter(u);
			return;
		}
		if (kind == PROMPT_MARK) {
			set_mark(u);
			return;
		}
		if (!u->q) {
			restore_origin(u);
			return;
		}
		if (u->hits.n) {
			struct jump save = {u->art, u->top, u->cur_mention};
			u->art = u->origin.art;
			u->top = u->origin.top;
			push_jump(u);
			u->art = save.art;
			u->top = save.top;
		}
		return;
	}
	if (key == KEYMAP_FN(KEY_BACKSPACE) || key == 127 || key == 8) {
		if (u->pbuf.len == 0) {
			u->prompt = PROMPT_NONE;
			restore_origin(u);
			return;
		}
		size_t n = u->pbuf.len - 1;
		while (n > 0 && ((unsigned char)u->pbuf.data[n] & 0xC0) == 0x80)
			n--;
		u->pbuf.len = n;
		u->pbuf.data[n] = 0;
	} else if ((key == KEYMAP_FN(KEY_UP) || key == KEYMAP_FN(KEY_DOWN)) &&
	           u->prompt != PROMPT_SAVE && u->prompt != PROMPT_PIPE) {
		prompt_history(u, key == KEYMAP_FN(KEY_UP) ? -1 : 1);
	} else if (key == 0x12 && u->prompt != PROMPT_SAVE && u->prompt != PROMPT_PIPE) {
		/* C-r: literal */
		u->plit = !u->plit;
	} else if (key == 0x15) { /* C-u: clear */
		u->pbuf.len = 0;
		if (u->pbuf.data)
			u->pbuf.data[0] = 0;
	} else if (key >= 0x20 && key < 0x110000 && key != 0x7f) {
		if (u->pbuf.len < 1000)
			px_sbuf_putu(&u->pbuf, (unsigned)key);
	} else {
		return;
	}
	if (u->prompt == PROMPT_SEARCH)
		incremental(u);
}

/* ---- panes and lists ------------------------------------------------------- */

static int list_rows(const ui *u)
{
	return u->r_list.h - 1 > 0 ? u->r_list.h - 1 : 1;
}

static void list_move(size_t *sel, size_t *top, size_t n, long delta, int rows)
{
	if (n == 0)
		return;
	long s = (long)*sel + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)n)
		s = (long)n - 1;
	*sel = (size_t)s;
	if (*sel < *top)
		*top = *sel;
	if (rows > 0 && *sel >= *top + (size_t)rows)
		*top = *sel - (size_t)rows + 1;
}

static size_t mention_count(const ui *u)
{
	long a = ui_focused_actor(u);
	return a >= 0 ? u->actors->v[a].nmentions : 0;
}

static int focus_ctx(const ui *u)
{
	if (u->help_open)
		return CTX_HELP;
	switch (u->focus) {
	case PANE_LIST: return u->results_open ? CTX_RESULTS : CTX_LIST;
	case PANE_ACTORS: return CTX_ACTORS;
	case PANE_MENTIONS: return CTX_MENTIONS;
	default: return CTX_READER;
	}
}

static void layout(ui *u)
{
	getmaxyx(stdscr, u->rows, u->cols);
	u->too_small = u->cols < 20 || u->rows < 6;
	int h = u->rows - 2;
	if (h < 1)
		h = 1;
	u->single = u->monocle || u->cols < 60 || h < 10;
	if (u->single) {
		struct rect all = {0, 0, h, u->cols};
		u->r_list = u->r_actors = u->r_reader = all;
		u->show_actors = 0;
	} else {
		int lw = u->cols / 3;
		if (lw < 24)
			lw = 24;
		if (lw > 44)
			lw = 44;
		int ah = h * 2 / 5;
		if (ah < 3)
			ah = 3;
		u->r_list = (struct rect){0, 0, h - ah, lw};
		u->r_actors = (struct rect){h - ah, 0, ah, lw};
		u->r_reader = (struct rect){0, lw + 1, h, u->cols - lw - 1};
		u->show_actors = 1;
	}
	u->text_y = u->r_reader.y + 1;
	u->text_h = u->r_reader.h - 1 > 0 ? u->r_reader.h - 1 : 1;
	if (u->r_reader.w >= 12) {
		u->text_x = u->r_reader.x + 1;
		u->text_w = u->r_reader.w - 2;
	} else {
		u->text_x = u->r_reader.x;
		u->text_w = u->r_reader.w;
	}
	if (u->d->narts)
		normalize_top(u);
	list_move(&u->list_sel, &u->list_top, u->d->narts, 0, list_rows(u));
}

static void cycle_focus(ui *u, int dir)
{
	int order[3] = {PANE_LIST, u->mentions_open ? PANE_MENTIONS : PANE_READER,
	                PANE_ACTORS};
	int n = 3, i = 0;
	for (int k = 0; k < n; k++)
		if (order[k] == u->focus ||
		    (u->focus == PANE_READER && order[k] == PANE_MENTIONS))
			i = k;
	u->focus = order[(i + n + dir) % n];
}

/* Put the reader's top row at reading-text offset pos of the article (the
 * row holding it), no lower than the last page allows. */
static void top_at(ui *u, size_t pos)
{
	top_row_of(u, pos);
	rpos lim = max_top(u);
	if (rpos_cmp(u->top, lim) > 0)
		u->top = lim;
}

/* Scrolling and going to a place; count: a number typed before the key
 * (0: none), as in less: 5j five lines, 3G the third line (here the
 * article's third block as = numbers them, or list item), 50% half way. */
static void act_scroll(ui *u, int action, long count)
{
	int ctx = focus_ctx(u);
	size_t *sel = NULL, *top = NULL, n = 0;
	int rows = 0;
	/* beyond a million, a count only goes to the end */
	long times = count <= 0 ? 1 : count < 1000000 ? count : 1000000;
	if (ctx == CTX_HELP) {
		long step = action == ACT_DOWN ? 1 : action == ACT_UP ? -1 :
		            action == ACT_PAGE_DOWN || action == ACT_HALF_DOWN ? u->rows / 2 :
		            action == ACT_TOP ? -100000 : action == ACT_BOTTOM ? 100000 : -u->rows / 2;
		if (action != ACT_TOP && action != ACT_BOTTOM)
			step *= times;
		if (step > 100000 || step < -100000)
			step = step < 0 ? -100000 : 100000;
		u->help_top += (int)step;
		if (u->help_top < 0)
			u->help_top = 0;
		return; /* draw clamps the bottom */
	}
	if (ctx == CTX_LIST) {
		sel = &u->list_sel; top = &u->list_top; n = u->d->narts; rows = list_rows(u);
	} else if (ctx == CTX_RESULTS) {
		sel = &u->res_sel; top = &u->res_top; n = u->nres; rows = list_rows(u);
	} else if (ctx == CTX_ACTORS) {
		sel = &u->act_sel; top = &u->act_top; n = u->actors ? u->actors->n : 0;
		rows = (u->single ? u->r_reader.h : u->r_actors.h) - 1;
	} else if (ctx == CTX_MENTIONS) {
		sel = &u->men_sel; top = &u->men_top; n = mention_count(u);
		rows = u->r_reader.h - 1 - ui_mentions_summary_rows(u);
	}
	long pct = count > 100 ? 100 : count;
	if (sel) {
		long page = rows > 1 ? rows : 1;
		long d = action == ACT_DOWN ? 1 : action == ACT_UP ? -1 :
		         action == ACT_PAGE_DOWN ? page : action == ACT_PAGE_UP ? -page :
		         action == ACT_HALF_DOWN ? page / 2 : action == ACT_HALF_UP ? -page / 2 :
		         action == ACT_TOP ? -(long)n : (long)n;
		if (action == ACT_PERCENT)
			d = (n ? (long)((n - 1) * (size_t)pct / 100) : 0) - (long)*sel;
		else if (count > 0 && (action == ACT_TOP || action == ACT_BOTTOM))
			d = count - 1 - (long)*sel; /* item N; list_move clamps */
		else if (d > -(long)n && d < (long)n)
			d *= times < (long)n ? times : (long)n; /* more than n: to the end */
		list_move(sel, top, n, d, rows);
		return;
	}
	/* the reader: counts beyond the text only go to its end */
	long page = u->text_h > 1 ? u->text_h : 1;
	long rows_to = action == ACT_DOWN || action == ACT_UP ? 1 :
	               action == ACT_PAGE_DOWN || action == ACT_PAGE_UP ? page :
	               page / 2 ? page / 2 : 1;
	rows_to = times > 1000000 / rows_to ? 1000000 : rows_to * times;
	switch (action) {
	case ACT_DOWN: case ACT_PAGE_DOWN: case ACT_HALF_DOWN:
		scroll_down(u, (int)rows_to);
		break;
	case ACT_UP: case ACT_PAGE_UP: case ACT_HALF_UP:
		scroll_up(u, (int)rows_to);
		break;
	case ACT_TOP:
	case ACT_BOTTOM:
		push_jump(u);
		if (art_empty(u))
			break;
		if (count > 0) { /* paragraph N, as = counts them */
			const px_article *a = cur_art(u);
			uint32_t nb = a->block_end - a->block_first;
			uint32_t b = a->block_first + (uint32_t)(count <= nb ? count - 1 : nb - 1);
			top_at(u, cur_doc(u)->blocks[b].start);
		} else {
			u->top = action == ACT_TOP ? art_start(u) : max_top(u);
		}
		break;
	case ACT_PERCENT: {
		push_jump(u);
		if (art_empty(u))
			break;
		/* of the article's reading text, as = measures it */
		const px_article *a = cur_art(u);
		const px_doc *doc = cur_doc(u);
		size_t start = doc->blocks[a->block_first].start;
		size_t end = doc->blocks[a->block_end - 1].end;
		if (pct == 0)
			u->top = art_start(u);
		else
			top_at(u, start + (end - start) * (size_t)pct / 100);
		break;
	}
	}
}

static void act_open(ui *u)
{
	int ctx = focus_ctx(u);
	if (ctx == CTX_LIST && u->d->narts) {
		if (u->list_sel != u->art) {
			push_jump(u);
			open_art(u, u->list_sel);
		}
		u->focus = PANE_READER;
	} else if (ctx == CTX_RESULTS && u->nres) {
		push_jump(u);
		open_art(u, u->res[u->res_sel].art);
		if (u->hits.n)
			goto_hit(u, 0);
		u->focus = PANE_READER;
	} else if (ctx == CTX_ACTORS && u->actors && u->act_sel < u->actors->n) {
		u->focus_actor = (long)u->act_sel;
		u->cur_mention = -1;
		long mi = mention_from_here(u, u->focus_actor, 1);
		if (mi >= 0)
			goto_mention(u, mi, 1);
		u->focus = PANE_READER;
	} else if (ctx == CTX_MENTIONS && mention_count(u)) {
		const px_actor *ac = &u->actors->v[ui_focused_actor(u)];
		goto_mention(u, (long)ac->mentions[u->men_sel], 1);
		u->mentions_open = 0;
		u->focus = PANE_READER;
	}
}

static void act_back(ui *u)
{
	if (u->help_open) {
		u->help_open = 0;
	} else if (u->focus == PANE_MENTIONS) {
		u->mentions_open = 0;
		u->focus = PANE_READER;
	} else if (u->focus == PANE_LIST && u->results_open) {
		u->results_open = 0;
	} else if (u->focus != PANE_LIST) {
		u->focus = PANE_LIST;
		u->list_sel = u->art;
		list_move(&u->list_sel, &u->list_top, u->d->narts, 0, list_rows(u));
	} else {
		u->quit = 1;
	}
}

static void act_jump_back(ui *u)
{
	if (u->njumps == 0) {
		set_msg(u, 0, "no earlier position");
		return;
	}
	struct jump j = u->jumps[--u->njumps];
	if (j.art >= u->d->narts)
		return;
	if (j.art != u->art)
		open_art(u, j.art);
	u->top = j.top;
	u->cur_mention = j.mention;
	normalize_top(u);
	u->focus = PANE_READER;
}

static void act_stripped(ui *u)
{
	u->show_stripped = !u->show_stripped;
	invalidate_hits(u);
	refresh_hits(u);
	if (u->d->narts == 0)
		return;
	normalize_top(u);
	const px_article *a = cur_art(u);
	size_t n = 0;
	for (uint32_t b = a->block_first; b < a->block_end; b++)
		n += cur_doc(u)->blocks[b].label == PX_LABEL_BOILERPLATE;
	if (u->show_stripped)
		set_msg(u, 0, "stripped text shown, dimmed, with why (%zu blocks here)", n);
	else
		set_msg(u, 0, "stripped text hidden (%zu blocks here)", n);
}

static void do_action(ui *u, int action);

/* 3n, 5*, 2t: the move count times, as one jump ('' goes back to where it
 * started), stopping where a step goes nowhere (the last hit, no more
 * sources), so that a big count costs no more than the moves there are. */
static void repeat_action(ui *u, int action, long count)
{
	push_jump(u);
	u->jump_hold = 1;
	for (long i = 0; i < count; i++) {
		size_t art = u->art;
		rpos top = u->top;
		long hit = u->cur_hit, men = u->cur_mention;
		do_action(u, action);
		if (u->art == art && !rpos_cmp(u->top, top) && u->cur_hit == hit &&
		    u->cur_mention == men)
			break;
	}
	u->jump_hold = 0;
}

static void do_action(ui *u, int action)
{
	long count = u->count; /* for this key only */
	u->count = 0;
	if (u->help_open && action != ACT_HELP && action != ACT_BACK && action != ACT_QUIT &&
	    !(action >= ACT_DOWN && action <= ACT_BOTTOM))
		return;
	if (count > 1 && (action == ACT_NEXT_HIT || action == ACT_PREV_HIT ||
	                  action == ACT_NEXT_HIT_ART || action == ACT_PREV_HIT_ART ||
	                  action == ACT_NEXT_MENTION || action == ACT_PREV_MENTION ||
	                  action == ACT_NEXT_SOURCE || action == ACT_PREV_SOURCE)) {
		repeat_action(u, action, count);
		return;
	}
	switch (action) {
	case ACT_QUIT: u->quit = 1; break;
	case ACT_BACK: act_back(u); break;
	case ACT_HELP: u->help_open = !u->help_open; u->help_top = 0; break;
	case ACT_NEXT_PANE: cycle_focus(u, 1); break;
	case ACT_PREV_PANE: cycle_focus(u, -1); break;
	case ACT_FOCUS_LIST: u->focus = PANE_LIST; break;
	case ACT_DOWN: case ACT_UP: case ACT_PAGE_DOWN: case ACT_PAGE_UP:
	case ACT_HALF_DOWN: case ACT_HALF_UP: case ACT_TOP: case ACT_BOTTOM:
	case ACT_PERCENT:
		act_scroll(u, action, count);
		break;
	case ACT_OPEN: act_open(u); break;
	case ACT_NEXT_ART:
	case ACT_PREV_ART:
		if (u->d->narts == 0)
			break;
		if (action == ACT_NEXT_ART ? u->art + 1 < u->d->narts : u->art > 0) {
			size_t k = count > 0 ? (size_t)count : 1;
			size_t to = action == ACT_NEXT_ART
				? (u->d->narts - 1 - u->art < k ? u->d->narts - 1 : u->art + k)
				: (u->art < k ? 0 : u->art - k);
			open_art(u, to);
		} else
			set_msg(u, 0, "%s article", action == ACT_NEXT_ART ? "last" : "first");
		break;
	case ACT_SEARCH:
		if (u->d->narts) {
			start_prompt(u, PROMPT_SEARCH);
			if (u->focus != PANE_READER) {
				u->focus = PANE_READER;
				u->mentions_open = 0;
			}
		}
		break;
	case ACT_SEARCH_ALL: start_prompt(u, PROMPT_DOSSIER); break;
	case ACT_NEXT_HIT: case ACT_PREV_HIT: case ACT_NEXT_HIT_ART: case ACT_PREV_HIT_ART:
		act_hit(u, action == ACT_NEXT_HIT || action == ACT_NEXT_HIT_ART ? 1 : -1,
		        action == ACT_NEXT_HIT_ART || action == ACT_PREV_HIT_ART);
		break;
	case ACT_NEXT_MENTION: case ACT_PREV_MENTION:
		act_mention(u, action == ACT_NEXT_MENTION ? 1 : -1);
		break;
	case ACT_NEXT_SOURCE: case ACT_PREV_SOURCE:
		act_source(u, action == ACT_NEXT_SOURCE ? 1 : -1);
		break;
	case ACT_ACTORS:
		u->focus = PANE_ACTORS;
		if (!u->actors)
			need_actors(u);
		break;
	case ACT_MENTIONS:
		if (!need_actors(u))
			break;
		if (u->focus == PANE_ACTORS && u->act_sel < u->actors->n)
			u->focus_actor = (long)u->act_sel;
		if (ui_focused_actor(u) < 0) {
			set_msg(u, 1, "no focused actor: choose one in the actors pane (a)");
			break;
		}
		{
			long r = ui_mention_rank(u, u->cur_mention);
			u->men_sel = r >= 0 && u->actors->m[u->cur_mention].actor ==
			             (uint32_t)ui_focused_actor(u) ? (size_t)r : 0;
			u->men_top = 0;
			list_move(&u->men_sel, &u->men_top, mention_count(u), 0,
			          u->r_reader.h - 1 - ui_mentions_summary_rows(u));
		}
		u->mentions_open = 1;
		u->focus = PANE_MENTIONS;
		break;
	case ACT_JUMP_BACK: act_jump_back(u); break;
	case ACT_STRIPPED: act_stripped(u); break;
	case ACT_INFO: if (u->d->narts) u->info_open = 1; break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_SAVE:
	case ACT_PIPE:
	case ACT_OPEN_URL:
		if (u->d->narts == 0)
			set_msg(u, 1, "no article");
		else if (action == ACT_SAVE)
			start_save(u);
		else if (action == ACT_PIPE)
			start_pipe(u);
		else
			open_url(u);
		break;
	case ACT_MARK: start_prompt(u, PROMPT_MARK); break;
	case ACT_ACTOR_COLOURS:
		u->actors_off = !u->actors_off;
		set_msg(u, 0, u->actors_off ? "actors not coloured (c: again)" : "actors coloured");
		break;
	case ACT_FILTER:
		if (u->d->narts) {
			start_prompt(u, PROMPT_FILTER);
			if (u->filt_pat) {
				px_sbuf_puts(&u->pbuf, u->filt_pat);
				u->plit = u->filt_lit;
			}
		}
		break;
	case ACT_MONOCLE:
		u->monocle = !u->monocle;
		layout(u);
		set_msg(u, 0, u->monocle ? "one pane (s: all panes)" : "all panes");
		break;
	case ACT_HIGHLIGHT:
		u->hl_off = !u->hl_off;
		set_msg(u, 0, u->hl_off ? "search hits not highlighted (\\ shows them)"
		                        : "search hits highlighted");
		break;
	default: break;
	}
}

/* ---- mouse ------------------------------------------------------------------ */

static int in_rect(const struct rect *r, int y, int x)
{
	return y >= r->y && y < r->y + r->h && x >= r->x && x < r->x + r->w;
}

static void mouse_event(ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	int pane = -1;
	if (u->single)
		pane = u->focus;
	else if (in_rect(&u->r_list, ev.y, ev.x))
		pane = PANE_LIST;
	else if (in_rect(&u->r_actors, ev.y, ev.x))
		pane = PANE_ACTORS;
	else if (in_rect(&u->r_reader, ev.y, ev.x))
		pane = u->mentions_open ? PANE_MENTIONS : PANE_READER;
	if (pane < 0)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		int old = u->focus;
		u->focus = pane;
		act_scroll(u, ev.bstate & BUTTON4_PRESSED ? ACT_UP : ACT_DOWN, 3);
		if (pane != PANE_READER)
			u->focus = old;
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return;
	u->focus = pane;
	struct rect *r = pane == PANE_LIST ? &u->r_list : pane == PANE_ACTORS ?
	                 &u->r_actors : &u->r_reader;
	int row = ev.y - r->y - 1;
	if (pane == PANE_MENTIONS)
		row -= ui_mentions_summary_rows(u);
	if (row < 0)
		return;
	if (pane == PANE_LIST && !u->results_open && u->list_top + (size_t)row < u->d->narts) {
		u->list_sel = u->list_top + (size_t)row;
		act_open(u);
	} else if (pane == PANE_LIST && u->results_open && u->res_top + (size_t)row < u->nres) {
		u->res_sel = u->res_top + (size_t)row;
		act_open(u);
	} else if (pane == PANE_ACTORS && u->actors && u->act_top + (size_t)row < u->actors->n) {
		u->act_sel = u->act_top + (size_t)row;
	} else if (pane == PANE_MENTIONS && u->men_top + (size_t)row < mention_count(u)) {
		u->men_sel = u->men_top + (size_t)row;
	}
}

/* ---- loading the rest of the dossier ------------------------------------------ */

/* The first file is found and read before the first frame; the walk of
 * the user's paths and the files after the first are done on a thread, into
 * a dossier of its own, which the UI thread appends to the shown one when it
 * is complete: the UI never reads what the thread writes. A directory of
 * 100,000 files takes longer to list than the first frame may. */
/* Bytes of a first file read before the first frame: decoding runs at
 * about 100 MB a second, so this is about 20 ms. */
#define UI_FIRST_FILE_MAX (2u << 20)

struct loader {
	pthread_t th;
	int started, threaded, merged;
	px_dossier more;
	const char *const *paths; /* the user's, to expand */
	size_t npaths;
	const char *shown;        /* the file already read, or NULL */
	px_pathlist files;        /* what the paths expand to; the thread's */
	px_status st;
	px_error err;
	atomic_int done;
};

struct skip_ctx {
	px_dossier *d;
};

static void on_skip(void *ctx, const char *path, px_status why, const char *msg)
{
	struct skip_ctx *c = ctx;
	px_dossier_diag(c->d, path, why, msg);
}

static void *loader_main(void *arg)
{
	struct loader *l = arg;
	struct skip_ctx sk = {&l->more};
	l->st = PX_OK;
	for (size_t i = 0; i < l->npaths && l->st == PX_OK; i++)
		l->st = px_paths_expand(&l->files, l->paths[i], on_skip, &sk, &l->err);
	if (l->st == PX_OK) {
		/* the walk gives the shown file first, unless the tree changed
		 * in between: then nothing is left out */
		size_t from = l->shown && l->files.n && strcmp(l->files.v[0], l->shown) == 0;
		l->st = px_dossier_load(&l->more, (const char *const *)l->files.v + from,
		                        l->files.n - from, &l->err);
	}
	atomic_store(&l->done, 1);
	return NULL;
}

/* Move m's docs, articles and diagnostics to the end of d's. */
static int dossier_append(px_dossier *d, px_dossier *m)
{
	if (px_grow((void **)&d->docs, &d->docs_cap, d->ndocs + m->ndocs, sizeof *d->docs) < 0 ||
	    px_grow((void **)&d->arts, &d->arts_cap, d->narts + m->narts, sizeof *d->arts) < 0 ||
	    px_grow((void **)&d->diags, &d->diags_cap, d->ndiags + m->ndiags,
	            sizeof *d->diags) < 0)
		return -1;
	size_t off = d->ndocs, aoff = d->narts;
	if (m->ndocs)
		memcpy(d->docs + d->ndocs, m->docs, m->ndocs * sizeof *m->docs);
	d->ndocs += m->ndocs;
	for (size_t i = 0; i < m->narts; i++) {
		px_article *a = &d->arts[d->narts++];
		*a = m->arts[i];
		a->doc += off;
		if (a->wire_of >= 0)
			a->wire_of += (long)aoff;
	}
	if (m->ndiags)
		memcpy(d->diags + d->ndiags, m->diags, m->ndiags * sizeof *m->diags);
	d->ndiags += m->ndiags;
	/* the contents are d's now: free m's arrays only */
	m->ndocs = m->narts = m->ndiags = 0;
	px_dossier_free(m);
	px_dossier_init(m);
	return 0;
}

/* ---- the loop --------------------------------------------------------------- */

/* One key: a character, a KEY_* code, Alt+key as KEYMAP_ALT|key; -1 if none
 * came within the timeout. */
/* The rest of a UTF-8 character whose first byte is c (0x80 and up),
 * read byte by byte: its code point, or -1. A byte no character starts
 * with is dropped alone, and a byte that does not go on the character is
 * the next key (put back): curses' get_wch took the keys typed after
 * such a byte into the character, and dropped them with it. */
static int utf8_key(int c)
{
	int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
	if (!need)
		return -1;
	int cp = c & (0x3F >> need);
	timeout(50);
	for (int k = 0; k < need; k++) {
		int d = getch();
		if (d == ERR)
			return -1;
		if (d > 0xFF || (d & 0xC0) != 0x80) {
			ungetch(d);
			return -1;
		}
		cp = cp << 6 | (d & 0x3F);
	}
	static const int least[] = {0, 0x80, 0x800, 0x10000};
	if (cp < least[need] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return -1; /* an overlong form, a surrogate: no character */
	return cp;
}

/* One key: a character (UTF-8 decoded here, whatever the locale says),
 * KEYMAP_FN of a curses key code, KEYMAP_ALT of a character after Esc, or
 * -1 for none within wait_ms. */
static int read_key(int wait_ms)
{
	timeout(wait_ms);
	int c = getch();
	if (c == ERR)
		return -1;
	if (c > 0xFF)
		return KEYMAP_FN(c);
	if (c == 27) {
		timeout(50);
		int c2 = getch();
		if (c2 == ERR || c2 == 27)
			return 27;
		if (c2 > 0xFF) {
			ungetch(c2); /* Esc, then a key of its own */
			return 27;
		}
		int w2 = c2 >= 0x80 ? utf8_key(c2) : c2;
		return w2 < 0 ? 27 : KEYMAP_ALT | w2;
	}
	if (c >= 0x80)
		return utf8_key(c);
	if (c == '\r')
		return '\n';
	if (c == 127 || c == 8)
		return KEYMAP_FN(KEY_BACKSPACE);
	return c;
}

/* Map the current article, list selection and jumps onto the articles
 * reader mode made: the same doc, the article holding the same block. */
static size_t remap_art(const px_dossier *d, size_t doc, uint32_t blk)
{
	size_t first = (size_t)-1;
	for (size_t i = 0; i < d->narts; i++) {
		if (d->arts[i].doc != doc)
			continue;
		if (first == (size_t)-1)
			first = i;
		if (blk >= d->arts[i].block_first && blk < d->arts[i].block_end)
			return i;
	}
	return first == (size_t)-1 ? 0 : first;
}

static void start_analysis(ui *u)
{
	if (u->an || !u->d->ndocs)
		return;
	char *cfg = px_config_dir();
	u->an = analysis_start(u->d, u->o->datadir, cfg);
	u->analysing = u->an != NULL;
	px_free(cfg);
}

static void poll_loader(ui *u, struct loader *l)
{
	if (!l->started || l->merged || !atomic_load(&l->done))
		return;
	if (l->threaded)
		pthread_join(l->th, NULL);
	l->merged = 1;
	u->loading = 0;
	u->dirty = 1;
	int had = u->d->narts != 0;
	if (l->st != PX_OK)
		set_msg(u, 1, "%s", l->err.msg);
	if (dossier_append(u->d, &l->more) < 0) {
		set_msg(u, 1, "out of memory: only the first file is shown");
		px_dossier_free(&l->more);
	}
	if (!had && u->d->narts) {
		open_art(u, 0);
		u->anchor = u->last_top = u->top;
	}
	start_analysis(u);
}

/* Reader mode split or joined articles under an open results list: the
 * same search over the new articles, the selection kept on its article. */
static void recount_results(ui *u, size_t sel_doc, uint32_t sel_blk)
{
	px_search *q;
	px_error err = {0};
	if (!u->res_pat || px_search_new(&q, u->res_pat, strlen(u->res_pat),
	                                 u->res_lit ? PX_SEARCH_LITERAL : 0, &err) != PX_OK) {
		u->results_open = 0;
		return;
	}
	size_t sel_art = remap_art(u->d, sel_doc, sel_blk);
	count_results(u, q);
	px_search_free(q);
	u->res_sel = u->res_top = 0;
	for (size_t i = 0; i < u->nres; i++)
		if (u->res[i].art == sel_art)
			u->res_sel = i;
	list_move(&u->res_sel, &u->res_top, u->nres, 0, list_rows(u));
}

static void poll_analysis(ui *u)
{
	if (!u->an)
		return;
	size_t doc = u->d->narts ? cur_art(u)->doc : 0;
	size_t list_doc = u->d->narts ? u->d->arts[u->list_sel].doc : 0;
	uint32_t list_blk = u->d->narts ? u->d->arts[u->list_sel].block_first : 0;
	size_t jdoc[UI_JUMPS];
	for (int i = 0; i < u->njumps; i++)
		jdoc[i] = u->d->arts[u->jumps[i].art].doc;
	size_t odoc = u->d->narts ? u->d->arts[u->origin.art].doc : 0;
	size_t rdoc = 0;
	uint32_t rblk = 0;
	if (u->results_open && u->res_sel < u->nres) {
		rdoc = u->d->arts[u->res[u->res_sel].art].doc;
		rblk = u->d->arts[u->res[u->res_sel].art].block_first;
	}
	int r = analysis_take_clean(u->an, u->d);
	if (r < 0)
		set_msg(u, 1, "reader mode: out of memory");
	if (r > 0 && u->d->narts) {
		u->art = remap_art(u->d, doc, u->top.blk);
		u->list_sel = remap_art(u->d, list_doc, list_blk);
		for (int i = 0; i < u->njumps; i++)
			u->jumps[i].art = remap_art(u->d, jdoc[i], u->jumps[i].top.blk);
		u->origin.art = remap_art(u->d, odoc, u->origin.top.blk);
		if (u->results_open)
			recount_results(u, rdoc, rblk);
		u->filt_valid = 0; /* new articles, new blocks */
		filter_sync(u, u->art);
		invalidate_hits(u);
		normalize_top(u);
		refresh_hits(u);
		if (u->prompt == PROMPT_SEARCH)
			incremental(u); /* the same search over the new articles */
		list_move(&u->list_sel, &u->list_top, u->d->narts, 0, list_rows(u));
		u->dirty = 1;
	}
	px_actors *a;
	if (analysis_take_actors(u->an, &a) > 0) {
		u->actors = a;
		u->dirty = 1;
		/* the mentions pane's by-outlet line; without it (no memory)
		 * the pane lists the mentions as before */
		px_error cerr;
		px_coverage_free(u->coverage);
		u->coverage = NULL;
		if (px_coverage_build(u->d, a, &u->coverage, &cerr) != PX_OK)
			u->coverage = NULL;
	}
	char *m = analysis_take_messages(u->an);
	if (m) {
		char *nl = strchr(m, '\n');
		if (nl)
			*nl = 0;
		if (!u->msg[0] && !u->prompt)
			set_msg(u, 1, "%s", m);
		px_free(m);
		u->dirty = 1;
	}
	size_t done, total;
	if (analysis_progress(u->an, &done, &total) == PHASE_DONE && u->analysing) {
		u->analysing = 0;
		u->dirty = 1;
	}
}

int px_ui_usable(char *why, size_t n)
{
	const char *term = getenv("TERM");
	if (!term || !*term) {
		snprintf(why, n, "TERM is not set");
		return 0;
	}
	/* the name goes into messages: nothing in it may drive the terminal */
	char shown[64];
	size_t k = 0;
	for (const char *p = term; *p && k < sizeof shown - 1; p++)
		shown[k++] = (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f ? '?' : *p;
	shown[k] = 0;
	int err = 0;
	int fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : -1;
	if (setupterm((char *)term, fd, &err) != OK) {
		snprintf(why, n, err == 0 ? "the terminal '%s' cannot address the cursor"
		         : "the terminal '%s' is unknown (no terminfo entry)", shown);
		return 0;
	}
	const char *cup = tigetstr("cup");
	int ok = cup && cup != (char *)-1;
	if (!ok)
		snprintf(why, n, "the terminal '%s' cannot address the cursor", shown);
	del_curterm(cur_term);
	return ok;
}

/* A config problem, "path:line: what", shown without the directories. */
static void ui_diag(void *ctx, const char *msg)
{
	ui *u = ctx;
	const char *colon = strchr(msg, ':');
	const char *base = msg;
	for (const char *p = msg; colon && p < colon; p++)
		if (*p == '/')
			base = p + 1;
	/* the first problem in full, the others counted (the status line
	 * has room for one) */
	if (u->ndiag++ == 0)
		set_msg(u, 1, "%s", base);
}

static void ui_release(ui *u)
{
	analysis_free(u->an);
	px_coverage_free(u->coverage);
	px_actors_free(u->actors);
	keymap_free(&u->km);
	px_search_free(u->q);
	px_hits_free(&u->hits);
	px_free(u->pat);
	px_free(u->origin.pat);
	px_free(u->res);
	px_free(u->res_pat);
	px_search_free(u->filt);
	px_free(u->filt_pat);
	px_free(u->filt_bits);
	px_free(u->pipe_cmd);
	for (int k = 0; k < u->nmarks; k++)
		free_mark(&u->marks[k]);
	px_sbuf_free(&u->pbuf);
	px_sbuf_free(&u->hist_draft);
	history_free(&u->hist);
	px_free(u->hist_file);
}

int px_ui_run(px_dossier *d, const char *const *paths, size_t npaths,
              const px_options *o, char *why, size_t whyn)
{
	if (!px_ui_usable(why, whyn))
		return PX_UI_NO_TERMINAL;
	ui uu;
	ui *u = &uu;
	memset(u, 0, sizeof *u);
	u->d = d;
	u->o = o;
	u->focus = PANE_LIST;
	u->focus_actor = u->cur_mention = -1;
	u->cur_hit = -1;
	if (keymap_init(&u->km) < 0) {
		fputs("parallax: out of memory\n", stderr);
		return 1;
	}
	char *cfg = px_config_dir();
	if (cfg) {
		px_sbuf p = PX_SBUF_INIT;
		px_sbuf_printf(&p, "%s/config", cfg);
		if (p.data && keymap_load(&u->km, p.data, ui_diag, u) < 0)
			set_msg(u, 1, "cannot read %s", p.data);
		else if (u->ndiag > 1) {
			char first[sizeof u->msg];
			memcpy(first, u->msg, sizeof first);
			set_msg(u, 1, "%.400s (and %d more)", first, u->ndiag - 1);
		}
		px_sbuf_free(&p);
	}

	/* keys from the terminal even when the dossier came on stdin */
	FILE *in = stdin, *tty = NULL;
	if (!isatty(STDIN_FILENO)) {
		tty = fopen("/dev/tty", "re"); /* not for the commands | and o run */
		if (!tty) {
			snprintf(why, whyn, "no terminal to read keys from (/dev/tty: %s)",
			         strerror(errno));
			keymap_free(&u->km);
			px_free(cfg);
			return PX_UI_NO_TERMINAL;
		}
		in = tty;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* (Ctrl-\'s SIGQUIT too: left to its default it dumped the program
	 * with the terminal on the alternate screen, its cursor hidden) */
	static const int caught[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	enum { NCAUGHT = sizeof caught / sizeof *caught };
	struct sigaction old_sa[NCAUGHT];
	for (int k = 0; k < NCAUGHT; k++)
		sigaction(caught[k], &sa, &old_sa[k]);

	set_escdelay(25);
	SCREEN *scr = newterm(NULL, stdout, in);
	if (!scr) {
		snprintf(why, whyn, "cannot start the terminal");
		if (tty)
			fclose(tty);
		for (int k = 0; k < NCAUGHT; k++)
			sigaction(caught[k], &old_sa[k], NULL);
		keymap_free(&u->km);
		px_free(cfg);
		return PX_UI_NO_TERMINAL;
	}
	set_term(scr);
	u->key_fd = fileno(in);
	/* the first file now, for the first frame; the others on a thread */
	struct loader ld;
	memset(&ld, 0, sizeof ld);
	px_dossier_init(&ld.more);
	ld.more.max_bytes = d->max_bytes;
	atomic_init(&ld.done, 0);
	/* the first file alone: skips on its way are reported by the thread's
	 * whole walk, once */
	px_pathlist first = {0};
	px_error lerr = {0};
	for (size_t i = 0; i < npaths && first.n == 0; i++)
		if (px_paths_expand_max(&first, paths[i], 1, NULL, NULL, &lerr) != PX_OK)
			set_msg(u, 1, "%s", lerr.msg);
	/* a first file too big to read at once (a 100 MB capture) is read
	 * on the thread with the rest: the first frame says it is loading */
	struct stat fst;
	int first_big = first.n && strcmp(first.v[0], "-") != 0 &&
	                stat(first.v[0], &fst) == 0 && fst.st_size > UI_FIRST_FILE_MAX;
	if (first.n && !first_big) {
		if (px_dossier_load(d, (const char *const *)first.v, 1, &lerr) != PX_OK)
			set_msg(u, 1, "%s", lerr.msg);
		ld.shown = first.v[0];
	}
	/* one file named as it is: nothing more to walk or read */
	int alone = !first_big && npaths == 1 && first.n == 1 &&
	            strcmp(first.v[0], paths[0]) == 0;
	if (npaths && !alone) {
		ld.paths = paths;
		ld.npaths = npaths;
		ld.threaded = ui_thread_create(&ld.th, loader_main, &ld) == 0;
		if (!ld.threaded) /* no thread: load them here */
			loader_main(&ld);
		ld.started = 1;
		u->loading = 1;
	}

	cbreak();
	/* Ctrl-S and Ctrl-Q are not flow control here: a Ctrl-S stopped the
	 * screen until a Ctrl-Q, and the reader looked hung (the mode is
	 * made curses' own, so that it holds again after a suspend or a
	 * piped command) */
	struct termios tio;
	if (tcgetattr(u->key_fd, &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		if (tcsetattr(u->key_fd, TCSANOW, &tio) == 0)
			def_prog_mode();
	}
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE); /* all 8 bits of a key: read_key decodes UTF-8 */
	curs_set(0);
	u->mono = o->no_color || !has_colors();
	if (!u->mono)
		start_color();
	draw_init_colors(u);
	if (o->mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		          BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	if (d->narts)
		open_art(u, 0);
	layout(u);

	/* the searches of earlier sessions, for Up in the prompt (a history
	 * that cannot be read is no history: nothing to report) */
	u->hist_file = history_path();
	if (u->hist_file && history_load(&u->hist, u->hist_file) < 0)
		set_msg(u, 1, "out of memory: no search history");

	/* the first frame does not wait for the analysis, which only reads
	 * the dossier until its results are taken on this thread; it starts
	 * once the whole dossier is loaded */
	px_free(cfg);
	if (!u->loading)
		start_analysis(u);
	draw_screen(u);
	doupdate();

	while (!u->quit && !ui_signal) {
		if (rpos_cmp(u->top, u->last_top) != 0 || u->art != u->last_art) {
			u->anchor = u->top;
			u->last_top = u->top;
			u->last_art = u->art;
		}
		poll_loader(u, &ld);
		poll_analysis(u);
		if (u->dirty) {
			refresh_marks(u);
			draw_screen(u);
			doupdate();
			u->dirty = 0;
		}
		int key = read_key(u->analysing || u->loading ? 50 : 500);
		if (ui_signal)
			break;
		if (key < 0)
			continue;
		u->dirty = 1;
		if (key == KEYMAP_FN(KEY_RESIZE)) {
			/* re-wrap from the top the reader chose, not from the row
			 * start the last size made of it */
			u->top = u->anchor;
			layout(u);
			u->last_top = u->top;
			continue;
		}
		if (u->too_small) {
			if (key == 'Q' || key == 'q')
				u->quit = 1;
			continue;
		}
		if (key == KEYMAP_FN(KEY_MOUSE)) {
			u->count = 0;
			if (o->mouse)
				mouse_event(u);
			continue;
		}
		if (u->prompt) {
			prompt_key(u, key);
			continue;
		}
		if (u->info_open) {
			/* any key closes it; the quit key also quits, as the
			 * hint line under it says */
			u->info_open = 0;
			if (keymap_lookup(&u->km, focus_ctx(u), key) != ACT_QUIT)
				continue;
		}
		if (!u->help_open)
			u->msg[0] = 0;
		if (u->quote_pending) {
			u->quote_pending = 0;
			if (key == '\'')
				key = KEYMAP_QUOTE2;
		} else if (key == '\'' && keymap_lookup(&u->km, focus_ctx(u), key) == ACT_NONE) {
			u->quote_pending = 1;
			continue;
		}
		if (key == 27 && u->count > 0) {
			u->count = 0; /* Esc drops a count, before what Esc does */
			continue;
		}
		int action = keymap_lookup(&u->km, focus_ctx(u), key);
		if (action == ACT_NONE && key >= '0' && key <= '9' && (key > '0' || u->count > 0)) {
			/* a count for the next key (less, vim) */
			u->count = u->count < 10000000 ? u->count * 10 + (key - '0') : u->count;
			set_msg(u, 0, "%ld", u->count);
			continue;
		}
		if (action == ACT_NONE && key == 27 && u->help_open)
			action = ACT_BACK;
		if (action != ACT_NONE) {
			do_action(u, action);
			continue;
		}
		u->count = 0;
		if (!u->help_open) {
			char name[40];
			keymap_key_name(key, name, sizeof name);
			set_msg(u, 1, "%s is not bound here (? for help)", name);
		}
	}

	/* the whole dossier for the caller's report, even after a quick quit */
	if (ld.started && !ld.merged) {
		if (ld.threaded)
			pthread_join(ld.th, NULL);
		ld.merged = 1;
		if (dossier_append(d, &ld.more) < 0)
			px_dossier_free(&ld.more);
	}
	px_pathlist_free(&ld.files);
	px_pathlist_free(&first);
	int sig = ui_signal;
	if (o->mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(scr);
	if (tty)
		fclose(tty);
	for (int k = 0; k < NCAUGHT; k++)
		sigaction(caught[k], &old_sa[k], NULL);
	if (u->hist.dirty && u->hist_file) {
		px_error herr;
		if (history_save(&u->hist, u->hist_file, &herr) != PX_OK)
			fprintf(stderr, "parallax: search history not saved: %s\n", herr.msg);
	}
	ui_release(u);
	return sig ? 128 + sig : 0;
}
