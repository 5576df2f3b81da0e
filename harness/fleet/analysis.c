#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "text/csv.h"
#include "fleet/analysis.h"
#include "fleet/merge.h"
#include "text/strmap.h"
#include "out/runquery.h"

const char *const cell_fields[CELL_NFIELDS] = { "transport", "mode", "size_bytes",
						"placement", "cache", "touch",
						"footprint_bytes", "mem_policy" };

#define NONE ((size_t)-1)

const char *fleet_cell_field(const struct fleet_view *v, size_t cell, int k)
{
	const char *s = csv_get(&v->summary, v->cell[cell].row, cell_fields[k]);

	return s ? s : "";
}

static int need_columns(const struct csv_table *t, const char *path, const char *const *cols,
			char *err, size_t errlen)
{
	for (; *cols; cols++)
		if (csv_col(t, *cols) < 0) {
			snprintf(err, errlen, "%s: no column %s (not written by ipcbench merge)", path,
				 *cols);
			return -EINVAL;
		}
	return 0;
}

static int read_files(struct fleet_view *v, const char *dir, char *err, size_t errlen)
{
	static const char *const hcols[] = { "host", "fingerprint", NULL };
	static const char *const scols[] = { "host", "transport", "mode", "size_bytes", "status",
					     "p50_ns", NULL };
	char path[8192];
	int r;

	if (!fleet_dir_is(dir)) {
		snprintf(err, errlen, "'%s' is not a fleet directory (no %s and %s: see ipcbench "
			 "help merge)", dir, FLEET_RESULTS, FLEET_HOSTS);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, FLEET_HOSTS);
	r = csv_read_file(path, &v->hosts, err, errlen);
	if (r == 0)
		r = need_columns(&v->hosts, path, hcols, err, errlen);
	snprintf(path, sizeof(path), "%s/%s", dir, FLEET_SUMMARY);
	if (r == 0)
		r = csv_read_file(path, &v->summary, err, errlen);
	if (r == 0)
		r = need_columns(&v->summary, path, scols, err, errlen);
	snprintf(path, sizeof(path), "%s/%s", dir, FLEET_STATUS_FILE);
	if (r == 0 && access(path, F_OK) == 0)
		r = fleet_status_read(dir, &v->status, err, errlen);
	return r == -ENOMEM ? r : r < 0 ? -EINVAL : 0;
}

/* Hosts in display order: the fingerprints most hosts share first (a fingerprint is a
 * hash: its order alone says nothing), then by fingerprint, then by name. */
static int by_fp_name(const void *a, const void *b, void *arg)
{
	const struct fleet_member *h = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = h[x].group_hosts != h[y].group_hosts ? (h[x].group_hosts < h[y].group_hosts ? 1 : -1)
						      : strcmp(h[x].fp, h[y].fp);

	return c ? c : strcmp(h[x].name, h[y].name);
}

static int index_hosts(struct fleet_view *v, struct strmap *names, char *err, size_t errlen)
{
	struct strmap fps = { 0 };
	size_t *count;
	int r = 0;

	v->nhosts = v->hosts.nrows;
	v->host = calloc(v->nhosts + 1, sizeof(*v->host));
	v->by_display = calloc(v->nhosts + 1, sizeof(*v->by_display));
	count = calloc(v->nhosts + 1, sizeof(*count));
	if (!v->host || !v->by_display || !count)
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < v->nhosts; i++) {
		struct fleet_member *h = &v->host[i];
		int found;

		h->name = csv_get(&v->hosts, i, "host");
		h->fp = csv_get(&v->hosts, i, "fingerprint");
		h->fp_index = strmap_put(&fps, h->fp, fps.n, NULL);
		if (h->fp_index == NONE || strmap_put(names, h->name, i, &found) == NONE) {
			r = -ENOMEM;
		} else if (found) {
			snprintf(err, errlen, "hosts.csv: host '%s' is there twice", h->name);
			r = -EINVAL;
		} else {
			count[h->fp_index]++;
			v->by_display[i] = i;
		}
	}
	v->nfp = fps.n;
	for (size_t i = 0; r == 0 && i < v->nhosts; i++)
		v->host[i].group_hosts = count[v->host[i].fp_index];
	if (r == 0)
		qsort_r(v->by_display, v->nhosts, sizeof(size_t), by_fp_name, v->host);
	for (size_t i = 0; r == 0 && i < v->nhosts; i++)
		v->host[v->by_display[i]].display = i + 1;
	free(count);
	strmap_free(&fps);
	return r;
}

