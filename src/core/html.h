/* html.h - internal: a saved web page read as the text a browser shows.
 *
 * A pass of decode (between the bytes pass and the repairs): tags and
 * comments are dropped, what a browser does not show (scripts, styles,
 * forms' buttons and option lists, inline SVG) goes with them, block
 * elements end paragraphs, list items become "* " lines and white space
 * collapses as it does on screen (but in <pre>). Entities are left to the
 * repairs pass, which decodes them after. The output keeps the map to the
 * file's bytes like every pass, so mentions point into the HTML itself.
 *
 * The tokenizer does not go back, as a browser's does not: a tag left open
 * (a quote never closed) runs to the end of the file. Every byte is looked
 * at a bounded number of times whatever the input. */
#ifndef PARALLAX_HTML_H
#define PARALLAX_HTML_H

#include <stddef.h>

#include "parallax/text.h"

/* Does the text begin as an HTML document does: a doctype, or <html>,
 * <head>, <body>, <meta> or <title> as its first tag, or a block element
 * as a saved fragment does (<article>, <div>, <p>, <h1>..., the text then
 * ending with a tag; white space, comments and an XML declaration before
 * it aside)? Text that only holds some markup is not converted, nor a
 * Markdown file that opens with an HTML block. */
int px_html_is_document(const char *s, size_t n);

/* The text of the document in (valid UTF-8, LF line ends) into *out, with
 * anchors to in's original bytes. 0, or -1 when memory ran out (nothing
 * to free then). */
int px_html_text(const px_text *in, px_text *out);

#endif
