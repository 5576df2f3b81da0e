#include <errno.h>
#include <hwloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "text/parse.h"
#include "sys/topology.h"

static const char *const names[PL_COUNT] = {
	"same-cpu", "smt", "same-l2", "same-l3", "cross-l3", "cross-package", "cross-numa",
};

const char *placement_name(enum placement p)
{
	return p >= 0 && p < PL_COUNT ? names[p] : "unclassified";
}

enum placement placement_from_name(const char *name)
{
	for (int i = 0; i < PL_COUNT; i++)
		if (strcmp(names[i], name) == 0)
			return (enum placement)i;
	return PL_NONE;
}

static int ancestor_id(hwloc_topology_t h, hwloc_obj_t pu, hwloc_obj_type_t type)
{
	hwloc_obj_t o = hwloc_get_ancestor_obj_by_type(h, type, pu);

	return o ? (int)o->logical_index : -1;
}

/* NUMA nodes hang off the tree as memory children in hwloc 2: match by cpuset. */
static int numa_of(hwloc_topology_t h, unsigned os)
{
	hwloc_obj_t n = NULL;

	while ((n = hwloc_get_next_obj_by_type(h, HWLOC_OBJ_NUMANODE, n)))
		if (n->cpuset && hwloc_bitmap_isset(n->cpuset, os))
			return (int)n->os_index;
	return -1;
}

static int allowed_here(const char *source, unsigned os)
{
	cpu_set_t set;

	if (source)
		return 1; /* a synthetic or saved topology is not this machine's */
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	return os < CPU_SETSIZE && CPU_ISSET(os, &set);
}

static int fill_pus(struct topology *t, const char *source)
{
	hwloc_topology_t h = t->hw;
	int n = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PU);

	t->pu = calloc(n > 0 ? (size_t)n : 1, sizeof(*t->pu));
	if (!t->pu)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		hwloc_obj_t pu = hwloc_get_obj_by_type(h, HWLOC_OBJ_PU, (unsigned)i);

		if (!allowed_here(source, pu->os_index))
			continue;
		t->pu[t->npu++] = (struct topo_pu){
			.os = (int)pu->os_index,
			.core = ancestor_id(h, pu, HWLOC_OBJ_CORE),
			.l2 = ancestor_id(h, pu, HWLOC_OBJ_L2CACHE),
			.l3 = ancestor_id(h, pu, HWLOC_OBJ_L3CACHE),
			.package = ancestor_id(h, pu, HWLOC_OBJ_PACKAGE),
			.numa = numa_of(h, pu->os_index),
		};
	}
	t->has_l2 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L2CACHE) > 0;
	t->has_l3 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L3CACHE) > 0;
	t->nl3 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L3CACHE);
	t->nnuma = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_NUMANODE);
	t->npackages = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PACKAGE);
	t->ncores = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_CORE);
	return t->npu ? 0 : -ENODEV;
}

int topo_load(struct topology *t, const char *source)
{
	hwloc_topology_t h;
	size_t n = source ? strlen(source) : 0;
	int r;

	memset(t, 0, sizeof(*t));
	if (hwloc_topology_init(&h) < 0)
		return -ENOMEM;
	if (source && n > 4 && strcmp(source + n - 4, ".xml") == 0)
		r = hwloc_topology_set_xml(h, source);
	else if (source)
		r = hwloc_topology_set_synthetic(h, source);
	else
		r = 0;
	if (r == 0)
		r = hwloc_topology_load(h);
	if (r < 0) {
		hwloc_topology_destroy(h);
		return -EINVAL;
	}
	t->hw = h;
	snprintf(t->source, sizeof(t->source), "%s%.100s",
		 !source ? "this machine" : n > 4 && strcmp(source + n - 4, ".xml") == 0 ? "xml: "
										   : "synthetic: ",
		 source ? source : "");
	r = fill_pus(t, source);
	if (r < 0)
		topo_free(t);
	return r;
}

void topo_free(struct topology *t)
{
	if (t->hw)
		hwloc_topology_destroy(t->hw);
	free(t->pu);
	memset(t, 0, sizeof(*t));
}

static int known_eq(int x, int y)
{
	return x >= 0 && x == y;
}

/* Whether two PUs have the relationship that defines the class. */
static int has_relation(const struct topology *t, const struct topo_pu *a,
			const struct topo_pu *b, enum placement p)
{
	switch (p) {
	case PL_SAME_CPU: return a->os == b->os;
	case PL_SMT: return a->os != b->os && known_eq(a->core, b->core);
	case PL_SAME_L2: return known_eq(a->l2, b->l2) && a->core != b->core;
	case PL_SAME_L3:
		return known_eq(a->l3, b->l3) && (t->has_l2 ? a->l2 != b->l2 : a->core != b->core);
	case PL_CROSS_L3:
		return known_eq(a->package, b->package) && a->l3 >= 0 && b->l3 >= 0 && a->l3 != b->l3;
	case PL_CROSS_PACKAGE: return a->package != b->package;
	case PL_CROSS_NUMA: return a->numa != b->numa;
	default: return 0;
	}
}

static const struct topo_pu *find_pu(const struct topology *t, int os)
{
	for (size_t i = 0; i < t->npu; i++)
		if (t->pu[i].os == os)
			return &t->pu[i];
	return NULL;
}

