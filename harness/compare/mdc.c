/* The smallest detectable change; see mdc.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare/mdc.h"
#include "stats/signrank.h"
#include "compare/tdist.h"
#include "stats/exact.h"
#include "stats/rng.h"
#include "stats/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The k-th smallest (0-based) of v[0..n-1], reordering v (Wirth's selection). */
static double select_kth(double *v, size_t n, size_t k)
{
	long l = 0, m = (long)n - 1, kk = (long)k;

	while (l < m) {
		double x = v[kk], t;
		long i = l, j = m;
		do {
			while (v[i] < x)
				i++;
			while (x < v[j])
				j--;
			if (i <= j) {
				t = v[i], v[i] = v[j], v[j] = t;
				i++, j--;
			}
		} while (i <= j);
		if (j < kk)
			l = i;
		if (kk < i)
			m = j;
	}
	return v[kk];
}

/* pool - median(pool) into a new array. */
static double *centred(const double *pool, size_t n)
{
	double *c = malloc(n * sizeof(*c)), *s = malloc(n * sizeof(*s)), mid;

	if (!c || !s) {
		free(c), free(s);
		return NULL;
	}
	memcpy(s, pool, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	mid = stats_percentile_sorted(s, n, 0.5);
	for (size_t i = 0; i < n; i++)
		c[i] = pool[i] - mid;
	free(s);
	return c;
}

/* The power quantile of the sims thresholds in t (sorted here). */
static double power_quantile(double *t, size_t sims, double power)
{
	qsort(t, sims, sizeof(*t), cmp_double);
	return fmax(0, stats_percentile_sorted(t, sims, power));
}

static int paired_sims(const double *res, size_t npool, size_t n, size_t wcrit,
		       const struct mdc_params *mp, double *t)
{
	size_t N = n * (n + 1) / 2;
	double *d = malloc(n * sizeof(*d)), *w = malloc(N * sizeof(*w));
	struct rng g;

	if (!d || !w) {
		free(d), free(w);
		return -ENOMEM;
	}
	rng_seed(&g, mp->seed);
	for (size_t s = 0; s < mp->sims; s++) {
		for (size_t i = 0; i < n; i++)
			d[i] = res[rng_below(&g, npool)] * (rng_next(&g) >> 63 ? 1 : -1);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			for (size_t j = i; j < n; j++)
				w[k++] = (d[i] + d[j]) / 2;
		/* W+ >= wcrit once more than N - wcrit Walsh averages are above -shift */
		t[s] = -select_kth(w, N, N - wcrit);
	}
	free(d), free(w);
	return 0;
}

int mdc_paired(const double *pool, size_t npool, size_t n, const struct mdc_params *mp,
	       double *out)
{
	size_t N = n * (n + 1) / 2, wcrit;
	double *counts, *res, *t;
	int r;

	if (!pool || npool == 0 || n == 0 || n > SR_MAX || !mp || mp->sims < 2 || !out)
		return -EINVAL;
	counts = malloc((N + 1) * sizeof(*counts));
	if (!counts)
		return -ENOMEM;
	sr_counts(n, counts);
	wcrit = sr_upper_critical(counts, n, mp->alpha);
	free(counts);
	if (wcrit > N) {
		*out = INFINITY;
		return 0;
	}
	res = centred(pool, npool);
	t = malloc(mp->sims * sizeof(*t));
	r = res && t ? paired_sims(res, npool, n, wcrit, mp, t) : -ENOMEM;
	if (r == 0)
		*out = power_quantile(t, mp->sims, mp->power);
	free(res), free(t);
	return r;
}

/* Smallest U (pairs of the current above the baseline) the exact two-sided test at alpha
 * rejects; m * n + 1 when none. */
static size_t mw_upper_critical(size_t m, size_t n, double alpha, int *err)
{
	size_t top = m * n, u = top + 1;
	double *c = malloc((top + 1) * sizeof(*c)), total = 0, tail = 0;

	*err = c ? mw_u_counts(m, n, c) : -ENOMEM;
	for (size_t i = 0; *err == 0 && i <= top; i++)
		total += c[i];
	while (*err == 0 && u > 0 && (tail + c[u - 1]) / total <= alpha / 2)
		tail += c[--u];
	free(c);
	return u;
}

static int unpaired_sims(const double *x, size_t nx, size_t m, const double *y, size_t ny,
			 size_t n, size_t ucrit, const struct mdc_params *mp, double *t)
{
	double *xs = malloc(m * sizeof(*xs)), *ys = malloc(n * sizeof(*ys));
	double *diff = malloc(m * n * sizeof(*diff));
	struct rng g;

	if (!xs || !ys || !diff) {
		free(xs), free(ys), free(diff);
		return -ENOMEM;
	}
	rng_seed(&g, mp->seed);
	for (size_t s = 0; s < mp->sims; s++) {
		for (size_t i = 0; i < m; i++)
			xs[i] = x[rng_below(&g, nx)];
		for (size_t j = 0; j < n; j++)
			ys[j] = y[rng_below(&g, ny)];
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < n; j++)
				diff[i * n + j] = xs[i] - ys[j];
		/* U >= ucrit once the shift exceeds ucrit of the differences */
		t[s] = select_kth(diff, m * n, ucrit - 1);
	}
	free(xs), free(ys), free(diff);
	return 0;
}

int mdc_unpaired(const double *xpool, size_t nx, size_t m, const double *ypool, size_t ny,
		 size_t n, const struct mdc_params *mp, double *out)
{
	double *x = NULL, *y = NULL, *t = NULL;
	size_t ucrit;
	int r;

	if (!xpool || !ypool || nx == 0 || ny == 0 || m == 0 || n == 0 || m + n > MW_EXACT_MAX ||
	    !mp || mp->sims < 2 || !out)
		return -EINVAL;
	ucrit = mw_upper_critical(m, n, mp->alpha, &r);
	if (r == 0 && ucrit > m * n) {
		*out = INFINITY;
		return 0;
	}
	if (r == 0) {
		x = centred(xpool, nx);
		y = centred(ypool, ny);
		t = malloc(mp->sims * sizeof(*t));
		r = x && y && t ? unpaired_sims(x, nx, m, y, ny, n, ucrit, mp, t) : -ENOMEM;
	}
	if (r == 0)
		*out = power_quantile(t, mp->sims, mp->power);
	free(x), free(y), free(t);
	return r;
}

double mdc_t(double se, double df, double alpha, double power)
{
	if (!(se >= 0) || !(df > 0) || !(alpha > 0 && alpha < 1))
		return NAN;
	return (t_quantile(1 - alpha / 2, df) + t_quantile(power, df)) * se;
}
