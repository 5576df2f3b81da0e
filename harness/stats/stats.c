/* Statistics over sample arrays; see stats/stats.h for the contract. */
#include "stats/stats.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

/* Total order on non-NaN doubles (-0.0 and 0.0 compare equal). */
int stats_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Rejects an empty array or one with a NaN (the comparator is not total on NaN), then sorts. */
static int sort_checked(double *v, size_t n)
{
	if (!v || n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (isnan(v[i]))
			return -EINVAL;
	qsort(v, n, sizeof(*v), stats_cmp_double);
	return 0;
}

/* Out-of-range q is clamped to [0, 1]; NaN q, a NULL array or n == 0 give NaN. */
double stats_percentile_sorted(const double *sorted, size_t n, double q)
{
	if (!sorted || n == 0 || isnan(q))
		return NAN;
	q = q < 0 ? 0 : q > 1 ? 1 : q;
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)h; /* floor: h >= 0 */
	if (lo >= n - 1)
		return sorted[n - 1];
	double f = h - (double)lo;
	return f == 0 ? sorted[lo] : sorted[lo] + f * (sorted[lo + 1] - sorted[lo]);
}

/* Two-pass mean and sample standard deviation. The data are shifted by one of their own
 * values first so that a large common offset (1e9 ns timestamps) cancels exactly before
 * anything is summed or squared; the c*c/n term removes the first pass's rounding error. */
static void mean_stddev(const double *v, size_t n, double *mean, double *sd)
{
	double k = v[n / 2], s = 0, ss = 0, c = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i] - k;
	double m = s / (double)n;
	for (size_t i = 0; i < n; i++) {
		double d = (v[i] - k) - m;
		ss += d * d;
		c += d;
	}
	*mean = k + m;
	*sd = n > 1 ? sqrt(fmax(0, (ss - c * c / (double)n) / (double)(n - 1))) : 0;
}

int stats_compute(double *v, size_t n, struct stats *out)
{
	if (!out)
		return -EINVAL;
	int rc = sort_checked(v, n);
	if (rc)
		return rc;
	out->n = n;
	out->min = v[0];
	out->max = v[n - 1];
	out->p50 = stats_percentile_sorted(v, n, 0.50);
	out->p90 = stats_percentile_sorted(v, n, 0.90);
	out->p99 = stats_percentile_sorted(v, n, 0.99);
	out->p999 = stats_percentile_sorted(v, n, 0.999);
	out->p9999 = stats_percentile_sorted(v, n, 0.9999);
	mean_stddev(v, n, &out->mean, &out->stddev);
	return 0;
}

/* Largest k >= 1 with 1 - 2*P(Bin(n,1/2) <= k-1) >= conf, or 1 when none qualifies; its
 * coverage goes to *level. The pmf is walked upward in log space, since 2^-n underflows
 * for n > 1074; the k = 1 term uses exp2 so small-n levels such as 1 - 2/32 are exact. */
static size_t median_ci_rank(size_t n, double conf, double *level)
{
	double logp = -(double)n * M_LN2; /* log P(X = 0) */
	double cdf = exp2(-(double)n);    /* P(X <= k-1) */
	size_t k = 1;

	while (k < (n + 1) / 2) {
		logp += log((double)(n - k + 1)) - log((double)k); /* now log P(X = k) */
		double next = cdf + exp(logp);
		if (1 - 2 * next < conf)
			break;
		cdf = next;
		k++;
	}
	*level = 1 - 2 * cdf;
	return k;
}

/* For n == 1 the interval is the single value and level is 0, the coverage formula's value
 * (1 - 2*P(X <= 0) = 1 - 2*0.5): one sample says nothing about where the median lies. */
int stats_median_ci(double *v, size_t n, double conf, struct median_ci *out)
{
	if (!out || !(conf > 0 && conf < 1))
		return -EINVAL;
	int rc = sort_checked(v, n);
	if (rc)
		return rc;
	size_t k = median_ci_rank(n, conf, &out->level);
	out->median = stats_percentile_sorted(v, n, 0.5);
	out->lo = v[k - 1];
	out->hi = v[n - k];
	return 0;
}

double stats_median(double *v, size_t n)
{
	if (sort_checked(v, n) < 0)
		return NAN;
	return stats_percentile_sorted(v, n, 0.5);
}

int stats_quantile_supported(size_t n, double q)
{
	if (q <= 0 || q >= 1)
		return n > 0;
	return n > 0 && q <= 1 - 1.0 / (double)n + 1e-12;
}

double stats_jain(const double *x, size_t n)
{
	double s = 0, ss = 0;

	for (size_t i = 0; i < n; i++) {
		s += x[i];
		ss += x[i] * x[i];
	}
	return n && ss > 0 ? s * s / ((double)n * ss) : NAN;
}
