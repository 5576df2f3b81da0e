/* The paired reading of a bandwidth cell against the streams between its windows
 * (cell/between.h): each part against the streams at its ends, so that a host that halves
 * the path's speed halfway through leaves the ratio where it was; too few parts give none;
 * which paths are streamed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "cell/between.h"
#include "config/config.h"
#include "sys/cachectl.h"

#define N 400

static uint64_t ticks[N];

/* Streams at the marks, each `ns` per message. */
static void streams(struct slopes *sl, const uint64_t *at, const double *ns, unsigned k)
{
	memset(sl, 0, sizeof(*sl));
	sl->between_n = k;
	for (unsigned j = 0; j < k; j++) {
		sl->between_at[j] = at[j];
		sl->between_ns[j] = ns[j];
	}
}

/* The samples take 1.25 times the stream beside them (ratio 0.8); the host halves the
 * speed of both at sample 200, where a stream runs. */
static void test_pairs_hold_when_the_host_moves(void **state)
{
	static const uint64_t at[] = { 0, 100, 200, 300, N };
	static const double ns[] = { 1000, 1000, 2000, 2000, 2000 };
	struct slopes sl;
	double floor = 0;
	unsigned parts = 0;

	(void)state;
	for (int i = 0; i < N; i++)
		ticks[i] = i < 200 ? 1250 : 2500;
	streams(&sl, at, ns, 5);
	double r = between_ratio(ticks, N, 1.0, &sl, &floor, &parts);

	/* parts 0, 2 and 3 read 0.8; part 1 is paired with 1000 and 2000 at its ends: 1.2 */
	assert_true(fabs(r - 0.8) < 1e-9);
	assert_int_equal(parts, 4); /* the part after the last stream is empty */
	assert_true(fabs(floor - 2000) < 1e-9);
	/* (against the first stream alone: 0.53); ns_per_tick scales every sample alike */
	assert_true(fabs(between_ratio(ticks, N, 0.5, &sl, &floor, &parts) - 1.6) < 1e-9);
}

/* One part with samples is no reading; marks past the samples are not read. */
static void test_too_few_parts(void **state)
{
	static const uint64_t at1[] = { 0, N };
	static const uint64_t at2[] = { 0, 300, N + 50 };
	static const double ns[] = { 1000, 1000, 1000 };
	struct slopes sl;
	double floor = -1;
	unsigned parts = 9;

	(void)state;
	for (int i = 0; i < N; i++)
		ticks[i] = 1000;
	streams(&sl, at1, ns, 2);
	assert_true(between_ratio(ticks, N, 1.0, &sl, &floor, &parts) == 0);
	assert_int_equal(parts, 0);
	streams(&sl, at2, ns, 3);
	assert_true(between_ratio(ticks, N, 1.0, &sl, &floor, &parts) == 0);
	streams(&sl, at1, ns, 0);
	assert_true(between_ratio(ticks, N, 1.0, &sl, &floor, &parts) == 0);
}

/* In place and two memcpy through shared memory, across CPUs, with a window, touch = read;
 * nothing else. */
static void test_which_paths_stream(void **state)
{
	struct cell_settings s;

	(void)state;
	config_default_settings(&s);
	s.client_cpu = 0;
	s.server_cpu = 1;
	s.touch = TOUCH_READ;
	assert_int_equal(between_path(transport_find("shm-inplace"), &s, 16), 0);
	assert_int_equal(between_path(transport_find("shm-spin"), &s, 16), 1);
	assert_int_equal(between_path(transport_find("shm-futex"), &s, 16), 1);
	assert_int_equal(between_path(transport_find("pipe"), &s, 16), -1);
	assert_int_equal(between_path(transport_find("cma"), &s, 16), -1);
	assert_int_equal(between_path(transport_find("eventfd"), &s, 16), -1);
	assert_int_equal(between_path(transport_find("shm-spin"), &s, 1), -1);
	s.touch = TOUCH_NONE;
	assert_int_equal(between_path(transport_find("shm-inplace"), &s, 16), -1);
	s.touch = TOUCH_READ;
	s.server_cpu = 0;
	assert_int_equal(between_path(transport_find("shm-inplace"), &s, 16), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs_hold_when_the_host_moves),
		cmocka_unit_test(test_too_few_parts),
		cmocka_unit_test(test_which_paths_stream),
	};

	return cmocka_run_group_tests_name("between", tests, NULL, NULL);
}
