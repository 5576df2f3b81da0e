/* The rows of `ipcbench crosscheck` and whether each can run here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crosscheck/crosscheck.h"
#include "crosscheck/tools.h"
#include "crosscheck/xproc.h"
#include "cell/payload.h"

#define PERF_DEF "mean round trip: perf's wall time (fork and exit included) over its loops, " \
		 "one 4 B int each way through two pipes"
#define SOCKPERF_DEF "p50 of the round trips the client timed (--full-rtt), one message " \
		     "each way, after sockperf's warm-up"
#define SOCKPERF_UL_DEF "p50 of the round trips of messages the client sent at --mps on its " \
			"schedule, not waiting for replies (--reply-every 1: each one echoed), " \
			"each timed from its actual send (--full-rtt), after sockperf's warm-up"
#define LMBENCH_DEF "mean round trip of one byte each way (lmbench benchmp: its median batch)"

/* Payloads: ipcbench's smallest (header only) against tools that send a few bytes; for
 * sockperf, whose -m counts its own header, the same bytes on the wire as ours. */
#define SMALLEST_PAYLOAD 0
#define SOCKPERF_WIRE 64

#define PERF_ROW(ID, SAME)                                                                   \
	{ .id = ID, .tool = "perf bench sched pipe", .family = "perf bench sched pipe",        \
	  .exe = "perf", .package = "linux-perf", .definition = PERF_DEF, .kind = XK_PERF_PIPE, \
	  .stat = XS_MEAN, .transport = "pipe", .size = SMALLEST_PAYLOAD,                      \
	  .their_wire_bytes = 4, .same_cpu = SAME }
#define SOCKPERF_ROW(ID, TOOL, PROTO)                                                        \
	{ .id = ID, .tool = TOOL, .family = "sockperf ping-pong", .exe = "sockperf",           \
	  .package = "sockperf", .definition = SOCKPERF_DEF, .kind = XK_SOCKPERF,              \
	  .stat = XS_P50, .arg = PROTO, .transport = PROTO,                                    \
	  .size = SOCKPERF_WIRE - MSG_HDR_SIZE, .their_wire_bytes = SOCKPERF_WIRE }
/* Offered load: sockperf under-load against our open loop at the same rate (loop = open). */
#define SOCKPERF_UL_ROW(ID, TOOL, PROTO, RATE)                                               \
	{ .id = ID, .tool = TOOL, .family = "sockperf under-load", .exe = "sockperf",         \
	  .package = "sockperf", .definition = SOCKPERF_UL_DEF, .kind = XK_SOCKPERF,           \
	  .stat = XS_P50, .arg = PROTO, .transport = PROTO,                                    \
	  .size = SOCKPERF_WIRE - MSG_HDR_SIZE, .their_wire_bytes = SOCKPERF_WIRE,             \
	  .rate_per_s = RATE }
#define LMBENCH_ROW(ID, EXE, LABEL, TRANSPORT)                                               \
	{ .id = ID, .tool = "lmbench " EXE, .family = "lmbench lat_pipe, lat_unix", .exe = EXE, \
	  .definition = LMBENCH_DEF, .kind = XK_LMBENCH, .stat = XS_MEAN, .arg = LABEL,        \
	  .transport = TRANSPORT, .size = SMALLEST_PAYLOAD, .their_wire_bytes = 1, .same_cpu = 1 }

static const struct xspec plan[] = {
	PERF_ROW("perf-pipe-same-cpu", 1),
	PERF_ROW("perf-pipe-cross-cpu", 0),
	SOCKPERF_ROW("sockperf-tcp-cross-cpu", "sockperf ping-pong --tcp", "tcp"),
	SOCKPERF_ROW("sockperf-udp-cross-cpu", "sockperf ping-pong (UDP)", "udp"),
	SOCKPERF_UL_ROW("sockperf-ul-tcp-10k", "sockperf under-load --tcp --mps 10000", "tcp",
			10000),
	SOCKPERF_UL_ROW("sockperf-ul-udp-10k", "sockperf under-load (UDP) --mps 10000", "udp",
			10000),
	LMBENCH_ROW("lmbench-lat_pipe-same-cpu", "lat_pipe", "Pipe latency", "pipe"),
	LMBENCH_ROW("lmbench-lat_unix-same-cpu", "lat_unix", "AF_UNIX sock stream latency",
		    "unix-stream"),
};

