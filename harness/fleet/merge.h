/* `ipcbench merge`: run directories of many hosts into one fleet directory:
 *   fleet.csv          every results.csv row, with host and fingerprint columns first
 *   fleet_summary.csv  every summary.csv row, the same way (what the fleet report plots)
 *   hosts.csv          one line per host: its label, hostname, fingerprint and its fields,
 *                      run status, row count and run directory
 * A host's label is meta.csv's fleet_host (the slot a fleet run gave it: a node, an ssh
 * alias), else its host; a label that comes again gets #2, #3 ... Columns are the union
 * of the runs' columns in order of first appearance (NA where a run lacks one). The work
 * is linear in the rows: columns and labels are joined through hash maps. */
#ifndef IPCBENCH_FLEET_MERGE_H
#define IPCBENCH_FLEET_MERGE_H
#include <stddef.h>

#define FLEET_RESULTS "fleet.csv"
#define FLEET_SUMMARY "fleet_summary.csv"
#define FLEET_HOSTS "hosts.csv"

/* Returns 0, -EINVAL for input that is not what it should be (a directory that is not a
 * run, the same run twice, a fleet directory as input), or another negative errno; says
 * why in err, naming the directory or file. Prints one line per host to stdout unless
 * quiet. */
int fleet_merge(char *const *dirs, size_t n, const char *out, int quiet, char *err,
		size_t errlen);
/* Whether dir holds a merged fleet (fleet.csv and hosts.csv). */
int fleet_dir_is(const char *dir);

#endif
