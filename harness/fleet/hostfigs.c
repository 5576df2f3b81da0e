/* The figures of a fleet: one host x transport heatmap per mode, and one figure per
 * transport (and placement, mode, cache settings) across hosts; with the two data files
 * their scripts read, written into the report's directory. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "fleet/hostfigs.h"
#include "text/strmap.h"
#include "plot/gnuplot.h"
#include "out/runquery.h"

#define NONE ((size_t)-1)

void fleet_host_vars(const struct fleet_view *v, struct sbuf *vars)
{
	struct sbuf names = { 0 }, starts = { 0 };

	for (size_t i = 0; i < v->nhosts; i++) {
		const struct fleet_member *h = &v->host[v->by_display[i]];

		sbuf_printf(&names, "%s", i ? " " : "");
		for (const char *p = h->name; *p; p++)
			sbuf_putc(&names, *p == ' ' || *p == '\'' || *p == '"' ? '_' : *p);
		if (i > 0 && h->fp_index != v->host[v->by_display[i - 1]].fp_index)
			sbuf_printf(&starts, "%s%zu", starts.len ? " " : "", i + 1);
	}
	gp_str(vars, "hosts", names.p);
	gp_str(vars, "groups", starts.p);
	sbuf_free(&names);
	sbuf_free(&starts);
}

/* "pipe-same-l3", then every field that is not at its default. */
static void fig_tag(const struct fleet_view *v, size_t cell, struct sbuf *b)
{
	static const char *const dflt[CELL_NFIELDS] = { NULL, "latency", NULL, NULL,
							"warm", "none", "0", "none" };

	sbuf_printf(b, "%s-%s", fleet_cell_field(v, cell, 0), fleet_cell_field(v, cell, 3));
	for (int k = 1; k < CELL_NFIELDS; k++) {
		const char *f = fleet_cell_field(v, cell, k);
		if (dflt[k] && *f && strcmp(f, dflt[k]) != 0)
			sbuf_printf(b, "-%s%s", k == 6 ? "fp" : "", f);
	}
}

struct size_of_fig {
	size_t fig;
	double size;
};

static int by_fig_size(const void *a, const void *b)
{
	const struct size_of_fig *x = a, *y = b;

	if (x->fig != y->fig)
		return (x->fig > y->fig) - (x->fig < y->fig);
	return (x->size > y->size) - (x->size < y->size);
}

/* Distinct sizes of every figure, ascending, as word lists sizes[fig]. */
static int fig_sizes(const struct fleet_view *v, struct sbuf *sizes)
{
	struct size_of_fig *s = malloc((v->ncells + 1) * sizeof(*s));

	if (!s)
		return -ENOMEM;
	for (size_t c = 0; c < v->ncells; c++) {
		s[c].fig = v->cell[c].fig;
		if (!field_num(fleet_cell_field(v, c, CELL_SIZE_FIELD), &s[c].size))
			s[c].size = 0;
	}
	qsort(s, v->ncells, sizeof(*s), by_fig_size);
	for (size_t i = 0; i < v->ncells; i++)
		if (i == 0 || s[i].fig != s[i - 1].fig || s[i].size != s[i - 1].size)
			sbuf_printf(&sizes[s[i].fig], "%s%.0f", sizes[s[i].fig].len ? " " : "",
				    s[i].size);
	free(s);
	return 0;
}

static void hosts_fig_vars(const struct fleet_view *v, size_t cell, struct fig *fg,
			   const char *dir, const char *sizes, size_t nout)
{
	static const char *const var[CELL_NFIELDS] = { "transport", "mode", NULL, "placement",
						       "cache", "touch", "footprint", "mempol" };
	struct sbuf file = { 0 }, *vars = &fg->vars;

	sbuf_printf(&file, "%s/plots/%s.csv", dir, fg->name); /* its rows of fleet_cells.csv */
	gp_str(vars, "file", file.p);
	for (int k = 0; k < CELL_NFIELDS; k++)
		if (var[k])
			gp_str(vars, var[k], fleet_cell_field(v, cell, k));
	gp_str(vars, "sizes", sizes);
	fleet_host_vars(v, vars);
	gp_int(vars, "nout", (long long)nout);
	gp_num(vars, "threshold_pct", v->outlier_frac * 100);
	sbuf_free(&file);
}

