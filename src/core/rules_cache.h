/* rules_cache.h - what loading a rule learns of its pattern, kept between
 * runs (internal to the rule loader).
 *
 * Checking a rule costs two PCRE2 compiles and a dozen probe matches, and
 * reading its keywords a parse of the pattern: about three quarters of
 * loading the shipped rules, paid again by every run for the same
 * patterns. The results depend only on the pattern (and whether it
 * floats), the PCRE2 library and this program, so they are kept in a
 * file keyed by the pattern's text under a salt naming the rest; a run
 * whose patterns are all known skips that work. The file is a cache:
 * anything wrong with it (absent, short, corrupt, another version's) makes
 * it empty, never an error, and it is only ever replaced whole (temporary
 * file + rename). */
#ifndef PARALLAX_RULES_CACHE_H
#define PARALLAX_RULES_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define PX_RC_REQS 3    /* keyword requirement sets kept per rule */
#define PX_RC_SET_MAX 256 /* strings in a set */
#define PX_RC_LEN_MAX 32  /* bytes of a string */

typedef struct px_rc_str {
	uint8_t len;
	char b[PX_RC_LEN_MAX];
} px_rc_str;

typedef struct px_rc_info {
	uint8_t alone;     /* numbered back references: never joined */
	uint32_t caps;     /* capture groups */
	uint8_t first[32]; /* bytes a match can start with (a bitmap) */
	uint8_t analysed;  /* the keyword sets below are known */
	uint8_t nsets;
	uint16_t setn[PX_RC_REQS];
	uint16_t npre;     /* strings a match begins with (0: not known) */
	px_rc_str *strs;   /* setn[0] + setn[1] + ... strings, then the npre;
	                    * owned by the cache */
} px_rc_info;

typedef struct px_rcache px_rcache;

/* The cache in file path (NULL: one that is never written) for this salt;
 * empty when the file is absent or unusable. NULL only without memory. */
px_rcache *px_rcache_open(const char *path, const char *salt);

/* The entry of (pattern, floating), or NULL. Valid until the next put or
 * set on the cache. */
const px_rc_info *px_rcache_get(px_rcache *c, const char *pattern, int floating);

/* Record what was learnt of (pattern, floating): the check's results (info's
 * keyword part is ignored); an existing entry is left as it is. 0, or -1
 * without memory (the cache then stays as it was). */
int px_rcache_put(px_rcache *c, const char *pattern, int floating, const px_rc_info *info);

/* Record the keyword sets of an entry put or got before: nsets sets, set k
 * holding setn[k] strings of strs, in order, then npre strings a match
 * begins with. 0, or -1 without memory or with no such entry. */
int px_rcache_set_keywords(px_rcache *c, const char *pattern, int floating, size_t nsets,
                           const uint16_t *setn, size_t npre, const px_rc_str *strs);

/* Write the cache back if anything was added (atomically; a failure to
 * write is silent: it was a cache), then free it. NULL is ignored. */
void px_rcache_close(px_rcache *c);

#endif
