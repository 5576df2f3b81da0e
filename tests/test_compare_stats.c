/* Unit tests for harness/compare_stats.c and harness/rng.c: the exact Mann-Whitney null
 * distribution against published critical values, a textbook recursion and brute-force
 * enumeration; p-values worked by hand; Holm on hand-computed examples; the bootstrap
 * interval on samples with a known ratio. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/exact.h"
#include "stats/rng.h"

#include "assert_close.h" /* cmocka's assert_float_equal narrows to float */

static double *u_counts(size_t m, size_t n)
{
	double *c = malloc((m * n + 1) * sizeof(*c));

	assert_non_null(c);
	assert_int_equal(mw_u_counts(m, n, c), 0);
	return c;
}

static double binom(size_t n, size_t k)
{
	double c = 1;

	for (size_t i = 1; i <= k; i++)
		c = c * (double)(n - k + i) / (double)i;
	return c;
}

/* ---- the null distribution of U ---- */

static void test_u_counts_small(void **state)
{
	/* Gaussian binomials: [4 choose 2] and [6 choose 3] (partitions in a box). */
	const double c22[] = { 1, 1, 2, 1, 1 };
	const double c33[] = { 1, 1, 2, 3, 3, 3, 3, 2, 1, 1 };
	const double c44[] = { 1, 1, 2, 3, 5, 5, 7, 7, 8, 7, 7, 5, 5, 3, 2, 1, 1 };
	double *c;

	(void)state;
	c = u_counts(2, 2);
	assert_memory_equal(c, c22, sizeof(c22));
	free(c);
	c = u_counts(3, 3);
	assert_memory_equal(c, c33, sizeof(c33));
	free(c);
	c = u_counts(4, 4);
	assert_memory_equal(c, c44, sizeof(c44));
	free(c);
	c = u_counts(1, 5); /* one X among five Y's: each U from 0 to 5 once */
	for (size_t u = 0; u <= 5; u++)
		assert_true(c[u] == 1);
	free(c);
}

/* The recursion of Mann and Whitney (1947), memoized: a different method. */
static double f_rec(size_t m, size_t n, long u, double *memo, size_t nmax, size_t umax)
{
	double *slot;

	if (u < 0)
		return 0;
	if (m == 0 || n == 0)
		return u == 0;
	slot = &memo[(m * (nmax + 1) + n) * (umax + 1) + (size_t)u];
	if (*slot < 0)
		*slot = f_rec(m - 1, n, u - (long)n, memo, nmax, umax) +
			f_rec(m, n - 1, u, memo, nmax, umax);
	return *slot;
}

static void test_u_counts_match_recursion(void **state)
{
	const size_t M = 10, NN = 10, UM = M * NN;
	double *memo = malloc((M + 1) * (NN + 1) * (UM + 1) * sizeof(*memo));

	(void)state;
	assert_non_null(memo);
	for (size_t i = 0; i < (M + 1) * (NN + 1) * (UM + 1); i++)
		memo[i] = -1;
	for (size_t m = 1; m <= M; m++)
		for (size_t n = 1; n <= NN; n++) {
			double *c = u_counts(m, n);
			for (size_t u = 0; u <= m * n; u++)
				assert_true(c[u] == f_rec(m, n, (long)u, memo, NN, UM));
			free(c);
		}
	free(memo);
}

/* Brute force: every choice of m positions out of N in the pooled order. */
static void test_u_counts_match_enumeration(void **state)
{
	(void)state;
	for (size_t N = 2; N <= 12; N++)
		for (size_t m = 1; m < N; m++) {
			size_t n = N - m;
			double *c = u_counts(m, n), *e = calloc(m * n + 1, sizeof(*e));

			assert_non_null(e);
			for (unsigned mask = 0; mask < 1u << N; mask++) {
				size_t u = 0, ys_below = 0;
				if ((size_t)__builtin_popcount(mask) != m)
					continue;
				for (size_t i = 0; i < N; i++) /* position i holds an X when set */
					if (mask >> i & 1)
						u += ys_below; /* pairs X > Y */
					else
						ys_below++;
				e[u]++;
			}
			assert_memory_equal(c, e, (m * n + 1) * sizeof(*c));
			free(c);
			free(e);
		}
}

