/* draw.c - painting the reader's state with curses.
 *
 * Every character of file text reaches the terminal through put_char(),
 * which turns anything a terminal could take as a command (C0 and C1
 * controls, DEL, bidi embeddings, overrides and isolates) into a visible
 * replacement: decode has removed them already, and this is the second
 * lock on the door. Colours come from a small theme table: actors get a
 * colour by their id (the same in every article and pane), search hits
 * are painted over them; without colour (NO_COLOR, --no-color, a mono
 * terminal) actors get attribute combinations instead. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#define _XOPEN_SOURCE_EXTENDED 1
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "parallax/alloc.h"
#include "ui_int.h"
#include "wrap.h"

enum {
	PAIR_HIT = 1, PAIR_CUR, PAIR_DIM, PAIR_ERR, PAIR_TITLE, PAIR_ACTOR = 10,
	PAIR_MARK = 30 /* UI_MARKS of them */
};

#define NPALETTE 12

static const short palette16[NPALETTE] = {1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14};
static const short palette8[NPALETTE] = {1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6};
/* Actor styles without colour, in order of preference; draw_init_colors
 * keeps those the terminal can show (a vt100 has no italics: an actor
 * drawn italic there would look like plain text). */
static const attr_t mono_wish[] = {
	A_BOLD, A_UNDERLINE, A_BOLD | A_UNDERLINE, A_ITALIC,
	A_BOLD | A_ITALIC, A_UNDERLINE | A_ITALIC
};

struct style {
	attr_t attr;
	short pair;
};

void draw_init_colors(ui *u)
{
	attr_t have = termattrs();
	u->nmono = 0;
	for (size_t i = 0; i < sizeof mono_wish / sizeof *mono_wish; i++)
		if ((mono_wish[i] & have) == mono_wish[i])
			u->mono_attrs[u->nmono++] = mono_wish[i];
	if (u->nmono == 0) /* not even bold: nothing can set them apart */
		u->mono_attrs[u->nmono++] = A_NORMAL;
	if (u->mono)
		return;
	use_default_colors();
	init_pair(PAIR_HIT, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_CUR, COLOR_BLACK, COLOR_GREEN);
	init_pair(PAIR_DIM, COLORS >= 16 ? 8 : -1, -1);
	init_pair(PAIR_ERR, COLOR_RED, -1);
	init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
	const short *pal = COLORS >= 16 ? palette16 : palette8;
	for (int i = 0; i < NPALETTE; i++)
		init_pair((short)(PAIR_ACTOR + i), pal[i], -1);
	/* marks on backgrounds the hits (yellow, green) do not use */
	static const short mark_fg[UI_MARKS] = {COLOR_BLACK, COLOR_BLACK, COLOR_WHITE,
	                                        COLOR_WHITE, COLOR_BLACK, COLOR_BLACK};
	const short mark_bg[UI_MARKS] = {COLOR_MAGENTA, COLOR_CYAN, COLOR_BLUE, COLOR_RED,
	                                 COLORS >= 16 ? 13 : COLOR_MAGENTA,
	                                 COLORS >= 16 ? 14 : COLOR_CYAN};
	for (int i = 0; i < UI_MARKS; i++)
		init_pair((short)(PAIR_MARK + i), mark_fg[i], mark_bg[i]);
}

static struct style actor_style(const ui *u, uint32_t actor)
{
	struct style s = {A_NORMAL, 0};
	uint32_t id = u->actors->v[actor].id;
	if (u->mono) {
		s.attr = u->mono_attrs[id % (uint32_t)u->nmono];
	} else {
		s.pair = (short)(PAIR_ACTOR + id % NPALETTE);
		if (COLORS < 16 && id % NPALETTE >= 6)
			s.attr = A_BOLD;
	}
	return s;
}

static int safe_char(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return 0;
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
		return 0;
	if (c == 0x200e || c == 0x200f || c == 0x061c)
		return 0;
	return 1;
}

/* One character with its combining marks at (y, x); returns its columns. */
static int put_char(int y, int x, const char *s, size_t len, size_t *used,
                    struct style st)
{
	uint32_t c;
	size_t k = wrap_decode(s, len, &c);
	wchar_t wc[CCHARW_MAX + 1];
	int n = 0;
	int w = wrap_char_cols(c);
	attr_t attr = st.attr;
	if (c == '\t') {
		wc[n++] = L' ';
	} else if (!safe_char(c)) {
		wc[n++] = L'?';
		attr |= A_REVERSE;
		w = 1;
	} else if (w == 0) {
		/* a combining mark on its own: show it on a space */
		wc[n++] = L' ';
		wc[n++] = (wchar_t)c;
		w = 1;
	} else {
		wc[n++] = (wchar_t)c;
	}
	/* following combining marks join this cell */
	while (k < len && n < CCHARW_MAX) {
		uint32_t m;
		size_t mk = wrap_decode(s + k, len - k, &m);
		if (wrap_char_cols(m) != 0 || !safe_char(m) || m == '\t')
			break;
		wc[n++] = (wchar_t)m;
		k += mk;
	}
	wc[n] = 0;
	cchar_t cc;
	setcchar(&cc, wc, attr, st.pair, NULL);
	mvadd_wch(y, x, &cc);
	*used = k;
	return w;
}

