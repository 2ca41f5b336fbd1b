/* screen.c - see screen.h. */
#define _DEFAULT_SOURCE
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "screen.h"

struct scr {
	VTerm *vt;
	VTermScreen *vs;
	int fd;
	pid_t pid;
	int rows, cols;
	int alt, cursor_visible, title, mouse;
	int exited, status;
	char home[64];
};

int scr_timeout(void)
{
	const char *ci = getenv("CI");
	return ci && *ci ? 15000 : 5000;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void out_cb(const char *s, size_t len, void *user)
{
	scr *sc = user;
	while (len > 0) {
		ssize_t n = write(sc->fd, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static int prop_cb(VTermProp prop, VTermValue *val, void *user)
{
	scr *sc = user;
	if (prop == VTERM_PROP_ALTSCREEN)
		sc->alt = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		sc->cursor_visible = val->boolean;
	else if (prop == VTERM_PROP_TITLE || prop == VTERM_PROP_ICONNAME)
		sc->title = 1;
	return 1;
}

static const VTermScreenCallbacks callbacks = {
	.settermprop = prop_cb,
};

scr *scr_start(int rows, int cols, char *const argv[], const char *const env[])
{
	scr *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->rows = rows;
	s->cols = cols;
	s->cursor_visible = 1;
	strcpy(s->home, "/tmp/px-screen-XXXXXX");
	if (!mkdtemp(s->home)) {
		free(s);
		return NULL;
	}
	s->vt = vterm_new(rows, cols);
	vterm_set_utf8(s->vt, 1);
	vterm_output_set_callback(s->vt, out_cb, s);
	s->vs = vterm_obtain_screen(s->vt);
	vterm_screen_enable_altscreen(s->vs, 1);
	vterm_screen_set_callbacks(s->vs, &callbacks, s);
	vterm_screen_reset(s->vs, 1);

	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	s->pid = forkpty(&s->fd, NULL, NULL, &ws);
	if (s->pid < 0) {
		vterm_free(s->vt);
		free(s);
		return NULL;
	}
	if (s->pid == 0) {
		char cfg[128];
		snprintf(cfg, sizeof cfg, "%s/config", s->home);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("HOME", s->home, 1);
		setenv("XDG_CONFIG_HOME", cfg, 1);
		unsetenv("XDG_STATE_HOME"); /* the history under this home */
		unsetenv("NO_COLOR");
		unsetenv("COLUMNS");
		unsetenv("LINES");
		unsetenv("ESCDELAY");
		/* standard error goes to a file: a sanitizer's report must not
		 * land on the screen, and the tests read messages there */
		char errpath[128];
		snprintf(errpath, sizeof errpath, "%s/stderr", s->home);
		int efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (efd >= 0) {
			dup2(efd, 2);
			close(efd);
		}
		for (size_t i = 0; env && env[i]; i++) {
			const char *eq = strchr(env[i], '=');
			if (!eq) {
				unsetenv(env[i]);
				continue;
			}
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(eq - env[i]), env[i]);
			setenv(name, eq + 1, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
	return s;
}

static void reap(scr *s)
{
	if (s->exited)
		return;
	int st;
	if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
		s->exited = 1;
		s->status = st;
	}
}

/* Read for up to ms; returns whether anything came. */
static int pump_once(scr *s, int ms)
{
	struct pollfd p = {s->fd, POLLIN, 0};
	int got = 0;
	if (poll(&p, 1, ms) > 0 && (p.revents & (POLLIN | POLLHUP))) {
		char buf[65536];
		ssize_t n;
		while ((n = read(s->fd, buf, sizeof buf)) > 0) {
			/* libvterm 0.1 does not report the mouse mode: watch for
			 * DECSET/DECRST 1000 ourselves (the last one wins) */
			for (ssize_t i = 0; i + 5 <= n; i++)
				if (!memcmp(buf + i, "1000h", 5))
					s->mouse = 1;
				else if (!memcmp(buf + i, "1000l", 5))
					s->mouse = 0;
			vterm_input_write(s->vt, buf, (size_t)n);
			got = 1;
		}
		if (!got && (p.revents & POLLHUP)) {
			reap(s);
			if (!s->exited) {
				struct timespec ts = {0, 5000000};
				nanosleep(&ts, NULL);
			}
		}
	}
	vterm_screen_flush_damage(s->vs);
	return got;
}

void scr_pump(scr *s, int ms)
{
	if (ms >= 0) {
		long end = now_ms() + ms;
		while (now_ms() < end)
			pump_once(s, 10);
		return;
	}
	long quiet = now_ms();
	long end = now_ms() + scr_timeout();
	while (now_ms() < end && now_ms() - quiet < 100)
		if (pump_once(s, 10))
			quiet = now_ms();
}

void scr_send(scr *s, const char *bytes)
{
	size_t len = strlen(bytes);
	while (len > 0) {
		ssize_t n = write(s->fd, bytes, len);
		if (n < 0 && errno == EAGAIN) {
			pump_once(s, 5);
			continue;
		}
		if (n <= 0)
			return;
		bytes += n;
		len -= (size_t)n;
	}
	pump_once(s, 0);
}

void scr_resize(scr *s, int rows, int cols)
{
	s->rows = rows;
	s->cols = cols;
	vterm_set_size(s->vt, rows, cols);
	struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
	ioctl(s->fd, TIOCSWINSZ, &ws);
	/* the kernel signals the foreground group; say it again to the child */
	kill(s->pid, SIGWINCH);
}

static size_t put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) { o[0] = (char)c; return 1; }
	if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3f)); return 2; }
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f)); return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3f)); o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

