/* `ipcbench fleet ssh`: the same run on every host of a hosts file, through the ssh and scp
 * a lab already uses (its keys, agent and ~/.ssh/config). For each host, in a worker
 * process of its own, at most `jobs` hosts at a time and never two runs on one host:
 *   1. ssh: a private directory on the host (mktemp -d), which also tells whether it answers
 *   2. scp: the binary (or the source, with --build) and the configuration into it
 *   3. ssh: (with --build: make ipcbench there, then) ipcbench run -q -o run
 *   4. scp: the run directory back into DIR/hosts/HOST
 *   5. ssh: remove the host's directory
 * Always BatchMode=yes (no password or passphrase prompt, ever), ConnectTimeout, and
 * LogLevel=ERROR so that ssh's first line of stderr is the error itself. Every command
 * is an argument vector: no string of the user reaches a local shell, and the one remote
 * command line is built from quoted fixed words and the validated remote directory. */
#ifndef IPCBENCH_FLEET_SSH_H
#define IPCBENCH_FLEET_SSH_H
#include <stddef.h>
#include "fleet/fleetrun.h"
#include "fleet/hostsfile.h"

struct ssh_opts {
	const char *ssh_config;  /* ssh -F FILE, or NULL for the user's own */
	char **extra;            /* -o KEY=VALUE given with --ssh-option */
	size_t nextra;
	int connect_timeout_s;
	size_t jobs;             /* hosts at a time */
};

/* Runs every host of hosts (f prepared with one task per host, in order) and returns the
 * exit code of fleet_finish. */
int fleet_ssh_run(struct fleet_run *f, const struct host_list *hosts, const struct ssh_opts *o);

#endif
