/* rules_cache.c - the rule loader's cache of pattern checks (see
 * rules_cache.h).
 *
 * The file, in this machine's byte order (the salt says which, with the
 * program's and PCRE2's versions: a file from elsewhere is simply not
 * used):
 *
 *     "PXRC" u32 format, u32 salt length, salt, u32 entries, entries,
 *     u64 FNV-1a of everything before it
 *
 * an entry: u32 pattern length, the pattern, u8 floating, u8 alone,
 * u32 captures, 32 bytes of first-byte bitmap, u8 analysed, u8 sets,
 * u16 strings per set (PX_RC_REQS of them), u16 prefix strings, then each
 * string as a u8 length and its bytes. Every length is checked against what is left and
 * against the limits above before it is used: the file is as untrusted as
 * any other input. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/sbuf.h"
#include "rules_cache.h"

#define RC_FORMAT 2
#define RC_FILE_MAX (16u << 20) /* bytes read at most */
#define RC_PATTERN_MAX (1u << 20)
/* Entries written at most: those of this run first, then older ones (a
 * user who edits rules leaves a few stale entries behind, not a growing
 * file). */
#define RC_KEEP 2048

typedef struct rc_entry {
	char *pattern; /* owned */
	size_t len;
	uint64_t hash;
	uint8_t floating;
	uint8_t used; /* got or put by this run */
	px_rc_info info;
} rc_entry;

struct px_rcache {
	char *path; /* owned; NULL: never written */
	char *salt; /* owned */
	rc_entry *v;
	size_t n, cap;
	uint32_t *slot; /* open addressing: entry index + 1, 0 free */
	size_t nslot;   /* a power of two, over twice n */
	int dirty;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001B3ULL;
	return h;
}

#define FNV_START 0xCBF29CE484222325ULL

static uint64_t key_hash(const char *pattern, size_t len, int floating)
{
	uint8_t f = (uint8_t)(floating != 0);
	return fnv(fnv(FNV_START, &f, 1), pattern, len);
}

static void info_free(px_rc_info *in)
{
	px_free(in->strs);
	in->strs = NULL;
}

static size_t info_nstrs(const px_rc_info *in)
{
	size_t n = in->npre;
	for (size_t k = 0; k < in->nsets; k++)
		n += in->setn[k];
	return n;
}

static int rehash(px_rcache *c, size_t nslot)
{
	uint32_t *slot = px_calloc_dense(nslot, sizeof *slot);
	if (!slot)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		size_t h = (size_t)c->v[i].hash & (nslot - 1);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = (uint32_t)(i + 1);
	}
	px_free(c->slot);
	c->slot = slot;
	c->nslot = nslot;
	return 0;
}

static rc_entry *find(const px_rcache *c, const char *pattern, size_t len, int floating,
                      uint64_t h)
{
	if (!c->nslot)
		return NULL;
	for (size_t s = (size_t)h & (c->nslot - 1); c->slot[s]; s = (s + 1) & (c->nslot - 1)) {
		rc_entry *e = &c->v[c->slot[s] - 1];
		if (e->hash == h && e->len == len && e->floating == (floating != 0) &&
		    !memcmp(e->pattern, pattern, len))
			return e;
	}
	return NULL;
}

/* Append an entry (pattern copied, info's strings taken over); NULL
 * without memory, info then freed by the caller. */
static rc_entry *add(px_rcache *c, const char *pattern, size_t len, int floating,
                     const px_rc_info *info)
{
	if (c->n + 1 > c->nslot / 2 && rehash(c, c->nslot ? 2 * c->nslot : 64) < 0)
		return NULL;
	if (px_grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) < 0)
		return NULL;
	char *p = px_malloc(len + 1);
	if (!p)
		return NULL;
	memcpy(p, pattern, len);
	p[len] = '\0';
	rc_entry *e = &c->v[c->n];
	*e = (rc_entry){p, len, key_hash(pattern, len, floating), (uint8_t)(floating != 0), 0, *info};
	size_t s = (size_t)e->hash & (c->nslot - 1);
	while (c->slot[s])
		s = (s + 1) & (c->nslot - 1);
	c->slot[s] = (uint32_t)(c->n + 1);
	c->n++;
	return e;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct reader {
	const unsigned char *p;
	size_t left;
	int bad;
} reader;

static const unsigned char *take(reader *R, size_t n)
{
	if (R->bad || n > R->left) {
		R->bad = 1;
		return NULL;
	}
	const unsigned char *p = R->p;
	R->p += n;
	R->left -= n;
	return p;
}

static uint32_t take32(reader *R)
{
	uint32_t v = 0;
	const unsigned char *p = take(R, sizeof v);
	if (p)
		memcpy(&v, p, sizeof v);
	return v;
}

