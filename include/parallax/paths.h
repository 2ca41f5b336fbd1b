/* paths.h - where parallax finds its data and the user's configuration,
 * and how it writes a file without ever leaving a half-written one. */
#ifndef PARALLAX_PATHS_H
#define PARALLAX_PATHS_H

#include <stddef.h>
#include "parallax/error.h"

/* The data directory (rules, stop words, gazetteer, samples): the first of
 * $PARALLAX_DATADIR, the source tree's share/parallax next to an
 * uninstalled binary (exe is /proc/self/exe's target or argv[0]; may be
 * NULL), and the installed pkgdatadir that holds a samples directory.
 * Returns a new string (px_free), or NULL when memory ran out. */
char *px_data_dir(const char *exe);

/* $XDG_CONFIG_HOME/parallax, or $HOME/.config/parallax; NULL if neither
 * variable is set. A new string. */
char *px_config_dir(void);

/* $XDG_STATE_HOME/parallax, or $HOME/.local/state/parallax (what parallax
 * keeps between sessions); NULL if neither is set. A new string. */
char *px_state_dir(void);

/* $XDG_CACHE_HOME/parallax, or $HOME/.cache/parallax (what can be made
 * again, kept to save time); NULL if neither is set. A new string. */
char *px_cache_dir(void);
/* The file name in px_cache_dir(); NULL as it is. A new string. */
char *px_cache_file(const char *name);

/* Make each missing directory of path's parent, mode 0700 (what one
 * searched or cached is nobody else's business). 0, or -1 (errno). */
int px_make_parents(const char *path);

/* Write len bytes to path atomically: a temporary file in the same
 * directory, fsync, rename over path. The old file is intact until the
 * rename; the temporary is removed on failure. */
px_status px_write_atomic(const char *path, const void *data, size_t len,
                          px_error *err);

/* Write len bytes to a new file at path, as px_write_atomic does, but
 * never over an existing file: PX_ERR_EXISTS if path exists (or appears
 * while writing), and it is left as it was. For exports, which must not
 * replace anything the user has: the file gets the mode a new file would
 * (0666 less the umask), where px_write_atomic's state files stay 0600. */
px_status px_write_new(const char *path, const void *data, size_t len, px_error *err);

#endif
