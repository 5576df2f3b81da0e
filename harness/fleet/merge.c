#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/files.h"
#include "text/csv.h"
#include "fleet/fingerprint.h"
#include "fleet/merge.h"
#include "text/strmap.h"
#include "run/outdir.h"
#include "out/rundir.h"

struct merge_run {
	struct run_dir rd;          /* summary.csv, meta.csv ... */
	struct csv_table results;
	char label[NAME_MAX + 16];
	char fp[FP_LEN + 1];
	char *real;                 /* realpath of the directory */
};

int fleet_dir_is(const char *dir)
{
	char a[PATH_MAX + 16], b[PATH_MAX + 16];

	snprintf(a, sizeof(a), "%s/%s", dir, FLEET_RESULTS);
	snprintf(b, sizeof(b), "%s/%s", dir, FLEET_HOSTS);
	return access(a, R_OK) == 0 && access(b, R_OK) == 0;
}

static int load_run(struct merge_run *m, const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX + 32], why[1024];
	int r;

	if (fleet_dir_is(dir)) {
		snprintf(err, errlen, "'%s' is a fleet directory: merge its run directories "
			 "(%s/hosts/*) instead", dir, dir);
		return -EINVAL;
	}
	r = run_dir_load(&m->rd, dir, why, sizeof(why));
	if (r < 0) {
		snprintf(err, errlen, "%s", why);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	r = csv_read_file(path, &m->results, why, sizeof(why));
	if (r == 0 && !run_meta(&m->rd, "host")) {
		snprintf(why, sizeof(why), "%s/meta.csv: no host line (a run directory of ipcbench "
			 "run has one)", dir);
		r = -EINVAL;
	}
	if (r < 0) {
		snprintf(err, errlen, "'%s' is not a run directory: %s", dir, why);
		return -EINVAL;
	}
	m->real = realpath(dir, NULL);
	return m->real ? 0 : -errno;
}

/* Labels: fleet_host or host; a label taken already gets the first free #k. */
static int label_runs(struct merge_run *runs, size_t n, char *err, size_t errlen)
{
	struct strmap taken = { 0 }, dirs = { 0 };
	int r = 0;

	for (size_t i = 0; r == 0 && i < n; i++) {
		const char *base = run_meta(&runs[i].rd, "fleet_host");
		int found = 1;

		base = base ? base : run_meta(&runs[i].rd, "host");
		if (strmap_put(&dirs, runs[i].real, i, &found) == (size_t)-1)
			r = -ENOMEM;
		else if (found) {
			snprintf(err, errlen, "'%s' is given twice (as %s too)", runs[i].rd.path,
				 runs[strmap_get(&dirs, runs[i].real)].rd.path);
			r = -EINVAL;
		}
		snprintf(runs[i].label, sizeof(runs[i].label), "%.*s", NAME_MAX, base);
		for (size_t k = 2; r == 0 && strmap_get(&taken, runs[i].label) != (size_t)-1; k++)
			snprintf(runs[i].label, sizeof(runs[i].label), "%.*s#%zu", NAME_MAX, base, k);
		if (r == 0 && strmap_put(&taken, runs[i].label, i, NULL) == (size_t)-1)
			r = -ENOMEM;
	}
	strmap_free(&taken);
	strmap_free(&dirs);
	return r;
}

/* The union of the tables' columns, in order of first appearance. */
struct colunion {
	const char **name;
	size_t n;
	struct strmap idx;
};

