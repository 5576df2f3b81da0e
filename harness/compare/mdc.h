/* The smallest detectable change of a comparison: the change, in the worse direction,
 * that its test would find significant at level alpha with probability `power` (95 %),
 * given the noise the comparison observed. Values are natural logs of the ratio, so a
 * result of 0.04 is a change of x1.041. Pure functions, seeded; checked against brute-
 * force simulation in tests/test_gate_stats.c. */
#ifndef IPCBENCH_COMPARE_MDC_H
#define IPCBENCH_COMPARE_MDC_H
#include <stddef.h>
#include <stdint.h>

struct mdc_params {
	double alpha; /* the level a lone regression must reach: alpha / keys under Holm */
	double power; /* 0.95 */
	size_t sims;  /* simulated comparisons, e.g. 2000 */
	uint64_t seed;
};

/* Paired rounds and the exact signed-rank test: each simulated comparison draws n
 * rounds from pool (observed per-round log ratios, centred on their median) with
 * replacement and a random sign (the symmetric noise the test assumes); the shift at
 * which its exact test starts to reject is an order statistic of the Walsh averages, and
 * the result is the power quantile of those shifts. INFINITY when n rounds can never be
 * significant at alpha. -EINVAL for an empty pool, n == 0 or n > SR_MAX; -ENOMEM. */
int mdc_paired(const double *pool, size_t npool, size_t n, const struct mdc_params *mp,
	       double *out);

/* Two unpaired samples and the exact Mann-Whitney U test: m values drawn from xpool (the
 * baseline's logs) and n from ypool (the current's), each centred on its median; the
 * shift at which the test starts to reject is an order statistic of the m * n
 * differences. INFINITY when m vs n can never be significant at alpha. -EINVAL for an
 * empty pool or m + n > MW_EXACT_MAX; -ENOMEM. */
int mdc_unpaired(const double *xpool, size_t nx, size_t m, const double *ypool, size_t ny,
		 size_t n, const struct mdc_params *mp, double *out);

/* A t test of an estimate with standard error se on df degrees of freedom:
 * (t_{1 - alpha/2} + t_{power}) * se, the usual normal-theory approximation. */
double mdc_t(double se, double df, double alpha, double power);

#endif
