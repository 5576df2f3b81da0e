/* Nothing observes the timed phase but the clock: the counters and getrusage run in a
 * counted phase after it, and this is checked from the structure, not from timings:
 * phase_begin records whether the timed phase was over (a counted phase begun earlier
 * makes the cell an error), and in real cells every event's own enabled time fits in
 * the counted phase, which is a quarter of the timed one. The floor probes beside every
 * cell are measured on the cell's CPUs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "cell/cell.h"
#include "cellrun.h"
#include "leakcheck.h"
#include "cell/phase.h"

static struct clock_src clk;
static struct leak_snapshot before;
static char tmpdir[64];

static void test_begin_records_the_stage(void **state)
{
	static const struct ctr_set none;
	_Atomic uint32_t stage = STAGE_TIMED;
	struct measure_args a = { .stage = &stage, .events = &none, .counted_pct = 25 };
	struct side_result res;
	struct phase p;

	(void)state;
	memset(&res, 0, sizeof(res));
	phase_open(&p, &a);
	assert_false(phase_counting_allowed(&a));
	phase_begin(&p, &res); /* too early: recorded */
	assert_int_equal(res.phase_violation, 1);
	phase_close(&p);

	memset(&res, 0, sizeof(res));
	phase_open(&p, &a);
	phase_timed_over(&a);
	assert_true(phase_counting_allowed(&a));
	phase_begin(&p, &res);
	phase_end(&p, &res, 10);
	phase_close(&p);
	assert_int_equal(res.phase_violation, 0);
	assert_true(res.has_phase);
	assert_int_equal(res.phase_msgs, 10);
}

static void test_counted_target(void **state)
{
	struct measure_args a = { .counted_pct = 25 };

	(void)state;
	assert_int_equal(phase_counted_target(&a, 1000), 250);
	assert_int_equal(phase_counted_target(&a, 3), 1); /* at least one */
	a.counted_pct = 0;
	assert_int_equal(phase_counted_target(&a, 1000), 0);
}

/* A blocking and a spinning transport in both modes: each side's events were enabled no
 * longer than its counted phase lasted, and that phase was shorter than the timed one. */
static void check_phases(const char *name, uint64_t size, int mode, int same_cpu)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find(name);

	cellrun_settings(&s, same_cpu);
	s.mode = mode;
	snprintf(s.events, sizeof(s.events), "task-clock,context-switches");
	cellrun(&clk, t, size, &s, &r);
	cellrun_check_ok(t, size, &r);
	for (int side = 0; side < 2; side++) {
		if (!r.has_phase[side])
			continue;
		assert_true(r.counters_enabled_ns[side] > 0);
		assert_true(r.counters_enabled_ns[side] <= r.counted_wall_ns[side]);
	}
	cell_result_free(&r);
}

static void test_events_enabled_only_while_counting(void **state)
{
	(void)state;
	check_phases("pipe", 64, MODE_LATENCY, 0);
	check_phases("pipe", 64, MODE_LATENCY, 1);
	check_phases("shm-spin", 64, MODE_LATENCY, 0);
	check_phases("unix-stream", 64, MODE_BANDWIDTH, 0);
	check_phases("eventfd", 8, MODE_LATENCY, 0); /* a token transport: no message flags */
}

static void test_no_counted_phase_when_off(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find("pipe");

	(void)state;
	cellrun_settings(&s, 0);
	s.counted_pct = 0;
	cellrun(&clk, t, 64, &s, &r);
	assert_int_equal(r.status, CELL_OK);
	assert_false(r.has_phase[0] || r.has_phase[1]);
	assert_non_null(strstr(r.note, "no counted phase"));
	cell_result_free(&r);
}

/* A cell whose counted phase opened an event moves the caller's record on, and the next
 * cell begins only CTR_HOOKS_OFF_NS after it (the kernel's perf hooks are off again); a
 * cell that opened none leaves the record alone. */
