/* wrap.h - rows of a paragraph for a pane of a given width.
 *
 * Lazy: a row is computed from its start only, looking at a bounded window
 * of the text after it, so drawing a screen costs the same on a 100 MB
 * paragraph as on a short one. Breaks follow UAX #14 (libunistring's
 * u8_possible_linebreaks); widths are display columns (uc_width), so CJK
 * and emoji take two, combining marks none. A word longer than the row is
 * cut between characters; a double-width character never straddles the
 * pane's edge; spaces at a break hang past the edge and are not drawn. */
#ifndef PX_UI_WRAP_H
#define PX_UI_WRAP_H

#include <stddef.h>
#include <stdint.h>

/* Display columns of code point c: 0, 1 or 2 (controls and other
 * unprintables count 1, since the drawer shows a replacement). */
int wrap_char_cols(uint32_t c);

/* Columns of s[0..len). */
size_t wrap_str_cols(const char *s, size_t len);

/* Decode one character at s[0..len) into *c; returns its bytes (>= 1). */
size_t wrap_decode(const char *s, size_t len, uint32_t *c);

/* The end of the row that starts at start in s[0..len), at most cols
 * columns wide (cols >= 1). Greater than start unless start >= len. */
size_t wrap_row(const char *s, size_t len, size_t start, int cols);

/* The start of the row that contains byte pos (the row ending after pos;
 * for pos == len, the last row). On a paragraph longer than
 * WRAP_WINDOW bytes the rows are counted from a nearby break instead of
 * from the paragraph's start, which keeps the cost bounded. */
size_t wrap_row_at(const char *s, size_t len, size_t pos, int cols);

/* The start of the row before the row starting at pos (pos > 0). */
size_t wrap_prev(const char *s, size_t len, size_t pos, int cols);

#define WRAP_WINDOW ((size_t)64 << 10)

/* Cut s[0..len) to at most cols columns: returns the bytes that fit
 * (never half a wide character); *used gets their columns. */
size_t wrap_fit(const char *s, size_t len, int cols, int *used);

#endif
