/* Resume reads back what an interrupted run wrote and trusts none of it: every file is
 * checked whole against the schema before anything is kept or written (a problem is an
 * error naming file and line), and the rows it keeps go back into results.csv byte for
 * byte. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stats/stats.h"
#include "text/csvread.h"
#include "out/parties.h"
#include "out/schema.h"
#include "out/tables.h"
#include "run/resume.h"

static int load_table(const char *dir, const char *file, struct csv_table *t, char *err,
		      size_t errlen)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return csv_read_file_strict(path, t, err, errlen);
}

/* The header must be the one this version writes, column for column. */
static int check_header(const struct csv_table *t, const char *want, const char *dir,
			const char *file, char *err, size_t errlen)
{
	const char *w = want;

	for (size_t c = 0; c < t->ncols || *w != '\n'; c++) {
		size_t len = strcspn(w, ",\n");

		if (c >= t->ncols || *w == '\n' || strlen(t->cols[c]) != len ||
		    strncmp(t->cols[c], w, len) != 0) {
			snprintf(err, errlen, "%s/%s:1: column %zu is '%s', this version writes "
				 "'%.*s' there: not a file this run can be resumed from", dir, file,
				 c + 1, c < t->ncols ? t->cols[c] : "(none)", (int)len,
				 *w == '\n' ? "(none)" : w);
			return -EINVAL;
		}
		w += len + (w[len] == ',');
	}
	return 0;
}

static int load_meta_table(const char *dir, struct csv_table *t, char *err, size_t errlen)
{
	int r = load_table(dir, "meta.csv", t, err, errlen);

	if (r == 0)
		r = check_header(t, "key,value\n", dir, "meta.csv", err, errlen);
	for (size_t i = 0; r == 0 && i < t->nrows; i++) {
		size_t j = 0;

		while (j < i && strcmp(t->rows[i][0], t->rows[j][0]) != 0)
			j++;
		if (!t->rows[i][0][0] || j < i) {
			snprintf(err, errlen, "%s/meta.csv:%d: key '%s' %s", dir, t->line[i],
				 t->rows[i][0], j < i ? "again" : "empty");
			r = -EINVAL;
		}
	}
	if (r < 0)
		csv_table_free(t);
	return r;
}

int resume_load_meta(const char *dir, struct meta *m, char *err, size_t errlen)
{
	struct csv_table t;
	int r = load_meta_table(dir, &t, err, errlen);

	if (r < 0)
		return r;
	for (size_t i = 0; i < t.nrows; i++)
		meta_set(m, t.rows[i][0], "%s", t.rows[i][1]);
	csv_table_free(&t);
	const char *v = meta_get(m, "schema_version");

	if (v && atoi(v) != SCHEMA_VERSION) {
		snprintf(err, errlen, "%s/meta.csv: schema_version %s: written by an ipcbench whose "
			 "results.csv has other columns (this one writes version %d)", dir, v,
			 SCHEMA_VERSION);
		return -EINVAL;
	}
	return 0;
}

int resume_load_config(const char *dir, struct run_config *cfg, struct config_error *e)
{
	struct csv_table t;
	char name[4300];
	int r = load_meta_table(dir, &t, e->msg, sizeof(e->msg));
	size_t i;

	if (r < 0)
		return r;
	for (i = 0; i < t.nrows && strcmp(t.rows[i][0], "config") != 0; i++)
		;
	if (i == t.nrows || strcmp(t.rows[i][1], "NA") == 0) {
		snprintf(e->msg, sizeof(e->msg), "%s/meta.csv: no 'config' entry to resume from", dir);
		r = -EINVAL;
	} else {
		snprintf(name, sizeof(name), "%s/meta.csv:%d (config)", dir, t.line[i]);
		r = config_load_text(cfg, name, t.rows[i][1], e);
	}
	csv_table_free(&t);
	return r;
}

/* The planned row that is row i of t, searched from hint on (files are in plan order). */
static long find_cell(const struct csv_table *t, size_t i, const struct row *rows, size_t n,
		      size_t hint)
{
	for (size_t k = 0; k < n; k++) {
		size_t at = (hint + k) % n;

		if (schema_same_cell(t, i, &rows[at]))
			return (long)at;
	}
	return -1;
}

static void describe_cell(const struct csv_table *t, size_t i, char *buf, size_t n)
{
	static const char *const key[] = { "transport", "mode", "size_bytes", "placement",
					   "repeat" };

	buf[0] = 0;
	for (size_t k = 0; k < sizeof(key) / sizeof(key[0]); k++)
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s=%.40s", k ? " " : "", key[k],
			 csv_get(t, i, key[k]));
}

/* Which planned row each data row of results.csv is (-1: an interrupted one, rerun);
 * every row checked first. */