static void test_u_counts_large_exact_sum(void **state)
{
	(void)state;
	size_t pairs[][2] = { { 65, 65 }, { 30, 100 }, { 1, 129 }, { 20, 20 } };

	for (size_t k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++) {
		size_t m = pairs[k][0], n = pairs[k][1];
		double *c = u_counts(m, n), sum = 0;

		for (size_t u = 0; u <= m * n; u++) {
			assert_true(c[u] >= 1);
			assert_true(c[u] == c[m * n - u]); /* symmetric */
			sum += c[u];
		}
		assert_close(sum / binom(m + n, m), 1, 1e-12);
		free(c);
	}
	assert_int_equal(mw_u_counts(66, 65, (double[1]){ 0 }), -EINVAL);
}

/* Largest u with 2 P(U <= u) <= alpha, as printed in Mann-Whitney tables. */
static long critical_u(size_t m, size_t n, double alpha)
{
	double *c = u_counts(m, n), total = binom(m + n, m), cdf = 0;
	long best = -1;

	for (size_t u = 0; u <= m * n; u++) {
		cdf += c[u];
		if (2 * cdf / total > alpha)
			break;
		best = (long)u;
	}
	free(c);
	return best;
}

static void test_critical_values_table(void **state)
{
	/* Two-tailed alpha = 0.05 critical values of U from the standard table (e.g. Siegel
	 * and Castellan, Table J; reject when U <= the value). */
	static const long tab[][3] = {
		{ 3, 5, 0 },  { 3, 6, 1 },  { 3, 7, 1 },   { 3, 8, 2 },   { 4, 4, 0 },
		{ 4, 5, 1 },  { 4, 6, 2 },  { 4, 7, 3 },   { 4, 8, 4 },   { 5, 5, 2 },
		{ 5, 6, 3 },  { 5, 7, 5 },  { 5, 8, 6 },   { 5, 10, 8 },  { 6, 6, 5 },
		{ 6, 7, 6 },  { 6, 8, 8 },  { 7, 7, 8 },   { 7, 8, 10 },  { 8, 8, 13 },
		{ 8, 12, 22 }, { 10, 10, 23 }, { 10, 15, 39 }, { 20, 20, 127 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		long got = critical_u((size_t)tab[i][0], (size_t)tab[i][1], 0.05);
		if (got != tab[i][2])
			fail_msg("m=%ld n=%ld: critical U %ld, table says %ld", tab[i][0], tab[i][1],
				 got, tab[i][2]);
	}
	assert_int_equal(critical_u(3, 3, 0.05), -1); /* no U is significant with 3 vs 3 */
}

/* ---- mw_test ---- */

static void test_mw_hand_cases(void **state)
{
	double a[] = { 1, 2, 3 }, b[] = { 4, 5, 6 };
	double c[] = { 1, 2, 4 }, d[] = { 3, 5, 6 };
	double e[] = { 11, 12, 13, 14 }, f[] = { 21, 22, 23, 24 };
	struct mw_result r;

	(void)state;
	assert_int_equal(mw_test(a, 3, b, 3, &r), 0); /* complete separation: 2/20 */
	assert_close(r.p, 0.1, 1e-15);
	assert_close(r.u, 0, 0);
	assert_true(r.exact && !r.ties);
	assert_int_equal(mw_test(b, 3, a, 3, &r), 0);
	assert_close(r.p, 0.1, 1e-15);
	assert_close(r.u, 9, 0);
	assert_int_equal(mw_test(c, 3, d, 3, &r), 0); /* U = 1: P(U <= 1) = 2/20 */
	assert_close(r.u, 1, 0);
	assert_close(r.p, 0.2, 1e-15);
	assert_int_equal(mw_test(e, 4, f, 4, &r), 0); /* 2/70 */
	assert_close(r.p, 2.0 / 70, 1e-15);
	assert_close(mw_min_p(3, 3), 0.1, 1e-15);
	assert_close(mw_min_p(5, 5), 2.0 / 252, 1e-15);
	assert_close(mw_min_p(7, 7), 2.0 / 3432, 1e-15);
	assert_close(mw_min_p(1, 1), 1, 0);
}

/* x = {1, 2, 2}, y = {2, 3, 4}: the three 2s share ranks 2..4 (midrank 3). Doubled ranks
 * 2, 6, 6, 6, 10, 12; x's doubled sum 14, expected 3 * 7 = 21. Of the 20 subsets of size 3,
 * sums 14 (3 subsets: 2+6+6) and 28 (3: 6+10+12) lie 7 or more from 21: p = 6/20. */
static void test_mw_ties_by_hand(void **state)
{
	double x[] = { 1, 2, 2 }, y[] = { 2, 3, 4 }, same[] = { 5, 5, 5, 5 };
	struct mw_result r;

	(void)state;
	assert_int_equal(mw_test(x, 3, y, 3, &r), 0);
	assert_true(r.ties && r.exact);
	assert_close(r.u, 1, 0); /* two tied pairs count a half each */
	assert_close(r.p, 0.3, 1e-15);
	assert_int_equal(mw_test(same, 2, same + 2, 2, &r), 0); /* all tied: no evidence */
	assert_close(r.p, 1, 0);
}

/* Ties against a brute-force permutation test: every assignment of the pooled values. */
static double brute_p(const double *x, size_t m, const double *y, size_t n)
{
	size_t N = m + n, hits = 0, total = 0;
	double v[16], r[16], w_obs = 0, mid;

	for (size_t i = 0; i < N; i++)
		v[i] = i < m ? x[i] : y[i - m];
	for (size_t i = 0; i < N; i++) { /* midrank: 1 + below + (equal - 1) / 2 */
		double below = 0, eq = 0;
		for (size_t j = 0; j < N; j++)
			below += v[j] < v[i], eq += v[j] == v[i];
		r[i] = 1 + below + (eq - 1) / 2;
	}
	for (size_t i = 0; i < m; i++)
		w_obs += r[i];
	mid = (double)m * (double)(N + 1) / 2;
	for (unsigned mask = 0; mask < 1u << N; mask++) {
		double w = 0;
		if ((size_t)__builtin_popcount(mask) != m)
			continue;
		for (size_t i = 0; i < N; i++)
			w += mask >> i & 1 ? r[i] : 0;
		total++;
		hits += fabs(w - mid) >= fabs(w_obs - mid) - 1e-9;
	}
	return (double)hits / (double)total;
}

static void test_mw_ties_match_brute_force(void **state)
{
	struct rng g;
	struct mw_result r;

	(void)state;
	rng_seed(&g, 7);
	for (int trial = 0; trial < 300; trial++) {
		size_t m = 1 + rng_below(&g, 7), n = 1 + rng_below(&g, 7);
		double x[8], y[8];
		for (size_t i = 0; i < m; i++)
			x[i] = (double)rng_below(&g, 5); /* few distinct values: many ties */
		for (size_t i = 0; i < n; i++)
			y[i] = (double)rng_below(&g, 5) + (trial % 3 == 0);
		assert_int_equal(mw_test(x, m, y, n, &r), 0);
		assert_close(r.p, brute_p(x, m, y, n), 1e-12);
	}
}

static void test_mw_symmetric_and_errors(void **state)
{
	double x[] = { 3.5, 1.25, 9, 4, 7 }, y[] = { 2, 8, 6.5, 10, 11, 5.5 }, nan[] = { NAN };
	struct mw_result a, b;

	(void)state;
	assert_int_equal(mw_test(x, 5, y, 6, &a), 0);
	assert_int_equal(mw_test(y, 6, x, 5, &b), 0);
	assert_close(a.p, b.p, 1e-15);
	assert_close(a.u + b.u, 30, 0);
	assert_int_equal(mw_test(x, 0, y, 6, &a), -EINVAL);
	assert_int_equal(mw_test(x, 5, nan, 1, &a), -EINVAL);
}

/* Beyond MW_EXACT_MAX values: the normal approximation, said so. At the limit: exact. */
static void test_mw_large_samples(void **state)
{
	double x[70], y[70];
	struct mw_result r;

	(void)state;
	for (int i = 0; i < 70; i++)
		x[i] = i, y[i] = 100 + i;
	assert_int_equal(mw_test(x, 65, y, 65, &r), 0);
	assert_true(r.exact);
	assert_close(r.p / (2 / binom(130, 65)), 1, 1e-9);
	assert_int_equal(mw_test(x, 70, y, 70, &r), 0);
	assert_false(r.exact);
	assert_true(r.p < 1e-20);
	for (int i = 0; i < 70; i++)
		x[i] = 2 * i, y[i] = 2 * i + 1; /* interleaved */
	assert_int_equal(mw_test(x, 70, y, 70, &r), 0);
	assert_true(r.p > 0.8);
}

/* ---- Holm ---- */

static void test_holm_by_hand(void **state)
{
	/* Sorted: 0.005 x4 = 0.02, 0.01 x3 = 0.03, 0.03 x2 = 0.06, 0.04 x1 -> max(0.06, 0.04). */
	double p[] = { 0.01, 0.04, 0.03, 0.005 }, adj[4];
	double q[] = { 0.6, 0.7, 0.01 }, qa[3];
	double t[] = { 0.02, 0.02, 0.02 }, ta[3];

	(void)state;
	assert_int_equal(holm_adjust(p, 4, adj), 0);
	assert_close(adj[0], 0.03, 1e-15);
	assert_close(adj[1], 0.06, 1e-15);
	assert_close(adj[2], 0.06, 1e-15);
	assert_close(adj[3], 0.02, 1e-15);
	assert_int_equal(holm_adjust(q, 3, qa), 0); /* 0.03, then min(1, 1.2), then 1 */
	assert_close(qa[2], 0.03, 1e-15);
	assert_close(qa[0], 1, 0);
	assert_close(qa[1], 1, 0);
	assert_int_equal(holm_adjust(t, 3, ta), 0); /* ties: all 0.06 */
	for (int i = 0; i < 3; i++)
		assert_close(ta[i], 0.06, 1e-15);
	assert_int_equal(holm_adjust(p, 0, adj), 0);
	assert_int_equal(holm_adjust((double[]){ 1.5 }, 1, adj), -EINVAL);
	assert_int_equal(holm_adjust((double[]){ NAN }, 1, adj), -EINVAL);
}

/* ---- bootstrap ---- */

static void test_boot_known_ratio(void **state)
{
	double base[] = { 100, 102, 98, 101, 99, 103, 97 };
	double cur[] = { 151, 149, 152, 148, 150, 153, 147 }; /* medians 100 and 150 */
	struct boot_params bp = { 10000, 0.95, 42 };
	struct ratio_ci a, b;

	(void)state;
	assert_int_equal(boot_median_ratio(base, 7, cur, 7, &bp, &a), 0);
	assert_close(a.ratio, 1.5, 1e-15);
	assert_true(a.lo < 1.5 && 1.5 < a.hi);
	assert_true(a.lo > 1.40 && a.hi < 1.60); /* 3% noise: a narrow interval */
	assert_int_equal(boot_median_ratio(base, 7, cur, 7, &bp, &b), 0);
	assert_memory_equal(&a, &b, sizeof(a)); /* same seed, same interval */
	assert_int_equal(boot_median_ratio(base, 7, base, 7, &bp, &a), 0);
	assert_close(a.ratio, 1, 0);
	assert_true(a.lo < 1 && 1 < a.hi);
}

static void test_boot_errors(void **state)
{
	double v[] = { 1, 2, 3 }, z[] = { 0, 2, 3 };
	struct boot_params bp = { 100, 0.95, 1 }, bad = { 100, 1.5, 1 };
	struct ratio_ci ci;

	(void)state;
	assert_int_equal(boot_median_ratio(z, 3, v, 3, &bp, &ci), -EDOM);
	assert_int_equal(boot_median_ratio(v, 0, v, 3, &bp, &ci), -EINVAL);
	assert_int_equal(boot_median_ratio(v, 3, v, 3, &bad, &ci), -EINVAL);
}

static double normal(struct rng *g)
{
	double u1 = ((double)(rng_next(g) >> 11) + 0.5) * 0x1p-53;
	double u2 = (double)(rng_next(g) >> 11) * 0x1p-53;

	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

/* Coverage: lognormal samples whose medians are 100 and 130 (true ratio 1.3), 15 values a
 * side. The percentile interval should contain 1.3 in about 95% of the trials. */
static void test_boot_coverage(void **state)
{
	struct boot_params bp = { 2000, 0.95, 0 };
	struct rng g;
	int hits = 0, trials = 200;

	(void)state;
	rng_seed(&g, 2024);
	for (int t = 0; t < trials; t++) {
		double b[15], c[15];
		struct ratio_ci ci;
		for (int i = 0; i < 15; i++) {
			b[i] = 100 * exp(0.05 * normal(&g));
			c[i] = 130 * exp(0.05 * normal(&g));
		}
		bp.seed = (uint64_t)t;
		assert_int_equal(boot_median_ratio(b, 15, c, 15, &bp, &ci), 0);
		hits += ci.lo <= 1.3 && 1.3 <= ci.hi;
	}
	if (hits < trials * 85 / 100)
		fail_msg("interval covered the true ratio in %d of %d trials", hits, trials);
}

/* ---- rng ---- */

static void test_rng(void **state)
{
	uint64_t s = 0;
	struct rng a, b;
	unsigned seen[6] = { 0 };

	(void)state;
	/* splitmix64 from 0: the published first output. */
	assert_true(rng_splitmix64(&s) == 0xe220a8397b1dcdafull);
	rng_seed(&a, 99);
	rng_seed(&b, 99);
	for (int i = 0; i < 100; i++)
		assert_true(rng_next(&a) == rng_next(&b));
	rng_seed(&b, 100);
	assert_true(rng_next(&a) != rng_next(&b));
	for (int i = 0; i < 60000; i++)
		seen[rng_below(&a, 6)]++;
	for (int i = 0; i < 6; i++)
		assert_true(seen[i] > 9500 && seen[i] < 10500);
	assert_true(rng_below(&a, 1) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u_counts_small),
		cmocka_unit_test(test_u_counts_match_recursion),
		cmocka_unit_test(test_u_counts_match_enumeration),
		cmocka_unit_test(test_u_counts_large_exact_sum),
		cmocka_unit_test(test_critical_values_table),
		cmocka_unit_test(test_mw_hand_cases),
		cmocka_unit_test(test_mw_ties_by_hand),
		cmocka_unit_test(test_mw_ties_match_brute_force),
		cmocka_unit_test(test_mw_symmetric_and_errors),
		cmocka_unit_test(test_mw_large_samples),
		cmocka_unit_test(test_holm_by_hand),
		cmocka_unit_test(test_boot_known_ratio),
		cmocka_unit_test(test_boot_errors),
		cmocka_unit_test(test_boot_coverage),
		cmocka_unit_test(test_rng),
	};

	return cmocka_run_group_tests_name("compare_stats", tests, NULL, NULL);
}
