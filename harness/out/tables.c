#include <stdlib.h>
#include <string.h>
#include "out/tables.h"
#include "out/agg.h"
#include "out/schema.h"
#include "stats/stats.h"

#define NS(v) sbuf_csv_num(b, ok, (v), 1)

typedef void row_fill(struct sbuf *b, const struct row *r, const void *arg);

/* Appends row r's text: from slot once made there (slot NULL: made each time). */
static void put_row(struct sbuf *b, struct sbuf *slot, row_fill *fill, const struct row *r,
		    const void *arg)
{
	if (!slot) {
		fill(b, r, arg);
		return;
	}
	if (!slot->p)
		fill(slot, r, arg);
	if (slot->len)
		sbuf_add(b, slot->p, slot->len);
	b->oom |= slot->oom;
}

static void results_line(struct sbuf *b, const struct row *r, const void *u)
{
	schema_results_line(b, r, u);
}

void report_results_csv(struct sbuf *b, const struct row *rows, size_t n,
			struct table_cache *cache)
{
	struct table_cache *c = table_cache_for(cache, rows, n);
	struct row_events u;

	row_event_union(rows, n, &u);
	schema_results_header(b, &u);
	for (size_t i = 0; i < n; i++)
		if (rows[i].done)
			put_row(b, c ? &c->results[i] : NULL, results_line, &rows[i], &u);
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

		if (r->done && agg_same_key(r, &s->rows[s->first]) && d->num(r, c, &v[m]))
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

	agg_key(rows, n, first, &a);
	ok = a.reps_ok > 0;
	sbuf_printf(b, "%u,%u,", a.reps, a.reps_ok);
	NS(a.p50.median), sbuf_printf(b, ","), NS(a.p50.lo), sbuf_printf(b, ",");
	NS(a.p50.hi), sbuf_printf(b, ",");
	sbuf_csv_num(b, ok, a.p50.level * 100, 1);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.reps_p99 > 0, a.p99, 1);
	sbuf_printf(b, ","), NS(a.min), sbuf_printf(b, ","), NS(a.max);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, ok, a.rate, 0);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.bw_n > 0, a.bw.lo, 0);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, a.bw_n > 0, a.bw.hi, 0);
	const struct row *src = a.bad ? a.bad : &rows[first];
	sbuf_printf(b, ",%s,", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
	sbuf_csv_field(b, src->res.note);
	sbuf_putc(b, ',');
}

static void summary_header(struct sbuf *b, struct sum_ctx *s, const struct row_events *u)
{
	s->header = 1;
	s->which = SUM_KEY;
	schema_each_column(u, sum_col, s);
	for (size_t i = 0; i < nsummary_own_cols; i++)
		sbuf_printf(b, "%s,", summary_own_cols[i].name);
	s->which = SUM_MEDIAN;
	schema_each_column(u, sum_col, s);
	b->p[b->len - 1] = '\n'; /* the last comma */
	s->header = 0;
}

/* The line of the key whose first done row is s->first, appended to s->b. */
static void summary_line(struct sum_ctx *s, const struct row_events *u)
{
	struct sbuf *b = s->b;

	s->which = SUM_KEY;
	schema_each_column(u, sum_col, s);
	summary_own(b, s->rows, s->n, s->first);
	s->which = SUM_MEDIAN;
	schema_each_column(u, sum_col, s);
	if (b->len)
		b->p[b->len - 1] = '\n';
}

/* The key's line into b: kept in the cache (c) until one more of its rows is done. */
static void summary_key(struct sbuf *b, struct sum_ctx *s, const struct row_events *u,
			struct table_cache *c, size_t k, unsigned done)
{
	struct sbuf *slot = c ? &c->summary[k] : NULL;

	if (slot && (!slot->p || c->key_done[k] != done)) {
		sbuf_free(slot);
		s->b = slot;
		summary_line(s, u);
		c->key_done[k] = done;
	}
	if (!slot) {
		s->b = b;
		summary_line(s, u);
	} else if (slot->len) {
		sbuf_add(b, slot->p, slot->len);
		b->oom |= slot->oom;
	}
}

/* Each line: the key (SUM_KEY columns), the summary's own, the medians (SUM_MEDIAN), in
 * the order of the keys' first done rows. */
