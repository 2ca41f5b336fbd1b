/* ui_int.h - the reader's state, shared by ui.c (keys, actions, the
 * loop) and draw.c (painting it; the only file that draws).
 *
 * Positions in the reader are {block, byte offset of a row start in that
 * block}; rows are computed from them on demand (wrap.h), so nothing is
 * wrapped but what is drawn or scrolled over. A block that is not the
 * first shown of its article is preceded by a blank "gap" row; a stripped
 * block shown with `v` is preceded by a row naming why it was stripped. */
#ifndef PX_UI_INT_H
#define PX_UI_INT_H

#include <curses.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis.h"
#include "history.h"
#include "keymap.h"
#include "parallax/actors.h"
#include "parallax/coverage.h"
#include "parallax/sbuf.h"
#include "parallax/search.h"
#include "ui.h"

#define RPOS_GAP UINT32_MAX

typedef struct rpos {
	uint32_t blk; /* block index in the doc */
	uint32_t off; /* row start in the block, or RPOS_GAP: the row before it */
} rpos;

enum pane { PANE_LIST, PANE_READER, PANE_ACTORS, PANE_MENTIONS };

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_DOSSIER, PROMPT_SAVE, PROMPT_FILTER, PROMPT_PIPE, PROMPT_MARK };

struct rect {
	int y, x, h, w; /* h includes the pane's title row */
};

struct jump {
	size_t art;
	rpos top;
	long mention;
};

struct result {
	size_t art, count;
};

#define UI_JUMPS 64
#define UI_MARKS 6   /* marked patterns at once (one colour each) */

typedef struct ui {
	px_dossier *d;
	const px_options *o;
	keymap km;
	ui_analysis *an;
	px_actors *actors;
	px_coverage *coverage;    /* the actors' mentions per outlet, or NULL */
	int analysing;
	int loading;              /* files after the first still being read */

	/* terminal and layout */
	int rows, cols, too_small, single, mono;
	int monocle;              /* s: one pane at a time, whatever the width */
	int hl_off;               /* \\: search hits not highlighted */
	int actors_off;           /* c: actors not coloured in the text */
	attr_t mono_attrs[6];     /* actor styles without colour the terminal has */
	int nmono;
	struct rect r_list, r_actors, r_reader;
	int show_actors;          /* the actors pane has room (wide layout) */
	int focus;                /* enum pane */
	int mentions_open, results_open, help_open, info_open;
	int help_top;
	int text_x, text_w, text_y, text_h; /* the reader's text area */

	/* article list (or the dossier-wide results in its place) */
	size_t list_sel, list_top;
	struct result *res;
	size_t nres, res_sel, res_top, res_hits;
	char *res_pat;            /* the pattern behind the results */
	int res_lit;

	/* reader */
	size_t art;
	rpos top;
	rpos anchor;              /* the top the reader chose: kept across resizes */
	rpos last_top;            /* what top was when anchor was last set */
	size_t last_art;
	int show_stripped;

	/* search */
	char *pat;
	int literal;
	px_search *q;
	px_hits hits;
	size_t hits_art;
	int hits_valid;
	long cur_hit;

	/* filter (&): only the article's paragraphs that match are shown */
	px_search *filt;
	char *filt_pat;
	char *pipe_cmd;           /* the last command piped to, offered again; owned */
	/* .: marked words, each its colour, in every article (ov's
	 * multi-colour highlight); their hits in article marks_art */
	struct ui_mark {
		px_search *q;
		char *pat;
		px_hits hits;
	} marks[UI_MARKS];
	int nmarks;
	int marks_valid, marks_stripped;
	size_t marks_art;
	int key_fd;               /* where keys come from (the terminal) */
	int filt_lit;             /* the pattern is a plain string (C-r) */
	size_t filt_limited;      /* blocks shown because the match limit hit */
	uint8_t *filt_bits;       /* per block of article filt_art: 1 shown */
	size_t filt_art, filt_cap;
	int filt_valid;

	/* prompt */
	int prompt;               /* enum prompt_kind */
	px_sbuf pbuf;
	int plit;
	history hist;             /* searches, newest last */
	char *hist_file;          /* where it is kept; NULL: not kept */
	size_t hist_pos;          /* Up/Down in the prompt: hist.n is the draft */
	px_sbuf hist_draft;       /* what was typed before Up */
	struct {
		size_t art;
		rpos top;
		long cur_hit;
		char *pat;
		int literal;
		int focus, mentions_open; /* `/` moves to the reader; Esc comes back */
	} origin;

	/* actors */
	long focus_actor;         /* index into actors->v, or -1 */
	long cur_mention;         /* index into actors->m, or -1 */
	size_t act_sel, act_top;
	size_t men_sel, men_top;

	struct jump jumps[UI_JUMPS];
	int njumps;
	int jump_hold;            /* a counted move: one jump for all its steps */

	char msg[512];
	int msg_err;
	int ndiag;                /* problems found in the config file */
	int quote_pending;
	long count;               /* a number typed before a key (5j, 3G, 50%), or 0 */
	int quit;
	int dirty;
} ui;

/* reader geometry (ui.c) */
int ui_block_shown(const ui *u, size_t blk);
uint32_t ui_first_block(const ui *u, size_t art);
int ui_has_gap(const ui *u, uint32_t blk);
int ui_row_next(const ui *u, rpos *p);
int ui_row_prev(const ui *u, rpos *p);
/* The row's bytes in the block [*start, *end); 0 for a gap row. */
int ui_row_span(const ui *u, rpos p, size_t *start, size_t *end);
const char *ui_art_outlet(const ui *u, size_t art, size_t *len);
const char *ui_art_title(const ui *u, size_t art, size_t *len);
long ui_focused_actor(const ui *u);
int ui_mentions_summary_rows(const ui *u);
/* Index of mention mi within its actor's mentions (0-based), or -1. */
long ui_mention_rank(const ui *u, long mi);

/* painting (draw.c) */
void draw_init_colors(ui *u);
void draw_screen(ui *u);

#endif