/* Text at (y, x) in at most w columns; returns the columns used and, if
 * used_bytes is not NULL, how many bytes of s were drawn. */
static int put_text_n(int y, int x, int w, const char *s, size_t len, struct style st,
                      size_t *used_bytes)
{
	int col = 0;
	size_t i = 0;
	while (i < len && col < w) {
		uint32_t c;
		wrap_decode(s + i, len - i, &c);
		int cw = wrap_char_cols(c);
		if (col + cw > w)
			break; /* a wide character never straddles the edge */
		size_t k;
		col += put_char(y, x + col, s + i, len - i, &k, st);
		i += k;
	}
	if (used_bytes)
		*used_bytes = i;
	return col;
}

static int put_text(int y, int x, int w, const char *s, size_t len, struct style st)
{
	return put_text_n(y, x, w, s, len, st, NULL);
}

static int put_str(int y, int x, int w, const char *s, struct style st)
{
	return put_text(y, x, w, s, strlen(s), st);
}

static void fill(int y, int x, int w, struct style st)
{
	attrset(st.attr);
	color_set(st.pair, NULL);
	for (int i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	attrset(A_NORMAL);
	color_set(0, NULL);
}

static struct style S(attr_t a, short p)
{
	struct style s = {a, p};
	return s;
}

static void pane_title(ui *u, const struct rect *r, const char *title,
                       const char *right, int focused)
{
	struct style st = focused ? S(A_BOLD | (u->mono ? A_REVERSE : 0),
	                              u->mono ? 0 : PAIR_TITLE)
	                          : S(A_REVERSE, 0);
	fill(r->y, r->x, r->w, st);
	int rw = right ? (int)wrap_str_cols(right, strlen(right)) : 0;
	if (rw > r->w / 2)
		rw = 0;
	put_str(r->y, r->x + 1, r->w - 2 - (rw ? rw + 1 : 0), title, st);
	if (rw)
		put_str(r->y, r->x + r->w - rw - 1, rw, right, st);
}

/* ---- article list -------------------------------------------------------------- */

/* "2020-09-28" as "Sep 28"; another form as its first characters. */
static int short_date(const char *d, char *out, size_t n)
{
	static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	if (!d || !*d)
		return 0;
	int y, m, day;
	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) == 3 && m >= 1 && m <= 12 &&
	    day >= 1 && day <= 31)
		snprintf(out, n, "%s %2d", mon[m - 1], day);
	else
		snprintf(out, n, "%.6s", d);
	return 1;
}

static void draw_list(ui *u, const struct rect *r)
{
	char right[48];
	snprintf(right, sizeof right, "%zu", u->d->narts);
	pane_title(u, r, "Articles", right, u->focus == PANE_LIST);
	int rows = r->h - 1;
	int ow = r->w >= 40 ? 14 : r->w / 3;
	int dw = r->w >= 30 ? 7 : 0;
	for (int i = 0; i < rows; i++) {
		size_t a = u->list_top + (size_t)i;
		int y = r->y + 1 + i;
		if (a >= u->d->narts)
			break;
		const px_article *art = &u->d->arts[a];
		int sel = a == u->list_sel && u->focus == PANE_LIST;
		struct style st = S(sel ? A_REVERSE : A_NORMAL, 0);
		if (a == u->art && !sel)
			st.attr |= A_BOLD;
		fill(y, r->x, r->w, st);
		int x = r->x;
		put_str(y, x, 1, a == u->art ? ">" : " ", st);
		put_str(y, x + 1, 1, art->wire_of >= 0 ? "~" : art->nparts > 1 ? "+" : " ", st);
		x += 2;
		size_t len;
		const char *s = ui_art_outlet(u, a, &len);
		put_text(y, x, ow - 1, s, len, st);
		x += ow;
		if (dw && x + dw < r->x + r->w) {
			char date[16];
			if (short_date(art->date, date, sizeof date))
				put_str(y, x, dw - 1, date, st);
			x += dw;
		}
		int left = r->x + r->w - x;
		if (left <= 0)
			continue;
		if (art->nparts > 1) {
			char part[24];
			snprintf(part, sizeof part, "(%d/%d) ", art->part, art->nparts);
			int n = put_str(y, x, left, part, st);
			x += n;
			left -= n;
		}
		s = ui_art_title(u, a, &len);
		put_text(y, x, left, s, len, st);
	}
}

static void draw_results(ui *u, const struct rect *r)
{
	char right[48];
	snprintf(right, sizeof right, "%zu/%zu", u->nres, u->d->narts);
	char title[96];
	snprintf(title, sizeof title, "Matches of %s", u->pat ? u->pat : "");
	pane_title(u, r, title, right, u->focus == PANE_LIST);
	int rows = r->h - 1;
	for (int i = 0; i < rows; i++) {
		size_t k = u->res_top + (size_t)i;
		if (k >= u->nres)
			break;
		int y = r->y + 1 + i;
		int sel = k == u->res_sel && u->focus == PANE_LIST;
		struct style st = S(sel ? A_REVERSE : A_NORMAL, 0);
		fill(y, r->x, r->w, st);
		char cnt[24];
		snprintf(cnt, sizeof cnt, "%5zu ", u->res[k].count);
		int x = r->x + put_str(y, r->x, r->w, cnt, st);
		size_t len;
		const char *s = ui_art_outlet(u, u->res[k].art, &len);
		int n = put_text(y, x, 14, s, len, st);
		x += n + 1;
		s = ui_art_title(u, u->res[k].art, &len);
		if (x < r->x + r->w)
			put_text(y, x, r->x + r->w - x, s, len, st);
	}
}

