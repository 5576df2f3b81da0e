/* Measured conditions that must agree between the sides of a key (see design.h). */
#include <stdlib.h>
#include <string.h>
#include "compare/design.h"
#include "out/schema.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct values of column col over the group's ok rows, sorted, comma-separated. */
static char *distinct(const struct cmp_side *s, const struct cmp_group *g, const char *col)
{
	const char **v = malloc((g->n + 1) * sizeof(*v));
	struct sbuf b = { 0 };

	if (!v)
		return NULL;
	for (size_t i = 0; i < g->n; i++) {
		v[i] = csv_get(&s->t, g->row[i], col);
		v[i] = v[i] ? v[i] : "";
	}
	qsort(v, g->n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < g->n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			sbuf_printf(&b, "%s%s", i ? "," : "", v[i]);
	free(v);
	return b.oom ? (free(b.p), NULL) : b.p;
}

int cmp_conditions_differ(const struct cmp_side *sb, const struct cmp_group *b,
			  const struct cmp_side *sc, const struct cmp_group *c, char *why,
			  size_t n)
{
	size_t len = 0;
	int differ = 0;

	why[0] = 0;
	for (size_t i = 0; i < sb->t.ncols; i++) {
		const char *col = sb->t.cols[i];
		const struct col_def *s = schema_find(col);
		if (!s || !s->condition || csv_col(&sc->t, col) < 0)
			continue;
		char *vb = distinct(sb, b, col), *vc = distinct(sc, c, col);
		if (vb && vc && strcmp(vb, vc) != 0) {
			snprintf(why + len, n - len, "%s%s %.60s (baseline) vs %.60s (current)",
				 differ++ ? "; " : "", col, vb, vc);
			len = strlen(why);
		}
		free(vb);
		free(vc);
	}
	if (differ)
		snprintf(why + len, n - len, ": the sides did not measure the same thing");
	return differ;
}
