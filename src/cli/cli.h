/* cli.h - the command line: options, and the non-interactive modes. */
#ifndef PARALLAX_CLI_H
#define PARALLAX_CLI_H

#include <stdio.h>
#include "parallax/actors.h"
#include "parallax/dossier.h"
#include "parallax/sbuf.h"

enum px_mode { PX_MODE_AUTO, PX_MODE_DUMP, PX_MODE_MENTIONS, PX_MODE_ACTORS };

typedef struct px_options {
	enum px_mode mode;
	int explain;      /* --explain: every block with its label and reason */
	int raw;          /* --raw: no reader mode, the decoded blocks as they are */
	int json;         /* --json */
	int mouse;        /* --mouse */
	int no_color;     /* --no-color or NO_COLOR set */
	size_t max_size;  /* --max-size */
	const char *datadir; /* resolved data directory (owned by main) */
} px_options;

/* Print the dossier as clean text (--dump); returns 0, or -1 on a write error. */
int px_cli_dump(FILE *out, const px_dossier *d, const px_options *o);
/* Append article ai as --dump prints it (header line, metadata, text) to
 * b; 0, or -1 when memory ran out. Also what the reader's save writes. */
int px_cli_dump_article(px_sbuf *b, const px_dossier *d, size_t ai, const px_options *o);

/* --mentions and --actors: find the actors with lexicon lx (the caller's;
 * NULL: load it here from datadir and the user's config), print them. 0;
 * -1 on a write error; -2 on another error, already reported on stderr.
 * (mentions.c) */
int px_cli_actors_mode(FILE *out, const px_dossier *d, const px_options *o, px_lexicon *lx);

/* Print diagnostics, one line each, on err: "parallax: PATH: message". */
void px_cli_print_diags(FILE *err, const px_dossier *d);

#endif