static void test_next_cell_waits_for_hooks_off(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find("pipe");
	uint64_t closed = 0, first;
	struct cell_spec spec = { .t = t, .size = 64, .repeat = 1, .set = &s, .clk = &clk,
				  .counters_closed_ns = &closed };

	(void)state;
	cellrun_settings(&s, 0);
	snprintf(s.events, sizeof(s.events), "none");
	assert_int_equal(cell_run(&spec, 0, &r), 0);
	cellrun_check_ok(t, 64, &r);
	assert_false(r.counters_opened);
	assert_true(closed == 0);
	cell_result_free(&r);
	snprintf(s.events, sizeof(s.events), "task-clock");
	assert_int_equal(cell_run(&spec, 0, &r), 0);
	cellrun_check_ok(t, 64, &r);
	assert_true(r.counters_opened);
	assert_true(closed > 0);
	first = closed;
	cell_result_free(&r);
	assert_int_equal(cell_run(&spec, 0, &r), 0); /* a short cell: it must have waited */
	cellrun_check_ok(t, 64, &r);
	assert_true(closed - first >= CTR_HOOKS_OFF_NS);
	cell_result_free(&r);
}

static void test_floors_beside_the_cell(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find("shm-spin");

	(void)state;
	for (int same = 0; same < 2; same++) {
		cellrun_settings(&s, same);
		cellrun(&clk, t, 8, &s, &r);
		cellrun_check_ok(t, 8, &r);
		assert_true(r.floor_stable == 0 || r.floor_stable == 1);
		if (r.floor_stable) {
			assert_true(r.p50_over_floor > 0);
		} else { /* two floors that disagree give no ratio (NA), and the note says why */
			assert_false(r.p50_over_floor > 0);
			assert_non_null(strstr(r.note, "floor moved"));
		}
		cell_result_free(&r);
	}
}

/* Too few samples: insufficient, with no figure; a percentile the samples cannot support
 * is NA with the reason. */
static void test_too_few_samples(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find("pipe");

	(void)state;
	cellrun_settings(&s, 0);
	s.min_samples = 5;
	s.iterations = 3; /* the timed phase ends after 3 round trips */
	cellrun(&clk, t, 64, &s, &r);
	assert_int_equal(r.status, CELL_INSUFFICIENT);
	assert_false(r.has_stats);
	assert_int_equal(r.st.n, 3);
	assert_non_null(strstr(r.note, "min_samples = 5"));
	s.min_samples = 1;
	s.iterations = 50;
	cellrun(&clk, t, 64, &s, &r);
	assert_int_equal(r.status, CELL_OK);
	assert_non_null(strstr(r.note, "p99, p99.9 NA: 50 samples"));
	assert_true(stats_quantile_supported(50, 0.9) && !stats_quantile_supported(50, 0.99));
	assert_true(stats_quantile_supported(1000, 0.999) && !stats_quantile_supported(999, 0.999));
	assert_true(stats_quantile_supported(1, 1) && stats_quantile_supported(1, 0));
}

/* A timed phase too short for min_samples goes on until it has them (1 s at most), and
 * the note says how far; one that got them in time says nothing of it. */
static void test_short_phase_goes_on_to_min_samples(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	const struct transport *t = transport_find("pipe");

	(void)state;
	cellrun_settings(&s, 0);
	s.warmup_ns = 0;
	s.duration_ns = 1000; /* 1 us: fewer round trips than that take */
	s.min_samples = 200;
	cellrun(&clk, t, 64, &s, &r);
	cellrun_check_ok(t, 64, &r);
	assert_int_equal(r.st.n, 200);
	assert_non_null(strstr(r.note, "past its 0.0 ms duration to reach min_samples = 200"));
	cell_result_free(&r);
	s.min_samples = 10;
	s.duration_ns = 20000000;
	cellrun(&clk, t, 64, &s, &r);
	cellrun_check_ok(t, 64, &r);
	assert_true(r.st.n > 10);
	assert_null(strstr(r.note, "min_samples"));
	cell_result_free(&r);
}

static int setup(void **state)
{
	(void)state;
	return cellrun_env_setup(&clk, &before, tmpdir, sizeof(tmpdir));
}

static int teardown(void **state)
{
	(void)state;
	return cellrun_env_teardown(&before, tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_begin_records_the_stage),
		cmocka_unit_test(test_counted_target),
		cmocka_unit_test(test_events_enabled_only_while_counting),
		cmocka_unit_test(test_no_counted_phase_when_off),
		cmocka_unit_test(test_next_cell_waits_for_hooks_off),
		cmocka_unit_test(test_floors_beside_the_cell),
		cmocka_unit_test(test_too_few_samples),
		cmocka_unit_test(test_short_phase_goes_on_to_min_samples),
	};

	return cmocka_run_group_tests_name("phase", tests, setup, teardown);
}
