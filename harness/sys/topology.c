#include <errno.h>
#include <hwloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "text/parse.h"
#include "sys/files.h"
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

/* NUMA nodes hang off the tree as memory children in hwloc 2: each node's cpuset gives
 * the node of its PUs, by OS index (-1: none). */
static int *numa_by_os(hwloc_topology_t h, int *nos)
{
	hwloc_const_bitmap_t all = hwloc_topology_get_complete_cpuset(h);
	hwloc_obj_t node = NULL;
	int last = hwloc_bitmap_last(all), *map;
	unsigned os;

	*nos = last < 0 ? 0 : last + 1;
	if (!(map = malloc(((size_t)*nos + 1) * sizeof(*map))))
		return NULL;
	for (int i = 0; i < *nos; i++)
		map[i] = -1;
	while ((node = hwloc_get_next_obj_by_type(h, HWLOC_OBJ_NUMANODE, node)))
		if (node->cpuset)
			hwloc_bitmap_foreach_begin(os, node->cpuset)
				if ((int)os < *nos && map[os] < 0)
					map[os] = (int)node->os_index;
			hwloc_bitmap_foreach_end();
	return map;
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
	int n = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PU), nos;
	int *numa = numa_by_os(h, &nos);

	t->pu = calloc(n > 0 ? (size_t)n : 1, sizeof(*t->pu));
	if (!t->pu || !numa) {
		free(numa);
		return -ENOMEM;
	}
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
			.numa = (int)pu->os_index < nos ? numa[pu->os_index] : -1,
		};
	}
	free(numa);
	t->has_l2 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L2CACHE) > 0;
	t->has_l3 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L3CACHE) > 0;
	t->nl3 = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_L3CACHE);
	t->nnuma = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_NUMANODE);
	t->npackages = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_PACKAGE);
	t->ncores = hwloc_get_nbobjs_by_type(h, HWLOC_OBJ_CORE);
	return t->npu ? 0 : -ENODEV;
}

/* PUs an hwloc synthetic description makes: the product of its levels' arities ("pack:2",
 * "core:4(...)" or a bare "4"; memory levels in [...] make none). -E2BIG beyond
 * TOPO_MAX_PUS or TOPO_MAX_ARITY, checked before hwloc builds anything (it would take minutes or all
 * memory); -EINVAL when a level is not understood (hwloc then judges the description). */
int topo_synthetic_pus(const char *desc, unsigned long long *pus)
{
	const char *p = desc;

	*pus = 1;
	while (*p) {
		size_t len = strcspn(p, " \t\n");
		const char *colon = memchr(p, ':', len), *num = colon ? colon + 1 : p;
		char *end;
		unsigned long long k;

		if (len && *p != '[' && *p != '(') {
			k = strtoull(num, &end, 10);
			if (end == num)
				return -EINVAL;
			if (k > TOPO_MAX_ARITY || __builtin_mul_overflow(*pus, k, pus) ||
			    *pus > TOPO_MAX_PUS)
				return -E2BIG;
		}
		p += len;
		p += strspn(p, " \t\n");
	}
	return 0;
}

int topo_load(struct topology *t, const char *source)
{
	hwloc_topology_t h;
	size_t n = source ? strlen(source) : 0;
	int xml = n > 4 && strcmp(source + n - 4, ".xml") == 0, r;
	unsigned long long pus;

	memset(t, 0, sizeof(*t));
	if (source && !xml && topo_synthetic_pus(source, &pus) == -E2BIG)
		return -E2BIG;
	if (hwloc_topology_init(&h) < 0)
		return -ENOMEM;
	if (xml)
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

/* The group whose members a class pairs and the attribute that must differ between the
 * two: class p holds for PUs a, b when group(a) == group(b) >= 0 and diff(a) != diff(b). */
static int group_of(const struct topology *t, const struct topo_pu *u, enum placement p)
{
	switch (p) {
	case PL_SMT: return u->core;
	case PL_SAME_L2: return u->l2;
	case PL_SAME_L3: return u->l3;
	case PL_CROSS_L3: return u->l3 >= 0 ? u->package : -1;
	default: (void)t; return 0; /* cross-package, cross-numa: any two PUs */
	}
}

static int diff_of(const struct topology *t, const struct topo_pu *u, enum placement p)
{
	switch (p) {
	case PL_SMT: return u->os;
	case PL_SAME_L2: return u->core;
	case PL_SAME_L3: return t->has_l2 ? u->l2 : u->core;
	case PL_CROSS_L3: return u->l3;
	case PL_CROSS_PACKAGE: return u->package;
	default: return u->numa;
	}
}

/* Per group, up to two distinct diff values seen so far. */
struct seen2 {
	int n, d[2];
};

static int has_other(const struct seen2 *s, int d)
{
	return s->n == 2 || (s->n == 1 && s->d[0] != d);
}

static void note_seen(struct seen2 *s, int d)
{
	if (s->n < 2 && !(s->n == 1 && s->d[0] == d))
		s->d[s->n++] = d;
}

/* The first PU (in logical order) with a partner of class p after it, or -1: one pass
 * from the end, remembering two distinct values per group. Linear in the PUs. */
static long first_with_partner(const struct topology *t, enum placement p)
{
	int maxg = 0;
	long first = -1;
	struct seen2 *s;

	for (size_t i = 0; i < t->npu; i++)
		if (group_of(t, &t->pu[i], p) > maxg)
			maxg = group_of(t, &t->pu[i], p);
	if (!(s = calloc((size_t)maxg + 1, sizeof(*s))))
		return -1;
	for (size_t i = t->npu; i-- > 0;) {
		int g = group_of(t, &t->pu[i], p), d = diff_of(t, &t->pu[i], p);

		if (g < 0)
			continue;
		if (has_other(&s[g], d))
			first = (long)i;
		note_seen(&s[g], d);
	}
	free(s);
	return first;
}

int topo_pick(const struct topology *t, enum placement p, int *a, int *b, char *why, size_t n)
{
	long i = p == PL_SAME_CPU ? (t->npu ? 0 : -1) : first_with_partner(t, p);

	for (size_t j = p == PL_SAME_CPU ? 0 : (size_t)i + 1; i >= 0 && j < t->npu; j++)
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
	int maxid = -1;
	char *seen;

	for (size_t i = 0; i < t->npu; i++)
		if ((level_l3 ? t->pu[i].l3 : t->pu[i].core) > maxid)
			maxid = level_l3 ? t->pu[i].l3 : t->pu[i].core;
	if (!(seen = calloc((size_t)maxid + 2, 1))) /* ids from -1 (not reported) */
		return 0;
	for (size_t i = 0; i < t->npu && n < max; i++) {
		int id = (level_l3 ? t->pu[i].l3 : t->pu[i].core) + 1;
		if (!seen[id])
			cpus[n++] = t->pu[i].os;
		seen[id] = 1;
	}
	free(seen);
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
	char *xml = NULL;
	int len = 0, r;

	if (hwloc_topology_export_xmlbuffer(t->hw, &xml, &len, 0) < 0 || len < 1)
		return -EIO;
	r = write_file_atomic(path, xml, (size_t)len - 1); /* len counts the final NUL */
	hwloc_free_xmlbuffer(t->hw, xml);
	return r;
}
