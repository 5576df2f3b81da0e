/* Bandwidth against the floor of its path (run/bwfloor.h): the passes each kind of path
 * adds up, the ratio filled into ok bandwidth rows only, and floor_ratio in results.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "config/config.h"
#include "out/tables.h"
#include "run/bwfloor.h"
#include "sys/cachectl.h"

static struct sweep sweep;

/* Per-size times at 1 MiB that tell every pass apart. */
static void slopes_at_1m(struct slopes *sl)
{
	memset(sl, 0, sizeof(*sl));
	sl->ok = 1;
	sl->n = 1;
	sl->size[0] = 1u << 20;
	sl->copy_ns[COPY_MEMCPY][0] = 50000;
	sl->copy_ns[COPY_UACCESS][0] = 60000;
	sl->copy_ns[COPY_PINNED][0] = 70000;
	sl->xread_ns[0] = 30000;
	sl->read_ns[0] = 20000;
	sl->write_ns[0] = 25000;
	sl->xwrite_ns[0] = 40000;
}

/* The floor of that path with these passes (stream_ns: the probe's streamed rings, in place
 * and with two memcpy; 0 none). */
static double path_streamed(const char *name, int touch, int same_cpu, unsigned window,
			    double stream_ns, char *text)
{
	struct cell_settings s;
	struct slopes sl;
	double ns = -1;

	config_default_settings(&s);
	s.touch = touch;
	s.client_cpu = 0;
	s.server_cpu = same_cpu ? 0 : 1;
	slopes_at_1m(&sl);
	sl.stream_ns[0] = sl.stream_copy_ns[0] = stream_ns;
	if (bwfloor_path_ns(transport_find(name), &s, &sl, 0, window, &ns, text, 160) < 0)
		return -1;
	return ns;
}

static double path(const char *name, int touch, int same_cpu, unsigned window, char *text)
{
	return path_streamed(name, touch, same_cpu, window, 0, text);
}

static void test_paths(void **state)
{
	char text[160];

	(void)state;
	/* two copies in series, the move between the CPUs (30000 - 20000), the read */
	assert_true(path("shm-spin", TOUCH_READ, 0, 1, text) == 2 * 50000 + 10000 + 20000);
	assert_non_null(strstr(text, "2 x memcpy"));
	assert_true(path("shm-spin", TOUCH_NONE, 1, 1, text) == 2 * 50000);
	/* one copy of pinned pages: cma and vmsplice read their peer's pages */
	assert_true(path("cma", TOUCH_NONE, 0, 1, text) == 70000 + 10000);
	assert_non_null(strstr(text, "1 x process_vm_readv"));
	/* a pipe copies in and out of the kernel's buffers */
	assert_true(path("pipe", TOUCH_NONE, 0, 1, text) == 2 * 60000 + 10000);
	assert_non_null(strstr(text, "2 x copy_to/from_user"));
	/* no copy: the sender takes back the lines the receiver read, the receiver reads them
	 * across; nothing read: the sender writes lines it holds */
	assert_true(path("shm-inplace", TOUCH_READ, 0, 1, text) == 40000 + 30000);
	assert_non_null(strstr(text, "sender takes the lines back + cross-CPU read"));
	assert_true(path("shm-inplace", TOUCH_NONE, 0, 1, text) == 25000);
	assert_true(path("shm-inplace", TOUCH_READ, 1, 1, text) == 30000 + 25000);
	assert_true(path("eventfd", TOUCH_READ, 0, 1, text) < 0); /* no payload, no floor */
}

/* Across CPUs with messages in flight the sides overlap: the slower one is the floor. */
static void test_paths_in_flight(void **state)
{
	char text[160];

	(void)state;
	assert_true(path("shm-spin", TOUCH_READ, 0, 16, text) == 50000 + 10000 + 20000);
	assert_string_equal(text, "slower of send (1 x memcpy) and receive (1 x memcpy + "
				  "transfer + read), 16 in flight");
	assert_true(path("shm-inplace", TOUCH_READ, 0, 16, text) == 40000);
	assert_non_null(strstr(text, "send (takes the lines back) and receive (reads across)"));
	assert_true(path("cma", TOUCH_NONE, 0, 16, text) == 70000 + 10000);
	assert_non_null(strstr(text, "send (nothing)"));
	/* in place or with two memcpy, a ring streamed at once is the floor; not with one
	 * message in flight, nor for the kernel's copies */
	assert_true(path_streamed("shm-inplace", TOUCH_READ, 0, 16, 35000, text) == 35000);
	assert_string_equal(text, "sender writes, receiver reads across, a ring of 16 at once");
	assert_true(path_streamed("shm-inplace", TOUCH_READ, 0, 1, 35000, text) == 40000 + 30000);
	assert_true(path_streamed("shm-spin", TOUCH_READ, 0, 16, 35000, text) == 35000);
	assert_string_equal(text, "sender copies in, receiver copies out and reads, a ring of 16 "
				  "at once");
	assert_true(path_streamed("pipe", TOUCH_READ, 0, 16, 35000, text) == 60000 + 10000 + 20000);
	/* one CPU: the sides take turns whatever the window */
	assert_true(path("shm-inplace", TOUCH_READ, 1, 16, text) == 30000 + 25000);
	assert_true(path("shm-spin", TOUCH_READ, 1, 16, text) == 2 * 50000 + 20000);
}

static void bw_row(struct row *r, const char *name, int mode);

/* A cell probed beside itself: the faster of its two probes, a note when they differ by
 * more than CELL_FLOOR_TOL, no ratio when the cache-line floor moved (floor_stable = no);
 * the run's probe is not asked for it. */
