/* lmbench's lat_pipe and lat_unix: a child forked by the tool and the tool pass one byte
 * back and forth (a pipe pair, an AF_UNIX stream socketpair); lmbench's benchmp times
 * batches of round trips and prints "LABEL: X microseconds", the mean round trip of its
 * median batch. Run under CPU A: both processes inherit it (same CPU only; lmbench's
 * process tree is not pinned across CPUs here). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "crosscheck/tools.h"

#define LMBENCH_TIMEOUT_NS 120000000000ull

int xtool_lmbench(struct xtool_job *j)
{
	struct xrow *w = j->row;
	char *argv[] = { w->path, "-P", "1", NULL };
	struct sbuf out = { 0 }, err = { 0 };
	int e;

	xtool_command_text(argv, w->client_cpu, w->command, sizeof(w->command));
	e = xtool_run_simple(argv, w->client_cpu, LMBENCH_TIMEOUT_NS, &out, &err, j->note,
			     sizeof(j->note));
	if (e == 0 && xparse_lmbench(err.p ? err.p : "", w->s->arg, &j->fig) < 0) {
		xparse_failure_line(out.p, err.p, j->note, sizeof(j->note));
		e = -EPROTO;
	}
	if (e == 0)
		snprintf(j->note, sizeof(j->note), "both processes on CPU %d (taskset -c %d)",
			 w->client_cpu, w->client_cpu);
	sbuf_free(&out);
	sbuf_free(&err);
	return e;
}
