/* `ipcbench lrpc`: its options (lrpcrun/session.c runs what they ask for). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "config/values.h"
#include "lrpcrun/lrpcrun.h"
#include "text/parse.h"
#include "sys/pin.h"

void usage_lrpc(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench lrpc [-o DIR] [--duration T] [--warmup T] [--repeat R] [--cpus A,B]\n"
		"                     [-q]\n\n"
		"LRPC (Bershad et al. 1990) emulated with shared-memory A-stacks and four ways of\n"
		"handing control over (lrpc-futex, lrpc-spin, lrpc-hybrid, lrpc-yield), measured\n"
		"against an RPC over pipe, unix-stream, sysv-msg and shm-futex, on one CPU (A) and\n"
		"on two (A, B):\n"
		"  null     no argument in, an 8-byte result out (the others: 8 bytes each way)\n"
		"  args8    8 arguments in the A-stack header (the others: 64 bytes each way)\n"
		"  in       64 B and 4 KiB in, read by the handler in place or after a TOCTTOU-safe\n"
		"           copy (lrpc-futex[-safe], lrpc-spin[-safe])\n"
		"  payload  8 B to 64 KiB each way through the harness, every transport\n"
		"LRPC rows also give where the time goes, from TSC stamps at each stage.\n\n"
		"Options:\n"
		"  -o, --output DIR   write here instead of results/<UTC time>-<host>/\n"
		"      --duration T   measured time per cell (default 200ms)\n"
		"      --warmup T     unrecorded warm-up per cell (default 50ms)\n"
		"      --repeat R     repetitions, fresh processes each (default 3)\n"
		"      --cpus A,B     the client's CPU and the server's CPU across CPUs\n"
		"  -q, --quiet        no floors, progress or table on the terminal\n\n"
		"Output: lrpc.csv (one row per transport, placement, call and size: medians over the\n"
		"repetitions of p50, p99 and of each stage's median), the harness cells as in any run\n"
		"(results.csv, summary.csv, spectrum.csv: 'ipcbench plot DIR' draws them) and\n"
		"meta.csv (machine, floors, TSC offset bounds, other load, key ratios).\n"
		"About 2 minutes with the defaults on 2 CPUs.\n");
}

static int bad(const char *opt, const char *val)
{
	fprintf(stderr, "ipcbench lrpc: %s '%s' is not valid (see ipcbench help lrpc)\n", opt, val);
	return EXIT_USAGE;
}

static int parse_cpus(struct lrpc_cmd *c, const char *s)
{
	char why[160];

	if (config_parse_cpus(s, &c->run.cpu_a, &c->run.cpu_b, why, sizeof(why)) < 0)
		return cli_error("lrpc", "--cpus '%s': %s", s, why);
	return 0;
}

static int parse_opts(struct lrpc_cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, 0, 'o' }, { "duration", required_argument, 0, 'd' },
		{ "warmup", required_argument, 0, 'w' }, { "repeat", required_argument, 0, 'r' },
		{ "cpus", required_argument, 0, 'C' },   { "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' },         { 0, 0, 0, 0 }
	};
	uint64_t v;
	int o;

	while ((o = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		if (o == 'o')
			c->outdir = optarg;
		else if (o == 'q')
			c->quiet = 1;
		else if (o == 'd' && parse_duration_ns(optarg, &c->run.duration_ns) < 0)
			return bad("--duration", optarg);
		else if (o == 'w' && parse_duration_ns(optarg, &c->run.warmup_ns) < 0)
			return bad("--warmup", optarg);
		else if (o == 'r' && parse_u64(optarg, 1, 100, &v) < 0)
			return bad("--repeat", optarg);
		else if (o == 'r')
			c->run.repeat = (unsigned)v;
		else if (o == 'C' && parse_cpus(c, optarg))
			return EXIT_USAGE;
		else if (o == 'h' || o == '?') {
			usage_lrpc(o == 'h' ? stdout : stderr);
			return o == 'h' ? -1 : EXIT_USAGE;
		}
	}
	if (optind < argc)
		return bad("argument", argv[optind]);
	return c->run.duration_ns ? 0 : bad("--duration", "0");
}

int cmd_lrpc(int argc, char **argv)
{
	struct lrpc_cmd c = { .run = { .duration_ns = 200000000, .warmup_ns = 50000000,
				       .repeat = 3 } };
	int e;

	if (pin_default_pair(&c.run.cpu_a, &c.run.cpu_b) < 0)
		c.run.cpu_a = c.run.cpu_b = 0;
	if ((e = parse_opts(&c, argc, argv)) != 0)
		return e < 0 ? 0 : e;
	return lrpc_session(&c);
}
