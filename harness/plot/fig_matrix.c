/* The core-pair maps of matrix.csv (a --matrix run): one per transport and message size,
 * whatever the number of CPU pairs. */
#include <stdio.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static void heatmap_one(const struct run_dir *r, const char *transport, const char *mode,
			double size, int size_in_name, struct figlist *l)
{
	char sz[32] = "", human[32] = "";
	struct fig *f;

	if (size > 0) {
		fig_human_bytes(size, human, sizeof(human));
		if (size_in_name)
			snprintf(sz, sizeof(sz), "-%.0f", size);
	}
	f = fig_add(l, FK_HEATMAP, "heatmap%s%s%s\tMedian round trip for every pair of client "
		    "and server CPUs%s%s%s%s%s", *transport ? "-" : "", transport, sz,
		    *transport ? ", " : "", transport, *human ? ", " : "", human,
		    *human ? " messages" : "");
	if (f) {
		fig_run_vars(&f->vars, r, RF_MATRIX);
		gp_str(&f->vars, "transport", transport);
		gp_str(&f->vars, "mode", mode);
		gp_num(&f->vars, "size", size);
	}
}

/* One map per transport (when matrix.csv has a transport column) and message size (when
 * it has a size_bytes column): cells of one pair at two sizes would cover each other. */
void fig_heatmap(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_MATRIX];
	int by_mode = csv_col(t, "mode") >= 0, by_transport = csv_col(t, "transport") >= 0;
	struct rowsel s = { .mode = by_mode ? "latency" : NULL, .need = { "p50_ns" } };
	double sizes[FIG_MAX_SIZES];
	struct sbuf tr = { 0 };
	char name[128];
	size_t nt;

	if (!fig_table_usable(r, RF_MATRIX, FK_HEATMAP, l))
		return;
	if (csv_col(t, "client_cpu") < 0 || csv_col(t, "server_cpu") < 0 ||
	    count_selected(t, &s) == 0) {
		fig_nodata(l, FK_HEATMAP, "matrix.csv has no %srow with client_cpu, server_cpu and "
			   "a p50_ns", by_mode ? "latency " : "");
		return;
	}
	if (by_transport)
		distinct_words(t, &s, "transport", &tr);
	nt = by_transport ? word_count(tr.p) : 1;
	s.col[0] = by_transport ? "transport" : NULL;
	for (size_t i = 0; i < nt; i++) {
		size_t n;

		word_at(tr.p, i, name, sizeof(name));
		s.value[0] = name;
		n = csv_col(t, "size_bytes") < 0 ? 0 : selected_sizes(t, &s, sizes, FIG_MAX_SIZES);
		if (n == 0)
			heatmap_one(r, name, by_mode ? "latency" : "", 0, 0, l);
		for (size_t k = 0; k < n; k++)
			heatmap_one(r, name, by_mode ? "latency" : "", sizes[k], n > 1, l);
	}
	sbuf_free(&tr);
}
