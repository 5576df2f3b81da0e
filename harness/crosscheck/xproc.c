#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sys/clock.h"
#include "crosscheck/xproc.h"
#include "sys/spawn.h"

/* In the child, before exec: nothing here may return. */
static void exec_child(char *const argv[], int cpu, const int out[2], const int err[2],
		       pid_t parent)
{
	sigset_t none;
	int devnull = open("/dev/null", O_RDONLY);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL); /* our blocked signals must not stay blocked */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(126);
	setpgid(0, 0);
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set) < 0) {
			dprintf(err[1], "cannot pin to CPU %d: %s\n", cpu, strerror(errno));
			_exit(126);
		}
	}
	setenv("LC_ALL", "C", 1);
	if (devnull >= 0)
		dup2(devnull, STDIN_FILENO);
	dup2(out[1], STDOUT_FILENO);
	dup2(err[1], STDERR_FILENO);
	execv(argv[0], argv);
	dprintf(STDERR_FILENO, "cannot execute %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int xproc_start(struct xproc *p, char *const argv[], int cpu)
{
	int out[2], err[2];
	pid_t self = getpid();

	*p = (struct xproc){ .fd = { -1, -1 } };
	if (pipe2(out, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(err, O_CLOEXEC) < 0) {
		int e = -errno;
		close(out[0]), close(out[1]);
		return e;
	}
	fflush(NULL); /* the child must not repeat our buffered output */
	p->start_ns = clock_mono_ns();
	p->pid = fork();
	if (p->pid == 0)
		exec_child(argv, cpu, out, err, self);
	close(out[1]), close(err[1]);
	if (p->pid < 0) {
		int e = -errno;
		close(out[0]), close(err[0]);
		p->pid = 0;
		return e;
	}
	setpgid(p->pid, p->pid); /* also here: no window in which a kill of the group misses */
	p->fd[0] = out[0];
	p->fd[1] = err[0];
	p->running = 1;
	return 0;
}

static void drain(struct xproc *p, int i)
{
	struct sbuf *b = i == 0 ? &p->out : &p->err;
	char buf[4096];
	ssize_t n = read(p->fd[i], buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		close(p->fd[i]);
		p->fd[i] = -1;
		return;
	}
	if (b->len + (size_t)n <= XPROC_CAP_BYTES)
		sbuf_printf(b, "%.*s", (int)n, buf);
}

static void reap(struct xproc *p, int block)
{
	if (p->running && waitpid(p->pid, &p->wstatus, block ? 0 : WNOHANG) == p->pid)
		p->running = 0;
}

int xproc_poll(struct xproc *p, uint64_t wait_ns)
{
	struct pollfd pf[2];
	struct timespec ts = { (time_t)(wait_ns / 1000000000u), (long)(wait_ns % 1000000000u) };
	nfds_t n = 0;
	int idx[2];

	for (int i = 0; i < 2; i++)
		if (p->fd[i] >= 0) {
			pf[n] = (struct pollfd){ .fd = p->fd[i], .events = POLLIN };
			idx[n++] = i;
		}
	if (n == 0 && p->running && wait_ns)
		nanosleep(&ts, NULL);
	else if (n > 0 && ppoll(pf, n, &ts, NULL) > 0)
		for (nfds_t k = 0; k < n; k++)
			if (pf[k].revents)
				drain(p, idx[k]);
	reap(p, 0);
	return p->running || p->fd[0] >= 0 || p->fd[1] >= 0;
}

int xproc_wait(struct xproc *p, uint64_t deadline_ns, xproc_tick_fn fn, void *arg)
{
	const uint64_t slice_ns = 50000000; /* how often an interrupt is noticed */
	uint64_t next_tick = clock_mono_ns();

	for (;;) {
		uint64_t now = clock_mono_ns(), wait = slice_ns;

		if (fn && now >= next_tick)
			next_tick = now + fn(arg, now);
		if (now >= deadline_ns) {
			xproc_stop(p);
			return -ETIMEDOUT;
		}
		if (spawn_interrupt_pending()) {
			xproc_stop(p);
			return -EINTR;
		}
		wait = deadline_ns - now < wait ? deadline_ns - now : wait;
		if (fn && next_tick > now && next_tick - now < wait)
			wait = next_tick - now;
		if (!xproc_poll(p, wait))
			return 0;
	}
}

void xproc_stop(struct xproc *p)
{
	if (p->running) {
		kill(-p->pid, SIGKILL);
		kill(p->pid, SIGKILL);
		p->killed = 1;
		reap(p, 1);
	}
	for (int i = 0; i < 2; i++)
		if (p->fd[i] >= 0) {
			close(p->fd[i]);
			p->fd[i] = -1;
		}
}

void xproc_free(struct xproc *p)
{
	if (p->pid > 0)
		xproc_stop(p);
	/* What it forked (perf's worker) may outlive it: the group goes in every case. */
	if (p->pid > 0)
		kill(-p->pid, SIGKILL);
	sbuf_free(&p->out);
	sbuf_free(&p->err);
	p->pid = 0;
}

int xproc_ok(const struct xproc *p)
{
	return p->pid > 0 && !p->running && !p->killed && spawn_exited_ok(p->wstatus);
}

void xproc_status_text(const struct xproc *p, char *buf, size_t n)
{
	if (p->running)
		snprintf(buf, n, "still running");
	else if (WIFEXITED(p->wstatus))
		snprintf(buf, n, "exit status %d", WEXITSTATUS(p->wstatus));
	else if (WIFSIGNALED(p->wstatus))
		snprintf(buf, n, "killed by signal %d%s", WTERMSIG(p->wstatus),
			 p->killed ? " (by ipcbench)" : "");
	else
		snprintf(buf, n, "ended (status %#x)", p->wstatus);
}

static int executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int xproc_which(const char *name, char *path, size_t n)
{
	const char *dirs = getenv("PATH"), *d;

	if (strchr(name, '/')) {
		snprintf(path, n, "%s", name);
		return executable(path) ? 0 : -ENOENT;
	}
	for (d = dirs; d && *d;) {
		size_t len = strcspn(d, ":");

		snprintf(path, n, "%.*s/%s", (int)(len ? len : 1), len ? d : ".", name);
		if (executable(path))
			return 0;
		d += len + (d[len] == ':');
	}
	path[0] = 0;
	return -ENOENT;
}
