/* Unit tests for harness/parse.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text/parse.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct case_u64 {
	const char *in;
	int rc;
	uint64_t want;
};

static void check_size(const struct case_u64 *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0xdeadbeef;
		int rc = parse_size(c[i].in, &v);
		if (rc != c[i].rc || v != (rc == 0 ? c[i].want : 0xdeadbeef))
			fail_msg("parse_size(\"%s\") = %d, %llu; want %d, %llu", c[i].in, rc,
				 (unsigned long long)v, c[i].rc, (unsigned long long)c[i].want);
	}
}

static void check_duration(const struct case_u64 *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v = 0xdeadbeef;
		int rc = parse_duration_ns(c[i].in, &v);
		if (rc != c[i].rc || v != (rc == 0 ? c[i].want : 0xdeadbeef))
			fail_msg("parse_duration_ns(\"%s\") = %d, %llu; want %d, %llu", c[i].in, rc,
				 (unsigned long long)v, c[i].rc, (unsigned long long)c[i].want);
	}
}

static void size_valid(void **state)
{
	(void)state;
	static const struct case_u64 c[] = {
		{ "0", 0, 0 },
		{ "64", 0, 64 },
		{ "007", 0, 7 },
		{ "64B", 0, 64 },
		{ "4K", 0, 4096 },
		{ "4k", 0, 4096 },
		{ "4KB", 0, 4096 },
		{ "4KiB", 0, 4096 },
		{ "4kib", 0, 4096 },
		{ "4kb", 0, 4096 },
		{ "1M", 0, 1ULL << 20 },
		{ "2G", 0, 2ULL << 30 },
		{ "2GiB", 0, 2ULL << 30 },
		{ "1T", 0, 1ULL << 40 },
		{ "  1M\t", 0, 1ULL << 20 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "16777215T", 0, 16777215ULL << 40 },
	};
	check_size(c, ARRAY_LEN(c));
}

static void size_rejects_garbage(void **state)
{
	(void)state;
	static const struct case_u64 c[] = {
		{ "", -EINVAL, 0 },     { "   ", -EINVAL, 0 },   { "K", -EINVAL, 0 },
		{ "KiB", -EINVAL, 0 },  { "abc", -EINVAL, 0 },   { "0x10", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },   { "+5", -EINVAL, 0 },    { "-0", -EINVAL, 0 },
		{ "1.5K", -EINVAL, 0 }, { "1.0", -EINVAL, 0 },   { "10Q", -EINVAL, 0 },
		{ "1 K", -EINVAL, 0 },  { "1K 2", -EINVAL, 0 },  { "1KK", -EINVAL, 0 },
		{ "1iB", -EINVAL, 0 },  { "1Ki", -EINVAL, 0 },   { "1KBB", -EINVAL, 0 },
		{ "4KiBx", -EINVAL, 0 }, { "1P", -EINVAL, 0 },   { "1e3", -EINVAL, 0 },
		{ "1,2", -EINVAL, 0 },  { "1\n", -EINVAL, 0 },
	};
	check_size(c, ARRAY_LEN(c));
}

static void size_rejects_overflow(void **state)
{
	(void)state;
	static const struct case_u64 c[] = {
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999", -ERANGE, 0 },
		{ "17179869184G", -ERANGE, 0 },
		{ "16777216T", -ERANGE, 0 },
		{ "99999999999999999999K", -ERANGE, 0 },
		/* a bad suffix is reported as garbage even when the number is also too big */
		{ "99999999999999999999Q", -EINVAL, 0 },
	};
	check_size(c, ARRAY_LEN(c));
}

static void duration_valid(void **state)
{
	(void)state;
	static const struct case_u64 c[] = {
		{ "0", 0, 0 },
		{ "250ns", 0, 250 },
		{ "500us", 0, 500000 },
		{ "100ms", 0, 100000000 },
		{ "1s", 0, 1000000000 },
		{ "2m", 0, 120000000000ULL },
		{ "1.5s", 0, 1500000000 },
		{ "0.1s", 0, 100000000 },
		{ "0.3s", 0, 300000000 },
		{ "0.7s", 0, 700000000 },
		{ "0.25ms", 0, 250000 },
		{ "1.5ns", 0, 1 }, /* fractions of a nanosecond are truncated */
		{ "0.001us", 0, 1 },
		{ "0.5m", 0, 30000000000ULL },
		{ "0.000000001s", 0, 1 },
		{ "0.9999999999999999999999s", 0, 999999999 },
		{ "1.000000000000000000000000001s", 0, 1000000000 },
		{ " 10ms ", 0, 10000000 },
		{ "18446744073709551615ns", 0, UINT64_MAX },
		{ "18446744073.709551615s", 0, UINT64_MAX },
	};
	check_duration(c, ARRAY_LEN(c));
}

