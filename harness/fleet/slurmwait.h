/* Waiting for the tasks of a fleet's job arrays: see slurm.h. */
#ifndef IPCBENCH_FLEET_SLURMWAIT_H
#define IPCBENCH_FLEET_SLURMWAIT_H
#include <stddef.h>
#include "fleet/fleetrun.h"

/* Asks Slurm once about every queued or running task, ends those that ended (from their
 * status files: ok, cells-failed, or failed with Slurm's state and reason) and saves the
 * status file. Returns the tasks still queued or running. */
size_t slurm_poll_once(struct fleet_run *f);
/* Polls until no task is queued or running: 1 s between looks at first, growing by half
 * each time up to poll_max_s; one line on stdout whenever the counts change. */
void slurm_wait(struct fleet_run *f, double poll_max_s);

#endif
