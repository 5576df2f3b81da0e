#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/fleetcmp.h"
#include "fleet/merge.h"
#include "text/strmap.h"

/* Removes column c from every row of t. */
static void drop_column(struct csv_table *t, size_t c)
{
	free(t->cols[c]);
	memmove(&t->cols[c], &t->cols[c + 1], (t->ncols - c - 1) * sizeof(*t->cols));
	for (size_t i = 0; i < t->nrows; i++) {
		free(t->rows[i][c]);
		memmove(&t->rows[i][c], &t->rows[i][c + 1], (t->ncols - c - 1) * sizeof(char *));
	}
	t->ncols--;
}

int fleet_cmp_load(const char *dir, char *results, size_t rlen, char *meta, size_t mlen,
		   struct csv_table *t, char *err, size_t errlen)
{
	int r, fp;

	if (!fleet_dir_is(dir))
		return 1;
	snprintf(results, rlen, "%s/%s", dir, FLEET_RESULTS);
	snprintf(meta, mlen, "%s/%s", dir, FLEET_HOSTS);
	r = csv_read_file(results, t, err, errlen);
	fp = r == 0 ? csv_col(t, "fingerprint") : -1;
	if (fp >= 0)
		drop_column(t, (size_t)fp);
	return r;
}

int fleet_cmp_is_hosts(const struct csv_table *m)
{
	return csv_col(m, "host") >= 0 && csv_col(m, "fingerprint") >= 0 &&
	       csv_col(m, "key") < 0;
}

static int host_diff(const struct csv_table *a, size_t ra, const struct csv_table *b,
		     size_t rb, const char *na, const char *nb, struct sbuf *diff)
{
	static const char *const keys[] = { "cpu_model", "kernel", "cpu_governor" };
	int n = 0;

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const char *va = csv_get(a, ra, keys[k]), *vb = csv_get(b, rb, keys[k]);
		if (va && vb && strcmp(va, vb) != 0) {
			sbuf_printf(diff, "host %s: %s: '%s' (%s) vs '%s' (%s)\n",
				    csv_get(a, ra, "host"), keys[k], va, na, vb, nb);
			n++;
		}
	}
	return n;
}

/* Hosts of x that y lacks, as one note line. */
static void only_in(const struct csv_table *x, const struct strmap *y, const char *name,
		    struct sbuf *notes)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nrows; i++) {
		if (strmap_get(y, csv_get(x, i, "host")) != (size_t)-1)
			continue;
		if (n++ == 0)
			sbuf_printf(notes, "hosts only in the %s fleet (their keys have nothing to "
				    "compare with): ", name);
		else
			sbuf_printf(notes, ", ");
		sbuf_printf(notes, "%s", csv_get(x, i, "host"));
	}
	if (n)
		sbuf_printf(notes, "\n");
}

static int index_hosts(const struct csv_table *t, struct strmap *m)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strmap_put(m, csv_get(t, i, "host"), i, NULL) == (size_t)-1)
			return -ENOMEM;
	return 0;
}

int fleet_cmp_hosts_diff(const struct csv_table *a, const struct csv_table *b,
			 const char *name_a, const char *name_b, struct sbuf *diff,
			 struct sbuf *notes)
{
	struct strmap ia = { 0 }, ib = { 0 };
	int n = 0;

	if (!fleet_cmp_is_hosts(a) || !fleet_cmp_is_hosts(b)) {
		sbuf_printf(diff, "the %s is a fleet directory (host is part of its keys) and the %s "
			    "is not: compare a fleet with a fleet\n",
			    fleet_cmp_is_hosts(a) ? name_a : name_b,
			    fleet_cmp_is_hosts(a) ? name_b : name_a);
		return 1;
	}
	if (index_hosts(a, &ia) < 0 || index_hosts(b, &ib) < 0) {
		sbuf_printf(diff, "out of memory\n");
		n = 1;
	}
	for (size_t i = 0; ib.cap && i < a->nrows; i++) {
		size_t j = strmap_get(&ib, csv_get(a, i, "host"));
		if (j != (size_t)-1)
			n += host_diff(a, i, b, j, name_a, name_b, diff);
	}
	only_in(a, &ib, name_a, notes);
	only_in(b, &ia, name_b, notes);
	strmap_free(&ia);
	strmap_free(&ib);
	return n;
}
