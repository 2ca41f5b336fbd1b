/* html.c - a saved web page read as text (see html.h). */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "rewrite.h"

/* What a tag does to the text around it. */
enum {
	K_INLINE, /* nothing: <a>, <span>, <b>, and every tag not listed */
	K_SPACE,  /* a word break: table cells */
	K_LINE,   /* a line break: <br>, rows, list items */
	K_PARA,   /* a paragraph break: <p>, <div>, headings, sections */
	K_PRE,    /* a paragraph whose white space is kept */
	K_RAW,    /* raw text up to its end tag, not shown: <script>, <style> */
	K_TITLE,  /* raw text, shown only on a page without <h1> */
	K_HIDE    /* markup up to its end tag, not shown: <svg>, <select> */
};

typedef struct tagdef {
	const char *name;
	unsigned char kind;
} tagdef;

/* Sorted by name (strcmp), for bsearch. */
static const tagdef tagdefs[] = {
	{"address", K_PARA}, {"article", K_PARA}, {"aside", K_PARA},
	{"audio", K_HIDE}, {"blockquote", K_PARA}, {"body", K_PARA},
	{"br", K_LINE}, {"button", K_HIDE}, {"canvas", K_HIDE},
	{"caption", K_PARA}, {"center", K_PARA}, {"dd", K_LINE},
	{"details", K_PARA}, {"dialog", K_PARA}, {"div", K_PARA},
	{"dl", K_PARA}, {"dt", K_LINE}, {"fieldset", K_PARA},
	{"figcaption", K_PARA}, {"figure", K_PARA}, {"footer", K_PARA},
	{"form", K_PARA}, {"h1", K_PARA}, {"h2", K_PARA}, {"h3", K_PARA},
	{"h4", K_PARA}, {"h5", K_PARA}, {"h6", K_PARA}, {"header", K_PARA},
	{"hgroup", K_PARA}, {"hr", K_PARA}, {"html", K_PARA},
	{"iframe", K_RAW}, {"legend", K_PARA}, {"li", K_LINE},
	{"main", K_PARA}, {"math", K_HIDE}, {"menu", K_PARA}, {"nav", K_PARA},
	{"noembed", K_RAW}, {"noframes", K_RAW}, {"noscript", K_RAW},
	{"object", K_HIDE}, {"ol", K_PARA}, {"p", K_PARA}, {"pre", K_PRE},
	{"script", K_RAW}, {"section", K_PARA}, {"select", K_HIDE},
	{"style", K_RAW}, {"summary", K_PARA}, {"svg", K_HIDE},
	{"table", K_PARA}, {"tbody", K_LINE}, {"td", K_SPACE},
	{"template", K_HIDE}, {"textarea", K_RAW}, {"tfoot", K_LINE},
	{"th", K_SPACE}, {"thead", K_LINE}, {"title", K_TITLE}, {"tr", K_LINE},
	{"ul", K_PARA}, {"video", K_HIDE},
};

#define NAME_MAX_LEN 11 /* "blockquote" and "figcaption" are the longest */

enum { BRK_NONE, BRK_LINE, BRK_PARA };

typedef struct html {
	px_rw rw;
	const char *s;
	size_t n;
	size_t cut;      /* input up to here is dropped (from rw.pos): one
	                    replacement for a run of tags and blanks */
	int brk;         /* the break owed before the next text */
	int space;       /* a space owed before the next text */
	int bullet;      /* "* " owed before the next text (a list item) */
	int any;         /* text written yet: nothing is owed before the first */
	int br;          /* the break owed is a <br>'s: a second one makes a
	                    paragraph (as "<br><br>" shows on old pages) */
	unsigned pre;    /* open <pre> elements */
	int has_h1;
	int has_url;     /* the page's own address written */
	char hide[NAME_MAX_LEN + 1]; /* the K_HIDE element being skipped */
	size_t hide_depth;           /* its open elements of that name */
} html;

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int is_alpha(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

/* Does s[i..n) begin with the ASCII word w, any case? */
static int starts_ci(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);
	if (i > n || n - i < k)
		return 0;
	for (size_t j = 0; j < k; j++) {
		unsigned char c = (unsigned char)s[i + j];
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)w[j])
			return 0;
	}
	return 1;
}

