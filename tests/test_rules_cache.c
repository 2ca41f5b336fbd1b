/* test_rules_cache.c - the rule loader's cache of pattern checks: what it
 * keeps comes back the same, anything wrong with its file makes it empty
 * (never an error), and rules loaded through it are the rules loaded
 * without it, whatever the rule files became in between. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/clean.h"
#include "parallax/rules.h"
#include "rules_cache.h"
#include "tap.h"

static char tmpdir[64];

static char *path_in(const char *name)
{
	static char buf[4][256];
	static int k;
	char *p = buf[k++ % 4];
	snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
	return p;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *b = malloc(1 << 20);
	*len = b ? fread(b, 1, 1 << 20, f) : 0;
	fclose(f);
	return b;
}

static void spit(const char *path, const void *b, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(b, 1, len, f);
		fclose(f);
	}
}

static uint64_t fnv(const unsigned char *s, size_t n)
{
	uint64_t h = 0xCBF29CE484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001B3ULL;
	return h;
}

static px_rc_info sample_info(void)
{
	px_rc_info in;
	memset(&in, 0, sizeof in);
	in.alone = 1;
	in.caps = 3;
	for (int i = 0; i < 32; i++)
		in.first[i] = (uint8_t)(i * 7 + 1);
	return in;
}

/* A cache with one entry, its keywords two sets: {"cookie"} and {"ab", "c"}. */
static void write_sample(const char *path, const char *salt)
{
	px_rcache *c = px_rcache_open(path, salt);
	px_rc_info in = sample_info();
	px_rcache_put(c, "(?:cookies?)\\s+policy", 0, &in);
	px_rc_str s[3] = {{6, "cookie"}, {2, "ab"}, {1, "c"}};
	uint16_t setn[2] = {1, 2};
	px_rcache_set_keywords(c, "(?:cookies?)\\s+policy", 0, 2, setn, 0, s);
	px_rcache_close(c);
}

static int same_as_sample(const px_rc_info *got)
{
	px_rc_info want = sample_info();
	return got && got->alone == 1 && got->caps == 3 &&
	       !memcmp(got->first, want.first, sizeof want.first) && got->analysed &&
	       got->nsets == 2 && got->setn[0] == 1 && got->setn[1] == 2 &&
	       got->strs[0].len == 6 && !memcmp(got->strs[0].b, "cookie", 6) &&
	       got->strs[1].len == 2 && !memcmp(got->strs[1].b, "ab", 2) &&
	       got->strs[2].len == 1 && got->strs[2].b[0] == 'c';
}

/* Does the file at path give no entry at all (the cache reads as empty)? */
static int reads_empty(const char *path, const char *salt)
{
	px_rcache *c = px_rcache_open(path, salt);
	int empty = c && !px_rcache_get(c, "(?:cookies?)\\s+policy", 0);
	px_rcache_close(c);
	return empty;
}