static int match_rows(const struct csv_table *t, const struct row *rows, size_t n, long *at,
		      const char *path, char *err, size_t errlen)
{
	long *line_of = calloc(n + 1, sizeof(long));
	char why[256];
	size_t hint = 0;
	int r = line_of ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < t->nrows; i++) {
		if (schema_check_row(t, i, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "%s:%d: %s", path, t->line[i], why);
			r = -EINVAL;
		} else if (strcmp(csv_get(t, i, "status"), "interrupted") == 0) {
			at[i] = -1;
		} else if ((at[i] = find_cell(t, i, rows, n, hint)) < 0) {
			describe_cell(t, i, why, sizeof(why));
			snprintf(err, errlen, "%s:%d: %s: not a cell of this run's plan", path,
				 t->line[i], why);
			r = -EINVAL;
		} else if (line_of[at[i]]) {
			snprintf(err, errlen, "%s:%d: the same cell as line %ld", path, t->line[i],
				 line_of[at[i]]);
			r = -EINVAL;
		} else {
			line_of[at[i]] = t->line[i];
			hint = (size_t)at[i] + 1;
		}
	}
	free(line_of);
	return r;
}

int resume_mark_done(const char *dir, struct row *rows, size_t n, size_t *found, char *err,
		     size_t errlen)
{
	struct row_events u;
	struct sbuf header = { 0 };
	struct csv_table t;
	char path[4200];
	long *at = NULL;
	int r = load_table(dir, "results.csv", &t, err, errlen);

	*found = 0;
	if (r == -ENOENT)
		return 0; /* stopped before its first cell */
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	row_event_union(rows, n, &u);
	schema_results_header(&header, &u);
	r = header.oom ? -ENOMEM : check_header(&t, header.p, dir, "results.csv", err, errlen);
	if (r == 0 && !(at = calloc(t.nrows + 1, sizeof(*at))))
		r = -ENOMEM;
	if (r == 0)
		r = match_rows(&t, rows, n, at, path, err, errlen);
	for (size_t i = 0; r == 0 && i < t.nrows; i++) {
		struct row *k = at[i] >= 0 ? &rows[at[i]] : NULL;

		if (!k)
			continue;
		schema_load_row(&t, i, k);
		k->done = 1;
		k->carried = t.raw[i];
		k->carried_line = t.line[i];
		t.raw[i] = NULL; /* the row owns it now */
		(*found)++;
	}
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	free(at);
	sbuf_free(&header);
	csv_table_free(&t);
	return r;
}

/* A spectrum.csv row: its quantile's index, or -1 with why. */
static int spectrum_index(const struct csv_table *t, size_t i, const char **why)
{
	const char *q = csv_get(t, i, "quantile"), *v = csv_get(t, i, "latency_ns");
	char *end;
	double x = strtod(q, &end);

	*why = "not one of the quantiles ipcbench writes";
	for (int k = 0; *end == 0 && end != q && k < CELL_SPECTRUM_N; k++)
		if (cell_spectrum_q[k] == x) {
			strtod(v, &end);
			*why = "latency_ns is not a number";
			return *end == 0 && end != v ? k : -1;
		}
	return -1;
}

/* The quantiles a cell of n samples has in spectrum.csv: those the samples support. */
static unsigned spectrum_expected(size_t n)
{
	unsigned m = 0;

	for (size_t q = 0; q < CELL_SPECTRUM_N; q++)
		if (stats_quantile_supported(n, cell_spectrum_q[q]))
			m |= 1u << q;
	return m;
}

/* Each kept row that has figures gets its spectrum back; rows of cells results.csv does not
 * have (written just before a results.csv that failed) are left for the rerun. */
int resume_spectrum(const char *dir, struct row *rows, size_t n, char *err, size_t errlen)
{
	unsigned *have = calloc(n + 1, sizeof(*have));
	struct csv_table t = { 0 };
	size_t hint = 0;
	int r = have ? load_table(dir, "spectrum.csv", &t, err, errlen) : -ENOMEM;

	if (r == 0)
		r = check_header(&t, spectrum_csv_header, dir, "spectrum.csv", err, errlen);
	for (size_t i = 0; r == 0 && i < t.nrows; i++) {
		const char *why;
		int q = spectrum_index(&t, i, &why);
		long k = q < 0 ? -1 : find_cell(&t, i, rows, n, hint);

		if (k >= 0 && (have[k] >> q & 1)) {
			why = "the same cell and quantile again";
			q = -1;
		}
		if (q < 0) {
			snprintf(err, errlen, "%s/spectrum.csv:%d: %s", dir, t.line[i], why);
			r = -EINVAL;
		} else if (k >= 0 && rows[k].carried && rows[k].res.has_stats) {
			rows[k].res.spectrum[q] = strtod(csv_get(&t, i, "latency_ns"), NULL);
			have[k] |= 1u << q;
			hint = (size_t)k;
		}
	}
	if (r == -ENOENT)
		r = 0; /* none written yet: then no kept row may have figures (below) */
	for (size_t k = 0; r == 0 && k < n; k++)
		if (rows[k].carried && rows[k].res.has_stats &&
		    have[k] != spectrum_expected(rows[k].res.st.n)) {
			snprintf(err, errlen, "%s/spectrum.csv: no spectrum, or not all of it, for "
				 "%s/results.csv:%d (%s %llu B, repeat %u)", dir, dir,
				 rows[k].carried_line, rows[k].t->name,
				 (unsigned long long)rows[k].size, rows[k].rep);
			r = -EINVAL;
		}
	csv_table_free(&t);
	free(have);
	return r;
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
