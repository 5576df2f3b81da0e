#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "stats/stats.h"
#include "lrpcrun/lrpcrun.h"

static const char *placement(const struct lrpc_row *row)
{
	return row->same_cpu ? "same-cpu" : "cross-cpu";
}

static const char *status(const struct lrpc_row *row)
{
	return row->ok == row->reps ? "ok" : row->ok ? "partial" : "failed";
}

static void csv_row(struct sbuf *b, const struct lrpc_run *r, const struct lrpc_row *row)
{
	struct lrpc_agg a;

	lrpcrow_aggregate(row, &a);
	sbuf_csv_field(b, row->name);
	sbuf_printf(b, ",%s,%d,%d,%s,%llu,", placement(row), r->cpu_a,
		    row->same_cpu ? r->cpu_a : r->cpu_b, row->call, (unsigned long long)row->size);
	sbuf_csv_num(b, a.ok, a.p50, 1);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.ok, a.p99, 1);
	for (int k = 0; k < LRPCB_STAGES; k++) {
		sbuf_printf(b, ",");
		sbuf_csv_num(b, a.staged, a.stage[k], 1);
	}
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.ok, a.p50_min, 1);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.ok, a.p50_max, 1);
	sbuf_printf(b, ",%u,%u,%s,%s,", row->reps, row->ok, row->lib ? "library" : "harness",
		    status(row));
	sbuf_csv_field(b, row->note);
	sbuf_printf(b, "\n");
}

void lrpcreport_csv(struct sbuf *b, const struct lrpc_run *r)
{
	sbuf_printf(b, "transport,placement,client_cpu,server_cpu,call,size_bytes,p50_ns,p99_ns");
	for (int k = 0; k < LRPCB_STAGES; k++)
		sbuf_printf(b, ",%s_ns", lrpcb_stage_names[k]);
	sbuf_printf(b, ",p50_min_ns,p50_max_ns,repeats,repeats_ok,measured_by,status,note\n");
	for (size_t i = 0; i < r->n; i++)
		if (r->rows[i].reps)
			csv_row(b, r, &r->rows[i]);
}

static void table_head(FILE *f, const struct lrpc_run *r, const struct lrpc_row *row)
{
	fprintf(f, "\n%s (client CPU %d, server CPU %d)\n", row->same_cpu ? "One CPU" : "Two CPUs",
		r->cpu_a, row->same_cpu ? r->cpu_a : r->cpu_b);
	fprintf(f, "%-8s %6s %-16s %10s %10s | %9s %9s %9s %9s %9s\n", "call", "bytes",
		"transport", "p50 ns", "p99 ns", "notify", "wake-up", "handler", "return",
		"wake-up");
}

static void table_row(FILE *f, const struct lrpc_row *row)
{
	struct lrpc_agg a;

	lrpcrow_aggregate(row, &a);
	fprintf(f, "%-8s %6llu %-16s", row->call, (unsigned long long)row->size, row->name);
	if (!a.ok) {
		fprintf(f, " %10s %10s | %s\n", "NA", "NA", row->note);
		return;
	}
	fprintf(f, " %10.0f %10.0f |", a.p50, a.p99);
	for (int k = 0; k < LRPCB_STAGES; k++)
		if (a.staged)
			fprintf(f, " %9.0f", a.stage[k]);
	fprintf(f, "%s\n", a.staged ? "" : "   (through the harness: no stages)");
}

void lrpcreport_table(FILE *f, const struct lrpc_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lrpc_row *row = &r->rows[i];

		if (!row->reps)
			continue;
		if (i == 0 || row->same_cpu != r->rows[i - 1].same_cpu)
			table_head(f, r, row);
		table_row(f, row);
	}
	fprintf(f, "\nStages (library rows, medians of a traced pass): notify = client puts the "
		   "call in and notifies; wake-up = until the server sees it; handler; return = "
		   "server returns and notifies; wake-up = until the client sees it.\n");
}

/* Prints unless f is NULL (a quiet run still records the findings in meta.csv). */
__attribute__((format(printf, 2, 3))) static void say(FILE *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
}

static double p50_of(const struct lrpc_run *r, const char *name, const char *call,
		     uint64_t size, int same)
{
	const struct lrpc_row *row = lrpcplan_find(r, name, call, size, same);
	struct lrpc_agg a;

	if (!row)
		return 0;
	lrpcrow_aggregate(row, &a);
	return a.ok ? a.p50 : 0;
}

/* The handler stage's median of a library row, or -1. */
static double handler_of(const struct lrpc_run *r, const char *name, const char *call,
			 uint64_t size, int same)
{
	const struct lrpc_row *row = lrpcplan_find(r, name, call, size, same);
	struct lrpc_agg a;

	if (!row)
		return -1;
	lrpcrow_aggregate(row, &a);
	return a.staged ? a.stage[2] : -1;
}

