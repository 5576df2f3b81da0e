/* What the figure builders share: the variables every script reads, the CPU pairs a run's
 * figures are drawn for, y ranges, and the split of many transports by family. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"
#include "text/parse.h"

void fig_run_vars(struct sbuf *v, const struct run_dir *r, enum run_file file)
{
	const char *host = run_meta(r, "host"), *kernel = run_meta(r, "kernel");
	const char *cpu = run_meta(r, "cpu_model");
	struct sbuf path = { 0 };

	sbuf_printf(&path, "%s/%s", r->data, run_file_names[file]);
	gp_str(v, "file", path.p);
	gp_str(v, "host", host ? host : "unknown host");
	gp_str(v, "kernel", kernel ? kernel : "unknown kernel");
	gp_str(v, "cpu", cpu ? cpu : "unknown CPU");
	sbuf_reset(&path);
	pattern_columns(&r->t[file], &path);
	gp_str(v, "classic_cols", path.p ? path.p : "");
	sbuf_free(&path);
}

void fig_group_vars(struct sbuf *v, const struct group *g)
{
	gp_str(v, "placement", g->placement);
	gp_int(v, "ccpu", g->ccpu);
	gp_int(v, "scpu", g->scpu);
}

void fig_list_vars(struct sbuf *v, const struct csv_table *t, const struct rowsel *s)
{
	struct sbuf w = { 0 };
	double sizes[FIG_MAX_SIZES];
	size_t n = selected_sizes(t, s, sizes, FIG_MAX_SIZES);

	distinct_words(t, s, "transport", &w);
	gp_str(v, "transports", w.p);
	sbuf_reset(&w);
	size_words(&w, sizes, n);
	gp_str(v, "sizes", w.p);
	sbuf_free(&w);
}

int fig_table_usable(const struct run_dir *r, enum run_file f, enum fig_kind kind,
		     struct figlist *l)
{
	struct fig *x;

	if (!r->present[f]) {
		fig_nodata(l, kind, "%s has no %s", r->name, run_file_names[f]);
		return 0;
	}
	if (!r->err[f][0])
		return 1;
	x = fig_add(l, kind, "%.*s\tcannot read %s", (int)strcspn(fig_kinds[kind].script, "."),
		    fig_kinds[kind].script, run_file_names[f]);
	if (x) {
		x->state = FIG_FAILED;
		sbuf_printf(&x->problem, "%s", r->err[f]);
	}
	return 0;
}

void fig_human_bytes(double v, char *out, size_t n)
{
	format_bytes(v > 0 ? (uint64_t)v : 0, out, n);
}

int fig_matrix_run(const struct run_dir *r)
{
	return r->present[RF_MATRIX] && !r->err[RF_MATRIX][0] && r->t[RF_MATRIX].nrows > 0;
}

size_t fig_groups(const struct run_dir *r, const struct csv_table *t, const struct rowsel *s,
		  struct group *g, size_t max)
{
	size_t n = find_groups(t, s, g, max), kept = 0;

	if (!fig_matrix_run(r))
		return n;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < kept && strcmp(g[k].placement, g[i].placement) != 0)
			k++;
		if (k == kept)
			g[kept++] = g[i];
	}
	return kept;
}

int fig_range(const struct csv_table *t, const struct rowsel *s, const char *const *lo,
	      const char *const *hi, double *min, double *max)
{
	int found = 0;
	double v;

	*min = INFINITY;
	*max = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		if (!row_selected(t, i, s))
			continue;
		for (const char *const *c = lo; *c; c++)
			if (field_num(csv_get(t, i, *c), &v) && v > 0 && v < *min)
				*min = v, found = 1;
		for (const char *const *c = hi; *c; c++)
			if (field_num(csv_get(t, i, *c), &v) && v > *max)
				*max = v, found = 1;
	}
	if (*max < *min)
		*max = *min;
	return found && isfinite(*min);
}

size_t fig_parts(const char *transports, struct fig_part *parts)
{
	size_t n = 0;

	if (word_count(transports) <= FAMILY_SPLIT_ABOVE) {
		parts[0] = (struct fig_part){ .family = -1, .title = "all transports" };
		sbuf_printf(&parts[0].words, "%s", transports ? transports : "");
		return 1;
	}
	for (int f = 0; f < FF_N; f++) {
		struct fig_part *p = &parts[n];

		*p = (struct fig_part){ .family = f, .title = families[f].title };
		family_words(transports, (enum fig_family)f, &p->words);
		snprintf(p->suffix, sizeof(p->suffix), "-%s", families[f].tag);
		if (p->words.len > 0)
			n++;
		else
			sbuf_free(&p->words);
	}
	return n;
}

void fig_parts_free(struct fig_part *parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sbuf_free(&parts[i].words);
}
