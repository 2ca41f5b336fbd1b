/* rules.h - the reader-mode rule set: named PCRE2 patterns and stop words.
 *
 * px_rules (declared in clean.h) is loaded by px_rules_load and read-only
 * afterwards. This header is the part reader mode (and its tests) use to
 * ask it things: which rule names a block, whether a word is a stop word.
 *
 * Rule files (share/parallax/rules/NAME.rules, then the user's) hold one rule
 * a line:
 *
 *     # comment
 *     NAME  LABEL  PATTERN
 *
 * NAME is a word naming the rule (shown as the block's reason), LABEL one
 * of the px_label names (boilerplate, caption, credit, byline, ...), and
 * PATTERN the rest of the line: a PCRE2 pattern matched caselessly, in
 * UTF mode, ANCHORED at the start of the block (a block is one paragraph,
 * one line of the reading text; end with $ to match the whole block). A
 * PATTERN that starts with ~ floats: it is tried at the start of every
 * word of the block instead. A PATTERN that starts with < (before or after
 * a ~) is only tried on blocks of PX_RULES_SHORT_WORDS words or fewer;
 * so is a floating one (on long prose it would cost a pass over every
 * word): notices that run long need an anchored rule. A PATTERN that
 * starts with > is a tail rule: floating, but only over the block's last
 * PX_RULES_TAIL_BYTES bytes, on blocks of any length (photo credits and
 * sign-offs at the end of a caption or paragraph). A PATTERN that starts
 * with ! names a block after which the article does not go on (the
 * heading of a comment section, of a related-articles list). The prefixes
 * combine in any order. All rules are combined into a few JIT patterns:
 * per class of the block's first byte, the anchored rules that can start
 * with it, then the anchored rules that can start with almost anything,
 * then tail rules, then floating ones (load order within each), so a
 * block costs a few matches, not one per rule. The last three kinds are
 * also gated by keywords: at load each pattern is read into literal
 * strings its matches must contain, one pass over the block finds which
 * it holds, and a rule whose strings it lacks is not run (see rules.c).
 * An anchored rule of the third kind is also read for the strings every
 * match of it begins with (its menu words, its month names): a block
 * that begins with none of them is not tried against it.
 * Anchored rules give the first rule in order that matches; tail and
 * floating rules the match that starts first (the first rule in order
 * among those starting there).
 *
 * Stop-word files (share/parallax/stopwords/LANG.txt): blank-separated
 * lower-case words, '#' comments; LANG is the file's base name. */
#ifndef PARALLAX_RULES_H
#define PARALLAX_RULES_H

#include <stddef.h>
#include <stdint.h>
#include "parallax/clean.h"

/* At most this many stop-word languages (a language is a bit in a mask). */
#define PX_RULES_MAX_LANGS 32

/* Blocks longer than this are not matched against the rules: boilerplate
 * paragraphs (legal notices, cookie banners) are shorter, and a body
 * paragraph need not pay for the match. */
#define PX_RULES_MAX_BLOCK 2000

/* How far from a block's end tail rules (">") start looking. */
#define PX_RULES_TAIL_BYTES 100

/* "Short" blocks, for rules marked "<". */
#define PX_RULES_SHORT_WORDS 25

/* Per-caller match state (PCRE2 match data): one per thread. */
typedef struct px_rules_matcher px_rules_matcher;

px_rules_matcher *px_rules_matcher_new(const px_rules *r);
void px_rules_matcher_free(px_rules_matcher *m);

/* The first rule (in the order above) matching the block s[0..len), or -1.
 * A match that hits the match or depth limit counts as no match. */
int px_rules_match(const px_rules *r, px_rules_matcher *m, const char *s, size_t len);

/* The same for a block of words words (0: unknown, any rule): a block
 * of more than PX_RULES_SHORT_WORDS words is not tried against the rules
 * marked "<" (menus, buttons, datelines: short lines by nature) nor the
 * floating ones, which spares body paragraphs most of the work. */
int px_rules_match_words(const px_rules *r, px_rules_matcher *m, const char *s, size_t len,
                         size_t words);

size_t px_rules_count(const px_rules *r);
const char *px_rules_name(const px_rules *r, int rule);
px_label px_rules_label(const px_rules *r, int rule);
/* Does the rule mark the end of an article ("!": a comment section's or a
 * related list's heading)? */
int px_rules_ends(const px_rules *r, int rule);

/* Stop words: the mask of languages in which the word w[0..n) (any case)
 * is a stop word; 0 if none. */
uint32_t px_rules_stopword(const px_rules *r, const char *w, size_t n);
size_t px_rules_nlangs(const px_rules *r);
const char *px_rules_lang(const px_rules *r, size_t i);

/* Build a rule set from memory, for tests and embedders: text is the
 * content of one rule file named fname (for diagnostics); stopwords, if
 * not NULL, is "LANG:word word word..." lines. */
px_status px_rules_from_string(px_rules **out, const char *fname, const char *text,
                               const char *stopwords, px_rules_diag_fn diag,
                               void *ctx, px_error *err);

#endif
