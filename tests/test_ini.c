/* Unit tests for harness/ini.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/ini.h"

#define MiB (1u << 20)

static char err[512];

static int parse_str(const char *text, struct ini_file *f)
{
	return ini_parse_buffer("configs/x.conf", text, strlen(text), f, err, sizeof(err));
}

/* Parses text that must fail with rc and exactly the message want. */
static void expect_error(const char *text, int rc, const char *want)
{
	struct ini_file f;

	memset(&f, 0x5a, sizeof(f));
	int got = parse_str(text, &f);
	if (got != rc || strcmp(err, want) != 0)
		fail_msg("input:\n%s\ngot %d \"%s\"\nwant %d \"%s\"", text, got, err, rc, want);
	/* a failed parse leaves nothing to free, and freeing is still harmless */
	assert_null(f.path);
	assert_null(f.entries);
	assert_null(f.sections);
	ini_free(&f);
}

static void assert_entry(const struct ini_file *f, const char *sec, const char *key,
			 const char *value, int line)
{
	const struct ini_entry *e = ini_find(f, sec, key);

	if (!e)
		fail_msg("[%s] %s not found", sec, key);
	assert_string_equal(e->section, sec);
	assert_string_equal(e->key, key);
	assert_string_equal(e->value, value);
	assert_int_equal(e->line, line);
}

static void parses_sections_and_entries(void **state)
{
	(void)state;
	struct ini_file f;
	const char *text = "; leading comment\n"
			   "\n"
			   "[run]\n"
			   "  repetitions = 5  \n"
			   "duration=2s\n"
			   "\t# indented comment\n"
			   "[ net ]\n"
			   "pattern = a#b ; not a comment\n"
			   "expr = x = y\n"
			   "empty =\n"
			   "spaced key = 1\n"
			   "repetitions = 7";

	assert_int_equal(parse_str(text, &f), 0);
	assert_string_equal(err, "");
	assert_string_equal(f.path, "configs/x.conf");
	assert_int_equal(f.nsections, 2);
	assert_string_equal(f.sections[0].name, "run");
	assert_int_equal(f.sections[0].line, 3);
	assert_string_equal(f.sections[1].name, "net");
	assert_int_equal(f.sections[1].line, 7);
	assert_int_equal(f.nentries, 7);
	assert_string_equal(f.entries[0].key, "repetitions"); /* file order */
	assert_string_equal(f.entries[6].key, "repetitions");
	assert_entry(&f, "run", "repetitions", "5", 4);
	assert_entry(&f, "run", "duration", "2s", 5);
	assert_entry(&f, "net", "pattern", "a#b ; not a comment", 8);
	assert_entry(&f, "net", "expr", "x = y", 9);
	assert_entry(&f, "net", "empty", "", 10);
	assert_entry(&f, "net", "spaced key", "1", 11);
	assert_entry(&f, "net", "repetitions", "7", 12);
	assert_ptr_equal(f.entries[0].section, f.sections[0].name);
	ini_free(&f);
	assert_null(f.path);
	assert_int_equal(f.nentries, 0);
}

static void find_misses(void **state)
{
	(void)state;
	struct ini_file f;

	assert_int_equal(parse_str("[a]\nk = 1\n[b]\nj = 2\n", &f), 0);
	assert_null(ini_find(&f, "a", "j"));
	assert_null(ini_find(&f, "b", "k"));
	assert_null(ini_find(&f, "c", "k"));
	assert_null(ini_find(&f, "A", "k")); /* names are case-sensitive */
	assert_null(ini_find(&f, "a", "K"));
	assert_null(ini_find(NULL, "a", "k"));
	assert_non_null(ini_find(&f, "a", "k"));
	ini_free(&f);
}

static void empty_and_comment_only(void **state)
{
	(void)state;
	struct ini_file f;

	assert_int_equal(parse_str("", &f), 0);
	assert_int_equal(f.nsections, 0);
	assert_int_equal(f.nentries, 0);
	ini_free(&f);
	assert_int_equal(parse_str("# just\n;comments\n\n   \n", &f), 0);
	assert_int_equal(f.nentries, 0);
	ini_free(&f);
	assert_int_equal(parse_str("[empty]\n", &f), 0);
	assert_int_equal(f.nsections, 1);
	ini_free(&f);
}

