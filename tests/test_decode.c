/* test_decode.c - bytes to clean text: validity, neutralising, repairs, map. */
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "parallax/alloc.h"
#include "parallax/decode.h"
#include "parallax/segment.h"
#include "tap.h"

/* Decode a C string; the caller frees with px_decoded_free. */
static px_decoded dec(const char *s, size_t n)
{
	px_decoded d;
	px_error e;
	if (px_decode((const unsigned char *)s, n, &d, &e) != PX_OK) {
		printf("# decode failed: %s\n", e.msg);
		exit(1);
	}
	return d;
}

static void check_text(const char *in, const char *want, const char *what)
{
	px_decoded d = dec(in, strlen(in));
	is_str(d.text.s, want, what);
	px_decoded_free(&d);
}

/* No control byte but TAB and LF, no ESC, valid UTF-8, no C1 or bidi. */
static int clean_bytes(const px_text *t)
{
	const uint8_t *s = (const uint8_t *)t->s;
	if (u8_check(s, t->len) != NULL)
		return 0;
	for (size_t i = 0; i < t->len; i++)
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n') || s[i] == 0x7F)
			return 0;
	for (size_t i = 0; i < t->len;) {
		ucs4_t c;
		int k = u8_mbtouc(&c, s + i, t->len - i);
		if ((c >= 0x80 && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static void test_degenerate(void)
{
	px_decoded d = dec("", 0);
	ok(d.text.len == 0 && d.text.s && d.text.s[0] == '\0', "empty input gives empty text");
	px_decoded_free(&d);
	d = dec("x", 1);
	is_str(d.text.s, "x", "one byte");
	px_decoded_free(&d);

	/* invalid UTF-8 at every position of a short string */
	const char base[] = "abc \xE2\x80\x99 def";
	int all_clean = 1;
	for (size_t pos = 0; pos < sizeof base - 1; pos++) {
		char buf[64];
		memcpy(buf, base, sizeof base - 1);
		buf[pos] = (char)0xFF;
		d = dec(buf, sizeof base - 1);
		all_clean &= clean_bytes(&d.text);
		px_decoded_free(&d);
	}
	ok(all_clean, "an invalid byte at any position still gives valid clean UTF-8");

	/* every byte value alone and in a UTF-8 context */
	all_clean = 1;
	for (int b = 0; b < 256; b++) {
		char buf[8] = {'a', (char)b, 'z', (char)0xC3, (char)0xA9};
		d = dec(buf, 5);
		all_clean &= clean_bytes(&d.text);
		px_decoded_free(&d);
	}
	ok(all_clean, "every byte value decodes to clean text");

	check_text("a\xED\xA0\x80z", "a\xC3\xAD\xC2\xA0\xE2\x82\xAC" "z",
	           "an encoded lone surrogate is not valid UTF-8: read as Windows-1252");
	px_decoded od = dec("a\xC0\xAFz", 4);
	ok(clean_bytes(&od.text) && strchr(od.text.s, '/') == NULL,
	   "an overlong '/' does not decode to '/'");
	px_decoded_free(&od);

	/* NUL bytes are removed (the binary check is the source's job) */
	d = dec("a\0b", 3);
	is_str(d.text.s, "ab", "NUL removed");
	px_decoded_free(&d);
}

static void test_neutralise(void)
{
	check_text("a\x1b[31mred\x1b[0m b", "ared b", "CSI sequences removed whole");
	check_text("Tony\fBlair and Gordon\vBrown\x1c" "met\x1f" "x", "Tony Blair and Gordon Brown met x",
	           "form feed, vertical tab and the separators part words");
	check_text("a\xc2\x85" "b", "ab", "NEL removed as the other C1 controls (in mojibake it is a letter's half)");
	check_text("t\x1b]0;evil title\x07x", "tx", "OSC title sequence removed");
	check_text("t\x1b]52;c;ZXZpbA==\x1b\\x", "tx", "OSC 52 with ST removed");
	check_text("t\x1bPq#0;2;0;0;0\x1b\\x", "tx", "DCS removed");
	check_text("a\x1b" "cb", "ab", "two-byte ESC sequence removed");
	check_text("a\xC2\x9B" "31mb", "ab", "C1 CSI in UTF-8 removed with its parameters");
	check_text("a\xC2\x84z", "az", "C1 control removed");
	check_text("a\xE2\x80\xAE" "evil\xE2\x81\xA6z", "aevilz", "bidi override and isolate removed");
	check_text("a\x07\x08\x7f" "b", "ab", "BEL, BS, DEL removed");
	check_text("l1\r\nl2\rl3\n", "l1\nl2\nl3\n", "CRLF and CR become LF");
	check_text("\xEF\xBB\xBFhi", "hi", "BOM dropped");
	check_text("tab\there", "tab\there", "TAB kept");
	/* an unterminated OSC stops at the end of its line */
	check_text("a\x1b]0;no end\nnext", "a\nnext", "unterminated OSC ends at the line end");
}

static void test_charset(void)
{
	px_decoded d = dec("caf\xE9 \x93quoted\x94", 14);
	is_str(d.text.s, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D", "Windows-1252 file decoded");
	is_int(d.charset, PX_CHARSET_CP1252, "charset is Windows-1252");
	px_decoded_free(&d);
	d = dec("\xC3\xA9t\xE9", 4);
	is_str(d.text.s, "\xC3\xA9t\xC3\xA9", "stray byte in UTF-8 read as Windows-1252");
	is_int(d.charset, PX_CHARSET_MIXED, "charset is mixed");
	ok(d.nrepairs == 1 && d.repairs[0].kind == PX_REPAIR_INVALID &&
	   d.repairs[0].orig_start == 3, "the stray byte is a recorded repair at its offset");
	px_decoded_free(&d);
}

static void test_repairs(void)
{
	check_text("AT&amp;T &lt;b&gt; caf&eacute; it&#8217;s &#x2019; &#146;",
	           "AT&T <b> caf\xC3\xA9 it\xE2\x80\x99s \xE2\x80\x99 \xE2\x80\x99",
	           "named, decimal, hex and 1252-range entities");
	check_text("AT&T R&D &unknown; &#;", "AT&T R&D &unknown; &#;", "non-entities left alone");
	check_text("it&amp;#8217;s", "it\xE2\x80\x99s", "double-encoded entity");
	check_text("x&#27;[31m", "x[31m", "an entity for ESC is dropped, not decoded");
	check_text("a&nbsp;b", "a\xC2\xA0" "b", "nbsp");
	/* seed 001: &#8217; cut after &#821, which became U+0335 */
	check_text("Pompeo\xCC\xB5\n\n7;s talks", "Pompeo\xE2\x80\x99s talks",
	           "cut entity (U+0335 + break + 7;) rejoined");
	check_text("Pompeo&#821\n7;s", "Pompeo\xE2\x80\x99s", "raw cut entity rejoined");
	check_text("e\xCC\xB5 and 7 things", "e\xCC\xB5 and 7 things",
	           "a combining mark without the rest of an entity stays");
	check_text("don\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2t", "don\xE2\x80\x99t", "mojibake \xC3\xA2\xE2\x82\xAC\xE2\x84\xA2 -> \xE2\x80\x99");
	check_text("caf\xC3\x83\xC2\xA9", "caf\xC3\xA9", "mojibake \xC3\x83\xC2\xA9 -> \xC3\xA9");
	check_text("\xC3\xA2\xE2\x82\xAC\xC2\x9D" "end", "\xE2\x80\x9D" "end",
	           "mojibake with an undefined 1252 byte (0x9D)");
	check_text("Fran\xC3\xA7" "ais \xC3\xA0 la", "Fran\xC3\xA7" "ais \xC3\xA0 la",
	           "real accented text is not mojibake");
	check_text("attacks.The ultimatum", "attacks. The ultimatum", "space restored after a full stop");
	check_text("the U.S. and e.g. this", "the U.S. and e.g. this", "U.S. and e.g. kept");
	check_text("U.S.The", "U.S.The", "no split after an initialism");
	check_text("see example.com/News and www.site.Com.", "see example.com/News and www.site.Com.",
	           "URLs and domains kept");
	check_text("a.B", "a.B", "one-letter word before the stop: no repair");
}

static void test_nfc_and_map(void)
{
	check_text("Cafe\xCC\x81 x", "Caf\xC3\xA9 x", "decomposed e + acute composed (NFC)");
	check_text("\xE2\x84\xA6", "\xCE\xA9", "ohm sign to omega (NFC singleton)");
	/* a flood of combining marks is cut */
	char flood[2 + 2 * 500];
	flood[0] = 'a';
	for (int i = 0; i < 500; i++) {
		flood[1 + 2 * i] = (char)0xCC;
		flood[2 + 2 * i] = (char)0x81;
	}
	px_decoded d = dec(flood, 1 + 2 * 500);
	ok(d.text.len < 100, "combining flood capped");
	px_decoded_free(&d);

	/* offsets back to the original bytes after repairs */
	const char *in = "A &amp; B\r\nKadhimi\x1b[1m said";
	d = dec(in, strlen(in));
	is_str(d.text.s, "A & B\nKadhimi said", "text after repairs");
	const char *k = strstr(d.text.s, "Kadhimi");
	size_t t0 = (size_t)(k - d.text.s);
	is_int(px_text_orig(&d.text, t0), strstr(in, "Kadhimi") - in, "start maps to original");
	is_int(px_text_orig_end(&d.text, t0 + 7), strstr(in, "Kadhimi") - in + 7, "end maps to original");
	size_t s0 = (size_t)(strstr(d.text.s, "said") - d.text.s);
	is_int(px_text_orig(&d.text, s0), strstr(in, "said") - in, "after a removed escape");
	is_int(px_text_orig(&d.text, 2), 2, "entity start maps to '&'");
	is_int(px_text_orig_end(&d.text, 3), 7, "entity end maps past ';'");
	is_int(px_text_from_orig(&d.text, (size_t)(strstr(in, "said") - in)), s0, "inverse map");
	px_decoded_free(&d);

	/* a byte removed just before a repair (a bidi control, then an
	 * entity): the words before keep their own offsets */
	in = "Mike Pompeo met them\xE2\x80\xAC&amp; left.";
	d = dec(in, strlen(in));
	t0 = (size_t)(strstr(d.text.s, "Pompeo") - d.text.s);
	is_int(px_text_orig(&d.text, t0), strstr(in, "Pompeo") - in, "before a removed byte and an entity: start");
	is_int(px_text_orig_end(&d.text, t0 + 6), strstr(in, "Pompeo") - in + 6,
	       "before a removed byte and an entity: end");
	s0 = (size_t)(strstr(d.text.s, "them") - d.text.s);
	is_int(px_text_orig_end(&d.text, s0 + 4), strstr(in, "them") - in + 4,
	       "the word against the removed byte ends before it");
	px_decoded_free(&d);

	/* the map stays in order where a repair lands inside an earlier
	 * one's output (found by fuzz_decode: a replacement at such a point
	 * took the earlier one's end for a removal before it) */
	{
		static const char odd[] =
		"\x61\x20\x68\x72\x65\x71\x26\x23\x38\x32\x39\x37\x3b\x73\x20\xf8"
		"\x70\x20\x72\x61\x6c\x6c\x69\x65\x73\x20\x61\x6c\x6c\x69\x65\x73"
		"\x20\x6c\x6c\x20\x6e\x6f\x74\x20\x61\x6c\x6c\x6f\x77\x20\x74\x68"
		"\x74\x74\x6c\x65\x67\x72\x6f\x75\x6e\x64\x2c\x26\x72\x64\x71\x75"
		"\x6f\xcc\x81\x81\x72\x64\x71\x75\x6f\xcc\x81\x81\xcc\x81\x26\x23"
		"\x58\x55\x2e\x06\x6d\x26\x61\xff\xc2\x90\x2f\x72\x67\x20\x74\x26"
		"\x61\x6d\x70\x3b\x23\x36\x34\x33\x34\x3b\x62\x61\x74\x74\x6c\x65"
		"\x67\x72\x6f\x75\x6e\x64\x2c\x26\x72\x64\x71\x75\x6f\xcc\x81\x90"
		"\x00\x00\x00";
		d = dec(odd, sizeof odd - 1);
		int sorted = d.text.nanchors > 0;
		for (size_t i = 1; i < d.text.nanchors; i++)
			sorted &= d.text.anchors[i].t >= d.text.anchors[i - 1].t &&
			          d.text.anchors[i].o >= d.text.anchors[i - 1].o;
		ok(sorted, "the map stays in order with repairs inside repairs");
		px_decoded_free(&d);
	}

	/* a Windows-1252 file: offsets of words after non-ASCII bytes */
	const char *cp = "\x93Kazimi\x94 said";
	d = dec(cp, strlen(cp));
	size_t kz = (size_t)(strstr(d.text.s, "Kazimi") - d.text.s);
	is_int(px_text_orig(&d.text, kz), 1, "offset after a 1252 quote");
	is_int(px_text_orig_end(&d.text, kz + 6), 7, "end before a 1252 quote");
	px_decoded_free(&d);
}

static void test_big_line(void)
{
	size_t n = (size_t)100 << 20;
	char *big = malloc(n);
	if (!big) {
		ok(0, "could not allocate the 100 MB test line");
		return;
	}
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 7 == 6) ? ' ' : 'x';
	px_decoded d = dec(big, n);
	ok(d.text.len == n && d.text.nanchors <= 2, "a 100 MB line decodes with a trivial map");
	px_decoded_free(&d);
	free(big);
}

/* Plain ASCII is skipped eight bytes at a time: a byte that needs work is
 * put at each position of a line of 1 to 24 letters (each byte of a word
 * and of the tail) and must be found there. */
static void test_fast_skips(void)
{
	static const struct {
		const char *put, *want;
	} cases[] = {
		{"\x01", ""},                        /* a control: dropped */
		{"\x1F", " "},                       /* a separator: a blank */
		{"\x7F", ""},                        /* DEL */
		{"\x0B", " "},                       /* VT: a blank */
		{"\r", "\n"},                        /* CR */
		{"\t", "\t"},                        /* kept */
		{"\n", "\n"},
		{"~", "~"},
		{" ", " "},
		{"\xC3\xA9", "\xC3\xA9"},            /* UTF-8 kept */
		{"\xE2\x80\xAE", ""},                /* a bidi control */
		{"&amp;", "&"},                       /* pass 2: an entity */
		{"&#8217;", "\xE2\x80\x99"},
		{"\xC3\x83\xC2\xA9", "\xC3\xA9"},    /* mojibake */
		{"\xC2\x81", ""},                    /* a C1 control */
		{"\xCD\x8F", "\xCD\x8F"},            /* a combining mark, kept */
		{"\xCC\xB5\n7;", "\xE2\x80\x99"},    /* a cut entity */
	};
	int bad = 0;
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
		for (size_t len = 1; len <= 24; len++)
			for (size_t pos = 0; pos <= len; pos++) {
				char in[64], want[64];
				memset(in, 'x', len);
				memset(want, 'x', len);
				size_t a = strlen(cases[c].put), b = strlen(cases[c].want);
				memmove(in + pos + a, in + pos, len - pos);
				memcpy(in + pos, cases[c].put, a);
				memmove(want + pos + b, want + pos, len - pos);
				memcpy(want + pos, cases[c].want, b);
				in[len + a] = '\0';
				want[len + b] = '\0';
				px_decoded d = dec(in, len + a);
				if (strcmp(d.text.s, want) != 0) {
					if (!bad)
						printf("#   case %zu, %zu letters, at %zu: \"%s\"\n", c, len, pos,
						       d.text.s);
					bad++;
				}
				px_decoded_free(&d);
			}
	ok(bad == 0, "a byte to look at is found at every byte of a word and of the tail");
	/* a full stop that lost its space, at each offset */
	bad = 0;
	for (size_t len = 2; len <= 20; len++) {
		char in[64], want[64];
		memset(in, 'x', len);
		memcpy(in + len, ".The end", 9);
		memcpy(want, in, len + 1);
		memcpy(want + len + 1, " The end", 9);
		px_decoded d = dec(in, strlen(in));
		bad += strcmp(d.text.s, want) != 0;
		px_decoded_free(&d);
	}
	ok(bad == 0, "a lost space found after a word of any length");
}

/* A saved web page: read as the text a browser shows. */
static void check_html(const char *in, const char *want, const char *what)
{
	px_decoded d = dec(in, strlen(in));
	if (!d.html)
		printf("# not read as a web page\n");
	is_str(d.html ? d.text.s : "(not html)", want, what);
	px_decoded_free(&d);
}

static void test_html_detect(void)
{
	static const char *const pages[] = {
		"<!DOCTYPE html><p>x", "<!doctype HTML>\n<p>x", "  \n<html lang=en><p>x",
		"<!-- saved --><html><p>x", "<?xml version=\"1.0\"?>\n<html><p>x",
		"\xEF\xBB\xBF<html><p>x", "<meta charset=utf-8><p>x", "<HEAD><title>t</title>",
		"<div class=\"story\"><p>A fragment</p></div>", "\n<P>Para</P>",
	};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		px_decoded d = dec(pages[i], strlen(pages[i]));
		ok(d.html, "read as a web page");
		px_decoded_free(&d);
	}
	/* text that holds some markup, or a tag that is not a page's first */
	static const char *const texts[] = {
		"Title\n\n<p>text</p>", "<b>bold</b> start", "<htmlx>", "<!doctype foo><p>x",
		"Mr <html> said", "<!-- unclosed comment <html>", "",
		"<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Project\n\nIt does things.\n",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		px_decoded d = dec(texts[i], strlen(texts[i]));
		ok(!d.html && strlen(d.text.s) == strlen(texts[i]), "text with markup stays text");
		px_decoded_free(&d);
	}
}

static void test_html_text(void)
{
	check_html("<html><body><p>One</p><p>Two</p></body></html>", "One\n\nTwo\n",
	           "paragraphs");
	check_html("<html><p>a\n   b\t c </p>", "a b c\n", "white space collapsed");
	check_html("<html><p>Em<b>pha</b>sis <a href=\"x\">link</a>.</p>", "Emphasis link.\n",
	           "inline tags join their text");
	check_html("<html><p>a<br>b<br/>c</p>", "a\nb\nc\n", "<br> breaks a line");
	check_html("<html><body>a<br>\n<br>b<br>c<li>d<br>e", "a\n\nb\nc\n* d\ne\n",
	           "two <br> in a row end a paragraph");
	check_html("<html><ul><li>One</li><li><p>Two</p></li></ul>", "* One\n\n* Two\n",
	           "list items");
	check_html("<html><table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>",
	           "a b\nc\n", "table cells and rows");
	check_html("<html><script>if (a<b) x = '</p>';</script><style>p{}</style>"
	           "<!-- <p>no</p> --><noscript>Enable JS</noscript><p>yes</p>",
	           "yes\n", "scripts, styles, comments and noscript dropped");
	check_html("<html><svg><svg></svg>x</svg><select><option>o</select>"
	           "<button>Share</button><template><p>t</p></template><p>kept</p>",
	           "kept\n", "what a browser does not show is dropped, nested too");
	check_html("<html><pre>a  b\n  c</pre><p>d</p>", "a  b\n  c\n\nd\n",
	           "<pre> keeps its white space");
	check_html("<html><head><title>The  Title</title></head><body><p>Body</p>",
	           "The Title\n\nBody\n", "the title on a page without <h1>");
	check_html("<html><title>T</title><h1>H</h1><p>B</p>", "H\n\nB\n",
	           "no title where the page has <h1>");
	check_html("<html><p>A &amp; B &lt;p&gt; C</p>", "A & B <p> C\n",
	           "entities decoded after, not read as markup");
	check_html("<html><p title=\"a>b\">x</p><p><a title=it's>y</a></p>", "x\n\ny\n",
	           "a quoted '>' is in the tag; a lone quote is not a value");
	check_html("<html><p>1 < 2 and 3<4</p>", "1 < 2 and 3<4\n", "'<' before no name is text");
	check_html("<html><p>a</p><!--><p>b</p><!---><p>c</p><!-- x --!><p>d</p>",
	           "a\n\nb\n\nc\n\nd\n", "empty comments, and one closed by --!>");
	check_html("<html><p>a</> b</ x>c</p>", "a bc\n", "</> and a bogus comment are not shown");
	check_html("<html><p>a</p><script src=x /><p>hidden</p></script><p>b</p>", "a\n\nb\n",
	           "<script/> is a script all the same, as browsers read it");
	check_html("<html><svg/><p>shown</p>", "shown\n", "<svg/> closes itself");
	check_html("<html><pre>\nline</pre>", "line\n", "a line end right after <pre> is not shown");
	/* left open: as a browser reads it, the rest of the file */
	check_html("<html><p>a</p><!-- rest <p>b</p>", "a\n", "a comment left open");
	check_html("<html><p>a</p><a href=\"x><p>b</p>", "a\n", "a tag left open");
	check_html("<html><p>a<script>x</p>", "a\n", "a script left open");
	check_html("<html>", "", "a page with no text");
	/* the page's own address, as a line where the page gives it */
	check_html("<html><head><link rel=\"stylesheet\" href=\"https://x.org/a.css\">"
	           "<link href='https://x.org/story?a=1&amp;b=2' rel=\"Canonical\"/></head>"
	           "<h1>H</h1><p>B</p>",
	           "https://x.org/story?a=1&b=2\n\nH\n\nB\n", "the canonical address");
	check_html("<html><meta property=\"og:url\" content=\"http://x.org/s\">"
	           "<link rel=canonical href=\"https://x.org/t\"><h1>H</h1>",
	           "http://x.org/s\n\nH\n", "og:url, and only the first address");
	check_html("<html><link rel=canonical href=\"javascript:x()\"><h1>H</h1>", "H\n",
	           "an address that is not http(s) is not written");
}

static void test_html_hostile(void)
{
	/* nesting a hundred thousand deep, and a flood of tags that open a
	 * quote each: linear whatever the input (each byte read a few times) */
	size_t n = 100000;
	char *p = malloc(12 * n + 64);
	if (!p) {
		ok(0, "could not allocate the hostile pages");
		return;
	}
	size_t k = (size_t)sprintf(p, "<html><p>a</p>");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(p + k, "<svg>");
	k += (size_t)sprintf(p + k, "x");
	px_decoded d = dec(p, k);
	is_str(d.text.s, "a\n", "100,000 nested hidden elements");
	px_decoded_free(&d);
	k = (size_t)sprintf(p, "<html><p>a</p>");
	for (size_t i = 0; i < n; i++)
		k += (size_t)sprintf(p + k, "<a x='");
	d = dec(p, k);
	is_str(d.text.s, "a\n", "100,000 tags opening quotes");
	px_decoded_free(&d);
	/* a terminal escape in a page is removed before the markup is read */
	check_html("<html><p>t\x1b]0;evil\x07x</p>", "tx\n", "escapes removed in a page too");
	free(p);
}

static void test_html_map(void)
{
	const char *in = "<!DOCTYPE html>\n<html><body>\n  <p>Mustafa al-Kadhimi\n  said\xE2\x80\xAC</p>\n"
	                 "  <ul><li>met  <b>Pompeo</b> &amp; aides</li></ul></body></html>\n";
	px_decoded d = dec(in, strlen(in));
	is_str(d.text.s, "Mustafa al-Kadhimi said\n\n* met Pompeo & aides\n", "page text");
	px_text seg;
	px_block *b = NULL;
	size_t nb = 0;
	px_error e;
	ok(px_segment(&d.text, &seg, &b, &nb, &e) == PX_OK, "the page's text segments");
	static const char *const words[] = {"Mustafa al-Kadhimi", "said", "Pompeo", "aides"};
	int bad = 0;
	for (size_t i = 0; i < 4; i++) {
		const char *w = strstr(seg.s, words[i]);
		size_t t0 = w ? (size_t)(w - seg.s) : 0, t1 = t0 + strlen(words[i]);
		size_t o0 = px_text_orig(&seg, t0), o1 = px_text_orig_end(&seg, t1);
		if (!w || o1 - o0 != strlen(words[i]) || memcmp(in + o0, words[i], o1 - o0)) {
			printf("# %s: text %zu..%zu -> %zu..%zu\n", words[i], t0, t1, o0, o1);
			bad++;
		}
	}
	ok(bad == 0, "words of a page map to its bytes, after segmenting");
	px_text_free(&seg);
	px_free(b);
	px_decoded_free(&d);
}

int main(void)
{
	test_degenerate();
	test_neutralise();
	test_charset();
	test_repairs();
	test_nfc_and_map();
	test_fast_skips();
	test_big_line();
	test_html_detect();
	test_html_text();
	test_html_hostile();
	test_html_map();
	return tap_done();
}