static void round_trip(void)
{
	const char *p = path_in("a/b/rules.cache"); /* missing directories are made */
	write_sample(p, "salt one");
	struct stat st;
	ok(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600, "written, private to the user");
	px_rcache *c = px_rcache_open(p, "salt one");
	ok(same_as_sample(px_rcache_get(c, "(?:cookies?)\\s+policy", 0)), "read back the same");
	ok(!px_rcache_get(c, "(?:cookies?)\\s+policy", 1), "floating is part of the key");
	ok(!px_rcache_get(c, "(?:cookies?)\\s+polic", 0), "the whole pattern is the key");
	px_rcache_close(c); /* nothing new: not rewritten */
	struct stat st2;
	ok(stat(p, &st2) == 0 && st2.st_ino == st.st_ino && st2.st_mtime == st.st_mtime,
	   "a run that learns nothing leaves the file alone");
	ok(reads_empty(p, "salt two"), "another salt (version, library): not used");

	/* a new entry is added to what was there */
	c = px_rcache_open(p, "salt one");
	px_rc_info in = sample_info();
	in.alone = 0;
	px_rcache_put(c, "home|news", 0, &in);
	px_rcache_close(c);
	c = px_rcache_open(p, "salt one");
	const px_rc_info *a = px_rcache_get(c, "home|news", 0);
	ok(a && a->alone == 0 && !a->analysed && a->nsets == 0, "a checked pattern, not yet read for keywords");
	ok(same_as_sample(px_rcache_get(c, "(?:cookies?)\\s+policy", 0)), "and the old entry kept");
	/* an entry already there is not replaced by a put */
	px_rc_info other = sample_info();
	other.caps = 99;
	px_rcache_put(c, "home|news", 0, &other);
	ok(px_rcache_get(c, "home|news", 0)->caps == 3, "a put over a known pattern changes nothing");
	ok(px_rcache_set_keywords(c, "nowhere", 0, 0, NULL, 0, NULL) < 0,
	   "keywords of a pattern never put: refused");
	px_rcache_close(c);

	c = px_rcache_open(NULL, "salt one");
	px_rcache_put(c, "x", 0, &in);
	ok(px_rcache_get(c, "x", 0) != NULL, "a cache with no file works for the run");
	px_rcache_close(c);
}

static void damaged(void)
{
	const char *p = path_in("d.cache"), *q = path_in("d2.cache");
	write_sample(p, "salt");
	size_t len;
	unsigned char *b = slurp(p, &len);
	ok(b && len > 60, "sample written");
	if (!b)
		return;
	int all = 1;
	for (size_t i = 0; i < len; i++) { /* every byte flipped, one at a time */
		b[i] ^= 0x5A;
		spit(q, b, len);
		all &= reads_empty(q, "salt");
		b[i] ^= 0x5A;
	}
	ok(all, "a flipped byte anywhere: the cache reads as empty");
	all = 1;
	for (size_t n = 0; n < len; n++) { /* every length short of whole */
		spit(q, b, n);
		all &= reads_empty(q, "salt");
	}
	ok(all, "cut short anywhere: empty");
	spit(q, b, len);
	ok(!reads_empty(q, "salt"), "the untouched copy still reads");

	/* well summed, but saying what this program never writes: a count
	 * of keyword sets past the limit, then an entry count past the end */
	size_t saltlen = strlen("salt");
	size_t nsets_at = 4 + 4 + 4 + saltlen + 4 /* entries */ + 4 +
	                  strlen("(?:cookies?)\\s+policy") + 1 + 1 + 4 + 32 + 1;
	unsigned char *c2 = malloc(len);
	memcpy(c2, b, len);
	c2[nsets_at] = 9;
	uint64_t sum = fnv(c2, len - 8);
	memcpy(c2 + len - 8, &sum, 8);
	spit(q, c2, len);
	ok(reads_empty(q, "salt"), "an impossible field, checksum right: empty");
	memcpy(c2, b, len);
	uint32_t many = 1000000;
	memcpy(c2 + 4 + 4 + 4 + saltlen, &many, 4);
	sum = fnv(c2, len - 8);
	memcpy(c2 + len - 8, &sum, 8);
	spit(q, c2, len);
	ok(reads_empty(q, "salt"), "more entries claimed than the file holds: empty");
	/* mutations that keep the checksum right: whatever the fields say,
	 * reading stays inside the file (the sanitizer builds check) and an
	 * entry read back is one within the limits */
	uint64_t seed = 0x9E3779B97F4A7C15ULL;
	int sane = 1;
	for (int round = 0; round < 3000; round++) {
		memcpy(c2, b, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			size_t at = 4 + (size_t)(seed >> 33) % (len - 12);
			c2[at] = (unsigned char)(seed >> 20);
		}
		sum = fnv(c2, len - 8);
		memcpy(c2 + len - 8, &sum, 8);
		spit(q, c2, len);
		px_rcache *c = px_rcache_open(q, "salt");
		const px_rc_info *in = c ? px_rcache_get(c, "(?:cookies?)\\s+policy", 0) : NULL;
		if (in) {
			size_t n = 0;
			sane &= in->nsets <= PX_RC_REQS && (in->analysed || !in->nsets);
			for (size_t k = 0; k < in->nsets; k++)
				n += in->setn[k];
			for (size_t k = 0; k < n; k++)
				sane &= in->strs[k].len <= PX_RC_LEN_MAX;
		}
		px_rcache_close(c);
	}
	ok(sane, "3000 mutations with a right checksum: every entry read is within the limits");
	free(c2);
	free(b);

	spit(q, "garbage", 7);
	ok(reads_empty(q, "salt"), "garbage: empty");
	mkdir(path_in("adir"), 0700);
	ok(reads_empty(path_in("adir"), "salt"), "a directory where the file should be: empty");
	px_rcache *c = px_rcache_open("/dev/null/no/such/rules.cache", "salt");
	px_rc_info in = sample_info();
	px_rcache_put(c, "x", 0, &in);
	px_rcache_close(c); /* cannot be written: silently not */
	ok(1, "an unwritable cache is not an error");
}

