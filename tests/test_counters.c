/* Event counters: names resolve through libpfm4 or are refused with a clear reason, an
 * event that cannot be opened is NA with its reason (never zero, never a crash), kernel
 * counting falls back to user space under perf_event_paranoid, and software events count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cell/counters.h"

static void test_known_names_resolve(void **state)
{
	struct ctr_set s;
	char err[256] = "";

	(void)state;
	assert_int_equal(ctr_resolve("cycles, context-switches,LLC-load-misses", &s, err,
				     sizeof(err)), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.ev[0].name, "cycles");
	assert_int_equal(s.ev[0].attr.type, PERF_TYPE_HARDWARE);
	assert_int_equal(s.ev[1].attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(s.ev[1].attr.config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	assert_int_equal(s.ev[2].attr.type, PERF_TYPE_HW_CACHE);
	assert_int_equal(ctr_resolve(CTR_DEFAULT, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 5); /* hardware only: no per-task software event by default */
	for (size_t i = 0; i < s.n; i++)
		assert_int_not_equal(s.ev[i].attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(ctr_resolve("none", &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 0);
}

static void test_bad_names_refused(void **state)
{
	struct ctr_set s;
	char err[256] = "", many[1024] = "";

	(void)state;
	assert_int_equal(ctr_resolve("cycles,no-such-event", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown event 'no-such-event'"));
	assert_non_null(strstr(err, "libpfm4"));
	assert_int_equal(s.n, 0);
	assert_int_equal(ctr_resolve("cycles,cycles", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "listed twice"));
	assert_int_equal(ctr_resolve("cycles,,instructions", &s, err, sizeof(err)), -EINVAL);
	for (int i = 0; i < CTR_MAX + 1; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "%scycles:u=%d", i ? "," : "",
			 i & 1);
	assert_int_equal(ctr_resolve(many, &s, err, sizeof(err)), -E2BIG);
}

static int fail_eacces(struct perf_event_attr *attr)
{
	(void)attr;
	return -EACCES;
}

static int fail_enoent(struct perf_event_attr *attr)
{
	(void)attr;
	return -ENOENT;
}

/* What perf_event_paranoid = 2 does to an unprivileged process: user space only. */
static int paranoid_two(struct perf_event_attr *attr)
{
	long fd;

	if (!attr->exclude_kernel)
		return -EACCES;
	fd = syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);
	return fd < 0 ? -errno : (int)fd;
}

static void expect_na(const struct ctr_values *v, size_t n, int err, const char *why)
{
	char text[256];
	double x = 12345;

	assert_int_equal(v->n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v->r[i].err, err);
		assert_int_equal(ctr_per_msg(&v->r[i], 100, &x), err);
		assert_true(x == 12345); /* nothing written: NA, not zero */
	}
	ctr_explain(err, text, sizeof(text));
	if (!strstr(text, why))
		fail_msg("explanation '%s' does not say '%s'", text, why);
}

static void test_open_failure_is_na(void **state)
{
	struct ctr_set s;
	struct ctr_group g;
	struct ctr_values v;
	char err[256];

	(void)state;
	assert_int_equal(ctr_resolve(CTR_DEFAULT, &s, err, sizeof(err)), 0);
	ctr_open(&s, fail_eacces, &g, &v);
	ctr_start(&g);
	ctr_stop(&g, &v);
	ctr_close(&g);
	expect_na(&v, s.n, -EACCES, "perf_event_paranoid");
	ctr_open(&s, fail_enoent, &g, &v);
	ctr_start(&g);
	ctr_stop(&g, &v);
	ctr_close(&g);
	expect_na(&v, s.n, -ENOENT, "not counted by this CPU or kernel");
}

static void busy_work(void)
{
	for (int i = 0; i < 5; i++)
		usleep(200);
	size_t len = 64 << 12;
	char *p = malloc(len);

	for (size_t i = 0; p && i < len; i += 4096)
		p[i] = 1; /* page faults */
	free(p);
}

static void test_software_events_count(void **state)
{
	struct ctr_set s;
	struct ctr_group g;
	struct ctr_values v;
	char err[256];
	double cs = 0;

	(void)state;
	assert_int_equal(ctr_resolve("context-switches,page-faults,cycles", &s, err, sizeof(err)), 0);
	ctr_open(&s, NULL, &g, &v);
	ctr_start(&g);
	busy_work();
	ctr_stop(&g, &v);
	ctr_close(&g);
	assert_int_equal(v.r[0].err, 0);
	assert_int_equal(ctr_per_msg(&v.r[0], 5, &cs), 0);
	assert_true(cs >= 0.8); /* five sleeps: at least four switches */
	assert_int_equal(v.r[1].err, 0);
	/* cycles: counted, or NA with a reason on a machine without a PMU */
	double c;
	int r = ctr_per_msg(&v.r[2], 1, &c);
	assert_true(r == 0 ? c > 0 : r < 0);
}

static void test_paranoid_falls_back_to_user(void **state)
{
	struct ctr_set s;
	struct ctr_group g;
	struct ctr_values v;
	char err[256];

	(void)state;
	assert_int_equal(ctr_resolve("task-clock", &s, err, sizeof(err)), 0);
	ctr_open(&s, paranoid_two, &g, &v);
	ctr_start(&g);
	busy_work();
	ctr_stop(&g, &v);
	ctr_close(&g);
	assert_int_equal(v.r[0].err, 0);
	assert_int_equal(v.r[0].user_only, 1);
	assert_true(v.r[0].value > 0);
}

static void test_per_msg_scaling(void **state)
{
	struct ctr_reading r = { .value = 100, .enabled = 200, .running = 100 };
	double x;

	(void)state;
	assert_int_equal(ctr_per_msg(&r, 10, &x), 0);
	assert_true(x == 20); /* ran half the time: scaled up */
	r.running = 0;
	assert_int_equal(ctr_per_msg(&r, 10, &x), -ENODATA);
	r.running = 200;
	assert_int_equal(ctr_per_msg(&r, 0, &x), -EINVAL);
}

static void test_column_names(void **state)
{
	char out[64];

	(void)state;
	ctr_column_name("LLC-load-misses", out, sizeof(out));
	assert_string_equal(out, "LLC_load_misses");
	ctr_column_name("perf::PERF_COUNT_HW_CACHE_LL:READ:MISS", out, sizeof(out));
	assert_string_equal(out, "perf__PERF_COUNT_HW_CACHE_LL_READ_MISS");
	ctr_column_name("cycles:u=1", out, sizeof(out));
	assert_string_equal(out, "cycles_u_1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_names_resolve),
		cmocka_unit_test(test_bad_names_refused),
		cmocka_unit_test(test_open_failure_is_na),
		cmocka_unit_test(test_software_events_count),
		cmocka_unit_test(test_paranoid_falls_back_to_user),
		cmocka_unit_test(test_per_msg_scaling),
		cmocka_unit_test(test_column_names),
	};

	return cmocka_run_group_tests_name("counters", tests, NULL, NULL);
}
