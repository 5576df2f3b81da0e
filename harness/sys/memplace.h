/* Where shared buffers live: the NUMA node policy of a cell (libnuma), applied with
 * mbind to each shared mapping before its first touch, and checked afterwards with
 * move_pages, so the CSV reports the node the pages really are on. */
#ifndef IPCBENCH_MEMPLACE_H
#define IPCBENCH_MEMPLACE_H
#include <stddef.h>

enum mem_policy { MEM_DEFAULT, MEM_NODE, MEM_CLIENT, MEM_SERVER, MEM_INTERLEAVE };

#define MEMPLACE_MAX_REGIONS 8

struct mem_place {
	int policy; /* enum mem_policy */
	int node;   /* MEM_NODE; resolved to the client's or server's node for those */
	void *addr[MEMPLACE_MAX_REGIONS];
	size_t len[MEMPLACE_MAX_REGIONS];
	int nregions;
};

/* Parses "none", "N", "client", "server" or "interleave"; a node that does not exist
 * (or has no memory) here is refused with the reason in why. */
int memplace_parse(const char *s, int *policy, int *node, char *why, size_t n);
const char *memplace_name(int policy, int node, char *buf, size_t n);
/* Resolves client/server to the NUMA node of that CPU. */
void memplace_resolve(struct mem_place *m, int client_cpu, int server_cpu);
/* Applies the policy to [addr, addr+len) (before anything touches it) and remembers the
 * region for memplace_actual. Returns 0 or a negative errno. */
int memplace_apply(struct mem_place *m, void *addr, size_t len);
/* The node the regions' pages are on (touching each page's first byte from the caller),
 * -1 when there is no region, -2 when they are on different nodes. */
int memplace_actual(const struct mem_place *m);
/* Number of NUMA nodes with memory, and whether libnuma works here. */
int memplace_nodes(void);

#endif
