/* `compare --csv FILE`: every key's verdict as CSV, for scripts (see compare/compare.h). */
#include <errno.h>
#include <math.h>
#include "sys/files.h"
#include "compare/compare.h"

static void num(struct sbuf *b, double v, int decimals)
{
	sbuf_printf(b, ",");
	sbuf_csv_num(b, !isnan(v) && !isinf(v), v, decimals);
}

static void row(struct sbuf *b, const struct cmp_entry *e)
{
	size_t nb = e->tested ? e->n_b : e->b ? e->b->n : 0;
	size_t nc = e->tested ? e->n_c : e->c ? e->c->n : 0;

	sbuf_csv_field(b, e->label);
	sbuf_printf(b, ",");
	sbuf_csv_field(b, e->transport);
	sbuf_printf(b, ",%s,", cmp_verdict_name(e->verdict));
	sbuf_csv_field(b, e->reason);
	sbuf_printf(b, ",%zu,%zu,%zu,%zu", nb, nc, e->runs_b, e->runs_c);
	num(b, e->med_b, 1), num(b, e->med_c, 1);
	num(b, e->ci.ratio, 4), num(b, e->ci.lo, 4), num(b, e->ci.hi, 4);
	num(b, e->p, 6), num(b, e->p_holm, 6);
	if (isinf(e->mdc))
		sbuf_printf(b, ",none\n");
	else
		num(b, (e->mdc - 1) * 100, 2), sbuf_printf(b, "\n");
}

int cmp_write_csv(const struct cmp_report *r, const char *path)
{
	struct sbuf b = { 0 };
	int rc;

	sbuf_printf(&b, "key,transport,verdict,reason,n_baseline,n_current,runs_baseline,"
		       "runs_current,median_baseline,median_current,ratio,ci_lo,ci_hi,p,p_holm,"
		       "detectable_change_pct\n");
	for (size_t i = 0; i < r->n; i++)
		row(&b, &r->e[i]);
	rc = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return rc;
}
