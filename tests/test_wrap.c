/* test_wrap.c - the reader's line breaking (src/ui/wrap.c) and key map
 * (src/ui/keymap.c): UAX #14 breaks, display widths, wide characters at
 * the edge, long words, huge paragraphs; key names and the config file. */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "keymap.h"
#include "tap.h"
#include "wrap.h"

/* All rows of s at width cols, as "row|row|row". */
static char *rows_of(const char *s, int cols)
{
	static char out[4096];
	size_t len = strlen(s), p = 0, o = 0;
	out[0] = 0;
	while (p < len && o < sizeof out - 200) {
		size_t e = wrap_row(s, len, p, cols);
		if (e <= p)
			return strcpy(out, "NO PROGRESS");
		size_t n = e - p;
		while (n > 0 && s[p + n - 1] == ' ')
			n--; /* hanging spaces are not drawn */
		if (o)
			out[o++] = '|';
		memcpy(out + o, s + p, n);
		o += n;
		out[o] = 0;
		p = e;
	}
	return out;
}

static int max_row_cols(const char *s, int cols)
{
	size_t len = strlen(s), p = 0;
	int worst = 0;
	while (p < len) {
		size_t e = wrap_row(s, len, p, cols);
		size_t n = e - p;
		while (n > 0 && s[p + n - 1] == ' ')
			n--;
		int w = (int)wrap_str_cols(s + p, n);
		if (w > worst)
			worst = w;
		p = e;
	}
	return worst;
}