/* Does a tag name end at s[i] (or the text)? */
static int name_ends(const char *s, size_t n, size_t i)
{
	return i >= n || is_blank((unsigned char)s[i]) || s[i] == '>' || s[i] == '/';
}

static int tagdef_cmp(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const tagdef *)e)->name);
}

static int kind_of(const char *name)
{
	const tagdef *t = bsearch(name, tagdefs, sizeof tagdefs / sizeof *tagdefs,
	                          sizeof *tagdefs, tagdef_cmp);
	return t ? t->kind : K_INLINE;
}

/* Where the next "</name" (any case, a whole name) starts at or after i,
 * or n. */
static size_t find_end_tag(const char *s, size_t n, size_t i, const char *name)
{
	size_t k = strlen(name);
	for (;;) {
		const char *p = i < n ? memchr(s + i, '<', n - i) : NULL;
		if (!p)
			return n;
		i = (size_t)(p - s);
		if (i + 1 < n && s[i + 1] == '/' && starts_ci(s, n, i + 2, name) &&
		    name_ends(s, n, i + 2 + k))
			return i;
		i++;
	}
}

static int page_has_h1(const char *s, size_t n)
{
	for (size_t i = 0;;) {
		const char *p = i < n ? memchr(s + i, '<', n - i) : NULL;
		if (!p)
			return 0;
		i = (size_t)(p - s) + 1;
		if (starts_ci(s, n, i, "h1") && name_ends(s, n, i + 2))
			return 1;
	}
}

/* --- writing ------------------------------------------------------------ */

static void drop_to(html *h, size_t to)
{
	if (to > h->cut)
		h->cut = to;
}

/* Replace the dropped input (from rw.pos to cut) by p[0..len): one
 * replacement, so that a later pass sees one anchor where the markup was
 * (a deletion and then an insertion at the same place would leave two,
 * and the text before them would map to the markup's end). */
static void flush_cut(html *h, const char *p, size_t len)
{
	if (h->cut > h->rw.pos || len)
		px_rw_replace(&h->rw, h->cut > h->rw.pos ? h->cut - h->rw.pos : 0, p, len, -1);
}

/* Before text: what is owed (a break, else a space; then a bullet) in
 * place of the markup and blanks dropped before it. */
static void pay(html *h)
{
	char owed[4];
	size_t k = 0;
	if (h->any) {
		if (h->brk == BRK_PARA)
			owed[k++] = '\n';
		if (h->brk != BRK_NONE)
			owed[k++] = '\n';
		else if (h->space)
			owed[k++] = ' ';
	}
	if (h->bullet) {
		owed[k++] = '*';
		owed[k++] = ' ';
	}
	flush_cut(h, owed, k);
	h->brk = BRK_NONE;
	h->space = h->bullet = h->br = 0;
	h->any = 1;
}

static void owe_break(html *h, int brk)
{
	if (brk > h->brk)
		h->brk = brk;
}

/* The text of s[i..to), no markup in it (markup = 0: a title's) or its
 * markup read as tags. */
static void text(html *h, size_t i, size_t to, int markup);

/* The value of attribute attr (lower case) in a tag's attributes
 * s[i..j): 1 and [*vs, *ve), or 0. Values are read as the tag's end was
 * found: a quote opens a value only after '='. */
