/* The round-trip figures of summary.csv: latency against size for each placement (one
 * figure of every transport, or one per family when there are many, on the axes of the
 * whole placement), and one transport across placements. */
#include <math.h>
#include <stdio.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static const char *const lat_lo[] = { "p50_ns", "floor_before_ns", "floor_after_ns", NULL };
static const char *const lat_hi[] = { "p50_ns", "p99_ns", NULL };

/* A cell's p50 is drawn even when its p99 is NA (fewer than 100 samples): the band then
 * stops there. */
void fig_latency(const struct fig_input *in, struct figlist *l)
{
	struct sbuf vars = { 0 };
	struct fig_lines x = { FK_LATENCY, "latency", "p50_ns", "latency",
			       "Round-trip latency vs message size", lat_lo, lat_hi, NAN, NAN, NULL };

	gp_num(&vars, "cellfloor", csv_col(&in->r->t[RF_SUMMARY], "floor_before_ns") >= 0);
	x.vars = vars.p;
	if (fig_lines(in, &x, l) == 0)
		fig_nodata(l, FK_LATENCY, "summary.csv has no latency row with a p50");
	sbuf_free(&vars);
}

void fig_placement(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .col = { "transport" }, .need = { "p50_ns" } };
	struct sbuf tr = { 0 }, lists[3] = { { 0 } };
	struct group g[FIG_MAX_GROUPS];
	char name[128];

	distinct_words(t, &(struct rowsel){ .mode = "latency", .need = { "p50_ns" } },
		       "transport", &tr);
	for (size_t i = 0, n = word_count(tr.p); i < n; i++) {
		word_at(tr.p, i, name, sizeof(name));
		s.value[0] = name;
		size_t ng = fig_groups(r, t, &s, g, FIG_MAX_GROUPS);
		struct fig *f = ng < 2 ? NULL : fig_add(l, FK_PLACEMENT, "placement-%s\t%s: "
			"round-trip latency (p50, p99) vs message size at each placement", name, name);
		if (!f)
			continue;
		for (int k = 0; k < 3; k++)
			sbuf_reset(&lists[k]);
		for (size_t k = 0; k < ng; k++) {
			sbuf_printf(&lists[0], "%s%s", k ? " " : "", g[k].placement);
			sbuf_printf(&lists[1], "%s%d", k ? " " : "", g[k].ccpu);
			sbuf_printf(&lists[2], "%s%d", k ? " " : "", g[k].scpu);
		}
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "transport", name);
		fig_list_vars(&f->vars, t, &s); /* sizes; transports is just this one */
		gp_str(&f->vars, "placements", lists[0].p);
		gp_str(&f->vars, "ccpus", lists[1].p);
		gp_str(&f->vars, "scpus", lists[2].p);
	}
	if (fig_count(l, FK_PLACEMENT, -1) == 0)
		fig_nodata(l, FK_PLACEMENT, "no transport was measured at two or more placements");
	sbuf_free(&tr);
	for (int k = 0; k < 3; k++)
		sbuf_free(&lists[k]);
}
