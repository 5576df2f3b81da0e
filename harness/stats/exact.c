/* Mann-Whitney U, Holm, bootstrap ratio of medians; see stats/exact.h for the contracts. */
#include "stats/exact.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/rng.h"
#include "stats/stats.h"

typedef unsigned __int128 u128;

/* The Gaussian binomial as a power series truncated after q^(m*n): multiplying by
 * 1/(1 - q^i) is a prefix sum with stride i, by (1 - q^(n+i)) a strided difference. The
 * differences make intermediate coefficients negative, so the arithmetic is done modulo
 * 2^128 (unsigned wrap-around): every final coefficient is at most C(m+n, m) < 2^128 for
 * m + n <= 130, hence exact. */
int mw_u_counts(size_t m, size_t n, double *counts)
{
	size_t deg = m * n;
	u128 *c;

	if (m + n > MW_EXACT_MAX || !counts)
		return -EINVAL;
	c = calloc(deg + 1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c[0] = 1;
	for (size_t i = 1; i <= m; i++) {
		for (size_t k = i; k <= deg; k++)
			c[k] += c[k - i];
		for (size_t k = deg + 1; k-- > n + i;)
			c[k] -= c[k - n - i];
	}
	for (size_t k = 0; k <= deg; k++)
		counts[k] = (double)c[k];
	free(c);
	return 0;
}

/* Subset-sum counting: after item i, row j holds how many j-subsets of the first i items
 * reach each sum. Only additions of non-negative numbers, so doubles lose nothing up to
 * 2^53 and only relative rounding (1e-16 per step) beyond. */
int mw_ranksum2_counts(const unsigned *r2, size_t N, size_t m, double *counts)
{
	size_t S = N * (N + 1), top = 0;
	double *c;

	if (m > N || !r2 || !counts)
		return -EINVAL;
	c = calloc((m + 1) * (S + 1), sizeof(*c));
	if (!c)
		return -ENOMEM;
	c[0] = 1;
	for (size_t i = 0; i < N; i++) {
		size_t v = r2[i];

		top += v;
		if (v == 0 || top > S) {
			free(c);
			return -EINVAL; /* not doubled midranks of N values */
		}
		for (size_t j = i + 1 < m ? i + 1 : m; j >= 1; j--)
			for (size_t s = top + 1; s-- > v;)
				c[j * (S + 1) + s] += c[(j - 1) * (S + 1) + s - v];
	}
	memcpy(counts, c + m * (S + 1), (S + 1) * sizeof(*c));
	free(c);
	return 0;
}

struct tagged {
	double v;
	int group; /* 0: x, 1: y */
};

static int cmp_tagged(const void *a, const void *b)
{
	double x = ((const struct tagged *)a)->v, y = ((const struct tagged *)b)->v;

	return (x > y) - (x < y);
}

/* The pooled sample in ascending order with each value's doubled midrank (a run of ties
 * over 1-based ranks lo..hi gets lo + hi); *tie_term = sum of t^3 - t over tie runs. */
static void doubled_midranks(const struct tagged *t, size_t N, unsigned *r2, double *tie_term)
{
	*tie_term = 0;
	for (size_t i = 0, j; i < N; i = j) {
		for (j = i + 1; j < N && t[j].v == t[i].v; j++)
			;
		for (size_t k = i; k < j; k++)
			r2[k] = (unsigned)(i + 1 + j);
		*tie_term += (double)(j - i) * (double)(j - i) * (double)(j - i) - (double)(j - i);
	}
}

/* P(|X - mid| >= |obs - mid|) for a distribution given as counts over 0..len-1, in units
 * where mid and obs are integers (doubled), so the comparison is exact. */
static double two_sided_tail(const double *counts, size_t len, long long scale, long long mid2,
			     long long obs2)
{
	double tail = 0, total = 0;
	long long d_obs = llabs(obs2 - mid2);

	for (size_t k = 0; k < len; k++) {
		total += counts[k];
		if (counts[k] != 0 && llabs((long long)k * scale - mid2) >= d_obs)
			tail += counts[k];
	}
	return fmin(1, tail / total);
}

static double normal_p(double u, size_t m, size_t n, double tie_term)
{
	double N = (double)(m + n), mu = (double)m * (double)n / 2;
	double var = (double)m * (double)n / 12 * ((N + 1) - tie_term / (N * (N - 1)));

	if (!(var > 0))
		return 1;
	double z = fmax(0, fabs(u - mu) - 0.5) / sqrt(var);
	return fmin(1, erfc(z / M_SQRT2));
}

/* Exact p from the pooled, sorted sample: the U distribution without ties, the doubled
 * midrank-sum distribution with them. u2 = 2U; w2 = doubled rank sum of x. */
static int exact_p(const unsigned *r2, size_t m, size_t n, int ties, long long w2,
		   double *p)
{
	size_t N = m + n, len = ties ? N * (N + 1) + 1 : m * n + 1;
	double *counts = malloc(len * sizeof(*counts));
	int r;

	if (!counts)
		return -ENOMEM;
	if (ties) {
		r = mw_ranksum2_counts(r2, N, m, counts);
		if (r == 0)
			*p = two_sided_tail(counts, len, 1, (long long)(m * (N + 1)), w2);
	} else {
		r = mw_u_counts(m, n, counts);
		long long u2 = w2 - (long long)(m * (m + 1)); /* 2U = 2W - m(m+1) */
		if (r == 0)
			*p = two_sided_tail(counts, len, 2, (long long)(m * n), u2);
	}
	free(counts);
	return r;
}

int mw_test(const double *x, size_t m, const double *y, size_t n, struct mw_result *out)
{
	size_t N = m + n;
	struct tagged *t;
	unsigned *r2;
	long long w2 = 0;
	double tie_term;
	int r = 0;

	if (!x || !y || !out || m == 0 || n == 0)
		return -EINVAL;
	for (size_t i = 0; i < N; i++)
		if (isnan(i < m ? x[i] : y[i - m]))
			return -EINVAL;
	t = malloc(N * sizeof(*t));
	r2 = malloc(N * sizeof(*r2));
	if (!t || !r2) {
		free(t);
		free(r2);
		return -ENOMEM;
	}
	for (size_t i = 0; i < N; i++)
		t[i] = i < m ? (struct tagged){ x[i], 0 } : (struct tagged){ y[i - m], 1 };
	qsort(t, N, sizeof(*t), cmp_tagged);
	doubled_midranks(t, N, r2, &tie_term);
	for (size_t i = 0; i < N; i++)
		w2 += t[i].group == 0 ? r2[i] : 0;
	out->u = ((double)w2 - (double)(m * (m + 1))) / 2;
	out->ties = tie_term > 0;
	out->exact = N <= MW_EXACT_MAX;
	if (out->exact)
		r = exact_p(r2, m, n, out->ties, w2, &out->p);
	else
		out->p = normal_p(out->u, m, n, tie_term);
	free(t);
	free(r2);
	return r;
}

double mw_min_p(size_t m, size_t n)
{
	double c = 1; /* C(m+n, m), built up as prod (n+i)/i */

	for (size_t i = 1; i <= m; i++)
		c = c * (double)(n + i) / (double)i;
	return fmin(1, 2 / c);
}

struct indexed {
	double p;
	size_t i;
};

static int cmp_indexed(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;

	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->i > y->i) - (x->i < y->i); /* ties keep input order: deterministic */
}