/* ---- actors --------------------------------------------------------------------- */

static void draw_actors(ui *u, const struct rect *r)
{
	pane_title(u, r, "Actors", u->actors ? NULL : u->analysing ? "finding..." : "none",
	           u->focus == PANE_ACTORS);
	if (!u->actors)
		return;
	int rows = r->h - 1;
	if (u->act_sel >= u->actors->n)
		u->act_sel = u->actors->n ? u->actors->n - 1 : 0;
	if (u->act_sel < u->act_top)
		u->act_top = u->act_sel;
	if (rows > 0 && u->act_sel >= u->act_top + (size_t)rows)
		u->act_top = u->act_sel - (size_t)rows + 1;
	int stripw = (int)(u->d->narts < 12 ? u->d->narts : 12);
	if (r->w < 30)
		stripw = 0;
	unsigned char cov[12];
	long focused = ui_focused_actor(u);
	for (int i = 0; i < rows; i++) {
		size_t k = u->act_top + (size_t)i;
		if (k >= u->actors->n)
			break;
		const px_actor *ac = &u->actors->v[k];
		int y = r->y + 1 + i;
		int sel = k == u->act_sel && u->focus == PANE_ACTORS;
		struct style base = S(sel ? A_REVERSE : A_NORMAL, 0);
		fill(y, r->x, r->w, base);
		put_str(y, r->x, 1, (long)k == focused ? ">" : " ", base);
		char num[32];
		snprintf(num, sizeof num, " %c %4zu ", "POL?"[ac->kind <= PX_ACTOR_OTHER ? ac->kind : 3],
		         ac->nmentions);
		int numw = (int)strlen(num);
		int namew = r->w - 1 - numw - stripw;
		if (namew < 4)
			namew = 4;
		struct style ns = actor_style(u, (uint32_t)k);
		ns.attr |= base.attr;
		put_str(y, r->x + 1, namew, ac->name, ns);
		int x = r->x + 1 + namew;
		if (x + numw <= r->x + r->w)
			put_str(y, x, numw, num, base);
		x += numw;
		if (stripw && x + stripw <= r->x + r->w) {
			memset(cov, 0, sizeof cov);
			for (size_t m = 0; m < ac->nmentions; m++) {
				size_t art = u->actors->m[ac->mentions[m]].art;
				size_t cell = u->d->narts ? art * (size_t)stripw / u->d->narts : 0;
				if (cell < (size_t)stripw)
					cov[cell] = 1;
			}
			for (int c = 0; c < stripw; c++)
				put_str(y, x + c, 1, cov[c] ? "\u25cf" : "\u00b7",
				        cov[c] ? ns : base);
		}
	}
}

/* ---- mentions (concordance) -------------------------------------------------- */

/* One row: who names the actor, outlet by outlet, most mentions first:
 * "by outlet: Reuters 12 in 3 · AFP 8 in 2 · ...", cut at the edge. */
static void draw_outlets(ui *u, uint32_t actor, int y, int x, int w)
{
	size_t n;
	const px_outlet_count *oc = px_coverage_of(u->coverage, actor, &n);
	struct style dim = S(A_DIM, 0), base = S(A_NORMAL, 0);
	fill(y, x, w, base);
	int col = x + 1, end = x + w - 1;
	col += put_str(y, col, end - col, "by outlet: ", dim);
	for (size_t k = 0; k < n && col < end; k++) {
		char num[48];
		if (oc[k].articles > 1)
			snprintf(num, sizeof num, " %u in %u", oc[k].mentions, oc[k].articles);
		else
			snprintf(num, sizeof num, " %u", oc[k].mentions);
		if (k)
			col += put_str(y, col, end - col, " \xc2\xb7 ", dim);
		col += put_str(y, col, end - col, u->coverage->outlets[oc[k].outlet], S(A_BOLD, 0));
		col += put_str(y, col, end - col, num, base);
	}
}