void report_summary_csv(struct sbuf *b, const struct row *rows, size_t n,
			struct table_cache *cache)
{
	struct table_cache *c = table_cache_for(cache, rows, n);
	size_t *key = c ? c->key : calloc(n ? n : 1, sizeof(*key));
	unsigned *done = calloc(n ? n : 1, sizeof(*done));
	unsigned char *seen = calloc(n ? n : 1, 1);
	struct sum_ctx s = { .b = b, .rows = rows, .n = n };
	struct row_events u;

	if (!key || !done || !seen || (!c && agg_group(rows, n, key) < 0)) {
		b->oom = 1;
	} else {
		row_event_union(rows, n, &u);
		summary_header(b, &s, &u);
		for (size_t i = 0; i < n; i++)
			done[key[i]] += rows[i].done != 0;
		for (size_t i = 0; i < n && !b->oom; i++) {
			if (!rows[i].done || seen[key[i]])
				continue;
			seen[key[i]] = 1;
			s.first = i;
			summary_key(b, &s, &u, c, key[i], done[key[i]]);
		}
	}
	if (!c)
		free(key);
	free(done);
	free(seen);
}

const char spectrum_csv_header[] = "transport,mode,size_bytes,placement,client_cpu,server_cpu,"
				   "repeat,quantile,latency_ns,rate_per_s,idle_ns,clients,"
				   "subscribers,spread\n";

/* Only the quantiles each cell's samples support: a spectrum never claims a resolution it
 * does not have. */
static void spectrum_lines(struct sbuf *b, const struct row *r, const void *unused)
{
	const struct cell_settings *s = &r->set;

	(void)unused;
	for (size_t q = 0; q < CELL_SPECTRUM_N; q++) {
		if (!stats_quantile_supported(r->res.st.n, cell_spectrum_q[q]))
			continue; /* finer than the samples resolve */
		sbuf_csv_field(b, r->t->name);
		sbuf_printf(b, ",%s,%llu,%s,%d,%d,%u,%g,%.1f,%llu,%llu,%u,%u,%s\n",
			    cell_mode_name(s->mode), (unsigned long long)r->size, r->placement,
			    s->client_cpu, s->server_cpu, r->rep, cell_spectrum_q[q],
			    r->res.spectrum[q], (unsigned long long)s->rate_per_s,
			    (unsigned long long)s->idle_ns, s->clients, s->subscribers,
			    cell_parties(s) ? spread_name((enum spread)s->spread) : "NA");
	}
}

void report_spectrum_csv(struct sbuf *b, const struct row *rows, size_t n,
			 struct table_cache *cache)
{
	struct table_cache *c = table_cache_for(cache, rows, n);

	sbuf_printf(b, "%s", spectrum_csv_header);
	for (size_t i = 0; i < n; i++)
		if (rows[i].done && rows[i].res.has_stats)
			put_row(b, c ? &c->spectrum[i] : NULL, spectrum_lines, &rows[i], NULL);
}

void report_matrix_csv(struct sbuf *b, const struct row *rows, size_t n)
{
	sbuf_printf(b, "transport,mode,size_bytes,client_cpu,server_cpu,placement,repeats,"
		       "repeats_ok,p50_ns,p99_ns,min_ns,status\n");
	for (size_t i = 0; i < n; i++) {
		struct agg a;
		int ok;

		if (!rows[i].sw->matrix || !cell_is_classic(&rows[i].set) || !agg_first_of_key(rows, i))
			continue;
		agg_key(rows, n, i, &a);
		ok = a.reps_ok > 0;
		sbuf_csv_field(b, rows[i].t->name);
		sbuf_printf(b, ",%s,%llu,%d,%d,%s,%u,%u,", cell_mode_name(rows[i].set.mode),
			    (unsigned long long)rows[i].size, rows[i].set.client_cpu,
			    rows[i].set.server_cpu, rows[i].placement, a.reps, a.reps_ok);
		NS(a.p50.median), sbuf_printf(b, ",");
		sbuf_csv_num(b, a.reps_p99 > 0, a.p99, 1), sbuf_printf(b, ","), NS(a.min);
		sbuf_printf(b, ",%s\n", cell_status_name(a.bad ? a.bad->res.status : CELL_OK));
	}
}
