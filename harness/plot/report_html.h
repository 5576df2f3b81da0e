/* report.html of `ipcbench plot`: the run's metadata and summary (or, comparing runs, their
 * metadata side by side), then every figure by kind, with a "no data for this plot" line
 * for each plot the data did not support and gnuplot's words for each that failed. */
#ifndef IPCBENCH_PLOTREPORT_H
#define IPCBENCH_PLOTREPORT_H
#include "plot/figure.h"
#include "out/rundir.h"

/* Writes path atomically; figures are referenced as plots/NAME.svg and .png. Returns 0
 * or a negative errno. */
int plot_report_write(const char *path, const struct run_dir *runs, size_t nruns,
		      const struct figlist *figs);
/* Every figure by kind, one section per kind that has any (also for the fleet report). */
/* report: the page's path; its figures are in plots/ beside it. */
void plot_report_sections(struct sbuf *b, const struct figlist *l, const char *report);
/* The footer and the end of the page, then the page written to path atomically. */
int plot_report_end(struct sbuf *b, const char *path);

#endif
