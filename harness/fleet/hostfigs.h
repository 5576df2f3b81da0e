/* The figures of a fleet report and the data files their scripts read:
 *   fleet_cells.csv    one row per host and cell: its p50, the fleet's median, the median
 *                      of the hosts with its fingerprint, both ratios, outlier yes/no/NA
 *   fleet_heatmap.csv  one row per mode, host and transport: the geometric mean of the
 *                      host's ratios to the fleet median over that transport's cells */
#ifndef IPCBENCH_FLEET_HOSTFIGS_H
#define IPCBENCH_FLEET_HOSTFIGS_H
#include "plot/figure.h"
#include "fleet/analysis.h"

#define FLEET_CELLS_FILE "fleet_cells.csv"
#define FLEET_HEATMAP_FILE "fleet_heatmap.csv"

/* Writes the data files into dir and adds the figures to l; fig_at[f] (room for
 * v->nfigs) gets the index in l of the figure of figure key f. 0 or a negative errno. */
int fleet_figures(const struct fleet_view *v, const char *dir, struct figlist *l,
		  size_t *fig_at);
/* The heatmaps (one per mode) and fleet_heatmap.csv. */
int fleet_heatmaps(const struct fleet_view *v, const char *dir, struct figlist *l);
/* The hosts' names in display order as the gnuplot word list hosts (blanks and quotes
 * as _), and groups: the display positions where a new fingerprint begins. */
void fleet_host_vars(const struct fleet_view *v, struct sbuf *vars);

#endif