static void duration_rejects(void **state)
{
	(void)state;
	static const struct case_u64 c[] = {
		{ "10", -EINVAL, 0 }, /* a number without its unit: 10 s or 10 ms? */
		{ "0.1", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ " ", -EINVAL, 0 },
		{ "s", -EINVAL, 0 },
		{ "-1s", -EINVAL, 0 },
		{ "+1s", -EINVAL, 0 },
		{ "nan", -EINVAL, 0 },
		{ "inf", -EINVAL, 0 },
		{ "infs", -EINVAL, 0 },
		{ "1e3s", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "1h", -EINVAL, 0 },
		{ "1sec", -EINVAL, 0 },
		{ "1S", -EINVAL, 0 },
		{ "1MS", -EINVAL, 0 },
		{ "1 s", -EINVAL, 0 },
		{ "1s 2", -EINVAL, 0 },
		{ "1ss", -EINVAL, 0 },
		{ ".5s", -EINVAL, 0 },
		{ "1.s", -EINVAL, 0 },
		{ "1.", -EINVAL, 0 },
		{ "1..5s", -EINVAL, 0 },
		{ "1.5.5s", -EINVAL, 0 },
		{ "1,5s", -EINVAL, 0 },
		{ "0x10s", -EINVAL, 0 },
		{ "18446744073709551616ns", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "18446744074s", -ERANGE, 0 },
		{ "18446744073.709551616s", -ERANGE, 0 },
		{ "307445734561825861m", -ERANGE, 0 },
	};
	check_duration(c, ARRAY_LEN(c));
}

