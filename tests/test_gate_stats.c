/* Unit tests for the statistics of the CI gate (harness/compare/): Student's t against
 * tabulated quantiles; the exact signed-rank test against enumeration of every sign
 * assignment and published critical values; the Hodges-Lehmann interval against its
 * definition; the two-level bootstrap's coverage on synthetic runs with known between-run
 * variance; and the detectable change against brute-force simulation of the tests it
 * stands for. Seeded throughout: every figure is reproducible. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare/abplan.h"
#include "compare/boot2.h"
#include "compare/mdc.h"
#include "stats/signrank.h"
#include "compare/tdist.h"
#include "stats/exact.h"
#include "stats/rng.h"

#include "assert_close.h" /* cmocka's assert_float_equal narrows to float */

static double normal(struct rng *g)
{
	double u1 = ((double)(rng_next(g) >> 11) + 0.5) * 0x1p-53;
	double u2 = (double)(rng_next(g) >> 11) * 0x1p-53;

	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

/* ---- Student's t ---- */

static void test_t_quantiles(void **state)
{
	/* two-sided 95 % and one-sided 95 % critical values from printed tables */
	const struct { double df, q975, q95; } tab[] = {
		{ 1, 12.7062, 6.3138 }, { 2, 4.3027, 2.9200 }, { 5, 2.5706, 2.0150 },
		{ 10, 2.2281, 1.8125 }, { 30, 2.0423, 1.6973 }, { INFINITY, 1.9600, 1.6449 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		assert_close(t_quantile(0.975, tab[i].df), tab[i].q975, 1e-4);
		assert_close(t_quantile(0.95, tab[i].df), tab[i].q95, 1e-4);
		assert_close(t_quantile(0.025, tab[i].df), -tab[i].q975, 1e-4);
		assert_close(t_cdf(tab[i].q975, tab[i].df), 0.975, 1e-5);
	}
	assert_close(t_cdf(0, 3), 0.5, 1e-15);
	assert_close(t_cdf(1, 1), 0.75, 1e-12); /* Cauchy: 1/2 + atan(1)/pi */
	assert_true(isnan(t_quantile(0, 5)) && isnan(t_quantile(0.5, 0)));
}

/* ---- the signed-rank test ---- */

static void test_sr_counts_enumeration(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 14; n++) {
		size_t top = n * (n + 1) / 2;
		double *c = malloc((top + 1) * sizeof(*c)), *e = calloc(top + 1, sizeof(*e));

		assert_non_null(c);
		assert_non_null(e);
		assert_int_equal(sr_counts(n, c), 0);
		for (unsigned mask = 0; mask < 1u << n; mask++) {
			size_t w = 0;
			for (size_t i = 0; i < n; i++)
				w += (mask >> i & 1) ? i + 1 : 0;
			e[w]++;
		}
		assert_memory_equal(c, e, (top + 1) * sizeof(*c));
		free(c);
		free(e);
	}
}

/* Published two-sided 0.05 critical values of the smaller rank sum T (reject T <= t):
 * n = 6: 0, 8: 3, 10: 8, 15: 25, 20: 52, 25: 89; none for n = 5. */
static void test_sr_critical_values(void **state)
{
	const size_t n[] = { 5, 6, 8, 10, 15, 20, 25 };
	const long t[] = { -1, 0, 3, 8, 25, 52, 89 };

	(void)state;
	for (size_t i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		size_t top = n[i] * (n[i] + 1) / 2;
		double *c = malloc((top + 1) * sizeof(*c));

		assert_non_null(c);
		sr_counts(n[i], c);
		assert_int_equal(sr_upper_critical(c, n[i], 0.05), (long)top - t[i]);
		free(c);
	}
	assert_close(sr_min_p(5), 0.0625, 1e-15);
	assert_close(sr_min_p(10), 2.0 / 1024, 1e-15);
}

static void test_sr_by_hand(void **state)
{
	const double all_up[] = { 1, 2, 3, 4, 5, 6 }, one_down[] = { -1, 2, 3, 4, 5, 6 };
	const double zeros[] = { 0, 0, 1.5, -2 };
	struct sr_result r;

	(void)state;
	assert_int_equal(sr_test(all_up, 6, &r), 0);
	assert_close(r.w_plus, 21, 0);
	assert_close(r.p, 2.0 / 64, 1e-15);
	assert_int_equal(sr_test(one_down, 6, &r), 0);
	assert_close(r.w_plus, 20, 0);
	assert_close(r.p, 4.0 / 64, 1e-15); /* W+ in {20, 21} or {0, 1} */
	assert_int_equal(sr_test(zeros, 4, &r), 0); /* zeros dropped: 1.5 and -2 */
	assert_int_equal(r.n_used, 2);
	assert_close(r.p, 1, 1e-15);
	assert_int_equal(sr_test(zeros, 2, &r), 0);
	assert_close(r.p, 1, 0);
	assert_int_equal(sr_test(all_up, SR_MAX + 1, &r), -EINVAL);
}

/* With ties, against every one of the 2^n sign assignments of the midranks. */
static void test_sr_ties_brute_force(void **state)
{
	struct rng g;

	(void)state;
	rng_seed(&g, 11);
	for (int trial = 0; trial < 200; trial++) {
		size_t n = 3 + rng_below(&g, 10);
		double d[16], rank[16], w = 0, mean = 0, hits = 0;
		struct sr_result r;

		for (size_t i = 0; i < n; i++) /* small integers: many ties, a few zeros */
			d[i] = (double)((long)rng_below(&g, 9) - 3);
		size_t m = 0;
		double a[16];
		for (size_t i = 0; i < n; i++)
			if (d[i] != 0)
				a[m++] = d[i];
		for (size_t i = 0; i < m; i++) {
			double below = 0, same = 0;
			for (size_t j = 0; j < m; j++)
				below += fabs(a[j]) < fabs(a[i]), same += fabs(a[j]) == fabs(a[i]);
			rank[i] = below + (same + 1) / 2;
			w += a[i] > 0 ? rank[i] : 0;
			mean += rank[i] / 2;
		}
		for (unsigned mask = 0; mask < 1u << m; mask++) {
			double s = 0;
			for (size_t i = 0; i < m; i++)
				s += (mask >> i & 1) ? rank[i] : 0;
			hits += fabs(s - mean) >= fabs(w - mean) - 1e-9;
		}
		assert_int_equal(sr_test(d, n, &r), 0);
		assert_int_equal(r.n_used, m);
		assert_close(r.w_plus, w, 1e-12);
		assert_close(r.p, m ? hits / (double)(1u << m) : 1, 1e-12);
	}
}

/* The interval is the set of shifts the test does not reject (at its exact level). */
static void test_hl_interval(void **state)
{
	double d[10], w[55];
	struct hl_ci ci;
	struct rng g;

	(void)state;
	rng_seed(&g, 5);
	for (int i = 0; i < 10; i++)
		d[i] = 0.1 + 0.05 * normal(&g);
	assert_int_equal(sr_hl_ci(d, 10, 0.95, &ci), 0);
	sr_walsh_sorted(d, 10, w);
	assert_close(ci.lo, w[8], 0);  /* k = 9: P(W+ <= 8) = 25/1024 <= 0.025 < 33/1024 */
	assert_close(ci.hi, w[46], 0);
	assert_close(ci.level, 1 - 50.0 / 1024, 1e-12);
	assert_close(ci.est, (w[27] + w[27]) / 2, 0); /* odd count: the middle one */
	for (int s = -200; s <= 400; s++) { /* test inversion over a grid of shifts */
		double x[10], th = s / 1000.0;
		struct sr_result r;
		for (int i = 0; i < 10; i++)
			x[i] = d[i] - th;
		assert_int_equal(sr_test(x, 10, &r), 0);
		if (th > ci.lo + 1e-9 && th < ci.hi - 1e-9)
			assert_true(r.p > 0.05);
		if (th < ci.lo - 1e-9 || th > ci.hi + 1e-9)
			assert_true(r.p <= 0.05);
	}
	assert_int_equal(sr_hl_ci(d, 4, 0.95, &ci), 0); /* too few: [min, max], 87.5 % */
	assert_close(ci.level, 1 - 2.0 / 16, 1e-12);
	assert_int_equal(sr_hl_ci(d, 0, 0.95, &ci), -EINVAL);
}

/* ---- the two-level bootstrap ---- */

/* k runs of r repetitions: log value = mu + N(0, between) per run + N(0, within). */
static void synth_side(struct rng *g, double mu, double between, double within, size_t k,
		       size_t r, double *v, size_t *run)
{
	for (size_t i = 0; i < k; i++) {
		double effect = between * normal(g);
		for (size_t j = 0; j < r; j++) {
			v[i * r + j] = exp(mu + effect + within * normal(g));
			run[i * r + j] = i;
		}
	}
}

/* Coverage of the true ratio over many synthetic datasets; also how often the plain
 * pooled bootstrap (repetitions as if independent) would have covered it. */
static void coverage(double between, double within, size_t k, size_t r, size_t kcur,
		     int datasets, double *cover, double *pooled_cover)
{
	struct boot_params bp = { 500, 0.95, 0 };
	double vb[64], vc[64];
	size_t rb[64], rc[64];
	struct rng g;
	int hits = 0, pooled = 0;
	const double truth = log(1.2);

	rng_seed(&g, 42 + (uint64_t)(between * 1000) + k);
	for (int t = 0; t < datasets; t++) {
		struct boot2_side b = { vb, rb, k * r, k }, c = { vc, rc, kcur * r, kcur };
		struct boot2_result res;
		struct ratio_ci plain;

		synth_side(&g, 5, between, within, k, r, vb, rb);
		synth_side(&g, 5 + truth, between, within, kcur, r, vc, rc);
		bp.seed = (uint64_t)t;
		assert_int_equal(boot2_ratio(&b, &c, &bp, &res), 0);
		hits += res.lo <= 1.2 && 1.2 <= res.hi;
		assert_int_equal(boot_median_ratio(vb, k * r, vc, kcur * r, &bp, &plain), 0);
		pooled += plain.lo <= 1.2 && 1.2 <= plain.hi;
	}
	*cover = (double)hits / datasets;
	*pooled_cover = (double)pooled / datasets;
}

static void test_boot2_coverage(void **state)
{
	double cov, pooled;

	(void)state;
	/* between-run noise dominates, as on a shared VM: 8 runs of 4 a side */
	coverage(0.08, 0.02, 8, 4, 8, 300, &cov, &pooled);
	print_message("between 0.08, within 0.02, 8 vs 8 runs of 4: coverage %.3f (pooled "
		      "bootstrap %.3f)\n", cov, pooled);
	assert_true(cov >= 0.92 && cov <= 0.98);
	assert_true(pooled < 0.75); /* what ignoring the runs would promise */
	/* no between-run noise: still about 95 %, not inflated by the two levels */
	coverage(0, 0.05, 6, 5, 6, 300, &cov, &pooled);
	print_message("between 0, within 0.05, 6 vs 6 runs of 5: coverage %.3f (pooled %.3f)\n",
		      cov, pooled);
	assert_true(cov >= 0.92 && cov <= 0.98);
	/* few runs: the t widening keeps the promise */
	coverage(0.05, 0.02, 4, 3, 4, 300, &cov, &pooled);
	print_message("between 0.05, within 0.02, 4 vs 4 runs of 3: coverage %.3f (pooled %.3f)\n",
		      cov, pooled);
	assert_true(cov >= 0.92 && cov <= 0.98);
}

static void test_boot2_one_run_sides(void **state)
{
	double v[6] = { 10, 10.1, 9.9, 12, 12.1, 11.9 };
	size_t run[6] = { 0, 0, 0, 1, 1, 1 }, bad[6] = { 0, 0, 0, 2, 2, 2 };
	struct boot2_side one = { v, NULL, 6, 1 }, two = { v, run, 6, 2 };
	struct boot2_side holes = { v, bad, 6, 3 }, neg = { (double[]){ -1, 2 }, NULL, 2, 1 };
	struct boot_params bp = { 500, 0.95, 3 };
	struct boot2_result r;

	(void)state;
	assert_int_equal(boot2_ratio(&one, &one, &bp, &r), 0);
	assert_close(r.ratio, 1, 1e-12);
	assert_true(r.between[0] == 0 && r.between[1] == 0); /* one run: not judged */
	assert_true(r.lo < 1 && r.hi > 1);
	assert_int_equal(boot2_ratio(&two, &one, &bp, &r), 0);
	assert_true(r.between[0] > 0); /* the runs' medians 11 and 11.5 differ */
	assert_int_equal(boot2_ratio(&holes, &one, &bp, &r), -EINVAL); /* run 1 has no value */
	assert_int_equal(boot2_ratio(&neg, &one, &bp, &r), -EDOM);
}

/* ---- the detectable change against brute force ---- */

/* Fraction of `trials` fresh normal paired datasets (n rounds, log shift delta, sd sigma)
 * in which the exact signed-rank test rejects at alpha. */
static double paired_power(double delta, double sigma, size_t n, double alpha, int trials)
{
	struct rng g;
	int hits = 0;

	rng_seed(&g, 777);
	for (int t = 0; t < trials; t++) {
		double d[64];
		struct sr_result r;
		for (size_t i = 0; i < n; i++)
			d[i] = delta + sigma * normal(&g);
		assert_int_equal(sr_test(d, n, &r), 0);
		hits += r.p <= alpha && r.w_plus > (double)(n * (n + 1)) / 4;
	}
	return (double)hits / trials;
}

static void test_mdc_paired_brute_force(void **state)
{
	struct mdc_params mp = { 0.05 / 6, 0.95, 4000, 9 };
	double pool[4000], mdc, small, at, below;
	struct rng g;

	(void)state;
	rng_seed(&g, 1234);
	for (int i = 0; i < 4000; i++)
		pool[i] = 0.06 * normal(&g);
	assert_int_equal(mdc_paired(pool, 4000, 20, &mp, &mdc), 0);
	at = paired_power(mdc, 0.06, 20, mp.alpha, 3000);
	below = paired_power(0.85 * mdc, 0.06, 20, mp.alpha, 3000);
	print_message("paired, 20 rounds, sd 6%%: detectable %.4f; brute-force power there %.3f, "
		      "at 85%% of it %.3f\n", mdc, at, below);
	assert_true(at >= 0.93 && at <= 0.97);
	assert_true(below < 0.92);
	/* 5 rounds can never reach 0.05 / 6 */
	assert_int_equal(mdc_paired(pool, 4000, 5, &mp, &small), 0);
	assert_true(isinf(small));
	/* the observed pool itself (20 rounds) estimates it within sampling error */
	assert_int_equal(mdc_paired(pool, 20, 20, &mp, &small), 0);
	assert_true(small > 0.5 * mdc && small < 1.6 * mdc);
}

static double unpaired_power(double delta, double sigma, size_t m, size_t n, double alpha,
			     int trials)
{
	struct rng g;
	int hits = 0;

	rng_seed(&g, 4321);
	for (int t = 0; t < trials; t++) {
		double x[64], y[64];
		struct mw_result r;
		for (size_t i = 0; i < m; i++)
			x[i] = exp(sigma * normal(&g));
		for (size_t j = 0; j < n; j++)
			y[j] = exp(delta + sigma * normal(&g));
		assert_int_equal(mw_test(y, n, x, m, &r), 0);
		hits += r.p <= alpha && r.u > (double)(m * n) / 2;
	}
	return (double)hits / trials;
}

static void test_mdc_unpaired_brute_force(void **state)
{
	struct mdc_params mp = { 0.05 / 3, 0.95, 4000, 10 };
	double x[3000], y[3000], mdc, at, few;
	struct rng g;

	(void)state;
	rng_seed(&g, 99);
	for (int i = 0; i < 3000; i++)
		x[i] = 0.04 * normal(&g), y[i] = 0.04 * normal(&g);
	assert_int_equal(mdc_unpaired(x, 3000, 10, y, 3000, 10, &mp, &mdc), 0);
	at = unpaired_power(mdc, 0.04, 10, 10, mp.alpha, 3000);
	print_message("unpaired, 10 vs 10, sd 4%%: detectable %.4f; brute-force power there "
		      "%.3f\n", mdc, at);
	assert_true(at >= 0.93 && at <= 0.97);
	assert_int_equal(mdc_unpaired(x, 3000, 3, y, 3000, 3, &mp, &few), 0);
	assert_true(isinf(few)); /* 3 vs 3: p >= 0.1 */
}

/* The two-level case: the detectable change printed from one dataset's own noise,
 * averaged over datasets, against the rejection rate of the bootstrap's test at that
 * shift on fresh datasets. */
static void test_mdc_two_level_brute_force(void **state)
{
	struct boot_params bp = { 400, 0.95, 0 };
	const double alpha = 0.05 / 3, between = 0.05, within = 0.02;
	const size_t k = 8, r = 3;
	double vb[32], vc[32], mean_mdc = 0;
	size_t rb[32], rc[32];
	struct rng g;
	int hits = 0, trials = 300;

	(void)state;
	rng_seed(&g, 2025);
	for (int t = 0; t < trials; t++) {
		struct boot2_side b = { vb, rb, k * r, k }, c = { vc, rc, k * r, k };
		struct boot2_result res;
		synth_side(&g, 3, between, within, k, r, vb, rb);
		synth_side(&g, 3, between, within, k, r, vc, rc);
		bp.seed = (uint64_t)t;
		assert_int_equal(boot2_ratio(&b, &c, &bp, &res), 0);
		mean_mdc += mdc_t(res.se_log, res.df, alpha, 0.95) / trials;
	}
	for (int t = 0; t < trials; t++) {
		struct boot2_side b = { vb, rb, k * r, k }, c = { vc, rc, k * r, k };
		struct boot2_result res;
		synth_side(&g, 3, between, within, k, r, vb, rb);
		synth_side(&g, 3 + mean_mdc, between, within, k, r, vc, rc);
		bp.seed = (uint64_t)t + 1000;
		assert_int_equal(boot2_ratio(&b, &c, &bp, &res), 0);
		hits += res.p <= alpha && res.ratio > 1;
	}
	print_message("two-level, 8 vs 8 runs of 3: mean detectable %.4f; brute-force power "
		      "there %.3f\n", mean_mdc, (double)hits / trials);
	assert_true(hits >= trials * 90 / 100 && hits <= trials * 99 / 100);
}

/* ---- the order of ab's rounds ---- */

static void test_abba_order(void **state)
{
	char a[AB_MAX_ROUNDS], b[AB_MAX_ROUNDS];
	int blocks[2] = { 0 }, differ = 0;

	(void)state;
	assert_int_equal(ab_order(40, 7, a), 0);
	assert_int_equal(ab_order(40, 7, b), 0);
	assert_memory_equal(a, b, 40); /* reproducible from the seed */
	for (int i = 0; i < 40; i += 2) {
		assert_true((a[i] == 'a' && a[i + 1] == 'b') || (a[i] == 'b' && a[i + 1] == 'a'));
		blocks[a[i] == 'a']++; /* each block: both sides, once each first */
	}
	assert_true(blocks[0] > 0 && blocks[1] > 0); /* randomized: both kinds of block */
	assert_int_equal(ab_order(40, 8, b), 0);
	for (int i = 0; i < 40; i++)
		differ += a[i] != b[i];
	assert_true(differ > 0); /* another seed, another order */
	assert_int_equal(ab_order(5, 7, a), -EINVAL); /* odd: not whole blocks */
	assert_int_equal(ab_order(0, 7, a), -EINVAL);
	assert_int_equal(ab_order(AB_MAX_ROUNDS + 2, 7, a), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t_quantiles),
		cmocka_unit_test(test_sr_counts_enumeration),
		cmocka_unit_test(test_sr_critical_values),
		cmocka_unit_test(test_sr_by_hand),
		cmocka_unit_test(test_sr_ties_brute_force),
		cmocka_unit_test(test_hl_interval),
		cmocka_unit_test(test_boot2_coverage),
		cmocka_unit_test(test_boot2_one_run_sides),
		cmocka_unit_test(test_mdc_paired_brute_force),
		cmocka_unit_test(test_mdc_unpaired_brute_force),
		cmocka_unit_test(test_mdc_two_level_brute_force),
		cmocka_unit_test(test_abba_order),
	};

	return cmocka_run_group_tests_name("gate_stats", tests, NULL, NULL);
}
