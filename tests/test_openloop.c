/* Open-loop latency (loop = open, cell/openloop.c): the sender keeps to its schedule while
 * replies are held up, so a server stall puts many requests in flight and every one it
 * delayed counts from its due time; a bad reply, taken on the receiving thread, fails the
 * cell; a server that stops answering ends in a timeout, not a hang; transports that cannot
 * have two threads at once are unsupported with the reason; the keys exclude what an open
 * loop cannot do. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>
#include "cellrun.h"
#include "config/config.h"
#include "faulty.h"
#include "leakcheck.h"

static struct clock_src clk;
static struct leak_snapshot before;
static char tmpdir[64];

static void open_settings(struct cell_settings *s, uint64_t rate)
{
	cellrun_settings(s, 0);
	s->rate_per_s = rate;
	s->loop = LOOP_OPEN;
}

/* The most requests in flight, from the cell's note ("at most N of M requests"). */
static unsigned inflight_of(const struct cell_result *r)
{
	const char *p = strstr(r->note, "at most ");
	unsigned n = 0;

	assert_non_null(p);
	assert_int_equal(sscanf(p, "at most %u of", &n), 1);
	return n;
}

/* The server sleeps 30 ms before its reply 20, at 1000/s: the sender goes on sending, so
 * some thirty requests are in flight at once, and the first ones of them, due during the
 * stall, count from their due times: at least 15 samples of 10 ms and more. */
static void test_stall_keeps_the_schedule(void **state)
{
	struct cell_settings s;
	struct cell_result r;
	uint64_t slow = 0;

	(void)state;
	open_settings(&s, 1000);
	s.duration_ns = 20000000000ull; /* ended by the count */
	s.iterations = 80;
	s.counted_pct = 0;
	s.warmup_ns = 0;
	fault_plan = (struct fault_plan){ .kind = FAULT_SERVER_STALL, .msg = 20,
					  .stall_ns = 30000000 };
	struct cell_spec spec = { .t = &tr_faulty, .size = 64, .repeat = 1, .set = &s, .clk = &clk };

	assert_int_equal(cell_run(&spec, 1, &r), 0);
	fault_plan.kind = FAULT_NONE;
	if (r.status != CELL_OK)
		fail_msg("%s: %s", cell_status_name(r.status), r.note);
	for (size_t i = 0; i < r.st.n; i++)
		slow += r.samples_ns[i] >= 10e6;
	assert_int_equal(r.st.n, 80);
	assert_true(slow >= 15);
	assert_true(inflight_of(&r) >= 20);
	assert_non_null(strstr(r.note, "open loop at 1000/s"));
	assert_true(r.st.max >= 25e6);
	cell_result_free(&r);
}

/* A reply that is the request sent back fails the cell from the receiving thread. */
static void test_bad_reply_fails(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	open_settings(&s, 2000);
	fault_plan = (struct fault_plan){ .kind = FAULT_REFLECT };
	cellrun(&clk, &tr_faulty, 64, &s, &r);
	fault_plan.kind = FAULT_NONE;
	assert_int_equal(r.status, CELL_FAIL);
	cell_result_free(&r);
}

/* A server that stops answering: the sender fills its window and waits; the cell's deadline
 * ends it as a timeout and nothing is left behind (the teardown checks). */
static void test_server_hang_times_out(void **state)
{
	struct cell_settings s;
	struct cell_result r;

	(void)state;
	open_settings(&s, 5000);
	s.timeout_ns = 1500000000ull;
	fault_plan = (struct fault_plan){ .kind = FAULT_SERVER_HANG, .msg = 10 };
	cellrun(&clk, &tr_faulty, 64, &s, &r);
	fault_plan.kind = FAULT_NONE;
	assert_int_equal(r.status, CELL_TIMEOUT);
	cell_result_free(&r);
}

/* Every transport: cleared ones run ok and verified at 2000/s; the rest are unsupported and
 * say why. */
static void test_every_transport(void **state)
{
	unsigned ran = 0;

	(void)state;
	for (size_t i = 0; i < ntransports; i++) {
		const struct transport *t = transports[i];
		struct cell_settings s;
		struct cell_result r;

		uint64_t size = t->flags & TR_NOPAYLOAD ? 1 : 64;

		open_settings(&s, 2000);
		s.duration_ns = 20000000;
		cellrun(&clk, t, size, &s, &r);
		if (t->open_window) {
			if (r.status == CELL_UNSUPPORTED && strstr(r.note, "loop = open"))
				fail_msg("%s: cleared for the open loop but: %s", t->name, r.note);
			if (r.status == CELL_OK) { /* posix-mq may lack its file system here */
				cellrun_check_ok(t, size, &r);
				assert_non_null(strstr(r.note, "open loop at 2000/s"));
				ran++;
			}
		} else {
			if (r.status != CELL_UNSUPPORTED || !strstr(r.note, "loop = open needs"))
				fail_msg("%s: %s: %s", t->name, cell_status_name(r.status), r.note);
			assert_non_null(strstr(r.note, "use loop = closed"));
		}
		cell_result_free(&r);
	}
	assert_true(ran >= 8);
}

static const char *finish_with(const char *const kv[], struct run_config *cfg,
			       struct config_error *e)
{
	assert_int_equal(config_init(cfg, e), 0);
	for (size_t i = 0; kv[i]; i += 2)
		if (config_override(cfg, kv[i], kv[i + 1], "test", e) < 0)
			return e->msg;
	return config_finish(cfg, e) < 0 ? e->msg : NULL;
}

static void expect(const char *const kv[], const char *needle)
{
	struct run_config cfg;
	struct config_error e;
	const char *msg = finish_with(kv, &cfg, &e);

	if (!needle)
		assert_null(msg);
	else if (!msg || !strstr(msg, needle))
		fail_msg("%s = %s: expected an error with '%s', got '%s'", kv[0], kv[1], needle,
			 msg ? msg : "none");
	config_free(&cfg);
}

static void test_keys(void **state)
{
	(void)state;
	expect((const char *const[]){ "loop", "open", "rate", "hot,1k", NULL }, NULL);
	expect((const char *const[]){ "loop", "ajar", NULL }, "'closed' or 'open'");
	expect((const char *const[]){ "loop", "open", NULL }, "needs a rate");
	expect((const char *const[]){ "loop", "open", "rate", "1k", "clients", "2", NULL },
	       "needs a rate");
	expect((const char *const[]){ "loop", "open", "rate", "1k", "cache", "cold", NULL },
	       "set loop = closed");
	expect((const char *const[]){ "loop", "open", "rate", "1k", "touch", "read", NULL },
	       "set loop = closed");
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
		cmocka_unit_test(test_stall_keeps_the_schedule),
		cmocka_unit_test(test_bad_reply_fails),
		cmocka_unit_test(test_server_hang_times_out),
		cmocka_unit_test(test_every_transport),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests_name("openloop", tests, setup, teardown);
}
