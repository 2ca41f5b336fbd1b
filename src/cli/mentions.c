/* mentions.c - the actors as text: --mentions (one line per mention) and
 * --actors (one line per actor), TSV or --json.
 *
 * Offsets are the original file's bytes, so that a tool can cut the
 * mention out of the file it has, whatever decoding repaired. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/coverage.h"
#include "parallax/paths.h"
#include "parallax/sbuf.h"
#include "parallax/threads.h"

/* A TSV field: no tab or line break can split the line. 0, or -1 when
 * memory ran out. */
static int put_field(px_sbuf *b, const char *s, size_t n)
{
	size_t from = b->len;
	if (px_sbuf_put_safe(b, s, n) < 0)
		return -1;
	for (size_t i = from; i < b->len; i++)
		if (b->data[i] == '\t' || b->data[i] == '\n')
			b->data[i] = ' ';
	return 0;
}

/* A JSON string of untrusted text (a file name, a surface). Beyond
 * printable ASCII it is first made safe as every other output is (controls
 * as ^X, C1 and bidi controls as <U+XXXX>, invalid UTF-8 as \xHH): a JSON
 * reader gets valid UTF-8 and the names --dump shows, and a terminal the
 * JSON is shown on nothing to obey. */
static void put_json(px_sbuf *b, const char *s, size_t n)
{
	px_sbuf safe = PX_SBUF_INIT;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x7F || (unsigned char)s[i] < 0x20) {
			if (px_sbuf_put_safe(&safe, s, n) < 0)
				safe.len = 0; /* no memory: an empty string, the JSON still whole */
			s = safe.data ? safe.data : "";
			n = safe.len;
			break;
		}
	px_sbuf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			px_sbuf_putc(b, '\\');
			px_sbuf_putc(b, (char)c);
		} else if (c < 0x20 || c == 0x7F) {
			px_sbuf_printf(b, "\\u%04x", c);
		} else {
			px_sbuf_putc(b, (char)c);
		}
	}
	px_sbuf_putc(b, '"');
	px_sbuf_free(&safe);
}

/* "00" to "99": a number's digits are written two at a time */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* A number without printf: millions of them in a large dossier. v in
 * decimal at w (room for 20 digits); the digits written. */
static size_t write_num(char *w, size_t v)
{
	/* the digits counted first (by compares, not divisions), then
	 * written in place from the end, two a step: no copy of a variable
	 * length (a call to memcpy) per number */
	size_t n = 1;
	for (size_t p = 10; v >= p; p *= 10) {
		n++;
		if (p > SIZE_MAX / 10) /* v has the most digits a size_t can */
			break;
	}
	size_t k = n;
	for (; v >= 10; v /= 100) {
		const char *d = digit_pairs + 2 * (v % 100);
		if (v < 100) { /* (the last two digits: k is 2) */
			w[0] = d[0];
			w[1] = d[1];
			return n;
		}
		w[--k] = d[1];
		w[--k] = d[0];
	}
	w[0] = (char)('0' + v);
	return n;
}

static int flush(FILE *out, px_sbuf *b)
{
	if (b->len && (!b->data || fwrite(b->data, 1, b->len, out) != b->len))
		return -1;
	b->len = 0;
	return 0;
}

/* Copy s to w (room for n bytes) in one pass with the test: is it plain
 * printable ASCII, which put_field would leave as it is? When not, what
 * was copied is to be written over. */
static int copy_plain(char *w, const char *s, size_t n)
{
	unsigned bad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		w[i] = (char)c;
		bad |= (unsigned)(c < 0x20) | (unsigned)(c >= 0x7F);
	}
	return !bad;
}

/* The TSV lines of mentions [i0, i1), formatted into b by one thread:
 * each line depends on its mention alone, so a dossier's lines are made
 * on every core, in ranges, and written in order after. */
typedef struct tsv_job {
	const px_dossier *d;
	const px_actors *a;
	const char *names;     /* each actor's "name<TAB>kind<TAB>", made safe */
	const size_t *name_at; /* where actor k's is in names */
	size_t i0, i1;
	px_sbuf b, path;
	int r;
} tsv_job;

enum { PREFETCH_AHEAD = 16 };

