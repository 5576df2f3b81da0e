/* The host x transport heatmap of a fleet: per mode, each host's p50 relative to the fleet
 * median of the same cell, as a geometric mean over the transport's sizes and placements
 * (a ratio of 1.3 means 30 % slower than the median host, typically). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "fleet/hostfigs.h"
#include "text/strmap.h"
#include "plot/gnuplot.h"

#define NONE ((size_t)-1)

struct heat {
	size_t nmodes, ntr, nh;
	const char **mode, **tr;  /* names, in order of first appearance */
	double *sum_log;          /* [mode][transport][display - 1] */
	size_t *cells;
	size_t *rank;             /* [mode][transport]: 1-based position in the mode; 0: absent */
};

#define AT(h, m, t, d) (((m) * (h)->ntr + (t)) * (h)->nh + (d))

static int name_index(struct strmap *map, const char ***names, const char *s, size_t *idx)
{
	int found;

	*idx = strmap_put(map, s, map->n, &found);
	if (*idx == NONE)
		return -ENOMEM;
	if (!found) {
		const char **v = realloc(*names, map->n * sizeof(*v));
		if (!v)
			return -ENOMEM;
		*names = v;
		v[*idx] = s;
	}
	return 0;
}

/* Mode and transport index of every cell. */
static int index_cells(const struct fleet_view *v, struct heat *h, size_t *cm, size_t *ct)
{
	struct strmap modes = { 0 }, trs = { 0 };
	int r = 0;

	for (size_t c = 0; r == 0 && c < v->ncells; c++) {
		r = name_index(&modes, &h->mode, fleet_cell_field(v, c, 1), &cm[c]);
		if (r == 0)
			r = name_index(&trs, &h->tr, fleet_cell_field(v, c, 0), &ct[c]);
	}
	h->nmodes = modes.n;
	h->ntr = trs.n;
	strmap_free(&modes);
	strmap_free(&trs);
	return r;
}

static int accumulate(const struct fleet_view *v, struct heat *h, const size_t *cm,
		      const size_t *ct)
{
	size_t n = h->nmodes * h->ntr * h->nh + 1;

	h->sum_log = calloc(n, sizeof(*h->sum_log));
	h->cells = calloc(n, sizeof(*h->cells));
	h->rank = calloc(h->nmodes * h->ntr + 1, sizeof(*h->rank));
	if (!h->sum_log || !h->cells || !h->rank)
		return -ENOMEM;
	for (size_t i = 0; i < v->ne; i++) {
		const struct fleet_entry *e = &v->e[i];
		size_t k = AT(h, cm[e->cell], ct[e->cell], e->display - 1);

		h->sum_log[k] += log(e->p50_ns / e->fleet_med_ns);
		h->cells[k]++;
	}
	for (size_t m = 0; m < h->nmodes; m++)
		for (size_t t = 0, pos = 0; t < h->ntr; t++)
			for (size_t d = 0; d < h->nh; d++)
				if (h->cells[AT(h, m, t, d)]) {
					h->rank[m * h->ntr + t] = ++pos;
					break;
				}
	return 0;
}

static void heat_rows(const struct fleet_view *v, const struct heat *h, struct sbuf *b)
{
	sbuf_printf(b, "mode,transport,transport_index,host,host_index,ratio_to_fleet,cells\n");
	for (size_t m = 0; m < h->nmodes; m++)
		for (size_t t = 0; t < h->ntr; t++)
			for (size_t d = 0; d < h->nh; d++) {
				size_t k = AT(h, m, t, d);
				if (!h->cells[k])
					continue;
				sbuf_csv_field(b, h->mode[m]);
				sbuf_putc(b, ',');
				sbuf_csv_field(b, h->tr[t]);
				sbuf_printf(b, ",%zu,", h->rank[m * h->ntr + t]);
				sbuf_csv_field(b, v->host[v->by_display[d]].name);
				sbuf_printf(b, ",%zu,%.4f,%zu\n", d + 1, exp(h->sum_log[k] / h->cells[k]),
					    h->cells[k]);
			}
}

static int add_figure(const struct fleet_view *v, const struct heat *h, size_t m,
		      const char *file, struct figlist *l)
{
	struct sbuf trs = { 0 };
	struct fig *f = fig_add(l, FK_FLEET_HEATMAP, "fleet-heatmap-%s\t%s mode: each host's p50 "
				"relative to the fleet median, per transport", h->mode[m], h->mode[m]);

	for (size_t t = 0; t < h->ntr; t++)
		if (h->rank[m * h->ntr + t])
			sbuf_printf(&trs, "%s%s", trs.len ? " " : "", h->tr[t]);
	if (f) {
		gp_str(&f->vars, "file", file);
		gp_str(&f->vars, "mode", h->mode[m]);
		gp_str(&f->vars, "transports", trs.p);
		fleet_host_vars(v, &f->vars);
	}
	sbuf_free(&trs);
	return f ? 0 : -ENOMEM;
}

int fleet_heatmaps(const struct fleet_view *v, const char *dir, struct figlist *l)
{
	struct heat h = { .nh = v->nhosts };
	size_t *cm = malloc((v->ncells + 1) * sizeof(*cm)), *ct = malloc((v->ncells + 1) * sizeof(*ct));
	struct sbuf b = { 0 }, path = { 0 };
	int r = cm && ct ? index_cells(v, &h, cm, ct) : -ENOMEM;

	if (r == 0)
		r = accumulate(v, &h, cm, ct);
	if (r == 0) {
		heat_rows(v, &h, &b);
		sbuf_printf(&path, "%s/%s", dir, FLEET_HEATMAP_FILE);
		r = b.oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b.p, b.len);
	}
	for (size_t m = 0; r == 0 && m < h.nmodes; m++)
		r = add_figure(v, &h, m, path.p, l);
	free(cm);
	free(ct);
	free(h.mode);
	free(h.tr);
	free(h.sum_log);
	free(h.cells);
	free(h.rank);
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}
