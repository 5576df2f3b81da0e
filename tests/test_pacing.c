/* Offered load: the schedule is fixed in advance, a stall makes the messages it delayed
 * late and they count from their due time (no coordinated omission), idle sleeps after
 * each reply, a cell with more samples than its array takes its percentiles from the log
 * histogram, and the keys parse and exclude each other. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <time.h>
#include "cell/pace.h"
#include "cellrun.h"
#include "config/config.h"
#include "faulty.h"
#include "leakcheck.h"

static struct clock_src clk;
static struct leak_snapshot before;
static char tmpdir[64];

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000u), (long)(ns % 1000000000u) };

	nanosleep(&ts, NULL);
}

static uint64_t ticks(uint64_t ns)
{
	return clock_from_ns(&clk, ns);
}

/* Due times are base + k periods whatever happens between calls; a stall makes the
 * messages due during it late (handed out at once, at their own due times), and the first
 * one due after it waits for its time. */
static void test_schedule_is_fixed_in_advance(void **state)
{
	struct pace p;
	int late;

	(void)state;
	pace_init(&p, &clk, 100, 0, 0); /* every 10 ms */
	uint64_t d1000 = pace_due_at(&p, 1000) - p.base;
	assert_true(d1000 + 2 >= ticks(10000000000ull) && d1000 <= ticks(10000000000ull) + 2);
	assert_int_equal(pace_next(&p, 0, &late), p.base); /* message 0: at once, not late */
	assert_false(late);
	sleep_ns(55000000); /* the stall: messages 1 to 5 fall due meanwhile */
	for (uint64_t k = 1; k <= 5; k++) {
		assert_int_equal(pace_next(&p, 0, &late), pace_due_at(&p, k));
		assert_true(late);
	}
	uint64_t due = pace_next(&p, 0, &late); /* message 6, due at 60 ms */
	assert_int_equal(due, pace_due_at(&p, 6));
	assert_false(late);
	assert_true(clock_start(&clk) >= due);
}

/* Idle: no schedule; the next message goes idle_ns after the last reply. */
static void test_idle_sleeps_after_each_reply(void **state)
{
	struct pace p;
	int late;

	(void)state;
	pace_init(&p, &clk, 0, 3000000, 0);
	uint64_t reply = clock_stop(&clk);
	uint64_t from = pace_next(&p, reply, &late);

	assert_true(from >= reply + ticks(3000000));
	assert_false(late);
}

/* A paced cell over a pipe whose server stalls 30 ms once: every message due during the
 * stall is late and counts from its due time, so some twenty samples are over 10 ms; the
 * hot loop, which waits for each reply before it even plans the next send, shows the stall
 * about once. Both end after 80 timed round trips. */
static uint64_t stalled_cell(uint64_t rate, uint64_t *late, struct cell_result *r)
{
	struct cell_settings s;
	struct cell_spec spec = { .t = &tr_faulty, .size = 64, .repeat = 1, .set = &s, .clk = &clk };
	uint64_t slow = 0;

	cellrun_settings(&s, 0);
	s.rate_per_s = rate;
	s.duration_ns = 20000000000ull; /* ended by the count: message 20 is mid-phase however
					   slow the machine, and 30 ms at 1k/s are due after it */
	s.iterations = 80;
	s.counted_pct = 0;
	s.warmup_ns = 0; /* message 20 is timed in both */
	fault_plan = (struct fault_plan){ .kind = FAULT_SERVER_STALL, .msg = 20,
					  .stall_ns = 30000000 };
	assert_int_equal(cell_run(&spec, 1, r), 0);
	fault_plan.kind = FAULT_NONE;
	if (r->status != CELL_OK)
		fail_msg("%s: %s", cell_status_name(r->status), r->note);
	for (size_t i = 0; i < r->st.n; i++)
		slow += r->samples_ns[i] >= 10e6;
	*late = r->late_msgs;
	return slow;
}

