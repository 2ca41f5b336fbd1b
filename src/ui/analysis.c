/* analysis.c - reader mode and actors on a worker thread (see analysis.h).
 *
 * Shared between the threads: the phase and progress counters (atomics),
 * and under the mutex the "ready" flags, the finished actors and the
 * messages. The shadow dossier belongs to the worker until it sets
 * clean_ready; from then on both threads only read it. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "parallax/threads.h"
#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/clean.h"
#include "parallax/sbuf.h"

struct ui_analysis {
	const px_dossier *d;
	px_dossier shadow;
	char *datadir, *userdir;
	px_rules *rules;
	px_lexicon *lex;
	pthread_t thread;
	int started;
	atomic_int phase;
	atomic_size_t done, total;
	atomic_int cancel;

	pthread_mutex_t lock;
	int clean_ready, clean_taken, clean_ok;
	px_actors *actors;
	int actors_ready;
	px_sbuf msgs;
};

static void note(void *ctx, const char *msg)
{
	ui_analysis *an = ctx;
	pthread_mutex_lock(&an->lock);
	if (an->msgs.len < 4096) {
		px_sbuf_puts(&an->msgs, msg);
		px_sbuf_putc(&an->msgs, '\n');
	}
	pthread_mutex_unlock(&an->lock);
}

/* The shadow: docs share path and text with d, own copies of blocks. */
static int shadow_build(ui_analysis *an)
{
	const px_dossier *d = an->d;
	px_dossier *s = &an->shadow;
	px_dossier_init(s);
	s->docs = px_calloc(d->ndocs ? d->ndocs : 1, sizeof *s->docs);
	s->arts = px_calloc(d->narts ? d->narts : 1, sizeof *s->arts);
	if (!s->docs || !s->arts)
		return -1;
	s->docs_cap = d->ndocs ? d->ndocs : 1;
	s->arts_cap = d->narts ? d->narts : 1;
	for (size_t i = 0; i < d->ndocs; i++) {
		px_doc *t = &s->docs[i];
		*t = d->docs[i];
		t->blocks = px_malloc((d->docs[i].nblocks ? d->docs[i].nblocks : 1) *
		                      sizeof *t->blocks);
		s->ndocs = i + 1;
		if (!t->blocks)
			return -1;
		if (d->docs[i].nblocks)
			memcpy(t->blocks, d->docs[i].blocks,
			       d->docs[i].nblocks * sizeof *t->blocks);
	}
	for (size_t i = 0; i < d->narts; i++) {
		s->narts = i + 1;
		if (px_article_copy(&s->arts[i], &d->arts[i]) < 0)
			return -1;
	}
	return 0;
}

static void shadow_free(px_dossier *s)
{
	for (size_t i = 0; i < s->ndocs; i++) {
		/* shared with the real dossier: not ours to free */
		s->docs[i].path = NULL;
		memset(&s->docs[i].text, 0, sizeof s->docs[i].text);
		s->docs[i].repairs = NULL;
	}
	px_dossier_free(s);
}

static int clean_progress(void *ctx)
{
	ui_analysis *an = ctx;
	atomic_fetch_add(&an->done, 1);
	return atomic_load(&an->cancel) != 0;
}

/* Reader mode over the whole shadow, on every core, counting docs for the
 * status line. 0, or -1 (cancelled, or a failure noted). */
static int clean_all(ui_analysis *an)
{
	px_error err = {0};
	px_status st = px_clean_docs(&an->shadow, an->rules, clean_progress, an, &err);
	if (st != PX_OK && st != PX_ERR_LIMIT)
		note(an, err.msg);
	return st == PX_OK ? 0 : -1;
}

static void *worker(void *arg)
{
	ui_analysis *an = arg;
	px_error err = {0};
	int ok = shadow_build(an) == 0;
	if (!ok)
		note(an, "analysis: out of memory");

	atomic_store(&an->phase, PHASE_RULES);
	char *cache = ok ? px_cache_file("rules.cache") : NULL;
	if (ok && px_rules_load_cached(&an->rules, an->datadir, an->userdir, cache, note, an,
	                               &err) != PX_OK) {
		note(an, err.msg);
		an->rules = NULL;
	}
	px_free(cache);
	int clean_ok = 0;
	if (ok && an->rules) {
		atomic_store(&an->phase, PHASE_CLEAN);
		atomic_store(&an->total, an->shadow.ndocs);
		clean_ok = clean_all(an) == 0;
		if (clean_ok && !atomic_load(&an->cancel)) {
			atomic_store(&an->phase, PHASE_WIRE);
			if (px_clean_wire(&an->shadow, &err) != PX_OK)
				note(an, err.msg); /* the labels stand without it */
		}
	}
	pthread_mutex_lock(&an->lock);
	an->clean_ok = clean_ok;
	an->clean_ready = 1;
	pthread_mutex_unlock(&an->lock);

	/* from here on the shadow is read-only */
	px_actors *actors = NULL;
	if (ok && !atomic_load(&an->cancel)) {
		atomic_store(&an->phase, PHASE_LEXICON);
		if (px_lexicon_load(&an->lex, an->datadir, an->userdir, note, an,
		                    &err) != PX_OK) {
			note(an, err.msg);
			an->lex = NULL;
		}
		if (an->lex && !atomic_load(&an->cancel)) {
			atomic_store(&an->phase, PHASE_ACTORS);
			if (px_actors_build(&an->shadow, an->lex, &actors, &err) != PX_OK) {
				note(an, err.msg);
				actors = NULL;
			}
		}
	}
	pthread_mutex_lock(&an->lock);
	an->actors = actors;
	an->actors_ready = 1;
	pthread_mutex_unlock(&an->lock);
	atomic_store(&an->phase, PHASE_DONE);
	return NULL;
}

