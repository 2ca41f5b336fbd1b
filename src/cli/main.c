/* main.c - parallax: read a dossier of articles from the terminal.
 *
 * Parses the command line, loads the dossier through the core, and hands
 * it to the interactive reader or to a non-interactive mode. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <getopt.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "parallax/actors.h"
#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/paths.h"
#include "parallax/sbuf.h"
#include "parallax/threads.h"
#include "../ui/ui.h"

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static void usage(FILE *f)
{
	fputs(
"Usage: parallax [OPTION]... [PATH]...\n"
"Read a dossier of articles (files, directories, - for standard input) with\n"
"the sites' leftovers stripped and every named actor highlighted.\n"
"With no PATH, open the bundled sample dossier.\n"
"\n"
"Modes (the default is the interactive reader; without a terminal, --dump):\n"
"  -d, --dump          print each article as clean text\n"
"      --explain       with --dump: every block with its label and reason\n"
"      --raw           with --dump: decoded blocks, no reader mode\n"
"      --mentions      print every actor mention: file, start, end (bytes of\n"
"                      the original file), actor, kind, surface (TSV)\n"
"      --actors        print every actor: kind, mentions, sources, spellings\n"
"      --json          with --mentions or --actors: JSON instead of TSV\n"
"\n"
"Options:\n"
"      --max-size=N    skip files over N bytes (suffixes K, M, G; default 256M)\n"
"      --mouse         let the mouse select and scroll in the reader\n"
"      --no-color      no colours (also when NO_COLOR is set)\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 all inputs read, 1 some input could not be read,\n"
"2 usage error.\n", f);
}

/* Reader mode's rules (about 130 patterns, compiled with JIT: some 12 ms)
 * are loaded on a thread of their own while the dossier loads; with one
 * thread allowed (PARALLAX_THREADS=1) they are loaded after it, as before,
 * so that runs stay reproducible allocation by allocation. */
struct rules_job {
	const char *datadir;
	px_rules *rules;
	px_status st;
	px_error err;
	px_sbuf msgs; /* the rule files' problems, printed after the join */
	/* --mentions and --actors: the actors' lexicon too, after the rules
	 * (0.6 ms that the actors would otherwise wait for) */
	int lexicon;
	px_lexicon *lx;
	px_status lst;
	px_error lerr;
	px_sbuf lmsgs; /* its problems, printed where the actors begin */
	pthread_t th;
	int threaded, done;
};

/* Rule-file problems are reported and loading goes on; each is kept until
 * the rules are in, so stderr's order does not depend on which thread
 * finished first. */
static void rules_diag_keep(void *ctx, const char *msg)
{
	px_sbuf *b = ctx;
	px_sbuf_puts(b, "parallax: ");
	px_sbuf_put_safe(b, msg, strlen(msg)); /* file names are untrusted text */
	px_sbuf_putc(b, '\n');
}

static void *rules_main(void *arg)
{
	struct rules_job *j = arg;
	char *userdir = px_config_dir(), *cache = px_cache_file("rules.cache");
	j->st = px_rules_load_cached(&j->rules, j->datadir, userdir, cache, rules_diag_keep,
	                             &j->msgs, &j->err);
	if (j->lexicon)
		j->lst = px_lexicon_load(&j->lx, j->datadir, userdir, rules_diag_keep, &j->lmsgs,
		                         &j->lerr);
	px_free(cache);
	px_free(userdir);
	j->done = 1;
	return NULL;
}

static void rules_start(struct rules_job *j)
{
	if (px_threads_for(2, 1, 2) > 1)
		j->threaded = pthread_create(&j->th, NULL, rules_main, j) == 0;
}

static void rules_finish(struct rules_job *j)
{
	if (j->threaded)
		pthread_join(j->th, NULL);
	else if (!j->done)
		rules_main(j);
	j->threaded = 0;
	if (j->msgs.data)
		fputs(j->msgs.data, stderr);
	px_sbuf_free(&j->msgs);
}

#ifdef __GLIBC__
/* The dossier's text from which giving reader mode's freed pages back
 * before the actors pays (see the trim below): 10,000 articles hold 28
 * MB, and a trim there gives 1.7 MB back; 1,000 hold 2.7 MB, and their
 * peak was no lower for it */
#define TRIM_MIN_BYTES ((size_t)16 << 20)

static size_t dossier_bytes(const px_dossier *d)
{
	size_t n = 0;
	for (size_t i = 0; i < d->ndocs; i++)
		n += d->docs[i].text.len;
	return n;
}
#endif

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end || v == 0 || v > (3ULL << 30))
		return -1;
	*out = (size_t)v;
	return 0;
}