const char *scr_row(scr *s, int row)
{
	static char buf[8192];
	size_t o = 0;
	for (int col = 0; col < s->cols && o < sizeof buf - 32; col++) {
		VTermScreenCell c;
		VTermPos pos = {row, col};
		if (!vterm_screen_get_cell(s->vs, pos, &c) || c.chars[0] == 0) {
			buf[o++] = ' ';
			continue;
		}
		for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; i++)
			o += put_utf8(buf + o, c.chars[i]);
		if (c.width == 2)
			col++;
	}
	buf[o] = 0;
	return buf;
}

/* Column of a byte offset in a row's text. */
static int col_of(scr *s, int row, size_t off)
{
	size_t o = 0;
	for (int col = 0; col < s->cols; col++) {
		if (o >= off)
			return col;
		VTermScreenCell c;
		VTermPos pos = {row, col};
		char tmp[32];
		if (!vterm_screen_get_cell(s->vs, pos, &c) || c.chars[0] == 0) {
			o++;
			continue;
		}
		for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i]; i++)
			o += put_utf8(tmp, c.chars[i]);
		if (c.width == 2)
			col++;
	}
	return s->cols;
}

int scr_find(scr *s, const char *text, int *row, int *col)
{
	return scr_find_from(s, text, 0, row, col);
}

int scr_find_from(scr *s, const char *text, int mincol, int *row, int *col)
{
	for (int r = 0; r < s->rows; r++) {
		const char *line = scr_row(s, r);
		const char *p = line;
		for (int c = 0; c < mincol && *p; c++) {
			VTermScreenCell cell;
			VTermPos pos = {r, c};
			if (vterm_screen_get_cell(s->vs, pos, &cell) && cell.width == 2)
				c++;
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
		p = strstr(p, text);
		if (p) {
			if (row)
				*row = r;
			if (col)
				*col = col_of(s, r, (size_t)(p - line));
			return 1;
		}
	}
	return 0;
}

int scr_wait(scr *s, const char *text, int appears)
{
	long end = now_ms() + scr_timeout();
	for (;;) {
		if (!!scr_find(s, text, NULL, NULL) == !!appears)
			return 1;
		if (now_ms() > end)
			return 0;
		pump_once(s, 10);
	}
}

/* Whether line holds every tab-separated needle of text. */
static int has_all(const char *line, const char *text)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", text);
	char *save, *tok;
	for (tok = strtok_r(buf, "\t", &save); tok; tok = strtok_r(NULL, "\t", &save))
		if (!strstr(line, tok))
			return 0;
	return 1;
}