int ui_thread_create(pthread_t *th, void *(*fn)(void *), void *arg)
{
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGTSTP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(th, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

ui_analysis *analysis_start(const px_dossier *d, const char *datadir,
                            const char *userdir)
{
	ui_analysis *an = px_calloc(1, sizeof *an);
	if (!an)
		return NULL;
	an->d = d;
	px_dossier_init(&an->shadow);
	an->datadir = px_strdup(datadir ? datadir : ".");
	an->userdir = userdir ? px_strdup(userdir) : NULL;
	pthread_mutex_init(&an->lock, NULL);
	atomic_init(&an->phase, PHASE_RULES);
	atomic_init(&an->done, 0);
	atomic_init(&an->total, d->ndocs);
	atomic_init(&an->cancel, 0);
	if (!an->datadir || (userdir && !an->userdir) ||
	    ui_thread_create(&an->thread, worker, an) != 0) {
		analysis_free(an);
		return NULL;
	}
	an->started = 1;
	return an;
}

enum ui_phase analysis_progress(ui_analysis *an, size_t *done, size_t *total)
{
	*done = atomic_load(&an->done);
	*total = atomic_load(&an->total);
	return (enum ui_phase)atomic_load(&an->phase);
}

int analysis_take_clean(ui_analysis *an, px_dossier *d)
{
	pthread_mutex_lock(&an->lock);
	int ready = an->clean_ready && !an->clean_taken;
	int ok = an->clean_ok;
	pthread_mutex_unlock(&an->lock);
	if (!ready)
		return 0;
	if (!ok) {
		an->clean_taken = 1;
		return 0;
	}
	const px_dossier *s = &an->shadow;
	if (s->ndocs != d->ndocs)
		return -1;
	for (size_t i = 0; i < d->ndocs; i++)
		if (s->docs[i].nblocks != d->docs[i].nblocks)
			return -1;
	/* copy the articles first: the only step that can fail */
	px_article *arts = px_calloc(s->narts ? s->narts : 1, sizeof *arts);
	if (!arts)
		return -1;
	for (size_t i = 0; i < s->narts; i++) {
		if (px_article_copy(&arts[i], &s->arts[i]) < 0) {
			for (size_t j = 0; j <= i; j++)
				px_article_clear(&arts[j]);
			px_free(arts);
			return -1;
		}
	}
	for (size_t i = 0; i < d->ndocs; i++)
		if (d->docs[i].nblocks)
			memcpy(d->docs[i].blocks, s->docs[i].blocks,
			       d->docs[i].nblocks * sizeof *d->docs[i].blocks);
	for (size_t i = 0; i < d->narts; i++)
		px_article_clear(&d->arts[i]);
	px_free(d->arts);
	d->arts = arts;
	d->narts = s->narts;
	d->arts_cap = s->narts ? s->narts : 1;
	an->clean_taken = 1;
	return 1;
}

int analysis_take_actors(ui_analysis *an, px_actors **out)
{
	*out = NULL;
	pthread_mutex_lock(&an->lock);
	int ready = an->actors_ready && an->clean_taken && an->actors;
	if (ready) {
		*out = an->actors;
		an->actors = NULL;
	}
	pthread_mutex_unlock(&an->lock);
	return ready;
}

char *analysis_take_messages(ui_analysis *an)
{
	pthread_mutex_lock(&an->lock);
	char *m = an->msgs.len ? px_sbuf_detach(&an->msgs, NULL) : NULL;
	pthread_mutex_unlock(&an->lock);
	return m;
}

void analysis_free(ui_analysis *an)
{
	if (!an)
		return;
	atomic_store(&an->cancel, 1);
	if (an->started)
		pthread_join(an->thread, NULL);
	px_actors_free(an->actors);
	shadow_free(&an->shadow);
	px_lexicon_free(an->lex);
	px_rules_free(an->rules);
	px_sbuf_free(&an->msgs);
	pthread_mutex_destroy(&an->lock);
	px_free(an->datadir);
	px_free(an->userdir);
	px_free(an);
}
