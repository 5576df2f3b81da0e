/* What is known to add noise to a run, checked before it measures (run/preflight.c). */
#ifndef IPCBENCH_PREFLIGHT_H
#define IPCBENCH_PREFLIGHT_H
#include "cell/settings.h"
#include "run/meta.h"
#include "sys/topology.h"

/* Into meta.csv's preflight_warnings, and on stderr unless quiet. */
void run_preflight(struct meta *m, const struct topology *t, const struct cell_settings *s,
		   int quiet);

#endif
