/* `ipcbench run`: calibrate, plan the cells of every sweep, run them one by one while
 * keeping results.csv, summary.csv and meta.csv on disk current, then print the table. */
#ifndef IPCBENCH_RUN_H
#define IPCBENCH_RUN_H
#include "config/config.h"

/* Exit codes of the tool. */
enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

/* Returns one of the exit codes above; reports errors on stderr with context. */
int run_execute(struct run_config *cfg);

#endif
