/* keymap.c - the action table, the default key map and the config file
 * reader (see keymap.h). */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "parallax/alloc.h"

static const struct ui_action_info actions[ACT_COUNT] = {
	[ACT_NONE] = {"none", "unbound", NULL},
	[ACT_QUIT] = {"quit", "quit parallax", "quit"},
	[ACT_BACK] = {"back", "close the view or pane; in the list, quit", "back"},
	[ACT_HELP] = {"help", "this help, generated from the key map", "help"},
	[ACT_NEXT_PANE] = {"next-pane", "focus the next pane", "pane"},
	[ACT_PREV_PANE] = {"prev-pane", "focus the previous pane", NULL},
	[ACT_FOCUS_LIST] = {"focus-list", "focus the article list", NULL},
	[ACT_DOWN] = {"down", "one line (or item) down", NULL},
	[ACT_UP] = {"up", "one line (or item) up", NULL},
	[ACT_PAGE_DOWN] = {"page-down", "one page down", NULL},
	[ACT_PAGE_UP] = {"page-up", "one page up", NULL},
	[ACT_HALF_DOWN] = {"half-down", "half a page down", NULL},
	[ACT_HALF_UP] = {"half-up", "half a page up", NULL},
	[ACT_TOP] = {"top", "first line (or item)", NULL},
	[ACT_BOTTOM] = {"bottom", "last line (or item)", NULL},
	[ACT_OPEN] = {"open", "open the selected article, actor or mention", "open"},
	[ACT_NEXT_ART] = {"next-article", "next article, from anywhere", "article"},
	[ACT_PREV_ART] = {"prev-article", "previous article, from anywhere", NULL},
	[ACT_SEARCH] = {"search", "search the article as you type (C-r: literal)", "search"},
	[ACT_SEARCH_ALL] = {"search-dossier", "search every article; list those matching", "all"},
	[ACT_NEXT_HIT] = {"next-hit", "next search hit (wraps)", "hit"},
	[ACT_PREV_HIT] = {"prev-hit", "previous search hit (wraps)", NULL},
	[ACT_NEXT_HIT_ART] = {"next-hit-article", "next hit, into the next articles", NULL},
	[ACT_PREV_HIT_ART] = {"prev-hit-article", "previous hit, into the previous articles", NULL},
	[ACT_NEXT_MENTION] = {"next-mention", "next mention of the focused actor, across articles", "mention"},
	[ACT_PREV_MENTION] = {"prev-mention", "previous mention of the focused actor", NULL},
	[ACT_NEXT_SOURCE] = {"next-source", "the focused actor in the next source", "source"},
	[ACT_PREV_SOURCE] = {"prev-source", "the focused actor in the previous source", NULL},
	[ACT_ACTORS] = {"actors", "focus the actors pane", "actors"},
	[ACT_MENTIONS] = {"mentions", "every mention of the focused actor", "mentions"},
	[ACT_JUMP_BACK] = {"jump-back", "back to where you were before a jump", "back"},
	[ACT_STRIPPED] = {"toggle-stripped", "show or hide stripped text and why", "stripped"},
	[ACT_INFO] = {"info", "file, outlet, URL and position", "info"},
	[ACT_REDRAW] = {"redraw", "redraw the screen", NULL},
	[ACT_SAVE] = {"save", "save the article's clean text to a new file", "save"},
	[ACT_MONOCLE] = {"toggle-panes", "the focused pane alone, full width; again: all panes", NULL},
	[ACT_HIGHLIGHT] = {"toggle-highlight", "hide or show the search hits' highlighting", NULL},
	[ACT_FILTER] = {"filter", "only the paragraphs that match a pattern (empty: all)", "filter"},
	[ACT_PERCENT] = {"percent", "N%: N percent into the article (or list)", NULL},
	[ACT_PIPE] = {"pipe", "the article's clean text into a shell command", "pipe"},
	[ACT_MARK] = {"mark", "mark a word or pattern in every article, each its colour (empty: none)", "mark"},
	[ACT_OPEN_URL] = {"open-url", "the article's source URL in $BROWSER", "web"},
	[ACT_ACTOR_COLOURS] = {"toggle-actors", "plain text: no actor colours (the current mention stays marked)", "plain"},
};

static const char *const ctx_names[CTX_COUNT] = {
	"global", "list", "reader", "actors", "mentions", "results", "help"
};

const struct ui_action_info *keymap_action_info(ui_action a)
{
	return (unsigned)a < ACT_COUNT ? &actions[a] : &actions[ACT_NONE];
}

const char *keymap_ctx_name(ui_ctx c)
{
	return (unsigned)c < CTX_COUNT ? ctx_names[c] : "?";
}

#define C(x) ((x) & 0x1f)
#define ALT(x) (KEYMAP_ALT | (x))

