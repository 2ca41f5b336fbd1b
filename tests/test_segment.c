/* test_segment.c - blocks, reflow, and the map through segmentation. */
#include <stdlib.h>
#include <string.h>

#include "parallax/alloc.h"
#include "parallax/decode.h"
#include "parallax/sbuf.h"
#include "parallax/segment.h"
#include "tap.h"

typedef struct seg {
	px_decoded dec;
	px_text text;
	px_block *b;
	size_t n;
} seg;

static seg run(const char *in)
{
	seg s;
	px_error e;
	memset(&s, 0, sizeof s);
	if (px_decode((const unsigned char *)in, strlen(in), &s.dec, &e) != PX_OK ||
	    px_segment(&s.dec.text, &s.text, &s.b, &s.n, &e) != PX_OK) {
		printf("# failed: %s\n", e.msg);
		exit(1);
	}
	return s;
}

static void done(seg *s)
{
	px_decoded_free(&s->dec);
	px_text_free(&s->text);
	px_free(s->b);
}

static char *block(const seg *s, size_t i)
{
	return px_strndup(s->text.s + s->b[i].start, s->b[i].end - s->b[i].start);
}

static void expect_block(const seg *s, size_t i, const char *want, const char *what)
{
	if (i >= s->n) {
		ok(0, what);
		printf("#   only %zu blocks\n", s->n);
		return;
	}
	char *g = block(s, i);
	is_str(g, want, what);
	px_free(g);
}

/* Words of a text in order, joined by single spaces. */
static char *words(const char *t)
{
	px_sbuf b = PX_SBUF_INIT;
	const char *p = t;
	while (*p) {
		while (*p && (*p == ' ' || *p == '\n' || *p == '\t'))
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\n' && *p != '\t')
			p++;
		if (p > w) {
			if (b.len)
				px_sbuf_putc(&b, ' ');
			px_sbuf_append(&b, w, (size_t)(p - w));
		}
	}
	return px_sbuf_detach(&b, NULL);
}

static void test_basic(void)
{
	seg s = run("");
	is_int(s.n, 0, "empty text: no blocks");
	is_int(s.text.len, 0, "empty text: empty reading text");
	done(&s);
	s = run("x");
	is_int(s.n, 1, "one byte: one block");
	expect_block(&s, 0, "x", "one byte: the block is the byte");
	is_str(s.text.s, "x", "one byte: reading text is the byte");
	is_int(px_text_orig(&s.text, 0), 0, "one byte: maps to 0");
	is_int(px_text_orig_end(&s.text, 1), 1, "one byte: ends at 1");
	done(&s);
	s = run("\n");
	is_int(s.n, 0, "lone LF: no blocks");
	is_int(px_text_orig(&s.text, s.text.len), 1, "lone LF: end of text maps to orig_len");
	done(&s);
	s = run("x\n");
	is_int(s.n, 1, "one byte and LF: one block");
	expect_block(&s, 0, "x", "one byte and LF: the block is the byte");
	done(&s);
	s = run("\n\n\xC2\xA0\n  \n");
	is_int(s.n, 0, "blank and NBSP-only lines: no blocks");
	done(&s);
	s = run("Title\n\nFirst paragraph.\n\xC2\xA0\nSecond one.\n");
	is_int(s.n, 3, "three blocks");
	expect_block(&s, 0, "Title", "title block");
	expect_block(&s, 2, "Second one.", "NBSP line separates paragraphs");
	is_int(s.b[2].blank_before, 1, "blank line counted");
	ok(strchr(s.text.s, '\n') && s.text.s[s.b[0].end] == '\n', "blocks separated by LF");
	done(&s);
	/* a file of long unwrapped lines: every line is a block */
	s = run("Menu\nHome\nA long paragraph that runs on and on and on well past eighty columns without any break at all, as scraped text does.\nAnother.\n");
	is_int(s.n, 4, "unwrapped file: one block per line");
	done(&s);
}

static const char wrapped[] =
	"New US threats to Iraq widen rifts, leave PM exposed\n"
	"Enraged by\n"
	"near-daily attacks on its interests in Iraq, Washington has threatened to close\n"
	"its embassy in Baghdad, in a blow to a premier seen as a bulwark against Iran.\n"
	"Iraq has\n"
	"long been caught in a tug-of-war between its allies Iran and the US, rendered\n"
	"rockier by Washington's \"maximum pressure\" policy against Tehran\n"
	"since 2018.\n"
	"Growing rift\n"
	"In a new\n"
	"escalation, US Secretary of State Mike Pompeo called Iraqi President Barham\n"
	"Saleh last week to deliver an ultimatum, Iraqi and foreign officials told AFP.\n"
	"\"The\n"
	"Americans aren't just angry. They're really, really, really angry,\" one\n"
	"Iraqi official told AFP.\n";

