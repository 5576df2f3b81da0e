/* Configuration: precedence, defaults, and errors that name file, line and value. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config/config.h"

static char path[64];

static void write_conf(const char *text)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/ipcbench-conftest-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Loads text as a config file; returns the error message or NULL. */
static const char *load(const char *text, struct run_config *cfg, struct config_error *e)
{
	int r;

	write_conf(text);
	assert_int_equal(config_init(cfg, e), 0);
	r = config_load_file(cfg, path, e);
	if (r == 0)
		r = config_finish(cfg, e);
	unlink(path);
	return r < 0 ? e->msg : NULL;
}

static void expect_error(const char *text, const char *line, const char *part)
{
	struct run_config cfg;
	struct config_error e;
	const char *msg = load(text, &cfg, &e);
	char where[128];

	assert_non_null(msg);
	snprintf(where, sizeof(where), "%s:%s", path, line);
	if (!strstr(msg, where) || !strstr(msg, part))
		fail_msg("error '%s' lacks '%s' or '%s'", msg, where, part);
	config_free(&cfg);
}

static void test_sections_and_precedence(void **state)
{
	struct run_config cfg;
	struct config_error e;

	(void)state;
	assert_null(load("[global]\nsizes = 1, 4K\nrepeat = 5\nduration = 50ms\n"
			 "[a]\ntransports = pipe\n[b]\ntransports = pipe, shm-spin\nrepeat = 2\n"
			 "sizes = 1M\n", &cfg, &e));
	assert_int_equal(cfg.nsweeps, 2);
	assert_string_equal(cfg.sweeps[0].name, "a");
	assert_int_equal(cfg.sweeps[0].nsizes, 2);
	assert_int_equal(cfg.sweeps[0].sizes[1], 4096);
	assert_int_equal(cfg.sweeps[0].set.repeat, 5);
	assert_int_equal(cfg.sweeps[0].set.duration_ns, 50000000);
	assert_int_equal(cfg.sweeps[1].set.repeat, 2);
	assert_int_equal(cfg.sweeps[1].nt, 2);
	assert_int_equal(cfg.sweeps[1].sizes[0], 1u << 20);
	/* the command line wins over every section */
	assert_int_equal(config_override(&cfg, "repeat", "7", "command line (--repeat)", &e), 0);
	assert_int_equal(cfg.sweeps[0].set.repeat, 7);
	assert_int_equal(cfg.sweeps[1].set.repeat, 7);
	char *text = config_to_text(&cfg);
	assert_non_null(strstr(text, "[b]\ntransports = pipe,shm-spin\nsizes = 1048576\n"));
	free(text);
	config_free(&cfg);
}

static void test_defaults_without_file(void **state)
{
	struct run_config cfg;
	struct config_error e;

	(void)state;
	assert_int_equal(config_init(&cfg, &e), 0);
	assert_int_equal(config_finish(&cfg, &e), 0);
	assert_int_equal(cfg.nsweeps, 1);
	assert_int_equal(cfg.sweeps[0].nt, ntransports);
	assert_int_equal(cfg.sweeps[0].set.warmup_ns, 100000000);
	assert_int_equal(cfg.sweeps[0].set.repeat, 3);
	config_free(&cfg);
}

static void test_errors_name_file_line_value(void **state)
{
	(void)state;
	expect_error("[a]\ntransports = pipe\ntrasports = pipe\n", "3", "did you mean 'transports'");
	expect_error("[a]\nsizes = 1, 4X\n", "2", "'1, 4X'");
	expect_error("[a]\nsizes = -5\n", "2", "sizes");
	expect_error("[a]\nduration = 0\n", "2", "greater than zero");
	expect_error("[a]\nrepeat = 99999999999999999999\n", "2", "1 to 1000");
	expect_error("[a]\ntransports = pipe, shmspin\n", "2", "did you mean 'shm-spin'");
	expect_error("[a]\ncpus = 0,99999\n", "2", "cpus");
	expect_error("[a]\ncpus = 0\n", "2", "CLIENT,SERVER");
	expect_error("[a]\nverify = most\n", "2", "'sample' or 'full'");
	expect_error("[a]\nmode = fast\n", "2", "latency");
	expect_error("[a]\n[a]\n", "2", "duplicate section");
	expect_error("junk\n", "1", "junk");
}

static void test_cpus_outside_allowed_set(void **state)
{
	struct run_config cfg;
	struct config_error e;

	(void)state;
	assert_int_equal(config_init(&cfg, &e), 0);
	assert_true(config_override(&cfg, "cpus", "0,4095", "command line (--cpus)", &e) < 0);
	assert_non_null(strstr(e.msg, "command line (--cpus)"));
	assert_non_null(strstr(e.msg, "CPU 4095 is not available"));
	assert_int_equal(config_override(&cfg, "cpus", "same", "x", &e), 0);
	assert_int_equal(cfg.sweeps[0].set.client_cpu, cfg.sweeps[0].set.server_cpu);
	config_free(&cfg);
}

static void test_no_sweep_section(void **state)
{
	struct run_config cfg;
	struct config_error e;

	(void)state;
	assert_non_null(load("[global]\nrepeat = 2\n", &cfg, &e));
	assert_non_null(strstr(e.msg, "no sweep section"));
	config_free(&cfg);
}

static void test_missing_file(void **state)
{
	struct run_config cfg;
	struct config_error e;

	(void)state;
	assert_int_equal(config_init(&cfg, &e), 0);
	assert_true(config_load_file(&cfg, "/nonexistent/x.conf", &e) < 0);
	assert_non_null(strstr(e.msg, "/nonexistent/x.conf"));
	config_free(&cfg);
}

static void test_shipped_configs_load(void **state)
{
	const char *files[] = { "configs/quick.conf" };

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct run_config cfg;
		struct config_error e;

		assert_int_equal(config_init(&cfg, &e), 0);
		if (config_load_file(&cfg, files[i], &e) < 0)
			fail_msg("%s", e.msg);
		config_free(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_precedence),
		cmocka_unit_test(test_defaults_without_file),
		cmocka_unit_test(test_errors_name_file_line_value),
		cmocka_unit_test(test_cpus_outside_allowed_set),
		cmocka_unit_test(test_no_sweep_section),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_shipped_configs_load),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
