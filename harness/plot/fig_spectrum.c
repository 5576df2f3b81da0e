/* The latency spectra of spectrum.csv: at one message size and placement, the time at each
 * quantile the cell's samples resolve (spectrum.csv holds no others), of every transport
 * or of one family at a time on the axes of the whole placement. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"
#include "plot/gpdata.h"

/* Word lists of the spectrum script: per transport the repetition drawn bold (its first),
 * and every other repetition as a thin line of the transport's colour. */
static void spectrum_vars(struct sbuf *v, const struct csv_table *t, struct rowsel *s,
			  const char *transports)
{
	struct sbuf reps = { 0 }, bold = { 0 }, thin[3] = { { 0 } };
	char name[128], rep[32];

	for (size_t i = 0, n = word_count(transports); i < n; i++) {
		word_at(transports, i, name, sizeof(name));
		s->value[1] = name;
		sbuf_reset(&reps);
		distinct_words(t, s, "repeat", &reps);
		for (size_t k = 0, nr = word_count(reps.p); k < nr; k++) {
			word_at(reps.p, k, rep, sizeof(rep));
			if (k == 0) {
				sbuf_printf(&bold, "%s%s", i ? " " : "", rep);
				continue;
			}
			sbuf_printf(&thin[0], "%s%s", thin[0].len ? " " : "", name);
			sbuf_printf(&thin[1], "%s%s", thin[1].len ? " " : "", rep);
			sbuf_printf(&thin[2], "%s%zu", thin[2].len ? " " : "", i + 1);
		}
	}
	gp_str(v, "transports", transports);
	gp_str(v, "reps", bold.p);
	gp_str(v, "thin_transports", thin[0].p);
	gp_str(v, "thin_reps", thin[1].p);
	gp_str(v, "thin_colours", thin[2].p);
	sbuf_free(&reps);
	sbuf_free(&bold);
	for (int k = 0; k < 3; k++)
		sbuf_free(&thin[k]);
}

/* The time range and the highest quantile below 1 of the selected rows: the axes of
 * every figure of this size and placement. */
static void spectrum_range(const struct csv_table *t, const struct rowsel *s, double *lo,
			   double *hi, double *qmax)
{
	double q, v;

	*lo = INFINITY, *hi = 0, *qmax = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		if (!row_selected(t, i, s) || !field_num(csv_get(t, i, "quantile"), &q) || q >= 1 ||
		    !field_num(csv_get(t, i, "latency_ns"), &v) || v <= 0)
			continue;
		*lo = v < *lo ? v : *lo;
		*hi = v > *hi ? v : *hi;
		*qmax = q > *qmax ? q : *qmax;
	}
}

static void spectrum_one(const struct run_dir *r, const struct group *g, const char *tag,
			 double size, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SPECTRUM];
	char sz[32], human[32];
	struct rowsel s = { .mode = "latency", .g = g, .col = { "size_bytes", "transport" },
			    .value = { sz }, .need = { "latency_ns" } };
	struct rowsel all = s;
	struct fig_part parts[FF_N];
	struct sbuf tr = { 0 };
	double lo, hi, qmax;
	size_t np;

	snprintf(sz, sizeof(sz), "%.0f", size);
	fig_human_bytes(size, human, sizeof(human));
	all.col[1] = NULL;
	distinct_words(t, &all, "transport", &tr);
	spectrum_range(t, &all, &lo, &hi, &qmax);
	np = fig_parts(tr.p, parts);
	for (size_t i = 0; i < np; i++) {
		struct fig *f = fig_add(l, FK_SPECTRUM, "spectrum-%s-%s%s\tLatency spectrum at %s "
					"messages, %s, %s (client CPU %d, server CPU %d)", tag, sz,
					parts[i].suffix, human, parts[i].title, g->placement,
					g->ccpu, g->scpu);
		if (!f)
			continue;
		fig_run_vars(&f->vars, r, RF_SPECTRUM);
		gp_table_subset(&f->data, t, &all); /* 1/16 of the rows in `make run` */
		spectrum_vars(&f->vars, t, &s, parts[i].words.p);
		gp_str(&f->vars, "family", parts[i].title);
		gp_num(&f->vars, "size", size);
		fig_group_vars(&f->vars, g);
		gp_num(&f->vars, "ylo", lo);
		gp_num(&f->vars, "yhi", hi);
		gp_num(&f->vars, "qmax", qmax);
	}
	fig_parts_free(parts, np);
	sbuf_free(&tr);
}

static int has_size(const double *v, size_t n, double size)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == size)
			return 1;
	return 0;
}

/* At the given size, or at the smallest and the largest (size 0), for every placement. */
void fig_spectrum(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_SPECTRUM];
	struct rowsel s = { .mode = "latency", .need = { "latency_ns" } };
	struct group g[FIG_MAX_GROUPS];
	double sizes[FIG_MAX_SIZES], size = in->spectrum_size;
	size_t ng, n;
	char tag[64];

	if (!fig_table_usable(r, RF_SPECTRUM, FK_SPECTRUM, l))
		return;
	ng = fig_groups(r, t, &s, g, FIG_MAX_GROUPS);
	if (ng == 0)
		fig_nodata(l, FK_SPECTRUM, "spectrum.csv has no measured latency");
	for (size_t i = 0; i < ng; i++) {
		s.g = &g[i];
		n = selected_sizes(t, &s, sizes, FIG_MAX_SIZES);
		group_tag(g, ng, i, tag, sizeof(tag));
		if (size > 0 && !has_size(sizes, n, size))
			fig_nodata(l, FK_SPECTRUM, "%s: no spectrum at %.0f bytes", tag, size);
		else if (size > 0)
			spectrum_one(r, &g[i], tag, size, l);
		else if (n > 0)
			spectrum_one(r, &g[i], tag, sizes[0], l);
		if (size <= 0 && n > 1)
			spectrum_one(r, &g[i], tag, sizes[n - 1], l);
	}
}
