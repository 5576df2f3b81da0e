#include <stdlib.h>
#include <string.h>
#include "memplace.h"
#include "report.h"
#include "stats.h"

#define NS(v) sbuf_csv_num(b, ok, (v), 1)

static void cpu_field(struct sbuf *b, int cpu)
{
	if (cpu < 0)
		sbuf_printf(b, "NA,");
	else
		sbuf_printf(b, "%d,", cpu);
}

/* The NUMA policy asked for, and the node the shared buffers were found on. */
static void mem_fields(struct sbuf *b, const struct row *r)
{
	char pol[32];

	sbuf_printf(b, "%s,", memplace_name(r->set.mem_policy, r->set.mem_node, pol, sizeof(pol)));
	if (r->res.mem_node >= 0)
		sbuf_printf(b, "%d,", r->res.mem_node);
	else
		sbuf_printf(b, "%s,", r->res.mem_node == -2 ? "mixed" : "NA");
}

static void key_fields(struct sbuf *b, const struct row *r)
{
	sbuf_csv_field(b, r->t->name);
	sbuf_printf(b, ",%s,%llu,%zu,%u,%s,", config_mode_name(r->set.mode),
		    (unsigned long long)r->size, r->res.wire_bytes, r->res.fragments, r->placement);
	cpu_field(b, r->set.client_cpu);
	cpu_field(b, r->set.server_cpu);
	mem_fields(b, r);
}

void report_results_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,wire_bytes,fragments,placement,client_cpu,"
		       "server_cpu,mem_policy,mem_node,repeat,samples,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,"
		       "mean_ns,stddev_ns,msgs_per_s,verified_full,status,note\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct stats *st = &r->res.st;
		int ok = r->res.has_stats;

		if (!r->done)
			continue;
		key_fields(b, r);
		sbuf_printf(b, "%u,", r->rep);
		sbuf_csv_num(b, ok, (double)st->n, 0);
		sbuf_printf(b, ",");
		NS(st->min), sbuf_printf(b, ","), NS(st->p50), sbuf_printf(b, ",");
		NS(st->p90), sbuf_printf(b, ","), NS(st->p99), sbuf_printf(b, ",");
		NS(st->p999), sbuf_printf(b, ","), NS(st->max), sbuf_printf(b, ",");
		NS(st->mean), sbuf_printf(b, ","), NS(st->stddev), sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, r->res.msgs_per_s, 0);
		sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, (double)r->res.verified_full, 0);
		sbuf_printf(b, ",%s,", cell_status_name(r->res.status));
		sbuf_csv_field(b, r->res.note);
		sbuf_printf(b, "\n");
	}
}

static int same_key(const struct row *a, const struct row *b)
{
	return a->sw == b->sw && a->t == b->t && a->size == b->size &&
	       a->set.client_cpu == b->set.client_cpu && a->set.server_cpu == b->set.server_cpu &&
	       strcmp(a->placement, b->placement) == 0;
}

/* Aggregate of one key over its repetitions. */
struct agg {
	unsigned reps, reps_ok;
	struct median_ci p50;
	double p99, min, max, rate;
	const struct row *bad; /* first repetition that did not end ok */
};

static double median_of(double *v, size_t n)
{
	struct median_ci ci;

	return stats_median_ci(v, n, 0.95, &ci) == 0 ? ci.median : 0;
}

static void aggregate(const struct row *rows, size_t n, size_t first, struct agg *a)
{
	double *p50 = calloc(n, sizeof(double)), *p99 = calloc(n, sizeof(double));
	double *rate = calloc(n, sizeof(double));

	memset(a, 0, sizeof(*a));
	for (size_t i = first; p50 && p99 && rate && i < n; i++) {
		const struct row *r = &rows[i];
		if (!r->done || !same_key(r, &rows[first]))
			continue;
		a->reps++;
		if (!r->res.has_stats) {
			if (!a->bad && r->res.status != CELL_OK)
				a->bad = r;
			continue;
		}
		if (a->reps_ok == 0 || r->res.st.min < a->min)
			a->min = r->res.st.min;
		if (a->reps_ok == 0 || r->res.st.max > a->max)
			a->max = r->res.st.max;
		p50[a->reps_ok] = r->res.st.p50;
		p99[a->reps_ok] = r->res.st.p99;
		rate[a->reps_ok++] = r->res.msgs_per_s;
	}
	if (a->reps_ok) {
		stats_median_ci(p50, a->reps_ok, 0.95, &a->p50);
		a->p99 = median_of(p99, a->reps_ok);
		a->rate = median_of(rate, a->reps_ok);
	}
	free(p50);
	free(p99);
	free(rate);
}

