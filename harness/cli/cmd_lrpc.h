/* `ipcbench lrpc`: LRPC's null-call table on this machine (what it measures: lrpcrun/lrpcrun.h). */
#ifndef IPCBENCH_LRPCCMD_H
#define IPCBENCH_LRPCCMD_H
#include <stdio.h>

void lrpccmd_usage(FILE *f);
/* argv[0] is "lrpc". Returns the tool's exit code. */
int lrpccmd_main(int argc, char **argv);

#endif
