/* The exact Wilcoxon signed-rank test of paired differences, and the Hodges-Lehmann
 * estimate with its exact distribution-free interval (order statistics of the Walsh
 * averages). `ab` and `compare --paired` apply them to the per-round log ratios of the
 * two builds, `crosscheck` to those of ipcbench and the tool: each round is a block, so
 * drift between rounds cancels. Pure functions, no
 * I/O; unit-tested in tests/test_gate_stats.c. */
#ifndef IPCBENCH_SIGNRANK_H
#define IPCBENCH_SIGNRANK_H
#include <stddef.h>

#define SR_MAX 200 /* most differences a test takes (rounds of `ab`) */

/* The null distribution without ties: counts[w], w = 0 .. n(n+1)/2, is how many of the
 * 2^n sign assignments of the ranks 1..n have positive-rank sum W+ = w (the coefficients
 * of prod_{i=1..n} (1 + q^i)). -EINVAL for n > SR_MAX. */
int sr_counts(size_t n, double *counts);

struct sr_result {
	double w_plus; /* sum of the (mid)ranks of |d| over the positive d */
	double p;      /* two-sided */
	size_t n_used; /* differences that are not exactly zero */
	int ties;      /* some |d| were equal */
};

/* Two-sided test of "d is symmetric about 0": zeros are dropped (Wilcoxon), |d| ranked
 * with midranks, and p = P(|W - E W| >= |w - E W|) over the 2^n equally likely sign
 * assignments, from the exact distribution of the (doubled) midrank sum, ties or not.
 * n_used == 0 gives p = 1. -EINVAL for a NaN or n > SR_MAX; -ENOMEM. */
int sr_test(const double *d, size_t n, struct sr_result *out);

/* Smallest two-sided p with n non-zero differences: 2 / 2^n (at most 1). 5 pairs: 0.0625,
 * so 5 rounds can never be significant at 0.05. */
double sr_min_p(size_t n);

/* The smallest W+ the exact two-sided test at level alpha rejects in the upper tail,
 * P(W+ >= w) <= alpha / 2, from counts (sr_counts(n)); n(n+1)/2 + 1 when none does. */
size_t sr_upper_critical(const double *counts, size_t n, double alpha);

struct hl_ci {
	double est;    /* Hodges-Lehmann: the median of the n(n+1)/2 Walsh averages */
	double lo, hi; /* [A_(k), A_(N-k+1)] of the sorted Walsh averages A */
	double level;  /* the interval's exact coverage under symmetry, 1 - 2 P(W+ < k) */
};

/* The Hodges-Lehmann estimate of the centre of d and the distribution-free interval that
 * inverts the signed-rank test: k is the largest with P(W+ <= k - 1) <= (1 - conf) / 2.
 * When even [min, max] of the Walsh averages covers less than conf (n < 6 for 0.95),
 * that is the interval and level says its real coverage. -EINVAL for n == 0, a NaN or
 * n > SR_MAX; -ENOMEM. */
int sr_hl_ci(const double *d, size_t n, double conf, struct hl_ci *out);

/* The n(n+1)/2 Walsh averages (d_i + d_j) / 2, i <= j, into w, sorted ascending. */
void sr_walsh_sorted(const double *d, size_t n, double *w);

#endif
