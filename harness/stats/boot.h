/* A seeded, stratified percentile bootstrap: the interval of a statistic of some points
 * when the points of each stratum (e.g. the repetitions at one message size) are drawn
 * again with replacement. Pure, unit-tested (its coverage on synthetic data). */
#ifndef IPCBENCH_BOOT_H
#define IPCBENCH_BOOT_H
#include <stddef.h>
#include <stdint.h>

#define BOOT_MAX_STATS 4

/* The statistics of the points picked (n indices into the caller's data; an index may
 * repeat): 0 with out[0..nstat), or negative when they cannot be computed for this pick
 * (the resample is left out). */
typedef int (*boot_stat_fn)(const size_t *pick, size_t n, void *arg, double *out);

struct boot_spec {
	size_t resamples; /* e.g. 2000 */
	double conf;      /* e.g. 0.95 */
	uint64_t seed;    /* the same seed, the same interval */
	size_t nstat;     /* statistics stat returns, 1..BOOT_MAX_STATS */
};

struct boot_interval {
	double lo[BOOT_MAX_STATS], hi[BOOT_MAX_STATS];
	size_t used; /* resamples whose statistics could be computed */
};

/* stratum[i] is point i's stratum. Each resample draws, within every stratum, as many of
 * its points as it has, with replacement; the interval of each statistic is the
 * (1-conf)/2 and 1-(1-conf)/2 quantiles over the resamples used. 0; -EINVAL for bad
 * parameters; -EDOM when fewer than half the resamples could be computed (lo, hi then
 * unset); -ENOMEM. A stratum of one point never varies: with one point per stratum the
 * interval is a single value. */
int boot_strata(const unsigned *stratum, size_t n, const struct boot_spec *bs,
		boot_stat_fn stat, void *arg, struct boot_interval *out);

#endif
