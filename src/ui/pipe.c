/* pipe.c - shell commands that have the terminal (see pipe.h). */
#define _GNU_SOURCE /* pipe2 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipe.h"

static void write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the command stopped reading (EPIPE): its business */
		s += w;
		n -= (size_t)w;
	}
}

void ui_pipe_status(int status, char *buf, size_t cap)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(buf, cap, "command not found (exit 127)");
	else if (WIFEXITED(status))
		snprintf(buf, cap, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, cap, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, cap, "status %d", status);
}

int ui_run_command(const char *cmd, const char *arg, const char *data, size_t len,
                   int key_fd, int out_fd, int wait_enter, const volatile sig_atomic_t *stop)
{
	/* the text's way in, when there is text. Both ends close on exec:
	 * the command reads it as its standard input (dup2 clears the flag
	 * there), and no process keeps the write end open, so the command
	 * sees the end of the text */
	int fds[2] = {-1, -1};
	if (data && pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	/* as system(3) does: the terminal's Ctrl-C and Ctrl-\ stop the
	 * command, not the reader waiting for it. Ctrl-Z stops both, plainly
	 * (as mutt does): curses' own handler would redraw the reader over
	 * the command on fg. */
	struct sigaction ign, dfl, old_int, old_quit, old_pipe, old_tstp;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	dfl = ign;
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	sigaction(SIGPIPE, &ign, &old_pipe);
	sigaction(SIGTSTP, &dfl, &old_tstp);
	pid_t pid = fork();
	if (pid == 0) {
		/* only async-signal-safe calls here: the reader has threads.
		 * Ignored signals stay ignored across exec: give them back. */
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		int in = data ? fds[0] : key_fd;
		if (in != STDIN_FILENO && dup2(in, STDIN_FILENO) < 0)
			_exit(126);
		if (arg)
			execl("/bin/sh", "sh", "-c", cmd, "sh", arg, (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	int e = errno;
	int status = -1;
	if (data)
		close(fds[0]);
	if (pid > 0 && data)
		write_all(fds[1], data, len);
	if (data)
		close(fds[1]); /* end of input: the command can finish */
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (pid < 0 || !wait_enter || (stop && *stop)) {
		sigaction(SIGTSTP, &old_tstp, NULL);
		errno = e;
		return pid < 0 ? -1 : status;
	}
	char how[64], line[160];
	ui_pipe_status(status, how, sizeof how);
	int n = snprintf(line, sizeof line, "\r\n[parallax: %s; press Enter to go back]", how);
	write_all(out_fd, line, n > 0 ? (size_t)n : 0);
	/* the terminal is back in the mode the shell left it (line mode):
	 * read up to the end of a line. A signal (Ctrl-C, SIGTERM) ends the
	 * wait too, the caller then quits: polled, since one that lands just
	 * before a read would not interrupt it */
	char c;
	while (!(stop && *stop)) {
		struct pollfd pfd = {key_fd, POLLIN, 0};
		int pr = poll(&pfd, 1, 100);
		if (pr == 0 || (pr < 0 && errno == EINTR))
			continue;
		ssize_t r = pr > 0 ? read(key_fd, &c, 1) : -1;
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n' || c == '\r')
			break;
	}
	sigaction(SIGTSTP, &old_tstp, NULL);
	return status;
}