#define NPLAN (sizeof(plan) / sizeof(plan[0]))

const char *xrow_status_name(enum xrow_status s)
{
	static const char *const names[] = { "pending", "ok", "not-installed", "failed",
					     "skipped", "interrupted" };

	return s <= XR_INTERRUPTED ? names[s] : "?";
}

static void missing(struct xrow *w)
{
	w->status = XR_MISSING;
	if (w->s->package)
		snprintf(w->note, sizeof(w->note), "%s is not installed (not on PATH): apt-get "
			 "install %s", w->s->exe, w->s->package);
	else
		snprintf(w->note, sizeof(w->note), "%s is not installed (not on PATH); lmbench is "
			 "not packaged in Debian: build lmbench 3 and put its bin directory on PATH",
			 w->s->exe);
}

int xplan_matches(const char *prefix, size_t len)
{
	for (size_t i = 0; i < NPLAN; i++)
		if (len && strncmp(plan[i].id, prefix, len) == 0)
			return 1;
	return 0;
}

/* Whether --rows (x->only) takes this row: an entry its id begins with. */
static int selected(const struct xrun *x, const char *id)
{
	for (const char *p = x->only; p && *p;) {
		size_t len = strcspn(p, ",");

		if (len && strncmp(id, p, len) == 0)
			return 1;
		p += len + (p[len] == ',');
	}
	return !x->only;
}

/* CPUs, tool lookup (and its version, once per program) and the skip for one CPU. */
static void place(struct xrun *x, struct xrow *w)
{
	w->client_cpu = x->cpu_a;
	w->server_cpu = w->s->same_cpu ? x->cpu_a : x->cpu_b;
	if (!selected(x, w->s->id)) {
		w->status = XR_SKIPPED;
		snprintf(w->note, sizeof(w->note), "not among --rows %s", x->only);
		return;
	}
	if (!w->s->same_cpu && x->cpu_a == x->cpu_b) {
		w->status = XR_SKIPPED;
		snprintf(w->note, sizeof(w->note), "one CPU given (--cpus %d,%d): no cross-CPU "
			 "comparison", x->cpu_a, x->cpu_b);
		return;
	}
	if (xproc_which(w->s->exe, w->path, sizeof(w->path)) < 0) {
		missing(w);
		return;
	}
	for (size_t i = 0; i + 1 < x->n; i++)
		if (strcmp(x->rows[i].path, w->path) == 0 && x->rows[i].version[0]) {
			snprintf(w->version, sizeof(w->version), "%s", x->rows[i].version);
			return;
		}
	if (w->s->kind == XK_LMBENCH)
		snprintf(w->version, sizeof(w->version), "NA"); /* lmbench has no version flag */
	else
		xtool_version(w->path, "--version", w->version, sizeof(w->version));
}

int xplan_build(struct xrun *x)
{
	x->rows = calloc(NPLAN, sizeof(*x->rows));
	x->n = 0;
	if (!x->rows)
		return -ENOMEM;
	x->sweep.name = "crosscheck";
	for (size_t i = 0; i < NPLAN; i++) {
		struct xrow *w = &x->rows[x->n++];

		w->s = &plan[i];
		if (!transport_find(w->s->transport))
			return -ENOENT;
		place(x, w);
	}
	return 0;
}

void xplan_free(struct xrun *x)
{
	for (size_t i = 0; x->rows && i < x->n; i++)
		for (unsigned r = 0; r < x->rows[i].nrounds; r++)
			cell_result_free(&x->rows[i].round[r].cell.res);
	free(x->rows);
	x->rows = NULL;
	x->n = 0;
}
