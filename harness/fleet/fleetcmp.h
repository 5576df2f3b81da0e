/* `ipcbench compare FLEET_A FLEET_B`: a fleet directory as one side of compare, with host as
 * part of every key (a host is compared with itself), and the environment check made per
 * host. Tables only, so that compare can call it without this folder knowing compare. */
#ifndef IPCBENCH_FLEET_FLEETCMP_H
#define IPCBENCH_FLEET_FLEETCMP_H
#include <stddef.h>
#include "text/csv.h"
#include "text/csvread.h"

/* When dir is a fleet directory: writes the paths of its fleet.csv and hosts.csv into
 * results and meta, loads fleet.csv into t without the fingerprint column (so that a host
 * keeps its keys when its kernel changes: the check below says so instead) and returns 0
 * or a negative errno with why in err. Returns 1, touching nothing, when it is not one. */
int fleet_cmp_load(const char *dir, char *results, size_t rlen, char *meta, size_t mlen,
		   struct csv_table *t, char *err, size_t errlen);
/* Whether a side's meta table is a fleet's hosts.csv. */
int fleet_cmp_is_hosts(const struct csv_table *m);
/* For every host in both fleets, one "host H: KEY: 'A' (name_a) vs 'B' (name_b)" line per
 * differing cpu_model, kernel or cpu_governor in diff; hosts of one fleet only go to notes.
 * A fleet against a single run is a difference too. Returns the number of differences. */
int fleet_cmp_hosts_diff(const struct csv_table *a, const struct csv_table *b,
			 const char *name_a, const char *name_b, struct sbuf *diff,
			 struct sbuf *notes);

#endif
