#include <stdlib.h>
#include <string.h>
#include "out/tables.h"
#include "out/schema.h"
#include "stats/stats.h"

#define NS(v) sbuf_csv_num(b, ok, (v), 1)

void report_results_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	struct row_events u;

	row_event_union(rows, n, &u);
	schema_results_header(b, &u);
	for (size_t i = 0; i < n; i++)
		if (rows[i].done)
			schema_results_line(b, &rows[i], &u);
}

static int same_key(const struct row *a, const struct row *b)
{
	return a->sw == b->sw && a->t == b->t && a->size == b->size &&
	       a->set.rate_per_s == b->set.rate_per_s &&
	       a->set.clients == b->set.clients && a->set.spread == b->set.spread &&
	       a->set.subscribers == b->set.subscribers &&
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
		a->p99 = stats_median(p99, a->reps_ok);
		a->rate = stats_median(rate, a->reps_ok);
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

/* The key's columns of summary.csv (SUM_KEY, or SUM_MEDIAN), name or value. */
struct sum_ctx {
	struct sbuf *b;
	const struct row *rows;
	size_t n, first;
	enum col_summary which;
	int header;
};

/* Median over the key's repetitions of one column (has it: 1). */
static int median_col(const struct sum_ctx *s, const struct col_def *d, struct col_ref c,
		      double *out)
{
	double *v = malloc(s->n * sizeof(*v));
	size_t m = 0;

	for (size_t i = s->first; v && i < s->n; i++) {
		const struct row *r = &s->rows[i];

		if (r->done && same_key(r, &s->rows[s->first]) && d->num(r, c, &v[m]))
			m++;
	}
	if (m)
		*out = stats_median(v, m);
	free(v);
	return m > 0;
}

static void sum_col(const struct col_def *d, struct col_ref c, void *arg)
{
	struct sum_ctx *s = arg;
	char name[128];
	double v = 0;

	if (d->summary != s->which)
		return;
	if (s->header) {
		schema_col_name(d, c, name, sizeof(name));
		sbuf_printf(s->b, "%s,", name);
	} else if (s->which == SUM_KEY) {
		schema_field(s->b, d, &s->rows[s->first], c);
		sbuf_putc(s->b, ',');
	} else {
		int ok = median_col(s, d, c, &v);
		sbuf_csv_num(s->b, ok, v, d->decimals);
		sbuf_putc(s->b, ',');
	}
}

static void summary_own(struct sbuf *b, const struct row *rows, size_t n, size_t first)
{
	struct agg a;
	int ok;

	aggregate(rows, n, first, &a);
	ok = a.reps_ok > 0;
	sbuf_printf(b, "%u,%u,", a.reps, a.reps_ok);
	NS(a.p50.median), sbuf_printf(b, ","), NS(a.p50.lo), sbuf_printf(b, ",");
	NS(a.p50.hi), sbuf_printf(b, ",");
	sbuf_csv_num(b, ok, a.p50.level * 100, 1);
	sbuf_printf(b, ",");
	NS(a.p99), sbuf_printf(b, ","), NS(a.min), sbuf_printf(b, ","), NS(a.max);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, ok, a.rate, 0);
	const struct row *src = a.bad ? a.bad : &rows[first];
	sbuf_printf(b, ",%s,", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
	sbuf_csv_field(b, src->res.note);
	sbuf_putc(b, ',');
}

/* Each line: the key (SUM_KEY columns), the summary's own, the medians (SUM_MEDIAN). */
void report_summary_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	struct row_events u;
	struct sum_ctx s = { .b = b, .rows = rows, .n = n, .header = 1 };

	row_event_union(rows, n, &u);
	s.which = SUM_KEY;
	schema_each_column(&u, sum_col, &s);
	for (size_t i = 0; i < nsummary_own_cols; i++)
		sbuf_printf(b, "%s,", summary_own_cols[i].name);
	s.which = SUM_MEDIAN;
	schema_each_column(&u, sum_col, &s);
	b->p[b->len - 1] = '\n'; /* the last comma */
	s.header = 0;
	for (size_t i = 0; i < n && !b->oom; i++) {
		if (!first_of_key(rows, i))
			continue;
		s.first = i;
		s.which = SUM_KEY;
		schema_each_column(&u, sum_col, &s);
		summary_own(b, rows, n, i);
		s.which = SUM_MEDIAN;
		schema_each_column(&u, sum_col, &s);
		b->p[b->len - 1] = '\n';
	}
}
static void human_count(uint64_t v, char *out, size_t n)
{
	if (v >= 1000000 && v % 1000000 == 0)
		snprintf(out, n, "%lluM", (unsigned long long)(v / 1000000));
	else if (v >= 1000 && v % 1000 == 0)
		snprintf(out, n, "%lluk", (unsigned long long)(v / 1000));
	else
		snprintf(out, n, "%llu", (unsigned long long)v);
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

/* The transport, its parties and the load it ran under when not the hot loop: "pipe fan-in
 * 4 @1k/s", "pipe fan-out 4". */
static void row_label(const struct row *r, char *out, size_t n)
{
	char rate[32];
	size_t len;

	human_count(r->set.rate_per_s, rate, sizeof(rate));
	if (r->set.clients)
		snprintf(out, n, "%s fan-in %u", r->t->name, r->set.clients);
	else if (r->set.subscribers)
		snprintf(out, n, "%s fan-out %u", r->t->name, r->set.subscribers);
	else
		snprintf(out, n, "%s", r->t->name);
	len = strlen(out);
	if (r->set.rate_per_s)
		snprintf(out + len, n - len, " @%s/s", rate);
	else if (r->set.idle_ns)
		snprintf(out + len, n - len, " idle %.0fus", (double)r->set.idle_ns / 1e3);
}

void report_table(FILE *out, const struct row *rows, size_t n)
{
	fprintf(out, "%-28s %6s %6s %4s %12s %12s %12s %12s %9s  %s\n", "transport", "size", "cpus",
		"reps", "p50 ns", "p99 ns", "min ns", "rt|msg/s", "MB/s", "status");
	for (size_t i = 0; i < n; i++) {
		struct agg a;
		char sz[32], cpus[32], label[64];

		if (!first_of_key(rows, i))
			continue;
		aggregate(rows, n, i, &a);
		human_size(rows[i].size, sz, sizeof(sz));
		snprintf(cpus, sizeof(cpus), "%d,%d", rows[i].set.client_cpu, rows[i].set.server_cpu);
		row_label(&rows[i], label, sizeof(label));
		fprintf(out, "%-28s %6s %6s %4u", label, sz, cpus, a.reps);
		if (a.reps_ok)
			fprintf(out, " %12.1f %12.1f %12.1f %12.0f", a.p50.median, a.p99, a.min, a.rate);
		else
			fprintf(out, " %12s %12s %12s %12s", "NA", "NA", "NA", "NA");
		if (a.reps_ok && rows[i].set.mode == MODE_BANDWIDTH)
			fprintf(out, " %9.1f", a.rate * (double)rows[i].size / 1e6);
		else
			fprintf(out, " %9s", "NA");
		fprintf(out, "  %s", a.bad ? cell_status_name(a.bad->res.status) : "ok");
		if (a.bad)
			fprintf(out, " (%u/%u ok): %s", a.reps_ok, a.reps, a.bad->res.note);
		fprintf(out, "\n");
	}
}

void report_spectrum_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,placement,client_cpu,server_cpu,repeat,"
		       "quantile,latency_ns,rate_per_s,idle_ns,clients,subscribers,spread\n");
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		const struct cell_settings *s = &r->set;

		if (!r->done || !r->res.has_stats)
			continue;
		for (size_t q = 0; q < CELL_SPECTRUM_N; q++) {
			sbuf_csv_field(b, r->t->name);
			sbuf_printf(b, ",%s,%llu,%s,%d,%d,%u,%g,%.1f,%llu,%llu,%u,%u,%s\n",
				    cell_mode_name(s->mode), (unsigned long long)r->size, r->placement,
				    s->client_cpu, s->server_cpu, r->rep, cell_spectrum_q[q],
				    r->res.spectrum[q], (unsigned long long)s->rate_per_s,
				    (unsigned long long)s->idle_ns, s->clients, s->subscribers,
				    cell_parties(s) ? spread_name((enum spread)s->spread) : "NA");
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

		if (!rows[i].sw->matrix || !cell_is_classic(&rows[i].set) || !first_of_key(rows, i))
			continue;
		aggregate(rows, n, i, &a);
		ok = a.reps_ok > 0;
		sbuf_csv_field(b, rows[i].t->name);
		sbuf_printf(b, ",%s,%llu,%d,%d,%s,%u,%u,", cell_mode_name(rows[i].set.mode),
			    (unsigned long long)rows[i].size, rows[i].set.client_cpu,
			    rows[i].set.server_cpu, rows[i].placement, a.reps, a.reps_ok);
		NS(a.p50.median), sbuf_printf(b, ","), NS(a.p99), sbuf_printf(b, ","), NS(a.min);
		sbuf_printf(b, ",%s\n", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
	}
}
