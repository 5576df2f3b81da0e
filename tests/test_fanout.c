/* Fan-out (one publisher, many subscribers): every transport that can deliver one message
 * to many does so with every copy verified; each subscriber took every timed message, the
 * one-way times to the first subscriber come before those to the last, the figures add up;
 * a corrupted copy fails the cell; a lossy mechanism's drop is counted, not hidden; the
 * others are unsupported with their reason; nothing is left behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "cell/party.h"
#include "cellrun.h"
#include "cell/payload.h"
#include "faulty.h"
#include "leakcheck.h"
#include "sys/partyplan.h"

static struct clock_src clk;
static struct leak_snapshot before;
static struct topology topo;
static char tmpdir[64];

/* Ended by the count, not the clock, however busy the machine. */
static void settings(struct cell_settings *s)
{
	cellrun_party_settings(s);
}

static void out_cell(const struct transport *t, unsigned n, struct cell_settings *s,
		     struct cell_result *r)
{
	cellrun_party(&clk, &topo, t, n, 1, s, r);
}

static void check_fanout_ok(const struct transport *t, unsigned n, const struct cell_result *r)
{
	if (r->status != CELL_OK)
		fail_msg("%s to %u subscribers: %s (%s)", t->name, n, cell_status_name(r->status),
			 r->note);
	assert_non_null(r->party);
	assert_int_equal(r->party->n, n);
	assert_int_equal(r->dropped, 0);
	for (unsigned k = 0; k < n; k++) { /* every subscriber took every timed message */
		const struct party_client *c = &r->party->c[k];

		assert_int_equal(c->st.n, 60);
		assert_int_equal(c->st.n * n, r->st.n);
		assert_true(c->st.min > 0 && c->st.p50 <= c->st.p99 && c->st.p99 <= c->st.max);
	}
	assert_true(r->first_p50 > 0 && r->first_p50 <= r->last_p50);
	assert_true(r->first_p99 <= r->last_p99);
	assert_true(r->msgs_per_s > 0);
	assert_true(fabs(r->fairness - 1) < 1e-6); /* no drops: all took as many */
	assert_true(r->verified_full > 0);
	assert_true(r->has_phase[TR_SERVER] && r->counted_msgs[TR_SERVER] > 0);
}

static void test_every_fanout_transport(void **state)
{
	(void)state;
	assert_true(cellrun_party_every(&clk, &topo, 3, 1, check_fanout_ok) >= 4);
}

/* Paced: about duration x rate timed messages, whatever the transport could do. */
static void test_paced_fanout(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	settings(&s);
	s.rate_per_s = 2000;
	out_cell(transport_find("shm-futex"), 2, &s, &r);
	check_fanout_ok(transport_find("shm-futex"), 2, &r);
	assert_true(r.msgs_per_s <= 2000 * 1.02); /* the schedule bounds the rate */
	cell_result_free(&r);
}

static void faulty_cell(enum fault kind, struct cell_result *r)
{
	struct transport t = *transport_find("pipe");
	struct cell_settings s;

	t.fanout = faulty_fanout_ops();
	settings(&s);
	s.warmup_ns = 0;
	s.duration_ns = 20000000000ull; /* ended by the count: the fault is a timed message */
	s.iterations = 100;
	fault_plan = (struct fault_plan){ .kind = kind, .msg = 40, .at = MSG_HDR_SIZE + 10 };
	out_cell(&t, 2, &s, r);
	fault_plan.kind = FAULT_NONE;
}

static void test_corrupted_copy_fails_and_drop_is_counted(void **state)
{
	struct cell_result r;

	(void)state;
	faulty_cell(FAULT_FLIP_BYTE, &r);
	assert_int_equal(r.status, CELL_FAIL);
	assert_false(r.has_stats);
	assert_non_null(strstr(r.note, "subscriber 1: message 40: payload differs"));
	faulty_cell(FAULT_DROP, &r);
	if (r.status != CELL_OK)
		fail_msg("%s", r.note);
	assert_int_equal(r.dropped, 1);
	assert_int_equal(r.party->c[0].st.n + 1, r.party->c[1].st.n);
	assert_true(r.fairness < 1);
	assert_non_null(strstr(r.note, "1 dropped"));
	cell_result_free(&r);
}

static int setup(void **state)
{
	(void)state;
	return cellrun_party_env_setup(&clk, &before, &topo, tmpdir, sizeof(tmpdir));
}

static int teardown(void **state)
{
	(void)state;
	return cellrun_party_env_teardown(&before, &topo, tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fanout_transport),
		cmocka_unit_test(test_paced_fanout),
		cmocka_unit_test(test_corrupted_copy_fails_and_drop_is_counted),
	};

	return cmocka_run_group_tests_name("fanout", tests, setup, teardown);
}
