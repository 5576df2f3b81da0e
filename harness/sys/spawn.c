#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sys/clock.h"
#include "sys/spawn.h"

static void watched_signals(sigset_t *s)
{
	sigemptyset(s);
	sigaddset(s, SIGCHLD);
	sigaddset(s, SIGINT);
	sigaddset(s, SIGTERM);
	sigaddset(s, SIGHUP);
}

void spawn_block_signals(void)
{
	sigset_t s;

	watched_signals(&s);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

int spawn_interrupt_pending(void)
{
	sigset_t s, p;
	struct timespec zero = { 0, 0 };

	sigpending(&p);
	if (!sigismember(&p, SIGINT) && !sigismember(&p, SIGTERM) && !sigismember(&p, SIGHUP))
		return 0;
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	sigtimedwait(&s, NULL, &zero);
	return 1;
}

int spawn_exited_ok(int wstatus)
{
	return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
}

static pid_t start_child(pair_fn fn, void *arg, int side, const sigset_t *sigs,
			 const sigset_t *oldmask, pid_t parent)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	sigprocmask(SIG_UNBLOCK, sigs, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(3);
	_exit(fn(arg, side));
}

static void kill_others(const pid_t *pid, const int *alive, unsigned n, unsigned except,
			struct group_outcome *o)
{
	for (unsigned k = 0; k < n; k++)
		if (k != except && alive[k]) {
			kill(pid[k], SIGKILL);
			o->killed_by_us[k] = 1;
		}
}

/* One pass of reaping; returns how many children are still alive. The first child to end
 * badly takes the others with it. */
static unsigned reap(const pid_t *pid, int *alive, unsigned n, struct group_outcome *o,
		     int block)
{
	unsigned left = 0;

	for (unsigned i = 0; i < n; i++) {
		if (!alive[i] || waitpid(pid[i], &o->wstatus[i], block ? 0 : WNOHANG) <= 0)
			continue;
		alive[i] = 0;
		if (!spawn_exited_ok(o->wstatus[i]))
			kill_others(pid, alive, n, i, o);
	}
	for (unsigned i = 0; i < n; i++)
		left += alive[i] != 0;
	return left;
}

static void wait_group(const pid_t *pid, int *alive, unsigned n, const sigset_t *sigs,
		       uint64_t timeout_ns, struct group_outcome *o)
{
	uint64_t deadline = clock_mono_ns() + timeout_ns;

	while (reap(pid, alive, n, o, o->end != PAIR_DONE)) {
		if (o->end != PAIR_DONE)
			continue;
		uint64_t now = clock_mono_ns();
		if (now >= deadline) {
			o->end = PAIR_TIMEOUT;
		} else {
			uint64_t left = deadline - now;
			struct timespec ts = { (time_t)(left / 1000000000u), (long)(left % 1000000000u) };
			int sig = sigtimedwait(sigs, NULL, &ts);

			if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)
				o->end = PAIR_INTERRUPTED;
		}
		if (o->end != PAIR_DONE)
			kill_others(pid, alive, n, n, o);
	}
}

int spawn_group(pair_fn fn, void *arg, unsigned n, uint64_t timeout_ns, struct group_outcome *o)
{
	sigset_t sigs, oldmask;
	pid_t self = getpid(), *pid = calloc(n, sizeof(*pid));
	int *alive = calloc(n, sizeof(*alive));

	o->end = PAIR_DONE;
	o->fork_errno = 0;
	memset(o->wstatus, 0, n * sizeof(*o->wstatus));
	memset(o->killed_by_us, 0, n * sizeof(*o->killed_by_us));
	for (unsigned i = 0; o->pid && i < n; i++)
		o->pid[i] = -1;
	if (!pid || !alive) {
		free(pid);
		free(alive);
		return -ENOMEM;
	}
	watched_signals(&sigs);
	sigprocmask(SIG_BLOCK, &sigs, &oldmask);
	fflush(NULL); /* children must not repeat buffered output */
	for (unsigned i = n; i-- > 0 && !o->fork_errno;) { /* the last one first */
		pid[i] = start_child(fn, arg, (int)i, &sigs, &oldmask, self);
		if (pid[i] < 0)
			o->fork_errno = errno;
		alive[i] = pid[i] > 0;
	}
	if (o->fork_errno)
		kill_others(pid, alive, n, n, o);
	wait_group(pid, alive, n, &sigs, timeout_ns, o);
	if (o->pid)
		memcpy(o->pid, pid, n * sizeof(*pid));
	if (o->fork_errno)
		o->end = PAIR_FORK_FAILED;
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	free(pid);
	free(alive);
	return 0;
}

/* The pair is a group of two: the server (side 1) starts first, as in every cell. */
void spawn_pair(pair_fn fn, void *arg, uint64_t timeout_ns, struct pair_outcome *o)
{
	struct group_outcome g = { .wstatus = o->wstatus, .killed_by_us = o->killed_by_us,
				  .pid = o->pid };

	*o = (struct pair_outcome){ .end = PAIR_DONE };
	o->pid[0] = o->pid[1] = -1;
	if (spawn_group(fn, arg, 2, timeout_ns, &g) < 0) {
		o->end = PAIR_FORK_FAILED;
		o->fork_errno = ENOMEM;
		return;
	}
	o->end = g.end;
	o->fork_errno = g.fork_errno;
}
