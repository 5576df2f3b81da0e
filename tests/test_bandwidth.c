/* Bandwidth mode and the characterisation settings: every registered transport streams
 * verified messages; a lost or corrupted message in a stream ends the cell as fail or
 * timeout, never with a figure; cache=cold, touch and footprint keep every transport
 * correct in both modes; the window is capped where a transport or memory says so; the
 * measured phase yields CPU time and software counters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/cachectl.h"
#include "sys/memplace.h"
#include "cell/cell.h"
#include "cellrun.h"

#include "faulty.h"
#include "leakcheck.h"
#include "cell/payload.h"

static struct clock_src clk;
static struct leak_snapshot before;
static char tmpdir[64];

static void bw_settings(struct cell_settings *s, int same_cpu)
{
	cellrun_settings(s, same_cpu);
	s->mode = MODE_BANDWIDTH;
	s->iterations = 20000;
	s->window = 8;
}

static void run(const struct transport *t, uint64_t size, const struct cell_settings *s,
		struct cell_result *r)
{
	cellrun(&clk, t, size, s, r);
}

static void check_ok(const struct transport *t, uint64_t size, const struct cell_result *r)
{
	cellrun_check_ok(t, size, r);
	assert_true(r->has_phase[0] && r->has_phase[1]);
}

/* Tokens at their own size; payloads small and past a pipe's 64 KiB, fragmented where
 * the transport has a limit. */
static void stream_every_transport(int same_cpu, const uint64_t *sizes, size_t nsizes)
{
	for (size_t i = 0; i < ntransports; i++) {
		const struct transport *t = transports[i];
		struct cell_settings s;

		bw_settings(&s, same_cpu);
		for (size_t k = 0; k < nsizes; k++) {
			uint64_t size = (t->flags & TR_NOPAYLOAD) ? (uint64_t)transport_max_msg(t)
								  : sizes[k];
			struct cell_result r;

			run(t, size, &s, &r);
			check_ok(t, size, &r);
			assert_true(r.bandwidth_bps > 0);
			assert_true(r.window >= 1 && r.window <= s.window);
			if (t->window_limit)
				assert_true(r.window <= t->window_limit);
			if (t->flags & TR_NOPAYLOAD)
				break;
		}
	}
}

static void test_every_transport_streams_cross_cpu(void **state)
{
	static const uint64_t sizes[] = { 64, 100000 };

	(void)state;
	stream_every_transport(0, sizes, 2);
}

static void test_every_transport_streams_same_cpu(void **state)
{
	static const uint64_t sizes[] = { 4096 };

	(void)state;
	stream_every_transport(1, sizes, 1);
}

/* Flushing, touching and walking between messages never breaks a transport. */
static void test_cold_touch_footprint_both_modes(void **state)
{
	(void)state;
	for (int mode = MODE_LATENCY; mode <= MODE_BANDWIDTH; mode++)
		for (size_t i = 0; i < ntransports; i++) {
			const struct transport *t = transports[i];
			uint64_t size = (t->flags & TR_NOPAYLOAD) ? (uint64_t)transport_max_msg(t) : 5000;
			struct cell_settings s;
			struct cell_result r;

			bw_settings(&s, 0);
			s.mode = mode;
			s.cache = CACHE_COLD;
			s.touch = i % 2 ? TOUCH_WRITE : TOUCH_READ;
			s.footprint = 256 << 10;
			run(t, size, &s, &r);
			check_ok(t, size, &r);
		}
}

static void run_fault(enum fault kind, uint64_t msg, size_t at, uint64_t size,
		      struct cell_settings *s, struct cell_result *r)
{
	s->duration_ns = 20000000000ull; /* end by count: the fault must happen */
	s->iterations = 400;
	s->timeout_ns = 1000000000;
	fault_plan = (struct fault_plan){ .kind = kind, .msg = msg, .at = at };
	run(&tr_faulty, size, s, r);
	fault_plan.kind = FAULT_NONE;
}

static void expect_no_figure(const struct cell_result *r, const char *why)
{
	if (r->status != CELL_FAIL && r->status != CELL_TIMEOUT)
		fail_msg("a broken stream ended as %s (%s)", cell_status_name(r->status), r->note);
	assert_false(r->has_stats);
	assert_true(r->bandwidth_bps == 0);
	if (why && !strstr(r->note, why))
		fail_msg("note '%s' does not say '%s'", r->note, why);
}

/* A message lost inside a window: the next header gives it away. */
static void test_dropped_message_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	bw_settings(&s, 0);
	s.warmup_ns = 0;
	run_fault(FAULT_DROP, 20, 0, 4096, &s, &r); /* 5th of the third window of 8 */
	expect_no_figure(&r, "expected request seq 20");
	assert_int_equal(r.status, CELL_FAIL);
	bw_settings(&s, 0);
	run_fault(FAULT_DROP, 3, 0, 64, &s, &r); /* in the warm-up */
	expect_no_figure(&r, "expected request seq 3");
}

/* The last message of a window lost: both sides wait; the deadline ends it. */
static void test_dropped_last_message_times_out(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	bw_settings(&s, 0);
	s.warmup_ns = 0;
	run_fault(FAULT_DROP, 23, 0, 4096, &s, &r);
	expect_no_figure(&r, NULL);
	assert_int_equal(r.status, CELL_TIMEOUT);
}