static int attr_value(const char *s, size_t i, size_t j, const char *attr, size_t *vs,
                      size_t *ve)
{
	size_t al = strlen(attr);
	while (i < j) {
		while (i < j && (is_blank((unsigned char)s[i]) || s[i] == '/'))
			i++;
		size_t ns = i;
		while (i < j && !is_blank((unsigned char)s[i]) && s[i] != '=' && s[i] != '/')
			i++;
		size_t ne = i;
		while (i < j && is_blank((unsigned char)s[i]))
			i++;
		if (i >= j || s[i] != '=') {
			if (i == ns) /* a lone '/': go on */
				i++;
			continue;
		}
		i++;
		while (i < j && is_blank((unsigned char)s[i]))
			i++;
		size_t a = i, b;
		if (i < j && (s[i] == '"' || s[i] == '\'')) {
			const char *q = memchr(s + i + 1, s[i], j - i - 1);
			a = i + 1;
			b = q ? (size_t)(q - s) : j;
			i = q ? b + 1 : j;
		} else {
			while (i < j && !is_blank((unsigned char)s[i]))
				i++;
			b = i;
		}
		if (ne - ns == al && starts_ci(s, ne, ns, attr)) {
			*vs = a;
			*ve = b;
			return 1;
		}
	}
	return 0;
}

/* Does s[a..b) hold w, any case? */
static int holds_ci(const char *s, size_t a, size_t b, const char *w)
{
	for (size_t i = a; i < b; i++)
		if (starts_ci(s, b, i, w))
			return 1;
	return 0;
}

/* The page's own address in a <link rel=canonical> or <meta property=
 * og:url> tag's attributes s[b..j): 1 and its bytes [*vs, *ve). */
static int page_url(const char *s, const char *name, size_t b, size_t j, size_t *vs,
                    size_t *ve)
{
	size_t a, e;
	int own = !strcmp(name, "link")
		? attr_value(s, b, j, "rel", &a, &e) && holds_ci(s, a, e, "canonical") &&
		  attr_value(s, b, j, "href", vs, ve)
		: !strcmp(name, "meta") && attr_value(s, b, j, "property", &a, &e) &&
		  e - a == 6 && starts_ci(s, e, a, "og:url") &&
		  attr_value(s, b, j, "content", vs, ve);
	return own && (starts_ci(s, *ve, *vs, "https://") || starts_ci(s, *ve, *vs, "http://"));
}

/* --- tags ----------------------------------------------------------------- */

/* A raw-text element's content [from, end tag) and its end tag: dropped,
 * or (a title on a page without <h1>) written as a paragraph of its own.
 * Returns where the input goes on. */
static size_t raw_element(html *h, size_t from, const char *name, int show)
{
	size_t close = find_end_tag(h->s, h->n, from, name);
	if (show) {
		owe_break(h, BRK_PARA);
		text(h, from, close, 0);
		owe_break(h, BRK_PARA);
	}
	size_t end = close;
	if (end < h->n) {
		const char *gt = memchr(h->s + end, '>', h->n - end);
		end = gt ? (size_t)(gt - h->s) + 1 : h->n;
	}
	drop_to(h, end);
	return end;
}

