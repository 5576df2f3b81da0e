#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fleet/proc.h"

static void child(char *const argv[], const char *in_path, int out_fd, int err_fd)
{
	int in = open(in_path ? in_path : "/dev/null", O_RDONLY);

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (in < 0) {
		dprintf(err_fd, "cannot open %s: %s\n", in_path, strerror(errno));
		_exit(127);
	}
	if (dup2(in, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		_exit(127);
	execvp(argv[0], argv);
	dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void keep(struct sbuf *b, const char *buf, ssize_t n)
{
	if (b->len < PROC_CAPTURE_MAX)
		sbuf_printf(b, "%.*s", (int)n, buf);
}

/* Reads both pipes until both are closed. */
static void collect(int fds[2], struct proc_out *o)
{
	struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[1], POLLIN, 0 } };
	struct sbuf *dst[2] = { &o->out, &o->err };
	char buf[4096];
	int open_fds = 2;

	while (open_fds > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < 2; k++) {
			ssize_t n;

			if (p[k].fd < 0 || !(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[k].fd, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n > 0) {
				keep(dst[k], buf, n);
				continue;
			}
			close(p[k].fd);
			p[k].fd = -1;
			open_fds--;
		}
	}
	for (int k = 0; k < 2; k++)
		if (p[k].fd >= 0)
			close(p[k].fd);
}

int proc_run(char *const argv[], const char *in_path, struct proc_out *o)
{
	int outp[2], errp[2], st = 0;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	if (pipe2(outp, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		int e = errno;
		close(outp[0]), close(outp[1]);
		return -e;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		child(argv, in_path, outp[1], errp[1]);
	close(outp[1]);
	close(errp[1]);
	if (pid < 0) {
		int e = errno;
		close(outp[0]), close(errp[0]);
		return -e;
	}
	collect((int[2]){ outp[0], errp[0] }, o);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	o->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

void proc_out_free(struct proc_out *o)
{
	sbuf_free(&o->out);
	sbuf_free(&o->err);
}

void proc_first_line(const struct sbuf *s, const char *dflt, char *out, size_t n)
{
	const char *p = s->p ? s->p + strspn(s->p, " \t\r\n") : "";
	size_t len = strcspn(p, "\r\n");

	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len == 0)
		snprintf(out, n, "%s", dflt);
	else
		snprintf(out, n, "%.*s", (int)len, p);
}

void sh_quote(struct sbuf *b, const char *s)
{
	sbuf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_printf(b, "'\\''");
		else
			sbuf_putc(b, *s);
	}
	sbuf_putc(b, '\'');
}

void sh_quote_argv(struct sbuf *b, char *const argv[])
{
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			sbuf_putc(b, ' ');
		sh_quote(b, argv[i]);
	}
}