/* The default key map: less and vim in the text, mutt and newsboat in the
 * lists (see doc/parallax.1, KEYS). */
static const struct ui_binding defaults[] = {
	{CTX_GLOBAL, 'Q', ACT_QUIT},
	{CTX_GLOBAL, 'q', ACT_BACK},
	{CTX_GLOBAL, '?', ACT_HELP},
	{CTX_GLOBAL, KEYMAP_FN(KEY_F(1)), ACT_HELP},
	{CTX_GLOBAL, '\t', ACT_NEXT_PANE},
	{CTX_GLOBAL, KEYMAP_FN(KEY_BTAB), ACT_PREV_PANE},
	{CTX_GLOBAL, 'j', ACT_DOWN},
	{CTX_GLOBAL, KEYMAP_FN(KEY_DOWN), ACT_DOWN},
	{CTX_GLOBAL, C('n'), ACT_DOWN},
	{CTX_GLOBAL, 'k', ACT_UP},
	{CTX_GLOBAL, KEYMAP_FN(KEY_UP), ACT_UP},
	{CTX_GLOBAL, C('p'), ACT_UP},
	{CTX_GLOBAL, ' ', ACT_PAGE_DOWN},
	{CTX_GLOBAL, KEYMAP_FN(KEY_NPAGE), ACT_PAGE_DOWN},
	{CTX_GLOBAL, 'f', ACT_PAGE_DOWN},
	{CTX_GLOBAL, C('f'), ACT_PAGE_DOWN},
	{CTX_GLOBAL, 'b', ACT_PAGE_UP},
	{CTX_GLOBAL, KEYMAP_FN(KEY_PPAGE), ACT_PAGE_UP},
	{CTX_GLOBAL, C('b'), ACT_PAGE_UP},
	{CTX_GLOBAL, 'd', ACT_HALF_DOWN},
	{CTX_GLOBAL, C('d'), ACT_HALF_DOWN},
	{CTX_GLOBAL, 'u', ACT_HALF_UP},
	{CTX_GLOBAL, C('u'), ACT_HALF_UP},
	{CTX_GLOBAL, 'g', ACT_TOP},
	{CTX_GLOBAL, KEYMAP_FN(KEY_HOME), ACT_TOP},
	{CTX_GLOBAL, '<', ACT_TOP},
	{CTX_GLOBAL, 'G', ACT_BOTTOM},
	{CTX_GLOBAL, KEYMAP_FN(KEY_END), ACT_BOTTOM},
	{CTX_GLOBAL, '>', ACT_BOTTOM},
	{CTX_GLOBAL, 'J', ACT_NEXT_ART},
	{CTX_GLOBAL, ']', ACT_NEXT_ART},
	{CTX_GLOBAL, 'K', ACT_PREV_ART},
	{CTX_GLOBAL, '[', ACT_PREV_ART},
	{CTX_GLOBAL, '/', ACT_SEARCH},
	{CTX_GLOBAL, 'F', ACT_SEARCH_ALL},
	{CTX_GLOBAL, 'n', ACT_NEXT_HIT},
	{CTX_GLOBAL, 'N', ACT_PREV_HIT},
	{CTX_GLOBAL, ALT('n'), ACT_NEXT_HIT_ART},
	{CTX_GLOBAL, ALT('N'), ACT_PREV_HIT_ART},
	{CTX_GLOBAL, '*', ACT_NEXT_MENTION},
	{CTX_GLOBAL, '#', ACT_PREV_MENTION},
	{CTX_GLOBAL, 't', ACT_NEXT_SOURCE},
	{CTX_GLOBAL, 'T', ACT_PREV_SOURCE},
	{CTX_GLOBAL, 'a', ACT_ACTORS},
	{CTX_GLOBAL, 'm', ACT_MENTIONS},
	{CTX_GLOBAL, KEYMAP_QUOTE2, ACT_JUMP_BACK},
	{CTX_GLOBAL, C('o'), ACT_JUMP_BACK},
	{CTX_GLOBAL, 'v', ACT_STRIPPED},
	{CTX_GLOBAL, '=', ACT_INFO},
	{CTX_GLOBAL, C('g'), ACT_INFO},
	{CTX_GLOBAL, C('l'), ACT_REDRAW},
	{CTX_GLOBAL, 'S', ACT_SAVE},
	{CTX_GLOBAL, 's', ACT_MONOCLE},
	{CTX_GLOBAL, '&', ACT_FILTER},
	{CTX_GLOBAL, '%', ACT_PERCENT},
	{CTX_GLOBAL, '|', ACT_PIPE},
	{CTX_GLOBAL, 'c', ACT_ACTOR_COLOURS},
	{CTX_GLOBAL, 'o', ACT_OPEN_URL},
	{CTX_GLOBAL, '.', ACT_MARK},
	{CTX_GLOBAL, '\\', ACT_HIGHLIGHT},
	{CTX_GLOBAL, ALT('u'), ACT_HIGHLIGHT},
	{CTX_LIST, '\n', ACT_OPEN},
	{CTX_LIST, KEYMAP_FN(KEY_ENTER), ACT_OPEN},
	{CTX_LIST, 'l', ACT_OPEN},
	{CTX_LIST, KEYMAP_FN(KEY_RIGHT), ACT_OPEN},
	{CTX_READER, '\n', ACT_DOWN},
	{CTX_READER, KEYMAP_FN(KEY_ENTER), ACT_DOWN},
	{CTX_READER, 'e', ACT_DOWN},
	{CTX_READER, 'y', ACT_UP},
	{CTX_READER, 'h', ACT_FOCUS_LIST},
	{CTX_READER, KEYMAP_FN(KEY_LEFT), ACT_FOCUS_LIST},
	{CTX_ACTORS, '\n', ACT_OPEN},
	{CTX_ACTORS, KEYMAP_FN(KEY_ENTER), ACT_OPEN},
	{CTX_MENTIONS, '\n', ACT_OPEN},
	{CTX_MENTIONS, KEYMAP_FN(KEY_ENTER), ACT_OPEN},
	{CTX_RESULTS, '\n', ACT_OPEN},
	{CTX_RESULTS, KEYMAP_FN(KEY_ENTER), ACT_OPEN},
	{CTX_MENTIONS, 27, ACT_BACK},
	{CTX_RESULTS, 27, ACT_BACK},
	{CTX_HELP, 27, ACT_BACK},
};