static void draw_mentions(ui *u, const struct rect *r)
{
	long actor = ui_focused_actor(u);
	char title[160];
	const px_actor *ac = actor >= 0 ? &u->actors->v[actor] : NULL;
	snprintf(title, sizeof title, "Mentions of %s", ac ? ac->name : "?");
	char right[64];
	snprintf(right, sizeof right, "%zu in %u sources", ac ? ac->nmentions : 0,
	         ac ? ac->nsources : 0);
	pane_title(u, r, title, right, u->focus == PANE_MENTIONS);
	if (!ac)
		return;
	int rows = r->h - 1;
	int sum = ui_mentions_summary_rows(u);
	if (sum) {
		draw_outlets(u, (uint32_t)actor, r->y + 1, r->x, r->w);
		rows -= sum;
	}
	if (u->men_sel < u->men_top)
		u->men_top = u->men_sel;
	if (rows > 0 && u->men_sel >= u->men_top + (size_t)rows)
		u->men_top = u->men_sel - (size_t)rows + 1;
	int ow = r->w >= 50 ? 12 : 0;
	for (int i = 0; i < rows; i++) {
		size_t k = u->men_top + (size_t)i;
		if (k >= ac->nmentions)
			break;
		const px_mention *m = &u->actors->m[ac->mentions[k]];
		const px_doc *doc = &u->d->docs[m->doc];
		int y = r->y + 1 + sum + i;
		int sel = k == u->men_sel && u->focus == PANE_MENTIONS;
		struct style base = S(sel ? A_REVERSE : A_NORMAL, 0);
		fill(y, r->x, r->w, base);
		int x = r->x + 1;
		if (ow) {
			size_t len;
			const char *s = ui_art_outlet(u, m->art, &len);
			put_text(y, x, ow - 1, s, len, base);
			x += ow;
		}
		int avail = r->x + r->w - x - 1;
		if (avail < 8)
			continue;
		/* the block around the mention: context left, the mention, right */
		size_t bs = 0, be = doc->text.len;
		for (size_t b = 0; b < doc->nblocks; b++)
			if (doc->blocks[b].start <= m->start && doc->blocks[b].end >= m->end) {
				bs = doc->blocks[b].start;
				be = doc->blocks[b].end;
				break;
			}
		int leftw = avail / 3;
		size_t from = m->start;
		int cols = 0;
		while (from > bs) {
			size_t p = from - 1;
			while (p > bs && ((unsigned char)doc->text.s[p] & 0xC0) == 0x80)
				p--;
			uint32_t c;
			wrap_decode(doc->text.s + p, from - p, &c);
			int cw = wrap_char_cols(c);
			if (cols + cw > leftw)
				break;
			cols += cw;
			from = p;
		}
		x += leftw - cols;
		x += put_text(y, x, cols, doc->text.s + from, m->start - from, base);
		struct style ms = actor_style(u, m->actor);
		ms.attr |= base.attr | A_BOLD;
		int end = r->x + r->w - 1;
		x += put_text(y, x, end - x, doc->text.s + m->start, m->end - m->start, ms);
		if (x < end)
			put_text(y, x, end - x, doc->text.s + m->end, be - m->end, base);
	}
}

/* ---- reader --------------------------------------------------------------------- */

/* The first of h's hits (in text order) that ends after pos. */
static size_t hit_from(const px_hits *h, size_t pos)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Mark k's colour; without colours (or pairs enough), reverse video as
 * the search's hits (which are drawn over the marks). */
static struct style mark_style(const ui *u, int k)
{
	if (u->mono || PAIR_MARK + k >= COLOR_PAIRS)
		return S(A_REVERSE, 0);
	return S(A_NORMAL, (short)(PAIR_MARK + k));
}

static struct style label_style(const ui *u, int label)
{
	switch (label) {
	case PX_LABEL_TITLE:
	case PX_LABEL_HEADING: return S(A_BOLD, 0);
	case PX_LABEL_STANDFIRST: return S(A_ITALIC, 0);
	case PX_LABEL_BYLINE:
	case PX_LABEL_DATELINE:
	case PX_LABEL_CAPTION:
	case PX_LABEL_CREDIT: return S(A_ITALIC, 0);
	case PX_LABEL_BOILERPLATE: return S(A_DIM, u->mono ? 0 : PAIR_DIM);
	default: return S(A_NORMAL, 0);
	}
}