static uint8_t take8(reader *R)
{
	const unsigned char *p = take(R, 1);
	return p ? *p : 0;
}

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= RC_FILE_MAX && (buf = px_malloc((size_t)st.st_size))) {
		size_t got = 0, want = (size_t)st.st_size;
		while (got < want) {
			ssize_t r = read(fd, buf + got, want - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		if (got != want) { /* it changed under us: not this run's cache */
			px_free(buf);
			buf = NULL;
		}
		*len = got;
	}
	close(fd);
	return buf;
}

/* Fill c from the file's bytes; on any fault c is left empty. */
static void parse(px_rcache *c, const unsigned char *b, size_t len)
{
	uint64_t sum;
	if (len < 4 + 4 + 4 + 4 + sizeof sum)
		return;
	memcpy(&sum, b + len - sizeof sum, sizeof sum);
	if (fnv(FNV_START, b, len - sizeof sum) != sum)
		return;
	reader R = {b, len - sizeof sum, 0};
	const unsigned char *magic = take(&R, 4);
	size_t saltlen = strlen(c->salt);
	if (!magic || memcmp(magic, "PXRC", 4) || take32(&R) != RC_FORMAT ||
	    take32(&R) != saltlen)
		return;
	const unsigned char *salt = take(&R, saltlen);
	if (!salt || memcmp(salt, c->salt, saltlen))
		return;
	uint32_t n = take32(&R);
	for (uint32_t i = 0; i < n && !R.bad; i++) {
		uint32_t plen = take32(&R);
		if (plen > RC_PATTERN_MAX)
			break;
		const char *pat = (const char *)take(&R, plen);
		px_rc_info in;
		memset(&in, 0, sizeof in);
		uint8_t floating = take8(&R);
		in.alone = take8(&R);
		in.caps = take32(&R);
		const unsigned char *first = take(&R, sizeof in.first);
		if (first)
			memcpy(in.first, first, sizeof in.first);
		in.analysed = take8(&R);
		in.nsets = take8(&R);
		size_t nstrs = 0;
		for (size_t k = 0; k < PX_RC_REQS; k++) {
			uint16_t v = 0;
			const unsigned char *p = take(&R, sizeof v);
			if (p)
				memcpy(&v, p, sizeof v);
			in.setn[k] = v;
			if (k < in.nsets)
				nstrs += v;
		}
		const unsigned char *np = take(&R, sizeof in.npre);
		if (np)
			memcpy(&in.npre, np, sizeof in.npre);
		nstrs += in.npre;
		if (R.bad || floating > 1 || in.alone > 1 || in.analysed > 1 || in.nsets > PX_RC_REQS ||
		    in.npre > PX_RC_SET_MAX || (!in.analysed && in.npre))
			break;
		int ok = 1;
		for (size_t k = 0; k < in.nsets; k++)
			ok &= in.setn[k] >= 1 && in.setn[k] <= PX_RC_SET_MAX;
		if (!ok || (!in.analysed && in.nsets))
			break;
		if (nstrs && !(in.strs = px_malloc(nstrs * sizeof *in.strs)))
			break;
		for (size_t k = 0; k < nstrs && ok; k++) {
			uint8_t sl = take8(&R);
			const unsigned char *s = take(&R, sl);
			if (!s || sl > PX_RC_LEN_MAX) {
				ok = 0;
				break;
			}
			in.strs[k].len = sl;
			memcpy(in.strs[k].b, s, sl);
		}
		/* a pattern twice in one file: not one this program wrote */
		if (!ok || find(c, pat, plen, floating, key_hash(pat, plen, floating)) ||
		    !add(c, pat, plen, floating, &in)) {
			info_free(&in);
			break;
		}
	}
	if (R.bad || R.left || c->n != n) { /* torn, or more than it says: drop it all */
		for (size_t i = 0; i < c->n; i++) {
			px_free(c->v[i].pattern);
			info_free(&c->v[i].info);
		}
		c->n = 0;
		if (c->nslot)
			memset(c->slot, 0, c->nslot * sizeof *c->slot);
	}
}

px_rcache *px_rcache_open(const char *path, const char *salt)
{
	px_rcache *c = px_calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->salt = px_strdup(salt);
	c->path = path ? px_strdup(path) : NULL;
	if (!c->salt || (path && !c->path)) {
		px_rcache_close(c);
		return NULL;
	}
	if (path) {
		size_t len = 0;
		char *buf = read_all(path, &len);
		if (buf)
			parse(c, (const unsigned char *)buf, len);
		px_free(buf);
	}
	return c;
}

const px_rc_info *px_rcache_get(px_rcache *c, const char *pattern, int floating)
{
	size_t len = strlen(pattern);
	rc_entry *e = find(c, pattern, len, floating, key_hash(pattern, len, floating));
	if (!e)
		return NULL;
	e->used = 1;
	return &e->info;
}

int px_rcache_put(px_rcache *c, const char *pattern, int floating, const px_rc_info *info)
{
	size_t len = strlen(pattern);
	rc_entry *e = find(c, pattern, len, floating, key_hash(pattern, len, floating));
	if (e) {
		e->used = 1;
		return 0;
	}
	px_rc_info in = *info;
	in.analysed = 0;
	in.nsets = 0;
	memset(in.setn, 0, sizeof in.setn);
	in.npre = 0;
	in.strs = NULL;
	if (!(e = add(c, pattern, len, floating, &in)))
		return -1;
	e->used = 1;
	c->dirty = 1;
	return 0;
}

int px_rcache_set_keywords(px_rcache *c, const char *pattern, int floating, size_t nsets,
                           const uint16_t *setn, size_t npre, const px_rc_str *strs)
{
	size_t len = strlen(pattern);
	rc_entry *e = find(c, pattern, len, floating, key_hash(pattern, len, floating));
	if (!e || nsets > PX_RC_REQS || npre > PX_RC_SET_MAX)
		return -1;
	size_t n = npre;
	for (size_t k = 0; k < nsets; k++)
		n += setn[k];
	px_rc_str *copy = NULL;
	if (n && !(copy = px_malloc(n * sizeof *copy)))
		return -1;
	if (n)
		memcpy(copy, strs, n * sizeof *copy);
	info_free(&e->info);
	e->info.strs = copy;
	e->info.nsets = (uint8_t)nsets;
	memset(e->info.setn, 0, sizeof e->info.setn);
	for (size_t k = 0; k < nsets; k++)
		e->info.setn[k] = setn[k];
	e->info.npre = (uint16_t)npre;
	e->info.analysed = 1;
	c->dirty = 1;
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

static void put32(px_sbuf *b, uint32_t v)
{
	px_sbuf_append(b, (const char *)&v, sizeof v);
}

static void put_entry(px_sbuf *b, const rc_entry *e)
{
	const px_rc_info *in = &e->info;
	put32(b, (uint32_t)e->len);
	px_sbuf_append(b, e->pattern, e->len);
	px_sbuf_putc(b, (char)e->floating);
	px_sbuf_putc(b, (char)in->alone);
	put32(b, in->caps);
	px_sbuf_append(b, (const char *)in->first, sizeof in->first);
	px_sbuf_putc(b, (char)in->analysed);
	px_sbuf_putc(b, (char)in->nsets);
	px_sbuf_append(b, (const char *)in->setn, sizeof in->setn);
	px_sbuf_append(b, (const char *)&in->npre, sizeof in->npre);
	for (size_t k = 0, n = info_nstrs(in); k < n; k++) {
		px_sbuf_putc(b, (char)in->strs[k].len);
		px_sbuf_append(b, in->strs[k].b, in->strs[k].len);
	}
}

static void write_out(const px_rcache *c)
{
	px_sbuf b = PX_SBUF_INIT;
	size_t saltlen = strlen(c->salt), used = 0;
	px_sbuf_append(&b, "PXRC", 4);
	put32(&b, RC_FORMAT);
	put32(&b, (uint32_t)saltlen);
	px_sbuf_append(&b, c->salt, saltlen);
	for (size_t i = 0; i < c->n; i++)
		used += c->v[i].used;
	/* this run's entries all, then older ones up to RC_KEEP in all */
	size_t old = c->n - used, room = used < RC_KEEP ? RC_KEEP - used : 0;
	size_t left = used + (old < room ? old : room);
	put32(&b, (uint32_t)left);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->n && left; i++)
			if (c->v[i].used == !pass) {
				put_entry(&b, &c->v[i]);
				left--;
			}
	if (b.data) {
		uint64_t sum = fnv(FNV_START, b.data, b.len);
		px_sbuf_append(&b, (const char *)&sum, sizeof sum);
	}
	px_error err = {0};
	if (b.data && px_make_parents(c->path) == 0)
		(void)px_write_atomic(c->path, b.data, b.len, &err);
	px_sbuf_free(&b);
}

void px_rcache_close(px_rcache *c)
{
	if (!c)
		return;
	if (c->dirty && c->path)
		write_out(c);
	for (size_t i = 0; i < c->n; i++) {
		px_free(c->v[i].pattern);
		info_free(&c->v[i].info);
	}
	px_free(c->v);
	px_free(c->slot);
	px_free(c->path);
	px_free(c->salt);
	px_free(c);
}
