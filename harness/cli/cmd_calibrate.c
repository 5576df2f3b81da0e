/* `ipcbench calibrate`: the floors of a CPU pair, on the terminal. */
#include <string.h>
#include "cli/cli.h"
#include "config/values.h"
#include "floors/calibrate.h"
#include "sys/clock.h"
#include "sys/pin.h"

void usage_calibrate(FILE *f)
{
	fprintf(f, "Usage: ipcbench calibrate [--cpus A,B] [--clock gettime]\n\n"
		   "Measures the floors every run records in meta.csv: the timer's own cost, the\n"
		   "round trip of one cache line between CPU A and CPU B (a transport cannot beat\n"
		   "it), single-thread memcpy bandwidth at 64 KiB, 1 MiB and 64 MiB, and the cost\n"
		   "of a null system call.\n");
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option opts[] = { { "cpus", required_argument, 0, 'C' },
					      { "clock", required_argument, 0, 'K' },
					      { "help", no_argument, 0, 'h' },
					      { 0, 0, 0, 0 } };
	struct clock_src clk;
	struct floors f;
	int c, r, client, server, gettime = 0;
	char why[160];

	if (pin_default_pair(&client, &server) < 0)
		client = server = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		if (c == 'C' && config_parse_cpus(optarg, &client, &server, why, sizeof(why)) < 0)
			return cli_error("calibrate", "--cpus '%s': %s", optarg, why);
		if (c == 'K' && strcmp(optarg, "gettime") != 0 && strcmp(optarg, "tsc") != 0)
			return cli_error("calibrate", "--clock '%s': expected tsc or gettime", optarg);
		if (c == 'K')
			gettime = strcmp(optarg, "gettime") == 0;
		if (c == 'h') {
			usage_calibrate(stdout);
			return 0;
		}
		if (c == '?' || c == ':')
			return cli_bad_option("calibrate", argv, opts);
	}
	if (optind < argc)
		return cli_stray_argument("calibrate", argv, optind, opts);
	r = clock_init(&clk, gettime);
	if (r == 0)
		r = calibrate_run(&clk, client, server, &f);
	if (r < 0) {
		fprintf(stderr, "ipcbench calibrate: %s\n", strerror(-r));
		return EXIT_SOME_FAILED;
	}
	printf("clock: %s", clk.name);
	if (clk.tsc)
		printf(" at %.3f GHz (calibrated against CLOCK_MONOTONIC_RAW)", clk.tsc_hz / 1e9);
	printf("\n");
	calibrate_print(&f, stdout);
	return f.ok ? 0 : EXIT_SOME_FAILED;
}
