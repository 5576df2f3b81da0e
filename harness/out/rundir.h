/* A run directory read back for plotting: its CSV files by name (those a run may lack
 * are left empty) and its meta.csv as key/value pairs. */
#ifndef IPCBENCH_RUNDIR_H
#define IPCBENCH_RUNDIR_H
#include <limits.h>
#include "text/csvread.h"

enum run_file {
	RF_SUMMARY, RF_META, RF_SPECTRUM, RF_MATRIX, RF_COPIES, RF_LRPC, RF_RESULTS, RF_N
};
extern const char *const run_file_names[RF_N]; /* "summary.csv", ... */

struct run_dir {
	char path[PATH_MAX];      /* as given */
	char data[PATH_MAX];      /* where gnuplot reads its CSV files: path, or the sanitized copy
	                             plot made of them (plot/gpdata.h) */
	char name[NAME_MAX + 1];  /* last component of its real path (results/latest -> the run) */
	struct csv_table t[RF_N]; /* empty (ncols 0) when the file is absent or unreadable */
	int present[RF_N];
	char err[RF_N][512];      /* why a file that is there could not be read; "" when fine */
};

/* Reads every file of dir. A directory without a readable summary.csv is not a run:
 * returns a negative errno and says so, naming the directory, in err. Other files that
 * are missing stay empty; other files that are there but malformed stay empty with the
 * reason in r->err. */
int run_dir_load(struct run_dir *r, const char *dir, char *err, size_t errlen);
/* Value of a meta.csv key, or NULL. */
const char *run_meta(const struct run_dir *r, const char *key);
void run_dir_free(struct run_dir *r);

#endif
