/* The results.csv schema (out/schema.c): every column is written, read back and written
 * again to the same text (what resume and compare rely on), every column is documented,
 * names are unique, and the key that compare and resume use is exactly the settings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "compare/load.h"
#include "config/config.h"
#include "out/schema.h"
#include "out/tables.h"
#include "text/csvread.h"

static struct sweep sweep;

/* A row with a distinctive value in every field the table writes. */
static void full_row(struct row *r, int ok)
{
	struct cell_result *res = &r->res;

	memset(r, 0, sizeof(*r));
	config_default_settings(&r->set);
	snprintf(r->set.events, sizeof(r->set.events), "context-switches,task-clock");
	r->set.mode = MODE_BANDWIDTH;
	r->set.cache = CACHE_COLD;
	r->set.touch = 2;
	r->set.footprint = 4096;
	r->set.client_cpu = 1;
	r->set.server_cpu = 0;
	r->sw = &sweep;
	r->t = transport_find("shm-spin");
	r->size = 65536;
	r->rep = 3;
	r->done = 1;
	snprintf(r->placement, sizeof(r->placement), "same-l3");
	res->status = ok ? CELL_OK : CELL_TIMEOUT;
	snprintf(res->note, sizeof(res->note), "a note, with \"quotes\", commas\nand a newline");
	res->wire_bytes = 65552;
	res->fragments = 2;
	res->mem_node = ok ? 0 : -2;
	res->has_stats = ok;
	res->st = (struct stats){ .n = 1234, .min = 100.5, .p50 = 200.5, .p90 = 300.5,
				  .p99 = 400.5, .p999 = 500.5, .max = 600.5, .mean = 250.5,
				  .stddev = 50.5 };
	res->msgs_per_s = 3990040;
	res->verified_full = 77;
	res->window = 16;
	res->bandwidth_bps = 2.5e11;
	res->floor_before_ns = 110.5;
	res->floor_after_ns = 150.5;
	res->p50_over_floor = 1.539;
	res->floor_stable = 0;
	res->has_path_floor = 1;
	res->path_floor_bps = 1.25e10;
	res->floor_ratio = 0.625;
	snprintf(res->floor_path, sizeof(res->floor_path), "2 x memcpy + transfer + write");
	res->ctr.n = 2;
	snprintf(res->ctr.name[0], CTR_NAME_LEN, "context-switches");
	snprintf(res->ctr.name[1], CTR_NAME_LEN, "task-clock");
	for (int s = 0; s < 2; s++) {
		res->has_phase[s] = 1;
		res->counted_msgs[s] = 300 + (uint64_t)s;
		res->cpu_user_ns[s] = 11.5 + s;
		res->cpu_sys_ns[s] = 22.5 + s;
		res->ctxsw_vol[s] = 0.5 + s;
		res->ctxsw_invol[s] = 0.0625 + s;
		res->ctr.valid[s][0] = 1;
		res->ctr.per_msg[s][0] = 1.25 + s;
		res->ctr.valid[s][1] = s; /* NA on the client */
		res->ctr.per_msg[s][1] = 999.5;
	}
}

static char *results_text(const struct row *rows, size_t n)
{
	struct sbuf b = { 0 };

	report_results_csv(&b, rows, n, NULL);
	assert_false(b.oom);
	return b.p;
}

static void test_every_column_round_trips(void **state)
{
	struct row rows[2], back[2];
	struct csv_table t;
	char err[256], *first, *second;

	(void)state;
	full_row(&rows[0], 1);
	full_row(&rows[1], 0);
	first = results_text(rows, 2);
	assert_int_equal(csv_parse("results.csv", first, strlen(first), &t, err, sizeof(err)), 0);
	assert_int_equal(t.nrows, 2);
	for (size_t i = 0; i < 2; i++) {
		back[i] = rows[i]; /* the settings are the planned row's */
		memset(&back[i].res, 0xa5, sizeof(back[i].res));
		schema_load_row(&t, i, &back[i]);
		assert_true(schema_same_cell(&t, i, &rows[i]));
	}
	second = results_text(back, 2);
	assert_string_equal(first, second);
	csv_table_free(&t);
	free(first);
	free(second);
}

static void test_a_changed_setting_is_another_cell(void **state)
{
	struct row r, other;
	struct csv_table t;
	char err[256], *text;

	(void)state;
	full_row(&r, 1);
	text = results_text(&r, 1);
	assert_int_equal(csv_parse("results.csv", text, strlen(text), &t, err, sizeof(err)), 0);
	other = r;
	other.set.touch = 1;
	assert_false(schema_same_cell(&t, 0, &other));
	other = r;
	other.rep = 4;
	assert_false(schema_same_cell(&t, 0, &other));
	other = r;
	other.res.mem_node = 1; /* an outcome: the same cell */
	assert_true(schema_same_cell(&t, 0, &other));
	csv_table_free(&t);
	free(text);
}

static void test_every_column_is_documented_once(void **state)
{
	(void)state;
	for (size_t i = 0; i < nresults_cols; i++) {
		const struct col_def *d = &results_cols[i];

		assert_non_null(d->name);
		assert_true(strlen(d->help) > 10);
		assert_non_null(d->unit);
		assert_true(d->decimals == COL_TEXT ? d->text != NULL : d->num != NULL);
		if (d->role == COL_METRIC)
			assert_non_null(d->load); /* resume brings every figure back */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(d->name, results_cols[j].name);
	}
}

/* compare's key is the settings, nothing measured (issue: mem_node split keys). */
static void test_key_is_the_settings(void **state)
{
	(void)state;
	for (size_t i = 0; i < nresults_cols; i++) {
		const struct col_def *d = &results_cols[i];
		char name[128];

		schema_col_name(d, (struct col_ref){ 0, "cycles" }, name, sizeof(name));
		assert_ptr_equal(schema_find(name), d);
		assert_int_equal(cmp_is_key_column(name), d->role == COL_SETTING);
	}
}

/* Every status a cell can end with is one resume reads back (the kill storm found
 * 'insufficient' refused as "not a status", and the run's earlier rows lost). */
static void test_every_status_is_read_back(void **state)
{
	(void)state;
	for (int s = CELL_OK; s < CELL_STATUS_COUNT; s++) {
		struct row r;
		struct csv_table t;
		char err[256], why[256], *text;

		full_row(&r, s == CELL_OK);
		r.res.status = (enum cell_status)s;
		text = results_text(&r, 1);
		assert_int_equal(csv_parse("results.csv", text, strlen(text), &t, err, sizeof(err)), 0);
		if (schema_check_row(&t, 0, why, sizeof(why)) != 0)
			fail_msg("status %s: %s", cell_status_name((enum cell_status)s), why);
		csv_table_free(&t);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_column_round_trips),
		cmocka_unit_test(test_a_changed_setting_is_another_cell),
		cmocka_unit_test(test_every_column_is_documented_once),
		cmocka_unit_test(test_key_is_the_settings),
		cmocka_unit_test(test_every_status_is_read_back),
	};

	sweep.name = "test";
	return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
