#include <errno.h>
#include <math.h>
#include "stats/fit.h"

static int all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

/* Centred sums: sizes span 1 B to 64 MiB, so raw sums of x*x would lose the small end. */
int fit_line(const double *x, const double *y, size_t n, struct fit *out)
{
	double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, ssr = 0;

	if (n < 2 || !all_finite(x, n) || !all_finite(y, n))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (sxx == 0)
		return -EINVAL;
	out->b = sxy / sxx;
	out->a = my - out->b * mx;
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		double e = y[i] - (out->a + out->b * x[i]);
		ssr += e * e;
	}
	out->r2 = syy > 0 ? 1 - ssr / syy : 1;
	return 0;
}
