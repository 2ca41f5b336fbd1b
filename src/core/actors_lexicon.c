/* actors_lexicon.c - load the gazetteer, the name cues and the folding rules
 * from share/parallax/actors/ and the user's actors.tsv.
 *
 * Everything here is data so that a maintainer can fix a missed title or a
 * transliteration without touching C. A bad line is reported through the
 * diagnostic callback and skipped: one typo must not cost the whole lexicon. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors_int.h"
#include "parallax/alloc.h"

typedef struct loader {
	px_lexicon *lx;
	px_lexicon_diag_fn diag;
	void *ctx;
	const char *file;
	unsigned line;
} loader;

static void diag(loader *L, const char *fmt, const char *what)
{
	if (!L->diag)
		return;
	char msg[600];
	char part[400];
	snprintf(part, sizeof part, fmt, what);
	if (L->line)
		snprintf(msg, sizeof msg, "%s:%u: %s", L->file, L->line, part);
	else
		snprintf(msg, sizeof msg, "%s: %s", L->file, part);
	L->diag(L->ctx, msg);
}

const char *px_actor_kind_name(px_actor_kind k)
{
	switch (k) {
	case PX_ACTOR_PERSON: return "person";
	case PX_ACTOR_ORG: return "org";
	case PX_ACTOR_PLACE: return "place";
	case PX_ACTOR_OTHER: return "other";
	}
	return "other";
}

static int kind_parse(const char *s)
{
	static const char *const names[] = {"person", "org", "place", "other"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Read a whole file; NULL with errno set when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rbe"); /* not for a command the reader runs meanwhile */
	if (!f)
		return NULL;
	px_sbuf b = PX_SBUF_INIT;
	char buf[8192];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, f)) > 0)
		if (px_sbuf_append(&b, buf, k) < 0) {
			fclose(f);
			px_sbuf_free(&b);
			errno = ENOMEM;
			return NULL;
		}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		px_sbuf_free(&b);
		errno = EIO;
		return NULL;
	}
	if (px_sbuf_reserve(&b, 0) < 0)
		return NULL;
	b.data[b.len] = '\0';
	return px_sbuf_detach(&b, len);
}

/* Split a line at tabs into at most max fields (trimmed of blanks). */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		char *t = strchr(p, '\t');
		if (t)
			*t = '\0';
		while (*p == ' ')
			p++;
		size_t l = strlen(p);
		while (l && (p[l - 1] == ' ' || p[l - 1] == '\r'))
			p[--l] = '\0';
		f[n++] = p;
		if (!t)
			break;
		p = t + 1;
	}
	return n;
}

static int add_cue(px_lexicon *lx, const char *word, uint32_t flags)
{
	px_sbuf low = PX_SBUF_INIT;
	if (px_lower(word, strlen(word), &low) < 0)
		return -1;
	uint32_t *v = low.len ? px_strmap_put(&lx->cues, low.data, low.len, NULL) : NULL;
	if (low.len && !v) {
		px_sbuf_free(&low);
		return -1;
	}
	if (v)
		*v |= flags;
	/* a title phrase: remember its length and its first word */
	int words = 1;
	for (size_t i = 0; i < low.len; i++)
		if (low.data[i] == ' ')
			words++;
	if ((flags & PX_CUE_TITLE) && words > 1) {
		if (words > lx->title_words)
			lx->title_words = words;
		size_t sp = strcspn(low.data, " ");
		uint32_t *p = px_strmap_put(&lx->cues, low.data, sp, NULL);
		if (!p) {
			px_sbuf_free(&low);
			return -1;
		}
		*p |= PX_CUE_TITLE_PREFIX;
	}
	/* abbreviations match with and without their period (Co. / Co) */
	if (low.len > 1 && low.data[low.len - 1] == '.' && words == 1 &&
	    !(flags & PX_CUE_TITLE)) {
		uint32_t *p = px_strmap_put(&lx->cues, low.data, low.len - 1, NULL);
		if (!p) {
			px_sbuf_free(&low);
			return -1;
		}
		*p |= flags;
	}
	px_sbuf_free(&low);
	return 0;
}

static const struct { const char *name; uint32_t flag; } classes[] = {
	{"title", PX_CUE_TITLE}, {"particle", PX_CUE_PARTICLE},
	{"connector", PX_CUE_CONNECTOR}, {"org", PX_CUE_ORG},
	{"legal", PX_CUE_LEGAL}, {"generic", PX_CUE_GENERIC},
	{"place", PX_CUE_PLACE}, {"placeprep", PX_CUE_PLACEPREP},
	{"month", PX_CUE_MONTH}, {"weekday", PX_CUE_WEEKDAY},
	{"never", PX_CUE_NEVER}, {"common", PX_CUE_COMMON},
	{"demonym", PX_CUE_DEMONYM}, {"honorific", PX_CUE_HONORIFIC | PX_CUE_TITLE},
	{"region", PX_CUE_REGION}, {"nounlang", PX_CUE_NOUNLANG},
};

