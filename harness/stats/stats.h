/* Statistics over sample arrays: pure functions, no I/O, unit-tested. */
#ifndef IPCBENCH_STATS_H
#define IPCBENCH_STATS_H
#include <stddef.h>

struct stats {
	size_t n;
	double min, p50, p90, p99, p999, p9999, max, mean, stddev;
};

/* Sorts v in place (ascending) and fills out. Percentiles interpolate linearly between the
 * two nearest ranks (Hyndman-Fan type 7, as R's and numpy's defaults). stddev is the sample
 * standard deviation (n-1); 0 when n == 1. Returns -EINVAL when n == 0 or v has a NaN. */
int stats_compute(double *v, size_t n, struct stats *out);

/* q in [0,1] over an ascending array of n >= 1 values, type-7 interpolation. */
double stats_percentile_sorted(const double *sorted, size_t n, double q);

/* Whether n samples support quantile q: q = 0 and 1 (the extremes) always, otherwise
 * q <= 1 - 1/n (the 99th percentile needs 100 samples, the 99.9th 1000). */
int stats_quantile_supported(size_t n, double q);
/* The median of n values (sorts v in place); NaN when n == 0 or v has a NaN. */
double stats_median(double *v, size_t n);
/* qsort comparator: ascending doubles (no NaN). */
int stats_cmp_double(const void *a, const void *b);

/* Jain's fairness index of n shares (the clients' rates): (sum x)^2 / (n sum x^2), 1 when all
 * are equal, 1/n when one has everything; NaN for n == 0 or all zero. */
double stats_jain(const double *x, size_t n);

/* Distribution-free confidence interval for the median of n values (e.g. the p50 of each
 * repetition): the order statistics [x_(k), x_(n-k+1)] with the largest k whose binomial
 * coverage 1 - 2*P(Bin(n,1/2) < k) is still >= conf. When even [min, max] covers less than
 * conf (n < 6 for conf = 0.95), the interval is [min, max] and level says its real coverage.
 * Sorts v in place. */
struct median_ci {
	double median;
	double lo, hi;
	double level; /* actual coverage of [lo, hi], in [0, 1] (0 for n == 1) */
};
int stats_median_ci(double *v, size_t n, double conf, struct median_ci *out);

#endif