static int union_add(struct colunion *u, const struct csv_table *t)
{
	for (size_t j = 0; j < t->ncols; j++) {
		int found;
		const char **v;

		if (strmap_put(&u->idx, t->cols[j], u->n, &found) == (size_t)-1)
			return -ENOMEM;
		if (found)
			continue;
		v = realloc(u->name, (u->n + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		u->name = v;
		v[u->n++] = t->cols[j];
	}
	return 0;
}

/* One table's rows, each with the run's label and fingerprint first; map[k] is the
 * table's column for union column k (-1: NA). */
static void put_rows(struct sbuf *b, const struct merge_run *m, const struct csv_table *t,
		     const struct colunion *u, int *map)
{
	for (size_t k = 0; k < u->n; k++)
		map[k] = csv_col(t, u->name[k]);
	for (size_t i = 0; i < t->nrows; i++) {
		sbuf_csv_field(b, m->label);
		sbuf_printf(b, ",%s", m->fp);
		for (size_t k = 0; k < u->n; k++) {
			sbuf_putc(b, ',');
			sbuf_csv_field(b, map[k] >= 0 ? t->rows[i][map[k]] : NULL);
		}
		sbuf_putc(b, '\n');
	}
}

/* fleet.csv (which 0) or fleet_summary.csv (1) of the runs. */
static int write_table(const char *out, const char *file, struct merge_run *runs, size_t n,
		       int which)
{
	struct colunion u = { 0 };
	struct sbuf b = { 0 }, path = { 0 };
	int *map = NULL, r = 0;

	for (size_t i = 0; r == 0 && i < n; i++)
		r = union_add(&u, which ? &runs[i].rd.t[RF_SUMMARY] : &runs[i].results);
	if (r == 0 && !(map = malloc((u.n ? u.n : 1) * sizeof(*map))))
		r = -ENOMEM;
	sbuf_printf(&b, "host,fingerprint");
	for (size_t k = 0; r == 0 && k < u.n; k++) {
		sbuf_putc(&b, ',');
		sbuf_csv_field(&b, u.name[k]);
	}
	sbuf_putc(&b, '\n');
	for (size_t i = 0; r == 0 && i < n; i++)
		put_rows(&b, &runs[i], which ? &runs[i].rd.t[RF_SUMMARY] : &runs[i].results, &u, map);
	sbuf_printf(&path, "%s/%s", out, file);
	if (r == 0)
		r = b.oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b.p, b.len);
	free(map);
	free(u.name);
	strmap_free(&u.idx);
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}

/* The run directory as hosts.csv gives it: relative to the fleet directory when it lies
 * below it (the fleet can then move as a whole), else absolute. */
static const char *run_dir_for(const char *out_real, const char *real)
{
	size_t n = out_real ? strlen(out_real) : 0;

	if (n && strncmp(real, out_real, n) == 0 && real[n] == '/')
		return real + n + 1;
	return real;
}

static void host_line(struct sbuf *b, const struct merge_run *m, const char *out_real)
{
	static const char *const more[] = { "arch", "cpus_online", "virtualized", "run_status",
					    "date_utc", "git_revision" };
	const char *v[FP_NFIELDS];

	fp_values(&m->rd, v);
	sbuf_csv_field(b, m->label);
	sbuf_putc(b, ',');
	sbuf_csv_field(b, run_meta(&m->rd, "host"));
	sbuf_printf(b, ",%s", m->fp);
	for (int k = 0; k < FP_NFIELDS; k++) {
		sbuf_putc(b, ',');
		sbuf_csv_field(b, v[k]);
	}
	for (size_t k = 0; k < sizeof(more) / sizeof(more[0]); k++) {
		sbuf_putc(b, ',');
		sbuf_csv_field(b, run_meta(&m->rd, more[k]));
	}
	sbuf_printf(b, ",%zu,%zu,", m->results.nrows, m->rd.t[RF_SUMMARY].nrows);
	sbuf_csv_field(b, run_dir_for(out_real, m->real));
	sbuf_putc(b, '\n');
}

static int write_hosts(const char *out, const struct merge_run *runs, size_t n)
{
	struct sbuf b = { 0 }, path = { 0 };
	char *out_real = realpath(out, NULL);
	int r;

	sbuf_printf(&b, "host,hostname,fingerprint");
	for (int k = 0; k < FP_NFIELDS; k++)
		sbuf_printf(&b, ",%s", fp_fields[k]);
	sbuf_printf(&b, ",arch,cpus_online,virtualized,run_status,date_utc,git_revision,"
			"results_rows,summary_rows,run_dir\n");
	for (size_t i = 0; i < n; i++)
		host_line(&b, &runs[i], out_real);
	sbuf_printf(&path, "%s/%s", out, FLEET_HOSTS);
	r = b.oom || path.oom ? -ENOMEM : write_file_atomic(path.p, b.p, b.len);
	free(out_real);
	sbuf_free(&b);
	sbuf_free(&path);
	return r;
}

static int write_all(const char *out, struct merge_run *runs, size_t n, char *err,
		     size_t errlen)
{
	int r = mkdir_p(out);

	if (r == 0)
		r = write_table(out, FLEET_RESULTS, runs, n, 0);
	if (r == 0)
		r = write_table(out, FLEET_SUMMARY, runs, n, 1);
	if (r == 0)
		r = write_hosts(out, runs, n);
	if (r < 0)
		snprintf(err, errlen, "writing the fleet directory %s: %s", out, strerror(-r));
	return r;
}

static void print_hosts(const struct merge_run *runs, size_t n, const char *out)
{
	for (size_t i = 0; i < n; i++)
		printf("  %-24s %s  %zu rows  %s (%s)\n", runs[i].label, runs[i].fp,
		       runs[i].results.nrows, runs[i].rd.path,
		       run_meta(&runs[i].rd, "run_status") ? run_meta(&runs[i].rd, "run_status") : "?");
	printf("ipcbench merge: %zu hosts into %s (%s, %s, %s)\n", n, out, FLEET_RESULTS,
	       FLEET_SUMMARY, FLEET_HOSTS);
}

int fleet_merge(char *const *dirs, size_t n, const char *out, int quiet, char *err,
		size_t errlen)
{
	struct merge_run *runs = calloc(n ? n : 1, sizeof(*runs));
	size_t loaded = 0;
	int r = runs ? 0 : -ENOMEM;

	for (; r == 0 && loaded < n; loaded++) {
		r = load_run(&runs[loaded], dirs[loaded], err, errlen);
		if (r == 0) {
			const char *v[FP_NFIELDS];
			fp_values(&runs[loaded].rd, v);
			fp_make(v, runs[loaded].fp);
		}
	}
	if (r == 0)
		r = label_runs(runs, n, err, errlen);
	if (r == 0)
		r = write_all(out, runs, n, err, errlen);
	if (r == 0 && !quiet)
		print_hosts(runs, n, out);
	if (r == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	for (size_t i = 0; runs && i < loaded; i++) {
		run_dir_free(&runs[i].rd);
		csv_table_free(&runs[i].results);
		free(runs[i].real);
	}
	free(runs);
	return r;
}
