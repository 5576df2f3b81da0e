/* The figures of offered load (summary.csv rows of a paced sweep): latency against the
 * rate, one figure per CPU pair, message size and loop (closed; open, where a run has open
 * rows: cell/openloop.h), the hot loop as its own points. */
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

/* Distinct positive values of column col over the selected rows, ascending, as words. */
static void value_words(const struct csv_table *t, const struct rowsel *s, const char *col,
			struct sbuf *out)
{
	double v[FIG_MAX_SIZES], x;
	size_t n = 0;

	for (size_t i = 0; i < t->nrows; i++)
		if (row_selected(t, i, s) && field_num(csv_get(t, i, col), &x) && x > 0)
			merge_sizes(v, &n, FIG_MAX_SIZES, &x, 1);
	size_words(out, v, n);
}

/* loop: "closed" or "open"; NULL for a run older than the loop column (all closed). */
static void load_one(const struct run_dir *r, const struct group *g, double size,
		     const char *tag, const char *loop, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	char sz[32], value[32];
	int open = loop && strcmp(loop, "open") == 0;
	struct rowsel s = { .mode = "latency", .g = g, .any_pattern = 1,
			    .col = { "size_bytes", loop ? "loop" : NULL },
			    .value = { value, loop },
			    .zero = { "idle_ns", "clients", "subscribers" },
			    .need = { "rate_per_s", "p50_ns", "p99_ns" } };
	struct sbuf tr = { 0 }, rates = { 0 }, zero = { 0 };
	struct fig *f;

	snprintf(value, sizeof(value), "%.0f", size);
	distinct_words(t, &s, "transport", &tr);
	value_words(t, &s, "rate_per_s", &rates);
	fig_human_bytes(size, sz, sizeof(sz));
	f = rates.len ? fig_add(l, FK_LOAD, "load-%s-%.0f%s\tRound-trip latency (p50, p99) vs "
				"offered load%s at %s messages, %s (client CPU %d, server CPU %d), "
				"the hot loop as its own points", tag, size, open ? "-open" : "",
				open ? " in the open loop (sent on schedule, replies taken apart)"
				     : "", sz, g->placement, g->ccpu, g->scpu)
		      : NULL;
	if (f) {
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		fig_group_vars(&f->vars, g);
		gp_num(&f->vars, "size", size);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "rates", rates.p);
		gp_str(&f->vars, "loop", loop ? loop : "");
		for (size_t k = 0; k < 3; k++)
			if (csv_col(t, s.zero[k]) >= 0)
				sbuf_printf(&zero, "%s%s", zero.len ? " " : "", s.zero[k]);
		gp_str(&f->vars, "zero_cols", zero.p ? zero.p : "");
	}
	sbuf_free(&tr);
	sbuf_free(&rates);
	sbuf_free(&zero);
}

void fig_load(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .any_pattern = 1,
			    .zero = { "idle_ns", "clients", "subscribers" },
			    .need = { "rate_per_s", "p50_ns", "p99_ns" } };
	struct group g[FIG_MAX_GROUPS];
	double sizes[FIG_MAX_SIZES];
	size_t ng = csv_col(t, "rate_per_s") < 0 ? 0 : find_groups(t, &s, g, FIG_MAX_GROUPS);
	int has_loop = csv_col(t, "loop") >= 0;
	char tag[64];

	if (ng == 0)
		fig_nodata(l, FK_LOAD, "summary.csv has no paced latency row (rate = 1k,10k,... "
			   "with a p50 and a p99)");
	for (size_t i = 0; i < ng; i++) {
		s.g = &g[i];
		size_t n = selected_sizes(t, &s, sizes, FIG_MAX_SIZES);

		group_tag(g, ng, i, tag, sizeof(tag));
		for (size_t k = 0; k < n; k++) {
			load_one(r, &g[i], sizes[k], tag, has_loop ? "closed" : NULL, l);
			if (has_loop)
				load_one(r, &g[i], sizes[k], tag, "open", l);
		}
	}
}
