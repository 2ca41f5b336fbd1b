/* dossier.c - loading inputs into the model.
 *
 * px_dossier_load reads, decodes and segments the files on several threads
 * (one per core, at most PX_LOAD_THREADS_MAX; PARALLAX_THREADS=N overrides,
 * 1 loads on the calling thread alone). Each file is one job written into
 * its own slot; the slots are then appended in path order, so the dossier,
 * its diagnostics and every output are the same whatever the thread count. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax/threads.h"
#include "parallax/alloc.h"
#include "parallax/dossier.h"
#include "parallax/source.h"

#define PX_LOAD_THREADS_MAX 16
/* below this many files per thread, threads cost more than they save */
#define PX_LOAD_FILES_PER_THREAD 8

void px_dossier_init(px_dossier *d)
{
	memset(d, 0, sizeof *d);
	d->max_bytes = PX_SOURCE_DEFAULT_MAX;
}

void px_article_clear(px_article *a)
{
	px_free(a->title);
	px_free(a->byline);
	px_free(a->date);
	px_free(a->outlet);
	px_free(a->url);
	a->title = a->byline = a->date = a->outlet = a->url = NULL;
}

int px_article_copy(px_article *to, const px_article *from)
{
	*to = *from;
	to->title = to->byline = to->date = to->outlet = to->url = NULL;
	return (from->title && !(to->title = px_strdup(from->title))) ||
	       (from->byline && !(to->byline = px_strdup(from->byline))) ||
	       (from->date && !(to->date = px_strdup(from->date))) ||
	       (from->outlet && !(to->outlet = px_strdup(from->outlet))) ||
	       (from->url && !(to->url = px_strdup(from->url)))
	       ? -1 : 0;
}

static void doc_free(px_doc *doc)
{
	px_free(doc->path);
	px_text_free(&doc->text);
	px_free(doc->blocks);
	px_free(doc->repairs);
}

void px_dossier_free(px_dossier *d)
{
	for (size_t i = 0; i < d->ndocs; i++)
		doc_free(&d->docs[i]);
	for (size_t i = 0; i < d->narts; i++)
		px_article_clear(&d->arts[i]);
	for (size_t i = 0; i < d->ndiags; i++) {
		px_free(d->diags[i].path);
		px_free(d->diags[i].msg);
	}
	px_free(d->docs);
	px_free(d->arts);
	px_free(d->diags);
	px_dossier_init(d);
}

px_status px_dossier_diag(px_dossier *d, const char *path, px_status status,
                          const char *msg)
{
	if (px_grow((void **)&d->diags, &d->diags_cap, d->ndiags + 1, sizeof *d->diags) < 0)
		return PX_ERR_NOMEM;
	px_diag *g = &d->diags[d->ndiags];
	g->path = px_strdup(path);
	g->msg = px_strdup(msg);
	g->status = status;
	if (!g->path || !g->msg) {
		px_free(g->path);
		px_free(g->msg);
		return PX_ERR_NOMEM;
	}
	d->ndiags++;
	return PX_OK;
}

/* Give back what a growing buffer reserved beyond n bytes. A shrink that
 * fails keeps the block as it is, so it is no allocation failure: it goes
 * to realloc itself, past the failure injection of px_realloc. */
static void *shrink(void *p, size_t n)
{
	void *q = p ? realloc(p, n ? n : 1) : NULL;
	return q ? q : p;
}

/* The doc keeps its text for the whole session: trim its buffers. */
static void doc_trim(px_doc *doc)
{
	doc->text.s = shrink(doc->text.s, doc->text.len + 1);
	doc->text.anchors = shrink(doc->text.anchors,
	                           doc->text.nanchors * sizeof *doc->text.anchors);
	doc->blocks = shrink(doc->blocks, doc->nblocks * sizeof *doc->blocks);
}

/* Decode and segment bytes into *doc (path copied from name). When owned
 * is given, it holds bytes and is freed as soon as they are decoded: a
 * huge file then never has its bytes, its decoded text and its reading
 * text in memory at once. */
