/* screen.h - a real terminal for the screen tests: the program under a
 * pty (forkpty), its output rendered by libvterm, keys written to it.
 * Every check waits for the screen to match (polling the pty in 10 ms
 * slices) instead of sleeping; the timeout is 5 s, 15 s when CI is set. */
#ifndef PX_TEST_SCREEN_H
#define PX_TEST_SCREEN_H

#include <vterm.h>

typedef struct scr scr;

/* Run argv (argv[0] a path) in a rows x cols terminal with TERM,
 * LANG=C.UTF-8 and a fresh HOME/XDG_CONFIG_HOME; env holds extra
 * "NAME=VALUE" (or "NAME" to unset) entries, NULL-terminated, may be NULL. */
scr *scr_start(int rows, int cols, char *const argv[], const char *const env[]);
void scr_free(scr *s);

/* Read what the program wrote for up to ms (until it goes quiet if
 * ms < 0: no output for 100 ms). */
void scr_pump(scr *s, int ms);

void scr_send(scr *s, const char *bytes);
void scr_resize(scr *s, int rows, int cols);

/* The text of a row, UTF-8, trailing spaces kept (static buffer). */
const char *scr_row(scr *s, int row);
/* Find text; 1 and its position (first match), else 0. */
int scr_find(scr *s, const char *text, int *row, int *col);
/* The same, at or right of column mincol. */
int scr_find_from(scr *s, const char *text, int mincol, int *row, int *col);
/* Wait until text is (appears != 0) or is not on the screen: 1 if so. */
int scr_wait(scr *s, const char *text, int appears);
/* Wait until row holds text (or each of its tab-separated parts). */
int scr_wait_row(scr *s, int row, const char *text);
int scr_cell(scr *s, int row, int col, VTermScreenCell *c);
/* The indexed colour of a cell's fg/bg, or -1 (default or RGB). */
int scr_fg(scr *s, int row, int col);
int scr_bg(scr *s, int row, int col);

int scr_altscreen(scr *s);
int scr_cursor_visible(scr *s);
int scr_title_set(scr *s);
/* The mouse reporting mode the program asked for (0: none). */
int scr_mouse(scr *s);
int scr_rows(scr *s);
int scr_cols(scr *s);

/* Wait for the program to exit: 1 and its wait status in *status. */
int scr_wait_exit(scr *s, int *status);
void scr_kill(scr *s, int sig);

/* What the program wrote on standard error (a file, not the screen). */
const char *scr_stderr(scr *s);
/* Whether a sanitizer reported something on standard error (printed as
 * TAP comments if so). */
int scr_sanitizer_reports(scr *s);

/* Print the screen as TAP comments. */
void scr_dump(scr *s);

/* The timeout, in ms. */
int scr_timeout(void);

#endif
