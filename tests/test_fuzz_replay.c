/* Every input kept in tests/fuzz/corpus and every crasher fuzzing ever found
 * (tests/fuzz/crashers, named config-* or csv-*) runs again under ASan/UBSan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_targets.h"

static int replay_file(const char *path, void (*target)(const uint8_t *, size_t))
{
	FILE *f = fopen(path, "rb");
	static uint8_t buf[1 << 20];
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	target(buf, n);
	return 1;
}

/* Files in dir whose name starts with prefix ("" for all). */
static int replay_dir(const char *dir, const char *prefix, void (*target)(const uint8_t *, size_t))
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n += replay_file(path, target);
	}
	closedir(d);
	return n;
}

static void test_config_corpus_and_crashers(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/corpus/config", "", fuzz_config_one) > 0);
	replay_dir("tests/fuzz/crashers", "config-", fuzz_config_one);
}

static void test_csv_corpus_and_crashers(void **state)
{
	(void)state;
	assert_true(replay_dir("tests/fuzz/corpus/csv", "", fuzz_csv_one) > 0);
	replay_dir("tests/fuzz/crashers", "csv-", fuzz_csv_one);
}

/* Hostile inputs written by hand: huge numbers, binary, unbalanced quotes. */
static void test_hand_written_hostile_inputs(void **state)
{
	static const char *const inputs[] = {
		"[a]\nsizes = 99999999999999999999999\n", "[a]\ncpus = 4294967296,1\n",
		"[a]\nduration = 1e309s\n", "[a\n", "[]\n", "= x\n", "[a]\nrepeat = -1\n",
		"[a]\ntransports = ,,,\n", "\xef\xbb\xbf[a]\nsizes=1\n", "[a]\nsizes = 1,,2\n",
	};
	static const char *const csvs[] = { "\"", "a\n\"b", "a,b\n1\n", "\n\n\n", "a\n\"x\"y\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		fuzz_config_one((const uint8_t *)inputs[i], strlen(inputs[i]));
	for (size_t i = 0; i < sizeof(csvs) / sizeof(csvs[0]); i++)
		fuzz_csv_one((const uint8_t *)csvs[i], strlen(csvs[i]));
	fuzz_config_one((const uint8_t *)"[a]\nsizes=\0x\n", 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_corpus_and_crashers),
		cmocka_unit_test(test_csv_corpus_and_crashers),
		cmocka_unit_test(test_hand_written_hostile_inputs),
	};

	return cmocka_run_group_tests_name("fuzz-replay", tests, NULL, NULL);
}
