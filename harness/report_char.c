#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "report_char.h"
#include "stats.h"

/* Per-side figures, in column order. */
enum { F_USER, F_SYS, F_VOL, F_INVOL, F_N };
static const char *const side_cols[F_N] = { "cpu_user_ns_per_msg", "cpu_sys_ns_per_msg",
					    "ctxsw_vol_per_msg", "ctxsw_invol_per_msg" };
static const int side_decimals[F_N] = { 1, 1, 4, 4 };
static const char *const side_names[2] = { "client", "server" };

size_t rc_event_names(const char *events, char (*names)[CTR_NAME_LEN], size_t max)
{
	size_t n = 0;
	const char *p = events;

	if (strcmp(events, "none") == 0)
		return 0;
	while (*p && n < max) {
		size_t len = strcspn(p, ",");
		const char *s = p, *e = p + len;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s && (size_t)(e - s) < CTR_NAME_LEN) {
			memcpy(names[n], s, (size_t)(e - s));
			names[n++][e - s] = 0;
		}
		p += len + (p[len] == ',');
	}
	return n;
}

static int find_name(const void *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp((const char *)names + i * CTR_NAME_LEN, name) == 0)
			return (int)i;
	return -1;
}

void rc_event_union(const struct row *rows, size_t n, struct rc_events *u)
{
	char names[CTR_MAX][CTR_NAME_LEN];

	u->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && rows[i].sw == rows[i - 1].sw)
			continue;
		size_t k = rc_event_names(rows[i].set.events, names, CTR_MAX);
		for (size_t j = 0; j < k && u->n < RC_EVENTS_MAX; j++)
			if (find_name(u->name, u->n, names[j]) < 0)
				memcpy(u->name[u->n++], names[j], CTR_NAME_LEN);
	}
}

static void header(struct sbuf *b, const struct rc_events *u)
{
	char col[CTR_NAME_LEN];

	sbuf_printf(b, ",cache,touch,footprint_bytes,window,bandwidth_bytes_per_s");
	for (int s = 0; s < 2; s++)
		for (int f = 0; f < F_N; f++)
			sbuf_printf(b, ",%s_%s", side_cols[f], side_names[s]);
	for (size_t i = 0; i < u->n; i++) {
		ctr_column_name(u->name[i], col, sizeof(col));
		sbuf_printf(b, ",%s_per_msg_client,%s_per_msg_server", col, col);
	}
}

void rc_results_header(struct sbuf *b, const struct rc_events *u)
{
	header(b, u);
}

void rc_summary_header(struct sbuf *b, const struct rc_events *u)
{
	header(b, u);
}

static void key_part(struct sbuf *b, const struct row *r, unsigned window)
{
	const struct cell_settings *s = &r->set;

	sbuf_printf(b, ",%s,%s,%llu,", config_cache_name(s->cache), config_touch_name(s->touch),
		    (unsigned long long)s->footprint);
	sbuf_csv_num(b, window > 0, window, 0);
}

/* Figure k of a row: 0..2*F_N-1 per side, then 2 per event of u; 0 when NA. */
static int figure(const struct row *r, const struct rc_events *u, size_t k, double *v)
{
	const struct cell_result *res = &r->res;

	if (!r->done || res->status != CELL_OK)
		return 0;
	if (k < 2 * F_N) {
		int s = (int)(k / F_N);
		const double *f[F_N] = { res->cpu_user_ns, res->cpu_sys_ns, res->ctxsw_vol,
					 res->ctxsw_invol };
		*v = f[k % F_N][s];
		return res->has_phase[s];
	}
	k -= 2 * F_N;
	int e = find_name(res->ctr.name, res->ctr.n, u->name[k / 2]);
	if (e < 0 || !res->ctr.valid[k % 2][e])
		return 0;
	*v = res->ctr.per_msg[k % 2][e];
	return 1;
}

static int decimals(size_t k)
{
	return k < 2 * F_N ? side_decimals[k % F_N] : 3;
}

void rc_results_fields(struct sbuf *b, const struct row *r, const struct rc_events *u)
{
	int bw = r->res.has_stats && r->set.mode == MODE_BANDWIDTH;

	key_part(b, r, r->res.window);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, bw, r->res.bandwidth_bps, 0);
	for (size_t k = 0; k < 2 * F_N + 2 * u->n; k++) {
		double v = 0;
		int ok = figure(r, u, k, &v);

		sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, v, decimals(k));
	}
}

/* Median of figure k (k < 0: bandwidth) over the key's repetitions that have it. */
static int median_figure(const struct row *rows, size_t n, size_t first, long k,
			 int (*same)(const struct row *, const struct row *),
			 const struct rc_events *u, double *out)
{
	double *v = malloc(n * sizeof(*v));
	size_t m = 0;
	struct median_ci ci;

	for (size_t i = first; v && i < n; i++) {
		const struct row *r = &rows[i];
		double x = 0;
		int ok;

		if (!r->done || !same(r, &rows[first]))
			continue;
		if (k < 0) {
			ok = r->res.has_stats && r->set.mode == MODE_BANDWIDTH;
			x = r->res.bandwidth_bps;
		} else {
			ok = figure(r, u, (size_t)k, &x);
		}
		if (ok)
			v[m++] = x;
	}
	if (m && stats_median_ci(v, m, 0.95, &ci) == 0)
		*out = ci.median;
	free(v);
	return m > 0;
}

void rc_summary_fields(struct sbuf *b, const struct row *rows, size_t n, size_t first,
		       int (*same)(const struct row *, const struct row *),
		       const struct rc_events *u)
{
	unsigned window = 0;
	double v = 0;

	for (size_t i = first; i < n && !window; i++)
		if (rows[i].done && same(&rows[i], &rows[first]))
			window = rows[i].res.window;
	key_part(b, &rows[first], window);
	for (long k = -1; k < (long)(2 * F_N + 2 * u->n); k++) {
		int ok = median_figure(rows, n, first, k, same, u, &v);

		sbuf_printf(b, ",");
		sbuf_csv_num(b, ok, v, k < 0 ? 0 : decimals((size_t)k));
	}
}