static void test_corrupted_streamed_payload_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	bw_settings(&s, 0);
	s.warmup_ns = 0;
	s.verify_every = 1000000; /* only the spot words: the last one is among them */
	run_fault(FAULT_FLIP_BYTE, 30, MSG_HDR_SIZE + 4095, 4096, &s, &r);
	expect_no_figure(&r, "payload differs at byte 4095");
	bw_settings(&s, 0);
	s.warmup_ns = 0;
	s.verify_full = 1;
	run_fault(FAULT_FLIP_BYTE, 30, MSG_HDR_SIZE + 1234, 4096, &s, &r);
	expect_no_figure(&r, "payload differs at byte 1234");
}

static void test_window_caps(void **state)
{
	const struct transport *pipe = transport_find("pipe"), *efd = transport_find("eventfd");
	struct cell_settings s;
	struct cell_spec sp = { .set = &s, .clk = &clk };
	char note[128] = "";

	(void)state;
	bw_settings(&s, 0);
	s.window = 64;
	sp.t = pipe;
	assert_int_equal(cell_window(&sp, 4096, note, sizeof(note)), 64);
	assert_int_equal(cell_window(&sp, 1u << 20, note, sizeof(note)), 16);
	assert_non_null(strstr(note, "16 MiB"));
	assert_int_equal(cell_window(&sp, 64u << 20, note, sizeof(note)), 1);
	sp.t = efd;
	assert_int_equal(cell_window(&sp, 8, note, sizeof(note)), 1);
	assert_non_null(strstr(note, "holds no more"));
	s.mode = MODE_LATENCY;
	assert_int_equal(cell_window(&sp, 8, note, sizeof(note)), 1);
}

/* The measured phase: CPU time of both sides, and the software counters where the
 * kernel allows perf events at all (NA with a reason otherwise, never zero by default). */
static void test_phase_figures(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	int cs = -1;

	(void)state;
	for (int mode = MODE_LATENCY; mode <= MODE_BANDWIDTH; mode++) {
		bw_settings(&s, 0);
		s.mode = mode;
		snprintf(s.events, sizeof(s.events), "context-switches"); /* not by default */
		run(transport_find("pipe"), 64, &s, &r);
		check_ok(transport_find("pipe"), 64, &r);
		for (unsigned e = 0; e < r.ctr.n; e++)
			if (strcmp(r.ctr.name[e], "context-switches") == 0)
				cs = (int)e;
		assert_true(cs >= 0);
		for (int side = 0; side < 2; side++) {
			assert_true(r.cpu_user_ns[side] + r.cpu_sys_ns[side] > 0);
			if (r.ctr.valid[side][cs]) /* a blocking pipe switches on most messages */
				assert_true(r.ctr.per_msg[side][cs] > 0);
			else
				assert_non_null(strstr(r.note, "events NA"));
		}
	}
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

static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

/* Where the floor is a stream the probe can run itself (shared memory across CPUs, a
 * window, touch = read), the cell's children stream it between windows too: at least one
 * before the first part and one after the last, each marked with the windows recorded
 * before it; no other path and no cell on one CPU streams between windows. */
static void test_path_streamed_between_windows(void **state)
{
	static const char *const names[] = { "shm-inplace", "shm-spin", "pipe" };

	(void)state;
	for (int same = 0; same < 2; same++)
		for (int i = 0; i < 3; i++) {
			const struct transport *t = transport_find(names[i]);
			const struct slopes *sl;
			struct cell_settings s;
			struct cell_result r;

			bw_settings(&s, same);
			s.touch = TOUCH_READ;
			run(t, 65536, &s, &r);
			check_ok(t, 65536, &r);
			assert_true(r.has_cell_path);
			sl = &r.cell_path[0];
			if (same || i == 2) {
				assert_int_equal(sl->between_n, 0);
				assert_int_equal(r.between_parts, 0);
				continue;
			}
			assert_true(sl->between_n >= 3);
			assert_int_equal(sl->between_at[0], 0);
			for (unsigned j = 0; j < sl->between_n; j++) {
				assert_true(sl->between_ns[j] > 0);
				assert_true(sl->between_at[j] <= r.st.n);
				if (j)
					assert_true(sl->between_at[j] >= sl->between_at[j - 1]);
			}
			assert_int_equal(sl->between_at[sl->between_n - 1], r.st.n);
			assert_true(r.between_parts >= 2 && r.between_ratio > 0);
			assert_true(r.between_floor_ns > 0);
		}
}

/* The probe's ring follows the cell's memory placement, and is not counted among the
 * transport's buffers the cell reports the node of. */
static void test_streamed_floor_placed(void **state)
{
	const struct transport *t = transport_find("shm-spin");
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	bw_settings(&s, 0);
	s.touch = TOUCH_READ;
	s.mem_policy = MEM_NODE;
	s.mem_node = 0;
	run(t, 65536, &s, &r);
	check_ok(t, 65536, &r);
	assert_true(r.between_parts >= 2);
	assert_int_equal(r.mem_node, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transport_streams_cross_cpu),
		cmocka_unit_test(test_every_transport_streams_same_cpu),
		cmocka_unit_test(test_cold_touch_footprint_both_modes),
		cmocka_unit_test(test_dropped_message_fails),
		cmocka_unit_test(test_dropped_last_message_times_out),
		cmocka_unit_test(test_corrupted_streamed_payload_fails),
		cmocka_unit_test(test_window_caps),
		cmocka_unit_test(test_phase_figures),
		cmocka_unit_test(test_path_streamed_between_windows),
		cmocka_unit_test(test_streamed_floor_placed),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("bandwidth", tests, setup, teardown);
}
