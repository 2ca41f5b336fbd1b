/* pipe.h - shell commands that have the terminal: '|' pipes text into
 * one, as less, mutt and newsboat pipe a message or an article; 'o' runs
 * $BROWSER on a URL. No curses here: the caller leaves and takes back the
 * screen around it. */
#ifndef PARALLAX_UI_PIPE_H
#define PARALLAX_UI_PIPE_H

#include <signal.h>
#include <stddef.h>

/* Run cmd with /bin/sh -c, arg (if not NULL) as its $1 (never parsed by
 * the shell: a URL from a file stays one word), data[0..len) on its
 * standard input (data NULL: the terminal's, key_fd), the terminal for
 * the rest; wait for it. Meanwhile SIGINT and SIGQUIT are the command's
 * (parallax ignores them), and a command that stops reading early does
 * not kill parallax (SIGPIPE ignored); Ctrl-Z stops both, without the
 * reader redrawn over the command. Then, with wait_enter, say on the
 * terminal (out_fd) how it ended and wait for Enter on key_fd, so that
 * its output can be read (not when *stop was set meanwhile: the reader is
 * quitting on a signal). Returns its wait status, or -1 (errno set) when
 * it could not be started. */
int ui_run_command(const char *cmd, const char *arg, const char *data, size_t len,
                   int key_fd, int out_fd, int wait_enter, const volatile sig_atomic_t *stop);

/* "exit 0", "exit 3", "killed by signal 2", "command not found (exit
 * 127)" for a wait status, in buf. */
void ui_pipe_status(int status, char *buf, size_t cap);

#endif
