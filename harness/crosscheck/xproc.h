/* An external program run by `ipcbench crosscheck`: fork and exec of an argv (never a
 * shell), pinned to one CPU before exec (what `taskset -c CPU` does), in a process group of
 * its own so that whatever it forks dies with it, killed if we die (PR_SET_PDEATHSIG),
 * LC_ALL=C (numbers printed with a decimal point), stdin from /dev/null, stdout and stderr
 * captured up to XPROC_CAP_BYTES each. Every wait has a deadline; on the deadline, on a
 * SIGINT/SIGTERM/SIGHUP to us and in xproc_free the whole group is killed and reaped. */
#ifndef IPCBENCH_XPROC_H
#define IPCBENCH_XPROC_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "text/csv.h"

#define XPROC_CAP_BYTES (256u * 1024u)

struct xproc {
	pid_t pid;        /* also its process group; 0 before start */
	int fd[2];        /* read ends of its stdout and stderr; -1 once at EOF */
	struct sbuf out, err;
	int running;      /* started and not reaped yet */
	int wstatus;      /* as from waitpid, once reaped */
	int killed;       /* we killed it (deadline, interrupt, stop) */
	uint64_t start_ns; /* clock_mono_ns() just before fork */
};

/* Called while waiting, first at once; returns the ns until it wants to be called again. */
typedef uint64_t (*xproc_tick_fn)(void *arg, uint64_t now_ns);

/* Starts argv[0] (a path) with argv; cpu < 0: not pinned. Returns 0 or a negative errno.
 * An exec that fails shows as exit status 127 with the reason on its stderr. */
int xproc_start(struct xproc *p, char *const argv[], int cpu);
/* Reads what it wrote for up to wait_ns and reaps it if it has exited. Returns 1 while it
 * runs (or its pipes are still open), 0 once it has exited and its output is complete. */
int xproc_poll(struct xproc *p, uint64_t wait_ns);
/* Waits until it exits, calling fn (if any) when it asks to be. Returns 0 when it exited by
 * itself, -ETIMEDOUT when the deadline (clock_mono_ns) came first, -EINTR on a
 * SIGINT/SIGTERM/SIGHUP to us (consumed): then the group has been killed. */
int xproc_wait(struct xproc *p, uint64_t deadline_ns, xproc_tick_fn fn, void *arg);
/* Kills the group (SIGKILL) if it runs, reaps it, closes the pipes; output stays. */
void xproc_stop(struct xproc *p);
void xproc_free(struct xproc *p);
/* 1 when it exited by itself with status 0. */
int xproc_ok(const struct xproc *p);
/* "exit status 3", "killed by signal 9" */
void xproc_status_text(const struct xproc *p, char *buf, size_t n);
/* The first executable called name in $PATH (or name itself when it holds a '/'), into
 * path. Returns 0 or -ENOENT. */
int xproc_which(const char *name, char *path, size_t n);

#endif