/* The key of summary row `row` over the cell fields, leaving out field `skip` (-1: none),
 * looked up in (or added to) map; keys live in v->keys. */
static size_t key_index(struct fleet_view *v, struct strmap *map, size_t row, int skip)
{
	struct sbuf b = { 0 };
	size_t idx;
	int found;

	for (int k = 0; k < CELL_NFIELDS; k++) {
		const char *f = csv_get(&v->summary, row, cell_fields[k]);
		if (k != skip)
			sbuf_printf(&b, "%s\x1f", f ? f : "");
	}
	if (b.oom) {
		sbuf_free(&b);
		return NONE;
	}
	idx = strmap_put(map, b.p, map->n, &found);
	if (idx == NONE || found) {
		sbuf_free(&b);
		return idx;
	}
	v->keys[v->ncells + v->nfigs] = b.p; /* owned from now on; room for 2 per row */
	return idx;
}

static int take_row(struct fleet_view *v, const struct strmap *names, struct strmap *cells,
		    size_t row)
{
	size_t h = strmap_get(names, csv_get(&v->summary, row, "host"));
	struct fleet_entry *e = &v->e[v->ne];
	double p50;

	if (h == NONE || strcmp(csv_get(&v->summary, row, "status"), "ok") != 0 ||
	    !field_num(csv_get(&v->summary, row, "p50_ns"), &p50) || p50 <= 0) {
		v->skipped_rows++;
		return 0;
	}
	memset(e, 0, sizeof(*e));
	e->cell = key_index(v, cells, row, -1);
	if (e->cell == NONE)
		return -ENOMEM;
	if (cells->n > v->ncells) /* a new cell; room for one per row */
		v->cell[v->ncells++] = (struct fleet_cell){ .row = row };
	e->host = h;
	e->row = row;
	e->fp = v->host[h].fp_index;
	e->display = v->host[h].display;
	e->p50_ns = p50;
	if (!field_num(csv_get(&v->summary, row, "p50_ci_lo_ns"), &e->lo_ns))
		e->lo_ns = NAN;
	if (!field_num(csv_get(&v->summary, row, "p50_ci_hi_ns"), &e->hi_ns))
		e->hi_ns = NAN;
	v->ne++;
	return 0;
}