static void test_floor_beside_the_cell(void **state)
{
	struct end_floors f = { 0 };
	struct row rows[3];

	(void)state;
	for (int i = 0; i < 3; i++) {
		bw_row(&rows[i], "shm-spin", MODE_BANDWIDTH);
		rows[i].res.has_cell_path = 1;
		rows[i].res.floor_stable = i < 2;
		slopes_at_1m(&rows[i].res.cell_path[0]);
		slopes_at_1m(&rows[i].res.cell_path[1]);
	}
	rows[0].res.cell_path[0].copy_ns[COPY_MEMCPY][0] = 60000;  /* 150000 and 130000 ns */
	rows[1].res.cell_path[0].copy_ns[COPY_MEMCPY][0] = 100000; /* 230000 and 130000 ns */
	assert_int_equal(bwfloor_ask(rows, 3, &f), 0);
	assert_int_equal(f.n, 0);
	bwfloor_apply(rows, 3, &f);
	for (int i = 0; i < 3; i++) {
		assert_true(rows[i].res.has_path_floor);
		assert_true(fabs(rows[i].res.path_floor_bps - (1u << 20) / 130000e-9) < 1);
		assert_string_equal(rows[i].res.floor_path,
				    "2 x memcpy + transfer + read, beside the cell");
	}
	assert_true(fabs(rows[0].res.floor_ratio - 5000 * 130000e-9) < 1e-9);
	assert_null(strstr(rows[0].res.note, "probes differ"));
	assert_true(fabs(rows[1].res.floor_ratio - 5000 * 130000e-9) < 1e-9);
	assert_non_null(strstr(rows[1].res.note, "the path floor's probes differ (4.56 GB/s "
						 "before, 8.07 after): the faster is the floor"));
	assert_true(rows[2].res.floor_ratio == 0); /* NA in results.csv */
	assert_non_null(strstr(rows[2].res.note, "the host moved a CPU during the cell"));
	endfloors_free(&f);
}

static void bw_row(struct row *r, const char *name, int mode)
{
	memset(r, 0, sizeof(*r));
	config_default_settings(&r->set);
	r->set.mode = mode;
	r->set.touch = TOUCH_READ;
	r->set.client_cpu = 0;
	r->set.server_cpu = 1;
	r->sw = &sweep;
	r->t = transport_find(name);
	r->size = 1u << 20;
	r->rep = 1;
	r->done = 1;
	snprintf(r->placement, sizeof(r->placement), "same-l3");
	r->res.status = CELL_OK;
	r->res.has_stats = 1;
	r->res.st.p50 = r->res.st.mean = 200000;
	r->res.msgs_per_s = 5000;
	r->res.bandwidth_bps = 5000.0 * (1u << 20);
}

static void test_rows_get_their_floor(void **state)
{
	struct end_floors f = { 0 };
	struct row rows[3];
	struct sbuf b = { 0 };

	(void)state;
	bw_row(&rows[0], "shm-spin", MODE_BANDWIDTH);
	bw_row(&rows[1], "shm-spin", MODE_LATENCY);
	bw_row(&rows[2], "pipe", MODE_BANDWIDTH);
	rows[2].set.server_cpu = 2; /* a pair not measured */
	assert_int_equal(bwfloor_ask(rows, 2, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.p[0].nsizes, 1);
	slopes_at_1m(&f.p[0].sl); /* what endfloors_measure would have found */
	bwfloor_apply(rows, 3, &f);
	assert_true(rows[0].res.has_path_floor);
	assert_true(fabs(rows[0].res.path_floor_bps - (1u << 20) / 130000e-9) < 1);
	assert_true(fabs(rows[0].res.floor_ratio - 5000 * 130000e-9) < 1e-9);
	assert_false(rows[1].res.has_path_floor);
	assert_false(rows[2].res.has_path_floor);
	report_results_csv(&b, rows, 3, NULL);
	assert_non_null(strstr(b.p, ",floor_ratio,"));
	assert_non_null(strstr(b.p, ",0.650,"));
	assert_non_null(strstr(b.p, "2 x memcpy + transfer + read"));
	sbuf_free(&b);
	endfloors_free(&f);
}

/* A cell that also streamed its path between windows: the floor is those streams' median
 * and the ratio their paired reading, kept when the host moved a CPU in between. */
static void test_floor_streamed_between(void **state)
{
	struct end_floors f = { 0 };
	struct row r;

	(void)state;
	bw_row(&r, "shm-spin", MODE_BANDWIDTH);
	r.res.has_cell_path = 1;
	r.res.floor_stable = 0;
	r.res.window = 16;
	slopes_at_1m(&r.res.cell_path[0]);
	slopes_at_1m(&r.res.cell_path[1]);
	r.res.cell_path[0].stream_copy_ns[0] = r.res.cell_path[1].stream_copy_ns[0] = 90000;
	r.res.between_parts = 8;
	r.res.between_floor_ns = 100000;
	r.res.between_ratio = 0.9;
	bwfloor_apply(&r, 1, &f);
	assert_true(r.res.has_path_floor);
	assert_true(fabs(r.res.path_floor_bps - (1u << 20) / 100000e-9) < 1);
	assert_true(fabs(r.res.floor_ratio - 0.9) < 1e-12);
	assert_string_equal(r.res.floor_path, "sender copies in, receiver copies out and reads, "
			    "a ring of 16 at once, streamed between the cell's windows (8 parts)");
	assert_null(strstr(r.res.note, "no floor_ratio"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_rows_get_their_floor),
		cmocka_unit_test(test_paths_in_flight),
		cmocka_unit_test(test_floor_beside_the_cell),
		cmocka_unit_test(test_floor_streamed_between),
	};

	return cmocka_run_group_tests_name("bwfloor", tests, NULL, NULL);
}
