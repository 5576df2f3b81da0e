/* report.html of a fleet directory (ipcbench plot FLEETDIR): outlier hosts among identical
 * machines with the cells that stand out, hosts that failed to run, the hosts and their
 * fingerprints, and the figures. */
#ifndef IPCBENCH_FLEET_FLEETREPORT_H
#define IPCBENCH_FLEET_FLEETREPORT_H
#include "plot/figure.h"
#include "fleet/analysis.h"

/* Writes path atomically; fig_at as from fleet_figures. 0 or a negative errno. */
int fleet_report_write(const char *path, const char *dir, const struct fleet_view *v,
		       const struct figlist *l, const size_t *fig_at);

#endif
