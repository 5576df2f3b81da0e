#include <errno.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/memplace.h"
#include "text/parse.h"

int memplace_nodes(void)
{
	int n = 0;

	if (numa_available() < 0)
		return 1;
	for (int i = 0; i <= numa_max_node(); i++)
		n += numa_node_size64(i, NULL) > 0;
	return n;
}

static int node_has_memory(int node)
{
	if (numa_available() < 0)
		return node == 0;
	return node >= 0 && node <= numa_max_node() && numa_node_size64(node, NULL) > 0;
}

int memplace_parse(const char *s, int *policy, int *node, char *why, size_t n)
{
	uint64_t v;

	*node = -1;
	if (strcmp(s, "none") == 0 || strcmp(s, "client") == 0 || strcmp(s, "server") == 0 ||
	    strcmp(s, "interleave") == 0) {
		*policy = s[0] == 'n' ? MEM_DEFAULT : s[0] == 'c' ? MEM_CLIENT :
			  s[0] == 's' ? MEM_SERVER : MEM_INTERLEAVE;
		return 0;
	}
	if (parse_u64(s, 0, 4095, &v) < 0) {
		snprintf(why, n, "expected a NUMA node number, client, server, interleave or none");
		return -EINVAL;
	}
	if (!node_has_memory((int)v)) {
		snprintf(why, n, "NUMA node %d does not exist or has no memory here (%d node%s with "
			 "memory; 'ipcbench topo' lists them)", (int)v, memplace_nodes(),
			 memplace_nodes() == 1 ? "" : "s");
		return -EINVAL;
	}
	*policy = MEM_NODE;
	*node = (int)v;
	return 0;
}

const char *memplace_name(int policy, int node, char *buf, size_t n)
{
	static const char *const names[] = { "none", "node", "client", "server", "interleave" };

	if (policy == MEM_NODE)
		snprintf(buf, n, "%d", node);
	else
		snprintf(buf, n, "%s", names[policy]);
	return buf;
}

void memplace_resolve(struct mem_place *m, int client_cpu, int server_cpu)
{
	int cpu = m->policy == MEM_CLIENT ? client_cpu : server_cpu;

	if (m->policy != MEM_CLIENT && m->policy != MEM_SERVER)
		return;
	m->node = numa_available() < 0 ? 0 : numa_node_of_cpu(cpu);
	if (m->node < 0)
		m->node = 0;
}

int memplace_apply(struct mem_place *m, void *addr, size_t len)
{
	unsigned long mask[16] = { 0 };
	unsigned long maxnode = sizeof(mask) * 8;
	int mode = MPOL_BIND;

	if (m->nregions < MEMPLACE_MAX_REGIONS) {
		m->addr[m->nregions] = addr;
		m->len[m->nregions++] = len;
	}
	if (m->policy == MEM_DEFAULT)
		return 0;
	if (m->policy == MEM_INTERLEAVE) {
		mode = MPOL_INTERLEAVE;
		for (int i = 0; i <= (numa_available() < 0 ? 0 : numa_max_node()) && i < 1024; i++)
			if (node_has_memory(i))
				mask[i / 64] |= 1ul << (i % 64);
	} else {
		mask[m->node / 64] |= 1ul << (m->node % 64);
	}
	return mbind(addr, len, mode, mask, maxnode, 0) < 0 ? -errno : 0;
}

int memplace_actual(const struct mem_place *m)
{
	int node = -1;
	long page = sysconf(_SC_PAGESIZE);

	for (int i = 0; i < m->nregions; i++)
		for (size_t off = 0; off < m->len[i]; off += (size_t)page * 64) {
			volatile char *p = (char *)m->addr[i] + off;
			void *pages[1] = { (void *)p };
			int status = -1;

			(void)*p; /* map the page in this process so move_pages can see it */
			if (move_pages(0, 1, pages, NULL, &status, 0) < 0 || status < 0)
				continue;
			if (node >= 0 && status != node)
				return -2;
			node = status;
		}
	return node;
}