int keymap_init(keymap *km)
{
	memset(km, 0, sizeof *km);
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (keymap_bind(km, defaults[i].ctx, defaults[i].key, defaults[i].action) < 0)
			return -1;
	return 0;
}

void keymap_free(keymap *km)
{
	px_free(km->v);
	memset(km, 0, sizeof *km);
}

int keymap_bind(keymap *km, int ctx, int key, int action)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].ctx == ctx && km->v[i].key == key) {
			km->v[i].action = action;
			return 0;
		}
	if (px_grow((void **)&km->v, &km->cap, km->n + 1, sizeof *km->v) < 0)
		return -1;
	km->v[km->n].ctx = ctx;
	km->v[km->n].key = key;
	km->v[km->n].action = action;
	km->n++;
	return 0;
}

int keymap_lookup(const keymap *km, int ctx, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].ctx == ctx && km->v[i].key == key)
			return km->v[i].action;
	if (ctx != CTX_GLOBAL)
		for (size_t i = 0; i < km->n; i++)
			if (km->v[i].ctx == CTX_GLOBAL && km->v[i].key == key)
				return km->v[i].action;
	return ACT_NONE;
}

static const struct {
	const char *name;
	int key;
} named[] = {
	{"Space", ' '}, {"Enter", '\n'}, {"Tab", '\t'}, {"S-Tab", KEYMAP_FN(KEY_BTAB)},
	{"Esc", 27}, {"Backspace", KEYMAP_FN(KEY_BACKSPACE)}, {"Up", KEYMAP_FN(KEY_UP)},
	{"Down", KEYMAP_FN(KEY_DOWN)}, {"Left", KEYMAP_FN(KEY_LEFT)}, {"Right", KEYMAP_FN(KEY_RIGHT)},
	{"PgUp", KEYMAP_FN(KEY_PPAGE)}, {"PgDn", KEYMAP_FN(KEY_NPAGE)}, {"Home", KEYMAP_FN(KEY_HOME)},
	{"End", KEYMAP_FN(KEY_END)}, {"KEnter", KEYMAP_FN(KEY_ENTER)}, {"''", KEYMAP_QUOTE2},
};

int keymap_parse_key(const char *s)
{
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (strcasecmp(s, named[i].name) == 0)
			return named[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && s[1] >= '1' && s[1] <= '9') {
		char *end;
		long n = strtol(s + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12)
			return KEYMAP_FN(KEY_F((int)n));
	}
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && s[2] && !s[3]) {
		int c = s[2];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '[' ||
		    c == '\\' || c == ']' || c == '_')
			return c & 0x1f;
		return -1;
	}
	if ((s[0] == 'M' || s[0] == 'm') && s[1] == '-' && s[2]) {
		int k = keymap_parse_key(s + 2);
		return k < 0 || (k & KEYMAP_ALT) || k == KEYMAP_QUOTE2 ? -1 : k | KEYMAP_ALT;
	}
	/* one character, possibly multi-byte UTF-8 */
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] && !u[1])
		return u[0] > 0x20 && u[0] < 0x7f ? u[0] : -1;
	int cp = 0, n = 0;
	if (u[0] >= 0xC2 && u[0] < 0xE0) { cp = u[0] & 0x1f; n = 1; }
	else if (u[0] >= 0xE0 && u[0] < 0xF0) { cp = u[0] & 0x0f; n = 2; }
	else if (u[0] >= 0xF0 && u[0] < 0xF5) { cp = u[0] & 0x07; n = 3; }
	else return -1;
	for (int i = 1; i <= n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	return u[n + 1] ? -1 : cp;
}

