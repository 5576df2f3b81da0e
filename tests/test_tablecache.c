/* The lines a run keeps between its writes (out/tablecache.h): after every cell, the
 * tables written with the cache are exactly those formatted whole, and a cache told that
 * rows changed writes what they say now. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "config/config.h"
#include "out/tables.h"

#define NROWS 7

static struct sweep sweep;

/* Three keys (sizes), repetitions planned one key after another as a run plans them,
 * each row with its own figures. */
static void plan(struct row *rows)
{
	for (size_t i = 0; i < NROWS; i++) {
		struct row *r = &rows[i];

		memset(r, 0, sizeof(*r));
		config_default_settings(&r->set);
		r->sw = &sweep;
		r->t = transport_find(i == 6 ? "pipe" : "shm-spin");
		r->size = 64u << (i % 3);
		r->rep = (unsigned)(i / 3) + 1;
		snprintf(r->placement, sizeof(r->placement), "same-l3");
		r->res.status = CELL_OK;
		r->res.has_stats = 1;
		r->res.st = (struct stats){ .n = 2000, .min = 90.0 + (double)i,
					    .p50 = 100.0 + 7.0 * (double)i,
					    .p99 = 300.0 + (double)i, .max = 900.0 };
		for (size_t q = 0; q < CELL_SPECTRUM_N; q++)
			r->res.spectrum[q] = 100.0 + (double)(i * 10 + q);
		r->res.msgs_per_s = 1e6 / (double)(i + 1);
	}
}

typedef void fill_fn(struct sbuf *, const struct row *, size_t, struct table_cache *);

static void assert_same(fill_fn *fill, const struct row *rows, struct table_cache *c)
{
	struct sbuf whole = { 0 }, kept = { 0 };

	fill(&whole, rows, NROWS, NULL);
	fill(&kept, rows, NROWS, c);
	assert_false(whole.oom);
	assert_false(kept.oom);
	assert_string_equal(kept.p, whole.p);
	sbuf_free(&whole);
	sbuf_free(&kept);
}

static void assert_all_same(const struct row *rows, struct table_cache *c)
{
	assert_same(report_results_csv, rows, c);
	assert_same(report_summary_csv, rows, c);
	assert_same(report_spectrum_csv, rows, c);
}

/* In an order other than the plan's too: a key's first done row then moves. */
static void test_every_write_is_the_whole_table(void **state)
{
	static const size_t order[NROWS] = { 3, 0, 1, 6, 4, 2, 5 };
	struct row rows[NROWS];
	struct table_cache c = { 0 };

	(void)state;
	plan(rows);
	assert_all_same(rows, &c);
	for (size_t k = 0; k < NROWS; k++) {
		rows[order[k]].done = 1;
		assert_all_same(rows, &c);
	}
	table_cache_forget(&c);
}

static void test_changed_rows_are_written_anew(void **state)
{
	struct row rows[NROWS];
	struct table_cache c = { 0 };
	struct sbuf before = { 0 }, after = { 0 };

	(void)state;
	plan(rows);
	for (size_t i = 0; i < NROWS; i++)
		rows[i].done = 1;
	report_results_csv(&before, rows, NROWS, &c);
	rows[2].res.st.p50 = 12345.5;
	table_cache_forget(&c);
	report_results_csv(&after, rows, NROWS, &c);
	assert_non_null(strstr(after.p, "12345.5"));
	assert_null(strstr(before.p, "12345.5"));
	assert_all_same(rows, &c);
	sbuf_free(&before);
	sbuf_free(&after);
	table_cache_forget(&c);
}

/* Other rows (another run's, or a resized plan): the cache starts again. */
static void test_other_rows_are_not_served_old_lines(void **state)
{
	struct row a[NROWS], b[NROWS];
	struct table_cache c = { 0 };

	(void)state;
	plan(a);
	plan(b);
	for (size_t i = 0; i < NROWS; i++) {
		a[i].done = b[i].done = 1;
		b[i].res.st.p50 += 1000;
	}
	assert_all_same(a, &c);
	assert_all_same(b, &c);
	table_cache_forget(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_write_is_the_whole_table),
		cmocka_unit_test(test_changed_rows_are_written_anew),
		cmocka_unit_test(test_other_rows_are_not_served_old_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
