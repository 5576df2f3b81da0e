#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/csv.h"
#include "text/csvread.h"

#define CSV_MAX_BYTES (256u << 20)

struct parser {
	const char *p, *end;
	int line;
};

/* One field into b (reset first); *eol tells whether it ended its record. */
static int read_field(struct parser *ps, struct sbuf *b, int *eol)
{
	b->len = 0;
	sbuf_printf(b, "%s", "");
	if (ps->p < ps->end && *ps->p == '"') {
		for (ps->p++;; ps->p++) {
			if (ps->p >= ps->end)
				return -EINVAL; /* unterminated quote */
			if (*ps->p == '"' && ps->p + 1 < ps->end && ps->p[1] == '"')
				ps->p++;
			else if (*ps->p == '"')
				break;
			if (*ps->p == '\n')
				ps->line++;
			sbuf_putc(b, *ps->p);
		}
		ps->p++;
	} else {
		while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' && *ps->p != '\r') {
			if (*ps->p == '"')
				return -EINVAL;
			sbuf_putc(b, *ps->p++);
		}
	}
	if (ps->p < ps->end && *ps->p == '\r')
		ps->p++;
	*eol = ps->p >= ps->end || *ps->p == '\n';
	if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n')
		return -EINVAL; /* text after a closing quote */
	if (ps->p < ps->end)
		ps->p++;
	return b->oom ? -ENOMEM : 0;
}

static int read_record(struct parser *ps, char ***out, size_t *n)
{
	struct sbuf b = { 0 };
	char **v = NULL;
	int eol = 0, r = 0;

	*n = 0;
	while (!eol) {
		char **nv = realloc(v, (*n + 1) * sizeof(*v));
		if (!nv || (r = read_field(ps, &b, &eol)) < 0) {
			v = nv ? nv : v;
			r = r ? r : -ENOMEM;
			break;
		}
		v = nv;
		v[(*n)++] = strdup(b.p);
	}
	sbuf_free(&b);
	ps->line++;
	*out = v;
	return r;
}

static void free_record(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The line of buf that at lies on, from 1. */
static int line_of(const char *buf, const char *at)
{
	int line = 1;

	for (const char *p = buf; p < at; p++)
		line += *p == '\n';
	return line;
}

/* The line of the first NUL byte in buf, or 0 when there is none. */
static int nul_line(const char *buf, size_t len)
{
	const char *z = memchr(buf, 0, len);

	return z ? line_of(buf, z) : 0;
}

/* Room for one more data row in t (rows, their lines and, when kept, their text). */
static int grow(struct csv_table *t, int keep_raw)
{
	char ***rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows));
	int *line;
	char **raw;

	if (!rows)
		return -ENOMEM;
	t->rows = rows;
	if (!(line = realloc(t->line, (t->nrows + 1) * sizeof(*line))))
		return -ENOMEM;
	t->line = line;
	if (keep_raw) {
		if (!(raw = realloc(t->raw, (t->nrows + 1) * sizeof(*raw))))
			return -ENOMEM;
		t->raw = raw;
	}
	return 0;
}

/* The data rows after the header; *at is the line of the record being read. */
static int read_rows(struct parser *ps, int strict, struct csv_table *t, int *at, char *err,
		     size_t errlen, const char *name)
{
	int r = 0;

	while (r == 0 && ps->p < ps->end) {
		const char *start = ps->p;
		char **rec;
		size_t n;

		*at = ps->line;
		if ((r = grow(t, strict)) < 0)
			return r;
		if ((r = read_record(ps, &rec, &n)) < 0) {
			free_record(rec, n);
			return r;
		}
		if (n != t->ncols) {
			snprintf(err, errlen, "%s:%d: %zu fields, the header has %zu", name, *at, n,
				 t->ncols);
			free_record(rec, n);
			return -ERANGE;
		}
		t->line[t->nrows] = *at;
		if (strict && !(t->raw[t->nrows] = strndup(start, (size_t)(ps->p - start) - 1))) {
			free_record(rec, n);
			return -ENOMEM;
		}
		t->rows[t->nrows++] = rec;
	}
	return 0;
}

static int parse(const char *name, const char *buf, size_t len, int strict, struct csv_table *t,
		 char *err, size_t errlen)
{
	struct parser ps = { buf, buf + len, 1 };
	int r, at = 1, bad = nul_line(buf, len);

	memset(t, 0, sizeof(*t));
	if (bad) {
		snprintf(err, errlen, "%s:%d: a NUL byte (not a text file, or damaged)", name, bad);
		return -EINVAL;
	}
	if (strict && (len == 0 || buf[len - 1] != '\n')) {
		snprintf(err, errlen, "%s:%d: %s", name, len ? line_of(buf, buf + len) : 1,
			 len ? "the last line has no line end (the file was cut short)"
			     : "empty: not even a header");
		return -EINVAL;
	}
	r = read_record(&ps, &t->cols, &t->ncols);
	if (r == 0)
		r = read_rows(&ps, strict, t, &at, err, errlen, name);
	if (r == -EINVAL)
		snprintf(err, errlen, "%s:%d: malformed CSV: a quote not closed, or text after a "
			 "closing quote", name, at);
	else if (r == -ENOMEM)
		snprintf(err, errlen, "%s: %s", name, strerror(ENOMEM));
	if (r < 0)
		csv_table_free(t);
	return r == -ERANGE ? -EINVAL : r;
}

int csv_parse(const char *name, const char *buf, size_t len, struct csv_table *t, char *err,
	      size_t errlen)
{
	return parse(name, buf, len, 0, t, err, errlen);
}

static int read_file(const char *path, int strict, struct csv_table *t, char *err,
		     size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct sbuf b = { 0 };
	char chunk[65536];
	size_t n;
	int r;

	memset(t, 0, sizeof(*t));
	if (!f) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return r;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b.len < CSV_MAX_BYTES)
		sbuf_add(&b, chunk, n);
	r = ferror(f) ? -EIO : 0;
	fclose(f);
	if (r == 0 && (b.oom || b.len >= CSV_MAX_BYTES)) {
		snprintf(err, errlen, "%s: too large or out of memory", path);
		r = -EFBIG;
	} else if (r < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
	}
	if (r == 0)
		r = parse(path, b.p ? b.p : "", b.len, strict, t, err, errlen);
	sbuf_free(&b);
	return r;
}

int csv_read_file(const char *path, struct csv_table *t, char *err, size_t errlen)
{
	return read_file(path, 0, t, err, errlen);
}

int csv_read_file_strict(const char *path, struct csv_table *t, char *err, size_t errlen)
{
	return read_file(path, 1, t, err, errlen);
}

int csv_col(const struct csv_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return (int)i;
	return -1;
}

const char *csv_get(const struct csv_table *t, size_t row, const char *name)
{
	int c = csv_col(t, name);

	return c < 0 || row >= t->nrows ? NULL : t->rows[row][c];
}

void csv_table_free(struct csv_table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		free_record(t->rows[i], t->ncols);
		if (t->raw)
			free(t->raw[i]);
	}
	free(t->rows);
	free(t->line);
	free(t->raw);
	free_record(t->cols, t->ncols);
	memset(t, 0, sizeof(*t));
}