static int load_cue_line(loader *L, char *line)
{
	char *f[2];
	if (fields(line, f, 2) != 2 || !*f[0]) {
		diag(L, "expected WORD<TAB>CLASS%s", "");
		return 0;
	}
	uint32_t flags = 0;
	char *save = NULL;
	for (char *c = strtok_r(f[1], ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof classes / sizeof *classes; i++)
			if (strcmp(c, classes[i].name) == 0)
				break;
		if (i == sizeof classes / sizeof *classes) {
			diag(L, "unknown class '%s'", c);
			return 0;
		}
		flags |= classes[i].flag;
	}
	return add_cue(L->lx, f[0], flags);
}

/* The gazetteer entry that alias names, creating the alias; -1 nomem. */
static int add_alias(px_lexicon *lx, const char *alias, size_t entry)
{
	px_sbuf k = PX_SBUF_INIT;
	if (px_gaz_norm(alias, strlen(alias), &k) < 0)
		return -1;
	if (k.len == 0) {
		px_sbuf_free(&k);
		return 0;
	}
	int isnew;
	uint32_t *v = px_strmap_put(&lx->gaz, k.data, k.len, &isnew);
	px_sbuf_free(&k);
	if (!v)
		return -1;
	if (isnew) /* the first line that names an alias keeps it */
		*v = (uint32_t)entry + 1;
	return 0;
}

static long add_entry(px_lexicon *lx, const char *name, int kind)
{
	if (px_grow((void **)&lx->gz, &lx->gzcap, lx->ngz + 1, sizeof *lx->gz) < 0)
		return -1;
	char *n = px_strdup(name);
	if (!n)
		return -1;
	lx->gz[lx->ngz].name = n;
	lx->gz[lx->ngz].kind = kind;
	lx->ngz++;
	if (add_alias(lx, name, lx->ngz - 1) < 0)
		return -1;
	return (long)lx->ngz - 1;
}

static int load_gaz_line(loader *L, char *line)
{
	char *f[3];
	size_t n = fields(line, f, 3);
	if (n < 2 || !*f[0]) {
		diag(L, "expected NAME<TAB>KIND<TAB>ALIASES%s", "");
		return 0;
	}
	int kind = kind_parse(f[1]);
	if (kind < 0) {
		diag(L, "unknown kind '%s'", f[1]);
		return 0;
	}
	long e = px_lexicon_gaz(L->lx, f[0], strlen(f[0]), NULL);
	if (e < 0 && (e = add_entry(L->lx, f[0], kind)) < 0)
		return -1;
	if (n == 3) {
		char *save = NULL;
		for (char *a = strtok_r(f[2], "|", &save); a; a = strtok_r(NULL, "|", &save))
			if (add_alias(L->lx, a, (size_t)e) < 0)
				return -1;
	}
	return 0;
}

static int add_distinct(px_lexicon *lx, const char *a, const char *b)
{
	px_sbuf ka = PX_SBUF_INIT, kb = PX_SBUF_INIT, k = PX_SBUF_INIT;
	int r = -1;
	if (px_gaz_norm(a, strlen(a), &ka) < 0 || px_gaz_norm(b, strlen(b), &kb) < 0)
		goto out;
	if (ka.len == 0 || kb.len == 0) {
		r = 0;
		goto out;
	}
	int lt = strcmp(ka.data, kb.data) < 0;
	if (px_sbuf_puts(&k, lt ? ka.data : kb.data) < 0 || px_sbuf_putc(&k, '\t') < 0 ||
	    px_sbuf_puts(&k, lt ? kb.data : ka.data) < 0)
		goto out;
	r = px_strmap_put(&lx->distinct, k.data, k.len, NULL) ? 0 : -1;
out:
	px_sbuf_free(&ka);
	px_sbuf_free(&kb);
	px_sbuf_free(&k);
	return r;
}

static int load_user_line(loader *L, char *line)
{
	char *f[3];
	if (strncmp(line, "same\t", 5) == 0 || strncmp(line, "distinct\t", 9) == 0) {
		if (fields(line, f, 3) != 3 || !*f[1] || !*f[2]) {
			diag(L, "expected %s<TAB>A<TAB>B", f[0]);
			return 0;
		}
		if (f[0][0] == 'd')
			return add_distinct(L->lx, f[1], f[2]);
		long a = px_lexicon_gaz(L->lx, f[1], strlen(f[1]), NULL);
		long b = px_lexicon_gaz(L->lx, f[2], strlen(f[2]), NULL);
		if (a < 0 && b >= 0)
			return add_alias(L->lx, f[1], (size_t)b);
		/* kind -1: not known; the text decides */
		if (a < 0 && (a = add_entry(L->lx, f[1], -1)) < 0)
			return -1;
		return add_alias(L->lx, f[2], (size_t)a);
	}
	return load_gaz_line(L, line);
}

