#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "out/rundir.h"

const char *const run_file_names[RF_N] = {
	[RF_SUMMARY] = "summary.csv", [RF_META] = "meta.csv",     [RF_SPECTRUM] = "spectrum.csv",
	[RF_MATRIX] = "matrix.csv",   [RF_COPIES] = "copies.csv", [RF_LRPC] = "lrpc.csv",
	[RF_RESULTS] = "results.csv", /* every repetition: the ranking of report.html */
};

/* Copies src into dst of size n, cut short when it is longer. */
static void copy_str(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);

	len = len < n ? len : n - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

static void real_name(struct run_dir *r)
{
	char *real = realpath(r->path, NULL);
	const char *base = real ? real : r->path;
	const char *slash = strrchr(base, '/');

	copy_str(r->name, sizeof(r->name), slash && slash[1] ? slash + 1 : base);
	free(real);
}

static int load_file(struct run_dir *r, enum run_file f)
{
	char path[PATH_MAX + 32];
	int e;

	snprintf(path, sizeof(path), "%s/%s", r->path, run_file_names[f]);
	e = csv_read_file(path, &r->t[f], r->err[f], sizeof(r->err[f]));
	r->present[f] = e != -ENOENT;
	if (e == -ENOENT)
		r->err[f][0] = 0;
	return e;
}

int run_dir_load(struct run_dir *r, const char *dir, char *err, size_t errlen)
{
	struct stat st;
	int e;

	memset(r, 0, sizeof(*r));
	copy_str(r->path, sizeof(r->path), dir);
	copy_str(r->data, sizeof(r->data), dir);
	e = stat(dir, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (e < 0) {
		snprintf(err, errlen, "'%s': %s", dir, strerror(-e));
		return e;
	}
	real_name(r);
	for (int f = 0; f < RF_N; f++) {
		e = load_file(r, (enum run_file)f);
		if (f == RF_SUMMARY && e < 0) {
			snprintf(err, errlen, "'%s' is not a run directory: %s", dir,
				 e == -ENOENT ? "it has no summary.csv" : r->err[f]);
			run_dir_free(r);
			return e;
		}
	}
	return 0;
}

const char *run_meta(const struct run_dir *r, const char *key)
{
	const struct csv_table *m = &r->t[RF_META];
	int k = csv_col(m, "key"), v = csv_col(m, "value");

	for (size_t i = 0; k >= 0 && v >= 0 && i < m->nrows; i++)
		if (strcmp(m->rows[i][k], key) == 0)
			return m->rows[i][v];
	return NULL;
}

void run_dir_free(struct run_dir *r)
{
	for (int f = 0; f < RF_N; f++)
		csv_table_free(&r->t[f]);
}