enum placement topo_classify(const struct topology *t, int a, int b)
{
	const struct topo_pu *x = find_pu(t, a), *y = find_pu(t, b);

	for (int p = 0; x && y && p < PL_COUNT; p++)
		if (has_relation(t, x, y, (enum placement)p))
			return (enum placement)p;
	return PL_NONE;
}

static const char *why_absent(const struct topology *t, enum placement p)
{
	if (t->npu < 2 && p != PL_SAME_CPU)
		return "only one CPU is available to this process";
	switch (p) {
	case PL_SMT: return "no core has two hardware threads here (SMT off or absent)";
	case PL_SAME_L2:
		return t->has_l2 ? "no L2 cache is shared by two cores here"
				 : "the topology reports no L2 caches";
	case PL_SAME_L3:
		return t->has_l3 ? "no L3 cache spans two L2 groups here"
				 : "the topology reports no L3 caches";
	case PL_CROSS_L3:
		return t->has_l3 ? "one L3 cache per package here" : "the topology reports no L3 caches";
	case PL_CROSS_PACKAGE: return "one package (socket) here";
	case PL_CROSS_NUMA: return "one NUMA node here";
	default: return "no such pair";
	}
}

int topo_pick(const struct topology *t, enum placement p, int *a, int *b, char *why, size_t n)
{
	for (size_t i = 0; i < t->npu; i++)
		for (size_t j = p == PL_SAME_CPU ? i : i + 1; j < t->npu; j++)
			if (has_relation(t, &t->pu[i], &t->pu[j], p)) {
				*a = t->pu[i].os;
				*b = t->pu[j].os;
				return 0;
			}
	snprintf(why, n, "%s", why_absent(t, p));
	return -ENOENT;
}

/* The first PU of each group of `level` (core or l3), in logical order. */
static size_t first_of_each(const struct topology *t, int level_l3, int *cpus, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < t->npu && n < max; i++) {
		int id = level_l3 ? t->pu[i].l3 : t->pu[i].core, seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = (level_l3 ? t->pu[j].l3 : t->pu[j].core) == id;
		if (!seen)
			cpus[n++] = t->pu[i].os;
	}
	return n;
}

int topo_matrix_cpus(const struct topology *t, const char *how, int *cpus, size_t max,
		     size_t *n, char *why, size_t whylen)
{
	struct cpu_list *l;
	int r = 0;

	*n = 0;
	if (!how || strcmp(how, "all") == 0) {
		for (size_t i = 0; i < t->npu && *n < max; i++)
			cpus[(*n)++] = t->pu[i].os;
		return 0;
	}
	if (strcmp(how, "per-core") == 0 || strcmp(how, "per-l3") == 0) {
		if (how[4] == 'l' && !t->has_l3) {
			snprintf(why, whylen, "the topology reports no L3 caches");
			return -ENOENT;
		}
		*n = first_of_each(t, how[4] == 'l', cpus, max);
		return 0;
	}
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	if (parse_cpu_list(how, l) < 0) {
		snprintf(why, whylen, "expected all, per-core, per-l3 or a CPU list such as 0-3,8");
		r = -EINVAL;
	}
	for (size_t i = 0; r == 0 && i < l->n && *n < max; i++) {
		if (find_pu(t, l->cpu[i])) {
			cpus[(*n)++] = l->cpu[i];
			continue;
		}
		snprintf(why, whylen, "CPU %d is not available to this process", l->cpu[i]);
		r = -EINVAL;
	}
	free(l);
	return r;
}

void topo_summary(const struct topology *t, char *buf, size_t n)
{
	int smt = 0;

	for (size_t i = 0; i + 1 < t->npu; i++)
		smt |= known_eq(t->pu[i].core, t->pu[i + 1].core);
	snprintf(buf, n, "%d package%s, %d NUMA node%s, %d L3, %d cores, %zu PUs allowed (SMT %s)",
		 t->npackages, t->npackages == 1 ? "" : "s", t->nnuma, t->nnuma == 1 ? "" : "s",
		 t->nl3, t->ncores, t->npu, smt ? "on" : "off");
}

void topo_print(const struct topology *t, FILE *out)
{
	char s[200], why[160];

	topo_summary(t, s, sizeof(s));
	fprintf(out, "Topology (%s): %s\n\n%5s %5s %5s %5s %8s %5s\n", t->source, s, "cpu", "core",
		"L2", "L3", "package", "numa");
	for (size_t i = 0; i < t->npu; i++)
		fprintf(out, "%5d %5d %5d %5d %8d %5d\n", t->pu[i].os, t->pu[i].core, t->pu[i].l2,
			t->pu[i].l3, t->pu[i].package, t->pu[i].numa);
	fprintf(out, "\nPlacement classes (client,server CPU pair that represents each):\n");
	for (int p = 0; p < PL_COUNT; p++) {
		int a, b;

		if (topo_pick(t, (enum placement)p, &a, &b, why, sizeof(why)) == 0)
			fprintf(out, "  %-14s %d,%d\n", names[p], a, b);
		else
			fprintf(out, "  %-14s not available: %s\n", names[p], why);
	}
}

int topo_export_xml(const struct topology *t, const char *path)
{
	return hwloc_topology_export_xml(t->hw, path, 0) < 0 ? -EIO : 0;
}
