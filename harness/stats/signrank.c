/* Wilcoxon signed-rank and Hodges-Lehmann; see signrank.h for the contracts. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "stats/signrank.h"
#include "stats/stats.h"

/* counts over sums 0 .. total of independent in/out choices of the items r (each in with
 * probability 1/2): the subset-sum recursion, additions of non-negative numbers only. */
static void subset_sums(const unsigned *r, size_t n, size_t total, double *c)
{
	size_t top = 0;

	for (size_t s = 0; s <= total; s++)
		c[s] = 0;
	c[0] = 1;
	for (size_t i = 0; i < n; i++) {
		top += r[i];
		for (size_t s = top + 1; s-- > r[i];)
			c[s] += c[s - r[i]];
	}
}

int sr_counts(size_t n, double *counts)
{
	unsigned *r;

	if (n > SR_MAX || !counts)
		return -EINVAL;
	r = malloc((n ? n : 1) * sizeof(*r));
	if (!r)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		r[i] = (unsigned)(i + 1);
	subset_sums(r, n, n * (n + 1) / 2, counts);
	free(r);
	return 0;
}

double sr_min_p(size_t n)
{
	return n >= 1 ? fmin(1, 2 * ldexp(1, -(int)n)) : 1;
}

size_t sr_upper_critical(const double *counts, size_t n, double alpha)
{
	size_t top = n * (n + 1) / 2, w = top + 1;
	double total = ldexp(1, (int)n), tail = 0;

	while (w > 0 && (tail + counts[w - 1]) / total <= alpha / 2)
		tail += counts[--w];
	return w;
}

struct absd {
	double a;
	int positive;
};

static int cmp_absd(const void *x, const void *y)
{
	double a = ((const struct absd *)x)->a, b = ((const struct absd *)y)->a;

	return (a > b) - (a < b);
}

/* The non-zero |d| sorted, with their doubled midranks in r2; returns how many. */
static size_t doubled_ranks(const double *d, size_t n, struct absd *s, unsigned *r2, int *ties)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (d[i] != 0)
			s[m++] = (struct absd){ fabs(d[i]), d[i] > 0 };
	qsort(s, m, sizeof(*s), cmp_absd);
	*ties = 0;
	for (size_t i = 0, j; i < m; i = j) {
		for (j = i + 1; j < m && s[j].a == s[i].a; j++)
			;
		*ties |= j - i > 1;
		for (size_t k = i; k < j; k++)
			r2[k] = (unsigned)(i + 1 + j); /* ranks i+1 .. j: doubled midrank */
	}
	return m;
}

int sr_test(const double *d, size_t n, struct sr_result *out)
{
	struct absd *s;
	unsigned *r2;
	double *c = NULL, tail = 0, total = 0;
	long long w2 = 0, mid2, dev;
	size_t m, top;

	if (!d || !out || n > SR_MAX)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (isnan(d[i]))
			return -EINVAL;
	s = malloc((n ? n : 1) * sizeof(*s));
	r2 = malloc((n ? n : 1) * sizeof(*r2));
	if (s && r2) {
		m = doubled_ranks(d, n, s, r2, &out->ties);
		top = m * (m + 1); /* the sum of all doubled ranks */
		c = malloc((top + 1) * sizeof(*c));
	}
	if (!c) {
		free(s), free(r2);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m; i++)
		w2 += s[i].positive ? r2[i] : 0;
	subset_sums(r2, m, top, c);
	mid2 = (long long)top; /* 2 E[2W] = top: compare 2 * 2W with it, exactly */
	dev = llabs(2 * w2 - mid2);
	for (size_t k = 0; k <= top; k++) {
		total += c[k];
		if (c[k] != 0 && llabs(2 * (long long)k - mid2) >= dev)
			tail += c[k];
	}
	out->n_used = m;
	out->w_plus = (double)w2 / 2;
	out->p = m ? fmin(1, tail / total) : 1;
	free(s), free(r2), free(c);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void sr_walsh_sorted(const double *d, size_t n, double *w)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++)
			w[k++] = (d[i] + d[j]) / 2;
	qsort(w, k, sizeof(*w), cmp_double);
}

int sr_hl_ci(const double *d, size_t n, double conf, struct hl_ci *out)
{
	size_t N = n * (n + 1) / 2, k = 0;
	double *w, *c, total = ldexp(1, (int)n), low = 0;

	if (!d || !out || n == 0 || n > SR_MAX || !(conf > 0 && conf < 1))
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if (isnan(d[i]))
			return -EINVAL;
	w = malloc(N * sizeof(*w));
	c = malloc((N + 1) * sizeof(*c));
	if (!w || !c || sr_counts(n, c) < 0) {
		free(w), free(c);
		return -ENOMEM;
	}
	sr_walsh_sorted(d, n, w);
	/* k grows while the lower tail P(W+ <= k) stays within (1 - conf) / 2 */
	while (k < N / 2 && (low + c[k]) / total <= (1 - conf) / 2)
		low += c[k++];
	if (k == 0)
		low = c[0], k = 1; /* [min, max]: coverage 1 - 2 / 2^n, below conf */
	out->est = stats_percentile_sorted(w, N, 0.5);
	out->lo = w[k - 1];
	out->hi = w[N - k];
	out->level = 1 - 2 * low / total;
	free(w), free(c);
	return 0;
}
