/* decode.h - bytes of a file to clean, valid, NFC UTF-8 text.
 *
 * What it does, each change recorded as a px_repair with its original bytes:
 *  - UTF-8 is validated; a file with no valid multi-byte sequence and some
 *    invalid bytes is read as Windows-1252 (Latin-1 for the bytes 1252 leaves
 *    undefined); stray invalid bytes in UTF-8 are read as Windows-1252 too;
 *  - a BOM is dropped (UTF-16 is left to the binary check for now);
 *  - CRLF and CR become LF;
 *  - a saved web page (px_html_is_document says which) is read as its text: tags,
 *    comments, scripts and styles dropped, block elements made paragraphs,
 *    white space collapsed as a browser does;
 *  - C0 and C1 controls (but TAB and LF), DEL, whole ESC sequences (CSI, OSC,
 *    DCS, ...) and bidi overrides and isolates are removed, so that nothing
 *    in a file can drive a terminal (FF, VT and the separators FS-US become
 *    a blank, so that no words are joined);
 *  - HTML entities are decoded; an entity cut short (&#821 + "7;" further on,
 *    which HTML turned into U+0335) is rejoined;
 *  - UTF-8 that was read as Windows-1252 ("â€™") is turned back;
 *  - a missing space after a full stop ("attacks.The") is restored;
 *  - runs of combining marks are capped, and the text is put in NFC
 *    (only the spans that hold non-ASCII, since ASCII is already NFC). */
#ifndef PARALLAX_DECODE_H
#define PARALLAX_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/error.h"
#include "parallax/text.h"

typedef enum px_repair_kind {
	PX_REPAIR_CONTROL,       /* control character removed */
	PX_REPAIR_ESCAPE,        /* terminal escape sequence removed */
	PX_REPAIR_BIDI,          /* bidi override or isolate removed */
	PX_REPAIR_INVALID,       /* invalid UTF-8 byte read as Windows-1252 */
	PX_REPAIR_ENTITY,        /* HTML entity decoded */
	PX_REPAIR_BROKEN_ENTITY, /* entity cut in two, rejoined */
	PX_REPAIR_MOJIBAKE,      /* UTF-8 read as Windows-1252, turned back */
	PX_REPAIR_SPACE,         /* space restored after a full stop */
	PX_REPAIR_NFC,           /* normalised to NFC */
	PX_REPAIR_COMBINING,     /* flood of combining marks cut */
	PX_REPAIR_KIND_COUNT
} px_repair_kind;

typedef struct px_repair {
	uint32_t orig_start, orig_end; /* original bytes affected */
	uint8_t kind;                  /* px_repair_kind */
} px_repair;

typedef enum px_charset {
	PX_CHARSET_UTF8,   /* valid UTF-8 (or ASCII) */
	PX_CHARSET_MIXED,  /* UTF-8 with stray invalid bytes */
	PX_CHARSET_CP1252, /* Windows-1252 / Latin-1 */
	PX_CHARSET_UTF16   /* UTF-16 with a BOM */
} px_charset;

/* At most this many repairs are recorded per file (all are counted). */
#define PX_REPAIRS_MAX 4096

typedef struct px_decoded {
	px_text text;
	px_repair *repairs; /* owned, sorted by orig_start */
	size_t nrepairs;    /* recorded */
	size_t nrepairs_total; /* made, recorded or not */
	px_charset charset;
	int html;           /* read as a web page: markup dropped (html.h) */
} px_decoded;

px_status px_decode(const unsigned char *bytes, size_t len, px_decoded *out,
                    px_error *err);
void px_decoded_free(px_decoded *d);

const char *px_repair_kind_name(px_repair_kind kind);
const char *px_charset_name(px_charset cs);

#endif