int main(void)
{
	is_str(rows_of("the quick brown fox jumps", 10), "the quick|brown fox|jumps",
	       "words wrap at spaces");
	is_str(rows_of("abcdefghijklmnop", 5), "abcde|fghij|klmno|p",
	       "a word longer than the row is cut");
	is_str(rows_of("well-known fact", 8), "well-|known|fact",
	       "a hyphen is a break opportunity");
	is_int(wrap_char_cols(0x6F22), 2, "CJK is two columns");
	is_int(wrap_char_cols(0x0301), 0, "a combining mark is zero columns");
	is_int(wrap_char_cols('a'), 1, "ASCII is one column");
	/* 漢字漢字漢: 10 columns; width 5 must never split a wide character */
	is_str(rows_of("漢字漢字漢", 5), "漢字|漢字|漢", "CJK: two per 5 columns, none split");
	ok(max_row_cols("漢字漢字漢字漢字 漢字漢字", 7) <= 7, "no CJK row is wider than the pane");
	is_str(rows_of("a漢", 2), "a|漢", "a wide character that does not fit moves down");
	is_str(rows_of("漢", 1), "漢", "a wide character in a 1-column pane: alone, no loop");
	is_str(rows_of("😀😀😀", 4), "😀😀|😀", "emoji are two columns");
	is_str(rows_of("e\xcc\x81te e\xcc\x81te", 4), "e\xcc\x81te|e\xcc\x81te",
	       "combining marks take no column");
	is_str(rows_of("שלום עולם טוב", 5), "שלום|עולם|טוב",
	       "RTL text: logical order kept, broken at spaces");
	size_t fit;
	int used;
	fit = wrap_fit("ab漢c", 5, 3, &used);
	is_int(fit, 2, "wrap_fit stops before a wide char that would straddle");
	is_int(used, 2, "wrap_fit reports the columns used");

	/* rows are consistent backwards and forwards */
	const char *para = "Secretary of State Mike Pompeo told Iraqi Prime Minister "
	                   "Mustafa al-Kadhimi about the plan for a departure.";
	size_t len = strlen(para), starts[64], n = 0, p = 0;
	while (p < len && n < 64) {
		starts[n++] = p;
		p = wrap_row(para, len, p, 17);
	}
	int okb = 1;
	for (size_t i = 1; i < n; i++)
		okb &= wrap_prev(para, len, starts[i], 17) == starts[i - 1];
	ok(okb, "wrap_prev walks back over the same rows");
	int oka = 1;
	for (size_t i = 0; i < n; i++)
		oka &= wrap_row_at(para, len, starts[i] + 1, 17) == starts[i];
	ok(oka, "wrap_row_at finds the row holding a byte");
	ok(wrap_row_at(para, len, len, 17) == starts[n - 1], "wrap_row_at(len) is the last row");

	/* a 100 MB paragraph: rows cost the same as on a short one */
	size_t big = (size_t)100 << 20;
	char *huge = malloc(big + 1);
	ok(huge != NULL, "allocate 100 MB");
	if (huge) {
		for (size_t i = 0; i < big; i++)
			huge[i] = (i % 7 == 6) ? ' ' : 'x';
		huge[big] = 0;
		clock_t t0 = clock();
		size_t q = 0;
		for (int i = 0; i < 1000; i++)
			q = wrap_row(huge, big, q, 80);
		size_t last = wrap_row_at(huge, big, big, 80);
		size_t prev = wrap_prev(huge, big, last, 80);
		double ms = (double)(clock() - t0) * 1000 / CLOCKS_PER_SEC;
		ok(last > big - 100 && prev < last && prev > big - 200,
		   "the last rows of a 100 MB paragraph are found");
		ok(ms < 500, "1000 rows and the end of a 100 MB paragraph in < 0.5 s");
		printf("# %.1f ms\n", ms);
		free(huge);
	}

	/* key map */
	is_int(keymap_parse_key("j"), 'j', "key j");
	is_int(keymap_parse_key("C-o"), 15, "key C-o");
	is_int(keymap_parse_key("M-n"), KEYMAP_ALT | 'n', "key M-n");
	is_int(keymap_parse_key("S-Tab"), KEYMAP_FN(KEY_BTAB), "key S-Tab");
	is_int(keymap_parse_key("F1"), KEYMAP_FN(KEY_F(1)), "key F1");
	is_int(keymap_parse_key("''"), KEYMAP_QUOTE2, "key ''");
	is_int(keymap_parse_key("é"), 0xe9, "a non-ASCII key");
	is_int(keymap_parse_key("bogus"), -1, "an unknown key name");
	char name[40];
	keymap_key_name(KEYMAP_ALT | 'N', name, sizeof name);
	is_str(name, "M-N", "key name of Alt-N");
	keymap_key_name(KEYMAP_FN(KEY_PPAGE), name, sizeof name);
	is_str(name, "PgUp", "key name of PgUp");
	keymap km;
	ok(keymap_init(&km) == 0, "default key map");
	is_int(keymap_lookup(&km, CTX_READER, 'j'), ACT_DOWN, "j is down in the reader (global)");
	is_int(keymap_lookup(&km, CTX_LIST, '\n'), ACT_OPEN, "Enter opens in the list");
	is_int(keymap_lookup(&km, CTX_READER, '*'), ACT_NEXT_MENTION, "* is next-mention");
	is_int(keymap_lookup(&km, CTX_READER, KEYMAP_QUOTE2), ACT_JUMP_BACK, "'' jumps back");
	is_int(keymap_lookup(&km, CTX_READER, 'z'), ACT_NONE, "z is unbound");
	is_int(keymap_lookup(&km, CTX_READER, KEYMAP_FN(KEY_DOWN)), ACT_DOWN, "Down is down");
	is_int(keymap_lookup(&km, CTX_READER, KEY_DOWN), ACT_NONE,
	       "the letter whose code point is KEY_DOWN's (U+0102) is not Down");
	char keys[128];
	keymap_keys_for(&km, CTX_GLOBAL, ACT_HELP, keys, sizeof keys);
	is_str(keys, "?, F1", "help lists its keys");

	char path[] = "/tmp/px-keys-XXXXXX";
	int fd = mkstemp(path);
	const char *cfg = "# my keys\nbind reader z next-mention\nbind list x quit\n"
	                  "bind reader C-k none\nbind nowhere j down\nbind reader j fly\n"
	                  "frobnicate\n";
	ok(fd >= 0 && write(fd, cfg, strlen(cfg)) == (ssize_t)strlen(cfg), "write a config");
	if (fd >= 0)
		close(fd);
	is_int(keymap_load(&km, path, NULL, NULL), 3, "three bad lines reported");
	is_int(keymap_lookup(&km, CTX_READER, 'z'), ACT_NEXT_MENTION, "bind reader z next-mention");
	is_int(keymap_lookup(&km, CTX_LIST, 'x'), ACT_QUIT, "bind list x quit");
	is_int(keymap_lookup(&km, CTX_READER, 'x'), ACT_NONE, "a list binding stays in the list");
	is_int(keymap_lookup(&km, CTX_READER, 'j'), ACT_DOWN, "a bad line changes nothing");
	unlink(path);
	is_int(keymap_load(&km, "/nonexistent/parallax/config", NULL, NULL), 0,
	       "a missing config is fine");
	keymap_free(&km);
	return tap_done();
}
