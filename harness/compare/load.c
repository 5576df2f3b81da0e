/* Loading and grouping the runs `ipcbench compare` reads; see compare/load.h. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "compare/load.h"
#include "fleet/fleetcmp.h"
#include "out/schema.h"

static void meta_path_beside(struct cmp_side *s, const char *file)
{
	char *copy = strdup(file);

	s->meta[0] = 0;
	if (!copy)
		return;
	snprintf(s->meta, sizeof(s->meta), "%s/meta.csv", dirname(copy));
	free(copy);
}

/* Moves the rows of more to the end of t; both must have the same header. */
static int append_rows(struct csv_table *t, struct csv_table *more, const char *path,
		       char *err, size_t errlen)
{
	char ***rows;
	int same = more->ncols == t->ncols;

	for (size_t i = 0; same && i < t->ncols; i++)
		same = strcmp(t->cols[i], more->cols[i]) == 0;
	if (!same) {
		snprintf(err, errlen, "%s: its columns differ from the first run's", path);
		return -EINVAL;
	}
	rows = realloc(t->rows, (t->nrows + more->nrows + 1) * sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	memcpy(rows + t->nrows, more->rows, more->nrows * sizeof(*rows));
	t->rows = rows;
	t->nrows += more->nrows;
	more->nrows = 0; /* the rows belong to t now */
	return 0;
}

/* Rows first .. t.nrows - 1 came from the run directory name. */
static int note_run(struct cmp_side *s, const char *name, size_t first)
{
	size_t *rr = realloc(s->run_of_row, (s->t.nrows + 1) * sizeof(*rr));
	char **names;

	if (!rr)
		return -ENOMEM;
	s->run_of_row = rr;
	names = realloc(s->run_name, (s->nruns + 1) * sizeof(*names));
	if (!names)
		return -ENOMEM;
	s->run_name = names;
	if (!(names[s->nruns] = strdup(name)))
		return -ENOMEM;
	for (size_t i = first; i < s->t.nrows; i++)
		rr[i] = s->nruns;
	s->nruns++;
	return 0;
}

/* One run directory below dir (name), read into s (the first) or appended to it. */
static int pool_one(struct cmp_side *s, const char *dir, const char *name, size_t *runs,
		    char *err, size_t errlen)
{
	char path[8400];
	struct csv_table more;
	int r;

	snprintf(path, sizeof(path), "%s/%s/results.csv", dir, name);
	if (name[0] == '.' || access(path, R_OK) < 0)
		return 0;
	if (++*runs == 1) {
		snprintf(s->meta, sizeof(s->meta), "%.4000s/%.80s/meta.csv", dir, name);
		r = csv_read_file(path, &s->t, err, errlen);
		return r == 0 ? note_run(s, name, 0) : r;
	}
	size_t first = s->t.nrows;
	r = csv_read_file(path, &more, err, errlen);
	if (r == 0)
		r = append_rows(&s->t, &more, path, err, errlen);
	csv_table_free(&more);
	return r == 0 ? note_run(s, name, first) : r;
}

/* A directory of run directories (interleaved single-repetition runs, say): their rows
 * pooled in name order; the first run's meta.csv stands for all. */
static int load_pooled(struct cmp_side *s, const char *dir, char *err, size_t errlen)
{
	struct dirent **ents;
	size_t runs = 0;
	int n = scandir(dir, &ents, NULL, alphasort), r = 0;

	if (n < 0) {
		r = -errno;
		snprintf(err, errlen, "%s '%s': %s", s->name, dir, strerror(errno));
		return r;
	}
	for (int i = 0; i < n; i++) {
		if (r == 0)
			r = pool_one(s, dir, ents[i]->d_name, &runs, err, errlen);
		free(ents[i]);
	}
	free(ents);
	if (r == 0 && runs == 0) {
		snprintf(err, errlen, "%s '%s': no results.csv in it or in the directories directly "
			 "below it", s->name, dir);
		r = -ENOENT;
	}
	snprintf(s->results, sizeof(s->results), "%.4000s/*/results.csv, %zu runs", dir, runs);
	return r;
}

/* A run directory, a directory of them, or a results.csv: into s->t and s->meta. */
static int load_results(struct cmp_side *s, const char *arg, char *err, size_t errlen)
{
	struct stat st;
	int r;

	if (stat(arg, &st) < 0) {
		r = -errno;
		snprintf(err, errlen, "%s '%s': %s", s->name, arg, strerror(errno));
		return r;
	}
	if (S_ISDIR(st.st_mode) && (r = fleet_cmp_load(arg, s->results, sizeof(s->results), s->meta,
						  sizeof(s->meta), &s->t, err, errlen)) <= 0)
		return r; /* a fleet directory: host is part of every key */
	if (S_ISDIR(st.st_mode)) {
		snprintf(s->results, sizeof(s->results), "%s/results.csv", arg);
		snprintf(s->meta, sizeof(s->meta), "%s/meta.csv", arg);
		if (access(s->results, F_OK) < 0)
			return load_pooled(s, arg, err, errlen);
	} else {
		snprintf(s->results, sizeof(s->results), "%s", arg);
		meta_path_beside(s, arg);
	}
	return csv_read_file(s->results, &s->t, err, errlen);
}

int cmp_side_load(struct cmp_side *s, const char *name, const char *arg, char *err,
		  size_t errlen)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->name = name;
	r = load_results(s, arg, err, errlen);
	if (r == 0 && (csv_col(&s->t, "status") < 0 || csv_col(&s->t, "transport") < 0)) {
		snprintf(err, errlen, "%s '%s': not an ipcbench results.csv (no status or transport "
			 "column)", name, s->results);
		r = -EINVAL;
	}
	if (r == 0 && s->meta[0] && access(s->meta, R_OK) == 0)
		r = csv_read_file(s->meta, &s->m, err, errlen);
	else
		s->meta[0] = 0;
	if (r == 0 && s->nruns == 0)
		s->nruns = 1;
	if (r < 0)
		cmp_side_free(s);
	return r;
}

