/* pipe.h - '|': text into a shell command that has the terminal, as
 * less, mutt and newsboat pipe a message or an article. No curses here:
 * the caller leaves and takes back the screen around it. */
#ifndef PARALLAX_UI_PIPE_H
#define PARALLAX_UI_PIPE_H

#include <stddef.h>

/* Run cmd with /bin/sh -c, data[0..len) on its standard input and the
 * terminal for the rest; wait for it. Meanwhile SIGINT and SIGQUIT are
 * the command's (parallax ignores them), and a command that stops
 * reading early does not kill parallax (SIGPIPE ignored). Then, on the
 * terminal (out), say how it ended and wait for Enter on key_fd, so that
 * its output can be read. Returns its wait status, or -1 (errno set) when
 * it could not be started. */
int ui_pipe_run(const char *cmd, const char *data, size_t len, int key_fd, int out_fd);

/* "exit 0", "exit 3", "killed by signal 2", "not found (127)" for a
 * wait status, in buf. */
void ui_pipe_status(int status, char *buf, size_t cap);

#endif
