/* The line figures of summary.csv against message size (latency, bandwidth): for every
 * placement, one figure of every transport, or one per family when there are many, all on
 * the axes of the whole placement so that they compare. */
#include <math.h>
#include <stdio.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static void lines_group(const struct run_dir *r, const struct group *g, const char *tag,
			const struct fig_lines *x, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = x->mode, .g = g, .need = { x->need } };
	struct sbuf tr = { 0 }, sz = { 0 };
	struct fig_part parts[FF_N];
	double sizes[FIG_MAX_SIZES], lo, hi;
	size_t n = selected_sizes(t, &s, sizes, FIG_MAX_SIZES), np;

	distinct_words(t, &s, "transport", &tr);
	size_words(&sz, sizes, n);
	fig_range(t, &s, x->lo, x->hi, &lo, &hi);
	lo = fmin(lo, x->also_lo); /* NaN (nothing more) leaves it */
	hi = fmax(hi, x->also_hi);
	np = fig_parts(tr.p, parts);
	for (size_t i = 0; i < np; i++) {
		struct fig *f = fig_add(l, x->kind, "%s-%s%s\t%s, %s, %s (client CPU %d, server CPU "
					"%d)%s", x->name, tag, parts[i].suffix, x->what,
					parts[i].title, g->placement, g->ccpu, g->scpu,
					np > 1 ? "; the axes of every family of this placement are "
					"the same" : "");
		if (!f)
			continue;
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "transports", parts[i].words.p);
		gp_str(&f->vars, "sizes", sz.p);
		gp_str(&f->vars, "family", parts[i].title);
		fig_group_vars(&f->vars, g);
		gp_num(&f->vars, "ylo", lo);
		gp_num(&f->vars, "yhi", hi);
		sbuf_printf(&f->vars, "%s", x->vars ? x->vars : "");
	}
	fig_parts_free(parts, np);
	sbuf_free(&tr);
	sbuf_free(&sz);
}

size_t fig_lines(const struct fig_input *in, const struct fig_lines *x, struct figlist *l)
{
	const struct csv_table *t = &in->r->t[RF_SUMMARY];
	struct rowsel s = { .mode = x->mode, .need = { x->need } };
	struct group g[FIG_MAX_GROUPS];
	size_t ng = fig_groups(in->r, t, &s, g, FIG_MAX_GROUPS);
	char tag[64];

	for (size_t i = 0; i < ng; i++) {
		group_tag(g, ng, i, tag, sizeof(tag));
		lines_group(in->r, &g[i], tag, x, l);
	}
	return ng;
}