void cmp_side_free(struct cmp_side *s)
{
	csv_table_free(&s->t);
	csv_table_free(&s->m);
	for (size_t i = 0; s->run_name && i < s->nruns; i++)
		free(s->run_name[i]);
	free(s->run_name);
	free(s->run_of_row);
	s->run_name = NULL;
	s->run_of_row = NULL;
}

const char *cmp_side_meta(const struct cmp_side *s, const char *key)
{
	int k = csv_col(&s->m, "key"), v = csv_col(&s->m, "value");

	for (size_t i = 0; k >= 0 && v >= 0 && i < s->m.nrows; i++)
		if (strcmp(s->m.rows[i][k], key) == 0)
			return s->m.rows[i][v];
	return NULL;
}

int cmp_is_metric_column(const char *name)
{
	const struct col_def *d = schema_find(name);

	return d && d->role == COL_METRIC;
}

int cmp_is_key_column(const char *name)
{
	const struct col_def *d = schema_find(name);

	return !d || d->role == COL_SETTING; /* an unknown column may split a key, never merge */
}

static int add_col(char ***cols, size_t *n, const char *name)
{
	char **v;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*cols)[i], name) == 0)
			return 0;
	v = realloc(*cols, (*n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*cols = v;
	v[*n] = strdup(name);
	return v[(*n)++] ? 0 : -ENOMEM;
}

int cmp_key_columns(const struct csv_table *a, const struct csv_table *b, char ***cols,
		    size_t *n)
{
	const struct csv_table *t[2] = { a, b };
	int r = 0;

	*cols = NULL;
	*n = 0;
	for (int s = 0; s < 2; s++)
		for (size_t i = 0; r == 0 && i < t[s]->ncols; i++)
			if (cmp_is_key_column(t[s]->cols[i]))
				r = add_col(cols, n, t[s]->cols[i]);
	if (r < 0) {
		cmp_key_columns_free(*cols, *n);
		*cols = NULL;
		*n = 0;
	}
	return r;
}

void cmp_key_columns_free(char **cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
}

/* One fingerprint key: the first of names that either side records. */
static int fingerprint_key(const struct cmp_side *a, const struct cmp_side *b,
			   const char *const *names, struct sbuf *diff, struct sbuf *notes)
{
	for (; *names; names++) {
		const char *va = cmp_side_meta(a, *names), *vb = cmp_side_meta(b, *names);

		if (!va && !vb)
			continue;
		if (va && vb && strcmp(va, vb) != 0) {
			sbuf_printf(diff, "%s: '%s' (%s) vs '%s' (%s)\n", *names, va, a->name, vb,
				    b->name);
			return 1;
		}
		if (!va || !vb)
			sbuf_printf(notes, "%s is recorded only in the %s run: not compared\n", *names,
				    va ? a->name : b->name);
		return 0;
	}
	return 0;
}

int cmp_fingerprint(const struct cmp_side *a, const struct cmp_side *b, struct sbuf *diff,
		    struct sbuf *notes)
{
	static const char *const model[] = { "cpu_model", NULL }, *const kernel[] = { "kernel", NULL };
	static const char *const governor[] = { "cpu_governor", "governor", NULL };
	const char *const *keys[] = { model, kernel, governor };
	int n = 0;

	if (fleet_cmp_is_hosts(&a->m) || fleet_cmp_is_hosts(&b->m)) /* per host */
		return fleet_cmp_hosts_diff(&a->m, &b->m, a->name, b->name, diff, notes);
	for (int s = 0; s < 2; s++) {
		const struct cmp_side *x = s ? b : a;
		if (!x->meta[0])
			sbuf_printf(notes, "no meta.csv beside %s: the environment fingerprint (CPU "
				    "model, kernel, governor) is not checked\n", x->results);
	}
	if (!a->meta[0] || !b->meta[0])
		return 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		n += fingerprint_key(a, b, keys[i], diff, notes);
	return n;
}