static void *tsv_worker(void *p)
{
	tsv_job *j = p;
	const px_actors *a = j->a;
	px_sbuf *b = &j->b;
	uint32_t path_doc = UINT32_MAX;
	size_t hint_s = 0, hint_e = 0;
	b->len = 0;
	j->r = 0;
	for (size_t i = j->i0; i < j->i1; i++) {
		const px_mention *m = &a->m[i];
		const px_doc *doc = &j->d->docs[m->doc];
#if defined(__GNUC__)
		/* the surface of a mention further on, asked for ahead of its
		 * turn: each is a cache miss in a large dossier, overlapped so
		 * with the lines before it */
		if (i + PREFETCH_AHEAD < j->i1) {
			const px_mention *f = &a->m[i + PREFETCH_AHEAD];
			__builtin_prefetch(j->d->docs[f->doc].text.s + f->start);
		}
#endif
		/* the path, made safe once per file: mentions come by file */
		if (m->doc != path_doc) {
			hint_s = hint_e = 0;
			j->path.len = 0;
			if (put_field(&j->path, doc->path, strlen(doc->path)) < 0) {
				j->r = -1;
				break;
			}
			path_doc = m->doc;
		}
		size_t os = px_text_orig_near(&doc->text, m->start, 0, &hint_s);
		size_t oe = px_text_orig_near(&doc->text, m->end, 1, &hint_e);
		const char *surf = doc->text.s + m->start;
		size_t sl = m->end - m->start;
		/* one reservation for the line, then plain copies: this runs for
		 * every mention of the dossier */
		size_t nl = j->name_at[m->actor + 1] - j->name_at[m->actor];
		if (px_sbuf_reserve(b, j->path.len + 2 * 22 + nl + sl + 1) < 0) {
			j->r = -1;
			break;
		}
		char *w = b->data + b->len;
		if (j->path.len)
			memcpy(w, j->path.data, j->path.len);
		w += j->path.len;
		*w++ = '\t';
		w += write_num(w, os);
		*w++ = '\t';
		w += write_num(w, oe);
		*w++ = '\t';
		memcpy(w, j->names + j->name_at[m->actor], nl);
		w += nl;
		if (copy_plain(w, surf, sl)) {
			w += sl;
			*w++ = '\n'; /* (reserved with the line) */
			b->len = (size_t)(w - b->data);
			continue;
		}
		b->len = (size_t)(w - b->data);
		if (put_field(b, surf, sl) < 0 || px_sbuf_putc(b, '\n') < 0) {
			j->r = -1;
			break;
		}
	}
	return NULL;
}

enum {
	TSV_THREADS_MAX = 8,
	TSV_MIN = 8192,     /* mentions worth a thread */
	TSV_ROUND = 1 << 11 /* mentions per thread per round: about 200 KB of
	                       lines each. The buffers of a round are all full
	                       at once, at the end of the run: with 8,192 a
	                       round they were 2 MB of the 15.5 MB peak at
	                       1,000 articles. A round's thread costs far less
	                       than its formatting (10,000 articles: 58 rounds,
	                       no slower) */
};

/* 0, -1 on a write error, -2 when memory ran out. */
static int print_tsv(FILE *out, const px_dossier *d, const px_actors *a,
                     const char *names, const size_t *name_at)
{
	size_t nt = px_threads_for(a->nm, TSV_MIN, TSV_THREADS_MAX);
	tsv_job job[TSV_THREADS_MAX];
	memset(job, 0, sizeof job);
	int r = 0;
	for (size_t i = 0; i < a->nm && r == 0;) {
		pthread_t tid[TSV_THREADS_MAX];
		int started[TSV_THREADS_MAX] = {0};
		/* the round's mentions in equal parts: a last round shorter
		 * than nt full parts still keeps every thread busy */
		size_t round = a->nm - i < nt * TSV_ROUND ? a->nm - i : nt * TSV_ROUND;
		for (size_t k = 0; k < nt; k++) {
			job[k].d = d;
			job[k].a = a;
			job[k].names = names;
			job[k].name_at = name_at;
			job[k].i0 = i;
			job[k].i1 = k + 1 == nt ? i + round - round / nt * k : i + round / nt;
			i = job[k].i1;
		}
		for (size_t k = 1; k < nt; k++)
			if (job[k].i0 < job[k].i1)
				started[k] = pthread_create(&tid[k], NULL, tsv_worker, &job[k]) == 0;
		tsv_worker(&job[0]);
		for (size_t k = 1; k < nt; k++) {
			if (started[k])
				pthread_join(tid[k], NULL);
			else if (job[k].i0 < job[k].i1)
				tsv_worker(&job[k]); /* no thread: here */
			else
				job[k].b.len = 0;
		}
		for (size_t k = 0; k < nt && r == 0; k++)
			r = job[k].r < 0 ? -2 : flush(out, &job[k].b);
	}
	for (size_t k = 0; k < nt; k++) {
		px_sbuf_free(&job[k].b);
		px_sbuf_free(&job[k].path);
	}
	return r;
}

