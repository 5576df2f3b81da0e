/* CSV quoting and atomic file replacement. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/files.h"
#include "text/csv.h"
#include "text/csvread.h"

static void field_is(const char *in, const char *want)
{
	struct sbuf b = { 0 };

	sbuf_csv_field(&b, in);
	assert_string_equal(b.p, want);
	sbuf_free(&b);
}

static void test_quoting(void **state)
{
	(void)state;
	field_is("plain", "plain");
	field_is("", "");
	field_is(NULL, "NA");
	field_is("a,b", "\"a,b\"");
	field_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	field_is("two\nlines", "\"two\nlines\"");
	field_is("cr\r", "\"cr\r\"");
	field_is(" lead", "\" lead\"");
	field_is("trail ", "\"trail \"");
}

static void test_numbers(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	sbuf_csv_num(&b, 1, 12.345, 1);
	sbuf_printf(&b, ",");
	sbuf_csv_num(&b, 0, 12.345, 1);
	assert_string_equal(b.p, "12.3,NA");
	sbuf_free(&b);
}

static void test_large_buffer(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	for (int i = 0; i < 100000; i++)
		sbuf_printf(&b, "%d,", i);
	assert_false(b.oom);
	assert_int_equal(strncmp(b.p, "0,1,2,", 6), 0);
	assert_int_equal(b.len, strlen(b.p));
	sbuf_free(&b);
}

static void test_atomic_write_replaces_and_leaves_no_temp(void **state)
{
	char dir[] = "/tmp/ipcbench-csvtest-XXXXXX", path[128], got[64] = "";
	FILE *f;
	DIR *d;
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/results.csv", dir);
	assert_int_equal(write_file_atomic(path, "old\n", 4), 0);
	assert_int_equal(write_file_atomic(path, "new,data\n", 9), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof(got), f));
	fclose(f);
	assert_string_equal(got, "new,data\n");
	d = opendir(dir);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);
	unlink(path);
	rmdir(dir);
	assert_true(write_file_atomic("/nonexistent-dir/x.csv", "x", 1) < 0);
}


static void test_read_back_what_we_write(void **state)
{
	const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "", " lead" };
	struct sbuf b = { 0 };
	struct csv_table t;
	char err[256];

	(void)state;
	sbuf_printf(&b, "name,value\r\n");
	for (size_t i = 0; i < 6; i++) {
		sbuf_printf(&b, "k%zu,", i);
		sbuf_csv_field(&b, fields[i]);
		sbuf_printf(&b, "\n");
	}
	assert_int_equal(csv_parse("x.csv", b.p, b.len, &t, err, sizeof(err)), 0);
	assert_int_equal(t.ncols, 2);
	assert_int_equal(t.nrows, 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(csv_get(&t, i, "value"), fields[i]);
	assert_int_equal(csv_col(&t, "name"), 0);
	assert_int_equal(csv_col(&t, "nope"), -1);
	assert_null(csv_get(&t, 0, "nope"));
	assert_null(csv_get(&t, 6, "name"));
	csv_table_free(&t);
	sbuf_free(&b);
}

static void test_malformed_csv_names_the_line(void **state)
{
	struct csv_table t;
	char err[256];
	const char *bad1 = "a,b\n1,2\n3\n", *bad2 = "a,b\n1,\"open\n";

	(void)state;
	assert_true(csv_parse("r.csv", bad1, strlen(bad1), &t, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "r.csv:3: 1 fields, the header has 2"));
	assert_true(csv_parse("r.csv", bad2, strlen(bad2), &t, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "r.csv:"));
	assert_true(csv_read_file("/nonexistent.csv", &t, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "/nonexistent.csv"));
}
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_large_buffer),
		cmocka_unit_test(test_atomic_write_replaces_and_leaves_no_temp),
		cmocka_unit_test(test_read_back_what_we_write),
		cmocka_unit_test(test_malformed_csv_names_the_line),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
