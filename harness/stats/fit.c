#include <errno.h>
#include <math.h>
#include <string.h>
#include "stats/fit.h"

/* Below this, a term's share not explained by the terms before it (1 / its VIF among
 * them) is rounding: the term is an exact combination of the others. */
#define SINGULAR 1e-10

static int all_finite(const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return 0;
	return 1;
}

/* Inverts the k x k correlation matrix m in place (Gauss-Jordan; m is symmetric positive
 * semi-definite with a unit diagonal, so no pivoting is needed). Returns -1 - j when term
 * j is a combination of the terms before it, else 0. */
static int invert_corr(double m[FIT_MAX_TERMS][FIT_MAX_TERMS], size_t k)
{
	for (size_t p = 0; p < k; p++) {
		double piv = m[p][p];

		if (!(piv > SINGULAR))
			return -1 - (int)p;
		for (size_t j = 0; j < k; j++)
			m[p][j] = j == p ? 1 / piv : m[p][j] / piv;
		for (size_t i = 0; i < k; i++) {
			double f = m[i][p];

			if (i == p)
				continue;
			for (size_t j = 0; j < k; j++)
				m[i][j] = j == p ? -f * m[p][p] : m[i][j] - f * m[p][j];
		}
	}
	return 0;
}

/* Means, and the root of the centred sum of squares (0: constant), of each term. */
static void centre(const double *const *x, size_t k, size_t n, double *mx, double *sx)
{
	for (size_t j = 0; j < k; j++) {
		double m = 0, ss = 0;

		for (size_t i = 0; i < n; i++)
			m += x[j][i];
		m /= (double)n;
		for (size_t i = 0; i < n; i++)
			ss += (x[j][i] - m) * (x[j][i] - m);
		mx[j] = m;
		sx[j] = sqrt(ss);
	}
}

static double r_squared(const double *const *x, const double *y, size_t n,
			const struct fit_multi *f, double my)
{
	double ssr = 0, syy = 0;

	for (size_t i = 0; i < n; i++) {
		double e = y[i] - f->a;

		for (size_t j = 0; j < f->k; j++)
			e -= f->coef[j] * x[j][i];
		ssr += e * e;
		syy += (y[i] - my) * (y[i] - my);
	}
	return syy > 0 ? 1 - ssr / syy : 1;
}

int fit_linear(const double *const *x, size_t k, const double *y, size_t n,
	       struct fit_multi *out)
{
	double mx[FIT_MAX_TERMS], sx[FIT_MAX_TERMS], r[FIT_MAX_TERMS] = { 0 };
	double m[FIT_MAX_TERMS][FIT_MAX_TERMS] = { { 0 } }, my = 0;
	int bad;

	if (k < 1 || k > FIT_MAX_TERMS || n < k + 1 || !all_finite(y, n))
		return -EINVAL;
	for (size_t j = 0; j < k; j++)
		if (!all_finite(x[j], n))
			return -EINVAL;
	memset(out, 0, sizeof(*out));
	out->k = k;
	out->n = n;
	centre(x, k, n, mx, sx);
	for (size_t j = 0; j < k; j++)
		if (sx[j] == 0) {
			out->bad = (int)j;
			return -EDOM;
		}
	for (size_t i = 0; i < n; i++)
		my += y[i];
	my /= (double)n;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < k; j++) {
			double zj = (x[j][i] - mx[j]) / sx[j];

			r[j] += zj * (y[i] - my);
			for (size_t l = 0; l < k; l++)
				m[j][l] += zj * (x[l][i] - mx[l]) / sx[l];
		}
	bad = invert_corr(m, k);
	if (bad < 0) {
		out->bad = -1 - bad;
		return -EDOM;
	}
	out->a = my;
	for (size_t j = 0; j < k; j++) {
		double beta = 0;

		for (size_t l = 0; l < k; l++)
			beta += m[j][l] * r[l];
		out->coef[j] = beta / sx[j];
		out->vif[j] = m[j][j];
		out->a -= out->coef[j] * mx[j];
	}
	out->r2 = r_squared(x, y, n, out, my);
	return 0;
}

int fit_line(const double *x, const double *y, size_t n, struct fit *out)
{
	const double *cols[1] = { x };
	struct fit_multi f;
	int r = n < 2 ? -EINVAL : fit_linear(cols, 1, y, n, &f);

	if (r < 0)
		return -EINVAL;
	out->a = f.a;
	out->b = f.coef[0];
	out->r2 = f.r2;
	out->n = n;
	return 0;
}