static void test_reflow(void)
{
	seg s = run(wrapped);
	expect_block(&s, 0, "New US threats to Iraq widen rifts, leave PM exposed", "title stays a line");
	expect_block(&s, 1, "Enraged by near-daily attacks on its interests in Iraq, Washington has "
	             "threatened to close its embassy in Baghdad, in a blow to a premier seen as "
	             "a bulwark against Iran.", "first paragraph reflowed");
	expect_block(&s, 2, "Iraq has long been caught in a tug-of-war between its allies Iran and "
	             "the US, rendered rockier by Washington's \"maximum pressure\" policy against "
	             "Tehran since 2018.", "second paragraph reflowed");
	expect_block(&s, 3, "Growing rift", "a heading stays a block");
	expect_block(&s, 4, "In a new escalation, US Secretary of State Mike Pompeo called Iraqi "
	             "President Barham Saleh last week to deliver an ultimatum, Iraqi and foreign "
	             "officials told AFP.", "third paragraph");
	expect_block(&s, 5, "\"The Americans aren't just angry. They're really, really, really "
	             "angry,\" one Iraqi official told AFP.", "a quote's first word joined");
	is_int(s.n, 6, "six blocks");
	ok(s.b[1].flags & PX_BLOCK_WRAPPED, "reflowed block flagged");
	/* no word lost or joined */
	char *a = words(wrapped), *b = words(s.text.s);
	is_str(b, a, "same words in the same order");
	px_free(a);
	px_free(b);
	/* the map: "Barham Saleh" spans a joined line break */
	const char *bs = strstr(s.text.s, "Barham Saleh");
	size_t t0 = (size_t)(bs - s.text.s);
	is_int(px_text_orig(&s.text, t0), strstr(wrapped, "Barham") - wrapped, "start across reflow");
	is_int(px_text_orig_end(&s.text, t0 + 12), strstr(wrapped, "Saleh last") - wrapped + 5,
	       "end across reflow");
	done(&s);
}

static void test_lists_and_lynx(void)
{
	const char *lynx =
		"   The show opens to the public on Friday, and here is what the organisers\n"
		"   said about the new models that will be on display at the convention\n"
		"   centre this week.\n"
		"\n"
		"     * Subscribe\n"
		"     * Sign In\n"
		"\n"
		"   Nissan is hoping a sleek redesign of the Sentra compact sedan will pull\n"
		"   in more buyers in a struggling segment of the U.S. market, it said on a\n"
		"   call with reporters.\n";
	seg s = run(lynx);
	is_int(s.n, 4, "lynx dump: two paragraphs and two list items");
	expect_block(&s, 1, "* Subscribe", "list item kept as its own block");
	ok(s.b[1].flags & PX_BLOCK_BULLET, "bullet flagged");
	ok(s.b[0].indent == 3, "indent recorded");
	done(&s);
	s = run("The committee will meet again next week to discuss how they can better co-\n"
	        "ordinate the long line that fills the whole width of a hard-wrapped text file\n"
	        "and so on and so on and so on and so on and so on and so on and so forth ok\n"
	        "and so on and so on and so on and so on and so on and so on and so forth ok\n"
	        "end of it.\n");
	is_int(s.n, 1, "one hard-wrapped paragraph");
	ok(strstr(s.text.s, "co- ordinate") || strstr(s.text.s, "co-ordinate"), "hyphen line end keeps its words");
	done(&s);
}

/* The words of a line are counted eight bytes at a time: a short line of
 * up to four words left alone before a full line that runs on joins it
 * ("Iraq has" / "long been ..."), one of five does not. The first word
 * grows a byte or a character at a time, so that the blanks and the
 * continuation bytes after it fall at every byte of a word. */
static void test_word_count(void)
{
	static const char *const head =
		"New US threats to Iraq widen rifts, leave PM exposed\n"
		"Enraged by\n"
		"near-daily attacks on its interests in Iraq, Washington has threatened to close\n"
		"its embassy in Baghdad, in a blow to a premier seen as a bulwark against Iran.\n"
		"\n";
	static const char *const tail =
		"\nlong been caught in a tug-of-war between its allies Iran and the US, rendered\n"
		"rockier by Washington's \"maximum pressure\" policy against Tehran\n"
		"since 2018.\n";
	/* a letter of one byte, of two (a continuation byte), a word of
	 * one byte then an NBSP, which does not part words */
	static const char *const unit[] = {"a", "\xC3\xA9", "a\xC2\xA0"};
	static const char *const sep[] = {" ", "\t", "  ", " \t"};
	int bad = 0, cases = 0;
	for (size_t u = 0; u < sizeof unit / sizeof *unit; u++)
		for (size_t j = 0; j < sizeof sep / sizeof *sep; j++)
			for (int k = 1; k <= 12; k++)
				for (int five = 0; five <= 1; five++) {
					char line[128] = "", want[128] = "", in[1024];
					for (int r = 0; r < k; r++)
						strcat(line, unit[u]);
					const char *rest[] = {"bb", "c", five ? "dd" : NULL, "has"};
					for (size_t w = 0; w < 4; w++) {
						if (!rest[w])
							continue;
						strcat(line, sep[j]);
						strcat(line, rest[w]);
					}
					snprintf(in, sizeof in, "%s%s%s", head, line, tail);
					/* tabs in content read as spaces */
					for (size_t i = 0; line[i]; i++)
						want[i] = line[i] == '\t' ? ' ' : line[i];
					want[strlen(line)] = '\0';
					seg s = run(in);
					char *g = s.n > 2 ? block(&s, 2) : NULL;
					size_t wl = strlen(want);
					int joined = g && !strncmp(g, want, wl) && !strncmp(g + wl, " long been", 10);
					int alone = g && !strcmp(g, want);
					if (five ? !alone : !joined) {
						if (!bad)
							printf("#   unit %zu sep %zu k %d five %d: [%s]\n", u, j, k,
							       five, g ? g : "(none)");
						bad++;
					}
					cases++;
					px_free(g);
					done(&s);
				}
	ok(bad == 0 && cases == 3 * 4 * 12 * 2,
	   "four words at the start of a paragraph join the full line after, five do not");
}

int main(void)
{
	test_basic();
	test_reflow();
	test_lists_and_lynx();
	test_word_count();
	return tap_done();
}
