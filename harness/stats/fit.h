/* Straight-line least squares, for the copy-count study: time = a + b * size. Pure
 * functions, no I/O, unit-tested. */
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

#endif
