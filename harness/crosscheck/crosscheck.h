/* `ipcbench crosscheck`: the trusted tools installed here against ipcbench's matching
 * cells. One row per comparison (a tool, its CPUs and message size, and our transport and
 * payload with the same bytes on the wire as near as the header allows); every round runs
 * both sides of every row, ours first in odd rounds and theirs first in even ones (ABBA),
 * so that drift on a shared machine falls on both alike; a row's figures are medians over
 * its rounds. Our side is a cell like any `ipcbench run` cell (cell_run, default settings
 * with the run's duration, warm-up and CPUs), kept as out/tables.h rows for results.csv. */
#ifndef IPCBENCH_CROSSCHECK_H
#define IPCBENCH_CROSSCHECK_H
#include <stdint.h>
#include <stdio.h>
#include "config/config.h"
#include "crosscheck/xparse.h"
#include "text/csv.h"
#include "out/tables.h"
#include "run/meta.h"

#define XC_MAX_ROUNDS 20
#define XC_WITHIN 0.05 /* "within 5 %": |ratio - 1| at most this */

enum xkind { XK_PERF_PIPE, XK_SOCKPERF, XK_LMBENCH };
enum xstat { XS_MEAN, XS_P50 };      /* which of the tool's figures a row compares */
enum xrow_status { XR_PENDING, XR_OK, XR_MISSING, XR_FAILED, XR_SKIPPED, XR_INTERRUPTED };

struct xround {
	int ours_first;
	int their_ok, our_ok;
	struct xfigure their;
	char their_note[512]; /* how this round's tool run was pinned, or why it failed */
	struct row cell;      /* ours */
};

/* What a row compares: the tool, its figure, and our cell. */
struct xspec {
	const char *id;          /* e.g. "perf-pipe-cross-cpu" */
	const char *tool;        /* "perf bench sched pipe" */
	const char *family;      /* the tools one definition covers: "lmbench lat_pipe, lat_unix" */
	const char *exe;         /* program looked up on PATH */
	const char *package;     /* Debian package; NULL: not packaged in Debian */
	const char *definition;  /* what the tool's figure is */
	enum xkind kind;
	enum xstat stat;
	const char *arg;         /* sockperf: "tcp" or "udp"; lmbench: its output label */
	const char *transport;   /* ours */
	uint64_t size;           /* our payload bytes */
	unsigned their_wire_bytes; /* bytes of one message each way, the tool's header included */
	int same_cpu;            /* both sides on CPU A, else A and B */
	uint64_t rate_per_s;     /* sockperf under-load: its --mps, and our open loop's rate */
};

struct xrow {
	const struct xspec *s;
	int client_cpu, server_cpu;
	char path[4096];         /* of s->exe, once found */
	char version[128];
	char command[512];       /* the equivalent shell command of the latest round */
	enum xrow_status status;
	char note[1280];
	unsigned nrounds;        /* rounds run */
	struct xround round[XC_MAX_ROUNDS];
};

struct xrun {
	unsigned rounds;
	uint64_t duration_ns, warmup_ns;
	int cpu_a, cpu_b;        /* client (initiator) CPU and server CPU */
	const struct clock_src *clk;
	struct sweep sweep;      /* the one sweep our cells belong to */
	struct xrow *rows;
	size_t n;
	int progress;            /* draw a progress line on stderr */
	const char *only;        /* --rows: comma-separated row ids or their beginnings; NULL: all */
	uint64_t counters_closed_ns; /* a perf event of our cells was last open then: the
				      * tools, like our cells, wait CTR_HOOKS_OFF_NS after it */
};

/* A row over its rounds: medians of each figure over the rounds where it was produced. */
struct xagg {
	unsigned their_ok, our_ok;
	double their_ns;         /* the compared figure (stat) */
	double their_mean_ns, their_p50_ns, their_p99_ns;
	double our_p50_ns, our_mean_ns, our_p99_ns;
	double our_same_ns;      /* ours, same statistic as their_ns */
	double ratio;            /* our_same_ns / their_ns; NAN without both */
	double ratio_p50;        /* our_p50_ns / their_ns */
	/* Paired by round (the same statistic, rounds where both ran): the Hodges-Lehmann
	 * estimate of the ratio and its 95 % interval (stats/signrank.h, on log ratios) and
	 * the interval's exact coverage; NAN, pairs 0, without a pair. */
	unsigned pairs;
	double paired_ratio, paired_lo, paired_hi, paired_level;
};

/* xplan.c: the rows, each tool looked up on $PATH (missing: XR_MISSING, with the package
 * to install), cross-CPU rows XR_SKIPPED when both CPUs are one. */
int xplan_build(struct xrun *x);
void xplan_free(struct xrun *x);
const char *xrow_status_name(enum xrow_status s);
/* 1 when some row's id begins with the first len bytes of prefix (a --rows entry). */
int xplan_matches(const char *prefix, size_t len);

/* xrun.c: every round of every row that can run. after_each (may be NULL) is called after
 * every side of every row, e.g. to rewrite the CSV files. Returns 1 when interrupted. */
int xrun_rounds(struct xrun *x, void (*after_each)(void *arg), void *arg);
void xrow_aggregate(const struct xrow *w, struct xagg *a);

/* xreport.c: crosscheck.csv, the terminal table with a verdict line per row, and the
 * out/tables.h rows of our cells (for results.csv and summary.csv). */
void xreport_csv(struct sbuf *b, const struct xrun *x);
void xreport_table(FILE *f, const struct xrun *x);
/* Our cells that ran, as one array (caller frees); n gets their count. */
struct row *xreport_cells(const struct xrun *x, size_t *n);
/* 1 when some row failed (a tool or one of our cells). */
int xreport_failed(const struct xrun *x);


/* One `ipcbench crosscheck` session (crosscheck/session.c): what its options asked for. */
struct xcmd {
	struct xrun x;
	struct clock_src clk;
	const char *outdir;
	char dir[4096];
	struct meta meta;
	int rounds_set, duration_set;
};

/* Runs it; returns the tool's exit code. */
int xcheck_session(struct xcmd *c);

#endif
