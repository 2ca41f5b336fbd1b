/* source.c - reading files and walking directories. */
#define _DEFAULT_SOURCE /* d_type and DT_* of struct dirent */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/source.h"

static px_status errno_status(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: return PX_ERR_NOTFOUND;
	case EACCES: case EPERM: return PX_ERR_PERM;
	case ELOOP: return PX_ERR_LOOP;
	case ENOMEM: return PX_ERR_NOMEM;
	default: return PX_ERR_IO;
	}
}

/* The cap in the unit it was most likely given in (--max-size takes K, M
 * and G suffixes), exact: "256 MiB", "1500 bytes". */
static void cap_str(size_t max, char *buf, size_t n)
{
	static const char *const unit[] = {"GiB", "MiB", "KiB"};
	for (int i = 0; i < 3; i++) {
		size_t u = (size_t)1 << (30 - 10 * i);
		if (max >= u && max % u == 0) {
			snprintf(buf, n, "%zu %s", max / u, unit[i]);
			return;
		}
	}
	snprintf(buf, n, "%zu bytes", max);
}

static px_status too_big(px_error *err, long long size, size_t max)
{
	char cap[32];
	cap_str(max, cap, sizeof cap);
	if (size >= 0)
		return px_error_set(err, PX_ERR_TOOBIG,
		                    "file too large (%lld bytes, the cap is %s; --max-size raises it)",
		                    size, cap);
	return px_error_set(err, PX_ERR_TOOBIG,
	                    "file too large (over the %s cap; --max-size raises it)", cap);
}

/* Back to blocking reads on fd; 1 if it was non-blocking and now is not. */
static int clear_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	return fl >= 0 && (fl & O_NONBLOCK) && fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == 0;
}

/* Read fd to its end; st: its fstat, or NULL when that failed. */
static px_status read_fd_stat(int fd, const struct stat *st, const char *name, size_t max,
                              unsigned char **bytes, size_t *len, px_error *err)
{
	size_t cap = 0, n = 0;
	unsigned char *buf = NULL;
	if (st && S_ISREG(st->st_mode) && st->st_size > 0) {
		if ((size_t)st->st_size > max)
			return too_big(err, (long long)st->st_size, max);
		/* one byte more than the size, so that a file that grew while
		 * we read it is noticed and read on */
		cap = (size_t)st->st_size + 2;
		if (!(buf = px_malloc(cap)))
			return px_error_set(err, PX_ERR_NOMEM, "out of memory reading %s", name);
	}
	for (;;) {
		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			if (ncap > max + 2)
				ncap = max + 2;
			if (ncap <= n + 1) {
				px_free(buf);
				return too_big(err, -1, max);
			}
			unsigned char *nb = px_realloc(buf, ncap);
			if (!nb) {
				px_free(buf);
				return px_error_set(err, PX_ERR_NOMEM, "out of memory reading %s", name);
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN && clear_nonblock(fd))
				continue; /* a file that honours O_NONBLOCK (see px_source_read_at) */
			int e = errno;
			px_free(buf);
			return px_error_set(err, e == EISDIR ? PX_ERR_NOTREG : PX_ERR_IO,
			                    "%s", strerror(e));
		}
		if (r == 0)
			break;
		size_t asked = cap - n - 1;
		n += (size_t)r;
		if (n > max) {
			px_free(buf);
			return too_big(err, -1, max);
		}
		/* A regular file that gave its whole size and not the byte
		 * more that was asked for is at its end: the read that would
		 * say so (0) is saved, one system call a file. A file that
		 * grows gives that byte and is read on; one that shrinks is
		 * short of its size and read on to its end. (A network or FUSE
		 * file that grows while giving a short read of exactly its old
		 * size is read to that size, as if read a moment earlier.) */
		if ((size_t)r < asked && st && S_ISREG(st->st_mode) && n == (size_t)st->st_size)
			break;
	}
	if (!buf && !(buf = px_malloc(1)))
		return px_error_set(err, PX_ERR_NOMEM, "out of memory reading %s", name);
	buf[n] = '\0';
	*bytes = buf;
	*len = n;
	return PX_OK;
}

px_status px_source_read_fd(int fd, const char *name, size_t max,
                            unsigned char **bytes, size_t *len, px_error *err)
{
	struct stat st;
	return read_fd_stat(fd, fstat(fd, &st) == 0 ? &st : NULL, name, max, bytes, len, err);
}

