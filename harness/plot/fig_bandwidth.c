/* The bandwidth figures of summary.csv (rows of mode bandwidth) with this machine's memcpy
 * for reference: for each placement, every transport in one figure, or one per family
 * when there are many, on the same log axes (fig_lines.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

/* The memcpy floor of a meta.csv key, floor_memcpy_64k_bytes_per_ns (GB/s, as runs write
 * it) or floor_memcpy_64k_gbps (older runs): 1 with the block size in KiB. */
static int memcpy_key(const char *key, double *kib)
{
	static const char *const suffix[] = { "k_bytes_per_ns", "k_gbps" };
	const char *pre = "floor_memcpy_";
	size_t n = strlen(key);
	char *end;

	if (strncmp(key, pre, strlen(pre)) != 0)
		return 0;
	for (size_t s = 0; s < 2; s++) {
		size_t ls = strlen(suffix[s]);

		if (n < strlen(pre) + ls || strcmp(key + n - ls, suffix[s]) != 0)
			continue;
		*kib = strtod(key + strlen(pre), &end);
		return end == key + n - ls && *kib > 0;
	}
	return 0;
}

/* Single-thread memcpy bandwidth by block size, as two lists for bandwidth.gp; [lo, hi]
 * (bytes/s) widened to hold them. */
static void memcpy_vars(struct sbuf *v, const struct run_dir *r, double *lo, double *hi)
{
	const struct csv_table *m = &r->t[RF_META];
	struct sbuf sz = { 0 }, bw = { 0 };
	int k = csv_col(m, "key"), c = csv_col(m, "value");

	for (size_t i = 0; k >= 0 && c >= 0 && i < m->nrows; i++) {
		double kib, gbps;

		if (!memcpy_key(m->rows[i][k], &kib) || !field_num(m->rows[i][c], &gbps) || gbps <= 0)
			continue;
		sbuf_printf(&sz, "%s%.0f", sz.len ? " " : "", kib * 1024);
		sbuf_printf(&bw, "%s%g", bw.len ? " " : "", gbps);
		*lo = fmin(*lo, gbps * 1e9);
		*hi = fmax(*hi, gbps * 1e9);
	}
	gp_str(v, "memcpy_sizes", sz.p);
	gp_str(v, "memcpy_gbps", bw.p);
	sbuf_free(&sz);
	sbuf_free(&bw);
}

void fig_bandwidth(const struct fig_input *in, struct figlist *l)
{
	static const char *const col[] = { "bandwidth_bytes_per_s", NULL };
	const struct csv_table *t = &in->r->t[RF_SUMMARY];
	struct fig_lines x = { FK_BANDWIDTH, "bandwidth", col[0], "bandwidth",
			       "Bandwidth vs message size", col, col, INFINITY, 0, NULL };
	struct sbuf mem = { 0 };

	memcpy_vars(&mem, in->r, &x.also_lo, &x.also_hi);
	gp_int(&mem, "interval", csv_col(t, "bandwidth_ci_lo_bytes_per_s") >= 0 &&
	       csv_col(t, "bandwidth_ci_hi_bytes_per_s") >= 0);
	gp_int(&mem, "pathfloor", csv_col(t, "path_floor_bytes_per_s") >= 0);
	x.vars = mem.p;
	if (csv_col(t, col[0]) < 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth_bytes_per_s column: "
			   "this run measured no bandwidth");
	else if (fig_lines(in, &x, l) == 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth row with a value");
	sbuf_free(&mem);
}