/* The tag at s[i] == '<'; returns where the input goes on. */
static size_t tag(html *h, size_t i)
{
	const char *s = h->s;
	size_t n = h->n;
	if (starts_ci(s, n, i + 1, "!--")) {
		/* a comment, to "-->" (or "--!>") or the end; "<!-->" and
		 * "<!--->" are empty ones, as browsers read them */
		size_t j = i + 4;
		if (starts_ci(s, n, j, ">") || starts_ci(s, n, j, "->")) {
			j = s[j] == '>' ? j + 1 : j + 2;
			drop_to(h, j);
			return j;
		}
		for (;;) {
			const char *p = j < n ? memchr(s + j, '>', n - j) : NULL;
			if (!p) {
				j = n;
				break;
			}
			j = (size_t)(p - s) + 1;
			if (j - i >= 7 && ((s[j - 2] == '-' && s[j - 3] == '-') ||
			                   (j - i >= 8 && s[j - 2] == '!' && s[j - 3] == '-' && s[j - 4] == '-')))
				break;
		}
		drop_to(h, j);
		return j;
	}
	if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
		/* a doctype or a processing instruction */
		const char *p = memchr(s + i + 1, '>', n - i - 1);
		size_t j = p ? (size_t)(p - s) + 1 : n;
		drop_to(h, j);
		return j;
	}
	int end = i + 1 < n && s[i + 1] == '/';
	size_t a = i + 1 + (size_t)end;
	if (end && a < n && !is_alpha((unsigned char)s[a])) {
		/* "</>" is nothing, "</ x>" a bogus comment: neither is shown */
		const char *p = memchr(s + a, '>', n - a);
		size_t j = p ? (size_t)(p - s) + 1 : n;
		drop_to(h, j);
		return j;
	}
	if (a >= n || !is_alpha((unsigned char)s[a])) {
		/* a '<' that begins no tag is text */
		if (h->hide_depth) {
			drop_to(h, i + 1);
		} else {
			pay(h);
			px_rw_copy(&h->rw, 1);
		}
		return i + 1;
	}
	size_t b = a;
	while (!name_ends(s, n, b))
		b++;
	char name[NAME_MAX_LEN + 1] = "";
	if (b - a <= NAME_MAX_LEN) {
		for (size_t k = 0; k < b - a; k++)
			name[k] = (char)(s[a + k] >= 'A' && s[a + k] <= 'Z' ? s[a + k] + 32 : s[a + k]);
		name[b - a] = '\0';
	}
	/* the attributes, to the '>': a quote opens a value only after '=' */
	size_t j = b;
	char q = 0, last = 0;
	for (; j < n; j++) {
		char c = s[j];
		if (q) {
			if (c == q)
				q = 0;
			continue;
		}
		if (c == '>')
			break;
		if ((c == '"' || c == '\'') && last == '=')
			q = c;
		if (!is_blank((unsigned char)c))
			last = c;
	}
	/* "/>" closes only SVG and MathML elements; on an HTML one (a
	 * <script/>) browsers ignore it, and so does this */
	int self_closing = j > b && j < n && s[j - 1] == '/' &&
	                   (!strcmp(name, "svg") || !strcmp(name, "math"));
	size_t next = j < n ? j + 1 : n;
	size_t vs, ve;
	if (!end && !h->has_url && !h->hide_depth && page_url(s, name, b, j, &vs, &ve)) {
		/* the address as a line of its own, where the page gives it
		 * (its head, above the text): reader mode takes a URL line
		 * there for the article's source. Its bytes are the
		 * attribute's, so the map stays exact. */
		drop_to(h, vs);
		owe_break(h, BRK_PARA);
		pay(h);
		px_rw_copy(&h->rw, ve - vs);
		owe_break(h, BRK_PARA);
		h->has_url = 1;
	}
	drop_to(h, next);

	if (h->hide_depth) {
		if (!strcmp(name, h->hide)) {
			if (end)
				h->hide_depth--;
			else if (!self_closing)
				h->hide_depth++;
		}
		return next;
	}
	int kind = name[0] ? kind_of(name) : K_INLINE;
	switch (kind) {
	case K_SPACE:
		if (h->any)
			h->space = 1;
		break;
	case K_LINE:
		if (!strcmp(name, "br")) {
			owe_break(h, h->br && h->brk == BRK_LINE ? BRK_PARA : BRK_LINE);
			h->br = 1;
			break;
		}
		owe_break(h, BRK_LINE);
		if (!end && !strcmp(name, "li"))
			h->bullet = 1;
		break;
	case K_PARA:
		owe_break(h, BRK_PARA);
		break;
	case K_PRE:
		owe_break(h, BRK_PARA);
		if (end) {
			if (h->pre)
				h->pre--;
			break;
		}
		h->pre++;
		if (next < n && s[next] == '\n') { /* a line end right after <pre> is not shown */
			drop_to(h, next + 1);
			return next + 1;
		}
		break;
	case K_RAW:
	case K_TITLE:
		if (!end && !self_closing)
			return raw_element(h, next, name, kind == K_TITLE && !h->has_h1);
		break;
	case K_HIDE:
		if (!end && !self_closing) {
			memcpy(h->hide, name, sizeof h->hide);
			h->hide_depth = 1;
		}
		break;
	default:
		break;
	}
	return next;
}

/* --- text ------------------------------------------------------------------ */

