/* A host's fingerprint: what makes two machines' figures comparable, from their meta.csv:
 * CPU model, microcode, kernel, topology summary, frequency governor and the CPU
 * vulnerabilities and their mitigations. Hosts with equal fingerprints are expected to
 * measure alike; the fleet report judges outliers among them only. */
#ifndef IPCBENCH_FLEET_FINGERPRINT_H
#define IPCBENCH_FLEET_FINGERPRINT_H
#include "out/rundir.h"

#define FP_NFIELDS 6
#define FP_LEN 12 /* hex digits */
extern const char *const fp_fields[FP_NFIELDS]; /* meta.csv keys, in hosts.csv order */

/* The fields' values of run r ("NA" for a field it does not record). */
void fp_values(const struct run_dir *r, const char *values[FP_NFIELDS]);
/* FP_LEN hex digits of a hash of the field names and values, into out[FP_LEN + 1]. */
void fp_make(const char *const values[FP_NFIELDS], char *out);

#endif