static int rule_cmp(const void *x, const void *y)
{
	const px_fold_rule *a = x, *b = y;
	if (a->flen != b->flen)
		return a->flen > b->flen ? -1 : 1;
	return (a->at_start + a->at_end) > (b->at_start + b->at_end) ? -1 :
	       (a->at_start + a->at_end) < (b->at_start + b->at_end);
}

static int load_fold_line(loader *L, char *line)
{
	char *f[2];
	size_t n = fields(line, f, 2);
	if (n < 1 || !*f[0]) {
		diag(L, "expected FROM<TAB>TO%s", "");
		return 0;
	}
	const char *from = f[0], *to = n == 2 ? f[1] : "";
	px_fold_rule r = {0};
	if (*from == '^') {
		r.at_start = 1;
		from++;
	}
	size_t fl = strlen(from);
	if (fl && from[fl - 1] == '$') {
		r.at_end = 1;
		fl--;
	}
	if (fl == 0 || fl > 8 || strlen(to) > 8) {
		diag(L, "a rule's sides must be 1 to 8 bytes%s", "");
		return 0;
	}
	px_lexicon *lx = L->lx;
	if (px_grow((void **)&lx->rules, &lx->rulecap, lx->nrules + 1, sizeof r) < 0)
		return -1;
	r.from = px_strndup(from, fl);
	r.to = px_strdup(to);
	r.flen = (uint8_t)fl;
	r.tlen = (uint8_t)strlen(to);
	if (!r.from || !r.to) {
		px_free(r.from);
		px_free(r.to);
		return -1;
	}
	lx->rules[lx->nrules++] = r;
	return 0;
}

static int load_word_line(loader *L, char *line, uint32_t flag)
{
	char *f[1];
	fields(line, f, 1);
	return *f[0] ? add_cue(L->lx, f[0], flag) : 0;
}

enum file_kind { F_CUES, F_GAZ, F_FOLD, F_COMMON, F_DEMONYM, F_USER };

/* Load one file; a missing optional file is not an error. Returns -1 only
 * when memory ran out. */
static int load_file(loader *L, const char *dir, const char *name,
                     enum file_kind kind, int optional)
{
	px_sbuf path = PX_SBUF_INIT;
	if (px_sbuf_printf(&path, "%s/%s", dir, name) < 0)
		return -1;
	size_t len;
	char *text = slurp(path.data, &len);
	L->file = path.data;
	L->line = 0;
	if (!text) {
		int e = errno;
		if (e == ENOMEM) {
			px_sbuf_free(&path);
			return -1;
		}
		if (!(optional && e == ENOENT))
			diag(L, "%s", strerror(e));
		px_sbuf_free(&path);
		return 0;
	}
	int r = 0;
	for (char *p = text, *nl; p && *p && r == 0; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		L->line++;
		if (*p == '#' || *p == '\0' || *p == '\r')
			continue;
		switch (kind) {
		case F_CUES: r = load_cue_line(L, p); break;
		case F_GAZ: r = load_gaz_line(L, p); break;
		case F_FOLD: r = load_fold_line(L, p); break;
		case F_COMMON: r = load_word_line(L, p, PX_CUE_COMMON); break;
		case F_DEMONYM: r = load_word_line(L, p, PX_CUE_DEMONYM); break;
		case F_USER: r = load_user_line(L, p); break;
		}
	}
	px_free(text);
	px_sbuf_free(&path);
	return r;
}

/* lx->rule_ix and rule_at: a counting sort of the rules by first byte,
 * which keeps their order within each byte. */
static int index_rules(px_lexicon *lx)
{
	memset(lx->rule_at, 0, sizeof lx->rule_at);
	lx->rule_ix = px_malloc((lx->nrules ? lx->nrules : 1) * sizeof *lx->rule_ix);
	if (!lx->rule_ix)
		return -1;
	for (size_t i = 0; i < lx->nrules; i++)
		lx->rule_at[(unsigned char)lx->rules[i].from[0] + 1]++;
	for (size_t c = 0; c < 256; c++)
		lx->rule_at[c + 1] += lx->rule_at[c];
	uint32_t fill[256];
	memcpy(fill, lx->rule_at, sizeof fill);
	for (size_t i = 0; i < lx->nrules; i++)
		lx->rule_ix[fill[(unsigned char)lx->rules[i].from[0]]++] = (uint32_t)i;
	return 0;
}

