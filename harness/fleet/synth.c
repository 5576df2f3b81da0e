/* `ipcbench fleet synth`: a synthetic fleet made from real runs, to measure what merge,
 * compare and plot cost as a fleet grows. Every host directory gets the rows of the real
 * runs, cycled until it has the cells asked for; each further pass over the real rows is
 * made a distinct cell by adding 64 bytes per pass to footprint_bytes (a key column).
 * Host fields vary: host name, and for the last third of the hosts the kernel (a second
 * fingerprint); each host's times are scaled by a factor within +-4 % of 1, each row by
 * +-2 % more, and host 5 is 40 % slower at its first transport (an outlier to find). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "text/csv.h"
#include "fleet/synth.h"
#include "run/outdir.h"
#include "stats/rng.h"
#include "out/runquery.h"
#include "out/schema.h"

#define FOOTPRINT_STEP_BYTES 64
#define OUTLIER_HOST 5

struct src {
	struct csv_table res, sum, meta;
};

static int load_src(struct src *s, const char *dir, char *err, size_t errlen)
{
	static const char *const files[] = { "results.csv", "summary.csv", "meta.csv" };
	struct csv_table *t[] = { &s->res, &s->sum, &s->meta };
	char path[PATH_MAX + 32];
	int r = 0;

	for (int k = 0; r == 0 && k < 3; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		r = csv_read_file(path, t[k], err, errlen);
	}
	if (r == 0 && (csv_col(&s->res, "footprint_bytes") < 0 || s->res.nrows == 0)) {
		snprintf(err, errlen, "%s: results.csv has no rows or no footprint_bytes column",
			 dir);
		r = -EINVAL;
	}
	return r;
}

/* Copy k of real row `row` of table t, for host h: measured times scaled by f, measured
 * rates by 1 / f; settings (idle_ns, rate_per_s) stay as they are: they are the key. */
static void put_row(struct sbuf *b, const struct csv_table *t, size_t row, double f,
		    long long footprint_add)
{
	for (size_t j = 0; j < t->ncols; j++) {
		const char *c = t->cols[j], *v = t->rows[row][j];
		size_t len = strlen(c);
		const struct col_def *d = schema_find(c);
		int metric = d && d->role == COL_METRIC;
		double x;

		if (j)
			sbuf_putc(b, ',');
		if (strcmp(c, "footprint_bytes") == 0 && field_num(v, &x))
			sbuf_printf(b, "%lld", (long long)x + footprint_add);
		else if (metric && len > 3 && strcmp(c + len - 3, "_ns") == 0 && field_num(v, &x))
			sbuf_printf(b, "%.1f", x * f);
		else if (metric && len > 6 && strcmp(c + len - 6, "_per_s") == 0 && field_num(v, &x))
			sbuf_printf(b, "%.0f", x / f);
		else
			sbuf_csv_field(b, v);
	}
	sbuf_putc(b, '\n');
}

static void header(struct sbuf *b, const struct csv_table *t)
{
	for (size_t j = 0; j < t->ncols; j++) {
		if (j)
			sbuf_putc(b, ',');
		sbuf_csv_field(b, t->cols[j]);
	}
	sbuf_putc(b, '\n');
}

static double host_factor(uint64_t seed, size_t h, const char *transport, const char *first)
{
	struct rng g;
	double f;

	rng_seed(&g, seed * 1000003u + h);
	f = 1 + 0.04 * ((double)rng_below(&g, 2001) / 1000 - 1);
	return h == OUTLIER_HOST && strcmp(transport, first) == 0 ? f * 1.4 : f;
}

/* results.csv and summary.csv of host h: cells rows cycled from the sources; and the summary rows of
 * every pass begun (the last pass may be partial). */
static void host_tables(const struct synth_opts *o, const struct src *s, size_t h,
			struct sbuf *res, struct sbuf *sum)
{
	const char *first = csv_get(&s[0].res, 0, "transport");
	size_t total = 0, passes;
	struct rng g;

