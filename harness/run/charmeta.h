/* meta.csv entries of the characterisation layer: how cache=cold flushes, the
 * perf_event_paranoid setting, and for each event the run asks for whether this machine
 * counts it, or why not. */
#ifndef IPCBENCH_CHARMETA_H
#define IPCBENCH_CHARMETA_H
#include "config/config.h"
#include "run/meta.h"

void charmeta_collect(struct meta *m, const struct run_config *cfg);

#endif