/* The best LRPC null call on one CPU against the pipe RPC there. */
static void vs_pipe(const struct lrpc_run *r, struct meta *m, FILE *f)
{
	static const char *const v[] = { "lrpc-futex", "lrpc-spin", "lrpc-hybrid", "lrpc-yield" };
	const char *best = NULL;
	double bp = 0, pipe = p50_of(r, "pipe", "null", 8, 1);

	for (size_t i = 0; i < 4; i++) {
		double p = p50_of(r, v[i], "null", 0, 1);
		if (p > 0 && (!best || p < bp))
			best = v[i], bp = p;
	}
	if (!best || pipe <= 0)
		return;
	meta_set(m, "result_best_lrpc_same_cpu_null", "%s", best);
	meta_set(m, "result_best_lrpc_same_cpu_null_p50_ns", "%.1f", bp);
	meta_set(m, "result_pipe_same_cpu_null_p50_ns", "%.1f", pipe);
	meta_set(m, "result_best_lrpc_vs_pipe_same_cpu", "%.3f", bp / pipe);
	say(f, "  best LRPC null call on one CPU: %s %.0f ns = %.2fx the pipe RPC (%.0f ns)\n",
		best, bp, bp / pipe, pipe);
}

/* lrpc-spin's null call across CPUs against the cache-line round trip measured at the start
 * of the run (and, since the hypervisor may move the virtual CPUs, at its end). */
static void vs_floor(const struct lrpc_run *r, const struct floors *fl, const struct floors *end,
		     struct meta *m, FILE *f)
{
	double p = p50_of(r, "lrpc-spin", "null", 0, 0);

	if (p <= 0 || !fl->ok)
		return;
	meta_set(m, "result_lrpc_spin_cross_cpu_null_p50_ns", "%.1f", p);
	meta_set(m, "result_lrpc_spin_vs_cacheline_floor", "%.3f", p / fl->cacheline_rt_ns);
	say(f, "  lrpc-spin null call across CPUs: %.0f ns = %.2fx the cache-line round trip "
	       "(%.0f ns", p, p / fl->cacheline_rt_ns, fl->cacheline_rt_ns);
	if (end->ok)
		say(f, "; %.0f ns at the end of the run", end->cacheline_rt_ns);
	say(f, ")\n");
}

/* Library rows: what safe mode adds to the handler stage, where its copy is. */
static void handler_cost(const struct lrpc_run *r, const char *call, const char *base,
			 const char *safe, int same, FILE *f)
{
	double h[4] = { handler_of(r, base, call, 64, same), handler_of(r, safe, call, 64, same),
			handler_of(r, base, call, 4096, same), handler_of(r, safe, call, 4096, same) };

	if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0)
		say(f, "; handler stage %+.0f and %+.0f ns", h[1] - h[0], h[3] - h[2]);
}

/* What TOCTTOU-safe mode adds to one handoff on one placement, at 64 B and 4 KiB. */
static void safe_cost_of(const struct lrpc_run *r, const char *call, const char *base, int same,
			 struct meta *m, FILE *f)
{
	static const uint64_t sz[] = { 64, 4096 };
	char safe[32], key[128];
	double p[2], q[2];

	snprintf(safe, sizeof(safe), "%s-safe", base);
	for (int s = 0; s < 2; s++) {
		p[s] = p50_of(r, base, call, sz[s], same);
		q[s] = p50_of(r, safe, call, sz[s], same);
		if (p[s] <= 0 || q[s] <= 0)
			return;
	}
	for (int s = 0; s < 2; s++) {
		snprintf(key, sizeof(key), "result_safe_cost_%s_%s_%s_%llu_ns", call, base + 5,
			 same ? "same_cpu" : "cross_cpu", (unsigned long long)sz[s]);
		meta_set(m, key, "%.1f", q[s] - p[s]);
	}
	say(f, "  TOCTTOU-safe, %-7s %-10s %-8s: %+6.0f ns at 64 B (%.0f -> %.0f), %+6.0f ns at "
	       "4 KiB (%.0f -> %.0f)", call, base, same ? "one CPU" : "two CPUs", q[0] - p[0],
	       p[0], q[0], q[1] - p[1], p[1], q[1]);
	handler_cost(r, call, base, safe, same, f);
	say(f, "\n");
}

/* How much the repetitions of a row disagree: median over rows of (max p50 / min p50 - 1). */
static void spread(const struct lrpc_run *r, struct meta *m, FILE *f)
{
	double v[256];
	size_t n = 0;

	for (size_t i = 0; i < r->n && n < 256; i++) {
		struct lrpc_agg a;

		lrpcrow_aggregate(&r->rows[i], &a);
		if (a.ok && r->rows[i].ok > 1 && a.p50_min > 0)
			v[n++] = 100.0 * (a.p50_max / a.p50_min - 1);
	}
	if (!n)
		return;
	qsort(v, n, sizeof(v[0]), stats_cmp_double);
	meta_set(m, "result_repeat_p50_spread_median_pct", "%.1f", v[n / 2]);
	meta_set(m, "result_repeat_p50_spread_max_pct", "%.1f", v[n - 1]);
	say(f, "  noise: the repetitions' p50 differ by %.0f %% (median over rows; worst "
		   "%.0f %%)\n", v[n / 2], v[n - 1]);
}

void lrpcreport_findings(const struct lrpc_run *r, const struct floors *cross,
			 const struct floors *cross_end, struct meta *m, FILE *f)
{
	vs_pipe(r, m, f);
	vs_floor(r, cross, cross_end, m, f);
	for (int same = 1; same >= 0; same--)
		for (int k = 0; k < 4; k++)
			safe_cost_of(r, k < 2 ? "in" : "payload", k % 2 ? "lrpc-spin" : "lrpc-futex",
				     same, m, f);
	spread(r, m, f);
}