int keymap_parse_ctx(const char *name)
{
	for (int i = 0; i < CTX_COUNT; i++)
		if (strcmp(name, ctx_names[i]) == 0)
			return i;
	return -1;
}

int keymap_parse_action(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(name, actions[i].name) == 0)
			return i;
	return -1;
}

void keymap_key_name(int key, char *buf, size_t n)
{
	if (n == 0)
		return;
	buf[0] = 0;
	if (key & KEYMAP_ALT) {
		char inner[32];
		keymap_key_name(key & ~KEYMAP_ALT, inner, sizeof inner);
		snprintf(buf, n, "M-%s", inner);
		return;
	}
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (named[i].key == key) {
			snprintf(buf, n, "%s", named[i].name);
			return;
		}
	if (key >= KEYMAP_FN(KEY_F(1)) && key <= KEYMAP_FN(KEY_F(12))) {
		snprintf(buf, n, "F%d", key - KEYMAP_FN(KEY_F(0)));
		return;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, n, "C-%c", key + 'a' - 1);
		return;
	}
	if (key > 0x20 && key < 0x7f) {
		snprintf(buf, n, "%c", key);
		return;
	}
	if (key >= 0xa0 && key < 0x110000 && !(key >= 0xd800 && key < 0xe000)) {
		char u[5];
		int k = 0;
		if (key < 0x800) {
			u[k++] = (char)(0xC0 | (key >> 6));
		} else if (key < 0x10000) {
			u[k++] = (char)(0xE0 | (key >> 12));
			u[k++] = (char)(0x80 | ((key >> 6) & 0x3f));
		} else {
			u[k++] = (char)(0xF0 | (key >> 18));
			u[k++] = (char)(0x80 | ((key >> 12) & 0x3f));
			u[k++] = (char)(0x80 | ((key >> 6) & 0x3f));
		}
		u[k++] = (char)(0x80 | (key & 0x3f));
		u[k] = 0;
		snprintf(buf, n, "%s", u);
		return;
	}
	snprintf(buf, n, "<%d>", key);
}

size_t keymap_keys_for(const keymap *km, int ctx, int action, char *buf, size_t n)
{
	size_t count = 0, len = 0;
	if (n)
		buf[0] = 0;
	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].ctx != ctx || km->v[i].action != action)
			continue;
		char name[40];
		keymap_key_name(km->v[i].key, name, sizeof name);
		int w = snprintf(buf + len, n > len ? n - len : 0, "%s%s",
		                 count ? ", " : "", name);
		if (w > 0 && len + (size_t)w < n)
			len += (size_t)w;
		count++;
	}
	return count;
}

static void report(keymap_diag_fn diag, void *ctx, const char *path,
                   unsigned line, const char *msg, const char *arg)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s:%u: %s%s%s", path, line, msg,
	         arg ? ": " : "", arg ? arg : "");
	if (diag)
		diag(ctx, buf);
}

int keymap_load(keymap *km, const char *path, keymap_diag_fn diag, void *ctx)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int bad = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *save, *words[5];
		int nw = 0;
		for (char *w = strtok_r(line, " \t\r\n", &save); w && nw < 5;
		     w = strtok_r(NULL, " \t\r\n", &save))
			words[nw++] = w;
		if (nw == 0 || words[0][0] == '#')
			continue;
		if (strcmp(words[0], "bind") != 0) {
			report(diag, ctx, path, lineno, "unknown directive", words[0]);
			bad++;
			continue;
		}
		if (nw != 4) {
			report(diag, ctx, path, lineno, "usage: bind <context> <key> <action>", NULL);
			bad++;
			continue;
		}
		int c = keymap_parse_ctx(words[1]);
		int k = keymap_parse_key(words[2]);
		int a = keymap_parse_action(words[3]);
		if (c < 0 || k < 0 || a < 0) {
			report(diag, ctx, path, lineno,
			       c < 0 ? "unknown context" : k < 0 ? "unknown key" : "unknown action",
			       c < 0 ? words[1] : k < 0 ? words[2] : words[3]);
			bad++;
			continue;
		}
		if (keymap_bind(km, c, k, a) < 0) {
			report(diag, ctx, path, lineno, "out of memory", NULL);
			bad++;
		}
	}
	free(line);
	fclose(f);
	return bad;
}
