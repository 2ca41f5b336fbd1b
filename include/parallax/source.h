/* source.h - reading input files and expanding paths into a file list.
 *
 * Files are read with read(2), never mapped: a file may shrink or grow
 * while we read it, and a mapping would fault. */
#ifndef PARALLAX_SOURCE_H
#define PARALLAX_SOURCE_H

#include <stddef.h>
#include "parallax/error.h"

/* Default cap on one file's size: a 100 MB single line must still load. */
#define PX_SOURCE_DEFAULT_MAX ((size_t)256 << 20)

/* Read all of path ("-" for standard input) into a new buffer (owned by the
 * caller, freed with px_free, NUL-terminated for convenience).
 * Fails with PX_ERR_NOTFOUND, PX_ERR_PERM, PX_ERR_NOTREG (FIFO, device,
 * socket given by name), PX_ERR_TOOBIG (more than max bytes), PX_ERR_IO. */
px_status px_source_read(const char *path, size_t max, unsigned char **bytes,
                         size_t *len, px_error *err);
/* The same for name in the directory open as dirfd (AT_FDCWD: the
 * current one), path being how messages name it: a caller reading many
 * files of one directory keeps it open, and the kernel then looks up one
 * name a file instead of every directory of the path. flags:
 * PX_SOURCE_REGULAR when the caller has just seen a regular file there
 * (a directory listing, a stat): the check by name before the open, that
 * keeps FIFOs and devices unopened, is then skipped; what is opened is
 * still checked, and refused if it is not a regular file. */
#define PX_SOURCE_REGULAR 1u
px_status px_source_read_at(int dirfd, const char *name, const char *path, unsigned flags,
                            size_t max, unsigned char **bytes, size_t *len, px_error *err);
/* The same for an open descriptor (not closed). */
px_status px_source_read_fd(int fd, const char *name, size_t max,
                            unsigned char **bytes, size_t *len, px_error *err);

/* Whether bytes look like a binary file rather than text: any NUL byte in
 * the first 64 KiB (UTF-16 aside, see decode), or many control bytes. */
int px_source_is_binary(const unsigned char *bytes, size_t len);

/* A list of paths; each string and the arrays are owned by the list.
 * regular[i] is 1 when expansion saw a regular file at v[i] (its
 * directory's listing said so, or a stat), else 0 ("-", a path it could
 * not stat); the array is NULL until a path is added. */
typedef struct px_pathlist {
	char **v;
	unsigned char *regular;
	size_t n, cap, rcap;
} px_pathlist;

/* Called for every path that expansion skips, with why. */
typedef void (*px_skip_fn)(void *ctx, const char *path, px_status why,
                           const char *msg);

/* Append path to list: a file as given, "-" as is, a directory as all its
 * regular files below it, sorted by name, hidden entries skipped, symlink
 * loops and unreadable directories reported through skip (if not NULL).
 * Returns PX_ERR_NOMEM only; other problems are reported and skipped. */
px_status px_paths_expand(px_pathlist *list, const char *path, px_skip_fn skip,
                          void *ctx, px_error *err);

/* The same, stopping once list holds max paths (0: no limit). The first
 * file of a large tree is found after reading only the directories on its
 * way down, so that the reader can show it before the walk is done; the
 * paths found are the first ones px_paths_expand would give, in order. */
px_status px_paths_expand_max(px_pathlist *list, const char *path, size_t max,
                              px_skip_fn skip, void *ctx, px_error *err);
void px_pathlist_free(px_pathlist *list);

#endif
