/* What `fleet slurm` and `fleet ssh` share: the fleet directory and what is staged in it
 * (the binary every host runs, the configuration, the source tree when hosts build their
 * own binary), the status file, and the end: every run directory that came back merged
 * into the fleet directory itself.
 *
 * DIR/bin/ipcbench   a copy of this very binary        DIR/fleet.conf  the configuration
 * DIR/src.tar        the source tree (--build)         DIR/hosts/SLOT  each host's run
 * DIR/logs/          what each host and tool printed   DIR/fleet-status.csv */
#ifndef IPCBENCH_FLEET_FLEETRUN_H
#define IPCBENCH_FLEET_FLEETRUN_H
#include <limits.h>
#include <stddef.h>
#include "fleet/status.h"

struct fleet_run {
	char dir[PATH_MAX];    /* absolute */
	char bin[PATH_MAX + 32], conf[PATH_MAX + 32], src_tar[PATH_MAX + 32]; /* src_tar "" */
	struct fleet_status st;
	int build;             /* hosts build their own binary from src.tar */
};

/* Checks the configuration file (errors name file, line and value: -EINVAL), makes the
 * fleet directory (default results/fleet-<UTC time>; one that has a fleet in it already is
 * refused) and stages the binary, the configuration and, with build, the source tree.
 * Fills f->st with one pending task per name. Returns 0 or a negative errno, err says. */
int fleet_prepare(struct fleet_run *f, const char *kind, const char *config,
		  const char *outdir, int build, char *const *names, size_t n, char *err,
		  size_t errlen);
/* For --resume: the fleet directory and its status file as a previous run left them. */
int fleet_reopen(struct fleet_run *f, const char *kind, const char *dir, char *err,
		 size_t errlen);
/* Writes the status file; says on stderr when it cannot (returns the error). */
int fleet_save(const struct fleet_run *f);
/* Path of a file in the fleet directory: DIR/fmt... */
void fleet_path(const struct fleet_run *f, char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A run directory that came back as DIR/hosts/SLOT: records the slot in its meta.csv
 * (fleet_host, the label merge gives it) and decides ok or cells-failed from exit_code. */
void fleet_task_ran(const struct fleet_run *f, struct fleet_task *t, int exit_code);
/* Merges the run directories that came back into DIR, prints the outcome of every task
 * and returns the exit code: 0 all ok, 1 a host failed or had failed cells (or the merge
 * failed). */
int fleet_finish(struct fleet_run *f, const char *cmd);
void fleet_run_free(struct fleet_run *f);

#endif
