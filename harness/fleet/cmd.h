/* The commands of harness/fleet/: `ipcbench fleet slurm|ssh` and `ipcbench merge`. */
#ifndef IPCBENCH_FLEET_CMD_H
#define IPCBENCH_FLEET_CMD_H
#include <stdio.h>

int cmd_fleet(int argc, char **argv);
void usage_fleet(FILE *f);
int cmd_merge(int argc, char **argv);
void usage_merge(FILE *f);

#endif
