/* Conformance of every registered transport, and the harness's honesty guarantees:
 * corrupted data fails the cell without a time, hangs become timeouts, dead peers are
 * reported, and no IPC object outlives the cells. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cell/cell.h"
#include "cellrun.h"
#include "faulty.h"
#include "leakcheck.h"
#include "cell/payload.h"

static struct clock_src clk;
static struct leak_snapshot before;

static void quick_settings(struct cell_settings *s, int same_cpu)
{
	cellrun_settings(s, same_cpu);
}

static void run(const struct transport *t, uint64_t size, const struct cell_settings *s,
		struct cell_result *r)
{
	cellrun(&clk, t, size, s, r);
}

/* Sizes 1, 64, 4096, the limit of one send, one byte over it (two fragments), 1 MiB. */
static void conformance(const struct transport *t, int same_cpu)
{
	struct cell_settings s;
	long limit = transport_max_msg(t);
	uint64_t sizes[6] = { 1, 64, 4096, 1u << 20, 0, 0 };
	size_t n = 4;

	assert_true(limit >= 0);
	quick_settings(&s, same_cpu);
	if (limit > (long)MSG_HDR_SIZE && !(t->flags & TR_NOPAYLOAD)) {
		sizes[n++] = (uint64_t)limit - MSG_HDR_SIZE;
		sizes[n++] = (uint64_t)limit - MSG_HDR_SIZE + 1;
	}
	for (size_t i = 0; i < n; i++) {
		struct cell_result r;

		run(t, sizes[i], &s, &r);
		if ((t->flags & TR_NOPAYLOAD) && sizes[i] > (uint64_t)limit) {
			assert_int_equal(r.status, CELL_UNSUPPORTED);
			assert_non_null(strstr(r.note, "notification only"));
			assert_false(r.has_stats);
			continue;
		}
		cellrun_check_ok(t, sizes[i], &r);
		if (limit && !(t->flags & TR_NOPAYLOAD))
			assert_int_equal(r.fragments, (r.wire_bytes + (size_t)limit - 1) / (size_t)limit);
		else
			assert_int_equal(r.fragments, 1);
	}
}

static void test_every_transport_cross_cpu(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntransports; i++)
		conformance(transports[i], 0);
}

static void test_every_transport_same_cpu(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntransports; i++)
		conformance(transports[i], 1);
}

/* A limit-bound message transport with fragment=no reports unsupported with the limit. */
static void test_fragment_no(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntransports; i++) {
		const struct transport *t = transports[i];
		long limit = transport_max_msg(t);
		struct cell_settings s;
		struct cell_result r;

		if (limit <= (long)MSG_HDR_SIZE || (t->flags & TR_NOPAYLOAD))
			continue;
		quick_settings(&s, 0);
		s.fragment = 0;
		run(t, (uint64_t)limit, &s, &r);
		assert_int_equal(r.status, CELL_UNSUPPORTED);
		assert_false(r.has_stats);
		assert_non_null(strstr(r.note, "limit"));
	}
}

static void run_fault_on(const struct transport *t, enum fault kind, uint64_t msg, size_t at,
			 uint64_t size, struct cell_settings *s, struct cell_result *r)
{
	/* end by count, not time: the fault must happen whatever the machine's speed */
	s->duration_ns = 20000000000ull;
	s->iterations = 100;
	fault_plan = (struct fault_plan){ .kind = kind, .msg = msg, .at = at };
	run(t, size, s, r);
	fault_plan.kind = FAULT_NONE;
}

static void run_fault(enum fault kind, uint64_t msg, size_t at, uint64_t size,
		      struct cell_settings *s, struct cell_result *r)
{
	run_fault_on(&tr_faulty, kind, msg, at, size, s, r);
}

static void expect_fail(const struct cell_result *r, const char *why)
{
	assert_int_equal(r->status, CELL_FAIL);
	assert_false(r->has_stats); /* a failed cell never reports a time */
	if (!strstr(r->note, why))
		fail_msg("note '%s' does not say '%s'", r->note, why);
}

static void test_flipped_payload_in_warmup_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	s.warmup_ns = 10000000000ull; /* message 3 is in warm-up however slow the machine; the
					 fault ends the cell long before */
	run_fault(FAULT_FLIP_BYTE, 3, MSG_HDR_SIZE + 1000, 4096, &s, &r);
	expect_fail(&r, "payload differs at byte 1000");
}