static void crlf_and_bom(void **state)
{
	(void)state;
	struct ini_file f;

	assert_int_equal(parse_str("\xef\xbb\xbf[run]\r\nsize = 4K\r\n\r\n; c\r\nx=\r\n", &f), 0);
	assert_entry(&f, "run", "size", "4K", 2);
	assert_entry(&f, "run", "x", "", 5);
	ini_free(&f);
	expect_error("[run]\r\nbad line\r\n", -EINVAL,
		     "configs/x.conf:2: expected 'key = value' or '[section]' ('bad line')");
}

static void buffer_need_not_be_terminated(void **state)
{
	(void)state;
	struct ini_file f;
	const char text[] = "[a]\nk = vvvv";

	assert_int_equal(ini_parse_buffer("m", text, sizeof(text) - 3, &f, err, sizeof(err)), 0);
	assert_entry(&f, "a", "k", "vv", 2);
	ini_free(&f);
}

static void many_entries(void **state)
{
	(void)state;
	struct ini_file f;
	char *text = malloc(200 * 16 + 16), *p = text;

	assert_non_null(text);
	p += sprintf(p, "[s]\n");
	for (int i = 0; i < 200; i++)
		p += sprintf(p, "k%d = %d\n", i, i);
	assert_int_equal(parse_str(text, &f), 0);
	assert_int_equal(f.nentries, 200);
	assert_entry(&f, "s", "k137", "137", 139);
	ini_free(&f);
	free(text);
}

static void error_messages(void **state)
{
	(void)state;
	expect_error("[run]\nfoo bar\n", -EINVAL,
		     "configs/x.conf:2: expected 'key = value' or '[section]' ('foo bar')");
	expect_error("# c\nsize = 1\n", -EINVAL,
		     "configs/x.conf:2: key outside any [section] ('size = 1')");
	expect_error("[run]\n = 1\n", -EINVAL, "configs/x.conf:2: empty key ('= 1')");
	expect_error("[run]\na = 1\n\nb = 2\n  a=3\n", -EINVAL,
		     "configs/x.conf:5: duplicate key in [run] (first on line 2) ('a=3')");
	expect_error("[run]\na = 1\n[net]\n[ run ]\n", -EINVAL,
		     "configs/x.conf:4: duplicate section (first on line 1) ('[ run ]')");
	expect_error("[run\n", -EINVAL, "configs/x.conf:1: unterminated section header ('[run')");
	expect_error("[run] x\n", -EINVAL, "configs/x.conf:1: text after section header ('[run] x')");
	expect_error("[run] ; c\n", -EINVAL,
		     "configs/x.conf:1: text after section header ('[run] ; c')");
	expect_error("[ ]\n", -EINVAL, "configs/x.conf:1: empty section name ('[ ]')");
	expect_error("[]\n", -EINVAL, "configs/x.conf:1: empty section name ('[]')");
}

static void same_key_in_two_sections_is_fine(void **state)
{
	(void)state;
	struct ini_file f;

	assert_int_equal(parse_str("[a]\nk = 1\n[b]\nk = 2\n", &f), 0);
	assert_entry(&f, "a", "k", "1", 2);
	assert_entry(&f, "b", "k", "2", 4);
	ini_free(&f);
}

