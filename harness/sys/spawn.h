/* Runs a function in two forked children (side 0 = client, 1 = server), or in a group of
 * any number (spawn_group), and waits for them with a deadline. The first abnormal exit,
 * the deadline, or a SIGINT/SIGTERM/SIGHUP to the parent kills whoever is left; children
 * die with the parent (PR_SET_PDEATHSIG). The parent sleeps in sigtimedwait meanwhile, so
 * it takes no CPU from the children. */
#ifndef IPCBENCH_SPAWN_H
#define IPCBENCH_SPAWN_H
#include <stdint.h>
#include <sys/types.h>

enum pair_end { PAIR_DONE, PAIR_TIMEOUT, PAIR_INTERRUPTED, PAIR_FORK_FAILED };

struct pair_outcome {
	enum pair_end end;
	int wstatus[2];      /* as from waitpid */
	int killed_by_us[2]; /* the parent killed this child (timeout, peer's death, signal) */
	int fork_errno;
	pid_t pid[2];        /* the children, reaped by now (-1: not started) */
};

/* fn runs in the child and returns its exit code (0: success). */
typedef int (*pair_fn)(void *arg, int side);

void spawn_pair(pair_fn fn, void *arg, uint64_t timeout_ns, struct pair_outcome *o);
/* The same for n children (fn gets 0 .. n-1; the last is started first): the first abnormal
 * exit, the deadline or a signal kills all that are left. wstatus and killed_by_us are the
 * caller's arrays of n. 0, or -ENOMEM (nothing started). */
struct group_outcome {
	enum pair_end end;
	int *wstatus;
	int *killed_by_us;
	int fork_errno;
	pid_t *pid; /* NULL, or the caller's array of n: the children (-1: not started) */
};
int spawn_group(pair_fn fn, void *arg, unsigned n, uint64_t timeout_ns, struct group_outcome *o);
/* 1 when the child exited with status 0. */
int spawn_exited_ok(int wstatus);
/* Blocks SIGINT, SIGTERM, SIGHUP and SIGCHLD for the caller (the run's main loop checks
 * them between cells); returns 1 if one of the first three is pending (and consumes it). */
void spawn_block_signals(void);
int spawn_interrupt_pending(void);

#endif
