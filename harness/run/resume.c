#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/csvread.h"
#include "out/parties.h"
#include "out/schema.h"
#include "run/resume.h"

static int load_table(const char *dir, const char *file, struct csv_table *t, char *err,
		      size_t errlen)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return csv_read_file(path, t, err, errlen);
}

int resume_load_meta(const char *dir, struct meta *m, char *err, size_t errlen)
{
	struct csv_table t;
	int r = load_table(dir, "meta.csv", &t, err, errlen);

	if (r < 0)
		return r;
	for (size_t i = 0; i < t.nrows; i++)
		meta_set(m, csv_get(&t, i, "key"), "%s", csv_get(&t, i, "value"));
	csv_table_free(&t);
	return 0;
}

int resume_load_config(const char *dir, struct run_config *cfg, struct config_error *e)
{
	struct meta m = { 0 };
	char name[4200];
	const char *text;
	int r = resume_load_meta(dir, &m, e->msg, sizeof(e->msg));

	if (r < 0)
		return r;
	text = meta_get(&m, "config");
	snprintf(name, sizeof(name), "%s/meta.csv (config)", dir);
	if (!text || strcmp(text, "NA") == 0) {
		snprintf(e->msg, sizeof(e->msg), "%s/meta.csv: no 'config' entry to resume from", dir);
		r = -EINVAL;
	} else {
		r = config_load_text(cfg, name, text, e);
	}
	meta_free(&m);
	return r;
}

static double num(const struct csv_table *t, size_t i, const char *col)
{
	const char *s = csv_get(t, i, col);

	return s ? strtod(s, NULL) : 0;
}

int resume_mark_done(const char *dir, struct row *rows, size_t n, size_t *found, char *err,
		     size_t errlen)
{
	struct csv_table t;
	int r = load_table(dir, "results.csv", &t, err, errlen);
	char *used;

	*found = 0;
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	used = calloc(t.nrows + 1, 1);
	for (size_t k = 0; used && k < n; k++)
		for (size_t i = 0; i < t.nrows; i++) {
			if (used[i] || !schema_same_cell(&t, i, &rows[k]) ||
			    strcmp(csv_get(&t, i, "status"), "interrupted") == 0)
				continue;
			schema_load_row(&t, i, &rows[k]);
			rows[k].done = 1;
			used[i] = 1;
			(*found)++;
			break;
		}
	free(used);
	csv_table_free(&t);
	return used ? 0 : -ENOMEM;
}

/* spectrum.csv rows of the cells already done go back into their results. */
int resume_spectrum(const char *dir, struct row *rows, size_t n)
{
	struct csv_table t;
	char err[256];
	int r = load_table(dir, "spectrum.csv", &t, err, sizeof(err));

	if (r < 0)
		return r == -ENOENT ? 0 : r;
	for (size_t i = 0; i < t.nrows; i++) {
		double q = num(&t, i, "quantile");
		size_t k, qi;

		for (qi = 0; qi < CELL_SPECTRUM_N && cell_spectrum_q[qi] != q; qi++)
			;
		for (k = 0; qi < CELL_SPECTRUM_N && k < n; k++)
			if (rows[k].done && schema_same_cell(&t, i, &rows[k])) {
				rows[k].res.spectrum[qi] = num(&t, i, "latency_ns");
				break;
			}
	}
	csv_table_free(&t);
	return 0;
}

/* parties.csv rows of the fan-in cells already done go back into their results; a cell
 * whose clients are not all there is run again. */
int resume_parties(const char *dir, struct row *rows, size_t n)
{
	struct csv_table t;
	char err[256];
	int r = load_table(dir, "parties.csv", &t, err, sizeof(err));

	if (r < 0 && r != -ENOENT)
		return r;
	for (size_t k = 0; k < n; k++) {
		struct row *w = &rows[k];

		if (!w->done || !cell_parties(&w->set) || !w->res.has_stats)
			continue;
		int e = r == 0 ? parties_load(&t, w) : -ENOENT;

		if (e == -ENOMEM) {
			r = e;
			break;
		}
		if (e < 0) {
			cell_result_free(&w->res);
			memset(&w->res, 0, sizeof(w->res));
			w->done = 0;
		}
	}
	if (r != -ENOENT)
		csv_table_free(&t);
	return r == -ENOENT ? 0 : r;
}
