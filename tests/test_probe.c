/* The floor probe (floors/probe.h) between two forked processes: on a transport's own
 * lines it puts back what they held before the server goes on, and two probes on one line
 * with no reset between them (the cell's before and after, a barrier apart) both run
 * whole, because their words differ by generation (with the same generation the second
 * one's server stops at once and its client times out: what the generation is for). Both sides yield, so the test needs no
 * particular CPUs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <unistd.h>
#include "floors/probe.h"
#include "sys/futex.h"
#include "sys/shmem.h"
#include "sys/spawn.h"

#define RT 200

struct probe_test {
	struct probe_lines a, b;       /* a transport's request and reply lines */
	_Atomic uint64_t restored;
	_Atomic uint32_t between;      /* both sides done with the first probe */
	unsigned generation[2];        /* of the first and the second probe */
	int twice;                     /* run a second probe on a.req alone */
	uint64_t timeout_ns;
	double client[2];              /* what each probe's client returned */
	int server[2];                 /* what each probe's server returned */
	uint64_t seen_req, seen_rep;   /* what the server found once its probe returned */
	double scratch[RT];
};

static struct clock_src clk;

static struct probe_args args(struct probe_test *t, int k)
{
	struct probe_args p = {
		.out = &t->a.req, .in = t->twice ? &t->a.req : &t->b.req,
		.generation = t->generation[k], .restore = t->twice ? NULL : &t->restored,
		.clk = &clk, .yield = 1, .max_rt = RT, .timeout_ns = t->timeout_ns,
		.scratch = t->scratch,
	};
	return p;
}

static int child(void *arg, int side)
{
	struct probe_test *t = arg;

	for (int k = 0; k < 1 + t->twice; k++) {
		struct probe_args p = args(t, k);
		double v = floor_probe(&p, side);

		if (side == 0)
			t->client[k] = v;
		else
			t->server[k] = (int)v;
		if (t->twice && k == 0 && futex_barrier(&t->between, 2, 60000000000ull) < 0)
			return 1;
		if (t->twice && k == 0 && side == 0)
			usleep(50000); /* the second server looks at the line first */
	}
	if (side == 1) {
		t->seen_req = atomic_load(&t->a.req);
		t->seen_rep = atomic_load(&t->b.req);
	}
	return 0;
}

static struct probe_test *run(unsigned g0, unsigned g1, int twice, uint64_t timeout_ns)
{
	struct probe_test *t = shmem_alloc(sizeof(*t));
	struct pair_outcome o;

	assert_non_null(t);
	t->generation[0] = g0;
	t->generation[1] = g1;
	t->twice = twice;
	t->timeout_ns = timeout_ns;
	atomic_store(&t->a.req, 0x1111);
	atomic_store(&t->b.req, 0x2222);
	spawn_pair(child, t, 60000000000ull, &o);
	assert_int_equal(o.end, PAIR_DONE);
	return t;
}

static void test_restores_the_transports_lines(void **state)
{
	struct probe_test *t = run(0, 0, 0, 10000000000ull);

	(void)state;
	assert_true(t->client[0] > 0);
	assert_int_equal(t->server[0], 0);
	/* the server returned only once both lines held what they held before */
	assert_int_equal(t->seen_req, 0x1111);
	assert_int_equal(t->seen_rep, 0x2222);
	assert_int_equal(atomic_load(&t->restored), 2); /* the handshake ran to its end */
	shmem_free(t, sizeof(*t));
}

static void test_two_generations_share_a_line(void **state)
{
	struct probe_test *t = run(0, 1, 1, 10000000000ull);

	(void)state;
	assert_true(t->client[0] > 0);
	assert_true(t->client[1] > 0);
	assert_int_equal(t->server[0], 0);
	assert_int_equal(t->server[1], 0);
	shmem_free(t, sizeof(*t));
}

static void test_one_generation_twice_stops_early(void **state)
{
	struct probe_test *t = run(0, 0, 1, 200000000ull);

	(void)state;
	assert_true(t->client[0] > 0);
	/* the second server saw the first probe's stop word and left at once */
	assert_true(t->client[1] == -ETIMEDOUT);
	shmem_free(t, sizeof(*t));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restores_the_transports_lines),
		cmocka_unit_test(test_two_generations_share_a_line),
		cmocka_unit_test(test_one_generation_twice_stops_early),
	};

	clock_init(&clk, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
