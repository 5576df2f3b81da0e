/* Grouping one side's rows per key, and the key's label for people; see compare/load.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out/schema.h"
#include "compare/load.h"
#include "text/strmap.h"

#define KEY_SEP '\x1f'
#define KEY_ABSENT "\x1e"

static void human_size(struct sbuf *b, const char *v)
{
	char *end;
	unsigned long long x = strtoull(v, &end, 10);

	if (*v == 0 || *end != 0)
		sbuf_printf(b, "%s", v);
	else if (x >= (1ull << 20) && x % (1ull << 20) == 0)
		sbuf_printf(b, "%lluMiB", x >> 20);
	else if (x >= 1024 && x % 1024 == 0)
		sbuf_printf(b, "%lluKiB", x >> 10);
	else
		sbuf_printf(b, "%lluB", x);
}

/* Columns the label shows in a fixed form. */
static int shown_fixed(const char *c)
{
	static const char *const fixed[] = { "transport", "size_bytes", "mode", "placement",
					     "client_cpu", "server_cpu" };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(c, fixed[i]) == 0)
			return 1;
	return 0;
}

/* A setting at its default (compare/schema.h) is left out of labels. */
static int at_default(const char *col, const char *v)
{
	const struct col_def *s = schema_find(col);

	return s && s->dflt && v && strcmp(s->dflt, v) == 0;
}

/* "pipe 64B cross-cpu 0,1", then mode and every other key column as name=value, each
 * unless at its default. */
static char *make_label(const struct csv_table *t, size_t row, char *const *cols,
			size_t ncols)
{
	struct sbuf b = { 0 };
	const char *tr = csv_get(t, row, "transport"), *sz = csv_get(t, row, "size_bytes");
	const char *pl = csv_get(t, row, "placement"), *mode = csv_get(t, row, "mode");
	const char *cc = csv_get(t, row, "client_cpu"), *sc = csv_get(t, row, "server_cpu");

	sbuf_printf(&b, "%s", tr ? tr : "?");
	if (sz)
		sbuf_printf(&b, " "), human_size(&b, sz);
	if (mode && !at_default("mode", mode))
		sbuf_printf(&b, " %s", mode);
	if (pl)
		sbuf_printf(&b, " %s", pl);
	if (cc && sc)
		sbuf_printf(&b, " %s,%s", cc, sc);
	for (size_t i = 0; i < ncols; i++) {
		const char *v = csv_get(t, row, cols[i]);
		if (!shown_fixed(cols[i]) && !at_default(cols[i], v))
			sbuf_printf(&b, " %s=%s", cols[i], v ? v : "(absent)");
	}
	return b.p;
}

static char *make_key(const struct csv_table *t, size_t row, char *const *cols, size_t ncols)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < ncols; i++) {
		const char *v = csv_get(t, row, cols[i]);
		sbuf_printf(&b, "%s%c", v ? v : KEY_ABSENT, KEY_SEP);
	}
	return b.oom ? (free(b.p), NULL) : b.p ? b.p : strdup("");
}

struct cmp_group *cmp_groups_find(const struct cmp_groups *g, const char *key)
{
	size_t i = g->index ? strmap_get(g->index, key) : (size_t)-1;

	return i == (size_t)-1 ? NULL : &g->g[i];
}

/* A new group for row's key (the last of g), with its label; takes ownership of key. Its
 * repetitions' array comes once all rows are counted. */
static struct cmp_group *new_group(struct cmp_groups *g, char *key, const struct csv_table *t,
				   size_t row, char *const *cols, size_t ncols)
{
	struct cmp_group *v = realloc(g->g, (g->n + 1) * sizeof(*v));

	if (!v) {
		free(key);
		return NULL;
	}
	g->g = v;
	v = &g->g[g->n++];
	memset(v, 0, sizeof(*v));
	v->key = key;
	v->label = make_label(t, row, cols, ncols);
	v->transport = strdup(csv_get(t, row, "transport"));
	return v->label && v->transport ? v : NULL;
}

static int parse_metric(const char *s, double *out)
{
	char *end;

	if (!s || !*s)
		return -EINVAL;
	*out = strtod(s, &end);
	return *end == 0 && *out == *out ? 0 : -EINVAL; /* NA, text or NaN */
}

static void note_bad(struct cmp_group *g, const char *status, const char *note)
{
	g->bad++;
	if (!g->bad_what && asprintf(&g->bad_what, "%s%s%s", status, note && *note ? ": " : "",
				     note ? note : "") < 0)
		g->bad_what = NULL;
}

static void add_row(struct cmp_group *g, const struct csv_table *t, size_t row, size_t run,
		    const char *metric)
{
	const char *status = csv_get(t, row, "status");
	double v;

	if (strcmp(status, "unsupported") == 0 || strcmp(status, "skipped") == 0)
		g->unsupported++;
	else if (strcmp(status, "ok") != 0)
		note_bad(g, status, csv_get(t, row, "note"));
	else if (parse_metric(csv_get(t, row, metric), &v) < 0)
		note_bad(g, "ok", "the metric is not a number");
	else
		g->row[g->n] = row, g->run[g->n] = run, g->v[g->n++] = v;
}

/* The group index of every row (groups made in order of first appearance, counting their
 * rows in n), then each group's arrays sized to its rows: linear in the rows. */
static int index_rows(const struct csv_table *t, char *const *cols, size_t ncols,
		      struct cmp_groups *out, size_t *of_row)
{
	for (size_t row = 0; row < t->nrows; row++) {
		char *key = make_key(t, row, cols, ncols);
		size_t i = key ? strmap_get(out->index, key) : (size_t)-1;

		if (!key)
			return -ENOMEM;
		if (i == (size_t)-1) {
			if (!new_group(out, key, t, row, cols, ncols) ||
			    strmap_put(out->index, out->g[out->n - 1].key, out->n - 1, NULL) ==
				    (size_t)-1)
				return -ENOMEM;
			i = out->n - 1;
		} else {
			free(key);
		}
		of_row[row] = i;
		out->g[i].n++;
	}
	for (size_t i = 0; i < out->n; i++) {
		struct cmp_group *g = &out->g[i];
		size_t m = g->n ? g->n : 1;

		g->v = malloc(m * sizeof(*g->v));
		g->row = malloc(m * sizeof(*g->row));
		g->run = malloc(m * sizeof(*g->run));
		if (!g->v || !g->row || !g->run)
			return -ENOMEM;
		g->n = 0;
	}
	return 0;
}

int cmp_group_rows(const struct csv_table *t, const size_t *row_run, char *const *cols,
		   size_t ncols, const char *metric, struct cmp_groups *out)
{
	size_t *of_row = malloc((t->nrows + 1) * sizeof(*of_row));
	int r;

	memset(out, 0, sizeof(*out));
	out->index = calloc(1, sizeof(*out->index));
	r = of_row && out->index ? index_rows(t, cols, ncols, out, of_row) : -ENOMEM;
	for (size_t row = 0; r == 0 && row < t->nrows; row++)
		add_row(&out->g[of_row[row]], t, row, row_run ? row_run[row] : 0, metric);
	free(of_row);
	if (r < 0)
		cmp_groups_free(out);
	return r;
}

void cmp_groups_free(struct cmp_groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->g[i].key);
		free(g->g[i].label);
		free(g->g[i].transport);
		free(g->g[i].v);
		free(g->g[i].row);
		free(g->g[i].run);
		free(g->g[i].bad_what);
	}
	if (g->index)
		strmap_free(g->index);
	free(g->index);
	g->index = NULL;
	free(g->g);
	g->g = NULL;
	g->n = 0;
}
