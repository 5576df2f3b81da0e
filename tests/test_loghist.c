/* The log-bucketed histogram: every value lies in its bucket, buckets are at most
 * LOGHIST_REL_ERR wide relative to their values, and its quantiles agree with the exact
 * nearest-rank ones of the same data within that error; merging is adding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include "stats/loghist.h"
#include "stats/rng.h"
#include "stats/stats.h"

static void test_every_value_in_its_bucket(void **state)
{
	struct rng g;
	size_t last = 0;

	(void)state;
	rng_seed(&g, 7);
	for (uint64_t v = 0; v < 5000; v++) { /* exact below 256, then contiguous */
		uint64_t lo, w;
		size_t i = loghist_index(v);

		loghist_bucket(i, &lo, &w);
		assert_true(lo <= v && v < lo + w);
		assert_true(i == last || i == last + 1);
		last = i;
		if (v < 256)
			assert_int_equal(w, 1);
	}
	for (int k = 0; k < 100000; k++) {
		uint64_t v = rng_next(&g) >> rng_below(&g, 64), lo, w;
		size_t i = loghist_index(v);

		assert_true(i < LOGHIST_BUCKETS);
		loghist_bucket(i, &lo, &w);
		assert_true(lo <= v && v - lo < w);
		assert_true(w == 1 || (double)w / 2 <= LOGHIST_REL_ERR * (double)lo * 1.0001);
	}
	assert_int_equal(loghist_index(UINT64_MAX), LOGHIST_BUCKETS - 1);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* A long-tailed spread from 100 to 1e8, like latencies with stalls. */
static void test_quantiles_match_exact(void **state)
{
	enum { N = 200000 };
	static const double qs[] = { 0.5, 0.9, 0.99, 0.999, 0.9999 };
	uint64_t *v = malloc(N * sizeof(*v));
	struct loghist *h = malloc(sizeof(*h));
	struct rng g;
	double sum = 0;

	(void)state;
	assert_non_null(v);
	assert_non_null(h);
	loghist_clear(h);
	rng_seed(&g, 42);
	for (size_t i = 0; i < N; i++) {
		double u = (double)(rng_next(&g) >> 11) / 9007199254740992.0;
		v[i] = (uint64_t)(100 * pow(1e6, u * u * u));
		loghist_add(h, v[i]);
		sum += (double)v[i];
	}
	qsort(v, N, sizeof(*v), cmp_u64);
	assert_int_equal(h->count, N);
	assert_int_equal(h->min, v[0]);
	assert_int_equal(h->max, v[N - 1]);
	assert_true(fabs(loghist_mean(h) - sum / N) < 1e-6 * sum / N);
	for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
		double exact = (double)v[(size_t)ceil(qs[k] * N) - 1], got = loghist_quantile(h, qs[k]);

		if (fabs(got - exact) > LOGHIST_REL_ERR * exact + 0.5)
			fail_msg("q %g: histogram %.1f, exact %.1f", qs[k], got, exact);
	}
	assert_true(loghist_quantile(h, 0) == (double)v[0]);
	assert_true(loghist_quantile(h, 1) == (double)v[N - 1]);
	free(v);
	free(h);
}

static void test_merge_adds(void **state)
{
	struct loghist *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	(void)state;
	assert_true(isnan(loghist_quantile(a, 0.5)));
	for (uint64_t i = 1; i <= 100; i++)
		loghist_add(i % 2 ? a : b, i * 1000);
	loghist_merge(a, b);
	assert_int_equal(a->count, 100);
	assert_int_equal(a->min, 1000);
	assert_int_equal(a->max, 100000);
	assert_true(fabs(loghist_quantile(a, 0.5) - 50000) <= 50000 * LOGHIST_REL_ERR);
	assert_true(fabs(loghist_stddev(a) - 29011.49) < 1);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_value_in_its_bucket),
		cmocka_unit_test(test_quantiles_match_exact),
		cmocka_unit_test(test_merge_adds),
	};

	return cmocka_run_group_tests_name("loghist", tests, NULL, NULL);
}
