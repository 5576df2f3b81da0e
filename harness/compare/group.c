/* Grouping one side's rows per key, and the key's label for people; see compare/load.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out/schema.h"
#include "compare/load.h"

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
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->g[i].key, key) == 0)
			return &g->g[i];
	return NULL;
}

/* The group of row's key, created (with its label) when it is the first row of the key.
 * Takes ownership of key. */
static struct cmp_group *group_of(struct cmp_groups *g, char *key, const struct csv_table *t,
				  size_t row, char *const *cols, size_t ncols)
{
	struct cmp_group *found = cmp_groups_find(g, key), *v;

	if (found) {
		free(key);
		return found;
	}
	v = realloc(g->g, (g->n + 1) * sizeof(*v));
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
	v->v = malloc(t->nrows * sizeof(*v->v)); /* at most every row */
	v->row = malloc(t->nrows * sizeof(*v->row));
	v->run = malloc(t->nrows * sizeof(*v->run));
	return v->label && v->transport && v->v && v->row && v->run ? v : NULL;
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

int cmp_group_rows(const struct csv_table *t, const size_t *row_run, char *const *cols,
		   size_t ncols, const char *metric, struct cmp_groups *out)
{
	out->g = NULL;
	out->n = 0;
	for (size_t row = 0; row < t->nrows; row++) {
		char *key = make_key(t, row, cols, ncols);
		struct cmp_group *g = key ? group_of(out, key, t, row, cols, ncols) : NULL;

		if (!g) {
			cmp_groups_free(out);
			return -ENOMEM;
		}
		add_row(g, t, row, row_run ? row_run[row] : 0, metric);
	}
	return 0;
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
	free(g->g);
	g->g = NULL;
	g->n = 0;
}
