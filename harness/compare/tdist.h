/* Student's t distribution (and the normal, as df = INFINITY) for the gate's intervals,
 * p-values and detectable changes: the CDF through the regularized incomplete beta
 * function, the quantile by bisection on it. Pure functions. */
#ifndef IPCBENCH_COMPARE_TDIST_H
#define IPCBENCH_COMPARE_TDIST_H

/* P(T <= t) for T ~ t(df), df > 0 (INFINITY: standard normal). NaN for a bad df. */
double t_cdf(double t, double df);
/* The t with t_cdf(t, df) = p, for 0 < p < 1; NaN outside. */
double t_quantile(double p, double df);

#endif
