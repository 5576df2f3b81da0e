/* The parts of report.html (report_html.c puts them in order): the findings first, then
 * the floors and what to be wary of, the figures, and the full tables folded away. */
#ifndef IPCBENCH_REPORT_PARTS_H
#define IPCBENCH_REPORT_PARTS_H
#include "out/rundir.h"
#include "plot/figure.h"
#include "text/csv.h"

/* The ranking of results.csv per mode, size and placement (report_rank.c). */
void report_findings(struct sbuf *b, const struct run_dir *r);
/* The machine's floors of meta.csv (report_facts.c). */
void report_floors(struct sbuf *b, const struct run_dir *r);
/* Warnings: virtual machine, other load, counters NA with the reason meta.csv gives,
 * cells without a figure, unsteady floors, figures that failed (report_facts.c). */
void report_warnings(struct sbuf *b, const struct run_dir *r, const struct figlist *figs);
/* meta.csv and summary.csv in full, each folded in a <details>; the summary's notes as
 * footnotes, one per distinct note, and columns NA in every row named, not shown
 * (report_tables.c). */
void report_tables(struct sbuf *b, const struct run_dir *r);

#endif