static px_status doc_make(px_doc *doc, const char *name, const unsigned char *bytes,
                          size_t len, unsigned char **owned, px_error *err)
{
	memset(doc, 0, sizeof *doc);
	if (px_source_is_binary(bytes, len))
		return px_error_set(err, PX_ERR_BINARY, "binary file (not text); skipped");
	px_decoded dec;
	px_status s = px_decode(bytes, len, &dec, err);
	if (owned) {
		px_free(*owned);
		*owned = NULL;
	}
	if (s != PX_OK)
		return s;
	s = px_segment(&dec.text, &doc->text, &doc->blocks, &doc->nblocks, err);
	px_text_free(&dec.text);
	if (s != PX_OK) {
		px_free(dec.repairs);
		memset(doc, 0, sizeof *doc);
		return s;
	}
	doc->repairs = dec.repairs;
	doc->nrepairs = dec.nrepairs;
	doc->nrepairs_total = dec.nrepairs_total;
	doc->charset = dec.charset;
	doc->html = dec.html;
	doc_trim(doc);
	doc->path = px_strdup(name);
	if (!doc->path) {
		doc_free(doc);
		memset(doc, 0, sizeof *doc);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	return PX_OK;
}

/* Append a made doc and its one article; room must have been made. */
static void doc_append(px_dossier *d, const px_doc *doc)
{
	px_article *a = &d->arts[d->narts++];
	memset(a, 0, sizeof *a);
	a->doc = d->ndocs;
	a->block_first = 0;
	a->block_end = (uint32_t)doc->nblocks;
	a->part = a->nparts = 1;
	a->wire_of = -1;
	d->docs[d->ndocs++] = *doc;
}

static int make_room(px_dossier *d, size_t n)
{
	return px_grow((void **)&d->docs, &d->docs_cap, d->ndocs + n, sizeof *d->docs) < 0 ||
	       px_grow((void **)&d->arts, &d->arts_cap, d->narts + n, sizeof *d->arts) < 0
	       ? -1 : 0;
}

px_status px_dossier_add_bytes(px_dossier *d, const char *name,
                               const unsigned char *bytes, size_t len,
                               px_error *err)
{
	if (make_room(d, 1) < 0)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	px_doc doc;
	px_status s = doc_make(&doc, name, bytes, len, NULL, err);
	if (s != PX_OK)
		return s;
	doc_append(d, &doc);
	return PX_OK;
}

typedef struct skip_ctx {
	px_dossier *d;
	int nomem;
} skip_ctx;

static void on_skip(void *ctx, const char *path, px_status why, const char *msg)
{
	skip_ctx *c = ctx;
	if (px_dossier_diag(c->d, path, why, msg) != PX_OK)
		c->nomem = 1;
}

/* One file's outcome: the doc goes straight into d->docs[base + i]. */
typedef struct load_slot {
	px_status status;
	char *msg; /* owned; set when status is not PX_OK */
} load_slot;

typedef struct load_job {
	const px_pathlist *list;
	px_doc *docs;       /* d->docs + base: one per path */
	load_slot *slots;
	size_t max_bytes;
	atomic_size_t next; /* the next path to take */
	atomic_int stop;    /* set when memory ran out: take no more */
} load_job;

/* The directory of the last file a worker read, kept open: the next
 * file of the same directory (most are: a dossier's files share a few
 * directories) is opened by its last name, and the kernel walks one name
 * instead of the whole path (open's samples -19 % on 1,000 files). */
typedef struct dir_cache {
	int fd;           /* -1: none */
	const char *path; /* the directory, as the start of a path of the list */
	size_t len;
} dir_cache;

/* The directory to open path's last name in (*base), or AT_FDCWD with
 * *base the whole path (no directory in it, or it cannot be opened: the
 * open of the file then says why). */
static int dir_of(dir_cache *dc, const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = path;
	if (!slash || !slash[1])
		return AT_FDCWD;
	size_t len = slash == path ? 1 : (size_t)(slash - path);
	if (dc->fd >= 0 && dc->len == len && !memcmp(dc->path, path, len)) {
		*base = slash + 1;
		return dc->fd;
	}
	if (dc->fd >= 0)
		close(dc->fd);
	dc->fd = -1;
	char *dir = px_strndup(path, len);
	if (!dir)
		return AT_FDCWD;
	/* (a directory one may search but not list fails here, and its
	 * files are opened by their whole paths) */
	dc->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	px_free(dir);
	if (dc->fd < 0)
		return AT_FDCWD;
	dc->path = path;
	dc->len = len;
	*base = slash + 1;
	return dc->fd;
}

static void load_one(load_job *j, dir_cache *dc, size_t i)
{
	const char *path = j->list->v[i];
	load_slot *sl = &j->slots[i];
	unsigned char *bytes = NULL;
	size_t len = 0;
	px_error e = {0};
	const char *base;
	int dfd = dir_of(dc, path, &base);
	px_status r = px_source_read_at(dfd, base, path, j->list->regular[i] ? PX_SOURCE_REGULAR : 0,
	                                j->max_bytes, &bytes, &len, &e);
	if (r == PX_OK) {
		r = doc_make(&j->docs[i], path, bytes, len, &bytes, &e);
		px_free(bytes); /* if doc_make did not get to it */
	}
	sl->status = r;
	if (r != PX_OK && r != PX_ERR_NOMEM && !(sl->msg = px_strdup(e.msg)))
		sl->status = r = PX_ERR_NOMEM;
	if (r == PX_ERR_NOMEM)
		atomic_store(&j->stop, 1);
}

static void *load_worker(void *arg)
{
	load_job *j = arg;
	dir_cache dc = {-1, NULL, 0};
	for (;;) {
		if (atomic_load(&j->stop))
			break;
		size_t i = atomic_fetch_add(&j->next, 1);
		if (i >= j->list->n)
			break;
		load_one(j, &dc, i);
	}
	if (dc.fd >= 0)
		close(dc.fd);
	return NULL;
}

static size_t load_threads(size_t n)
{
	return px_threads_for(n, PX_LOAD_FILES_PER_THREAD, PX_LOAD_THREADS_MAX);
}

px_status px_dossier_load(px_dossier *d, const char *const *paths, size_t n,
                          px_error *err)
{
	px_pathlist list = {0};
	skip_ctx sc = {d, 0};
	px_status s = PX_OK;
	for (size_t i = 0; i < n && s == PX_OK; i++)
		s = px_paths_expand(&list, paths[i], on_skip, &sc, err);
	if (s != PX_OK || sc.nomem || list.n == 0)
		goto out;

	/* Room for every file up front: the workers write into their own
	 * slots of d->docs, which must not move while they run. */
	load_slot *slots = px_calloc(list.n, sizeof *slots);
	if (!slots || make_room(d, list.n) < 0) {
		px_free(slots);
		s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
		goto out;
	}
	load_job job = {&list, d->docs + d->ndocs, slots, d->max_bytes, 0, 0};
	memset(job.docs, 0, list.n * sizeof *job.docs);
	size_t nt = load_threads(list.n), started = 0;
	pthread_t tid[PX_LOAD_THREADS_MAX];
	for (size_t t = 1; t < nt; t++, started++)
		if (pthread_create(&tid[started], NULL, load_worker, &job) != 0)
			break; /* fewer threads: the work gets done all the same */
	load_worker(&job);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);

	/* Append in path order; a diagnostic for every file that failed. */
	int nomem = 0;
	for (size_t i = 0; i < list.n; i++) {
		load_slot *sl = &slots[i];
		px_doc *doc = &job.docs[i];
		size_t done = atomic_load(&job.next);
		if (i >= done) {
			/* never taken: memory ran out elsewhere */
		} else if (sl->status == PX_OK && !nomem) {
			px_doc tmp = *doc;
			doc_append(d, &tmp); /* d->ndocs <= base + i: no overlap issue */
		} else if (sl->status == PX_OK) {
			doc_free(doc);
		} else if (sl->status == PX_ERR_NOMEM) {
			nomem = 1;
		} else if (!nomem && px_dossier_diag(d, list.v[i], sl->status, sl->msg) != PX_OK) {
			nomem = 1;
		}
		px_free(sl->msg);
	}
	px_free(slots);
	if (nomem)
		s = px_error_set(err, PX_ERR_NOMEM, "out of memory while loading the dossier");
out:
	px_pathlist_free(&list);
	if (sc.nomem && s == PX_OK)
		s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
	return s;
}

px_status px_dossier_set_articles(px_dossier *d, size_t doc,
                                  const px_article *arts, size_t n)
{
	/* Articles are in doc order, a doc's contiguous: two binary searches
	 * find them (reader mode calls this once per doc: a scan would make
	 * the whole dossier quadratic). A doc with none gets its new ones
	 * where they belong in that order. */
	size_t lo = 0, hi = d->narts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->arts[mid].doc < doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo;
	hi = d->narts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->arts[mid].doc <= doc)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	size_t old = end - first;
	if (n > old && px_grow((void **)&d->arts, &d->arts_cap, d->narts + n - old,
	                       sizeof *d->arts) < 0)
		return PX_ERR_NOMEM;
	for (size_t i = first; i < end; i++)
		px_article_clear(&d->arts[i]);
	if (n != old)
		memmove(&d->arts[first + n], &d->arts[end], (d->narts - end) * sizeof *d->arts);
	memcpy(&d->arts[first], arts, n * sizeof *arts);
	d->narts = d->narts - old + n;
	return PX_OK;
}