static int print_mentions(FILE *out, const px_dossier *d, const px_actors *a,
                    const px_options *o)
{
	if (!o->json) {
		/* each actor's "name<TAB>kind<TAB>", made safe once, not per
		 * mention */
		px_sbuf names = PX_SBUF_INIT;
		size_t *name_at = px_malloc((a->n + 1) * sizeof *name_at);
		int ok = name_at != NULL;
		for (size_t k = 0; k < a->n && ok; k++) {
			name_at[k] = names.len;
			ok = put_field(&names, a->v[k].name, strlen(a->v[k].name)) == 0 &&
			     px_sbuf_putc(&names, '\t') == 0 &&
			     px_sbuf_puts(&names, px_actor_kind_name(a->v[k].kind)) == 0 &&
			     px_sbuf_putc(&names, '\t') == 0;
		}
		/* no memory is said as such, not as a write error */
		int r = ok ? 0 : -2;
		if (ok) {
			name_at[a->n] = names.len;
			r = print_tsv(out, d, a, names.data ? names.data : "", name_at);
		}
		px_sbuf_free(&names);
		px_free(name_at);
		if (r == -2)
			fputs("parallax: out of memory\n", stderr);
		return r < 0 ? r : fflush(out) == 0 ? 0 : -1;
	}
	px_sbuf b = PX_SBUF_INIT;
	uint32_t hint_doc = UINT32_MAX;
	size_t hint_s = 0, hint_e = 0;
	int r = 0;
	px_sbuf_puts(&b, "[");
	for (size_t i = 0; i < a->nm && r == 0; i++) {
		const px_mention *m = &a->m[i];
		const px_doc *doc = &d->docs[m->doc];
		const px_actor *act = &a->v[m->actor];
		if (m->doc != hint_doc) {
			hint_s = hint_e = 0;
			hint_doc = m->doc;
		}
		size_t os = px_text_orig_near(&doc->text, m->start, 0, &hint_s);
		size_t oe = px_text_orig_near(&doc->text, m->end, 1, &hint_e);
		const char *surf = doc->text.s + m->start;
		size_t sl = m->end - m->start;
		px_sbuf_puts(&b, i ? ",\n{\"file\":" : "\n{\"file\":");
		put_json(&b, doc->path, strlen(doc->path));
		px_sbuf_printf(&b, ",\"start\":%zu,\"end\":%zu,\"actor\":", os, oe);
		put_json(&b, act->name, strlen(act->name));
		px_sbuf_printf(&b, ",\"id\":%u,\"kind\":\"%s\",\"surface\":", act->id,
		               px_actor_kind_name(act->kind));
		put_json(&b, surf, sl);
		px_sbuf_puts(&b, "}");
		if (b.len > 65536)
			r = flush(out, &b);
	}
	px_sbuf_puts(&b, a->nm ? "\n]\n" : "]\n");
	if (r == 0)
		r = flush(out, &b);
	px_sbuf_free(&b);
	return (r == 0 && fflush(out) == 0) ? 0 : -1;
}