/* ---- through the loader ---------------------------------------------------- */

typedef struct diags {
	int n;
	char all[1024];
} diags;

static void collect(void *ctx, const char *msg)
{
	diags *d = ctx;
	d->n++;
	size_t l = strlen(d->all);
	snprintf(d->all + l, sizeof d->all - l, "%s\n", msg);
}

static const char *const blocks[] = {
	"Home | News | Sport | Weather",
	"Published on March 3, 2021 at 10:00",
	"We use cookies to improve your experience. Read our cookie policy.",
	"Photo: Getty Images",
	"Share this article on Facebook",
	"The minister said the talks would resume on Monday in Baghdad.",
	"Leave a comment",
	"Subscribe to our newsletter for the latest updates",
};

/* The rule naming each block, as one string, e.g. "nav|date|-|...". */
static void labels(const px_rules *r, char *out, size_t cap)
{
	px_rules_matcher *m = px_rules_matcher_new(r);
	out[0] = '\0';
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++) {
		int k = px_rules_match(r, m, blocks[i], strlen(blocks[i]));
		size_t l = strlen(out);
		snprintf(out + l, cap - l, "%s|", k < 0 ? "-" : px_rules_name(r, k));
	}
	px_rules_matcher_free(m);
}

static void write_rules(const char *dir, const char *text)
{
	char p[300];
	snprintf(p, sizeof p, "%s/rules", dir);
	mkdir(dir, 0700);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/rules/10-test.rules", dir);
	spit(p, text, strlen(text));
}

static const char *rules_v1 =
	"nav-words boilerplate <(?:(?:home|news|sport|weather)(?:\\s*\\|\\s*|\\s+|$)){2,8}$\n"
	"date dateline <(?:published\\s+on\\s+)?(?:march|april)\\s+\\d{1,2},\\s+\\d{4}.*$\n"
	"cookie boilerplate ~cookie\\s+policy\n"
	"credit credit >(?:getty\\s+images|reuters)\\s*$\n"
	"share boilerplate (?:share|tweet)\\s+this\n"
	"backref boilerplate (\\w+) \\1\n"
	"broken boilerplate (?:unclosed\n"
	"explodes boilerplate (a+)+$\n"
	"comment boilerplate leave\\s+a\\s+comment$\n";

