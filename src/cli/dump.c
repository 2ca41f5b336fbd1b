/* dump.c - the dossier as plain text, for scripts, tests and pipes. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "parallax/sbuf.h"

static void put_path(px_sbuf *b, const char *path)
{
	px_sbuf_put_safe(b, path, strlen(path));
}

int px_cli_dump(FILE *out, const px_dossier *d, const px_options *o)
{
	px_sbuf b = PX_SBUF_INIT;
	for (size_t ai = 0; ai < d->narts; ai++) {
		const px_article *a = &d->arts[ai];
		const px_doc *doc = &d->docs[a->doc];
		b.len = 0;
		if (ai > 0)
			px_sbuf_putc(&b, '\n');
		px_sbuf_puts(&b, "==> ");
		put_path(&b, doc->path);
		if (a->nparts > 1)
			px_sbuf_printf(&b, " (%d/%d)", a->part, a->nparts);
		px_sbuf_puts(&b, " <==\n");
		int first = 1;
		for (uint32_t i = a->block_first; i < a->block_end; i++) {
			const px_block *bl = &doc->blocks[i];
			size_t len;
			const char *t = px_doc_block(doc, i, &len);
			if (o->explain) {
				px_sbuf_printf(&b, "[%s", px_label_name((px_label)bl->label));
				if (bl->reason)
					px_sbuf_printf(&b, ": %s", bl->reason);
				px_sbuf_puts(&b, "] ");
			} else if (!o->raw && bl->label == PX_LABEL_BOILERPLATE) {
				continue;
			}
			if (!first)
				px_sbuf_putc(&b, '\n');
			first = 0;
			/* the text is clean already (decode removed every control);
			 * only TAB and LF could remain, and blocks hold no LF */
			px_sbuf_append(&b, t, len);
			px_sbuf_putc(&b, '\n');
		}
		if (!b.data || fwrite(b.data, 1, b.len, out) != b.len) {
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
