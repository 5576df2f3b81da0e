#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "out/tables.h"
#include "out/parties.h"
#include "run/sink.h"
#include "sys/files.h"

/* Enough for meta.csv many times over. */
#define RESERVE_BYTES (256u << 10)

static int reserve_space(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600), r;

	if (fd < 0)
		return -errno;
	r = posix_fallocate(fd, 0, RESERVE_BYTES);
	close(fd);
	if (r == EOPNOTSUPP || r == EINVAL)
		r = 0; /* a file system without it: nothing set aside, nothing else changes */
	if (r)
		unlink(path);
	return -r;
}

int sink_open(struct run_sink *s, const char *dir, pid_t *holder)
{
	*s = (struct run_sink){ .dir = dir, .lockfd = -1 };
	snprintf(s->lock, sizeof(s->lock), "%s/" SINK_LOCK, dir);
	snprintf(s->reserve, sizeof(s->reserve), "%s/" SINK_RESERVE, dir);
	s->lockfd = lock_take(s->lock, holder);
	return s->lockfd < 0 ? s->lockfd : 0;
}

int sink_reserve(struct run_sink *s)
{
	int r = reserve_space(s->reserve);

	if (r < 0) {
		s->err = r;
		snprintf(s->err_file, sizeof(s->err_file), "%s", SINK_RESERVE);
	}
	return r;
}

typedef void table_fill(struct sbuf *, const struct row *, size_t, struct table_cache *);

static void matrix_fill(struct sbuf *b, const struct row *rows, size_t n, struct table_cache *c)
{
	(void)c;
	report_matrix_csv(b, rows, n);
}

static void parties_fill(struct sbuf *b, const struct row *rows, size_t n, struct table_cache *c)
{
	(void)c;
	parties_csv(b, rows, n);
}

static int write_one(struct run_sink *s, const char *name, const struct row *rows, size_t n,
		     table_fill *fill)
{
	char path[4200];
	struct sbuf b = { 0 };
	int r;

	if (s->err)
		return s->err;
	snprintf(path, sizeof(path), "%s/%s", s->dir, name);
	fill(&b, rows, n, &s->lines);
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	if (r < 0) {
		s->err = r;
		snprintf(s->err_file, sizeof(s->err_file), "%s", name);
	}
	return r;
}

int sink_write_rows(struct run_sink *s, const struct row *rows, size_t n, unsigned extras)
{
	size_t done = 0;
	int r = write_one(s, "spectrum.csv", rows, n, report_spectrum_csv);

	if (r == 0)
		r = write_one(s, "summary.csv", rows, n, report_summary_csv);
	if (r == 0 && (extras & SINK_MATRIX))
		r = write_one(s, "matrix.csv", rows, n, matrix_fill);
	if (r == 0 && (extras & SINK_PARTIES))
		r = write_one(s, "parties.csv", rows, n, parties_fill);
	if (r == 0)
		r = write_one(s, "results.csv", rows, n, report_results_csv);
	for (size_t i = 0; r == 0 && i < n; i++)
		done += rows[i].done != 0;
	if (r == 0)
		s->rows_on_disk = done;
	return r;
}

int sink_write_meta(struct run_sink *s, const struct meta *m)
{
	char path[4200];
	int r;

	if (s->err)
		unlink(s->reserve); /* the space set aside is for this write */
	snprintf(path, sizeof(path), "%s/meta.csv", s->dir);
	r = meta_write(m, path);
	if (r < 0 && !s->err) {
		s->err = r;
		snprintf(s->err_file, sizeof(s->err_file), "meta.csv");
	}
	return r;
}

void sink_error_text(const struct run_sink *s, char *buf, size_t n)
{
	snprintf(buf, n, "writing %s: %s", s->err_file, strerror(-s->err));
}

void sink_rows_changed(struct run_sink *s)
{
	table_cache_forget(&s->lines);
}

void sink_close(struct run_sink *s)
{
	table_cache_forget(&s->lines);
	if (s->lockfd < 0)
		return;
	unlink(s->reserve);
	lock_release(s->lockfd, s->lock);
	s->lockfd = -1;
}
