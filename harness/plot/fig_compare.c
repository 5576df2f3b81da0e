/* The comparison of runs (figures_compare): for every transport and placement of the
 * first run that some other run measured too, its latency in each run and relative to
 * the first. */
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

/* A run's first CPU pair of the placement at which the transport has latency data. */
static int run_pair(const struct run_dir *r, const char *transport, const char *placement,
		    struct group *g)
{
	struct rowsel s = { .mode = "latency", .col = { "transport", "placement" },
			    .value = { transport, placement }, .need = { "p50_ns" } };

	return find_groups(&r->t[RF_SUMMARY], &s, g, 1) == 1;
}

/* Variables of run k as series `series` (1-based); its sizes join all. */
static void run_vars(struct sbuf *v, const struct run_dir *r, size_t k, size_t series,
		     const char *transport, const struct group *g, double *all, size_t *nall)
{
	const char *host = run_meta(r, "host"), *kernel = run_meta(r, "kernel");
	struct rowsel s = { .mode = "latency", .g = g, .col = { "transport" },
			    .value = { transport }, .need = { "p50_ns" } };
	struct sbuf name = { 0 }, text = { 0 };
	double sizes[FIG_MAX_SIZES];

	merge_sizes(all, nall, FIG_MAX_SIZES, sizes,
		    selected_sizes(&r->t[RF_SUMMARY], &s, sizes, FIG_MAX_SIZES));
	sbuf_printf(&text, "%s/summary.csv", r->data);
	sbuf_printf(&name, "file%zu", series);
	gp_str(v, name.p, text.p);
	sbuf_reset(&text);
	sbuf_reset(&name);
	sbuf_printf(&text, "run %zu: %s, %s (%s)", k + 1, host ? host : "unknown host",
		    kernel ? kernel : "unknown kernel", r->name);
	sbuf_printf(&name, "label%zu", series);
	gp_str(v, name.p, text.p);
	sbuf_printf(v, "ccpu%zu=%d; scpu%zu=%d; ", series, g->ccpu, series, g->scpu);
	sbuf_reset(&text);
	sbuf_reset(&name);
	pattern_columns(&r->t[RF_SUMMARY], &text);
	sbuf_printf(&name, "classic_cols%zu", series);
	gp_str(v, name.p, text.p ? text.p : "");
	sbuf_free(&name);
	sbuf_free(&text);
}

static void compare_one(const struct run_dir *runs, size_t n, const char *transport,
			const char *placement, struct figlist *l)
{
	double all[FIG_MAX_SIZES];
	size_t nall = 0, used = 0;
	struct sbuf sz = { 0 };
	struct group g;
	struct fig *f;

	for (size_t k = 1; k < n; k++)
		used += (size_t)run_pair(&runs[k], transport, placement, &g);
	if (used == 0) {
		fig_nodata(l, FK_COMPARE, "%s, %s: only in run 1", transport, placement);
		return;
	}
	f = fig_add(l, FK_COMPARE, "compare-%s-%s\t%s, %s: round-trip latency in each run, and "
		    "each run's p50 relative to run 1", transport, placement, transport, placement);
	for (size_t k = 0, series = 0; f && k < n; k++)
		if (run_pair(&runs[k], transport, placement, &g))
			run_vars(&f->vars, &runs[k], k, ++series, transport, &g, all, &nall);
	if (f) {
		gp_int(&f->vars, "nruns", (long long)used + 1);
		gp_str(&f->vars, "transport", transport);
		gp_str(&f->vars, "placement", placement);
		size_words(&sz, all, nall);
		gp_str(&f->vars, "sizes", sz.p);
	}
	sbuf_free(&sz);
}

void figures_compare(const struct run_dir *runs, size_t n, struct figlist *l)
{
	const struct csv_table *t = &runs[0].t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .need = { "p50_ns" } };
	struct sbuf tr = { 0 }, pl = { 0 };
	char name[128], place[64];
	struct group g;

	distinct_words(t, &s, "transport", &tr);
	distinct_words(t, &s, "placement", &pl);
	for (size_t i = 0, nt = word_count(tr.p); i < nt; i++) {
		word_at(tr.p, i, name, sizeof(name));
		for (size_t k = 0, np = word_count(pl.p); k < np; k++) {
			word_at(pl.p, k, place, sizeof(place));
			if (run_pair(&runs[0], name, place, &g))
				compare_one(runs, n, name, place, l);
		}
	}
	if (l->n == 0)
		fig_nodata(l, FK_COMPARE, "run 1 (%s) has no latency row with a p50",
			   runs[0].name);
	sbuf_free(&tr);
	sbuf_free(&pl);
}
