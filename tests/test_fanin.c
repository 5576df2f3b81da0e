/* Fan-in (many clients, one server): every transport that serves many does so with every
 * message verified per client, the figures add up (the clients' samples are the pooled
 * ones, their rates the total), the counted phase gives the server's CPU time; a corrupted
 * request and a misdelivered reply fail the cell without a time; transports that cannot
 * are unsupported with their reason; Jain's index is right; nothing is left behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "cell/party.h"
#include "cellrun.h"
#include "cell/payload.h"
#include "faulty.h"
#include "leakcheck.h"
#include "stats/stats.h"
#include "sys/partyplan.h"

static struct clock_src clk;
static struct leak_snapshot before;
static struct topology topo;
static char tmpdir[64];

static void fan_cell(const struct transport *t, unsigned n, struct cell_settings *s,
		     struct cell_result *r)
{
	cellrun_party(&clk, &topo, t, n, 0, s, r);
}

/* Ended by the count, not the clock: every client has its 60 timed round trips however
 * busy the machine (a starved client of a short timed phase could have had none). */
static void settings(struct cell_settings *s)
{
	cellrun_party_settings(s);
}

static void check_fanin_ok(const struct transport *t, unsigned n, const struct cell_result *r)
{
	uint64_t samples = 0;
	double total = 0;

	if (r->status != CELL_OK)
		fail_msg("%s with %u clients: %s (%s)", t->name, n, cell_status_name(r->status),
			 r->note);
	assert_non_null(r->party);
	assert_int_equal(r->party->n, n);
	for (unsigned k = 0; k < n; k++) {
		const struct party_client *c = &r->party->c[k];

		assert_int_equal(c->st.n, 60);
		assert_true(c->st.min > 0 && c->st.min <= c->st.p50);
		assert_true(c->st.p50 <= c->st.p99 && c->st.p99 <= c->st.max);
		assert_true(c->msgs_per_s > 0);
		samples += c->st.n;
		total += c->msgs_per_s;
	}
	assert_int_equal(samples, r->st.n); /* the pooled figures are every client's */
	assert_true(fabs(total - r->msgs_per_s) <= 1e-6 * total);
	assert_true(r->fairness > 1.0 / n - 1e-9 && r->fairness <= 1 + 1e-9);
	assert_true(r->verified_full > 0);
	assert_true(r->has_phase[TR_SERVER] && r->counted_msgs[TR_SERVER] > 0);
	assert_true(r->cpu_user_ns[TR_SERVER] + r->cpu_sys_ns[TR_SERVER] >= 0);
}

/* check_fanin_ok, and the binding through the naming-service process (lrpc-*), measured
 * apart from the calls. */
static void check_every(const struct transport *t, unsigned n, const struct cell_result *r)
{
	check_fanin_ok(t, n, r);
	assert_int_equal(r->has_bind, strncmp(t->name, "lrpc-", 5) == 0);
	for (int k = 0; r->has_bind && k < 3; k++)
		assert_true(r->bind_ns[k] > 0 && r->party->c[0].bind_ns[k] > 0);
}

/* Three clients (oversubscribed on two CPUs, so several share one) on every transport
 * with fan-in; the others say why not. */
static void test_every_fanin_transport(void **state)
{
	(void)state;
	assert_true(cellrun_party_every(&clk, &topo, 3, 0, check_every) >= 8);
}

/* A sleeping fan-in (futex, eventfd) really sleeps: over 60 round trips of one client the
 * server, which waits without spinning, went to sleep on some. */
static void test_futex_and_eventfd_servers_sleep(void **state)
{
	static const char *const names[] = { "shm-futex", "shm-eventfd" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct cell_settings s;
		struct cell_result r;
		unsigned long slept = 0;
		const char *p;

		settings(&s);
		fan_cell(transport_find(names[i]), 1, &s, &r);
		check_fanin_ok(transport_find(names[i]), 1, &r);
		p = strstr(r.note, "server: slept on ");
		assert_non_null(p);
		assert_int_equal(sscanf(p, "server: slept on %lu", &slept), 1);
		assert_true(slept > 0);
		cell_result_free(&r);
	}
}

/* One client is the pair over the fan-in channel; a paced fan-in paces every client. */
static void test_one_client_and_paced(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	settings(&s);
	fan_cell(transport_find("unix-stream"), 1, &s, &r);
	check_fanin_ok(transport_find("unix-stream"), 1, &r);
	assert_true(fabs(r.fairness - 1) < 1e-9);
	cell_result_free(&r);
	settings(&s);
	s.rate_per_s = 2000;
	fan_cell(transport_find("posix-mq"), 2, &s, &r);
	check_fanin_ok(transport_find("posix-mq"), 2, &r);
	/* paced, not a hot loop: about 2000/s (reply to reply: a late first reply shortens the
	 * span, so only a loose bound) */
	for (unsigned k = 0; k < 2; k++)
		assert_true(r.party->c[k].msgs_per_s < 2000 * 5);
	assert_non_null(strstr(r.note, "each client paced at 2000/s"));
	cell_result_free(&r);
}

static void faulty_cell(enum fault kind, uint64_t msg, size_t at, struct cell_result *r)
{
	struct transport t = *transport_find("pipe");
	struct cell_settings s;

	t.fanin = faulty_fanin_ops();
	settings(&s);
	s.duration_ns = 20000000000ull; /* ended by the count: the fault happens */
	s.iterations = 200;
	fault_plan = (struct fault_plan){ .kind = kind, .msg = msg, .at = at, .clients = 2 };
	fan_cell(&t, 2, &s, r);
	fault_plan.kind = FAULT_NONE;
	assert_int_equal(r->status, CELL_FAIL);
	assert_false(r->has_stats);
	assert_null(r->party);
}

static void test_corrupted_and_misdelivered_fail(void **state)
{
	struct cell_result r;

	(void)state;
	faulty_cell(FAULT_FLIP_BYTE, 30, MSG_HDR_SIZE + 40, &r);
	assert_non_null(strstr(r.note, "payload differs"));
	faulty_cell(FAULT_FLIP_BYTE, 30, 0, &r); /* the sequence number: another client's? */
	assert_non_null(strstr(r.note, "server:"));
	faulty_cell(FAULT_MISDELIVER, 40, 0, &r);
	assert_non_null(strstr(r.note, "client"));
	assert_non_null(strstr(r.note, "expected reply"));
}

static void test_jain_index(void **state)
{
	const double even[] = { 5, 5, 5, 5 }, one[] = { 8, 0, 0, 0 }, half[] = { 1, 1, 0, 0 };
	const double mixed[] = { 1, 2, 3 };

	(void)state;
	assert_true(fabs(stats_jain(even, 4) - 1) < 1e-12);
	assert_true(fabs(stats_jain(one, 4) - 0.25) < 1e-12);
	assert_true(fabs(stats_jain(half, 4) - 0.5) < 1e-12);
	assert_true(fabs(stats_jain(mixed, 3) - 36.0 / 42.0) < 1e-12);
	assert_true(isnan(stats_jain(one + 1, 3)));
	assert_true(isnan(stats_jain(even, 0)));
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
		cmocka_unit_test(test_every_fanin_transport),
		cmocka_unit_test(test_futex_and_eventfd_servers_sleep),
		cmocka_unit_test(test_one_client_and_paced),
		cmocka_unit_test(test_corrupted_and_misdelivered_fail),
		cmocka_unit_test(test_jain_index),
	};

	return cmocka_run_group_tests_name("fanin", tests, setup, teardown);
}
