/* `ipcbench fleet slurm`: the run on every node of a list or a partition, as one Slurm job
 * array (one task per node, --exclusive), through sbatch, scontrol, squeue and sacct:
 * nothing is scheduled here. The fleet directory must be shared between this machine and
 * the nodes (the same path on all); each task leaves its run directory in it. Waiting polls
 * scontrol (sacct once the controller has forgotten a job) at an interval that grows from
 * 1 s to --poll (default 30 s), printing a line whenever the counts change. */
#ifndef IPCBENCH_FLEET_SLURM_H
#define IPCBENCH_FLEET_SLURM_H
#include "fleet/fleetrun.h"

struct slurm_opts {
	const char *nodes;      /* a node list in Slurm's syntax (node[01-30],gpu7), or NULL */
	const char *partition;  /* all nodes of it (sinfo) when no node list; passed to sbatch */
	const char *time_limit; /* sbatch --time, or NULL */
	int no_wait;            /* print the job id and return once submitted */
	double poll_max_s;      /* the longest interval between two looks */
};

/* The node names of a list (scontrol show hostnames) or of a partition (sinfo), validated
 * as host names; *names is a NULL-terminated vector to free with slurm_nodes_free. */
int slurm_nodes(const struct slurm_opts *o, char ***names, size_t *n, char *err,
		size_t errlen);
void slurm_nodes_free(char **names, size_t n);
/* Submits the tasks of f that are not done and not in the queue, and waits for all (or,
 * with no_wait, returns after submitting). Returns the exit code: 0 every host ran,
 * 1 one failed (or sbatch refused), 2 bad input. */
int fleet_slurm_run(struct fleet_run *f, const struct slurm_opts *o);
/* The batch script, with `submit` (the sbatch command line) in its header comment. */
int slurm_script_write(const struct fleet_run *f, const char *path, const char *submit);

#endif
