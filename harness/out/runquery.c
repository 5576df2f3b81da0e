#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stats/stats.h"
#include "out/runquery.h"

int field_num(const char *s, double *v)
{
	char *end;

	if (!s || !*s)
		return 0;
	*v = strtod(s, &end);
	return *end == 0 && isfinite(*v);
}

static int equals(const struct csv_table *t, size_t row, const char *col, const char *want)
{
	const char *f = csv_get(t, row, col);

	return f && strcmp(f, want) == 0;
}

static int equals_int(const struct csv_table *t, size_t row, const char *col, int want)
{
	double v;

	return field_num(csv_get(t, row, col), &v) && v == want;
}

static const char *const pattern_cols[] = { "rate_per_s", "idle_ns", "clients", "subscribers" };
#define NPATTERN (sizeof(pattern_cols) / sizeof(pattern_cols[0]))

void pattern_columns(const struct csv_table *t, struct sbuf *list)
{
	for (size_t i = 0; i < NPATTERN; i++)
		if (csv_col(t, pattern_cols[i]) >= 0)
			sbuf_printf(list, "%s%s", list->len ? " " : "", pattern_cols[i]);
}

int row_classic(const struct csv_table *t, size_t row)
{
	double v;

	for (size_t i = 0; i < NPATTERN; i++)
		if (field_num(csv_get(t, row, pattern_cols[i]), &v) && v != 0)
			return 0;
	return 1;
}

int row_selected(const struct csv_table *t, size_t row, const struct rowsel *s)
{
	double v;

	if (!s->any_pattern && !row_classic(t, row))
		return 0;
	if (s->mode && !equals(t, row, "mode", s->mode))
		return 0;
	for (int k = 0; k < 3; k++)
		if (s->col[k] && !equals(t, row, s->col[k], s->value[k]))
			return 0;
	for (int k = 0; k < 4 && s->zero[k]; k++)
		if (field_num(csv_get(t, row, s->zero[k]), &v) && v != 0)
			return 0;
	if (s->g && (!equals(t, row, "placement", s->g->placement) ||
		     !equals_int(t, row, "client_cpu", s->g->ccpu) ||
		     !equals_int(t, row, "server_cpu", s->g->scpu)))
		return 0;
	for (int k = 0; k < 3 && s->need[k]; k++)
		if (!field_num(csv_get(t, row, s->need[k]), &v) || v <= 0)
			return 0;
	for (int k = 0; k < 5 && s->nonneg[k]; k++)
		if (!field_num(csv_get(t, row, s->nonneg[k]), &v) || v < 0)
			return 0;
	return 1;
}

size_t count_selected(const struct csv_table *t, const struct rowsel *s)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nrows; i++)
		n += (size_t)row_selected(t, i, s);
	return n;
}

static int row_group(const struct csv_table *t, size_t row, struct group *g)
{
	const char *p = csv_get(t, row, "placement");
	double c, s;

	if (!p || strlen(p) >= sizeof(g->placement) || strpbrk(p, " \t'\"") ||
	    !field_num(csv_get(t, row, "client_cpu"), &c) ||
	    !field_num(csv_get(t, row, "server_cpu"), &s))
		return 0;
	snprintf(g->placement, sizeof(g->placement), "%s", p);
	g->ccpu = (int)c;
	g->scpu = (int)s;
	return 1;
}

static int same_group(const struct group *a, const struct group *b)
{
	return strcmp(a->placement, b->placement) == 0 && a->ccpu == b->ccpu && a->scpu == b->scpu;
}

size_t find_groups(const struct csv_table *t, const struct rowsel *s, struct group *out,
		   size_t max)
{
	size_t n = 0, k;
	struct group g;

	for (size_t i = 0; i < t->nrows && n < max; i++) {
		if (!row_selected(t, i, s) || !row_group(t, i, &g))
			continue;
		for (k = 0; k < n && !same_group(&out[k], &g); k++)
			;
		if (k == n)
			out[n++] = g;
	}
	return n;
}

void group_tag(const struct group *g, size_t n, size_t i, char *out, size_t len)
{
	int shared = 0;

	for (size_t k = 0; k < n; k++)
		shared |= k != i && strcmp(g[k].placement, g[i].placement) == 0;
	if (shared)
		snprintf(out, len, "%s-c%d-s%d", g[i].placement, g[i].ccpu, g[i].scpu);
	else
		snprintf(out, len, "%s", g[i].placement);
}

int word_in(const char *list, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = list; p && *p; p += strcspn(p, " "), p += *p == ' ')
		if (strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

void distinct_words(const struct csv_table *t, const struct rowsel *s, const char *col,
		    struct sbuf *list)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const char *v = csv_get(t, i, col);

		if (!v || !*v || strpbrk(v, " \t\r\n'\"") || !row_selected(t, i, s) ||
		    word_in(list->p, v))
			continue;
		sbuf_printf(list, "%s%s", list->len ? " " : "", v);
	}
}

size_t selected_sizes(const struct csv_table *t, const struct rowsel *s, double *v, size_t max)
{
	size_t n = 0, k;
	double x;

	for (size_t i = 0; i < t->nrows && n < max; i++) {
		if (!row_selected(t, i, s) || !field_num(csv_get(t, i, "size_bytes"), &x) || x <= 0)
			continue;
		for (k = 0; k < n && v[k] != x; k++)
			;
		if (k == n)
			v[n++] = x;
	}
	qsort(v, n, sizeof(*v), stats_cmp_double);
	return n;
}

void size_words(struct sbuf *list, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sbuf_printf(list, "%s%.0f", i ? " " : "", v[i]);
}

size_t word_count(const char *list)
{
	size_t n = 0;

	for (const char *p = list; p && *p; p += strcspn(p, " "), p += *p == ' ')
		n++;
	return n;
}

void word_at(const char *list, size_t i, char *out, size_t len)
{
	const char *p = list ? list : "";

	for (; *p && i > 0; i--)
		p += strcspn(p, " "), p += *p == ' ';
	snprintf(out, len, "%.*s", (int)strcspn(p, " "), p);
}

void merge_sizes(double *all, size_t *n, size_t max, const double *v, size_t m)
{
	for (size_t i = 0; i < m && *n < max; i++) {
		size_t k = 0;

		while (k < *n && all[k] < v[i])
			k++;
		if (k < *n && all[k] == v[i])
			continue;
		memmove(&all[k + 1], &all[k], (*n - k) * sizeof(*all));
		all[k] = v[i];
		(*n)++;
	}
}
