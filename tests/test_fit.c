/* The least-squares line used for copy counts: known slopes come back from synthetic
 * points, exact or with symmetric noise, and degenerate input is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include "stats/fit.h"

static void test_exact_line(void **state)
{
	double x[] = { 4096, 16384, 65536, 262144, 1048576 }, y[5];
	struct fit f;

	(void)state;
	for (int i = 0; i < 5; i++)
		y[i] = 1500 + 0.125 * x[i];
	assert_int_equal(fit_line(x, y, 5, &f), 0);
	assert_true(fabs(f.b - 0.125) < 1e-12);
	assert_true(fabs(f.a - 1500) < 1e-6);
	assert_true(fabs(f.r2 - 1) < 1e-12);
	assert_int_equal(f.n, 5);
}

/* Noise of +e and -e at each x leaves the slope and intercept exactly where they were. */
static void test_symmetric_noise(void **state)
{
	double x[12], y[12];
	struct fit f;

	(void)state;
	for (int i = 0; i < 6; i++) {
		x[2 * i] = x[2 * i + 1] = 1024.0 * (1 << (2 * i));
		y[2 * i] = 200 + 0.31 * x[2 * i] + 50 * (i + 1);
		y[2 * i + 1] = 200 + 0.31 * x[2 * i] - 50 * (i + 1);
	}
	assert_int_equal(fit_line(x, y, 12, &f), 0);
	assert_true(fabs(f.b - 0.31) < 1e-9);
	assert_true(fabs(f.a - 200) < 1e-6);
	assert_true(f.r2 > 0.99 && f.r2 < 1);
}

/* Sizes from 1 B to 64 MiB: the centred sums keep the slope accurate. */
static void test_wide_range(void **state)
{
	double x[27], y[27];
	struct fit f;

	(void)state;
	for (int i = 0; i < 27; i++) {
		x[i] = (double)(1ull << i);
		y[i] = 2e3 + 0.0625 * x[i];
	}
	assert_int_equal(fit_line(x, y, 27, &f), 0);
	assert_true(fabs(f.b - 0.0625) < 1e-12);
	assert_true(fabs(f.a - 2e3) < 1e-3);
}

static void test_flat_line_has_zero_slope(void **state)
{
	double x[] = { 1, 2, 3 }, y[] = { 7, 7, 7 };
	struct fit f;

	(void)state;
	assert_int_equal(fit_line(x, y, 3, &f), 0);
	assert_true(f.b == 0 && f.a == 7 && f.r2 == 1);
}

static void test_degenerate_input_refused(void **state)
{
	double x[] = { 5, 5, 5 }, y[] = { 1, 2, 3 }, nan_y[] = { 1, NAN, 3 }, ok_x[] = { 1, 2, 3 };
	struct fit f;

	(void)state;
	assert_int_equal(fit_line(x, y, 3, &f), -EINVAL);     /* one distinct x */
	assert_int_equal(fit_line(ok_x, y, 1, &f), -EINVAL);  /* one point */
	assert_int_equal(fit_line(ok_x, nan_y, 3, &f), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_line),
		cmocka_unit_test(test_symmetric_noise),
		cmocka_unit_test(test_wide_range),
		cmocka_unit_test(test_flat_line_has_zero_slope),
		cmocka_unit_test(test_degenerate_input_refused),
	};

	return cmocka_run_group_tests_name("fit", tests, NULL, NULL);
}