int holm_adjust(const double *p, size_t n, double *adj)
{
	struct indexed *s;
	double run = 0;

	if (!p || !adj)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!(p[i] >= 0 && p[i] <= 1))
			return -EINVAL;
	s = malloc((n ? n : 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		s[i] = (struct indexed){ p[i], i };
	qsort(s, n, sizeof(*s), cmp_indexed);
	for (size_t k = 0; k < n; k++) {
		run = fmax(run, fmin(1, (double)(n - k) * s[k].p));
		adj[s[k].i] = run;
	}
	free(s);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return stats_percentile_sorted(v, n, 0.5);
}

/* Median of n draws with replacement from v, using scratch (n entries). */
static double resampled_median(struct rng *r, const double *v, size_t n, double *scratch)
{
	for (size_t i = 0; i < n; i++)
		scratch[i] = v[rng_below(r, n)];
	return median_of(scratch, n);
}

static int boot_check(const double *base, size_t m, const double *cur, size_t n,
		      const struct boot_params *bp)
{
	if (!base || !cur || !bp || m == 0 || n == 0 || bp->resamples < 2 ||
	    !(bp->conf > 0 && bp->conf < 1))
		return -EINVAL;
	for (size_t i = 0; i < m + n; i++)
		if (isnan(i < m ? base[i] : cur[i - m]))
			return -EINVAL;
	for (size_t i = 0; i < m; i++)
		if (!(base[i] > 0))
			return -EDOM;
	return 0;
}

int boot_median_ratio(const double *base, size_t m, const double *cur, size_t n,
		      const struct boot_params *bp, struct ratio_ci *out)
{
	int r = boot_check(base, m, cur, n, bp);
	size_t big = m > n ? m : n;
	double *scratch, *ratios;
	struct rng g;

	if (r < 0 || !out)
		return r < 0 ? r : -EINVAL;
	scratch = malloc(big * sizeof(*scratch));
	ratios = malloc(bp->resamples * sizeof(*ratios));
	if (!scratch || !ratios) {
		free(scratch);
		free(ratios);
		return -ENOMEM;
	}
	memcpy(scratch, base, m * sizeof(*scratch));
	double mb = median_of(scratch, m);
	memcpy(scratch, cur, n * sizeof(*scratch));
	out->ratio = median_of(scratch, n) / mb;
	rng_seed(&g, bp->seed);
	for (size_t k = 0; k < bp->resamples; k++) {
		double b = resampled_median(&g, base, m, scratch);
		ratios[k] = resampled_median(&g, cur, n, scratch) / b;
	}
	qsort(ratios, bp->resamples, sizeof(*ratios), cmp_double);
	out->lo = stats_percentile_sorted(ratios, bp->resamples, (1 - bp->conf) / 2);
	out->hi = stats_percentile_sorted(ratios, bp->resamples, 1 - (1 - bp->conf) / 2);
	free(scratch);
	free(ratios);
	return 0;
}
