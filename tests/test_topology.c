/* Placement on synthetic and saved topologies: every class's chosen pair really has its
 * relationship, missing classes say why, matrices enumerate the right pairs, plans turn
 * missing classes into skipped rows. NUMA placement on this machine. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "config/config.h"
#include "sys/memplace.h"
#include "run/plan.h"
#include "sys/topology.h"

#define BIG "pack:2 numa:2 l3:2 core:4 pu:2"
#define FULL "pack:2 numa:1 l3:2 l2:2 core:2 pu:2"
#define VMLIKE "pack:1 l3:1 l2:2 core:1 pu:1"

static const struct topo_pu *pu_of(const struct topology *t, int os)
{
	for (size_t i = 0; i < t->npu; i++)
		if (t->pu[i].os == os)
			return &t->pu[i];
	fail_msg("cpu %d not in topology", os);
	return NULL;
}

/* The relationship checked independently of sys/topology.c's own predicate. */
static void check_pair(const struct topology *t, enum placement p, int a, int b)
{
	const struct topo_pu *x = pu_of(t, a), *y = pu_of(t, b);

	switch (p) {
	case PL_SAME_CPU: assert_int_equal(a, b); break;
	case PL_SMT: assert_int_not_equal(a, b); assert_int_equal(x->core, y->core); break;
	case PL_SAME_L2: assert_int_not_equal(x->core, y->core); assert_int_equal(x->l2, y->l2); break;
	case PL_SAME_L3: assert_int_equal(x->l3, y->l3); assert_int_not_equal(x->core, y->core); break;
	case PL_CROSS_L3: assert_int_equal(x->package, y->package); assert_int_not_equal(x->l3, y->l3); break;
	case PL_CROSS_PACKAGE: assert_int_not_equal(x->package, y->package); break;
	case PL_CROSS_NUMA: assert_int_not_equal(x->numa, y->numa); break;
	default: fail();
	}
}

static void expect_classes(const char *desc, const char *available)
{
	struct topology t;
	char why[160];

	assert_int_equal(topo_load(&t, desc), 0);
	for (int p = 0; p < PL_COUNT; p++) {
		int a, b, ok = topo_pick(&t, (enum placement)p, &a, &b, why, sizeof(why)) == 0;
		int want = strstr(available, placement_name((enum placement)p)) != NULL;

		if (ok != want)
			fail_msg("%s: %s %s (%s)", desc, placement_name((enum placement)p),
				 ok ? "found" : "missing", ok ? "" : why);
		if (ok)
			check_pair(&t, (enum placement)p, a, b);
		else
			assert_true(strlen(why) > 10);
	}
	topo_free(&t);
}

static void test_classes_on_synthetic_topologies(void **state)
{
	(void)state;
	expect_classes(BIG, "same-cpu smt same-l3 cross-l3 cross-package cross-numa");
	expect_classes(FULL, "same-cpu smt same-l2 same-l3 cross-l3 cross-package cross-numa");
	expect_classes(VMLIKE, "same-cpu same-l3");
}

static void test_missing_classes_say_why(void **state)
{
	struct topology t;
	char why[160];
	int a, b;

	(void)state;
	assert_int_equal(topo_load(&t, VMLIKE), 0);
	assert_int_equal(topo_pick(&t, PL_SMT, &a, &b, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "SMT"));
	assert_int_equal(topo_pick(&t, PL_CROSS_NUMA, &a, &b, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "one NUMA node"));
	topo_free(&t);
	assert_int_equal(topo_load(&t, BIG), 0);
	assert_int_equal(topo_pick(&t, PL_SAME_L2, &a, &b, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "no L2"));
	topo_free(&t);
}

static void test_classify_and_names(void **state)
{
	struct topology t;

	(void)state;
	assert_int_equal(topo_load(&t, FULL), 0);
	assert_int_equal(topo_classify(&t, 0, 0), PL_SAME_CPU);
	assert_int_equal(topo_classify(&t, 0, 1), PL_SMT);
	assert_int_equal(topo_classify(&t, 0, 2), PL_SAME_L2);
	assert_int_equal(topo_classify(&t, 0, 4), PL_SAME_L3);
	assert_int_equal(topo_classify(&t, 0, 8), PL_CROSS_L3);
	assert_int_equal(topo_classify(&t, 0, 16), PL_CROSS_PACKAGE);
	assert_int_equal(topo_classify(&t, 0, 999), PL_NONE);
	topo_free(&t);
	for (int p = 0; p < PL_COUNT; p++)
		assert_int_equal(placement_from_name(placement_name((enum placement)p)), p);
	assert_int_equal(placement_from_name("nearby"), PL_NONE);
}

