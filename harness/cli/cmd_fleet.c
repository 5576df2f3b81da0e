/* `ipcbench fleet slurm|ssh|synth`: options and usage; the work is in slurm.c, ssh.c and
 * synth.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "fleet/fleetrun.h"
#include "fleet/hostsfile.h"
#include "fleet/slurm.h"
#include "fleet/ssh.h"
#include "fleet/synth.h"
#include "text/parse.h"
#include "run/run.h"

#define ERR(...) (fprintf(stderr, "ipcbench fleet: " __VA_ARGS__), EXIT_USAGE)

void usage_fleet(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench fleet slurm -c CONFIG [--nodes LIST | --partition P] [-o DIR]\n"
		"                            [--time LIMIT] [--no-wait] [--build] [--poll S]\n"
		"       ipcbench fleet slurm -o DIR --resume [--time LIMIT] [--no-wait]\n"
		"       ipcbench fleet ssh -c CONFIG --hosts FILE [-j N] [-o DIR] [--build]\n"
		"                          [--ssh-config FILE] [--ssh-option KEY=VALUE]...\n"
		"                          [--connect-timeout S]\n"
		"       ipcbench fleet synth RUNDIR... --hosts N --cells N -o DIR [--seed N]\n\n"
		"Runs one configuration on many machines with the tools the lab already has, then\n"
		"merges the run directories into DIR (default results/fleet-<UTC time>), ready for\n"
		"ipcbench plot DIR (hosts side by side, outliers) and ipcbench compare.\n"
		"DIR/bin/ipcbench is a copy of this binary: every host runs the same build (or,\n"
		"with --build, builds its own from the source tree of this binary). Each host's run\n"
		"lands in DIR/hosts/HOST; DIR/fleet-status.csv says how every host ended and why.\n\n"
		"slurm: one job array, one task per node, each --exclusive, submitted held and\n"
		"  placed on its node (scontrol update ReqNodeList) before release. DIR must be on a\n"
		"  file system the nodes share, at the same path. Waits, polling scontrol (sacct once\n"
		"  the controller forgot the job), and records failed, cancelled and timed-out tasks\n"
		"  as failed hosts. A node listed N times runs N times, one after the other.\n"
		"  --nodes LIST      Slurm node list, e.g. lab[01-30] or n1,n2,n2\n"
		"  --partition P     every node of P (sinfo), or with --nodes: the partition to use\n"
		"  --time LIMIT      sbatch --time for each task, e.g. 30:00\n"
		"  --no-wait         print the job id and return once submitted\n"
		"  --resume          resubmit only the tasks of DIR that failed or never ran, and\n"
		"                    wait for those still queued\n"
		"  --poll S          longest interval between two looks (default 30 s)\n\n"
		"ssh: each host of FILE in turn (-j N at a time, default 1; never two runs on one\n"
		"  host), with BatchMode=yes (never a password prompt), ConnectTimeout and your own\n"
		"  keys and ~/.ssh/config: a private directory there (mktemp -d), the binary and\n"
		"  config copied in with scp, ipcbench run, the run directory fetched back, the\n"
		"  directory removed. An unreachable host is reported with ssh's own error and the\n"
		"  others go on. FILE: one host per line as [user@]host[:port], # comments.\n"
		"  -j, --jobs N            hosts at a time (default 1)\n"
		"  --ssh-config FILE       ssh -F FILE (aliases, keys, jump hosts)\n"
		"  --ssh-option KEY=VALUE  ssh -o KEY=VALUE, e.g. StrictHostKeyChecking=accept-new\n"
		"  --connect-timeout S     ssh ConnectTimeout (default 10)\n\n"
		"Both:\n"
		"  -c, --config FILE   the configuration every host runs (checked here first)\n"
		"  -o, --output DIR    the fleet directory\n"
		"  --build             send the source tree and build on each host (make ipcbench)\n\n"
		"synth: a synthetic fleet from real runs, to measure what merge, compare and plot\n"
		"  cost as a fleet grows: N host directories of N cells (results rows) each in\n"
		"  DIR/hosts/, the real rows cycled (each further pass a distinct cell: +64 bytes of\n"
		"  footprint_bytes), host names varied, the last third of the hosts on another\n"
		"  kernel, times scaled within +-4 %% per host and +-2 %% per row, host 5 40 %% slower\n"
		"  at its first transport. --seed N changes the scaling (default 1).\n\n"
		"Exit codes: 0 every host ran and every cell passed, 1 a host failed or had failed\n"
		"cells, 2 usage error (bad option, configuration, hosts file: file:line:value).\n\n"
		"Examples:\n"
		"  ipcbench fleet ssh -c configs/quick.conf --hosts lab.txt -j 4 -o lab\n"
		"  ipcbench fleet slurm -c configs/ci.conf --partition lab --time 20:00 -o /shared/f\n"
		"  ipcbench fleet slurm -o /shared/f --resume\n"
		"  ipcbench plot lab; ipcbench compare lab-before lab\n");
}

struct fleet_args {
	const char *config, *out, *nodes, *partition, *time_limit, *hosts;
	int no_wait, resume, build;
	double poll_s;
	struct ssh_opts ssh;
	size_t synth_hosts, synth_cells;
	uint64_t seed;
};

static int check_ssh_option(const char *s)
{
	size_t key = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

	if (key == 0 || s[key] != '=')
		return ERR("--ssh-option '%s': expected KEY=VALUE (an ssh_config keyword)\n", s);
	if (strncasecmp(s, "BatchMode", key) == 0 && key == 9)
		return ERR("--ssh-option '%s': BatchMode stays yes (no prompt may wait for a "
			   "password)\n", s);
	return 0;
}

static int add_ssh_option(struct fleet_args *a, char *s)
{
	char **v = realloc(a->ssh.extra, (a->ssh.nextra + 1) * sizeof(*v));

	if (check_ssh_option(s))
		return EXIT_USAGE;
	if (!v)
		return ERR("out of memory\n");
	a->ssh.extra = v;
	v[a->ssh.nextra++] = s;
	return 0;
}

static int number(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *v)
{
	if (parse_u64(s, lo, hi, v) < 0)
		return ERR("%s '%s': expected a whole number from %llu to %llu\n", opt, s,
			   (unsigned long long)lo, (unsigned long long)hi);
	return 0;
}

static int time_limit_ok(const char *s)
{
	if (*s && !s[strspn(s, "0123456789:-")])
		return 0;
	return ERR("--time '%s': expected a Slurm time limit such as 30, 30:00, 1:00:00 or "
		   "1-00:00:00\n", s);
}

static int one_option(int c, char *arg, struct fleet_args *a)
{
	uint64_t v;
	int r = 0;

	switch (c) {
	case 'c': a->config = arg; break;
	case 'o': a->out = arg; break;
	case 'N': a->nodes = arg; break;
	case 'P': a->partition = arg; break;
	case 'T': r = time_limit_ok(arg); a->time_limit = arg; break;
	case 'W': a->no_wait = 1; break;
	case 'R': a->resume = 1; break;
	case 'B': a->build = 1; break;
	case 'H': a->hosts = arg; break;
	case 'F': a->ssh.ssh_config = arg; break;
	case 'O': r = add_ssh_option(a, arg); break;
	case 'p': r = number("--poll", arg, 1, 3600, &v); a->poll_s = (double)v; break;
	case 't': r = number("--connect-timeout", arg, 1, 600, &v); a->ssh.connect_timeout_s = (int)v; break;
	case 'j': r = number("--jobs", arg, 1, 10000, &v); a->ssh.jobs = v; break;
	case 'n': r = number("--cells", arg, 1, 100000000, &v); a->synth_cells = v; break;
	case 's': r = number("--seed", arg, 0, UINT64_MAX, &v); a->seed = v; break;
	default: return c == 'h' ? -1 : ERR("see 'ipcbench help fleet'\n");
	}
	return r;
}

static int parse(int argc, char **argv, struct fleet_args *a)
{
	static const struct option opts[] = {
		{ "config", required_argument, 0, 'c' },   { "output", required_argument, 0, 'o' },
		{ "nodes", required_argument, 0, 'N' },    { "partition", required_argument, 0, 'P' },
		{ "time", required_argument, 0, 'T' },     { "no-wait", no_argument, 0, 'W' },
		{ "resume", no_argument, 0, 'R' },         { "build", no_argument, 0, 'B' },
		{ "hosts", required_argument, 0, 'H' },    { "ssh-config", required_argument, 0, 'F' },
		{ "ssh-option", required_argument, 0, 'O' }, { "poll", required_argument, 0, 'p' },
		{ "connect-timeout", required_argument, 0, 't' }, { "jobs", required_argument, 0, 'j' },
		{ "cells", required_argument, 0, 'n' },    { "seed", required_argument, 0, 's' },
		{ "help", no_argument, 0, 'h' },           { 0, 0, 0, 0 }
	};
	int c, r;

	*a = (struct fleet_args){ .poll_s = 30, .seed = 1,
				  .ssh = { .connect_timeout_s = 10, .jobs = 1 } };
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:o:j:h", opts, NULL)) != -1)
		if ((r = one_option(c, optarg, a)) != 0)
			return r;
	return 0;
}

static int cmd_slurm(struct fleet_args *a)
{
	struct slurm_opts o = { a->nodes, a->partition, a->time_limit, a->no_wait, a->poll_s };
	struct fleet_run f;
	char err[4096], **names = NULL;
	size_t n = 0;
	int r;

	if (a->resume && (a->config || a->nodes || a->build || !a->out))
		return ERR("slurm --resume takes the configuration, nodes and binary from the fleet "
			   "directory: give -o DIR (and --time, --no-wait, --poll at most)\n");
	if (!a->resume && (!a->config || (!a->nodes && !a->partition)))
		return ERR("slurm needs -c CONFIG and --nodes LIST or --partition P (see ipcbench "
			   "help fleet)\n");
	r = a->resume ? fleet_reopen(&f, "slurm", a->out, err, sizeof(err))
		      : slurm_nodes(&o, &names, &n, err, sizeof(err));
	if (r == 0 && !a->resume)
		r = fleet_prepare(&f, "slurm", a->config, a->out, a->build, names, n, err,
				  sizeof(err));
	slurm_nodes_free(names, n);
	if (r < 0) {
		fprintf(stderr, "ipcbench fleet slurm: %s\n", err);
		return r == -EINVAL ? EXIT_USAGE : EXIT_SOME_FAILED;
	}
	r = fleet_slurm_run(&f, &o);
	fleet_run_free(&f);
	return r;
}

static int cmd_ssh(struct fleet_args *a)
{
	struct host_list hosts;
	struct fleet_run f;
	char err[4096], **names;
	int r;

	if (!a->config || !a->hosts)
		return ERR("ssh needs -c CONFIG and --hosts FILE (see ipcbench help fleet)\n");
	if (a->resume || a->nodes || a->partition || a->time_limit || a->no_wait)
		return ERR("--resume, --nodes, --partition, --time and --no-wait are for fleet "
			   "slurm\n");
	if (hosts_file_load(a->hosts, &hosts, err, sizeof(err)) < 0)
		return ERR("%s\n", err);
	names = calloc(hosts.n + 1, sizeof(*names));
	for (size_t i = 0; names && i < hosts.n; i++)
		names[i] = hosts.v[i].name;
	r = names ? fleet_prepare(&f, "ssh", a->config, a->out, a->build, names, hosts.n, err,
				  sizeof(err)) : -ENOMEM;
	free(names);
	if (r < 0) {
		fprintf(stderr, "ipcbench fleet ssh: %s\n", r == -ENOMEM ? "out of memory" : err);
		host_list_free(&hosts);
		return r == -EINVAL ? EXIT_USAGE : EXIT_SOME_FAILED;
	}
	r = fleet_ssh_run(&f, &hosts, &a->ssh);
	fleet_run_free(&f);
	host_list_free(&hosts);
	return r;
}

static int cmd_synth(struct fleet_args *a, char **dirs, size_t ndirs)
{
	struct synth_opts o = { dirs, ndirs, 0, a->synth_cells, a->seed, a->out };
	char err[4096];
	uint64_t hosts;

	if (!a->hosts || number("--hosts", a->hosts, 1, 100000, &hosts) != 0 || !a->synth_cells ||
	    !a->out || ndirs == 0)
		return ERR("synth needs RUNDIR..., --hosts N, --cells N and -o DIR\n");
	o.hosts = hosts;
	if (fleet_synth(&o, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcbench fleet synth: %s\n", err);
		return EXIT_USAGE;
	}
	printf("ipcbench fleet synth: %zu hosts x %zu cells in %s/hosts; then: ipcbench merge "
	       "%s/hosts/* -o %s\n", o.hosts, o.cells, o.out, o.out, o.out);
	return 0;
}

int cmd_fleet(int argc, char **argv)
{
	struct fleet_args a;
	const char *sub = argc > 1 ? argv[1] : "";
	int r;

	if (strcmp(sub, "slurm") != 0 && strcmp(sub, "ssh") != 0 && strcmp(sub, "synth") != 0) {
		int help = strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0;
		usage_fleet(help ? stdout : stderr);
		return help ? 0 : EXIT_USAGE;
	}
	r = parse(argc - 1, argv + 1, &a);
	if (r == 0 && strcmp(sub, "synth") != 0 && optind < argc - 1)
		r = ERR("unexpected argument '%s' (see ipcbench help fleet)\n", argv[optind + 1]);
	if (r == 0)
		r = strcmp(sub, "slurm") == 0 ? cmd_slurm(&a)
		    : strcmp(sub, "ssh") == 0 ? cmd_ssh(&a)
					      : cmd_synth(&a, argv + 1 + optind, (size_t)(argc - 1 - optind));
	free(a.ssh.extra);
	if (r < 0)
		usage_fleet(stdout);
	return r < 0 ? 0 : r;
}