/* The exit status once --help or --version is written: 1 with a message
 * when it could not be (a full disk, a closed pipe), as for every output. */
static int stdout_done(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("parallax: write error");
		return EXIT_INPUT;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	enum { OPT_EXPLAIN = 256, OPT_RAW, OPT_MAXSIZE, OPT_MOUSE, OPT_NOCOLOR };
	enum { OPT_MENTIONS = 512, OPT_ACTORS, OPT_JSON };
	static const struct option longopts[] = {
		{"dump", no_argument, NULL, 'd'},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"raw", no_argument, NULL, OPT_RAW},
		{"mentions", no_argument, NULL, OPT_MENTIONS},
		{"actors", no_argument, NULL, OPT_ACTORS},
		{"json", no_argument, NULL, OPT_JSON},
		{"max-size", required_argument, NULL, OPT_MAXSIZE},
		{"mouse", no_argument, NULL, OPT_MOUSE},
		{"no-color", no_argument, NULL, OPT_NOCOLOR},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	px_options o;
	memset(&o, 0, sizeof o);
	const char *nc = getenv("NO_COLOR");
	o.no_color = nc && *nc;
	int c, modes = 0; /* a bit for each of --dump, --mentions, --actors given */
	while ((c = getopt_long(argc, argv, "dhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': modes |= 1; o.mode = PX_MODE_DUMP; break;
		case OPT_EXPLAIN: o.explain = 1; break;
		case OPT_RAW: o.raw = 1; break;
		case OPT_MENTIONS: modes |= 2; o.mode = PX_MODE_MENTIONS; break;
		case OPT_ACTORS: modes |= 4; o.mode = PX_MODE_ACTORS; break;
		case OPT_JSON: o.json = 1; break;
		case OPT_MAXSIZE:
			if (parse_size(optarg, &o.max_size) < 0) {
				fprintf(stderr, "parallax: --max-size: not a size: %s\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MOUSE: o.mouse = 1; break;
		case OPT_NOCOLOR: o.no_color = 1; break;
		case 'h': usage(stdout); return stdout_done();
		case 'V': printf("parallax %s\n", PACKAGE_VERSION); return stdout_done();
		default:
			fputs("Try 'parallax --help' for more information.\n", stderr);
			return EXIT_USAGE;
		}
	}
	/* options that would be ignored are refused: a script that asks for
	 * two outputs, or JSON of the reader, is told at once */
	const char *bad = (modes & (modes - 1)) ? "--dump, --mentions and --actors are outputs of their own: give one"
	                  : o.json && o.mode != PX_MODE_MENTIONS && o.mode != PX_MODE_ACTORS
	                  ? "--json goes with --mentions or --actors"
	                  : (o.explain || o.raw) && (o.mode == PX_MODE_MENTIONS || o.mode == PX_MODE_ACTORS)
	                  ? "--explain and --raw go with --dump" : NULL;
	if (bad) {
		fprintf(stderr, "parallax: %s\nTry 'parallax --help' for more information.\n", bad);
		return EXIT_USAGE;
	}
	if ((o.explain || o.raw) && o.mode == PX_MODE_AUTO)
		o.mode = PX_MODE_DUMP;
	if (o.mode == PX_MODE_AUTO && !isatty(STDOUT_FILENO))
		o.mode = PX_MODE_DUMP; /* as less does when its output is not a terminal */
	char why[256] = "";
	if (o.mode == PX_MODE_AUTO && !px_ui_usable(why, sizeof why)) {
		/* TERM unset, unknown or dumb: print instead (doc/parallax.1) */
		fprintf(stderr, "parallax: %s; printing as --dump instead\n", why);
		o.mode = PX_MODE_DUMP;
	}

	char *datadir = px_data_dir(argv[0]);
	if (!datadir) {
		fputs("parallax: out of memory\n", stderr);
		return EXIT_INPUT;
	}
	o.datadir = datadir;

	px_dossier d;
	px_dossier_init(&d);
	if (o.max_size)
		d.max_bytes = o.max_size;
	px_error err = {0};
	px_status s;
	char *samples = NULL;
	const char *one[1] = {NULL};
	const char *const *paths = (const char *const *)argv + optind;
	size_t npaths = (size_t)(argc - optind);
	if (optind >= argc) {
		px_sbuf b = PX_SBUF_INIT;
		px_sbuf_printf(&b, "%s/samples", datadir);
		samples = px_sbuf_detach(&b, NULL);
		one[0] = samples;
		paths = one;
		npaths = samples ? 1 : 0;
	}
	if (o.mode == PX_MODE_AUTO && npaths) {
		/* the reader loads the dossier itself, its first file first and
		 * the rest on a thread, so that the first frame comes at once */
		int ur = px_ui_run(&d, paths, npaths, &o, why, sizeof why);
		if (ur != PX_UI_NO_TERMINAL) {
			px_cli_print_diags(stderr, &d); /* the screen is the shell's again */
			int urc = ur ? (ur > 128 ? ur : EXIT_INPUT) : d.ndiags ? EXIT_INPUT : EXIT_OK;
			px_dossier_free(&d);
			px_free(samples);
			px_free(datadir);
			return urc;
		}
		fprintf(stderr, "parallax: %s; printing as --dump instead\n", why);
		px_dossier_free(&d);
		px_dossier_init(&d);
		if (o.max_size)
			d.max_bytes = o.max_size;
		o.mode = PX_MODE_DUMP;
	}
	/* --mentions and --actors print no wire copies, and the actors do
	 * not read them: the pass that finds them (a quarter of reader
	 * mode's time on 10,000 articles) is --dump's alone */
	int actors_mode = o.mode == PX_MODE_MENTIONS || o.mode == PX_MODE_ACTORS;
	struct rules_job rj = {.datadir = datadir, .msgs = PX_SBUF_INIT, .lmsgs = PX_SBUF_INIT,
	                       .lexicon = actors_mode};
	if (npaths && !o.raw)
		rules_start(&rj);
	if (npaths)
		s = px_dossier_load(&d, paths, npaths, &err);
	else
		s = px_error_set(&err, PX_ERR_NOMEM, "out of memory");
	int rc = EXIT_OK;
	if (s != PX_OK) {
		fprintf(stderr, "parallax: %s\n", err.msg);
		rc = EXIT_INPUT;
	}
	if (s == PX_OK && !o.raw) {
		/* reader mode: without rules (none installed) the text stays raw */
		rules_finish(&rj);
		px_error rerr = {0};
		if (rj.st != PX_OK)
			fprintf(stderr, "parallax: %s\n", rj.err.msg);
		else if ((actors_mode ? px_clean_docs(&d, rj.rules, NULL, NULL, &rerr)
		                      : px_clean_dossier(&d, rj.rules, &rerr)) != PX_OK)
			fprintf(stderr, "parallax: %s\n", rerr.msg);
#ifdef __GLIBC__
		/* reader mode's temporaries (memo tables) were freed on several
		 * threads' heaps: give those pages back before the actors' own
		 * peak, not after it. Only the actors have a peak to come, and
		 * only a large dossier frees enough for it to matter: a trim
		 * walks every heap and the actors fault the pages in again
		 * (0.5 ms, 1 % of a 1,000-article --mentions, for 0.9 MB) */
		if (actors_mode && dossier_bytes(&d) >= TRIM_MIN_BYTES)
			malloc_trim(0);
#endif
	} else if (rj.threaded) {
		rules_finish(&rj); /* loaded for nothing: the dossier failed */
	}
	px_rules *rules = rj.rules;
	px_cli_print_diags(stderr, &d);
	if (d.ndiags)
		rc = EXIT_INPUT;
	if (s == PX_OK) {
		if (d.ndocs == 0 && d.ndiags == 0)
			fputs("parallax: the dossier is empty (no readable text files)\n", stderr);
		int wr;
		if (!actors_mode) {
			wr = px_cli_dump(stdout, &d, &o);
		} else if (rj.done && rj.lexicon) { /* the lexicon came with the rules */
			if (rj.lmsgs.data)
				fputs(rj.lmsgs.data, stderr);
			if (rj.lst != PX_OK)
				fprintf(stderr, "parallax: %s\n", rj.lerr.msg);
			wr = rj.lst != PX_OK ? -2 : px_cli_actors_mode(stdout, &d, &o, rj.lx);
		} else {
			wr = px_cli_actors_mode(stdout, &d, &o, NULL);
		}
		if (wr == -1)
			perror("parallax: write error");
		if (wr < 0)
			rc = EXIT_INPUT;
	}
#ifndef PX_FREE_AT_EXIT
	/* The process ends here: the system takes its memory back at once,
	 * where freeing the dossier block by block costs milliseconds (7 of a
	 * 10,000-article --dump's 240). All of it is still reachable from
	 * this frame; sanitizer builds define PX_FREE_AT_EXIT and free it, so
	 * that LeakSanitizer accounts for every allocation. */
	exit(rc);
#endif
	px_dossier_free(&d);
	px_rules_free(rules); /* after the dossier: block reasons point into it */
	px_lexicon_free(rj.lx);
	px_sbuf_free(&rj.lmsgs);
	px_free(samples);
	px_free(datadir);
	return rc;
}
