/* `ipcbench crosscheck`: ipcbench next to perf bench, sockperf and lmbench (crosscheck.h). */
#ifndef IPCBENCH_CMD_CROSSCHECK_H
#define IPCBENCH_CMD_CROSSCHECK_H
#include <stdio.h>

int cmd_crosscheck(int argc, char **argv);
void usage_crosscheck(FILE *f);

#endif
