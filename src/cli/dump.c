/* dump.c - the dossier as plain text, for scripts, tests and pipes. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parallax/sbuf.h"

static void put_path(px_sbuf *b, const char *path)
{
	px_sbuf_put_safe(b, path, strlen(path));
}

/* Labels whose blocks the clean text shows; the title, byline, dateline
 * and URL are shown once, as the article's header, and captions, photo
 * credits and boilerplate are left out (--explain shows them all). */
static int shown(unsigned label)
{
	return label == PX_LABEL_BODY || label == PX_LABEL_HEADING ||
	       label == PX_LABEL_STANDFIRST || label == PX_LABEL_QUOTE ||
	       label == PX_LABEL_CREDIT;
}

static void put_field(px_sbuf *b, const char *name, const char *v)
{
	if (!v)
		return;
	if (name) {
		px_sbuf_puts(b, name);
		px_sbuf_puts(b, ": ");
	}
	px_sbuf_put_safe(b, v, strlen(v));
	px_sbuf_putc(b, '\n');
}

/* The article's header: title, then one line per known field. Returns the
 * number of lines written. */
static int put_meta(px_sbuf *b, const px_dossier *d, const px_article *a)
{
	size_t before = b->len;
	put_field(b, NULL, a->title);
	put_field(b, "By", a->byline);
	put_field(b, "Date", a->date);
	put_field(b, "Outlet", a->outlet);
	put_field(b, "URL", a->url);
	if (a->wire_of >= 0 && (size_t)a->wire_of < d->narts) {
		const px_article *w = &d->arts[a->wire_of];
		px_sbuf_puts(b, "Wire copy of: ");
		put_path(b, d->docs[w->doc].path);
		if (w->nparts > 1)
			px_sbuf_printf(b, " (%d/%d)", w->part, w->nparts);
		px_sbuf_puts(b, ", ");
		px_sbuf_put_round(b, (double)a->wire_overlap * 100);
		px_sbuf_puts(b, "% shared\n");
	}
	if (a->low_confidence)
		px_sbuf_puts(b, "Low confidence: little was recognised as the article, "
		                "so more is shown\n");
	return b->len > before;
}

/* Room enough for all px_cli_dump_article appends: a path or field
 * written safely takes at most 10 bytes a byte (<U+XXXX> for a 3-byte
 * character), a block its bytes and its label. */
static size_t article_bound(const px_dossier *d, const px_article *a)
{
	const px_doc *doc = &d->docs[a->doc];
	size_t n = 1024 + 10 * strlen(doc->path);
	const char *f[] = {a->title, a->byline, a->date, a->outlet, a->url};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		n += f[i] ? 16 + 10 * strlen(f[i]) : 0;
	if (a->wire_of >= 0 && (size_t)a->wire_of < d->narts)
		n += 10 * strlen(d->docs[d->arts[a->wire_of].doc].path);
	for (uint32_t i = a->block_first; i < a->block_end; i++) {
		const px_block *bl = &doc->blocks[i];
		n += (bl->end - bl->start) + 64 + (bl->reason ? strlen(bl->reason) : 0);
	}
	return n;
}

int px_cli_dump_article(px_sbuf *b, const px_dossier *d, size_t ai, const px_options *o)
{
	const px_article *a = &d->arts[ai];
	const px_doc *doc = &d->docs[a->doc];
	/* reserved at once, so that no append below can fail half-way and
	 * leave a shortened article that looks whole */
	if (px_sbuf_reserve(b, article_bound(d, a)) < 0)
		return -1;
	px_sbuf_puts(b, "==> ");
	put_path(b, doc->path);
	if (a->nparts > 1)
		px_sbuf_printf(b, " (%d/%d)", a->part, a->nparts);
	px_sbuf_puts(b, " <==\n");
	int first = 1;
	if (!o->raw && put_meta(b, d, a) > 0)
		first = 0;
	for (uint32_t i = a->block_first; i < a->block_end; i++) {
		const px_block *bl = &doc->blocks[i];
		size_t len;
		const char *t = px_doc_block(doc, i, &len);
		if (!o->explain && !o->raw && !shown(bl->label))
			continue;
		if (!first)
			px_sbuf_putc(b, '\n');
		first = 0;
		if (o->explain) {
			px_sbuf_printf(b, "[%s", px_label_name((px_label)bl->label));
			if (bl->reason)
				px_sbuf_printf(b, ": %s", bl->reason);
			if (bl->reason && (!strncmp(bl->reason, "classifier", 10) ||
			                   !strncmp(bl->reason, "kept", 4)))
				px_sbuf_printf(b, " %.2f", (double)bl->score);
			px_sbuf_puts(b, "] ");
		}
		/* the text is clean already (decode removed every control);
		 * only TAB and LF could remain, and blocks hold no LF */
		px_sbuf_append(b, t, len);
		px_sbuf_putc(b, '\n');
	}
	return 0;
}

int px_cli_dump(FILE *out, const px_dossier *d, const px_options *o)
{
	px_sbuf b = PX_SBUF_INIT;
	for (size_t ai = 0; ai < d->narts; ai++) {
		b.len = 0;
		if (ai > 0)
			px_sbuf_putc(&b, '\n');
		if (px_cli_dump_article(&b, d, ai, o) < 0 ||
		    fwrite(b.data, 1, b.len, out) != b.len) {
			px_sbuf_free(&b);
			return -1;
		}
	}
	px_sbuf_free(&b);
	return fflush(out) == 0 ? 0 : -1;
}

void px_cli_print_diags(FILE *err, const px_dossier *d)
{
	px_sbuf b = PX_SBUF_INIT;
	for (size_t i = 0; i < d->ndiags; i++) {
		b.len = 0;
		px_sbuf_puts(&b, "parallax: ");
		put_path(&b, d->diags[i].path);
		px_sbuf_puts(&b, ": ");
		px_sbuf_put_safe(&b, d->diags[i].msg, strlen(d->diags[i].msg));
		px_sbuf_putc(&b, '\n');
		if (b.data)
			fputs(b.data, err);
	}
	px_sbuf_free(&b);
}
