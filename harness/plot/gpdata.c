#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plot/gpdata.h"
#include "sys/files.h"
#include "text/csv.h"

/* One field as the original writer wrote it, but with line breaks made blanks. */
static void flat_field(struct sbuf *b, const char *f)
{
	char *copy = strdup(f);

	if (!copy) {
		b->oom = 1;
		return;
	}
	for (char *p = copy; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	sbuf_csv_field(b, copy);
	free(copy);
}

static void flat_record(struct sbuf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_putc(b, ',');
		flat_field(b, v[i]);
	}
	sbuf_putc(b, '\n');
}

static int copy_table(int dirfd, const char *name, const struct csv_table *t)
{
	struct sbuf b = { 0 };
	int r;

	flat_record(&b, t->cols, t->ncols);
	for (size_t i = 0; i < t->nrows; i++)
		flat_record(&b, t->rows[i], t->ncols);
	r = b.oom ? -ENOMEM : write_file_at(dirfd, name, b.p, b.len);
	sbuf_free(&b);
	return r;
}

void gp_table_subset(struct sbuf *b, const struct csv_table *t, const struct rowsel *s)
{
	flat_record(b, t->cols, t->ncols);
	for (size_t i = 0; i < t->nrows; i++)
		if (row_selected(t, i, s))
			flat_record(b, t->rows[i], t->ncols);
}

/* work/K holds run K's tables (all but meta.csv, which gnuplot does not read). */
static int copy_run(struct gp_work *w, size_t k, struct run_dir *r)
{
	char sub[PATH_MAX];
	int fd, e = 0;

	if ((size_t)snprintf(sub, sizeof(sub), "%s/%zu", w->dir, k) >= sizeof(sub))
		return -ENAMETOOLONG;
	if (mkdir(sub, 0700) < 0)
		return -errno;
	if ((fd = open(sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -errno;
	for (int f = 0; e == 0 && f < RF_N; f++)
		if (f != RF_META && r->present[f] && !r->err[f][0])
			e = copy_table(fd, run_file_names[f], &r->t[f]);
	close(fd);
	if (e == 0)
		snprintf(r->data, sizeof(r->data), "%s", sub);
	return e;
}

int gp_work_open(struct gp_work *w, const char *plots, struct run_dir *runs, size_t n,
		 char *err, size_t errlen)
{
	int e = 0;

	w->nruns = 0;
	snprintf(w->dir, sizeof(w->dir), "%s/.gnuplot-XXXXXX", plots);
	if (!mkdtemp(w->dir)) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", w->dir, strerror(errno));
		w->dir[0] = 0;
		return e;
	}
	for (size_t k = 0; e == 0 && k < n; k++, w->nruns++)
		if ((e = copy_run(w, k, &runs[k])) < 0)
			snprintf(err, errlen, "copying %s's tables for gnuplot into %s: %s",
				 runs[k].path, w->dir, strerror(-e));
	return e;
}

void gp_work_close(struct gp_work *w)
{
	const char *slash = strrchr(w->dir, '/');
	char name[32], parent[PATH_MAX];
	int fd;

	if (!w->dir[0] || !slash)
		return;
	if ((fd = open(w->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		for (size_t k = 0; k <= w->nruns; k++) {
			snprintf(name, sizeof(name), "%zu", k);
			dir_remove_files(fd, name, (uid_t)-1);
		}
		close(fd);
	}
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - w->dir), w->dir);
	if ((fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		dir_remove_files(fd, slash + 1, (uid_t)-1);
		close(fd);
	}
	w->dir[0] = 0;
}