static void nul_byte(void **state)
{
	(void)state;
	struct ini_file f;
	const char text[] = "[a]\nk = v\0x\n";

	assert_int_equal(ini_parse_buffer("n.conf", text, sizeof(text) - 1, &f, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "n.conf:2: NUL byte in line ('k = v?x')");
}

static void long_text_is_truncated(void **state)
{
	(void)state;
	char text[200];

	memset(text, 'x', 150);
	strcpy(text + 150, "\n");
	char want[256] = "configs/x.conf:1: expected 'key = value' or '[section]' ('";
	size_t n = strlen(want);
	memset(want + n, 'x', 57); /* 57 characters and "..." make 60 */
	strcpy(want + n + 57, "...')");
	expect_error(text, -EINVAL, want);
}

static void small_or_missing_error_buffer(void **state)
{
	(void)state;
	struct ini_file f;
	char small[12];

	assert_int_equal(ini_parse_buffer("configs/x.conf", "oops\n", 5, &f, small, sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "configs/x.c");
	assert_int_equal(ini_parse_buffer("configs/x.conf", "oops\n", 5, &f, NULL, 0), -EINVAL);
	assert_int_equal(ini_parse_buffer("p", "[a]\n", 4, &f, NULL, 0), 0);
	ini_free(&f);
}

static void free_is_safe(void **state)
{
	(void)state;
	struct ini_file f = { 0 };

	ini_free(&f);
	ini_free(&f);
	ini_free(NULL);
}

static void buffer_too_large(void **state)
{
	(void)state;
	struct ini_file f;
	char *big = malloc(MiB + 1);

	assert_non_null(big);
	memset(big, '\n', MiB + 1);
	assert_int_equal(ini_parse_buffer("big.conf", big, MiB + 1, &f, err, sizeof(err)), -EFBIG);
	assert_string_equal(err, "big.conf: file is larger than 1 MiB");
	assert_int_equal(ini_parse_buffer("big.conf", big, MiB, &f, err, sizeof(err)), 0);
	ini_free(&f);
	free(big);
}

/* Writes len bytes of data to a new temporary file and returns its path (malloc'd). */
static char *temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/ipcbench-test-ini-XXXXXX");
	assert_non_null(path);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void load_file(void **state)
{
	(void)state;
	struct ini_file f;
	const char text[] = "[run]\r\nreps = 3\r\n";
	char *path = temp_file(text, sizeof(text) - 1);

	assert_int_equal(ini_load(path, &f, err, sizeof(err)), 0);
	assert_string_equal(f.path, path);
	assert_entry(&f, "run", "reps", "3", 2);
	ini_free(&f);
	unlink(path);
	free(path);
}

static void load_file_error_names_path_and_line(void **state)
{
	(void)state;
	struct ini_file f;
	const char text[] = "[run]\nreps = 3\nreps = 4\n";
	char *path = temp_file(text, sizeof(text) - 1), want[256];

	assert_int_equal(ini_load(path, &f, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: duplicate key in [run] (first on line 2) ('reps = 4')",
		 path);
	assert_string_equal(err, want);
	assert_null(f.entries);
	unlink(path);
	free(path);
}

static void load_missing_and_unreadable(void **state)
{
	(void)state;
	struct ini_file f;

	assert_int_equal(ini_load("configs/does-not-exist.conf", &f, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "configs/does-not-exist.conf: No such file or directory");
	ini_free(&f);
	assert_int_equal(ini_load("/", &f, err, sizeof(err)), -EISDIR);
	assert_string_equal(err, "/: Is a directory");
	ini_free(&f);
}

static void load_too_large(void **state)
{
	(void)state;
	struct ini_file f;
	char *big = malloc(2 * MiB);

	assert_non_null(big);
	memset(big, '#', 2 * MiB);
	char *path = temp_file(big, 2 * MiB), want[256];
	assert_int_equal(ini_load(path, &f, err, sizeof(err)), -EFBIG);
	snprintf(want, sizeof(want), "%s: file is larger than 1 MiB", path);
	assert_string_equal(err, want);
	unlink(path);
	free(path);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_sections_and_entries),
		cmocka_unit_test(find_misses),
		cmocka_unit_test(empty_and_comment_only),
		cmocka_unit_test(crlf_and_bom),
		cmocka_unit_test(buffer_need_not_be_terminated),
		cmocka_unit_test(many_entries),
		cmocka_unit_test(error_messages),
		cmocka_unit_test(same_key_in_two_sections_is_fine),
		cmocka_unit_test(nul_byte),
		cmocka_unit_test(long_text_is_truncated),
		cmocka_unit_test(small_or_missing_error_buffer),
		cmocka_unit_test(free_is_safe),
		cmocka_unit_test(buffer_too_large),
		cmocka_unit_test(load_file),
		cmocka_unit_test(load_file_error_names_path_and_line),
		cmocka_unit_test(load_missing_and_unreadable),
		cmocka_unit_test(load_too_large),
	};
	return cmocka_run_group_tests_name("ini", tests, NULL, NULL);
}