static void draw_row(ui *u, int y, rpos p, const px_doc *doc, size_t docidx)
{
	const px_block *b = &doc->blocks[p.blk];
	size_t rs, re;
	if (!ui_row_span(u, p, &rs, &re)) {
		if (b->label == PX_LABEL_BOILERPLATE) {
			char line[300];
			snprintf(line, sizeof line, "-- stripped: %s --",
			         b->reason ? b->reason : "boilerplate");
			put_str(y, u->text_x, u->text_w, line, label_style(u, PX_LABEL_BOILERPLATE));
		}
		return;
	}
	struct style base = label_style(u, b->label);
	const char *s = doc->text.s + b->start;
	size_t abs_rs = b->start + rs, abs_re = b->start + re;
	long mi = -1;
	if (u->actors) {
		mi = px_actors_mention_at(u->actors, docidx, abs_rs);
		if (mi < 0)
			mi = px_actors_mention_near(u->actors, docidx, abs_rs, 1);
	}
	/* \\ hides the hits' colours, as less's ESC-u: the current hit
	 * stays marked, so n still shows where it went */
	int hits = u->q && u->hits_valid && u->hits_art == u->art;
	size_t hi = hits ? hit_from(&u->hits, abs_rs) : 0;
	int marks = u->nmarks && u->marks_valid && u->marks_art == u->art ? u->nmarks : 0;
	size_t mk[UI_MARKS];
	for (int k = 0; k < marks; k++)
		mk[k] = hit_from(&u->marks[k].hits, abs_rs);
	int col = 0;
	size_t i = rs;
	while (i < re && col < u->text_w) {
		size_t pos = b->start + i;
		struct style st = base;
		if (mi >= 0) {
			while ((size_t)mi < u->actors->nm && u->actors->m[mi].doc == docidx &&
			       u->actors->m[mi].end <= pos)
				mi++;
			if ((size_t)mi >= u->actors->nm || u->actors->m[mi].doc != docidx ||
			    u->actors->m[mi].start >= abs_re)
				mi = -1;
			else if (u->actors->m[mi].start <= pos &&
			         (!u->actors_off || mi == u->cur_mention)) {
				/* c: plain text, as ov's plain mode; the current
				 * mention stays marked, so * and t still show where */
				st = actor_style(u, u->actors->m[mi].actor);
				if (mi == u->cur_mention)
					st.attr |= A_REVERSE;
			}
		}
		/* a mark over the actor's colour; the search over both */
		for (int k = 0; k < marks; k++) {
			const px_hits *h = &u->marks[k].hits;
			while (mk[k] < h->n && h->v[mk[k]].end <= pos)
				mk[k]++;
			if (mk[k] < h->n && h->v[mk[k]].start <= pos) {
				st = mark_style(u, k);
				break;
			}
		}
		if (hits) {
			while (hi < u->hits.n && u->hits.v[hi].end <= pos)
				hi++;
			if (hi < u->hits.n && u->hits.v[hi].start <= pos &&
			    (!u->hl_off || (long)hi == u->cur_hit)) {
				int cur = (long)hi == u->cur_hit;
				if (u->mono)
					st = S(A_REVERSE | (cur ? A_BOLD | A_UNDERLINE : 0), 0);
				else
					st = S(cur ? A_BOLD : A_NORMAL, cur ? PAIR_CUR : PAIR_HIT);
			}
		}
		uint32_t c;
		wrap_decode(s + i, re - i, &c);
		int cw = wrap_char_cols(c);
		if (col + cw > u->text_w) {
			if (c == ' ')
				break;
			break;
		}
		size_t k;
		col += put_char(y, u->text_x + col, s + i, re - i, &k, st);
		i += k;
	}
}

static void draw_reader(ui *u, const struct rect *r)
{
	if (u->d->narts == 0) {
		pane_title(u, r, u->loading ? "Loading" : "No articles", NULL,
		           u->focus == PANE_READER);
		put_str(u->text_y, u->text_x, u->text_w,
		        u->loading ? "Reading the dossier; its first article shows here when read."
		                   : "The dossier is empty: no readable text files.",
		        S(A_NORMAL, 0));
		return;
	}
	const px_article *a = &u->d->arts[u->art];
	const px_doc *doc = &u->d->docs[a->doc];
	size_t olen, tlen;
	const char *outlet = ui_art_outlet(u, u->art, &olen);
	const char *title = ui_art_title(u, u->art, &tlen);
	px_sbuf t = PX_SBUF_INIT;
	px_sbuf_append(&t, outlet, olen);
	px_sbuf_puts(&t, " - ");
	px_sbuf_append(&t, title, tlen < 400 ? tlen : 400);
	char right[64] = "";
	if (a->nparts > 1)
		snprintf(right, sizeof right, "part %d/%d", a->part, a->nparts);
	else if (a->wire_of >= 0)
		snprintf(right, sizeof right, "wire copy");
	pane_title(u, r, t.data ? t.data : "", right[0] ? right : NULL,
	           u->focus == PANE_READER);
	px_sbuf_free(&t);
	if (ui_first_block(u, u->art) == UINT32_MAX) {
		put_str(u->text_y, u->text_x, u->text_w,
		        u->filt ? "No paragraph here matches the filter; & Enter shows all."
		                : "Reader mode stripped everything here; v shows it.",
		        S(A_DIM, 0));
		return;
	}
	rpos p = u->top;
	for (int i = 0; i < u->text_h; i++) {
		draw_row(u, u->text_y + i, p, doc, a->doc);
		if (!ui_row_next(u, &p))
			break;
	}
}

/* How many bytes of s go on one row of w columns of the info popup: a
 * path or URL breaks after a separator when one lies in the row's second
 * half, so that "samples/001.txt" is not read as "sam" + "ples/001.txt". */
static size_t info_row_bytes(const char *s, size_t len, int w)
{
	size_t fit = wrap_fit(s, len, w, NULL);
	if (fit >= len)
		return fit;
	/* a path's or a title's own separators first; a word's inner
	 * punctuation ("coverage-of-the-summit.txt") only failing those */
	static const char *const seps[] = {"/ ", "-_?&=."};
	for (int k = 0; k < 2; k++)
		for (size_t j = fit; j > 0; j--) {
			if (!s[j - 1] || !strchr(seps[k], s[j - 1]))
				continue;
			if (wrap_str_cols(s, j) * 2 < (size_t)w)
				break; /* in the row's first half: too early a break */
			return j;
		}
	return fit > 0 ? fit : (len > 0 ? 1 : 0);
}

