/* The placement plans of many-party cells on synthetic topologies up to 256 PUs and 8 NUMA
 * nodes: each spread puts the clients where it says, whole cores before SMT siblings, every
 * PU once before any twice, and a plan past one PU each is oversubscribed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "sys/partyplan.h"

#define HUGE "pack:2 numa:4 l3:2 core:8 pu:2" /* 256 PUs, 8 nodes, 16 L3s, 128 cores */
#define TWO "pack:1 l3:1 core:2 pu:1"        /* this VM */

static const struct topo_pu *pu_of(const struct topology *t, int os)
{
	for (size_t i = 0; i < t->npu; i++)
		if (t->pu[i].os == os)
			return &t->pu[i];
	fail_msg("CPU %d is not in the topology", os);
	return NULL;
}

static void plan(const struct topology *t, unsigned n, enum spread s, struct party_plan *p)
{
	assert_int_equal(party_plan_make(t, n, s, p), 0);
	assert_int_equal(p->n, n);
	assert_int_equal(p->oversubscribed, n + 1 > t->npu);
}

/* How many of the plan's processes are on each PU at most. */
static unsigned most_per_pu(const struct party_plan *p)
{
	unsigned most = 0;

	for (unsigned i = 0; i <= p->n; i++) {
		unsigned c = 0;

		for (unsigned j = 0; j <= p->n; j++)
			c += p->cpu[j] == p->cpu[i];
		most = c > most ? c : most;
	}
	return most;
}

/* Whether any two processes of the plan share a core. */
static int cores_shared(const struct topology *t, const struct party_plan *p)
{
	for (unsigned i = 0; i <= p->n; i++)
		for (unsigned j = i + 1; j <= p->n; j++)
			if (pu_of(t, p->cpu[i])->core == pu_of(t, p->cpu[j])->core)
				return 1;
	return 0;
}

static void test_numa_spread_visits_every_node(void **state)
{
	struct topology t;
	struct party_plan p;

	(void)state;
	assert_int_equal(topo_load(&t, HUGE), 0);
	assert_int_equal(t.npu, 256);
	assert_int_equal(t.nnuma, 8);
	plan(&t, 8, SPREAD_NUMA, &p);
	int srv = pu_of(&t, p.cpu[0])->numa;
	for (unsigned k = 1; k <= 7; k++) /* the first seven: each on a node of its own */
		for (unsigned j = 0; j < k; j++)
			assert_int_not_equal(pu_of(&t, p.cpu[k])->numa, pu_of(&t, p.cpu[j])->numa);
	assert_int_equal(pu_of(&t, p.cpu[8])->numa, srv); /* the eighth comes round */
	party_plan_free(&p);
	plan(&t, 127, SPREAD_NUMA, &p); /* one per core, 128 cores */
	assert_false(cores_shared(&t, &p));
	party_plan_free(&p);
	topo_free(&t);
}

static void test_package_and_l3_spreads(void **state)
{
	struct topology t;
	struct party_plan p;

	(void)state;
	assert_int_equal(topo_load(&t, HUGE), 0);
	plan(&t, 2, SPREAD_PACKAGE, &p);
	assert_int_not_equal(pu_of(&t, p.cpu[1])->package, pu_of(&t, p.cpu[0])->package);
	assert_int_equal(pu_of(&t, p.cpu[2])->package, pu_of(&t, p.cpu[0])->package);
	party_plan_free(&p);
	plan(&t, 15, SPREAD_L3, &p); /* 16 L3 groups: one each, none the server's */
	for (unsigned k = 1; k <= 15; k++) {
		assert_int_not_equal(pu_of(&t, p.cpu[k])->l3, pu_of(&t, p.cpu[0])->l3);
		for (unsigned j = 1; j < k; j++)
			assert_int_not_equal(pu_of(&t, p.cpu[k])->l3, pu_of(&t, p.cpu[j])->l3);
	}
	party_plan_free(&p);
	topo_free(&t);
}

/* core: nearest first: the server's L3 (8 cores) fills, then the rest of its package. */
static void test_core_spread_fills_near_the_server(void **state)
{
	struct topology t;
	struct party_plan p;

	(void)state;
	assert_int_equal(topo_load(&t, HUGE), 0);
	plan(&t, 8, SPREAD_CORE, &p);
	for (unsigned k = 1; k <= 7; k++)
		assert_int_equal(topo_classify(&t, p.cpu[0], p.cpu[k]), PL_SAME_L3);
	assert_int_equal(topo_classify(&t, p.cpu[0], p.cpu[8]), PL_CROSS_L3);
	assert_false(cores_shared(&t, &p));
	party_plan_free(&p);
	topo_free(&t);
}

/* Every PU once (siblings after whole cores), then round again: oversubscribed. */
static void test_every_pu_before_any_twice(void **state)
{
	struct topology t;
	struct party_plan p;

	(void)state;
	assert_int_equal(topo_load(&t, HUGE), 0);
	for (int s = 0; s < SPREAD_COUNT; s++) {
		plan(&t, 127, (enum spread)s, &p);
		assert_false(cores_shared(&t, &p));
		party_plan_free(&p);
		plan(&t, 255, (enum spread)s, &p);
		assert_int_equal(most_per_pu(&p), 1);
		party_plan_free(&p);
		plan(&t, 256, (enum spread)s, &p);
		assert_true(p.oversubscribed);
		assert_int_equal(most_per_pu(&p), 2);
		assert_int_equal(p.cpu[256], p.cpu[0]); /* the one past all: with the server */
		party_plan_free(&p);
	}
	topo_free(&t);
}

static void test_two_cpus_oversubscribe(void **state)
{
	struct topology t;
	struct party_plan p;
	static const int want[] = { 0, 1, 0, 1, 0 };

	(void)state;
	assert_int_equal(topo_load(&t, TWO), 0);
	plan(&t, 1, SPREAD_CORE, &p);
	assert_false(p.oversubscribed);
	assert_int_equal(p.cpu[1], 1);
	party_plan_free(&p);
	plan(&t, 4, SPREAD_NUMA, &p); /* one node: the round robin is the order of the PUs */
	assert_true(p.oversubscribed);
	assert_memory_equal(p.cpu, want, sizeof(want));
	assert_int_equal(spread_from_name("numa"), SPREAD_NUMA);
	assert_int_equal(spread_from_name("sockets"), -1);
	party_plan_free(&p);
	topo_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numa_spread_visits_every_node),
		cmocka_unit_test(test_package_and_l3_spreads),
		cmocka_unit_test(test_core_spread_fills_near_the_server),
		cmocka_unit_test(test_every_pu_before_any_twice),
		cmocka_unit_test(test_two_cpus_oversubscribe),
	};

	return cmocka_run_group_tests_name("partyplan", tests, NULL, NULL);
}
