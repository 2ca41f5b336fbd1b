/* history.h - what was searched, newest last, kept across sessions in
 * $XDG_STATE_HOME/parallax/history (or ~/.local/state/parallax/history).
 * No curses here: unit-tested alone. */
#ifndef PARALLAX_UI_HISTORY_H
#define PARALLAX_UI_HISTORY_H

#include <stddef.h>
#include "parallax/error.h"

#define HISTORY_MAX 200   /* entries kept */
#define HISTORY_LEN 1000  /* bytes of one entry, as the prompt takes */

typedef struct history {
	char **v;  /* owned strings, oldest first */
	size_t n;
	int dirty; /* added to since loaded */
	int keep;  /* the file could not be read: it is not written over */
} history;

/* The history file's path (a new string, px_free), or NULL without
 * $XDG_STATE_HOME or $HOME. */
char *history_path(void);

/* Read path into h (empty when it does not exist). A file is read as
 * untrusted text: lines that are not valid UTF-8, hold a control
 * character or are too long are skipped; the last HISTORY_MAX count. A
 * file that is there but cannot be read (over 4 MB, unreadable, not a
 * regular file) sets h->keep: history_save leaves it alone. -1 only when
 * memory ran out. */
int history_load(history *h, const char *path);

/* Add s (len bytes) as the newest entry; an equal older entry is dropped
 * and the oldest go past HISTORY_MAX. -1 when memory ran out. */
int history_add(history *h, const char *s, size_t len);

/* Write h to path atomically (temporary + rename), its directory made
 * when missing; through a symbolic link to where it points. */
px_status history_save(const history *h, const char *path, px_error *err);

void history_free(history *h);

#endif