static void draw_info(ui *u, const struct rect *r)
{
	const px_article *a = &u->d->arts[u->art];
	const px_doc *doc = &u->d->docs[a->doc];
	char pos[128];
	size_t start = a->block_first < doc->nblocks ? doc->blocks[a->block_first].start : 0;
	size_t end = a->block_end > a->block_first ? doc->blocks[a->block_end - 1].end : start;
	size_t tp = u->top.blk < doc->nblocks ? doc->blocks[u->top.blk].start +
	            (u->top.off == RPOS_GAP ? 0 : u->top.off) : start;
	snprintf(pos, sizeof pos, "article %zu of %zu, block %u of %u, %zu%%",
	         u->art + 1, u->d->narts, u->top.blk - a->block_first + 1,
	         a->block_end - a->block_first,
	         end > start ? (tp - start) * 100 / (end - start) : 0);
	char part[64] = "";
	if (a->nparts > 1)
		snprintf(part, sizeof part, "%d of %d", a->part, a->nparts);
	char wire[160] = "";
	if (a->wire_of >= 0 && (size_t)a->wire_of < u->d->narts) {
		size_t l;
		const char *o = ui_art_outlet(u, (size_t)a->wire_of, &l);
		snprintf(wire, sizeof wire, "%.*s (%.0f%% shared)", (int)(l < 60 ? l : 60), o,
		         a->wire_overlap * 100);
	}
	char cs[96];
	snprintf(cs, sizeof cs, "%s%s", px_charset_name(doc->charset),
	         doc->html ? "; a web page, its markup dropped" : "");
	const char *keys[] = {"File", "Outlet", "Title", "Date", "Byline", "URL",
	                      "Part", "Wire copy of", "Position", "Charset"};
	const char *vals[] = {doc->path, a->outlet, a->title, a->date, a->byline,
	                      a->url, part, wire, pos, cs};
	enum { NKEYS = 10, ROWS_MAX = 4 };
	int w = r->w - 2, vw = w - 16;
	int y0 = r->y + 1, x0 = r->x + 1;
	/* a long path, title or URL wraps onto a few rows: it must be readable
	 * whole, and its end (the file name) matters most */
	int rows[NKEYS], total = 0;
	for (int i = 0; i < NKEYS; i++) {
		const char *v = vals[i] && *vals[i] ? vals[i] : "-";
		size_t len = strlen(v), off = 0;
		rows[i] = 0;
		while (vw > 0 && off < len && rows[i] < ROWS_MAX) {
			size_t n = info_row_bytes(v + off, len - off, vw);
			if (n == 0)
				break;
			off += n;
			rows[i]++;
		}
		if (rows[i] < 1)
			rows[i] = 1;
		total += rows[i];
	}
	int h = total + 2;
	if (h > r->h - 1)
		h = r->h - 1;
	struct style st = S(A_REVERSE, 0);
	for (int i = 0; i < h; i++)
		fill(y0 + i, x0, w, st);
	int y = y0 + 1;
	for (int i = 0; i < NKEYS && y < y0 + h - 1; i++) {
		put_str(y, x0 + 1, 13, keys[i], S(A_REVERSE | A_BOLD, 0));
		const char *v = vals[i] && *vals[i] ? vals[i] : "-";
		size_t len = strlen(v), off = 0;
		for (int k = 0; k < rows[i] && y < y0 + h - 1; k++, y++) {
			/* the last row shows what is left, cut at the edge */
			size_t n = k + 1 < rows[i] ? info_row_bytes(v + off, len - off, vw)
			                           : len - off;
			size_t used = 0;
			put_text_n(y, x0 + 15, vw, v + off, n, st, &used);
			off += used;
			if (off >= len || used == 0) {
				y++;
				break;
			}
		}
	}
}

/* ---- help ------------------------------------------------------------------------- */

static void draw_help(ui *u)
{
	int h = u->rows - 2;
	struct rect all = {0, 0, h, u->cols};
	pane_title(u, &all, "Keys (generated from the key map; q closes; "
	           "a number first counts: 5j, 3G, 50%)", NULL, 1);
	/* lines: a context header, then one line per bound action */
	int line = 0, y = 1;
	int maxline = 0;
	/* the key column as wide as the longest list of keys (pass 0 measures
	 * it), so that no key is cut; on a narrow screen the help text goes */
	int keyw = 8;
	for (int pass = 0; pass < 2; pass++) {
		if (pass && keyw > u->cols / 2)
			keyw = u->cols / 2;
		int namex = 3 + keyw + 1, helpx = namex + 18;
		line = 0;
		for (int c = 0; c < CTX_COUNT; c++) {
			int any = 0;
			for (int a = 1; a < ACT_COUNT; a++) {
				char keys[128];
				if (!keymap_keys_for(&u->km, c, a, keys, sizeof keys))
					continue;
				if (!pass && (int)strlen(keys) > keyw)
					keyw = (int)strlen(keys);
				if (!any) {
					if (pass && line >= u->help_top && y < h) {
						char hd[40];
						snprintf(hd, sizeof hd, "%s:", keymap_ctx_name((ui_ctx)c));
						fill(y, 0, u->cols, S(A_NORMAL, 0));
						put_str(y++, 1, u->cols - 2, hd, S(A_BOLD, 0));
					}
					line++;
					any = 1;
				}
				if (pass && line >= u->help_top && y < h) {
					const struct ui_action_info *ai = keymap_action_info((ui_action)a);
					fill(y, 0, u->cols, S(A_NORMAL, 0));
					put_str(y, 3, keyw, keys, S(A_BOLD, 0));
					if (u->cols > helpx + 10) {
						put_str(y, namex, 17, ai->name, S(A_NORMAL, 0));
						put_str(y, helpx, u->cols - helpx - 1, ai->help, S(A_NORMAL, 0));
					} else if (u->cols > namex + 1) {
						put_str(y, namex, u->cols - namex - 1, ai->name, S(A_NORMAL, 0));
					}
					y++;
				}
				line++;
			}
		}
		if (!pass) {
			maxline = line;
			if (u->help_top > maxline - (h - 1))
				u->help_top = maxline - (h - 1) > 0 ? maxline - (h - 1) : 0;
		}
	}
	(void)maxline;
}