static void test_flipped_header_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	s.warmup_ns = 0;
	run_fault(FAULT_FLIP_BYTE, 20, 0, 64, &s, &r); /* low byte of the sequence number */
	expect_fail(&r, "header damaged");
}

/* Measured messages: with verify=full any byte is checked. */
static void test_flipped_measured_byte_fails_with_full_verify(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	s.warmup_ns = 0;
	s.verify_full = 1;
	run_fault(FAULT_FLIP_BYTE, 21, MSG_HDR_SIZE + 777, 4096, &s, &r);
	expect_fail(&r, "payload differs at byte 777");
}

/* Without full verification the first and last words are still checked on every message. */
static void test_flipped_last_byte_fails_with_sampling(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	s.warmup_ns = 0;
	s.verify_every = 1000000;
	run_fault(FAULT_FLIP_BYTE, 21, MSG_HDR_SIZE + 4095, 4096, &s, &r);
	expect_fail(&r, "payload differs at byte 4095");
}

static void test_reflected_request_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	run_fault(FAULT_REFLECT, 0, 0, 64, &s, &r);
	expect_fail(&r, "expected reply");
}

/* A message transport's message goes in one call each way (cell/msgio.h): a delivery one
 * byte short, or a send that says it sent less, still ends the cell with what went wrong. */
static void test_short_message_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	s.warmup_ns = 0;
	run_fault_on(&tr_faulty_msg, FAULT_NONE, 0, 0, 64, &s, &r);
	assert_int_equal(r.status, CELL_OK); /* the variant itself works */
	run_fault_on(&tr_faulty_msg, FAULT_SHORT_RECV, 10, 0, 64, &s, &r);
	expect_fail(&r, "message boundary broken: 79 bytes delivered where 80 were sent");
	run_fault_on(&tr_faulty_msg, FAULT_SHORT_SEND, 10, 0, 64, &s, &r);
	assert_int_equal(r.status, CELL_ERROR);
	assert_false(r.has_stats);
	if (!strstr(r.note, "short send on a message transport"))
		fail_msg("note '%s' does not say it", r.note);
}

static void test_hung_server_times_out(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	uint64_t t0 = clock_mono_ns();

	(void)state;
	quick_settings(&s, 0);
	s.timeout_ns = 500000000;
	run_fault(FAULT_SERVER_HANG, 10, 0, 64, &s, &r);
	double took = (double)(clock_mono_ns() - t0) / 1e9;
	assert_int_equal(r.status, CELL_TIMEOUT);
	assert_false(r.has_stats);
	if (took > 1.0) /* gives up at its deadline, not much later */
		fail_msg("timeout of 0.5 s took %.2f s", took);
}

static void test_dead_server_is_reported(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 0);
	run_fault(FAULT_SERVER_DIE, 10, 0, 64, &s, &r);
	assert_int_equal(r.status, CELL_PEER_DIED);
	assert_false(r.has_stats);
	assert_non_null(strstr(r.note, "server killed by signal 9"));
}

static void test_dead_client_is_reported(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	quick_settings(&s, 1);
	run_fault(FAULT_CLIENT_DIE, 10, 0, 64, &s, &r);
	assert_int_equal(r.status, CELL_PEER_DIED);
	assert_non_null(strstr(r.note, "client killed by signal 9"));
}

static char tmpdir[64];

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

/* Runs last: nothing the tests above created may remain. */
static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transport_cross_cpu),
		cmocka_unit_test(test_every_transport_same_cpu),
		cmocka_unit_test(test_fragment_no),
		cmocka_unit_test(test_flipped_payload_in_warmup_fails),
		cmocka_unit_test(test_flipped_header_fails),
		cmocka_unit_test(test_flipped_measured_byte_fails_with_full_verify),
		cmocka_unit_test(test_flipped_last_byte_fails_with_sampling),
		cmocka_unit_test(test_reflected_request_fails),
		cmocka_unit_test(test_short_message_fails),
		cmocka_unit_test(test_hung_server_times_out),
		cmocka_unit_test(test_dead_server_is_reported),
		cmocka_unit_test(test_dead_client_is_reported),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("transports", tests, setup, teardown);
}
