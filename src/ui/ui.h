/* ui.h - the interactive reader: panes over the dossier model.
 *
 * px_ui_run takes the terminal (stdout; keys from stdin, or from /dev/tty
 * when stdin is not a terminal), shows the first article at once and the
 * rest of the list when it is loaded, runs reader mode and the actor
 * engine on a worker
 * thread and swaps their results in as they finish, and gives the
 * terminal back in the state it found it on every exit path (q/Q,
 * Ctrl-C, SIGTERM, SIGHUP; Ctrl-Z suspends and resumes). */
#ifndef PX_UI_H
#define PX_UI_H

#include "../cli/cli.h"
#include "parallax/dossier.h"

/* px_ui_run's result when the terminal cannot run the reader (TERM
 * unset, unknown, or without cursor addressing, like "dumb"); a one-line
 * reason has been written to *why. */
#define PX_UI_NO_TERMINAL (-1)

/* Whether the terminal can run the reader; if not, *why says why. */
int px_ui_usable(char *why, size_t n);

/* Load paths into d (initialised, empty) and run the reader on it: the
 * first file is loaded before the first frame, the others on a thread
 * and added when they are all read. Returns 0 after q/Q, 128 + the
 * signal's number after SIGINT/SIGTERM/SIGHUP, or 1 when memory ran out;
 * d then holds the whole dossier and its diagnostics, for the caller to
 * report. PX_UI_NO_TERMINAL (see above) before anything was loaded. */
int px_ui_run(px_dossier *d, const char *const *paths, size_t npaths,
              const px_options *o, char *why, size_t n);

#endif