/* ---- status and hints -------------------------------------------------------------- */

static void draw_status(ui *u)
{
	int y = u->rows - 2;
	struct style st = S(A_REVERSE, 0);
	fill(y, 0, u->cols, st);
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf right = PX_SBUF_INIT;
	if (u->prompt) {
		px_sbuf_puts(&b, u->prompt == PROMPT_DOSSIER ? "all/"
		                 : u->prompt == PROMPT_SAVE ? "save to: "
		                 : u->prompt == PROMPT_PIPE ? "pipe to: "
		                 : u->prompt == PROMPT_MARK ? "mark/"
		                 : u->prompt == PROMPT_FILTER ? "&/" : "/");
		if (u->plit && u->prompt != PROMPT_SAVE && u->prompt != PROMPT_PIPE)
			px_sbuf_puts(&b, "[literal] ");
		if (u->pbuf.data)
			px_sbuf_append(&b, u->pbuf.data, u->pbuf.len);
		px_sbuf_puts(&b, "_");
	} else if (u->d->narts) {
		px_sbuf_printf(&b, "art %zu/%zu ", u->art + 1, u->d->narts);
	}
	/* a message is read once: the outlet, the actor and then the
	 * progress give way to it when the line cannot hold them all */
	int msgw = u->msg[0] ? (int)wrap_str_cols(u->msg, strlen(u->msg)) + 2 : 0;
	size_t art_len = b.len;
	if (!u->prompt && u->d->narts) {
		size_t len;
		const char *o = ui_art_outlet(u, u->art, &len);
		px_sbuf_append(&b, o, len < 24 ? len : 24);
	}
	if (u->q && u->hits_valid && u->hits_art == u->art && u->d->narts) {
		if (u->hits.n && u->cur_hit >= 0)
			px_sbuf_printf(&right, "[%ld/%zu%s] ", u->cur_hit + 1, u->hits.n,
			               u->hits.truncated ? "+" : "");
		else if (u->hits.n)
			px_sbuf_printf(&right, "[-/%zu%s] ", u->hits.n, u->hits.truncated ? "+" : "");
		else
			px_sbuf_puts(&right, "[0/0] ");
	}
	if (u->filt && u->filt_valid && u->filt_art == u->art && !u->prompt) {
		/* of the paragraphs v would show: stripped ones are not counted
		 * while hidden */
		const px_article *a = &u->d->arts[u->art];
		size_t shown = 0, all = 0;
		for (uint32_t k = a->block_first; k < a->block_end; k++) {
			int vis = u->show_stripped ||
			          u->d->docs[a->doc].blocks[k].label != PX_LABEL_BOILERPLATE;
			all += vis;
			shown += vis && ui_block_shown(u, k);
		}
		px_sbuf_printf(&right, "& %zu/%zu ", shown, all);
	}
	size_t right_len = right.len;
	long actor = ui_focused_actor(u);
	if (actor >= 0 && !u->prompt) {
		const px_actor *ac = &u->actors->v[actor];
		long rank = ui_mention_rank(u, u->cur_mention);
		if (rank >= 0 && u->actors->m[u->cur_mention].actor == (uint32_t)actor)
			px_sbuf_printf(&right, "%s: mention %ld of %zu in %u sources ", ac->name,
			               rank + 1, ac->nmentions, ac->nsources);
		else
			px_sbuf_printf(&right, "%s: %zu mentions in %u sources ", ac->name,
			               ac->nmentions, ac->nsources);
	}
	size_t actor_end = right.len;
	if (u->loading)
		px_sbuf_puts(&right, "loading... ");
	if (u->analysing && u->an) {
		size_t done, total;
		enum ui_phase ph = analysis_progress(u->an, &done, &total);
		if (ph <= PHASE_WIRE)
			px_sbuf_printf(&right, "reader mode %zu/%zu ", done, total);
		else if (ph < PHASE_DONE)
			px_sbuf_puts(&right, "finding actors... ");
	}
	int lw = b.data ? (int)wrap_str_cols(b.data, b.len) : 0;
	int rw = right.data ? (int)wrap_str_cols(right.data, right.len) : 0;
	if (msgw && lw + msgw + rw >= u->cols && b.len > art_len) {
		b.len = art_len; /* the outlet goes first */
		lw = (int)wrap_str_cols(b.data, b.len);
	}
	if (msgw && lw + msgw + rw >= u->cols && actor_end > right_len) {
		/* then the actor's line: the progress after it stays */
		memmove(right.data + right_len, right.data + actor_end, right.len - actor_end);
		right.len -= actor_end - right_len;
		rw = (int)wrap_str_cols(right.data, right.len);
	}
	if (msgw && lw + msgw + rw >= u->cols && right.len > right_len) {
		/* and the progress (it is back at the next frame): the hits'
		 * count stays, being what n and N act on */
		right.len = right_len;
		rw = right.data ? (int)wrap_str_cols(right.data, right.len) : 0;
	}
	if (rw > u->cols - 10)
		rw = 0;
	int x = 0;
	if (b.data)
		x = put_text(y, 0, u->cols - rw - 1, b.data, b.len, st);
	if (u->msg[0] && x + 3 < u->cols - rw) {
		struct style ms = st;
		if (u->msg_err)
			ms.attr |= A_BOLD;
		x += 2;
		put_str(y, x, u->cols - rw - x - 1, u->msg, ms);
	}
	if (rw)
		put_text(y, u->cols - rw, rw, right.data, right.len, st);
	px_sbuf_free(&b);
	px_sbuf_free(&right);
}

