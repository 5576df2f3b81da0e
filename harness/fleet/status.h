/* The fleet status file, DIR/fleet-status.csv: one line per task (a node of a Slurm job
 * array, a host of an ssh fan-out) saying where it runs, how it ended and why, rewritten
 * atomically whenever a task changes. `fleet slurm --resume` reads it back to resubmit only
 * what is missing, and the fleet report lists the failed hosts from it. */
#ifndef IPCBENCH_FLEET_STATUS_H
#define IPCBENCH_FLEET_STATUS_H
#include <stddef.h>

#define FLEET_STATUS_FILE "fleet-status.csv"
#define FLEET_SLOT_MAX 272 /* a host name, '#' and a number */

enum task_state {
	TS_PENDING,      /* not started (or waiting in the Slurm queue) */
	TS_RUNNING,
	TS_OK,           /* its run directory is in DIR/hosts/SLOT */
	TS_CELLS_FAILED, /* ran to the end, some cells failed (exit 1): the run is there */
	TS_FAILED,       /* no run: unreachable, killed, timed out, cancelled ... (note) */
	TS_N
};
extern const char *const task_state_names[TS_N]; /* "pending", "running", "ok", ... */

struct fleet_task {
	char slot[FLEET_SLOT_MAX];  /* name of its run directory under DIR/hosts/ */
	char host[FLEET_SLOT_MAX];  /* the node or ssh destination it runs on */
	enum task_state state;
	char job[64];               /* Slurm: "JOB_TASK"; "" for ssh */
	int exit_code;              /* of ipcbench run on the host; -1 when unknown */
	double seconds;             /* wall time of the task; NAN when unknown */
	char note[1024];            /* why it failed, the Slurm state ... */
};

struct fleet_status {
	char kind[16];              /* "slurm" or "ssh" */
	struct fleet_task *t;
	size_t n;
};

/* Slot names for a list of hosts: each name, and name#2, name#3 ... for its repeats, so
 * that a node listed three times gets three run directories. names[i] must be valid host
 * names; returns 0 or -ENOMEM. */
int fleet_status_init(struct fleet_status *s, const char *kind, char *const *names, size_t n);
int fleet_status_write(const char *dir, const struct fleet_status *s);
/* Reads DIR/fleet-status.csv; a negative errno and "PATH:LINE: why" in err on error. */
int fleet_status_read(const char *dir, struct fleet_status *s, char *err, size_t errlen);
void fleet_status_free(struct fleet_status *s);
/* Tasks in state st (all of them when st < 0). */
size_t fleet_status_count(const struct fleet_status *s, int st);
int task_state_done(enum task_state st); /* ok, cells-failed or failed */

#endif
