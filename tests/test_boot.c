/* The stratified bootstrap (stats/boot.h): on synthetic lines with known slope and normal
 * noise its 95 % interval covers the true slope about 95 % of the time; the same seed
 * gives the same interval; a statistic that cannot be computed is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include "stats/boot.h"
#include "stats/fit.h"
#include "stats/rng.h"

#define STRATA 8
#define REPS 10
#define N (STRATA * REPS)

struct data {
	double x[N], y[N];
};

static int slope_of(const size_t *pick, size_t n, void *arg, double *out)
{
	const struct data *d = arg;
	double x[N], y[N];
	struct fit f;

	for (size_t i = 0; i < n; i++) {
		x[i] = d->x[pick[i]];
		y[i] = d->y[pick[i]];
	}
	if (fit_line(x, y, n, &f) < 0)
		return -1;
	*out = f.b;
	return 0;
}

static double normal(struct rng *g)
{
	double u = ((double)(rng_next(g) >> 11) + 0.5) / 9007199254740992.0;
	double v = ((double)(rng_next(g) >> 11) + 0.5) / 9007199254740992.0;

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void make(struct data *d, unsigned *stratum, struct rng *g)
{
	for (int i = 0; i < N; i++) {
		stratum[i] = (unsigned)(i / REPS);
		d->x[i] = 1024.0 * (1 << stratum[i]);
		d->y[i] = 500 + 0.05 * d->x[i] + 40 * normal(g);
	}
}

static void test_coverage(void **state)
{
	struct boot_spec bs = { 500, 0.95, 11, 1 };
	struct data d;
	unsigned stratum[N];
	struct rng g;
	int covered = 0, trials = 200;

	(void)state;
	rng_seed(&g, 2024);
	for (int t = 0; t < trials; t++) {
		struct boot_interval bi;

		make(&d, stratum, &g);
		bs.seed = (uint64_t)t;
		assert_int_equal(boot_strata(stratum, N, &bs, slope_of, &d, &bi), 0);
		assert_int_equal(bi.used, bs.resamples);
		covered += bi.lo[0] <= 0.05 && 0.05 <= bi.hi[0];
	}
	print_message("covered %d of %d\n", covered, trials);
	/* 95 % nominal; a percentile bootstrap of 10 per stratum runs a little narrow */
	assert_in_range(covered, trials * 88 / 100, trials * 99 / 100);
}

static void test_same_seed_same_interval(void **state)
{
	struct boot_spec bs = { 300, 0.95, 5, 1 };
	struct boot_interval a, b;
	struct data d;
	unsigned stratum[N];
	struct rng g;

	(void)state;
	rng_seed(&g, 1);
	make(&d, stratum, &g);
	assert_int_equal(boot_strata(stratum, N, &bs, slope_of, &d, &a), 0);
	assert_int_equal(boot_strata(stratum, N, &bs, slope_of, &d, &b), 0);
	assert_true(a.lo[0] == b.lo[0] && a.hi[0] == b.hi[0]);
	assert_true(a.lo[0] < a.hi[0]);
}

static int never(const size_t *pick, size_t n, void *arg, double *out)
{
	(void)pick, (void)n, (void)arg, (void)out;
	return -1;
}

static void test_refusals(void **state)
{
	struct boot_spec bs = { 100, 0.95, 1, 1 }, bad = { 100, 1.5, 1, 1 };
	struct boot_interval bi;
	struct data d;
	unsigned stratum[N];
	struct rng g;

	(void)state;
	rng_seed(&g, 3);
	make(&d, stratum, &g);
	assert_int_equal(boot_strata(stratum, N, &bs, never, &d, &bi), -EDOM);
	assert_int_equal(boot_strata(stratum, N, &bad, slope_of, &d, &bi), -EINVAL);
	for (int i = 0; i < STRATA; i++) { /* one point per stratum: nothing to resample */
		stratum[i] = (unsigned)i;
		d.x[i] = d.x[i * REPS];
	}
	assert_int_equal(boot_strata(stratum, STRATA, &bs, slope_of, &d, &bi), 0);
	assert_true(bi.lo[0] == bi.hi[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_same_seed_same_interval),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests_name("boot", tests, NULL, NULL);
}