static void test_stall_counts_from_due_time(void **state)
{
	struct cell_result paced, hot;
	uint64_t late_paced, late_hot;

	(void)state;
	uint64_t slow_paced = stalled_cell(1000, &late_paced, &paced);
	uint64_t slow_hot = stalled_cell(0, &late_hot, &hot);

	assert_true(slow_paced >= 15);
	assert_true(slow_paced >= slow_hot + 10);
	assert_true(late_paced >= 20);
	assert_true(paced.st.max >= 25e6); /* the first one waited the whole stall */
	assert_true(paced.achieved_per_s > 0 && strstr(paced.note, "paced at 1000/s"));
	assert_int_equal(late_hot, 0);
	cell_result_free(&paced);
	cell_result_free(&hot);
}

/* 500 samples, an array of 64: the percentiles come from the histogram, every sample counts. */
static void test_more_samples_than_the_array(void **state)
{
	struct cell_settings s;
	struct cell_spec spec = { .t = transport_find("pipe"), .size = 64, .repeat = 1, .set = &s,
				  .clk = &clk, .samples_cap = 64 };
	struct cell_result r;

	(void)state;
	cellrun_settings(&s, 0);
	s.iterations = 500;
	s.duration_ns = 20000000000ull; /* ended by the count */
	assert_int_equal(cell_run(&spec, 0, &r), 0);
	cellrun_check_ok(spec.t, 64, &r);
	assert_true(r.pct_from_hist);
	assert_int_equal(r.st.n, 500);
	assert_true(r.st.p99 <= r.st.p999 && r.st.p999 <= r.st.p9999 && r.st.p9999 <= r.st.max);
	assert_non_null(strstr(r.note, "log histogram"));
}

static const char *finish_with(const char *key1, const char *v1, const char *key2,
			       const char *v2, struct run_config *cfg, struct config_error *e)
{
	assert_int_equal(config_init(cfg, e), 0);
	if (config_override(cfg, key1, v1, "test", e) < 0 ||
	    (key2 && config_override(cfg, key2, v2, "test", e) < 0) || config_finish(cfg, e) < 0)
		return e->msg;
	return NULL;
}

static void test_rate_and_idle_keys(void **state)
{
	struct run_config cfg;
	struct config_error e;
	const uint64_t want[] = { 0, 1000, 10000, 100000, 2000000 };

	(void)state;
	assert_null(finish_with("rate", "hot, 1k,10K, 100000,2M", NULL, NULL, &cfg, &e));
	assert_int_equal(cfg.sweeps[0].rates.n, 5);
	assert_memory_equal(cfg.sweeps[0].rates.v, want, sizeof(want));
	config_free(&cfg);
	assert_non_null(strstr(finish_with("rate", "1q", NULL, NULL, &cfg, &e), "hot,1k"));
	config_free(&cfg);
	assert_non_null(strstr(finish_with("rate", "1k", "idle", "1ms", &cfg, &e), "exclude"));
	config_free(&cfg);
	assert_non_null(strstr(finish_with("rate", "1k", "mode", "bandwidth", &cfg, &e),
			       "mode = latency"));
	config_free(&cfg);
	assert_null(finish_with("rate", "hot", "idle", "2ms", &cfg, &e));
	assert_int_equal(cfg.sweeps[0].set.idle_ns, 2000000);
	config_free(&cfg);
}

static int setup(void **state)
{
	(void)state;
	return cellrun_env_setup(&clk, &before, tmpdir, sizeof(tmpdir));
}

static int teardown(void **state)
{
	(void)state;
	leak_assert_none(&before);
	return cellrun_env_teardown(&before, tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schedule_is_fixed_in_advance),
		cmocka_unit_test(test_idle_sleeps_after_each_reply),
		cmocka_unit_test(test_stall_counts_from_due_time),
		cmocka_unit_test(test_more_samples_than_the_array),
		cmocka_unit_test(test_rate_and_idle_keys),
	};

	return cmocka_run_group_tests_name("pacing", tests, setup, teardown);
}
