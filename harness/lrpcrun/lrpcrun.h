/* `ipcbench lrpc`: the LRPC paper's null-call table on this machine. Its rows, each
 * measured on one CPU (same-cpu) and on two (cross-cpu):
 *
 *   call     size  how
 *   null       0   lrpc-futex, -spin, -hybrid, -yield through the library (lrpcrun/stages.h):
 *                  no argument in, one 8-byte result out
 *              8   pipe, unix-stream, sysv-msg, shm-futex through the harness (cell_run):
 *                  an 8-byte payload each way, the smallest RPC they can make
 *   args8     64   the same LRPC variants with LRPC_NARGS arguments in the A-stack header;
 *                  the others carry the same 64 bytes as a harness payload
 *   in    64, 4K   lrpc-futex and lrpc-spin, in place and TOCTTOU-safe (-safe), through the
 *                  library: a payload in, read whole by the handler, a checksum out
 *   payload        every lrpc-* transport through the harness at 8 B, 64 B, 4 KiB and 64 KiB
 *                  each way, the others at 4 KiB and 64 KiB (their 8 and 64 B cells are
 *                  the null and args8 rows), verified like any run
 *
 * Library rows also carry the per-stage medians of a traced pass (lrpcrun/stages.h). The harness
 * cells are kept as out/tables.h rows, for results.csv, summary.csv and spectrum.csv. */
#ifndef IPCBENCH_LRPCRUN_H
#define IPCBENCH_LRPCRUN_H
#include <stdint.h>
#include <stdio.h>
#include "floors/calibrate.h"
#include "text/csv.h"
#include "lrpcrun/stages.h"
#include "run/meta.h"
#include "out/tables.h"

struct lrpc_row {
	const char *name;           /* transport name */
	const char *call;           /* null, args8, in, payload */
	uint64_t size;              /* payload bytes (args8: the arguments' bytes) */
	int same_cpu;
	int lib;                    /* measured through the library, else the harness */
	struct lrpcb_spec spec;     /* library rows */
	const struct transport *t;  /* harness rows */
	size_t cell;                /* harness rows: index among a repetition's cells */
	unsigned reps, ok, staged;  /* repetitions run, passed, with stages */
	double *p50, *p99;          /* one per passing repetition */
	double (*stage)[LRPCB_STAGES];
	char note[256];             /* the first failure's reason */
};

/* A row over its repetitions: medians of the repetitions' p50, p99 and stage medians. */
struct lrpc_agg {
	int ok;
	double p50, p99, p50_min, p50_max;
	int staged;
	double stage[LRPCB_STAGES];
};

struct lrpc_run {
	uint64_t duration_ns, warmup_ns;
	unsigned repeat;
	int cpu_a, cpu_b;           /* client and server CPU across CPUs; same-cpu uses cpu_a */
	const struct clock_src *clk;
	struct lrpc_row *rows;
	size_t n;
	struct sweep sweep;         /* the one sweep the harness cells belong to */
	struct row *cells;          /* ncells per repetition, repetition by repetition */
	size_t ncells;
};

/* lrpcrun/plan.c: the rows and the harness cells. */
int lrpcplan_build(struct lrpc_run *r);
void lrpcplan_free(struct lrpc_run *r);
const struct lrpc_row *lrpcplan_find(const struct lrpc_run *r, const char *name,
				     const char *call, uint64_t size, int same_cpu);

/* lrpcrun/rows.c: one repetition of a row (0 or -EINTR), and a row over its repetitions. */
int lrpcrow_run(struct lrpc_run *r, struct lrpc_row *row);
void lrpcrow_aggregate(const struct lrpc_row *row, struct lrpc_agg *a);

/* lrpcrun/tables.c: lrpc.csv, the terminal table, and the figures the run was made for. */
void lrpcreport_csv(struct sbuf *b, const struct lrpc_run *r);
void lrpcreport_table(FILE *f, const struct lrpc_run *r);
/* cross and cross_end: the floors across CPUs at the start and at the end of the run. */
void lrpcreport_findings(const struct lrpc_run *r, const struct floors *cross,
			 const struct floors *cross_end, struct meta *m, FILE *f);


/* One `ipcbench lrpc` session (lrpcrun/session.c): what its options asked for. */
struct lrpc_cmd {
	struct lrpc_run run;
	struct clock_src clk;
	const char *outdir;
	int quiet;
	char dir[4096];
	struct meta meta;
	struct floors cross, same, cross_end; /* floors at the start; across CPUs at the end */
	int write_err;       /* the first file that could not be written stops the run (exit 6) */
};

/* Runs it; returns the tool's exit code. */
int lrpc_session(struct lrpc_cmd *c);

#endif
