#include <errno.h>
#include <signal.h>
#include <stdio.h>
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

/* One pass of reaping; returns how many children are still alive. */
static int reap(const pid_t pid[2], int alive[2], struct pair_outcome *o, int block)
{
	for (int i = 0; i < 2; i++) {
		if (!alive[i] || waitpid(pid[i], &o->wstatus[i], block ? 0 : WNOHANG) <= 0)
			continue;
		alive[i] = 0;
		if (alive[!i] && !spawn_exited_ok(o->wstatus[i])) {
			kill(pid[!i], SIGKILL);
			o->killed_by_us[!i] = 1;
		}
	}
	return alive[0] + alive[1];
}

static void wait_pair(const pid_t pid[2], const sigset_t *sigs, uint64_t timeout_ns,
		      struct pair_outcome *o)
{
	uint64_t deadline = clock_mono_ns() + timeout_ns;
	int alive[2] = { pid[0] > 0, pid[1] > 0 };

	while (reap(pid, alive, o, o->end != PAIR_DONE)) {
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
		for (int i = 0; i < 2 && o->end != PAIR_DONE; i++)
			if (alive[i]) {
				kill(pid[i], SIGKILL);
				o->killed_by_us[i] = 1;
			}
	}
}

void spawn_pair(pair_fn fn, void *arg, uint64_t timeout_ns, struct pair_outcome *o)
{
	sigset_t sigs, oldmask;
	pid_t pid[2] = { -1, -1 }, self = getpid();

	*o = (struct pair_outcome){ .end = PAIR_DONE };
	watched_signals(&sigs);
	sigprocmask(SIG_BLOCK, &sigs, &oldmask);
	fflush(NULL); /* children must not repeat buffered output */
	pid[1] = start_child(fn, arg, 1, &sigs, &oldmask, self);
	if (pid[1] > 0)
		pid[0] = start_child(fn, arg, 0, &sigs, &oldmask, self);
	if (pid[0] < 0 || pid[1] < 0) {
		o->fork_errno = errno;
		if (pid[1] > 0)
			kill(pid[1], SIGKILL);
	}
	o->pid[0] = pid[0];
	o->pid[1] = pid[1];
	wait_pair(pid, &sigs, timeout_ns, o);
	if (o->fork_errno)
		o->end = PAIR_FORK_FAILED;
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
}
