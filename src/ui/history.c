/* history.c - search history; see history.h. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* lstat, realpath */
#endif
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistr.h>

#include "history.h"
#include "parallax/alloc.h"
#include "parallax/paths.h"
#include "parallax/sbuf.h"
#include "parallax/source.h"

char *history_path(void)
{
	char *dir = px_state_dir();
	if (!dir)
		return NULL;
	px_sbuf b = PX_SBUF_INIT;
	int r = px_sbuf_printf(&b, "%s/history", dir);
	px_free(dir);
	if (r < 0) {
		px_sbuf_free(&b);
		return NULL;
	}
	return px_sbuf_detach(&b, NULL);
}

static int printable(const char *s, size_t len)
{
	if (len == 0 || len > HISTORY_LEN || u8_check((const uint8_t *)s, len))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		/* C1 controls, in UTF-8 */
		if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0)
			return 0;
	}
	return 1;
}

int history_add(history *h, const char *s, size_t len)
{
	if (!printable(s, len))
		return 0;
	for (size_t i = 0; i < h->n; i++)
		if (strlen(h->v[i]) == len && !memcmp(h->v[i], s, len)) {
			char *same = h->v[i];
			memmove(h->v + i, h->v + i + 1, (h->n - i - 1) * sizeof *h->v);
			h->v[h->n - 1] = same; /* moved to the newest */
			h->dirty = 1;
			return 0;
		}
	char *c = px_strndup(s, len);
	if (!c)
		return -1;
	if (h->n == HISTORY_MAX) {
		px_free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof *h->v);
		h->n--;
	}
	if (!h->v && !(h->v = px_malloc(HISTORY_MAX * sizeof *h->v))) {
		px_free(c);
		return -1;
	}
	h->v[h->n++] = c;
	h->dirty = 1;
	return 0;
}

int history_load(history *h, const char *path)
{
	unsigned char *bytes;
	size_t len;
	px_error err;
	/* a history is small: a huge file there is not ours to read whole */
	px_status st = px_source_read(path, (size_t)4 << 20, &bytes, &len, &err);
	if (st == PX_ERR_NOTFOUND)
		return 0;
	if (st != PX_OK) {
		/* there, but not ours to read (too big, unreadable, not a
		 * file): keep it as it is, and do not write over it */
		h->keep = 1;
		return st == PX_ERR_NOMEM ? -1 : 0;
	}
	int rc = 0;
	for (size_t i = 0; i < len && rc == 0;) {
		const char *line = (const char *)bytes + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		size_t k = n && line[n - 1] == '\r' ? n - 1 : n; /* a CRLF file */
		rc = history_add(h, line, k);
		i += n + 1;
	}
	px_free(bytes);
	h->dirty = 0;
	return rc;
}

px_status history_save(const history *h, const char *path, px_error *err)
{
	if (h->keep)
		return px_error_set(err, PX_ERR_EXISTS, "%s could not be read; left as it is", path);
	/* a history linked elsewhere (a dotfiles repository) stays a link:
	 * the file it points to is the one replaced */
	struct stat st;
	char *real = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = realpath(path, NULL);
	if (real)
		path = real;
	px_sbuf b = PX_SBUF_INIT;
	size_t total = 0;
	for (size_t i = 0; i < h->n; i++)
		total += strlen(h->v[i]) + 1;
	/* all of it reserved first: a history cut short by a failed append
	 * would replace the whole one */
	if (px_sbuf_reserve(&b, total) < 0) {
		free(real);
		return px_error_set(err, PX_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < h->n; i++) {
		px_sbuf_puts(&b, h->v[i]);
		px_sbuf_putc(&b, '\n');
	}
	px_status rc;
	if (px_make_parents(path) < 0)
		rc = px_error_set(err, PX_ERR_IO, "cannot make the directory of %s: %s", path,
		                  strerror(errno));
	else
		rc = px_write_atomic(path, b.data ? b.data : "", b.len, err);
	px_sbuf_free(&b);
	free(real);
	return rc;
}

void history_free(history *h)
{
	for (size_t i = 0; i < h->n; i++)
		px_free(h->v[i]);
	px_free(h->v);
	h->v = NULL;
	h->n = 0;
}
