/* `ipcbench merge DIR... -o FLEETDIR`: options and usage; the work is in merge.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
#include "fleet/merge.h"
#include "run/run.h"

void usage_merge(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench merge DIR... -o FLEETDIR [-q]\n\n"
		"Combines the run directories of many hosts (ipcbench run, fleet slurm, fleet ssh)\n"
		"into one fleet directory, keyed by host and by host fingerprint: a hash of what\n"
		"makes two machines comparable, from each run's meta.csv (cpu_model,\n"
		"cpu_microcode, kernel, topology, cpu_governor, cpu_vulnerabilities).\n\n"
		"Writes into FLEETDIR:\n"
		"  fleet.csv          every results.csv row, with host and fingerprint first\n"
		"  fleet_summary.csv  every summary.csv row, the same way\n"
		"  hosts.csv          one line per host: label, hostname, fingerprint and its\n"
		"                     fields, run status, rows, run directory\n"
		"A host is labelled with the slot a fleet run gave it (meta.csv fleet_host: the\n"
		"node or ssh alias), else its hostname; a label that repeats gets #2, #3 ...\n"
		"Columns are the union of the runs' columns (NA where a run has no such column).\n\n"
		"Then:\n"
		"  ipcbench plot FLEETDIR               hosts side by side, outliers (report.html)\n"
		"  ipcbench compare FLEET_A FLEET_B     per-host keys: host is part of every key\n\n"
		"Options:\n"
		"  -o, --output FLEETDIR  where to write (made if missing; files are replaced)\n"
		"  -q, --quiet            no line per host\n\n"
		"Exit codes: 0 merged, 1 the fleet directory could not be written, 2 usage error\n"
		"or a directory that is not a run (or is given twice).\n\n"
		"Examples:\n"
		"  ipcbench merge lab/*/results/latest -o lab-fleet\n"
		"  ipcbench merge fleet/hosts/* -o fleet\n");
}

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = { { "output", required_argument, 0, 'o' },
					      { "quiet", no_argument, 0, 'q' },
					      { "help", no_argument, 0, 'h' },
					      { 0, 0, 0, 0 } };
	const char *out = NULL;
	char err[8192];
	int c, quiet = 0, r;

	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
		} else if (c == 'q') {
			quiet = 1;
		} else {
			usage_merge(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_USAGE;
		}
	}
	if (!out || optind >= argc) {
		fprintf(stderr, "ipcbench merge: %s (see ipcbench help merge)\n",
			!out ? "-o FLEETDIR is required" : "no run directory given");
		return EXIT_USAGE;
	}
	r = fleet_merge(argv + optind, (size_t)(argc - optind), out, quiet, err, sizeof(err));
	if (r < 0)
		fprintf(stderr, "ipcbench merge: %s\n", err);
	return r == 0 ? 0 : r == -EINVAL ? EXIT_USAGE : EXIT_SOME_FAILED;
}
