/* paths.c - data and configuration directories, atomic writes. */
#define _POSIX_C_SOURCE 200809L
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/sbuf.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/parallax"
#endif

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static char *with_samples(const char *dir)
{
	px_sbuf b = PX_SBUF_INIT;
	if (px_sbuf_puts(&b, dir) < 0 || px_sbuf_puts(&b, "/samples") < 0) {
		px_sbuf_free(&b);
		return NULL;
	}
	int ok = is_dir(b.data);
	px_sbuf_free(&b);
	return ok ? px_strdup(dir) : NULL;
}

char *px_data_dir(const char *exe)
{
	const char *env = getenv("PARALLAX_DATADIR");
	if (env && *env)
		return px_strdup(env);
	/* An uninstalled build runs as <top>/src/parallax (or .libs/...): look
	 * for <top>/share/parallax beside it, where the sources keep the data. */
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0)
		self[n] = '\0';
	else if (exe && strlen(exe) < sizeof self)
		strcpy(self, exe);
	else
		self[0] = '\0';
	for (int up = 0; up < 3 && self[0]; up++) {
		char *slash = strrchr(self, '/');
		if (!slash)
			break;
		*slash = '\0';
		px_sbuf b = PX_SBUF_INIT;
		if (px_sbuf_printf(&b, "%s/share/parallax", self[0] ? self : "/") < 0) {
			px_sbuf_free(&b);
			return NULL;
		}
		char *found = with_samples(b.data);
		px_sbuf_free(&b);
		if (found)
			return found;
	}
#ifdef PX_SRCDIR
	{
		char *found = with_samples(PX_SRCDIR "/share/parallax");
		if (found)
			return found;
	}
#endif
	return px_strdup(PKGDATADIR);
}

/* $var/parallax, or $HOME/fallback/parallax; a relative $var is ignored,
 * as the XDG base directory spec says. NULL without either, or memory. */
static char *xdg_dir(const char *var, const char *fallback)
{
	px_sbuf b = PX_SBUF_INIT;
	const char *x = getenv(var);
	const char *h = getenv("HOME");
	int r;
	if (x && *x == '/')
		r = px_sbuf_printf(&b, "%s/parallax", x);
	else if (h && *h)
		r = px_sbuf_printf(&b, "%s/%s/parallax", h, fallback);
	else
		return NULL;
	if (r < 0) {
		px_sbuf_free(&b);
		return NULL;
	}
	return px_sbuf_detach(&b, NULL);
}

char *px_config_dir(void)
{
	return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *px_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}

char *px_cache_dir(void)
{
	return xdg_dir("XDG_CACHE_HOME", ".cache");
}

char *px_cache_file(const char *name)
{
	char *dir = px_cache_dir();
	if (!dir)
		return NULL;
	px_sbuf b = PX_SBUF_INIT;
	int r = px_sbuf_printf(&b, "%s/%s", dir, name);
	px_free(dir);
	if (r < 0) {
		px_sbuf_free(&b);
		return NULL;
	}
	return px_sbuf_detach(&b, NULL);
}

int px_make_parents(const char *path)
{
	char *p = px_strdup(path);
	if (!p)
		return -1;
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = 0;
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			px_free(p);
			return -1;
		}
		*s = '/';
	}
	px_free(p);
	return 0;
}

/* Write data to a new temporary file beside path, synced and closed; its
 * name in *tmp. With share set it gets the mode a new file would have
 * (0666 less the umask: an export is read by other programs), else it
 * stays 0600 as mkstemp makes it (state is nobody else's). On failure
 * nothing is left behind. */
static px_status write_temp(const char *path, const void *data, size_t len, int share,
                            px_sbuf *tmp, px_error *err)
{
	/* path.tmp.XXXXXX, unless that name would be too long for the file
	 * system where path's own is not: then a short hidden one */
	const char *slash = strrchr(path, '/');
	size_t base = strlen(slash ? slash + 1 : path);
	int r = base + 11 <= 255
	      ? px_sbuf_printf(tmp, "%s.tmp.XXXXXX", path)
	      : px_sbuf_printf(tmp, "%.*s.px-tmp.XXXXXX", slash ? (int)(slash - path + 1) : 0, path);
	if (r < 0)
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	int fd = mkstemp(tmp->data);
	if (fd < 0)
		return px_error_set(err, PX_ERR_IO, "cannot create a temporary file beside %s: %s",
		                    path, strerror(errno));
	if (share) {
		mode_t mask = umask(0);
		umask(mask);
		if (fchmod(fd, 0666 & ~mask) < 0) {
			int e = errno;
			close(fd);
			unlink(tmp->data);
			return px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path, strerror(e));
		}
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	return PX_OK;
fail:;
	int e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp->data);
	return px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path, strerror(e));
}

px_status px_write_atomic(const char *path, const void *data, size_t len,
                          px_error *err)
{
	px_sbuf tmp = PX_SBUF_INIT;
	px_status st = write_temp(path, data, len, 0, &tmp, err);
	if (st == PX_OK && rename(tmp.data, path) < 0) {
		int e = errno;
		unlink(tmp.data);
		st = px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path, strerror(e));
	}
	px_sbuf_free(&tmp);
	return st;
}

px_status px_write_new(const char *path, const void *data, size_t len, px_error *err)
{
	struct stat st0;
	if (lstat(path, &st0) == 0) /* say so before writing anything */
		return px_error_set(err, PX_ERR_EXISTS, "%s exists; not overwritten", path);
	px_sbuf tmp = PX_SBUF_INIT;
	px_status st = write_temp(path, data, len, 1, &tmp, err);
	if (st != PX_OK) {
		px_sbuf_free(&tmp);
		return st;
	}
	/* link() fails when path exists, whatever appeared there since the
	 * check: the name is taken whole or not at all */
	if (link(tmp.data, path) < 0) {
		int e = errno;
		if (e == EEXIST) {
			st = px_error_set(err, PX_ERR_EXISTS, "%s exists; not overwritten", path);
		} else if (e == EPERM || e == EXDEV || e == EMLINK || e == ENOTSUP || e == ENOSYS) {
			/* no hard links here: claim the name, then rename onto the
			 * empty file this call made */
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
			if (fd < 0) {
				e = errno;
				st = e == EEXIST ? px_error_set(err, PX_ERR_EXISTS, "%s exists; not overwritten",
				                                path)
				                 : px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path,
				                                strerror(e));
			} else {
				close(fd);
				if (rename(tmp.data, path) < 0) {
					e = errno;
					unlink(path);
					st = px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path,
					                  strerror(e));
				}
			}
		} else {
			st = px_error_set(err, PX_ERR_IO, "cannot write %s: %s", path, strerror(e));
		}
	}
	unlink(tmp.data); /* the temporary's name; the file stays under path */
	px_sbuf_free(&tmp);
	return st;
}
