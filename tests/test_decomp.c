/* The copy decomposition (run/decomp.h): regimes of the step terms, the three-term fit on
 * synthetic data with known coefficients, a collinear case that must say it cannot
 * separate bytes from switches (and then fall back to a flat regime, or give no count),
 * and the model-0 transport whose estimate reads as 0 within its interval. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "run/decomp.h"

#define NSIZES 9
#define REPS 3

/* 4 KiB .. 1 MiB, REPS repetitions each; y = a + b*bytes + c*switches, noise of -e, 0, +e
 * over the repetitions (the median is the noiseless value). */
static size_t make_points(struct decomp_point *p, const double *sw, double a, double b,
			  double c, double e)
{
	size_t n = 0;

	for (int k = 0; k < NSIZES; k++)
		for (int r = 0; r < REPS; r++) {
			double bytes = 4096.0 * (1 << k);

			p[n++] = (struct decomp_point){
				.bytes = bytes, .oneway_ns = a + b * bytes + c * sw[k] + e * (r - 1),
				.step = { sw[k], 1, NAN },
			};
		}
	return n;
}

static void run(const struct decomp_point *p, size_t n, int model, struct decomp *d)
{
	struct decomp_input in = { .p = p, .n = n, .unit_ns_per_byte = 0.025,
				   .transfer_ns_per_byte = 0, .copies_model = model, .seed = 7 };

	assert_int_equal(decomp_run(&in, d), 0);
}

/* y = 2000 + 0.05 * bytes + 8000 * switches, two copies of 0.025 ns per byte. */
static void decompose(const double *sw, struct decomp *d)
{
	struct decomp_point p[NSIZES * REPS];

	run(p, make_points(p, sw, 2000, 0.05, 8000, 100), 2, d);
}

static void test_regimes(void **state)
{
	double med[DT_STEPS][DECOMP_MAX_SIZES];
	double sw[NSIZES] = { 1, 1, 1, 1, 2, 3, 5, 9, 17 };
	struct decomp_regime g[DECOMP_MAX_REGIMES];

	(void)state;
	for (int k = 0; k < NSIZES; k++) {
		med[0][k] = sw[k] + (k % 2 ? 0.05 : -0.05); /* counting noise stays in one regime */
		med[1][k] = 1;
		med[2][k] = NAN;
	}
	assert_int_equal(decomp_regimes(med, NSIZES, g, DECOMP_MAX_REGIMES), 2);
	assert_true(g[0].flat && g[0].first == 0 && g[0].last == 3);
	assert_true(!g[1].flat && g[1].first == 4 && g[1].last == 8);
	assert_true(g[1].lo[0] < 2.1 && g[1].hi[0] > 16.9);
	for (int k = 0; k < NSIZES; k++)
		med[1][k] = k < 5 ? 1 : 2; /* sends change where switches do not */
	for (int k = 0; k < NSIZES; k++)
		med[0][k] = 1;
	assert_int_equal(decomp_regimes(med, NSIZES, g, DECOMP_MAX_REGIMES), 2);
	assert_true(g[0].flat && g[0].last == 4 && g[1].flat && g[1].first == 5);
}

/* Switches that vary apart from size: all three coefficients come back. */
static void test_three_terms(void **state)
{
	double sw[NSIZES] = { 1, 3, 2, 1, 4, 2, 3, 1, 2 };
	struct decomp_point p[NSIZES * REPS];
	struct decomp d;

	(void)state;
	decompose(sw, &d);
	assert_true(d.all.ok && d.from_regime < 0);
	assert_true(d.all.terms == ((1u << DT_BYTES) | (1u << DT_SWITCHES)));
	assert_true(fabs(d.all.coef[DT_BYTES] - 0.05) < 1e-9);
	assert_true(fabs(d.all.coef[DT_SWITCHES] - 8000) < 1e-6);
	assert_true(fabs(d.all.a - 2000) < 1e-3);
	assert_true(d.all.has_copies && fabs(d.all.copies - 2) < 1e-6);
	assert_true(d.all.has_ci && d.all.copies_lo <= 2 && d.all.copies_hi >= 2);
	assert_true(d.all.has_sw_ci && d.all.sw_lo <= 8000 && d.all.sw_hi >= 8000);
	assert_true(d.all.reported == d.all.copies && !d.all.reported_zero);
	assert_null(strstr(d.all.note, "outside"));
	run(p, make_points(p, sw, 2000, 0.05, 8000, 100), 1, &d); /* a model of one copy */
	assert_non_null(strstr(d.all.note, "the model's 1 lies outside the interval: more"));
}

