/* The ratio of two sides that are each one or several runs, with run-to-run variance in
 * its interval: a two-level bootstrap (resample runs, then repetitions within each drawn
 * run). Repetitions of one run share its conditions (vCPU placement, host load,
 * frequency), so they are not independent draws of "this build"; runs are. Pure
 * functions, no I/O; unit-tested (coverage on synthetic data) in tests/test_gate_stats.c. */
#ifndef IPCBENCH_COMPARE_BOOT2_H
#define IPCBENCH_COMPARE_BOOT2_H
#include <stddef.h>
#include "stats/exact.h"

struct boot2_side {
	const double *v;   /* positive values */
	const size_t *run; /* run index of each value, 0 .. nruns - 1; NULL: all one run */
	size_t n, nruns;   /* every run has at least one value */
};

struct boot2_result {
	double ratio;      /* cur / base: exp of the difference of the sides' estimates */
	double lo, hi;     /* the interval at bp->conf */
	double se_log;     /* bootstrap standard error of the log ratio */
	double df;         /* Welch-Satterthwaite degrees of freedom of that error */
	double p;          /* two-sided p of ratio = 1: t(df) on log ratio / se_log */
	double between[2]; /* estimated between-run sd of the log run medians (base, cur); 0
			    * for a one-run side, whose drift cannot be judged */
};

/* A side's estimate is the mean over its runs of log(median of the run's values). A
 * resample draws the side's k runs with replacement and, within each drawn run, its
 * values with replacement. With k >= 2 runs the drawn run medians are moved towards the
 * side's estimate so that they vary as much as the runs' own between-run component does
 * (the spread of the run medians less what their within-run resampling already adds,
 * and no more, as the one-way random-effects estimate: Davison & Hinkley 1997, 3.8);
 * a one-run side varies by its repetitions only. The interval is the log ratio plus or
 * minus t(df) times the resamples' standard deviation, since k runs estimate their spread
 * with only k - 1 degrees of freedom (and a percentile interval of medians of few,
 * quantized values is lumpy); p is the same t test. -EINVAL for an empty side, a NaN, a
 * run without values or bad parameters; -EDOM for a value <= 0; -ENOMEM. */
int boot2_ratio(const struct boot2_side *base, const struct boot2_side *cur,
		const struct boot_params *bp, struct boot2_result *out);

#endif