static int print_actors(FILE *out, const px_dossier *d, const px_actors *a,
                  const px_options *o)
{
	px_sbuf b = PX_SBUF_INIT;
	int r = 0;
	/* JSON adds who names each actor, outlet by outlet */
	px_coverage *cov = NULL;
	px_error cerr;
	if (o->json && px_coverage_build(d, a, &cov, &cerr) != PX_OK) {
		fprintf(stderr, "parallax: %s\n", cerr.msg);
		return -2;
	}
	if (o->json)
		px_sbuf_puts(&b, "[");
	for (size_t i = 0; i < a->n && r == 0; i++) {
		const px_actor *act = &a->v[i];
		if (o->json) {
			px_sbuf_puts(&b, i ? ",\n{\"name\":" : "\n{\"name\":");
			put_json(&b, act->name, strlen(act->name));
			px_sbuf_printf(&b, ",\"id\":%u,\"kind\":\"%s\",\"mentions\":%zu,"
			               "\"sources\":%u,\"variants\":[", act->id,
			               px_actor_kind_name(act->kind), act->nmentions,
			               act->nsources);
			for (size_t v = 0; v < act->nvariants; v++) {
				px_sbuf_puts(&b, v ? ",{\"surface\":" : "{\"surface\":");
				put_json(&b, act->variants[v].surface, strlen(act->variants[v].surface));
				px_sbuf_printf(&b, ",\"count\":%u}", act->variants[v].count);
			}
			px_sbuf_puts(&b, "],\"outlets\":[");
			size_t no;
			const px_outlet_count *oc = px_coverage_of(cov, (uint32_t)i, &no);
			for (size_t k = 0; k < no; k++) {
				const char *name = cov->outlets[oc[k].outlet];
				px_sbuf_puts(&b, k ? ",{\"outlet\":" : "{\"outlet\":");
				put_json(&b, name, strlen(name));
				px_sbuf_printf(&b, ",\"mentions\":%u,\"articles\":%u}", oc[k].mentions,
				               oc[k].articles);
			}
			px_sbuf_puts(&b, "]}");
		} else {
			/* name, kind, mentions, sources, then "variant (count)" each */
			put_field(&b, act->name, strlen(act->name));
			px_sbuf_printf(&b, "\t%s\t%zu\t%u", px_actor_kind_name(act->kind),
			               act->nmentions, act->nsources);
			for (size_t v = 0; v < act->nvariants; v++) {
				px_sbuf_putc(&b, '\t');
				put_field(&b, act->variants[v].surface, strlen(act->variants[v].surface));
				px_sbuf_printf(&b, " (%u)", act->variants[v].count);
			}
			px_sbuf_putc(&b, '\n');
		}
		if (b.len > 65536)
			r = flush(out, &b);
	}
	if (o->json)
		px_sbuf_puts(&b, a->n ? "\n]\n" : "]\n");
	if (r == 0)
		r = flush(out, &b);
	px_sbuf_free(&b);
	px_coverage_free(cov);
	return (r == 0 && fflush(out) == 0) ? 0 : -1;
}

/* Lexicon problems (a bad line in actors.tsv): reported, loading goes on. */
static void lexicon_diag(void *ctx, const char *msg)
{
	(void)ctx;
	px_sbuf b = PX_SBUF_INIT;
	px_sbuf_puts(&b, "parallax: ");
	px_sbuf_put_safe(&b, msg, strlen(msg));
	px_sbuf_putc(&b, '\n');
	if (b.data)
		fputs(b.data, stderr);
	px_sbuf_free(&b);
}

int px_cli_actors_mode(FILE *out, const px_dossier *d, const px_options *o, px_lexicon *lx)
{
	px_lexicon *own = NULL;
	px_actors *a = NULL;
	px_error err = {0};
	int r = -2;
	if (!lx) {
		char *userdir = px_config_dir();
		px_status ls = px_lexicon_load(&own, o->datadir, userdir, lexicon_diag, NULL, &err);
		px_free(userdir);
		if (ls != PX_OK) {
			fprintf(stderr, "parallax: %s\n", err.msg);
			return -2;
		}
		lx = own;
	}
	if (px_actors_build(d, lx, &a, &err) != PX_OK) {
		fprintf(stderr, "parallax: %s\n", err.msg);
	} else {
		r = o->mode == PX_MODE_MENTIONS ? print_mentions(out, d, a, o)
		                                 : print_actors(out, d, a, o);
	}
	px_actors_free(a);
	px_lexicon_free(own);
	return r;
}