static int first_of_key(const struct row *rows, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (rows[j].done && same_key(&rows[j], &rows[i]))
			return 0;
	return rows[i].done;
}

void report_summary_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,wire_bytes,fragments,placement,client_cpu,"
		       "server_cpu,mem_policy,mem_node,repeats,repeats_ok,p50_ns,p50_ci_lo_ns,p50_ci_hi_ns,"
		       "p50_ci_level_pct,p99_ns,min_ns,max_ns,msgs_per_s,status,note\n");
	for (size_t i = 0; i < n; i++) {
		struct agg a;
		int ok;

		if (!first_of_key(rows, i))
			continue;
		aggregate(rows, n, i, &a);
		ok = a.reps_ok > 0;
		key_fields(b, &rows[i]);
		sbuf_printf(b, "%u,%u,", a.reps, a.reps_ok);
		NS(a.p50.median), sbuf_printf(b, ","), NS(a.p50.lo), sbuf_printf(b, ",");
		NS(a.p50.hi), sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, a.p50.level * 100, 1);
		sbuf_printf(b, ",");
		NS(a.p99), sbuf_printf(b, ","), NS(a.min), sbuf_printf(b, ","), NS(a.max);
		sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, a.rate, 0);
		const struct row *src = a.bad ? a.bad : &rows[i];
		sbuf_printf(b, ",%s,", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
		sbuf_csv_field(b, src->res.note);
		sbuf_printf(b, "\n");
	}
}

static void human_size(uint64_t v, char *out, size_t n)
{
	if (v >= (1u << 20) && v % (1u << 20) == 0)
		snprintf(out, n, "%lluM", (unsigned long long)(v >> 20));
	else if (v >= 1024 && v % 1024 == 0)
		snprintf(out, n, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(out, n, "%llu", (unsigned long long)v);
}

void report_table(FILE *out, const struct row *rows, size_t n)
{
	fprintf(out, "%-16s %6s %6s %4s %12s %12s %12s %12s  %s\n", "transport", "size", "cpus",
		"reps", "p50 ns", "p99 ns", "min ns", "rt/s", "status");
	for (size_t i = 0; i < n; i++) {
		struct agg a;
		char sz[32], cpus[32];

		if (!first_of_key(rows, i))
			continue;
		aggregate(rows, n, i, &a);
		human_size(rows[i].size, sz, sizeof(sz));
		snprintf(cpus, sizeof(cpus), "%d,%d", rows[i].set.client_cpu, rows[i].set.server_cpu);
		fprintf(out, "%-16s %6s %6s %4u", rows[i].t->name, sz, cpus, a.reps);
		if (a.reps_ok)
			fprintf(out, " %12.1f %12.1f %12.1f %12.0f", a.p50.median, a.p99, a.min, a.rate);
		else
			fprintf(out, " %12s %12s %12s %12s", "NA", "NA", "NA", "NA");
		fprintf(out, "  %s", a.bad ? cell_status_name(a.bad->res.status) : "ok");
		if (a.bad)
			fprintf(out, " (%u/%u ok): %s", a.reps_ok, a.reps, a.bad->res.note);
		fprintf(out, "\n");
	}
}

void report_spectrum_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,placement,client_cpu,server_cpu,repeat,"
		       "quantile,latency_ns\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct cell_settings *s = &r->set;

		if (!r->done || !r->res.has_stats)
			continue;
		for (size_t q = 0; q < CELL_SPECTRUM_N; q++) {
			sbuf_csv_field(b, r->t->name);
			sbuf_printf(b, ",%s,%llu,%s,%d,%d,%u,%g,%.1f\n", config_mode_name(s->mode),
				    (unsigned long long)r->size, r->placement, s->client_cpu,
				    s->server_cpu, r->rep, cell_spectrum_q[q], r->res.spectrum[q]);
		}
	}
}

void report_matrix_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,client_cpu,server_cpu,placement,repeats,"
		       "repeats_ok,p50_ns,p99_ns,min_ns,status\n");
	for (size_t i = 0; i < n; i++) {
		struct agg a;
		int ok;

		if (!rows[i].sw->matrix || !first_of_key(rows, i))
			continue;
		aggregate(rows, n, i, &a);
		ok = a.reps_ok > 0;
		sbuf_csv_field(b, rows[i].t->name);
		sbuf_printf(b, ",%s,%llu,%d,%d,%s,%u,%u,", config_mode_name(rows[i].set.mode),
			    (unsigned long long)rows[i].size, rows[i].set.client_cpu,
			    rows[i].set.server_cpu, rows[i].placement, a.reps, a.reps_ok);
		NS(a.p50.median), sbuf_printf(b, ","), NS(a.p99), sbuf_printf(b, ","), NS(a.min);
		sbuf_printf(b, ",%s\n", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
	}
}