/* Switches growing with size like a 64 KiB pipe's chunks: over all sizes bytes and
 * switches cannot be told apart; the count comes from the flat regime, where the switch
 * cost is in the intercept. */
static void test_collinear_falls_back_to_flat_regime(void **state)
{
	double sw[NSIZES] = { 1, 1, 1, 1, 2, 3, 5, 9, 17 };
	struct decomp d;

	(void)state;
	decompose(sw, &d);
	assert_int_equal(d.from_regime, 0);
	assert_non_null(strstr(d.all.note, "cannot be told apart"));
	assert_true(d.all.has_copies && fabs(d.all.copies - 2) < 1e-6);
	/* with that slope fixed, the switch cost over all sizes */
	assert_true(d.steps.ok && fabs(d.steps.coef[DT_SWITCHES] - 8000) < 1e-6);
	assert_true(d.steps.has_sw_ci && d.steps.sw_lo <= 8000 && d.steps.sw_hi >= 8000);
	assert_true(d.nreg == 2 && d.per[0].has_copies && !d.per[1].has_copies);
	assert_non_null(strstr(d.per[1].note, "change with size"));
}

/* Switches an exact function of size and no flat regime: no count, and the note says so. */
static void test_collinear_without_flat_regime(void **state)
{
	double sw[NSIZES];
	struct decomp d;

	(void)state;
	for (int k = 0; k < NSIZES; k++)
		sw[k] = 1 << k; /* one switch per 4 KiB */
	decompose(sw, &d);
	assert_false(d.all.has_copies);
	assert_false(d.all.has_reported);
	assert_non_null(strstr(d.all.note, "cannot be told apart"));
	assert_non_null(strstr(d.all.note, "no count"));
}

/* A transport that copies nothing: a slightly negative estimate whose interval includes 0
 * is reported as 0, never as a negative count; the same data for a copying model keep
 * their sign and a note. */
static void test_model_zero_reads_zero(void **state)
{
	double sw[NSIZES] = { 0 };
	struct decomp_point p[NSIZES * REPS];
	struct decomp d;
	size_t n;

	(void)state;
	n = make_points(p, sw, 300, -0.0002, 0, 0);
	for (size_t i = 0; i < n; i++) /* repetitions 0.04 copies apart: a wide interval */
		p[i].oneway_ns += 0.001 * p[i].bytes * ((double)(i % REPS) - 1);
	run(p, n, 0, &d);
	assert_true(d.all.has_copies && d.all.copies < 0);
	assert_true(d.all.has_ci && d.all.copies_lo < 0 && d.all.copies_hi > 0);
	assert_true(d.all.reported_zero && d.all.reported == 0 && d.all.reported_lo == 0);
	assert_non_null(strstr(d.all.note, "read as 0"));
	run(p, n, 2, &d);
	assert_false(d.all.reported_zero);
	assert_true(d.all.reported < 0);
	assert_non_null(strstr(d.all.note, "negative"));
}

static void test_too_few_sizes(void **state)
{
	double sw[NSIZES] = { 1, 1 };
	struct decomp_point p[NSIZES * REPS];
	struct decomp d;

	(void)state;
	make_points(p, sw, 2000, 0.05, 0, 0);
	run(p, 2 * REPS, 2, &d);
	assert_false(d.all.ok);
	assert_non_null(strstr(d.all.note, "fewer than 3 sizes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regimes),
		cmocka_unit_test(test_three_terms),
		cmocka_unit_test(test_collinear_falls_back_to_flat_regime),
		cmocka_unit_test(test_collinear_without_flat_regime),
		cmocka_unit_test(test_model_zero_reads_zero),
		cmocka_unit_test(test_too_few_sizes),
	};

	return cmocka_run_group_tests_name("decomp", tests, NULL, NULL);
}