/* One figure per figure key, in order of first appearance; fig_at[f]: its index in l. */
static int hosts_figures(const struct fleet_view *v, const char *dir, struct figlist *l,
			 size_t *fig_at)
{
	struct sbuf *sizes = calloc(v->nfigs + 1, sizeof(*sizes)), tag = { 0 };
	size_t *nout = calloc(v->nfigs + 1, sizeof(*nout));
	int r = sizes && nout ? fig_sizes(v, sizes) : -ENOMEM;

	for (size_t i = 0; r == 0 && i < v->ne; i++)
		nout[v->cell[v->e[i].cell].fig] += v->e[i].outlier == 1;
	for (size_t f = 0; f < v->nfigs; f++)
		fig_at[f] = NONE;
	for (size_t c = 0; r == 0 && c < v->ncells; c++) {
		size_t f = v->cell[c].fig;
		struct fig *fg;

		if (fig_at[f] != NONE)
			continue;
		sbuf_reset(&tag);
		fig_tag(v, c, &tag);
		fg = fig_add(l, FK_FLEET_HOSTS, "fleet-%s\t%s: p50 of each host (%s)", tag.p, tag.p,
			     nout[f] ? "outliers circled" : "no outlier");
		if (!fg) {
			r = -ENOMEM;
			break;
		}
		fig_at[f] = l->n - 1;
		hosts_fig_vars(v, c, fg, dir, sizes[f].p, nout[f]);
	}
	for (size_t f = 0; sizes && f < v->nfigs; f++)
		sbuf_free(&sizes[f]);
	free(sizes);
	free(nout);
	sbuf_free(&tag);
	return r;
}

static void cells_header(struct sbuf *b)
{
	sbuf_printf(b, "host,host_index,fingerprint");
	for (int k = 0; k < CELL_NFIELDS; k++)
		sbuf_printf(b, ",%s", cell_fields[k]);
	sbuf_printf(b, ",p50_ns,p50_ci_lo_ns,p50_ci_hi_ns,fleet_median_ns,fleet_hosts,"
		       "ratio_to_fleet,group_median_ns,group_hosts,ratio_to_group,outlier,figure\n");
}

static void cells_row(struct sbuf *b, const struct fleet_view *v, const struct fleet_entry *e,
		      const char *figure)
{
	static const char *const judged[] = { "NA", "no", "yes" };

	sbuf_csv_field(b, v->host[e->host].name);
	sbuf_printf(b, ",%zu,%s", e->display, v->host[e->host].fp);
	for (int k = 0; k < CELL_NFIELDS; k++) {
		sbuf_putc(b, ',');
		sbuf_csv_field(b, fleet_cell_field(v, e->cell, k));
	}
	sbuf_printf(b, ",%.1f,", e->p50_ns);
	sbuf_csv_num(b, !isnan(e->lo_ns), e->lo_ns, 1);
	sbuf_putc(b, ',');
	sbuf_csv_num(b, !isnan(e->hi_ns), e->hi_ns, 1);
	sbuf_printf(b, ",%.1f,%zu,%.4f,%.1f,%zu,", e->fleet_med_ns, e->fleet_n,
		    e->p50_ns / e->fleet_med_ns, e->group_med_ns, e->group_n);
	sbuf_csv_num(b, e->outlier >= 0, e->p50_ns / e->group_med_ns, 4);
	sbuf_printf(b, ",%s,%s\n", judged[e->outlier + 1], figure);
}

static int write_in(const char *dir, const char *file, const struct sbuf *b)
{
	struct sbuf path = { 0 };
	int r;

	sbuf_printf(&path, "%s/%s", dir, file);
	r = b->oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b->p, b->len);
	sbuf_free(&path);
	return r;
}

/* fleet_cells.csv, and each figure's rows of it as plots/FIGURE.csv, so that every script
 * reads only its own rows: the figures together read the rows once. */
static int write_cells(const struct fleet_view *v, const char *dir, const struct figlist *l,
		       const size_t *fig_at)
{
	struct sbuf b = { 0 }, *per = calloc(v->nfigs + 1, sizeof(*per)), path = { 0 };
	int r = per ? 0 : -ENOMEM;

	cells_header(&b);
	for (size_t f = 0; r == 0 && f < v->nfigs; f++)
		cells_header(&per[f]);
	for (size_t i = 0; r == 0 && i < v->ne; i++) {
		size_t f = v->cell[v->e[i].cell].fig;
		const char *name = l->v[fig_at[f]].name;

		cells_row(&b, v, &v->e[i], name);
		cells_row(&per[f], v, &v->e[i], name);
	}
	if (r == 0)
		r = write_in(dir, FLEET_CELLS_FILE, &b);
	for (size_t f = 0; r == 0 && f < v->nfigs; f++) {
		sbuf_reset(&path);
		sbuf_printf(&path, "plots/%s.csv", l->v[fig_at[f]].name);
		r = path.oom ? -ENOMEM : write_in(dir, path.p, &per[f]);
	}
	for (size_t f = 0; per && f < v->nfigs; f++)
		sbuf_free(&per[f]);
	free(per);
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}

int fleet_figures(const struct fleet_view *v, const char *dir, struct figlist *l, size_t *fig_at)
{
	int r = 0;

	if (r == 0 && v->ne == 0) {
		fig_nodata(l, FK_FLEET_HEATMAP, "no host has an ok row with a p50 in %s",
			   "fleet_summary.csv");
		fig_nodata(l, FK_FLEET_HOSTS, "no host has an ok row with a p50");
	}
	if (r == 0 && v->ne > 0)
		r = fleet_heatmaps(v, dir, l);
	if (r == 0 && v->ne > 0)
		r = hosts_figures(v, dir, l, fig_at);
	if (r == 0 && !l->oom)
		r = write_cells(v, dir, l, fig_at);
	return r < 0 ? r : l->oom ? -ENOMEM : 0;
}