/* The refusal of a path that is not a regular file. */
static px_status not_regular(px_error *err, const struct stat *st)
{
	if (st && S_ISDIR(st->st_mode))
		return px_error_set(err, PX_ERR_NOTREG, "is a directory");
	/* a FIFO or a device would block or never end: refused by name */
	return px_error_set(err, PX_ERR_NOTREG,
	                    "not a regular file (FIFO, device or socket); use - with a redirection to read one");
}

px_status px_source_read(const char *path, size_t max, unsigned char **bytes,
                         size_t *len, px_error *err)
{
	return px_source_read_at(AT_FDCWD, path, path, 0, max, bytes, len, err);
}

px_status px_source_read_at(int dirfd, const char *name, const char *path, unsigned flags,
                            size_t max, unsigned char **bytes, size_t *len, px_error *err)
{
	if (dirfd == AT_FDCWD && !strcmp(name, "-"))
		return px_source_read_fd(STDIN_FILENO, "standard input", max, bytes, len, err);
	/* Asked what it is by name first: a FIFO or a device is refused
	 * without being opened (an open releases a FIFO's waiting writer,
	 * toggles a serial line, rewinds a tape). Under a directory the
	 * caller keeps open (dirfd) that is a lookup of one name. A caller
	 * that has just listed the directory knows already (one system call
	 * a file less: 100,000 of them on 100,000 files), and the name can
	 * change under us after this check as after that listing. */
	struct stat pre;
	if (!(flags & PX_SOURCE_REGULAR)) {
		if (fstatat(dirfd, name, &pre, 0) < 0)
			return px_error_set(err, errno_status(errno), "%s", strerror(errno));
		if (!S_ISREG(pre.st_mode))
			return not_regular(err, &pre);
	}
	/* Between that and the open the path may have become something
	 * else: the open cannot hang or take a terminal (O_NONBLOCK returns
	 * at once from a FIFO without a writer or a modem line, O_NOCTTY
	 * keeps a terminal from becoming ours, a socket's open fails with
	 * ENXIO), and fstat on what was opened decides. Linux reads regular
	 * files whatever O_NONBLOCK says, so it stays; a file that does say
	 * EAGAIN (a mandatory lock, a kernel file posing as regular) gets it
	 * cleared then (read_fd_stat). */
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENXIO || errno == EOPNOTSUPP ? not_regular(err, NULL)
		       : px_error_set(err, errno_status(errno), "%s", strerror(errno));
	struct stat st;
	px_status s;
	if (fstat(fd, &st) < 0)
		s = px_error_set(err, errno_status(errno), "%s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		s = px_error_set(err, PX_ERR_NOTREG, "not a regular file (it changed while opened)");
	else
		s = read_fd_stat(fd, &st, path, max, bytes, len, err);
	close(fd);
	return s;
}

/* 1 for the control bytes that count against a text: C0 but TAB, LF, CR,
 * FF and ESC (a hostile text file may hold escape sequences). */
static const unsigned char binary_ctl[256] = {
	[0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
	[0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1,
	[0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1,
	[0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1C] = 1, [0x1D] = 1,
	[0x1E] = 1, [0x1F] = 1,
};

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)
#define LOWS ((uint64_t)0x7F7F7F7F7F7F7F7Fu)

/* Bit 7 of each byte of a 7-bit lane value lo that is >= v (1 <= v <=
 * 0x80): lo + 0x80 - v reaches bit 7 just then, and never carries out of
 * its byte (at most 0x7F + 0x7F). */
#define GE(lo, v) (((lo) + ONES * (0x80 - (v))) & HIGHS)

/* binary_ctl of the eight bytes of x, as bit 7 of each byte: below 0x20
 * (neither bit 7 nor lo >= 0x20) and none of TAB, LF, FF, CR and ESC.
 * NUL would pass as a control; the caller has ruled it out. */
static uint64_t ctl_bytes(uint64_t x)
{
	uint64_t lo = x & LOWS;
	uint64_t c0 = ~(x | GE(lo, 0x20)) & HIGHS;
	uint64_t text = (GE(lo, 0x09) & ~GE(lo, 0x0B)) | (GE(lo, 0x0C) & ~GE(lo, 0x0E)) |
	                (GE(lo, 0x1B) & ~GE(lo, 0x1C));
	return c0 & ~text;
}

int px_source_is_binary(const unsigned char *b, size_t len)
{
	size_t n = len < 65536 ? len : 65536, ctl = 0, i = 0;
	if (memchr(b, 0, n))
		return 1;
	/* Eight bytes a step. Most words of a text have no byte below 0x20,
	 * which one add tells; a word with one (a line end, mostly) has its
	 * controls counted exactly, bit 7 of each byte summed by a multiply. */
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, b + i, sizeof x);
		if ((~(x | ((x & LOWS) + ONES * 0x60)) & HIGHS) == 0)
			continue;
		ctl += (size_t)(((ctl_bytes(x) >> 7) * ONES) >> 56);
	}
	for (; i < n; i++)
		ctl += binary_ctl[b[i]];
	/* text has hardly any raw controls; a hostile text file may have some */
	return n >= 32 && ctl * 10 > n;
}

static int pathlist_add(px_pathlist *l, char *p, int regular)
{
	if (px_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0 ||
	    px_grow((void **)&l->regular, &l->rcap, l->n + 1, sizeof *l->regular) < 0)
		return -1;
	l->regular[l->n] = (unsigned char)regular;
	l->v[l->n++] = p;
	return 0;
}

/* A directory entry: its name and what readdir says it is (DT_UNKNOWN on
 * file systems that do not say). */
typedef struct entry {
	char *name;
	unsigned char type;
} entry;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

typedef struct visit {
	dev_t dev;
	ino_t ino;
	const struct visit *up;
} visit;

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	int slash = a > 0 && dir[a - 1] != '/';
	char *p = px_malloc(a + (size_t)slash + b + 1);
	if (!p)
		return NULL;
	memcpy(p, dir, a);
	if (slash)
		p[a] = '/';
	memcpy(p + a + (size_t)slash, name, b + 1);
	return p;
}

