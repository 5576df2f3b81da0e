/* `ipcbench plot FLEETDIR`: the fleet report (report.html, plots/, and the data files
 * fleet_cells.csv and fleet_heatmap.csv) of a directory written by ipcbench merge. */
#ifndef IPCBENCH_FLEET_FLEETPLOT_H
#define IPCBENCH_FLEET_FLEETPLOT_H

#define FLEET_OUTLIER_DEFAULT 0.20

/* outdir NULL: into dir. Returns the exit code of ipcbench plot: 0 every figure drawn,
 * 1 one failed (or gnuplot is missing, or a file could not be written), 2 dir is not a
 * fleet directory. */
int fleet_plot_main(const char *dir, const char *outdir, double outlier_frac);
/* "20%" or "0.2" -> 0.2 (above 0, below 10); 0 or -EINVAL. */
int fleet_parse_fraction(const char *s, double *out);

#endif
