/* The capacity probe (cell/capacity.h) on a few transports, for its structure, not its
 * numbers: a pipe and a POSIX queue fill up and answer EAGAIN, vmsplice's sender is seen
 * blocked (stall), a slot transport is declared, not pushed; every transport says how it
 * buffers; nothing is left behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "cell/capacity.h"
#include "leakcheck.h"

static struct leak_snapshot before;
static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	return testenv_begin(tmpdir, sizeof(tmpdir), &before);
}

static int teardown(void **state)
{
	(void)state;
	return testenv_end(&before, tmpdir);
}

static void probe(const char *name, uint64_t payload, struct capacity_result *c)
{
	const struct transport *t = transport_find(name);

	assert_non_null(t);
	assert_int_equal(capacity_probe(t, payload, c), 0);
	if (!c->measured && strstr(c->note, "setup"))
		skip(); /* the machine refuses the object (limits): nothing to probe */
}

static void test_pipe_fills_then_eagain(void **state)
{
	struct capacity_result c;

	(void)state;
	probe("pipe", 64, &c);
	assert_string_equal(c.method, "EAGAIN");
	assert_true(c.measured && c.blocked);
	assert_int_equal(c.send_bytes, 64 + 16);
	assert_true(c.messages >= 1 && c.bytes >= c.messages * c.send_bytes);
	assert_true(c.bytes < c.send_bytes * (c.messages + 1));
}

static void test_posix_mq_counts_messages(void **state)
{
	struct capacity_result c;

	(void)state;
	probe("posix-mq", 4096, &c);
	assert_string_equal(c.method, "EAGAIN");
	assert_true(c.measured && c.blocked);
	assert_true(c.messages >= 1 && c.messages <= 10); /* mq_maxmsg is at most 10 */
	assert_int_equal(c.bytes, c.messages * c.send_bytes);
}

static void test_vmsplice_sender_stalls(void **state)
{
	struct capacity_result c;

	(void)state;
	probe("vmsplice", 4096, &c);
	assert_string_equal(c.method, "stall");
	assert_true(c.measured && c.blocked);
	assert_true(c.messages >= 1);
}

static void test_slots_are_declared(void **state)
{
	struct capacity_result c;

	(void)state;
	probe("shm-spin", 64, &c);
	assert_string_equal(c.method, "declared");
	assert_false(c.measured);
	probe("cma", 64, &c);
	assert_string_equal(c.method, "declared");
	assert_true(c.measured && c.messages == 1); /* window_limit */
}

static void test_every_transport_says_how_it_buffers(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntransports; i++)
		assert_true(transports[i]->buffering && transports[i]->buffering[0]);
}

static void test_nothing_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_fills_then_eagain),
		cmocka_unit_test(test_posix_mq_counts_messages),
		cmocka_unit_test(test_vmsplice_sender_stalls),
		cmocka_unit_test(test_slots_are_declared),
		cmocka_unit_test(test_every_transport_says_how_it_buffers),
		cmocka_unit_test(test_nothing_left),
	};

	return cmocka_run_group_tests_name("capacity", tests, setup, teardown);
}