static void test_matrix_cpus(void **state)
{
	struct topology t;
	int cpus[128];
	size_t n;
	char why[160];

	(void)state;
	assert_int_equal(topo_load(&t, BIG), 0);
	assert_int_equal(topo_matrix_cpus(&t, "all", cpus, 128, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 64);
	assert_int_equal(topo_matrix_cpus(&t, "per-core", cpus, 128, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 32);
	for (size_t i = 1; i < n; i++)
		assert_int_not_equal(pu_of(&t, cpus[i])->core, pu_of(&t, cpus[i - 1])->core);
	assert_int_equal(topo_matrix_cpus(&t, "per-l3", cpus, 128, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 8);
	assert_int_equal(topo_matrix_cpus(&t, "0,5,31", cpus, 128, &n, why, sizeof(why)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(cpus[2], 31);
	assert_true(topo_matrix_cpus(&t, "0,64", cpus, 128, &n, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "CPU 64"));
	topo_free(&t);
}

static void test_saved_xml_topology(void **state)
{
	struct topology t, x;
	char path[] = "/tmp/ipcbench-topo-XXXXXX.xml";
	int fd = mkstemps(path, 4), a1, b1, a2, b2;
	char why[160];

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(topo_load(&t, BIG), 0);
	assert_int_equal(topo_export_xml(&t, path), 0);
	assert_int_equal(topo_load(&x, path), 0);
	assert_int_equal(x.npu, t.npu);
	for (int p = 0; p < PL_COUNT; p++) {
		int r1 = topo_pick(&t, (enum placement)p, &a1, &b1, why, sizeof(why));
		int r2 = topo_pick(&x, (enum placement)p, &a2, &b2, why, sizeof(why));
		assert_int_equal(r1, r2);
		if (r1 == 0)
			assert_true(a1 == a2 && b1 == b2);
	}
	topo_free(&t);
	topo_free(&x);
	unlink(path);
}

static size_t count(const struct row *rows, size_t n, enum cell_status st)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += rows[i].done && rows[i].res.status == st;
	return k;
}

/* A placement sweep on a topology: every class is a pair of rows or a skipped row. */
static void test_plan_placements_and_matrix(void **state)
{
	struct run_config cfg;
	struct config_error e;
	struct topology t;
	struct row *rows;
	size_t n;

	(void)state;
	assert_int_equal(config_init(&cfg, &e), 0);
	assert_int_equal(config_override(&cfg, "transports", "pipe,shm-spin", "t", &e), 0);
	assert_int_equal(config_override(&cfg, "sizes", "64", "t", &e), 0);
	assert_int_equal(config_override(&cfg, "repeat", "2", "t", &e), 0);
	assert_int_equal(config_override(&cfg, "placement", "all", "t", &e), 0);
	assert_int_equal(config_finish(&cfg, &e), 0);
	assert_int_equal(topo_load(&t, VMLIKE), 0);
	assert_int_equal(plan_rows(&cfg, &t, &rows, &n), 0);
	/* 2 classes exist: 2 reps x 2 classes x 2 transports; 5 missing: 1 row x 2 each */
	assert_int_equal(n, 8 + 10);
	assert_int_equal(count(rows, n, CELL_SKIPPED), 10);
	for (size_t i = 0; i < n; i++)
		if (rows[i].done)
			assert_non_null(strstr(rows[i].res.note, "not available"));
		else if (strcmp(rows[i].placement, "same-l3") == 0)
			assert_int_not_equal(rows[i].set.client_cpu, rows[i].set.server_cpu);
	free(rows);
	topo_free(&t);
	assert_int_equal(config_override(&cfg, "matrix", "all", "t", &e), 0);
	assert_int_equal(topo_load(&t, BIG), 0);
	assert_int_equal(plan_rows(&cfg, &t, &rows, &n), 0);
	assert_int_equal(n, 2 * 64 * 64 * 2); /* reps x ordered pairs x transports */
	assert_int_equal(count(rows, n, CELL_SKIPPED), 0);
	free(rows);
	topo_free(&t);
	config_free(&cfg);
}

static void test_numa_placement_here(void **state)
{
	struct mem_place m = { 0 };
	char why[200];
	size_t len = 1 << 20;
	char *p;

	(void)state;
	assert_int_equal(memplace_parse("0", &m.policy, &m.node, why, sizeof(why)), 0);
	assert_int_equal(m.policy, MEM_NODE);
	assert_true(memplace_parse("4095", &m.policy, &m.node, why, sizeof(why)) < 0);
	assert_non_null(strstr(why, "NUMA node 4095"));
	assert_true(memplace_parse("near", &m.policy, &m.node, why, sizeof(why)) < 0);
	assert_int_equal(memplace_parse("server", &m.policy, &m.node, why, sizeof(why)), 0);
	memplace_resolve(&m, 0, 0);
	assert_true(m.node >= 0);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(memplace_apply(&m, p, len), 0);
	memset(p, 1, len);
	assert_int_equal(memplace_actual(&m), m.node);
	munmap(p, len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_on_synthetic_topologies),
		cmocka_unit_test(test_missing_classes_say_why),
		cmocka_unit_test(test_classify_and_names),
		cmocka_unit_test(test_matrix_cpus),
		cmocka_unit_test(test_saved_xml_topology),
		cmocka_unit_test(test_plan_placements_and_matrix),
		cmocka_unit_test(test_numa_placement_here),
	};

	return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
