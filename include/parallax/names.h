/* names.h - how the actor engine decides that two spellings are one name.
 *
 * A name word is folded (lower case, no accents or apostrophes, the
 * lexicon's transliteration rules, doubled letters collapsed), then two
 * folded words are compared with an edit distance in which vowel shifts
 * (Saleh/Salih) are cheap and consonant changes (Salim/Saleh) are not.
 * Whole names are compared word by word: a person's family name and given
 * name must both agree, so namesakes (Bashar and Maher al-Assad) stay apart. */
#ifndef PARALLAX_NAMES_H
#define PARALLAX_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/actors.h"
#include "parallax/sbuf.h"

/* Fold one word of a name (UTF-8, n bytes) and append it to out.
 * Returns 0, or -1 when memory ran out. */
int px_name_fold(const px_lexicon *lx, const char *s, size_t n, px_sbuf *out);

/* The cost of turning folded word a into folded word b (0 = equal). */
double px_name_word_cost(const char *a, const char *b);

/* Whether two folded words are spellings of one name word (an initial
 * matches a word that starts with it when allow_initial is set). */
int px_name_words_match(const char *a, const char *b, int allow_initial);

enum {
	PX_NAME_GENERIC = 1 << 0, /* an org word that linking ignores (Co., Group) */
	PX_NAME_INITIAL = 1 << 1  /* a single letter */
};

/* A name split into folded words: particles (al, bin, van), connectors and
 * title cues are left out. Its arrays and strings are one block, owned
 * through w (px_name_free). */
typedef struct px_name {
	char *buf;       /* the folded words, NUL-separated */
	char **w;        /* n pointers into buf (the block's start) */
	uint8_t *flags;  /* PX_NAME_* per word */
	size_t n;
	size_t ncontent; /* words that are not generic */
	int org;         /* an organisation or place word is part of it: its
	                    words are compared as a set, not as a person's */
	int place;       /* its last word is a place word and no organisation's
	                    (Stadiou Street, Jordan River): a place */
	char *joined;    /* all its words folded into one, particles
	                    included (Khuddam-ul-Islam = Khudamul Islam) */
	size_t jlen;     /* joined's length */
	uint32_t jsound; /* joined's consonant classes (see sound) */
	size_t *len;     /* each word's length in bytes */
	uint32_t *sound; /* each word's consonant classes, so that
	                    comparisons need not work them out again */
} px_name;

/* Parse the name s; 0, or -1 when memory ran out. */
int px_name_parse(const px_lexicon *lx, const char *s, size_t n, px_name *out);
void px_name_free(px_name *nm);

/* How names a and b relate: 0 different, 1 the shorter is the longer's
 * given name (only meaningful inside one article), 2 the same actor
 * (the shorter is the longer's family name, or every word agrees).
 * local: both come from one article, where a lone word may stand for a
 * longer name with less evidence. */
int px_names_match(const px_name *a, const px_name *b, int local);

/* px_names_match of two names as written, for tests and tools: -1 when
 * memory ran out. */
int px_names_compare(const px_lexicon *lx, const char *a, const char *b, int local);

/* The length of the title cues at the start of s ("Secretary of State ",
 * "Mr. ", "Iraqi Prime Minister "): the name starts at the returned byte
 * offset. Returns 0 when s starts with no title, or when nothing would be
 * left of the name. */
size_t px_name_title_len(const px_lexicon *lx, const char *s, size_t n);

#endif
