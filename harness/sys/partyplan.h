/* Where the processes of a many-party cell run: one server and n clients (or subscribers)
 * spread over the topology (sys/topology.h) at one level. The server takes the first
 * allowed PU. Clients take one PU per core (no SMT sibling while a whole core is free),
 * nearest the server first (spread = core), or round robin over the groups of the level
 * (l3, package, numa), beginning with the group after the server's so that the first
 * client is across that level. Past one PU each the plan wraps round (oversubscribed):
 * several processes then share a CPU, and the row says so. */
#ifndef IPCBENCH_PARTYPLAN_H
#define IPCBENCH_PARTYPLAN_H
#include "sys/topology.h"

enum spread { SPREAD_CORE, SPREAD_L3, SPREAD_PACKAGE, SPREAD_NUMA, SPREAD_COUNT };

const char *spread_name(enum spread s);
/* The spread of a name ("core", "l3", "package", "numa"), or -1. */
int spread_from_name(const char *name);

struct party_plan {
	unsigned n;        /* clients */
	int oversubscribed; /* more processes (n + 1) than PUs */
	int *cpu;          /* cpu[0]: the server; cpu[1 .. n]: the clients */
};

/* Plans n clients; 0, -ENOMEM or -EINVAL (no PU). Free with party_plan_free. */
int party_plan_make(const struct topology *t, unsigned n, enum spread s, struct party_plan *p);
void party_plan_free(struct party_plan *p);

#endif