static void loader(void)
{
	char *data = path_in("data"), *cache = path_in("cache/rules.cache");
	write_rules(data, rules_v1);
	px_error e = {0};
	px_rules *plain = NULL, *cold = NULL, *warm = NULL;
	diags d0 = {0}, d1 = {0}, d2 = {0};
	char l0[512], l1[512], l2[512];
	ok(px_rules_load(&plain, data, NULL, collect, &d0, &e) == PX_OK, "loaded without a cache");
	ok(px_rules_load_cached(&cold, data, NULL, cache, collect, &d1, &e) == PX_OK,
	   "loaded with an empty cache");
	struct stat st1;
	ok(stat(cache, &st1) == 0, "the cache file was written");
	ok(px_rules_load_cached(&warm, data, NULL, cache, collect, &d2, &e) == PX_OK,
	   "loaded again through it");
	struct stat st2;
	ok(stat(cache, &st2) == 0 && st2.st_ino == st1.st_ino,
	   "every pattern was known: the file was not rewritten");
	if (!plain || !cold || !warm)
		return;
	labels(plain, l0, sizeof l0);
	labels(cold, l1, sizeof l1);
	labels(warm, l2, sizeof l2);
	is_str(l1, l0, "with a cold cache: the same rules");
	is_str(l2, l0, "with a warm cache: the same rules");
	is_str(l0, "nav-words|date|cookie|credit|share|-|comment|-|",
	       "the test rules do name the blocks");
	is_int(px_rules_count(warm), px_rules_count(plain), "as many rules");
	/* bad patterns are never cached: reported on every load */
	is_int(d2.n, d0.n, "the same problems reported");
	is_str(d2.all, d0.all, "the same messages");
	ok(strstr(d2.all, "broken") && strstr(d2.all, "explodes"),
	   "the bad and the catastrophic rule are reported from the cache's run too");
	px_rules_free(plain);
	px_rules_free(cold);
	px_rules_free(warm);

	/* the files change: a pattern that was known is now another */
	write_rules(data, "nav-words boilerplate <(?:(?:news|sport)(?:\\s*\\|\\s*|\\s+|$)){2,8}$\n"
	                  "share boilerplate (?:share|tweet)\\s+this\n");
	plain = warm = NULL;
	diags d3 = {0}, d4 = {0};
	px_rules_load(&plain, data, NULL, collect, &d3, &e);
	px_rules_load_cached(&warm, data, NULL, cache, collect, &d4, &e);
	if (plain && warm) {
		labels(plain, l0, sizeof l0);
		labels(warm, l2, sizeof l2);
		is_str(l2, l0, "edited rules through an old cache: the new rules");
		ok(strncmp(l2, "-|", 2) == 0, "the edited menu rule no longer names the old menu");
	}
	struct stat st3;
	ok(stat(cache, &st3) == 0 && st3.st_ino != st1.st_ino,
	   "a new pattern: the cache was replaced (whole)");
	px_rules_free(plain);
	px_rules_free(warm);

	/* a damaged cache file: loading goes on as without one */
	spit(cache, "PXRC\x01", 5);
	warm = NULL;
	ok(px_rules_load_cached(&warm, data, NULL, cache, collect, &d4, &e) == PX_OK && warm,
	   "a damaged cache: loaded all the same");
	px_rules_free(warm);
}

static void shipped(void)
{
	/* the shipped rules, cold then warm, name the same blocks */
	char *cache = path_in("ship/rules.cache");
	px_error e = {0};
	px_rules *a = NULL, *b = NULL, *c = NULL;
	px_rules_load(&a, PX_SRCDIR "/share/parallax", NULL, NULL, NULL, &e);
	px_rules_load_cached(&b, PX_SRCDIR "/share/parallax", NULL, cache, NULL, NULL, &e);
	px_rules_load_cached(&c, PX_SRCDIR "/share/parallax", NULL, cache, NULL, NULL, &e);
	ok(a && b && c, "the shipped rules load three ways");
	if (a && b && c) {
		char la[512], lb[512], lc[512];
		labels(a, la, sizeof la);
		labels(b, lb, sizeof lb);
		labels(c, lc, sizeof lc);
		is_str(lb, la, "shipped, cold cache: the same");
		is_str(lc, la, "shipped, warm cache: the same");
		ok(strcmp(la, "-|-|-|-|-|-|-|-|") != 0, "and they do name some of the blocks");
	}
	px_rules_free(a);
	px_rules_free(b);
	px_rules_free(c);
}

int main(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/px-rcache-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	round_trip();
	damaged();
	loader();
	shipped();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	return tap_done();
}
