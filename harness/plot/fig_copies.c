/* The payload-copy figures of copies.csv: per placement, each transport's copies per
 * one-way message in its model next to the number measured. */
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static void copies_one(const struct run_dir *r, const char *placement, struct figlist *l)
{
	struct rowsel model = { .col = { "placement" }, .value = { placement },
				.nonneg = { "copies_model", "copies_measured" } };
	struct sbuf tr = { 0 };
	struct fig *f;

	distinct_words(&r->t[RF_COPIES], &model, "transport", &tr);
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
	}
	sbuf_free(&tr);
}

/* One figure per placement: a transport has one fit per placement. */
void fig_copies(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_COPIES];
	struct rowsel measured = { .nonneg = { "copies_model", "copies_measured" } };
	struct sbuf pl = { 0 };
	char *save = NULL;

	if (!fig_table_usable(r, RF_COPIES, FK_COPIES, l))
		return;
	distinct_words(t, &measured, "placement", &pl);
	if (pl.len == 0 || count_selected(t, &measured) == 0)
		fig_nodata(l, FK_COPIES, "copies.csv needs a transport, a placement, copies_model "
			   "and copies_measured on some row");
	for (char *p = pl.len ? strtok_r(pl.p, " ", &save) : NULL; p; p = strtok_r(NULL, " ", &save))
		copies_one(r, p, l);
	sbuf_free(&pl);
}
