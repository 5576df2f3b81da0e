#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>
#include "cellrun.h"
#include "config/config.h"
#include "leakcheck.h"
#include "sys/partyplan.h"

void cellrun_settings(struct cell_settings *s, int same_cpu)
{
	config_default_settings(s);
	s->warmup_ns = 10000000;
	s->duration_ns = 30000000;
	s->iterations = 3000;
	s->repeat = 1;
	s->verify_every = 8;
	s->min_samples = 1; /* these cells check correctness, not statistics */
	if (same_cpu)
		s->server_cpu = s->client_cpu;
}

void cellrun(const struct clock_src *clk, const struct transport *t, uint64_t size,
	     const struct cell_settings *s, struct cell_result *r)
{
	struct cell_spec spec = { .t = t, .size = size, .repeat = 1, .set = s, .clk = clk };

	assert_int_equal(cell_run(&spec, 0, r), 0);
}

void cellrun_check_ok(const struct transport *t, uint64_t size, const struct cell_result *r)
{
	if (r->status != CELL_OK)
		fail_msg("%s at %llu B: %s (%s)", t->name, (unsigned long long)size,
			 cell_status_name(r->status), r->note);
	assert_true(r->has_stats);
	assert_true(r->st.n > 0);
	assert_true(r->st.min > 0 && r->st.min <= r->st.p50);
	assert_true(r->st.p50 <= r->st.p90 && r->st.p90 <= r->st.p99);
	assert_true(r->st.p99 <= r->st.p999 && r->st.p999 <= r->st.max);
	assert_true(r->st.p50 < 1e9); /* under a second: sane, not a speed goal */
	assert_true(r->msgs_per_s > 0);
	if (!(t->flags & TR_NOPAYLOAD))
		assert_true(r->verified_full > 0);
	/* counted after the timed phase (a counted phase begun earlier is an error cell), and
	 * the floor probed beside the cell on its CPUs */
	assert_true(r->has_phase[TR_CLIENT] && r->counted_msgs[TR_CLIENT] > 0);
	/* the server counts exactly the client's counted messages, from the first one on */
	if (r->counted_msgs[TR_SERVER] != r->counted_msgs[TR_CLIENT])
		fail_msg("%s at %llu B: the server counted %llu messages, the client %llu", t->name,
			 (unsigned long long)size, (unsigned long long)r->counted_msgs[TR_SERVER],
			 (unsigned long long)r->counted_msgs[TR_CLIENT]);
	assert_true(r->floor_before_ns > 0 && r->floor_after_ns > 0);
}

int cellrun_env_setup(struct clock_src *clk, struct leak_snapshot *before, char *tmpdir,
		      size_t n)
{
	if (geteuid() == 0)
		leak_private_ipc(); /* objects of other programs are then not counted as ours */
	if (leak_private_tmpdir(tmpdir, n) < 0)
		return -1;
	leak_snapshot_take(before);
	return clock_init(clk, 0);
}

int cellrun_env_teardown(struct leak_snapshot *before, const char *tmpdir)
{
	leak_snapshot_free(before);
	return rmdir(tmpdir);
}

void cellrun_party_settings(struct cell_settings *s)
{
	cellrun_settings(s, 0);
	s->duration_ns = 20000000000ull; /* ended by the count, however busy the machine */
	s->warmup_ns = 5000000;
	s->iterations = 60;
}

void cellrun_party(const struct clock_src *clk, const struct topology *topo,
		   const struct transport *t, unsigned n, int fanout, struct cell_settings *s,
		   struct cell_result *r)
{
	struct party_plan plan;
	struct cell_spec spec = { .t = t, .size = 64, .repeat = 1, .set = s, .clk = clk,
				  .plan = &plan };

	s->clients = fanout ? 0 : n;
	s->subscribers = fanout ? n : 0;
	assert_int_equal(party_plan_make(topo, n, SPREAD_CORE, &plan), 0);
	assert_int_equal(cell_run(&spec, 0, r), 0);
	party_plan_free(&plan);
}

int cellrun_party_env_setup(struct clock_src *clk, struct leak_snapshot *before,
			    struct topology *topo, char *tmpdir, size_t n)
{
	if (topo_load(topo, NULL) < 0)
		return -1;
	return cellrun_env_setup(clk, before, tmpdir, n);
}

int cellrun_party_env_teardown(struct leak_snapshot *before, struct topology *topo,
			       const char *tmpdir)
{
	leak_assert_none(before);
	topo_free(topo);
	return cellrun_env_teardown(before, tmpdir);
}

unsigned cellrun_party_every(const struct clock_src *clk, const struct topology *topo, unsigned n,
			     int fanout, void (*check)(const struct transport *t, unsigned n,
						       const struct cell_result *r))
{
	unsigned supported = 0;

	for (size_t i = 0; i < ntransports; i++) {
		const struct transport *t = transports[i];
		int has = fanout ? t->fanout != NULL : t->fanin != NULL;
		struct cell_settings s;
		struct cell_result r;

		cellrun_party_settings(&s);
		cellrun_party(clk, topo, t, n, fanout, &s, &r);
		if (!has) { /* unsupported, and the note says why */
			assert_int_equal(r.status, CELL_UNSUPPORTED);
			assert_non_null(strstr(r.note, fanout ? "fan-out:" : "fan-in:"));
			assert_true(strlen(r.note) > 25);
			continue;
		}
		check(t, n, &r);
		supported++;
		cell_result_free(&r);
	}
	return supported;
}