/* Depth cap: deep trees are walked to this depth, then reported. */
#define WALK_DEPTH_MAX 64
/* Passes of walk_first before it lists the rest of a directory. */
#define FIRST_PASSES 4

static px_status walk(px_pathlist *l, size_t max, const char *dir, const visit *up,
                      int depth, px_skip_fn skip, void *ctx, px_error *err);

/* Is directory name of dir the assets of a page saved beside it ("Page
 * Title_files" next to "Page Title.html", as browsers save a page whole)?
 * Its scripts, styles and images are not articles. */
static int page_assets(const char *dir, const char *name)
{
	static const char tail[] = "_files";
	size_t n = strlen(name), k = sizeof tail - 1;
	if (n <= k || strcmp(name + n - k, tail) != 0)
		return 0;
	static const char *const ext[] = {".html", ".htm"};
	for (size_t i = 0; i < 2; i++) {
		char *page = px_malloc(n - k + strlen(ext[i]) + 1);
		if (!page)
			return 0;
		memcpy(page, name, n - k);
		strcpy(page + n - k, ext[i]);
		char *p = join(dir, page);
		px_free(page);
		struct stat st;
		int found = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
		px_free(p);
		if (found)
			return 1;
	}
	return 0;
}

/* One entry of dir, in its turn: a file joins the list, a directory is
 * walked (but a saved page's assets), anything else is reported. */
static px_status take(px_pathlist *l, size_t max, const char *dir, const char *name,
                      unsigned char type, const visit *me, int depth, px_skip_fn skip,
                      void *ctx, px_error *err)
{
	char *p = join(dir, name);
	if (!p)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	struct stat st;
	px_status s = PX_OK;
	if (type == DT_REG) {
		/* the directory says regular file (not a link): no stat */
		if (pathlist_add(l, p, 1) < 0) {
			px_free(p);
			s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
		}
	} else if (stat(p, &st) < 0) {
		if (skip)
			skip(ctx, p, errno_status(errno), strerror(errno));
		px_free(p);
	} else if (S_ISDIR(st.st_mode)) {
		if (!page_assets(dir, name))
			s = walk(l, max, p, me, depth + 1, skip, ctx, err);
		px_free(p);
	} else if (S_ISREG(st.st_mode)) {
		if (pathlist_add(l, p, 1) < 0) {
			px_free(p);
			s = px_error_set(err, PX_ERR_NOMEM, "out of memory");
		}
	} else {
		if (skip)
			skip(ctx, p, PX_ERR_NOTREG, "not a regular file; skipped");
		px_free(p);
	}
	return s;
}

/* Every visible entry of d after name after (all when NULL), in name
 * order. */