static void draw_hints(ui *u)
{
	int y = u->rows - 1;
	fill(y, 0, u->cols, S(A_NORMAL, 0));
	static const int order[] = {
		ACT_BACK, ACT_QUIT, ACT_HELP, ACT_SEARCH, ACT_NEXT_HIT, ACT_NEXT_ART, ACT_NEXT_PANE,
		ACT_NEXT_MENTION, ACT_NEXT_SOURCE, ACT_ACTORS, ACT_MENTIONS, ACT_STRIPPED,
		ACT_JUMP_BACK, ACT_INFO, ACT_SEARCH_ALL
	};
	int ctx = u->help_open ? CTX_HELP : u->focus == PANE_LIST ?
	          (u->results_open ? CTX_RESULTS : CTX_LIST) : u->focus == PANE_ACTORS ?
	          CTX_ACTORS : u->focus == PANE_MENTIONS ? CTX_MENTIONS : CTX_READER;
	int x = 0;
	/* the pane's own Enter first, then the global keys */
	for (int i = -1; i < (int)(sizeof order / sizeof *order); i++) {
		int act = i < 0 ? ACT_OPEN : order[i];
		char keys[64];
		if (!keymap_keys_for(&u->km, i < 0 ? ctx : CTX_GLOBAL, act, keys, sizeof keys))
			continue;
		char *comma = strchr(keys, ',');
		if (comma)
			*comma = 0;
		const char *word = keymap_action_info((ui_action)act)->hint;
		if (!word)
			continue;
		char item[96];
		snprintf(item, sizeof item, "%s %s", keys, word);
		int w = (int)wrap_str_cols(item, strlen(item));
		if (x + w > u->cols)
			break;
		put_str(y, x, w, keys, S(A_BOLD, 0));
		int kw = (int)wrap_str_cols(keys, strlen(keys));
		put_str(y, x + kw + 1, w - kw - 1, word, S(A_NORMAL, 0));
		x += w + 2;
	}
}

void draw_screen(ui *u)
{
	erase();
	if (u->too_small) {
		put_str(0, 0, u->cols, "Too small", S(A_BOLD, 0));
		if (u->rows > 1)
			put_str(1, 0, u->cols, "(need 20x6)", S(A_NORMAL, 0));
		if (u->rows > 2)
			put_str(2, 0, u->cols, "Q quits", S(A_NORMAL, 0));
		wnoutrefresh(stdscr);
		return;
	}
	if (u->help_open) {
		draw_help(u);
	} else if (u->single) {
		switch (u->focus) {
		case PANE_LIST:
			if (u->results_open)
				draw_results(u, &u->r_list);
			else
				draw_list(u, &u->r_list);
			break;
		case PANE_ACTORS: draw_actors(u, &u->r_actors); break;
		case PANE_MENTIONS: draw_mentions(u, &u->r_reader); break;
		default: draw_reader(u, &u->r_reader); break;
		}
	} else {
		if (u->results_open)
			draw_results(u, &u->r_list);
		else
			draw_list(u, &u->r_list);
		draw_actors(u, &u->r_actors);
		for (int y = 0; y < u->r_reader.h; y++)
			mvaddch(y, u->r_reader.x - 1, ACS_VLINE);
		if (u->mentions_open)
			draw_mentions(u, &u->r_reader);
		else
			draw_reader(u, &u->r_reader);
	}
	if (u->info_open && u->d->narts && !u->help_open)
		draw_info(u, &u->r_reader);
	draw_status(u);
	draw_hints(u);
	wnoutrefresh(stdscr);
}