static int cmp_size(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

static int cmp_double(double a, double b)
{
	return (a > b) - (a < b);
}

static int by_cell_host(const void *a, const void *b)
{
	const struct fleet_entry *x = a, *y = b;
	int c = cmp_size(x->cell, y->cell);

	c = c ? c : cmp_size(x->host, y->host);
	return c ? c : cmp_size(x->row, y->row);
}

static int by_cell_value(const void *a, const void *b)
{
	const struct fleet_entry *x = a, *y = b;
	int c = cmp_size(x->cell, y->cell);

	return c ? c : cmp_double(x->p50_ns, y->p50_ns);
}

static int by_cell_fp_value(const void *a, const void *b)
{
	const struct fleet_entry *x = a, *y = b;
	int c = cmp_size(x->cell, y->cell);

	c = c ? c : cmp_size(x->fp, y->fp);
	return c ? c : cmp_double(x->p50_ns, y->p50_ns);
}

static int by_display_cell(const void *a, const void *b)
{
	const struct fleet_entry *x = a, *y = b;
	int c = cmp_size(x->display, y->display);

	return c ? c : cmp_size(x->cell, y->cell);
}

/* A host with two rows of one cell (two CPU pairs of one placement) keeps its first. */
static void drop_repeats(struct fleet_view *v)
{
	size_t kept = 0;

	qsort(v->e, v->ne, sizeof(*v->e), by_cell_host);
	for (size_t i = 0; i < v->ne; i++)
		if (kept == 0 || v->e[kept - 1].cell != v->e[i].cell ||
		    v->e[kept - 1].host != v->e[i].host)
			v->e[kept++] = v->e[i];
	v->ne = kept;
}

/* Runs of entries of one cell (of one fingerprint too when group), sorted by value: their median and size. */
static void medians(struct fleet_view *v, int group)
{
	for (size_t i = 0, j; i < v->ne; i = j) {
		double med;

		for (j = i + 1; j < v->ne && v->e[j].cell == v->e[i].cell &&
				(!group || v->e[j].fp == v->e[i].fp);
		     j++)
			;
		med = (j - i) % 2 ? v->e[i + (j - i) / 2].p50_ns
				  : (v->e[i + (j - i) / 2 - 1].p50_ns + v->e[i + (j - i) / 2].p50_ns) / 2;
		for (size_t k = i; k < j; k++) {
			*(group ? &v->e[k].group_med_ns : &v->e[k].fleet_med_ns) = med;
			*(group ? &v->e[k].group_n : &v->e[k].fleet_n) = j - i;
		}
	}
}

static void judge(struct fleet_view *v)
{
	for (size_t i = 0; i < v->ne; i++) {
		struct fleet_entry *e = &v->e[i];
		struct fleet_member *h = &v->host[e->host];
		double off = fabs(e->p50_ns / e->group_med_ns - 1);

		e->outlier = e->group_n < GROUP_MIN_HOSTS ? -1 : off > v->outlier_frac;
		if (e->outlier < 0)
			continue;
		h->compared++;
		h->standing_out += (size_t)e->outlier;
		h->worst = off > h->worst ? off : h->worst;
	}
}

static int assign_figures(struct fleet_view *v)
{
	struct strmap figs = { 0 };
	int r = 0;

	for (size_t c = 0; c < v->ncells; c++) {
		v->cell[c].fig = key_index(v, &figs, v->cell[c].row, CELL_SIZE_FIELD);
		if (v->cell[c].fig == NONE) {
			r = -ENOMEM;
			break;
		}
		v->nfigs = figs.n;
	}
	strmap_free(&figs);
	return r;
}

static int analyze(struct fleet_view *v, char *err, size_t errlen)
{
	struct strmap names = { 0 }, cells = { 0 };
	size_t rows = v->summary.nrows + 1;
	int r = index_hosts(v, &names, err, errlen);

	v->e = malloc(rows * sizeof(*v->e));
	v->cell = malloc(rows * sizeof(*v->cell));
	v->keys = calloc(2 * rows, sizeof(*v->keys));
	if (r == 0 && (!v->e || !v->cell || !v->keys))
		r = -ENOMEM;
	for (size_t row = 0; r == 0 && row < v->summary.nrows; row++)
		r = take_row(v, &names, &cells, row);
	if (r == 0)
		r = assign_figures(v);
	strmap_free(&names);
	strmap_free(&cells);
	if (r < 0)
		return r;
	drop_repeats(v);
	qsort(v->e, v->ne, sizeof(*v->e), by_cell_value);
	medians(v, 0);
	qsort(v->e, v->ne, sizeof(*v->e), by_cell_fp_value);
	medians(v, 1);
	judge(v);
	qsort(v->e, v->ne, sizeof(*v->e), by_display_cell);
	return 0;
}

int fleet_view_load(struct fleet_view *v, const char *dir, double outlier_frac, char *err,
		    size_t errlen)
{
	int r;

	memset(v, 0, sizeof(*v));
	v->outlier_frac = outlier_frac;
	r = read_files(v, dir, err, errlen);
	if (r == 0)
		r = analyze(v, err, errlen);
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", dir);
	if (r < 0)
		fleet_view_free(v);
	return r;
}

void fleet_view_free(struct fleet_view *v)
{
	for (size_t i = 0; v->keys && i < v->ncells + v->nfigs; i++)
		free(v->keys[i]);
	free(v->keys);
	free(v->host);
	free(v->by_display);
	free(v->e);
	free(v->cell);
	csv_table_free(&v->hosts);
	csv_table_free(&v->summary);
	fleet_status_free(&v->status);
	memset(v, 0, sizeof(*v));
}
