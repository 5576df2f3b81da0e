/* Statistics for comparing two runs key by key: the exact Mann-Whitney U test, Holm's
 * step-down correction over many keys, and a seeded bootstrap interval for the ratio of
 * medians. Pure functions, no I/O, no global state; unit-tested in tests/test_compare_stats.c. */
#ifndef IPCBENCH_COMPARE_STATS_H
#define IPCBENCH_COMPARE_STATS_H
#include <stddef.h>
#include <stdint.h>

/* Largest m + n for which mw_test computes the p-value exactly (from the null
 * distribution); beyond it, the normal approximation (see mw_test). */
#define MW_EXACT_MAX 130

/* The null distribution of U without ties: counts[u] = number of the C(m+n, m) equally
 * likely orderings of m X's and n Y's in which exactly u of the m*n pairs have X > Y, for
 * u = 0 .. m*n (counts has m*n + 1 entries). They are the coefficients of the Gaussian
 * binomial [m+n choose m](q) = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i), the closed form of
 * the recursion f(m,n,u) = f(m-1,n,u-n) + f(m,n-1,u) of Mann and Whitney (1947).
 * -EINVAL when m + n > MW_EXACT_MAX (the counts would not fit 128 bits). */
int mw_u_counts(size_t m, size_t n, double *counts);

/* The permutation distribution of a rank sum when there may be ties: r2 holds the N pooled
 * observations' doubled midranks (integers), and counts[s], s = 0 .. N*(N+1), receives how
 * many of the C(N, m) subsets of size m have doubled rank sum s. -EINVAL for m > N. */
int mw_ranksum2_counts(const unsigned *r2, size_t N, size_t m, double *counts);

struct mw_result {
	double u;  /* U of x: pairs with x > y, plus half the tied pairs */
	double p;  /* two-sided p-value */
	int exact; /* 1: from the exact null distribution; 0: normal approximation */
	int ties;  /* the pooled sample had tied values */
};

/* Two-sided Mann-Whitney U (Wilcoxon rank-sum) test of x (m values) against y (n values).
 * p = P(|W - E W| >= |w - E W|) under the null hypothesis that all C(m+n, m) assignments of
 * the pooled values to the two groups are equally likely, W being the rank sum of x. With
 * no ties that is the exact distribution of U (mw_u_counts), and p is twice the smaller
 * tail since it is symmetric (m = n = 3, complete separation: p = 2/20 = 0.1). With ties,
 * values are given their midranks and p comes from the exact permutation distribution of
 * the midrank sum (mw_ranksum2_counts), which need not be symmetric. When m + n exceeds
 * MW_EXACT_MAX: normal approximation with tie-corrected variance and continuity correction,
 * and exact = 0. -EINVAL for m or n == 0 or a NaN; -ENOMEM. */
int mw_test(const double *x, size_t m, const double *y, size_t n, struct mw_result *out);

/* Smallest two-sided p the exact test can give with m vs n values: 2 / C(m+n, m), at most 1.
 * 3 vs 3: 0.1, so such a comparison can never be significant at alpha = 0.05. */
double mw_min_p(size_t m, size_t n);

/* Holm's step-down adjustment of n p-values (controls the family-wise error rate): with
 * p sorted ascending, adj_(k) = max_{j<=k} min(1, (n - j + 1) * p_(j)), k = 1..n, written
 * back in the input order. A hypothesis is rejected at level alpha when adj <= alpha.
 * -EINVAL for a NaN or a value outside [0, 1]; -ENOMEM. */
int holm_adjust(const double *p, size_t n, double *adj);

struct boot_params {
	size_t resamples; /* e.g. 10000 */
	double conf;      /* e.g. 0.95 */
	uint64_t seed;    /* same seed, same interval */
};

struct ratio_ci {
	double ratio;  /* median(cur) / median(base) of the samples themselves */
	double lo, hi; /* percentile bootstrap interval for it */
};

/* Percentile bootstrap interval for median(cur) / median(base): each resample draws m values
 * from base and n from cur with replacement (xoshiro256** seeded with seed), and the
 * interval is the (1-conf)/2 and 1-(1-conf)/2 quantiles of the resampled ratios. Medians
 * are type-7 (the mean of the two middle values for an even count). -EINVAL for an empty
 * side, a NaN or bad parameters; -EDOM when base has a value <= 0; -ENOMEM. */
int boot_median_ratio(const double *base, size_t m, const double *cur, size_t n,
		      const struct boot_params *bp, struct ratio_ci *out);

#endif