static void u64_values(void **state)
{
	(void)state;
	uint64_t v = 0;

	assert_int_equal(parse_u64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_u64(" 7\t", 0, 100, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("1", 1, 1, &v), 0);
	assert_int_equal(parse_u64("0", 1, 10, &v), -ERANGE);
	assert_int_equal(parse_u64("11", 1, 10, &v), -ERANGE);
	assert_int_equal(parse_u64("18446744073709551616", 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(parse_u64("99999999999999999999", 0, UINT64_MAX, &v), -ERANGE);
	v = 5;
	assert_int_equal(parse_u64("", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_u64("-1", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_u64("+1", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_u64("1K", 0, 10000, &v), -EINVAL);
	assert_int_equal(parse_u64("1 2", 0, 100, &v), -EINVAL);
	assert_int_equal(parse_u64("1.0", 0, 10, &v), -EINVAL);
	assert_int_equal(parse_u64("0x1", 0, 10, &v), -EINVAL);
	assert_int_equal(v, 5); /* untouched on error */
}

static void cpu_list_valid(void **state)
{
	(void)state;
	static struct cpu_list l;

	assert_int_equal(parse_cpu_list("2", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.cpu[0], 2);

	assert_int_equal(parse_cpu_list("0-3,8", &l), 0);
	assert_int_equal(l.n, 5);
	int want[] = { 0, 1, 2, 3, 8 };
	assert_memory_equal(l.cpu, want, sizeof(want));

	assert_int_equal(parse_cpu_list(" 5 , 1-2 ,0,0 ", &l), 0);
	int want2[] = { 5, 1, 2, 0, 0 };
	assert_int_equal(l.n, 5);
	assert_memory_equal(l.cpu, want2, sizeof(want2));

	assert_int_equal(parse_cpu_list("3-3", &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.cpu[0], 3);

	assert_int_equal(parse_cpu_list("0-4095", &l), 0);
	assert_int_equal(l.n, CPU_LIST_MAX);
	assert_int_equal(l.cpu[4095], 4095);
}

static void cpu_list_rejects(void **state)
{
	(void)state;
	static struct cpu_list l;
	static const struct {
		const char *in;
		int rc;
	} c[] = {
		{ "", -EINVAL },      { " ", -EINVAL },     { ",", -EINVAL },
		{ "0,,1", -EINVAL },  { "0,", -EINVAL },    { ",0", -EINVAL },
		{ "3-1", -EINVAL },   { "-1", -EINVAL },    { "1-", -EINVAL },
		{ "1-2-3", -EINVAL }, { "a", -EINVAL },     { "1a", -EINVAL },
		{ "+1", -EINVAL },    { "1 - 2", -EINVAL }, { "1 2", -EINVAL },
		{ "4096", -ERANGE },  { "0-4096", -ERANGE }, { "99999999999999999999", -ERANGE },
		{ "0-4095,0", -ERANGE },
	};

	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		l.n = 77;
		int rc = parse_cpu_list(c[i].in, &l);
		if (rc != c[i].rc)
			fail_msg("parse_cpu_list(\"%s\") = %d, want %d", c[i].in, rc, c[i].rc);
		assert_int_equal(l.n, 0);
	}
}

static void cpu_list_too_many_single_entries(void **state)
{
	(void)state;
	static struct cpu_list l;
	size_t len = (CPU_LIST_MAX + 1) * 2;
	char *s = malloc(len);

	assert_non_null(s);
	for (size_t i = 0; i < CPU_LIST_MAX + 1; i++)
		memcpy(s + 2 * i, "1,", 2);
	s[len - 1] = '\0'; /* CPU_LIST_MAX + 1 items: "1,1,...,1" */
	assert_int_equal(parse_cpu_list(s, &l), -ERANGE);
	s[len - 3] = '\0'; /* exactly CPU_LIST_MAX */
	assert_int_equal(parse_cpu_list(s, &l), 0);
	assert_int_equal(l.n, CPU_LIST_MAX);
	free(s);
}

static void size_list(void **state)
{
	(void)state;
	uint64_t v[4];
	size_t n = 99;

	assert_int_equal(parse_size_list("1,64, 4K ,1M", v, 4, &n), 0);
	assert_int_equal(n, 4);
	assert_true(v[0] == 1 && v[1] == 64 && v[2] == 4096 && v[3] == 1 << 20);
	assert_int_equal(parse_size_list("8", v, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 8);

	assert_int_equal(parse_size_list("1,2,3,4,5", v, 4, &n), -ERANGE);
	assert_int_equal(n, 0);
	assert_int_equal(parse_size_list("1,,2", v, 4, &n), -EINVAL);
	assert_int_equal(parse_size_list("1,", v, 4, &n), -EINVAL);
	assert_int_equal(parse_size_list("", v, 4, &n), -EINVAL);
	assert_int_equal(parse_size_list("1,2x", v, 4, &n), -EINVAL);
	assert_int_equal(parse_size_list("1,-2", v, 4, &n), -EINVAL);
	assert_int_equal(parse_size_list("1,17179869184G", v, 4, &n), -ERANGE);
	assert_int_equal(n, 0);
}

static void name_list(void **state)
{
	(void)state;
	char **v = NULL;
	size_t n = 0;

	assert_int_equal(parse_name_list(" pipe, unix_stream ,shm ring", &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "pipe");
	assert_string_equal(v[1], "unix_stream");
	assert_string_equal(v[2], "shm ring");
	free_name_list(v, n);

	assert_int_equal(parse_name_list("one", &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0], "one");
	free_name_list(v, n);

	static const char *bad[] = { "", " ", ",", "a,,b", "a,", ",a", "a, ,b" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		v = (char **)1;
		n = 9;
		if (parse_name_list(bad[i], &v, &n) != -EINVAL)
			fail_msg("parse_name_list(\"%s\") accepted", bad[i]);
		assert_null(v);
		assert_int_equal(n, 0);
	}
	free_name_list(NULL, 0);
}

static void suggestions(void **state)
{
	(void)state;
	static const char *const c[] = { "pipe", "unix_stream", "unix_dgram", "shm_ring", "tcp" };
	const size_t n = ARRAY_LEN(c);

	assert_string_equal(suggest_nearest("pipe", c, n), "pipe");
	assert_string_equal(suggest_nearest("PIPE", c, n), "pipe");
	assert_string_equal(suggest_nearest("piep", c, n), "pipe");
	assert_string_equal(suggest_nearest("pip", c, n), "pipe");
	assert_string_equal(suggest_nearest("udp", c, n), "tcp");
	assert_string_equal(suggest_nearest("unix_stram", c, n), "unix_stream");
	assert_string_equal(suggest_nearest("unix_dgrm", c, n), "unix_dgram");
	/* 12 letters allow 4 edits: "unixstreamxx" -> "unix_stream" is 3 */
	assert_string_equal(suggest_nearest("unixstreamxx", c, n), "unix_stream");
	assert_null(suggest_nearest("futex", c, n));
	assert_null(suggest_nearest("semaphore", c, n));
	assert_null(suggest_nearest("", c, n));
	assert_null(suggest_nearest("pipe", c, 0));
	assert_null(suggest_nearest("pipe", NULL, 0));
}

static void suggestion_threshold(void **state)
{
	(void)state;
	static const char *const c[] = { "abcdefghijkl" };

	/* 12 letters: up to 4 edits */
	assert_non_null(suggest_nearest("abcdefghWXYZ", c, 1));
	assert_null(suggest_nearest("abcdefgVWXYZ", c, 1));
	/* short words: up to 2 edits */
	static const char *const d[] = { "abcde" };
	assert_non_null(suggest_nearest("abcXY", d, 1));
	assert_null(suggest_nearest("abXYZ", d, 1));
}

static void suggestion_tie_first_wins(void **state)
{
	(void)state;
	static const char *const c[] = { "cat", "bat", "hat" };
	static const char *const d[] = { "hat", "bat", "cat" };

	assert_ptr_equal(suggest_nearest("rat", c, 3), c[0]);
	assert_ptr_equal(suggest_nearest("rat", d, 3), d[0]);
	assert_ptr_equal(suggest_nearest("bat", d, 3), d[1]); /* exact beats earlier near */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_valid),
		cmocka_unit_test(size_rejects_garbage),
		cmocka_unit_test(size_rejects_overflow),
		cmocka_unit_test(duration_valid),
		cmocka_unit_test(duration_rejects),
		cmocka_unit_test(u64_values),
		cmocka_unit_test(cpu_list_valid),
		cmocka_unit_test(cpu_list_rejects),
		cmocka_unit_test(cpu_list_too_many_single_entries),
		cmocka_unit_test(size_list),
		cmocka_unit_test(name_list),
		cmocka_unit_test(suggestions),
		cmocka_unit_test(suggestion_threshold),
		cmocka_unit_test(suggestion_tie_first_wins),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
