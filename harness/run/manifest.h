/* meta.csv entries about the machine and the run (see manifest.c). */
#ifndef IPCBENCH_MANIFEST_H
#define IPCBENCH_MANIFEST_H
#include "config/config.h"
#include "floors/calibrate.h"
#include "run/meta.h"

/* Tool version, date, host, kernel, CPU model and counts, clock facts. */
void manifest_env(struct meta *m);
/* The environment manifest: SMT, frequency governor and limits, turbo, isolated CPUs,
 * THP, CPU vulnerabilities, perf_event_paranoid, virtualization. NA where absent. */
void manifest_machine(struct meta *m);
int manifest_is_vm(void);
/* How cache=cold flushes, perf_event_paranoid, and for each event the run asks for
 * whether this machine counts it, or why not. */
/* Returns 1 when it opened some event (cell/counters.h: CTR_HOOKS_OFF_NS). */
int manifest_counters(struct meta *m, const struct run_config *cfg);
/* The floors as PREFIX_cpus, PREFIX_cacheline_rt_ns, ... */
void manifest_floors(const struct floors *f, const char *prefix, struct meta *m);

#endif
