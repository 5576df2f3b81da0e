/* `ipcbench run`: calibrate, plan the cells of every sweep, run them one by one while
 * keeping results.csv, summary.csv and meta.csv on disk current, then print the table. */
#ifndef IPCBENCH_RUN_H
#define IPCBENCH_RUN_H
#include "config/config.h"

#include "sys/exitcode.h"

/* Returns an exit code (sys/exitcode.h); reports errors on stderr with context. */
int run_execute(struct run_config *cfg);

#endif
