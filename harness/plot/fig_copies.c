/* The payload-copy figures of copies.csv: per placement, each transport's copies per
 * one-way message in its model next to the number measured. */
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

/* Rows of copies.csv at one placement (its "all" rows, when it has regimes) with the
 * columns in need >= 0 (nonneg) or > 0 (need). */
static size_t copies_count(const struct csv_table *t, const char *placement,
			   const char *nonneg, const char *need)
{
	int regimes = csv_col(t, "regime") >= 0;
	struct rowsel s = { .col = { "placement", regimes ? "regime" : NULL },
			    .value = { placement, "all" }, .nonneg = { "copies_model", nonneg },
			    .need = { need } };

	return count_selected(t, &s);
}

/* Rows drawn whose copies_measured is NA (the script labels them). */
static long long copies_missing(const struct csv_table *t, const struct rowsel *s)
{
	long long n = 0;

	for (size_t i = 0; i < t->nrows; i++) {
		const char *m = csv_get(t, i, "copies_measured");

		n += row_selected(t, i, s) && m && strcmp(m, "NA") == 0;
	}
	return n;
}

static void copies_one(const struct run_dir *r, const char *placement, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_COPIES];
	int regimes = csv_col(t, "regime") >= 0;
	struct rowsel model = { .col = { "placement", regimes ? "regime" : NULL },
				.value = { placement, "all" }, .nonneg = { "copies_model" } };
	struct sbuf tr = { 0 };
	struct fig *f;

	distinct_words(t, &model, "transport", &tr);
	if (tr.len == 0) {
		sbuf_free(&tr);
		return;
	}
	f = fig_add(l, FK_COPIES, "copies-%s\tPayload copies per one-way message, model and "
		    "measured, %s", placement, placement);
	if (f) {
		fig_run_vars(&f->vars, r, RF_COPIES);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "placement", placement);
		gp_int(&f->vars, "regimes", regimes);
		gp_int(&f->vars, "interval", csv_col(t, "copies_hi") >= 0 &&
			copies_count(t, placement, "copies_lo", "copies_hi") > 0);
		gp_int(&f->vars, "nmeasured", (long long)copies_count(t, placement,
								      "copies_measured", NULL));
		gp_int(&f->vars, "nmissing", copies_missing(t, &model));
		/* drawn with its interval: a row without one has no whisker to draw */
		gp_int(&f->vars, "nswitch", csv_col(t, "switch_cost_hi_ns") < 0 ? 0 :
			(long long)copies_count(t, placement, "switch_cost_lo_ns",
						"switch_cost_hi_ns"));
		gp_int(&f->vars, "nfloor", (long long)copies_count(t, placement, NULL,
								   "wakeup_floor_ns"));
	}
	sbuf_free(&tr);
}

/* One figure per placement: a transport has one fit per placement. */
void fig_copies(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_COPIES];
	struct rowsel modelled = { .nonneg = { "copies_model" } };
	struct sbuf pl = { 0 };
	char *save = NULL;

	if (!fig_table_usable(r, RF_COPIES, FK_COPIES, l))
		return;
	distinct_words(t, &modelled, "placement", &pl);
	if (pl.len == 0 || count_selected(t, &modelled) == 0)
		fig_nodata(l, FK_COPIES, "copies.csv needs a transport, a placement and "
			   "copies_model on some row");
	for (char *p = pl.len ? strtok_r(pl.p, " ", &save) : NULL; p; p = strtok_r(NULL, " ", &save))
		copies_one(r, p, l);
	sbuf_free(&pl);
}