static void text(html *h, size_t i, size_t to, int markup)
{
	const char *s = h->s;
	while (i < to) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<' && markup) {
			i = tag(h, i);
			continue;
		}
		if (h->hide_depth) {
			const char *p = memchr(s + i + 1, '<', to - i - 1);
			size_t j = p ? (size_t)(p - s) : to;
			drop_to(h, j);
			i = j;
			continue;
		}
		if (!h->pre && is_blank(c)) {
			size_t j = i + 1;
			while (j < to && is_blank((unsigned char)s[j]))
				j++;
			if (c == ' ' && j == i + 1 && h->any && h->brk == BRK_NONE && !h->space &&
			    h->cut <= h->rw.pos && j < to && s[j] != '<') {
				/* one space between two words: kept as it stands */
				px_rw_copy(&h->rw, 1);
			} else {
				drop_to(h, j);
				if (h->any)
					h->space = 1;
			}
			i = j;
			continue;
		}
		/* visible text, to the next tag or (but in <pre>) blank */
		size_t j = i + 1;
		if (h->pre) {
			const char *p = markup ? memchr(s + j, '<', to - j) : NULL;
			j = p ? (size_t)(p - s) : to;
		} else {
			while (j < to && !is_blank((unsigned char)s[j]) && !(markup && s[j] == '<'))
				j++;
		}
		pay(h);
		px_rw_copy(&h->rw, j - i);
		i = j;
	}
}

/* --- detection and the pass ------------------------------------------------ */

/* Does the text end with a tag ('>' last but blanks)? A saved fragment
 * does; a Markdown file that opens with an HTML block (a README's
 * centred logo) goes on in Markdown. */
static int ends_in_tag(const char *s, size_t n)
{
	while (n && is_blank((unsigned char)s[n - 1]))
		n--;
	return n && s[n - 1] == '>';
}

int px_html_is_document(const char *s, size_t n)
{
	/* a page's first tags, or a fragment's first block (a scraper's
	 * saved article body): a text file does not begin so */
	static const char *const first[] = {"html",    "head", "body",   "meta",   "title",
	                                    "article", "div",  "section", "main",  "header",
	                                    "p",       "h1",   "h2",      "table", "ul"};
	enum { PAGE_TAGS = 5 }; /* the first five begin a page; the rest a fragment */
	/* (white space, comments and an XML declaration may come first; a
	 * page does not put kilobytes of them before its first tag) */
	size_t lim = n < 65536 ? n : 65536, i = 0;
	for (;;) {
		while (i < lim && is_blank((unsigned char)s[i]))
			i++;
		if (i >= lim || s[i] != '<')
			return 0;
		if (starts_ci(s, lim, i, "<!--")) {
			size_t j = i + 4;
			while (j + 2 < lim && !(s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>'))
				j++;
			if (j + 2 >= lim)
				return 0;
			i = j + 3;
			continue;
		}
		if (starts_ci(s, lim, i, "<?xml")) {
			const char *p = memchr(s + i, '>', lim - i);
			if (!p)
				return 0;
			i = (size_t)(p - s) + 1;
			continue;
		}
		if (starts_ci(s, lim, i, "<!doctype") && i + 9 < lim && is_blank((unsigned char)s[i + 9])) {
			size_t j = i + 9;
			while (j < lim && is_blank((unsigned char)s[j]))
				j++;
			return starts_ci(s, lim, j, "html") && name_ends(s, lim, j + 4);
		}
		for (size_t k = 0; k < sizeof first / sizeof *first; k++)
			if (starts_ci(s, lim, i + 1, first[k]) &&
			    name_ends(s, lim, i + 1 + strlen(first[k])))
				return k < PAGE_TAGS || ends_in_tag(s, n);
		return 0;
	}
}

int px_html_text(const px_text *in, px_text *out)
{
	html h;
	memset(&h, 0, sizeof h);
	px_rw_init(&h.rw, in);
	h.s = in->s;
	h.n = in->len;
	h.has_h1 = page_has_h1(h.s, h.n);
	text(&h, 0, h.n, 1);
	/* the page's last line ends as a text file's does */
	flush_cut(&h, "\n", h.any ? 1 : 0);
	return px_rw_finish(&h.rw, out);
}