px_status px_lexicon_load(px_lexicon **out, const char *datadir,
                          const char *userdir, px_lexicon_diag_fn diagfn,
                          void *ctx, px_error *err)
{
	*out = NULL;
	px_lexicon *lx = px_calloc(1, sizeof *lx);
	if (!lx)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	lx->title_words = 1;
	loader L = {lx, diagfn, ctx, NULL, 0};
	int r = 0;
	if (datadir) {
		px_sbuf dir = PX_SBUF_INIT;
		if (px_sbuf_printf(&dir, "%s/actors", datadir) < 0) {
			r = -1;
		} else {
			r = load_file(&L, dir.data, "cues.tsv", F_CUES, 0);
			if (!r) r = load_file(&L, dir.data, "common.txt", F_COMMON, 0);
			if (!r) r = load_file(&L, dir.data, "demonyms.txt", F_DEMONYM, 0);
			if (!r) r = load_file(&L, dir.data, "fold.tsv", F_FOLD, 0);
			if (!r) r = load_file(&L, dir.data, "gazetteer.tsv", F_GAZ, 0);
		}
		px_sbuf_free(&dir);
	}
	if (!r && userdir)
		r = load_file(&L, userdir, "actors.tsv", F_USER, 1);
	/* read-only from here on, and looked up for nearly every word */
	if (!r)
		r = px_strmap_freeze(&lx->cues) < 0 || px_strmap_freeze(&lx->gaz) < 0 ? -1 : 0;
	for (size_t i = 0; !r && i < lx->cues.cap; i++) {
		const px_strmap_slot *sl = &lx->cues.slots[i];
		if (sl->key && (sl->val & PX_CUE_NOUNLANG)) {
			uint32_t b = sl->hash & (PX_NOUNLANG_BITS - 1);
			lx->nounlang_bits[b / 64] |= 1ull << (b % 64);
		}
	}
	if (r) {
		px_lexicon_free(lx);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	if (lx->nrules > 1)
		qsort(lx->rules, lx->nrules, sizeof *lx->rules, rule_cmp);
	if (index_rules(lx) < 0) {
		px_lexicon_free(lx);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	*out = lx;
	return PX_OK;
}

void px_lexicon_free(px_lexicon *lx)
{
	if (!lx)
		return;
	px_strmap_free(&lx->cues);
	px_strmap_free(&lx->gaz);
	px_strmap_free(&lx->distinct);
	for (size_t i = 0; i < lx->ngz; i++)
		px_free(lx->gz[i].name);
	px_free(lx->gz);
	for (size_t i = 0; i < lx->nrules; i++) {
		px_free(lx->rules[i].from);
		px_free(lx->rules[i].to);
	}
	px_free(lx->rules);
	px_free(lx->rule_ix);
	px_free(lx);
}

uint32_t px_lexicon_cue(const px_lexicon *lx, const char *s, size_t n)
{
	const uint32_t *v = px_strmap_get(&lx->cues, s, n);
	return v ? *v : 0;
}

long px_lexicon_gaz(const px_lexicon *lx, const char *s, size_t n, px_sbuf *tmp)
{
	if (!lx->gaz.n)
		return -1;
	/* most names are plain ASCII words and single blanks: their normal
	 * form is their lower case, looked up without a copy */
	int plain = n > 0 && s[0] != ' ' && s[n - 1] != ' ' &&
	            !(n > 4 && (s[0] | 32) == 't' && (s[1] | 32) == 'h' && (s[2] | 32) == 'e' &&
	              s[3] == ' ');
	/* (one pass: whether it is plain, has a blank, and its lower-case
	 * hash, as px_strmap_get_lower would make it) */
	uint32_t h = 2166136261u;
	int blank = 0;
	for (size_t i = 0; i < n && plain; i++) {
		unsigned c = (unsigned char)s[i];
		if (((c | 32) - 'a') >= 26u && (c - '0') >= 10u) {
			/* no letter, no digit: a single blank, or not plain */
			plain = c == ' ' && s[i + 1] != ' ';
			blank = 1;
		}
		/* (letters, digits and the blank are lower case as c | 32) */
		h = (h ^ (c | 32)) * 16777619u;
	}
	/* one word, or several where only "U S"-like single letters would
	 * need joining */
	if (plain && ((n > 1 && !blank) || (n > 3 && s[1] != ' '))) {
		const uint32_t *v = px_strmap_get_lower_hashed(&lx->gaz, s, n, h);
		return v ? (long)*v - 1 : -1;
	}
	px_sbuf own = PX_SBUF_INIT, *k = tmp ? tmp : &own;
	k->len = 0;
	long r = -1;
	if (px_gaz_norm(s, n, k) == 0 && k->len) {
		const uint32_t *v = px_strmap_get(&lx->gaz, k->data, k->len);
		r = v ? (long)*v - 1 : -1;
	}
	px_sbuf_free(&own);
	return r;
}
