/* One run of a trusted tool for one row of `ipcbench crosscheck`: perf bench sched pipe
 * (tool_perf.c), sockperf ping-pong with its server (tool_sockperf.c), lmbench's lat_pipe
 * and lat_unix (tool_lmbench.c). Each is started through xproc (argv, no shell, pinned,
 * bounded in time, its whole process group killed on every exit path). */
#ifndef IPCBENCH_XTOOLS_H
#define IPCBENCH_XTOOLS_H
#include <stddef.h>
#include <stdint.h>
#include "crosscheck/crosscheck.h"

struct xtool_job {
	const struct xrun *run;
	struct xrow *row;        /* its path, CPUs and arg; command is filled in */
	uint64_t round_trips;    /* our latest cell of the row measured this many; 0: none yet */
	struct xfigure fig;      /* out */
	char note[512];          /* out: how it ran (pinning, duration), or why it failed */
};

/* Each returns 0 (figure produced), -EINTR (interrupted: everything killed), or another
 * negative errno with the reason in job->note. */
int xtool_perf_pipe(struct xtool_job *j);
int xtool_sockperf(struct xtool_job *j);
int xtool_lmbench(struct xtool_job *j);

/* Runs argv (argv[0] a path) on cpu to the end or the deadline, output into out and err
 * (caller frees); the reason of a failure in note. Returns as xproc_wait, or -EIO when it
 * exited with a non-zero status. */
int xtool_run_simple(char *const argv[], int cpu, uint64_t timeout_ns, struct sbuf *out,
		     struct sbuf *err, char *note, size_t n);
/* The tool's version line ("perf version 6.1.187"), or "NA". */
void xtool_version(const char *path, const char *flag, char *buf, size_t n);
/* argv as one shell line, for the user to rerun it ("taskset -c 0 perf bench ..."). */
void xtool_command_text(char *const argv[], int cpu, char *buf, size_t n);

#endif
