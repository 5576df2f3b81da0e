/* Least squares for the copy-count study: the straight line time = a + b * size, and the
 * same with more terms (time = a + b * bytes + c * switches + ...), with the variance
 * inflation of every term so that a caller can tell when the data cannot separate two of
 * them. Pure functions, no I/O, unit-tested. */
#ifndef IPCBENCH_FIT_H
#define IPCBENCH_FIT_H
#include <stddef.h>

struct fit {
	double a;  /* intercept */
	double b;  /* slope */
	double r2; /* coefficient of determination, 1 - SSres / SStot (1 when SStot is 0) */
	size_t n;
};

/* Ordinary least squares over n points. Returns 0, or -EINVAL with fewer than two points,
 * fewer than two distinct x, or a value that is not finite. */
int fit_line(const double *x, const double *y, size_t n, struct fit *out);

#define FIT_MAX_TERMS 4

struct fit_multi {
	size_t k;                  /* terms besides the intercept */
	double a;                  /* intercept */
	double coef[FIT_MAX_TERMS];
	/* Variance inflation of each term: 1 / (1 - R^2) of the term regressed on the others
	 * (1: independent of them; 1 for a single term). Large: the data cannot tell this
	 * term's effect from the others'. */
	double vif[FIT_MAX_TERMS];
	double r2;
	size_t n;
	int bad; /* -EDOM: the term that is constant or a combination of the others */
};

/* Terms whose variance inflation exceeds this are reported as not separable (R^2 of the
 * term on the others above 0.98). */
#define FIT_VIF_MAX 50.0

/* Ordinary least squares y = a + sum_j coef[j] * x[j][i] over n points, k terms (x[j]
 * holds n values each). Returns 0 (vif filled in, possibly above FIT_VIF_MAX), -EINVAL
 * for k outside 1..FIT_MAX_TERMS, fewer than k + 2 points or a value that is not finite,
 * or -EDOM when a term is constant or an exact combination of the others (out->bad says
 * which). Centred and scaled sums: sizes span 1 B to 64 MiB beside counts of 1 to 100. */
int fit_linear(const double *const *x, size_t k, const double *y, size_t n,
	       struct fit_multi *out);

#endif
