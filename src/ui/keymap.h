/* keymap.h - the reader's actions and the keys bound to them.
 *
 * The action table is the only list of what the reader can do; the
 * default bindings, the user's `bind` lines and the help screen are all
 * read from it, so help cannot drift from the keys. Bindings live in
 * contexts (the pane that has focus); a key not bound in the focused
 * pane's context is looked up in "global".
 *
 * Config file ($XDG_CONFIG_HOME/parallax/config), one directive a line:
 *
 *     # comment
 *     bind <context> <key> <action>      (action "none" unbinds)
 *
 * Keys: a character (j, *, /), Space, Enter, Tab, S-Tab, Esc, Backspace,
 * Up, Down, Left, Right, PgUp, PgDn, Home, End, F1..F12, C-x (control),
 * M-x (alt), '' (quote twice). */
#ifndef PX_UI_KEYMAP_H
#define PX_UI_KEYMAP_H

#include <stddef.h>

typedef enum ui_ctx {
	CTX_GLOBAL, CTX_LIST, CTX_READER, CTX_ACTORS, CTX_MENTIONS,
	CTX_RESULTS, CTX_HELP, CTX_COUNT
} ui_ctx;

typedef enum ui_action {
	ACT_NONE,
	ACT_QUIT, ACT_BACK, ACT_HELP, ACT_NEXT_PANE, ACT_PREV_PANE, ACT_FOCUS_LIST,
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_HALF_DOWN, ACT_HALF_UP,
	ACT_TOP, ACT_BOTTOM, ACT_OPEN, ACT_NEXT_ART, ACT_PREV_ART,
	ACT_SEARCH, ACT_SEARCH_ALL, ACT_NEXT_HIT, ACT_PREV_HIT,
	ACT_NEXT_HIT_ART, ACT_PREV_HIT_ART,
	ACT_NEXT_MENTION, ACT_PREV_MENTION, ACT_NEXT_SOURCE, ACT_PREV_SOURCE,
	ACT_ACTORS, ACT_MENTIONS, ACT_JUMP_BACK, ACT_STRIPPED, ACT_INFO, ACT_REDRAW,
	ACT_SAVE, ACT_MONOCLE, ACT_HIGHLIGHT, ACT_FILTER, ACT_PERCENT, ACT_PIPE, ACT_ACTOR_COLOURS, ACT_OPEN_URL, ACT_MARK,
	ACT_COUNT
} ui_action;

struct ui_action_info {
	const char *name;  /* as written in the config file */
	const char *help;  /* one line for the help screen */
	const char *hint;  /* a word for the hint bar, or NULL */
};

const struct ui_action_info *keymap_action_info(ui_action a);
const char *keymap_ctx_name(ui_ctx c);

/* Key codes: characters are their code points, curses KEY_* codes are
 * KEYMAP_FN(code); Alt adds KEYMAP_ALT; KEYMAP_QUOTE2 is the sequence ''. */
#define KEYMAP_ALT 0x40000000
#define KEYMAP_QUOTE2 0x20000001
/* A curses function key (KEY_DOWN, KEY_F(1), ...), kept apart from the
 * characters whose code points share its numbers (U+0101..U+01FF). */
#define KEYMAP_FN(k) (0x10000000 | (k))

struct ui_binding {
	int ctx, key, action;
};

typedef struct keymap {
	struct ui_binding *v;
	size_t n, cap;
} keymap;

/* The default bindings. 0, or -1 when memory ran out. */
int keymap_init(keymap *km);
void keymap_free(keymap *km);

/* Bind key in ctx to action (ACT_NONE unbinds), replacing a binding of the
 * same key there. 0 or -1 (no memory). */
int keymap_bind(keymap *km, int ctx, int key, int action);

/* The action of key in ctx, else in global; ACT_NONE if unbound. */
int keymap_lookup(const keymap *km, int ctx, int key);

int keymap_parse_key(const char *name);         /* -1 if unknown */
int keymap_parse_ctx(const char *name);         /* -1 if unknown */
int keymap_parse_action(const char *name);      /* -1 if unknown */
/* The name of key into buf (always NUL-terminated). */
void keymap_key_name(int key, char *buf, size_t n);

/* Every key bound to action in ctx (exactly that context), as "j, Down",
 * into buf; returns how many. */
size_t keymap_keys_for(const keymap *km, int ctx, int action, char *buf, size_t n);

/* Read a config file: each bad line is reported through diag with
 * "file:line: message" and skipped. Returns the number of bad lines, or
 * -1 if the file exists but cannot be read (a missing file is 0). */
typedef void (*keymap_diag_fn)(void *ctx, const char *msg);
int keymap_load(keymap *km, const char *path, keymap_diag_fn diag, void *ctx);

#endif
