/* The machine's topology (hwloc): PUs, cores, L2 and L3 sharing groups, packages and NUMA
 * nodes, restricted to the CPUs this process may use, and the placement classes a pair of
 * CPUs can be in. Works on the real machine, an hwloc synthetic description
 * ("pack:2 numa:2 l3:2 core:4 pu:2") or a saved XML topology. */
#ifndef IPCBENCH_TOPOLOGY_H
#define IPCBENCH_TOPOLOGY_H
#include <stddef.h>
#include <stdio.h>

/* From the closest relationship to the farthest. */
enum placement {
	PL_SAME_CPU,      /* one PU: the two sides time-share it */
	PL_SMT,           /* two PUs (hardware threads) of one core */
	PL_SAME_L2,       /* two cores sharing an L2 cache */
	PL_SAME_L3,       /* different L2s, one L3 cache */
	PL_CROSS_L3,      /* different L3 groups (CCX/CCD) of one package */
	PL_CROSS_PACKAGE, /* different packages (sockets) */
	PL_CROSS_NUMA,    /* different NUMA nodes */
	PL_COUNT,
	PL_NONE = -1,
};

struct topo_pu {
	int os;       /* the CPU number the kernel uses */
	int core, l2, l3, package, numa; /* group ids; -1 where the level is not reported */
};

struct topology {
	struct topo_pu *pu; /* allowed PUs, in hwloc's logical order */
	size_t npu;
	int has_l2, has_l3, nnuma, npackages, ncores, nl3;
	void *hw;           /* hwloc_topology_t */
	char source[128];   /* "this machine", "synthetic: ...", "xml: ..." */
};

/* A synthetic topology may have at most this many PUs, and this many children per object:
 * hwloc's own build of wider levels grows faster than quadratically (4096 children of one
 * object take seconds). Real machines stay well within both. */
#define TOPO_MAX_PUS 4096
#define TOPO_MAX_ARITY 512

/* source: NULL for this machine (restricted to sched_getaffinity), a path ending in .xml,
 * or an hwloc synthetic description. Returns 0 or a negative errno: -E2BIG for a synthetic
 * description beyond TOPO_MAX_PUS PUs or TOPO_MAX_ARITY children of one object. */
int topo_load(struct topology *t, const char *source);
/* The PUs of a synthetic description (0; -E2BIG beyond the bounds above; -EINVAL: not understood). */
int topo_synthetic_pus(const char *desc, unsigned long long *pus);
void topo_free(struct topology *t);

const char *placement_name(enum placement p);
/* The class of a name such as "same-l3", or PL_NONE. */
enum placement placement_from_name(const char *name);
/* The closest class the two CPUs share (CPUs must be in the topology), or PL_NONE. */
enum placement topo_classify(const struct topology *t, int a, int b);
/* A representative pair of that class (client a, server b), or -ENOENT with the reason
 * why it does not exist here in why. */
int topo_pick(const struct topology *t, enum placement p, int *a, int *b, char *why, size_t n);
/* CPUs for a core-pair matrix: "all" (every allowed PU), "per-core" (the first PU of each
 * core), "per-l3" (the first PU of each L3 group), or an explicit CPU list. */
int topo_matrix_cpus(const struct topology *t, const char *how, int *cpus, size_t max,
		     size_t *n, char *why, size_t whylen);
/* Human summary: "1 package, 1 NUMA node, 1 L3, 2 cores, 2 PUs (SMT off)". */
void topo_summary(const struct topology *t, char *buf, size_t n);
/* `ipcbench topo`: the tree and each placement class with its pair or why not. */
void topo_print(const struct topology *t, FILE *out);
/* Writes the hwloc XML of the topology with write_file_atomic (sys/files.h): whole or not
 * at all, never through a link. Returns 0 or a negative errno. */
int topo_export_xml(const struct topology *t, const char *path);

#endif