int scr_wait_row(scr *s, int row, const char *text)
{
	long end = now_ms() + scr_timeout();
	for (;;) {
		if (has_all(scr_row(s, row), text))
			return 1;
		if (now_ms() > end)
			return 0;
		pump_once(s, 10);
	}
}

int scr_cell(scr *s, int row, int col, VTermScreenCell *c)
{
	VTermPos pos = {row, col};
	return vterm_screen_get_cell(s->vs, pos, c);
}

int scr_fg(scr *s, int row, int col)
{
	VTermScreenCell c;
	if (!scr_cell(s, row, col, &c) || !VTERM_COLOR_IS_INDEXED(&c.fg) ||
	    VTERM_COLOR_IS_DEFAULT_FG(&c.fg))
		return -1;
	return c.fg.indexed.idx;
}

int scr_bg(scr *s, int row, int col)
{
	VTermScreenCell c;
	if (!scr_cell(s, row, col, &c) || !VTERM_COLOR_IS_INDEXED(&c.bg) ||
	    VTERM_COLOR_IS_DEFAULT_BG(&c.bg))
		return -1;
	return c.bg.indexed.idx;
}

int scr_altscreen(scr *s) { return s->alt; }
int scr_cursor_visible(scr *s) { return s->cursor_visible; }
int scr_title_set(scr *s) { return s->title; }
int scr_mouse(scr *s) { return s->mouse; }
int scr_rows(scr *s) { return s->rows; }
int scr_cols(scr *s) { return s->cols; }

int scr_wait_exit(scr *s, int *status)
{
	long end = now_ms() + scr_timeout();
	while (!s->exited && now_ms() < end) {
		pump_once(s, 10);
		reap(s);
	}
	/* drain what is left, so the screen shows the final state */
	while (pump_once(s, 0))
		;
	if (s->exited && status)
		*status = s->status;
	return s->exited;
}

void scr_kill(scr *s, int sig)
{
	if (!s->exited)
		kill(s->pid, sig);
}

void scr_dump(scr *s)
{
	printf("# screen %dx%d:\n", s->cols, s->rows);
	for (int r = 0; r < s->rows; r++)
		printf("# %2d|%s|\n", r, scr_row(s, r));
}

const char *scr_stderr(scr *s)
{
	static char buf[16384];
	char path[128];
	snprintf(path, sizeof path, "%s/stderr", s->home);
	buf[0] = 0;
	FILE *f = fopen(path, "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = 0;
		fclose(f);
	}
	return buf;
}

/* Whether stderr holds a line of valgrind's ("==1234== Invalid read ..."):
 * under PARALLAX=a valgrind wrapper run with -q, only errors and leaks
 * print such lines. */
static int valgrind_report(const char *e)
{
	for (const char *p = e; (p = strstr(p, "==")) != NULL; p += 2) {
		if (p != e && p[-1] != '\n')
			continue;
		const char *q = p + 2;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + 2 && q[0] == '=' && q[1] == '=')
			return 1;
	}
	return 0;
}

int scr_sanitizer_reports(scr *s)
{
	const char *e = scr_stderr(s);
	if (!strstr(e, "Sanitizer") && !strstr(e, "runtime error") && !valgrind_report(e))
		return 0;
	printf("# standard error of the program:\n");
	for (const char *p = e; *p;) {
		size_t n = strcspn(p, "\n");
		printf("# %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	return 1;
}

void scr_free(scr *s)
{
	if (!s)
		return;
	if (!s->exited) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	close(s->fd);
	vterm_free(s->vt);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->home);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->home);
	free(s);
}
