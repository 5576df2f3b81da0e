/* How much of the machine other work took during a measurement: /proc/stat's busy and
 * steal time over an interval, less the CPU time this process and its reaped children
 * used. A rough figure (tick-based), printed with results as a noise indicator. */
#ifndef IPCBENCH_CPULOAD_H
#define IPCBENCH_CPULOAD_H
#include <stdint.h>

struct cpuload {
	uint64_t busy, steal, total; /* clock ticks, all CPUs */
	double own_s;                /* CPU seconds of this process and its children */
};

/* 0 or -errno (no /proc/stat). */
int cpuload_start(struct cpuload *c);
/* Percent of all CPUs' time since start used by other processes, and stolen. */
int cpuload_stop(const struct cpuload *c, double *others_pct, double *steal_pct);

#endif
