/* analysis.h - reader mode and the actors, on a worker thread.
 *
 * The first frame must not wait for them, and the UI must never read the
 * dossier while something writes it. So the worker works on a shadow: a
 * copy of each doc's blocks and of the articles (the texts themselves are
 * shared, read-only on both sides). Reader mode labels the shadow's blocks
 * and splits its articles; the UI thread then copies the labels and the
 * articles over (analysis_take_clean) when it is ready to. The actors are
 * built from the shadow, whose indices are then the dossier's, and handed
 * over whole (analysis_take_actors). */
#ifndef PX_UI_ANALYSIS_H
#define PX_UI_ANALYSIS_H

#include <pthread.h>
#include <stddef.h>
#include "parallax/actors.h"
#include "parallax/dossier.h"

typedef struct ui_analysis ui_analysis;

enum ui_phase {
	PHASE_RULES, PHASE_CLEAN, PHASE_WIRE, PHASE_LEXICON, PHASE_ACTORS,
	PHASE_DONE
};

/* Start the worker on d (read, never written, by the worker). datadir
 * and userdir are copied; userdir may be NULL. NULL if no memory or no
 * thread: the caller goes on without analysis. */
/* Start a thread of the reader's (the loader, the analysis) with the
 * signals the screen handles blocked in it, and so in every thread it
 * starts: Ctrl-C, SIGTERM, SIGHUP, a resize and Ctrl-Z then always reach
 * the thread that runs curses, which they interrupt at once; a worker
 * must never run curses' own handlers. pthread_create's result. */
int ui_thread_create(pthread_t *th, void *(*fn)(void *), void *arg);

ui_analysis *analysis_start(const px_dossier *d, const char *datadir,
                            const char *userdir);

/* The phase, and within it how many docs are done out of how many. */
enum ui_phase analysis_progress(ui_analysis *an, size_t *done, size_t *total);

/* If reader mode has finished and not been taken yet: copy its labels
 * and articles into d (which must be the dossier given to
 * analysis_start) and return 1; else 0. -1 if that ran out of memory
 * (d is then unchanged). */
int analysis_take_clean(ui_analysis *an, px_dossier *d);

/* If the actors are ready and reader mode has been taken: hand them over
 * (the caller frees them with px_actors_free) and return 1; else 0. */
int analysis_take_actors(ui_analysis *an, px_actors **out);

/* Messages the worker left (rule files with errors, a failed phase), one
 * per line, or NULL; a new string for the caller (px_free). */
char *analysis_take_messages(ui_analysis *an);

/* Stop the worker (at the next doc, or when the actors are built), wait
 * for it and free everything but what was handed over. The rule set is
 * kept until then, because the blocks' reasons point into it. */
void analysis_free(ui_analysis *an);

#endif
