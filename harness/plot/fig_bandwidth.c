/* The bandwidth figures of summary.csv (rows of mode bandwidth) with this machine's memcpy
 * for reference: for each placement, every transport in one figure, or one per family
 * when there are many, on the same log axes. */
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

/* Single-thread memcpy bandwidth by block size, as two lists for bandwidth.gp; widens
 * [lo, hi] (bytes/s) to hold them. */
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

static void bandwidth_group(const struct run_dir *r, const struct group *g, const char *tag,
			    struct figlist *l)
{
	static const char *const col[] = { "bandwidth_bytes_per_s", NULL };
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "bandwidth", .g = g, .need = { col[0] } };
	struct sbuf tr = { 0 }, sz = { 0 }, mem = { 0 };
	struct fig_part parts[FF_N];
	double sizes[FIG_MAX_SIZES], lo, hi;
	size_t n = selected_sizes(t, &s, sizes, FIG_MAX_SIZES), np;

	distinct_words(t, &s, "transport", &tr);
	size_words(&sz, sizes, n);
	fig_range(t, &s, col, col, &lo, &hi);
	memcpy_vars(&mem, r, &lo, &hi);
	np = fig_parts(tr.p, parts);
	for (size_t i = 0; i < np; i++) {
		struct fig *f = fig_add(l, FK_BANDWIDTH, "bandwidth-%s%s\tBandwidth vs message size, "
					"%s, %s (client CPU %d, server CPU %d)", tag, parts[i].suffix,
					parts[i].title, g->placement, g->ccpu, g->scpu);
		if (!f)
			continue;
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "transports", parts[i].words.p);
		gp_str(&f->vars, "sizes", sz.p);
		gp_str(&f->vars, "family", parts[i].title);
		fig_group_vars(&f->vars, g);
		sbuf_printf(&f->vars, "%s", mem.p ? mem.p : "");
		gp_num(&f->vars, "ylo", lo);
		gp_num(&f->vars, "yhi", hi);
	}
	fig_parts_free(parts, np);
	sbuf_free(&tr);
	sbuf_free(&sz);
	sbuf_free(&mem);
}

void fig_bandwidth(const struct fig_input *in, struct figlist *l)
{
	const struct csv_table *t = &in->r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "bandwidth", .need = { "bandwidth_bytes_per_s" } };
	struct group g[FIG_MAX_GROUPS];
	size_t ng = fig_groups(in->r, t, &s, g, FIG_MAX_GROUPS);
	char tag[64];

	if (csv_col(t, "bandwidth_bytes_per_s") < 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth_bytes_per_s column: "
			   "this run measured no bandwidth");
	else if (ng == 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth row with a value");
	for (size_t i = 0; i < ng; i++) {
		group_tag(g, ng, i, tag, sizeof(tag));
		bandwidth_group(in->r, &g[i], tag, l);
	}
}