	for (size_t k = 0; k < o->nsrc; k++)
		total += s[k].res.nrows;
	passes = (o->cells + total - 1) / total;
	rng_seed(&g, o->seed ^ (h << 20));
	header(res, &s[0].res);
	header(sum, &s[0].sum);
	for (size_t i = 0; i < o->cells; i++) {
		size_t pass = i / total, at = i % total, k = 0;
		double jitter = 1 + 0.02 * ((double)rng_below(&g, 2001) / 1000 - 1);

		while (at >= s[k].res.nrows)
			at -= s[k++].res.nrows;
		put_row(res, &s[k].res, at,
			host_factor(o->seed, h, csv_get(&s[k].res, at, "transport"), first) * jitter,
			(long long)((pass * o->nsrc + k) * FOOTPRINT_STEP_BYTES));
	}
	for (size_t pass = 0; pass < passes; pass++)
		for (size_t k = 0; k < o->nsrc; k++)
			for (size_t j = 0; j < s[k].sum.nrows; j++)
				put_row(sum, &s[k].sum, j,
					host_factor(o->seed, h, csv_get(&s[k].sum, j, "transport"), first),
					(long long)((pass * o->nsrc + k) * FOOTPRINT_STEP_BYTES));
}

/* meta.csv of the first source with host, kernel and a synthetic line changed. */
static void host_meta(const struct synth_opts *o, const struct src *s, size_t h,
		      const char *name, struct sbuf *b)
{
	const struct csv_table *m = &s[0].meta;
	int second = h > o->hosts - o->hosts / 3;

	sbuf_printf(b, "key,value\n");
	for (size_t i = 0; i < m->nrows; i++) {
		const char *k = csv_get(m, i, "key"), *v = csv_get(m, i, "value");

		sbuf_csv_field(b, k);
		sbuf_putc(b, ',');
		if (strcmp(k, "host") == 0)
			sbuf_csv_field(b, name);
		else if (strcmp(k, "kernel") == 0 && second)
			sbuf_printf(b, "%s+synthetic-2", v);
		else
			sbuf_csv_field(b, v);
		sbuf_putc(b, '\n');
	}
	sbuf_printf(b, "synthetic,\"yes: ipcbench fleet synth, host %zu of %zu, %zu cells, seed "
		       "%llu\"\n", h, o->hosts, o->cells, (unsigned long long)o->seed);
}

static int write_host(const struct synth_opts *o, const struct src *s, size_t h)
{
	static const char *const files[] = { "results.csv", "summary.csv", "meta.csv" };
	struct sbuf b[3] = { { 0 } }, path = { 0 };
	char name[64], dir[PATH_MAX];
	int r;

	snprintf(name, sizeof(name), "synth-%02zu", h);
	host_tables(o, s, h, &b[0], &b[1]);
	host_meta(o, s, h, name, &b[2]);
	sbuf_printf(&path, "%s/hosts/%s", o->out, name);
	r = path.oom ? -ENOMEM : mkdir_p(path.p);
	snprintf(dir, sizeof(dir), "%s", path.p ? path.p : "");
	for (int k = 0; k < 3; k++) {
		sbuf_reset(&path);
		sbuf_printf(&path, "%s/%s", dir, files[k]);
		if (r == 0)
			r = b[k].oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b[k].p, b[k].len);
		sbuf_free(&b[k]);
	}
	sbuf_free(&path);
	return r;
}

static int same_columns(const struct csv_table *a, const struct csv_table *b)
{
	int same = a->ncols == b->ncols;

	for (size_t j = 0; same && j < a->ncols; j++)
		same = strcmp(a->cols[j], b->cols[j]) == 0;
	return same;
}

int fleet_synth(const struct synth_opts *o, char *err, size_t errlen)
{
	struct src *s = calloc(o->nsrc ? o->nsrc : 1, sizeof(*s));
	int r = s ? 0 : -ENOMEM;

	for (size_t k = 0; r == 0 && k < o->nsrc; k++)
		r = load_src(&s[k], o->src[k], err, errlen);
	for (size_t k = 1; r == 0 && k < o->nsrc; k++)
		if (!same_columns(&s[k].res, &s[0].res) || !same_columns(&s[k].sum, &s[0].sum)) {
			snprintf(err, errlen, "%s: its columns differ from %s's (use runs of one "
				 "version with the same events)", o->src[k], o->src[0]);
			r = -EINVAL;
		}
	for (size_t h = 1; r == 0 && h <= o->hosts; h++)
		if ((r = write_host(o, s, h)) < 0)
			snprintf(err, errlen, "writing %s/hosts: %s", o->out, strerror(-r));
	for (size_t k = 0; s && k < o->nsrc; k++) {
		csv_table_free(&s[k].res);
		csv_table_free(&s[k].sum);
		csv_table_free(&s[k].meta);
	}
	free(s);
	return r;
}
