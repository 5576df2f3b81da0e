/* The private directory gnuplot works in: a fresh 0700 directory made with mkdtemp inside
 * the output's plots/ (so no one can plant a file or a link at a name gnuplot will write),
 * holding a copy of each run's tables with every field on one line (gnuplot reads a
 * quoted line break as the end of a row) and the figures' temp outputs, which are then
 * renamed into plots/. */
#ifndef IPCBENCH_GPDATA_H
#define IPCBENCH_GPDATA_H
#include <limits.h>
#include <stddef.h>
#include "out/rundir.h"
#include "out/runquery.h"
#include "text/csv.h"

struct gp_work {
	char dir[PATH_MAX]; /* plots/.gnuplot-XXXXXX */
	size_t nruns;
};

/* Makes the directory in plots and a copy of each run's tables in it, pointing each run's
 * data there. Returns 0 or a negative errno with what failed in err. */
int gp_work_open(struct gp_work *w, const char *plots, struct run_dir *runs, size_t n,
		 char *err, size_t errlen);
/* The header and the rows of t that s selects, flattened as the copies are: a figure's
 * own table, for a script that reads every row of its file once per line it draws. */
void gp_table_subset(struct sbuf *b, const struct csv_table *t, const struct rowsel *s);
/* Removes the directory and everything in it. */
void gp_work_close(struct gp_work *w);

#endif