static px_status walk_all(px_pathlist *l, size_t max, DIR *d, const char *dir,
                          const char *after, const visit *me, int depth, px_skip_fn skip,
                          void *ctx, px_error *err)
{
	entry *names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	px_status s = PX_OK;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue; /* hidden, . and .. */
		if (after && strcmp(de->d_name, after) <= 0)
			continue;
		char *p = px_strdup(de->d_name);
		if (!p || px_grow((void **)&names, &cap, n + 1, sizeof *names) < 0) {
			px_free(p);
			s = px_error_set(err, PX_ERR_NOMEM, "out of memory listing %s", dir);
			break;
		}
		names[n].name = p;
		names[n++].type = de->d_type;
	}
	if (s == PX_OK && n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		/* enough files: the rest of the names are only freed */
		if (s == PX_OK && !(max && l->n >= max))
			s = take(l, max, dir, names[i].name, names[i].type, me, depth, skip, ctx, err);
		px_free(names[i].name);
	}
	px_free(names);
	return s;
}

/* The first files of d only, for a list capped at max (the reader's first
 * frame): each pass over the directory takes the smallest name after the
 * one taken last. One comparison an entry, where listing and sorting a
 * flat directory of 100,000 files cost more than the frame may; after a
 * few passes (empty subdirectories, a larger cap) the rest is listed. */
static px_status walk_first(px_pathlist *l, size_t max, DIR *d, const char *dir,
                            const visit *me, int depth, px_skip_fn skip, void *ctx,
                            px_error *err)
{
	char last[NAME_MAX + 1], best[NAME_MAX + 1];
	int have_last = 0;
	px_status s = PX_OK;
	for (int pass = 0; pass < FIRST_PASSES; pass++) {
		if (pass)
			rewinddir(d);
		unsigned char type = DT_UNKNOWN;
		int have = 0;
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			const char *nm = de->d_name;
			size_t len = strlen(nm);
			if (nm[0] == '.' || len > NAME_MAX)
				continue;
			if (have_last && strcmp(nm, last) <= 0)
				continue;
			if (!have || strcmp(nm, best) < 0) {
				memcpy(best, nm, len + 1);
				type = de->d_type;
				have = 1;
			}
		}
		if (!have)
			return PX_OK; /* every entry taken */
		memcpy(last, best, sizeof best);
		have_last = 1;
		s = take(l, max, dir, best, type, me, depth, skip, ctx, err);
		if (s != PX_OK || l->n >= max)
			return s;
	}
	rewinddir(d);
	return walk_all(l, max, d, dir, last, me, depth, skip, ctx, err);
}

static px_status walk(px_pathlist *l, size_t max, const char *dir, const visit *up,
                      int depth, px_skip_fn skip, void *ctx, px_error *err)
{
	struct stat st;
	if (stat(dir, &st) < 0) {
		if (skip)
			skip(ctx, dir, errno_status(errno), strerror(errno));
		return PX_OK;
	}
	for (const visit *v = up; v; v = v->up)
		if (v->dev == st.st_dev && v->ino == st.st_ino) {
			if (skip)
				skip(ctx, dir, PX_ERR_LOOP, "directory loop (a link back to a parent); skipped");
			return PX_OK;
		}
	if (depth > WALK_DEPTH_MAX) {
		if (skip)
			skip(ctx, dir, PX_ERR_LIMIT, "directory nested too deep; skipped");
		return PX_OK;
	}
	visit me = {st.st_dev, st.st_ino, up};
	DIR *d = opendir(dir);
	if (!d) {
		if (skip)
			skip(ctx, dir, errno_status(errno), strerror(errno));
		return PX_OK;
	}
	px_status s = max ? walk_first(l, max, d, dir, &me, depth, skip, ctx, err)
	                  : walk_all(l, max, d, dir, NULL, &me, depth, skip, ctx, err);
	closedir(d);
	return s;
}

px_status px_paths_expand(px_pathlist *l, const char *path, px_skip_fn skip,
                          void *ctx, px_error *err)
{
	return px_paths_expand_max(l, path, 0, skip, ctx, err);
}

px_status px_paths_expand_max(px_pathlist *l, const char *path, size_t max,
                              px_skip_fn skip, void *ctx, px_error *err)
{
	struct stat st;
	if (max && l->n >= max)
		return PX_OK;
	int seen = strcmp(path, "-") != 0 && stat(path, &st) == 0;
	if (seen && S_ISDIR(st.st_mode))
		return walk(l, max, path, NULL, 0, skip, ctx, err);
	char *p = px_strdup(path);
	if (!p || pathlist_add(l, p, seen && S_ISREG(st.st_mode)) < 0) {
		px_free(p);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	return PX_OK;
}

void px_pathlist_free(px_pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		px_free(l->v[i]);
	px_free(l->v);
	px_free(l->regular);
	l->v = NULL;
	l->regular = NULL;
	l->n = l->cap = l->rcap = 0;
}
