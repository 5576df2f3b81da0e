/* Unit tests for harness/stats.c. Expected values are worked by hand in the comments; the
 * median-CI ranks are re-derived here with exact integer binomial sums (a different method
 * from the log-space recurrence in stats/stats.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/stats.h"

#include "assert_close.h" /* cmocka's assert_float_equal narrows to float */

#define TOL 1e-9

typedef unsigned __int128 u128;

static double *seq(size_t n) /* 1, 2, ..., n in a scrambled order */
{
	double *v = malloc(n * sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = (double)((i * 7919) % n + 1); /* 7919 is prime, coprime to the n used */
	return v;
}

static void assert_ascending(const double *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		assert_true(v[i - 1] <= v[i]);
}

/* ---- stats_compute ---- */

static void test_1_to_10(void **state)
{
	(void)state;
	double v[] = {7, 3, 10, 1, 5, 9, 2, 8, 6, 4};
	struct stats s;

	assert_int_equal(stats_compute(v, 10, &s), 0);
	assert_int_equal(s.n, 10);
	assert_true(s.min == 1 && s.max == 10);
	assert_close(s.p50, 5.5, TOL);    /* h = 4.5   */
	assert_close(s.p90, 9.1, TOL);    /* h = 8.1   */
	assert_close(s.p99, 9.91, TOL);   /* h = 8.91  */
	assert_close(s.p999, 9.991, TOL); /* h = 8.991 */
	assert_close(s.mean, 5.5, TOL);
	assert_close(s.stddev, sqrt(82.5 / 9), TOL); /* sum of squares about 5.5 is 82.5 */
}

static void test_1_to_100(void **state)
{
	(void)state;
	double *v = seq(100);
	struct stats s;

	assert_int_equal(stats_compute(v, 100, &s), 0);
	assert_close(s.p50, 50.5, TOL);    /* h = 49.5   */
	assert_close(s.p90, 90.1, TOL);    /* h = 89.1   */
	assert_close(s.p99, 99.01, TOL);   /* h = 98.01  */
	assert_close(s.p999, 99.901, TOL); /* h = 98.901 */
	assert_close(s.mean, 50.5, TOL);
	assert_close(s.stddev, sqrt(100.0 * 101 / 12), TOL); /* var of 1..n is n(n+1)/12 */
	free(v);
}

static void test_1_to_1000(void **state)
{
	(void)state;
	double *v = seq(1000);
	struct stats s;

	assert_int_equal(stats_compute(v, 1000, &s), 0);
	assert_ascending(v, 1000);
	assert_true(s.min == 1 && s.max == 1000);
	assert_close(s.p50, 500.5, TOL);    /* h = 499.5   */
	assert_close(s.p90, 900.1, TOL);    /* h = 899.1   */
	assert_close(s.p99, 990.01, TOL);   /* h = 989.01  */
	assert_close(s.p999, 999.001, TOL); /* h = 998.001 */
	assert_close(s.mean, 500.5, TOL);
	assert_close(s.stddev, sqrt(1000.0 * 1001 / 12), TOL);
	free(v);
}

static void test_single_value(void **state)
{
	(void)state;
	double v[] = {42.5};
	struct stats s;

	assert_int_equal(stats_compute(v, 1, &s), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.min == 42.5 && s.max == 42.5 && s.mean == 42.5);
	assert_true(s.p50 == 42.5 && s.p90 == 42.5 && s.p99 == 42.5 && s.p999 == 42.5);
	assert_true(s.stddev == 0);
}

static void test_two_values(void **state)
{
	(void)state;
	double v[] = {3, 1};
	struct stats s;

	assert_int_equal(stats_compute(v, 2, &s), 0);
	assert_true(v[0] == 1 && v[1] == 3);
	assert_close(s.p50, 2, TOL);
	assert_close(s.p90, 2.8, TOL);   /* 1 + 0.9 * 2 */
	assert_close(s.p99, 2.98, TOL);
	assert_close(s.p999, 2.998, TOL);
	assert_close(s.mean, 2, TOL);
	assert_close(s.stddev, sqrt(2), TOL); /* (1 + 1) / 1 */
}

static void test_unsorted_gets_sorted(void **state)
{
	(void)state;
	double v[] = {5, -1, 3.5, 0, -0.0, 1e300, -1e300, 2, 2, 7};
	const double want[] = {-1e300, -1, 0, 0, 2, 2, 3.5, 5, 7, 1e300};
	struct stats s;

	assert_int_equal(stats_compute(v, 10, &s), 0);
	for (size_t i = 0; i < 10; i++)
		assert_true(v[i] == want[i]);
	assert_true(s.min == -1e300 && s.max == 1e300);
	assert_close(s.p50, 2, TOL);
}

static void test_all_equal(void **state)
{
	(void)state;
	double v[100];
	struct stats s;

	for (size_t i = 0; i < 100; i++)
		v[i] = 7.25;
	assert_int_equal(stats_compute(v, 100, &s), 0);
	assert_true(s.stddev == 0);
	assert_true(s.mean == 7.25);
	assert_true(s.p50 == 7.25 && s.p90 == 7.25 && s.p99 == 7.25 && s.p999 == 7.25);
}

static void test_mean_stddev_hand(void **state)
{
	(void)state;
	double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
	struct stats s;

	assert_int_equal(stats_compute(v, 8, &s), 0);
	assert_close(s.mean, 5, TOL);
	assert_close(s.stddev, sqrt(32.0 / 7), TOL); /* squares about 5: 9+1+1+1+0+0+4+16 */
}

/* Values near 1e9 (a nanosecond timestamp) plus noise r * 2^-20 (r = 0..9; 2^-20 is about a
 * millionth), all exact in double. The textbook sum-of-squares formula loses every
 * digit here (terms ~1e18, variance ~1e-11), and a plain running sum of the raw values
 * rounds the mean by more than the noise itself; a stable method gets both to the ulp. */
static void test_large_offset(void **state)
{
	(void)state;
	const size_t n = 10000;
	const double step = 0x1p-20, ulp = 0x1p-23; /* ulp of 1e9 */
	double *v = malloc(n * sizeof(*v));
	struct stats s;

	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = 1e9 + step * (double)((i * 7) % 10);
	assert_int_equal(stats_compute(v, n, &s), 0);
	/* r = 0..9, each 1000 times: mean 4.5, population variance 8.25 */
	assert_close(s.mean, 1e9 + 4.5 * step, ulp);
	assert_close(s.stddev / (step * sqrt(8.25 * 10000 / 9999)), 1, 1e-12);
	assert_true(s.min == 1e9 && s.max == 1e9 + 9 * step);
	assert_close(s.p50, 1e9 + 4.5 * step, ulp);
	free(v);
}

static void test_nan_rejected(void **state)
{
	(void)state;
	double v[] = {3, 1, NAN, 2};
	struct stats s;
	struct median_ci ci;

	assert_int_equal(stats_compute(v, 4, &s), -EINVAL);
	assert_true(v[0] == 3 && v[1] == 1 && isnan(v[2]) && v[3] == 2); /* untouched */
	assert_int_equal(stats_median_ci(v, 4, 0.95, &ci), -EINVAL);
	assert_true(v[0] == 3 && v[1] == 1 && isnan(v[2]) && v[3] == 2);
}

static void test_empty_rejected(void **state)
{
	(void)state;
	double v[] = {1};
	struct stats s;
	struct median_ci ci;

	assert_int_equal(stats_compute(v, 0, &s), -EINVAL);
	assert_int_equal(stats_compute(NULL, 0, &s), -EINVAL);
	assert_int_equal(stats_compute(v, 1, NULL), -EINVAL);
	assert_int_equal(stats_median_ci(v, 0, 0.95, &ci), -EINVAL);
	assert_int_equal(stats_median_ci(v, 1, 0.95, NULL), -EINVAL);
}

static void test_percentile_sorted_edges(void **state)
{
	(void)state;
	const double v[] = {10, 20, 30, 40, 50};

	assert_true(stats_percentile_sorted(v, 5, 0) == 10);
	assert_true(stats_percentile_sorted(v, 5, 1) == 50);
	assert_true(stats_percentile_sorted(v, 5, 0.25) == 20); /* h = 1 exactly */
	assert_close(stats_percentile_sorted(v, 5, 0.3), 22, TOL);
	assert_true(stats_percentile_sorted(v, 5, -1) == 10); /* clamped */
	assert_true(stats_percentile_sorted(v, 5, 2) == 50);
	assert_true(stats_percentile_sorted(v, 1, 0.5) == 10);
	assert_true(isnan(stats_percentile_sorted(v, 0, 0.5)));
	assert_true(isnan(stats_percentile_sorted(v, 5, NAN)));

	/* an exact rank next to an infinity must not turn into 0 * inf */
	const double w[] = {1, 2, INFINITY};
	assert_true(stats_percentile_sorted(w, 3, 0.5) == 2);
	assert_true(stats_percentile_sorted(w, 3, 0) == 1);
	assert_true(isinf(stats_percentile_sorted(w, 3, 0.75)));
}

/* ---- stats_median_ci ---- */

/* Exact reference: the largest k >= 1 with 1 - 2*P(Bin(n,1/2) <= k-1) >= num/den, or 1,
 * by integer binomial sums: coverage >= num/den  <=>  (den-num)*2^n >= 2*den*S, where
 * S = sum_{i<k} C(n,i). Exact while den*2^(n+1) fits in 128 bits (n <= 120, den <= 100). */
static size_t exact_rank(unsigned n, unsigned num, unsigned den, long double *level)
{
	u128 c = 1, s = 1, pow2 = (u128)1 << n; /* c = C(n, i), s = sum_{j<=i} C(n, j) */
	size_t k = 1;

	for (unsigned i = 1; k < (n + 1) / 2; i++) {
		c = c * (n - i + 1) / i;
		if ((u128)(den - num) * pow2 < (u128)2 * den * (s + c))
			break;
		s += c;
		k++;
	}
	*level = 1.0L - 2.0L * (long double)s / (long double)pow2;
	return k;
}

static void check_ci(double *v, size_t n, double conf, size_t k, double level)
{
	struct median_ci ci;

	assert_int_equal(stats_median_ci(v, n, conf, &ci), 0);
	assert_ascending(v, n);
	assert_true(ci.lo == v[k - 1]);
	assert_true(ci.hi == v[n - k]);
	assert_close(ci.level, level, 1e-12);
	assert_close(ci.median, stats_percentile_sorted(v, n, 0.5), 0);
}

static void test_ci_n5_minmax(void **state)
{
	(void)state;
	double v[] = {9, 1, 5, 3, 7};
	struct median_ci ci;

	check_ci(v, 5, 0.95, 1, 1 - 2.0 / 32); /* [min,max] covers only 0.9375 < 0.95 */
	assert_int_equal(stats_median_ci(v, 5, 0.95, &ci), 0);
	assert_true(ci.lo == 1 && ci.hi == 9 && ci.median == 5);
	assert_true(ci.level == 0.9375);
}

static void test_ci_n6(void **state)
{
	(void)state;
	double v[] = {6, 2, 4, 1, 5, 3};
	struct median_ci ci;

	check_ci(v, 6, 0.95, 1, 1 - 2.0 / 64); /* k = 2 would give 1 - 14/64 */
	assert_int_equal(stats_median_ci(v, 6, 0.95, &ci), 0);
	assert_true(ci.median == 3.5); /* mean of the two middle values */
}

static void test_ci_n10(void **state)
{
	(void)state;
	double *v = seq(10);
	struct median_ci ci;

	/* P(X <= 1) = 11/1024 -> 0.978515625; P(X <= 2) = 56/1024 -> 0.890625 < 0.95 */
	check_ci(v, 10, 0.95, 2, 1 - 22.0 / 1024);
	assert_int_equal(stats_median_ci(v, 10, 0.95, &ci), 0);
	assert_true(ci.lo == 2 && ci.hi == 9 && ci.median == 5.5);
	free(v);
}

static void test_ci_n100_exact(void **state)
{
	(void)state;
	double *v = seq(100);
	long double level;
	size_t k = exact_rank(100, 95, 100, &level);
	struct median_ci ci;

	assert_int_equal(k, 40); /* the textbook ranks 40 and 61 */
	check_ci(v, 100, 0.95, k, (double)level);
	assert_int_equal(stats_median_ci(v, 100, 0.95, &ci), 0);
	assert_true(ci.lo == 40 && ci.hi == 61);
	assert_close(ci.level, 0.9647998, 1e-7);
	free(v);
}

/* Every n up to 120 at three levels against the exact integer reference. */
static void test_ci_sweep_exact(void **state)
{
	(void)state;
	static const unsigned num[] = {90, 95, 99};
	double *v = seq(120);

	for (unsigned n = 1; n <= 120; n++) {
		for (size_t j = 0; j < 3; j++) {
			long double level;
			size_t k = exact_rank(n, num[j], 100, &level);
			check_ci(v, n, num[j] / 100.0, k, (double)level);
		}
	}
	free(v);
}

/* n = 10000: 2^-n underflows, so check against pmfs from lgammal (long double), summed
 * independently of the recurrence in stats/stats.c. */
static void test_ci_large_n(void **state)
{
	(void)state;
	const size_t n = 10000;
	double *v = seq(n);
	long double cdf = 0, lg = lgammal((long double)n + 1), ln2n = (long double)n * logl(2);
	size_t k = 0;

	for (size_t i = 0; i < n / 2; i++) {
		long double p = expl(lg - lgammal((long double)i + 1) -
				     lgammal((long double)(n - i) + 1) - ln2n);
		if (1 - 2 * (cdf + p) < 0.95L)
			break;
		cdf += p;
		k = i + 1;
	}
	assert_in_range(k, 4900, 4905); /* normal approx: n/2 - 1.96*sqrt(n)/2 = 4902 */
	check_ci(v, n, 0.95, k, (double)(1 - 2 * cdf));
	free(v);
}

static void test_ci_small_n(void **state)
{
	(void)state;
	double one[] = {4.5}, two[] = {8, 2};

	/* n == 1: the single value, coverage 1 - 2*P(X <= 0) = 0 */
	check_ci(one, 1, 0.95, 1, 0);
	check_ci(two, 2, 0.95, 1, 0.5);
}

static void test_ci_conf_rejected(void **state)
{
	(void)state;
	static const double bad[] = {0, 1, -0.5, 1.5, NAN, INFINITY, -INFINITY};
	double v[] = {1, 2, 3};
	struct median_ci ci;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(stats_median_ci(v, 3, bad[i], &ci), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_1_to_10),
		cmocka_unit_test(test_1_to_100),
		cmocka_unit_test(test_1_to_1000),
		cmocka_unit_test(test_single_value),
		cmocka_unit_test(test_two_values),
		cmocka_unit_test(test_unsorted_gets_sorted),
		cmocka_unit_test(test_all_equal),
		cmocka_unit_test(test_mean_stddev_hand),
		cmocka_unit_test(test_large_offset),
		cmocka_unit_test(test_nan_rejected),
		cmocka_unit_test(test_empty_rejected),
		cmocka_unit_test(test_percentile_sorted_edges),
		cmocka_unit_test(test_ci_n5_minmax),
		cmocka_unit_test(test_ci_n6),
		cmocka_unit_test(test_ci_n10),
		cmocka_unit_test(test_ci_n100_exact),
		cmocka_unit_test(test_ci_sweep_exact),
		cmocka_unit_test(test_ci_large_n),
		cmocka_unit_test(test_ci_small_n),
		cmocka_unit_test(test_ci_conf_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
