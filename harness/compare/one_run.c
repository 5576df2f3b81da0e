/* One run a side: the repetitions are the samples (see design.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare/design.h"
#include "compare/mdc.h"
#include "compare/tdist.h"
#include "stats/stats.h"

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double cmp_median(const double *v, size_t n)
{
	double *s = n ? malloc(n * sizeof(*s)) : NULL, m;

	if (!s)
		return NAN;
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_dbl);
	m = stats_percentile_sorted(s, n, 0.5);
	free(s);
	return m;
}

/* sign * log(v) into a new array; NULL when a value is <= 0 or memory is short. */
static double *signed_logs(const double *v, size_t n, int sign)
{
	double *l = malloc(n * sizeof(*l));

	for (size_t i = 0; l && i < n; i++) {
		if (!(v[i] > 0)) {
			free(l);
			return NULL;
		}
		l[i] = sign * log(v[i]);
	}
	return l;
}

/* By simulation while the exact test applies; beyond, from the interval's width. */
static double detectable(const struct cmp_ctx *x, const struct cmp_entry *e)
{
	const struct cmp_group *b = e->b, *c = e->c;
	struct mdc_params mp = { x->mdc_alpha, CMP_POWER, CMP_MDC_SIMS, x->seed };
	double *lb, *lc, shift = NAN;

	if (b->n + c->n > MW_EXACT_MAX) {
		double se = log(e->ci.hi / e->ci.lo) / (2 * t_quantile(1 - (1 - CMP_CONF) / 2,
								     INFINITY));
		return exp(mdc_t(se, INFINITY, x->mdc_alpha, CMP_POWER));
	}
	lb = signed_logs(b->v, b->n, x->worse_sign);
	lc = signed_logs(c->v, c->n, x->worse_sign);
	if (lb && lc && mdc_unpaired(lb, b->n, b->n, lc, c->n, c->n, &mp, &shift) < 0)
		shift = NAN;
	free(lb);
	free(lc);
	return exp(shift);
}

int cmp_test_one_run(const struct cmp_ctx *x, struct cmp_entry *e)
{
	struct boot_params bp = { CMP_RESAMPLES, CMP_CONF, x->seed };
	struct mw_result mw;
	int r;

	e->n_b = e->b->n;
	e->n_c = e->c->n;
	e->runs_b = e->runs_c = 1;
	r = mw_test(e->c->v, e->c->n, e->b->v, e->b->n, &mw);
	if (r < 0)
		return r;
	e->p = mw.p;
	e->p_approx = !mw.exact;
	e->min_p = mw_min_p(e->b->n, e->c->n);
	r = boot_median_ratio(e->b->v, e->b->n, e->c->v, e->c->n, &bp, &e->ci);
	if (r == -EDOM) {
		e->ci = (struct ratio_ci){ NAN, NAN, NAN };
		return 0;
	}
	if (r == 0)
		e->mdc = detectable(x, e);
	return r;
}
