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
#include "csv.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_large_buffer),
		cmocka_unit_test(test_atomic_write_replaces_and_leaves_no_temp),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
