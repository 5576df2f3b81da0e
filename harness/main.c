/* ipcbench: command-line entry. Each subcommand parses its own options and hands over. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "calibrate.h"
#include "clean.h"
#include "compare.h"
#include "config.h"
#include "csv.h"
#include "fleet/cmd.h"
#include "fleet/fleetplot.h"
#include "fleet/merge.h"
#include "lrpccmd.h"
#include "resume.h"
#include "parse.h"
#include "plot.h"
#include "run.h"
#include "topology.h"
#include "version.h"

static void usage_main(FILE *f)
{
	fprintf(f,
		"ipcbench %s: measure and characterize inter-process communication on Linux\n\n"
		"Usage: ipcbench COMMAND [OPTIONS]\n\n"
		"Commands:\n"
		"  run        measure latency or bandwidth of transports over message sizes\n"
		"  list       list the transports and their model (copies, limits, waiting)\n"
		"  calibrate  measure this machine's floors: timer, cache-line round trip,\n"
		"             memcpy bandwidth, null system call\n"
		"  topo       show the CPU topology and the CPU pair of each placement class\n"
		"  lrpc       LRPC emulated with futexes against classic IPC: the null-call table\n"
		"  clean      remove what killed runs left behind (temp dirs, IPC objects)\n"
		"  plot       draw a run's figures (PNG, SVG) and report.html, or compare runs\n"
		"  compare    compare two runs key by key; exit 1 when something regressed\n"
		"  fleet      run on many machines through Slurm or ssh, merged by host\n"
		"  merge      combine the runs of many hosts into one fleet directory\n"
		"  help CMD   explain a command and its options\n\n"
		"Quick start:  ipcbench run -t pipe,shm-spin -s 64,4K --duration 200ms\n"
		"Exit codes: 0 every cell passed, 1 some cell failed, 2 usage or configuration error.\n",
		IPCBENCH_VERSION);
}

static void usage_run(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench run [-c FILE] [-t LIST] [-s LIST] [--cpus A,B] [--duration T]\n"
		"                    [--warmup T] [--iterations N] [--repeat R] [-o DIR] [OPTIONS]\n\n"
		"Runs every (transport, size) cell of every sweep, REPEAT times, each time with a\n"
		"fresh pair of processes pinned to the client and server CPUs. The client sends a\n"
		"SIZE-byte payload (plus a 16-byte header with sequence number, length and check),\n"
		"the server receives all of it and replies with as many bytes; one sample is one\n"
		"round trip (--mode bandwidth: the client streams windows of messages, each ended\n"
		"by one acknowledgement; one sample is one window). Warm-up traffic is checked in\n"
		"full and not recorded; measured messages have their header and three payload\n"
		"words checked, and every Nth in full. A cell whose data arrives wrong is 'fail'\n"
		"and reports no time.\n\n"
		"Options (the command line overrides the config file):\n"
		"  -c, --config FILE     INI file: [global] plus one section per sweep\n"
		"  -t, --transports LIST e.g. pipe,unix-stream or all ('ipcbench list')\n"
		"  -s, --sizes LIST      payload bytes, e.g. 1,64,4K,64K,1M\n"
		"      --cpus A,B        client CPU A, server CPU B (A,A: both on one CPU)\n"
		"      --placement LIST  placement classes instead of CPUs: same-cpu, smt, same-l2,\n"
		"                        same-l3, cross-l3, cross-package, cross-numa, or all; each is\n"
		"                        resolved on this machine (ipcbench topo), missing ones skipped\n"
		"      --matrix[=CPUS]   every ordered CPU pair: all (default), per-core, per-l3 or a\n"
		"                        list; writes matrix.csv (use -t cacheline for the floor)\n"
		"      --mem-node N      NUMA node of shared buffers: N, client, server, interleave\n"
		"      --preheat T       spin both CPUs for T before each cell\n"
		"      --duration T      measured time per cell, e.g. 500ms, 2s\n"
		"      --warmup T        unrecorded warm-up per cell (default 100ms)\n"
		"      --iterations N    stop a cell after N round trips if that comes first\n"
		"      --repeat R        repetitions per cell (fresh processes each)\n"
		"      --verify MODE     sample (default) or full: check every payload byte\n"
		"      --timeout T       kill a cell that takes longer (recorded as timeout)\n"
		"      --mode M          latency (round trips) or bandwidth (streamed windows)\n"
		"      --window W        bandwidth: messages per acknowledgement (default 16)\n"
		"      --cache C         warm, or cold: flush buffers between messages\n"
		"      --touch T         none, read or write: the receiver's use of a payload\n"
		"      --footprint SIZE  working set each side walks between messages\n"
		"      --events LIST     counters, e.g. cycles,instructions,context-switches, or none\n"
		"      --set KEY=VALUE   any config key below\n"
		"      --clock gettime   use clock_gettime instead of the TSC\n"
		"  -o, --output DIR      write here instead of results/<UTC time>-<host>/\n"
		"  -q, --quiet           no floors, progress or table on the terminal\n"
		"      --resume DIR      finish an interrupted run: same configuration, only the\n"
		"                        cells missing from DIR/results.csv are run\n\n"
		"Config keys (in [global] or a sweep section):\n");
	config_print_keys(f);
	fprintf(f,
		"\nOutput, in the run directory (results/latest points at the newest run):\n"
		"  results.csv  one row per cell and repetition: percentiles in ns, status, note\n"
		"  summary.csv  one row per transport and size: median over repetitions of p50\n"
		"               with a distribution-free confidence interval, median p99\n"
		"  copies.csv   per transport: time per byte fitted over the sizes, against\n"
		"               memcpy, kernel copy and cache-line transfer slopes (latency mode)\n"
		"  meta.csv     machine, kernel, clock, floors, resolved configuration\n\n"
		"Examples:\n"
		"  ipcbench run -c configs/quick.conf\n"
		"  ipcbench run -t pipe -s 1 --cpus 0,0 --duration 2s --repeat 5\n");
}

static void usage_list(FILE *f)
{
	fprintf(f, "Usage: ipcbench list [--csv]\n\n"
		   "Prints every transport with its model: data abstraction, how the receiver\n"
		   "waits, payload copies per one-way message, largest single message, flags.\n"
		   "--csv prints the same as CSV.\n");
}

static void usage_calibrate(FILE *f)
{
	fprintf(f, "Usage: ipcbench calibrate [--cpus A,B] [--clock gettime]\n\n"
		   "Measures the floors every run records in meta.csv: the timer's own cost, the\n"
		   "round trip of one cache line between CPU A and CPU B (a transport cannot beat\n"
		   "it), single-thread memcpy bandwidth at 64 KiB, 1 MiB and 64 MiB, and the cost\n"
		   "of a null system call.\n");
}

static void flags_text(unsigned fl, char *out, size_t n)
{
	static const char *const names[] = { "stream", "message", "polling", "no-payload",
					     "shared-mem", "send-in-place" };

	out[0] = 0;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fl & (1u << i))
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "|" : "", names[i]);
}

static void max_text(const struct transport *t, char *out, size_t n)
{
	long m = transport_max_msg(t);

	if (m == 0)
		snprintf(out, n, "none");
	else if (m < 0)
		snprintf(out, n, "NA");
	else
		snprintf(out, n, "%ld", m);
}

static void list_csv_row(struct sbuf *b, const struct transport *t, const char *mx,
			 const char *fl)
{
	const char *f[] = { t->name, t->abstraction, t->participants, t->direction, t->synchrony,
			    t->notification };

	for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
		sbuf_csv_field(b, f[k]), sbuf_printf(b, ",");
	sbuf_printf(b, "%d,", t->copies);
	sbuf_csv_field(b, t->copies_note);
	sbuf_printf(b, ",%s,%s,", mx, fl);
	sbuf_csv_field(b, t->description);
	sbuf_printf(b, "\n");
}

static int cmd_list(int argc, char **argv)
{
	int csv = argc > 1 && strcmp(argv[1], "--csv") == 0;
	struct sbuf b = { 0 };

	if (argc > 1 && !csv) {
		usage_list(strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		return strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
	}
	if (csv)
		sbuf_printf(&b, "transport,abstraction,participants,direction,synchrony,notification,"
				"copies_model,copies_note,max_msg_bytes,flags,description\n");
	else
		printf("%-15s %-11s %-5s %-7s %-5s %-17s %6s %8s\n", "transport", "data", "peers",
		       "dir", "sync", "waits by", "copies", "max msg");
	for (size_t i = 0; i < ntransports; i++) {
		const struct transport *t = transports[i];
		char fl[96], mx[32];

		flags_text(t->flags, fl, sizeof(fl));
		max_text(t, mx, sizeof(mx));
		if (csv)
			list_csv_row(&b, t, mx, fl);
		else
			printf("%-15s %-11s %-5s %-7s %-5s %-17s %6d %8s\n", t->name, t->abstraction,
			       t->participants, t->direction,
			       strcmp(t->synchrony, "synchronous") == 0 ? "sync" : "async",
			       t->notification, t->copies, mx);
	}
	if (csv) {
		if (b.p)
			fputs(b.p, stdout);
	} else {
		printf("\npeers: 2 = a connected pair, many = any number may share the object; dir: "
		       "one-way objects are used in pairs;\nsync: async = send returns before the "
		       "receiver takes the message; copies: payload copies per one-way\nmessage "
		       "in the model; max msg: bytes one send carries (larger messages are fragmented)."
		       "\n\n");
		for (size_t i = 0; i < ntransports; i++)
			printf("%-15s %s\n%-15s copies: %s\n", transports[i]->name,
			       transports[i]->description, "", transports[i]->copies_note);
	}
	sbuf_free(&b);
	return 0;
}

static void usage_plot(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench plot [-s SIZE] [-o OUTDIR] DIR\n"
		"       ipcbench plot [-o OUTDIR] DIR1 DIR2 [DIR...]\n"
		"       ipcbench plot [-o OUTDIR] [--outlier PCT] FLEETDIR\n\n"
		"With one run directory (e.g. results/latest): draws every figure its data support\n"
		"into DIR/plots/ as PNG and SVG, with gnuplot and the scripts of plots/, and writes\n"
		"DIR/report.html: a static page with the run's metadata, its summary table and the\n"
		"figures. Figures: round-trip latency vs size per placement (p50, band to p99),\n"
		"latency spectrum (percentiles), one transport across placements, and, when the run\n"
		"has their data, bandwidth, counters per message, the core-pair heatmap\n"
		"(matrix.csv), payload copies (copies.csv) and the LRPC breakdown (lrpc.csv). A plot\n"
		"without data is listed in the report as \"no data for this plot\".\n\n"
		"With several run directories: compares them, transport by transport: latency vs\n"
		"size, one line per run labelled with its host and kernel, and each run's p50\n"
		"relative to the first run. Written to DIR1/compare/ (plots/ and report.html).\n\n"
		"With a fleet directory (ipcbench merge, fleet slurm, fleet ssh): every transport\n"
		"across hosts, a host x transport heatmap of p50 relative to the fleet median, and\n"
		"in report.html the outlier hosts: those more than PCT (default 20%%) from the\n"
		"median of the hosts with the same fingerprint, with the cells that stand out.\n"
		"Also writes fleet_cells.csv and fleet_heatmap.csv, the figures' data.\n\n"
		"Options:\n"
		"  -o, --output OUTDIR       write plots/ and report.html here instead\n"
		"  -s, --spectrum-size SIZE  draw the spectrum at this message size (default: the\n"
		"                            smallest and the largest measured)\n"
		"      --outlier PCT         fleet: how far from its identical peers' median a\n"
		"                            host stands out, e.g. 20%% or 0.2 (default 20%%)\n\n"
		"Needs gnuplot (Debian package gnuplot-nox). The scripts are found in plots/ next\n"
		"to the ipcbench executable, or in $IPCBENCH_PLOTS.\n"
		"Exit codes: 0 every figure drawn (or without data), 1 a figure failed to render or\n"
		"gnuplot is missing, 2 usage error (e.g. a directory that is not a run).\n\n"
		"Examples:\n"
		"  ipcbench plot results/latest\n"
		"  ipcbench plot results/run-a results/run-b -o cmp\n"
		"  ipcbench plot --outlier 10%% lab-fleet\n");
}

static int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = { { "output", required_argument, 0, 'o' },
					      { "spectrum-size", required_argument, 0, 's' },
					      { "outlier", required_argument, 0, 'X' },
					      { "help", no_argument, 0, 'h' },
					      { 0, 0, 0, 0 } };
	struct plot_args a = { 0 };
	uint64_t size;
	double outlier = 0;
	int c;

	while ((c = getopt_long(argc, argv, "o:s:h", opts, NULL)) != -1) {
		if (c == 'o') {
			a.outdir = optarg;
		} else if (c == 's' && parse_size(optarg, &size) == 0 && size > 0) {
			a.spectrum_size = (double)size;
		} else if (c == 'X' && fleet_parse_fraction(optarg, &outlier) < 0) {
			fprintf(stderr, "ipcbench plot: --outlier '%s': expected a percentage such as "
					"20%% or a fraction such as 0.2\n", optarg);
			return EXIT_USAGE;
		} else if (c == 'X') {
			continue;
		} else if (c == 's') {
			fprintf(stderr, "ipcbench plot: --spectrum-size '%s': expected a size such "
					"as 64 or 4K\n", optarg);
			return EXIT_USAGE;
		} else {
			usage_plot(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_USAGE;
		}
	}
	a.dirs = argv + optind;
	a.ndirs = (size_t)(argc - optind);
	if (a.ndirs == 0) {
		fprintf(stderr, "ipcbench plot: no run directory given (see ipcbench help plot)\n");
		return EXIT_USAGE;
	}
	if (a.ndirs == 1 && a.spectrum_size == 0 && fleet_dir_is(a.dirs[0]))
		return fleet_plot_main(a.dirs[0], a.outdir,
				       outlier > 0 ? outlier : FLEET_OUTLIER_DEFAULT);
	if (outlier > 0) {
		fprintf(stderr, "ipcbench plot: --outlier applies to a fleet directory (ipcbench "
				"merge), not to runs\n");
		return EXIT_USAGE;
	}
	if (a.ndirs > 1 && a.spectrum_size > 0) {
		fprintf(stderr, "ipcbench plot: --spectrum-size applies to one run, not to a "
				"comparison\n");
		return EXIT_USAGE;
	}
	return plot_main(&a);
}

static int cmd_calibrate(int argc, char **argv)
{
	static const struct option opts[] = { { "cpus", required_argument, 0, 'C' },
					      { "clock", required_argument, 0, 'K' },
					      { "help", no_argument, 0, 'h' },
					      { 0, 0, 0, 0 } };
	struct run_config cfg;
	struct config_error e;
	struct floors f;
	int c, r;

	if (config_init(&cfg, &e) < 0)
		return EXIT_USAGE;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'C' && config_override(&cfg, "cpus", optarg, "command line (--cpus)", &e) < 0) {
			fprintf(stderr, "ipcbench: %s\n", e.msg);
			config_free(&cfg);
			return EXIT_USAGE;
		}
		if (c == 'K')
			cfg.force_gettime = strcmp(optarg, "gettime") == 0;
		if (c == 'h' || c == '?') {
			usage_calibrate(c == 'h' ? stdout : stderr);
			config_free(&cfg);
			return c == 'h' ? 0 : EXIT_USAGE;
		}
	}
	config_finish(&cfg, &e);
	r = clock_init(&cfg.clk, cfg.force_gettime);
	if (r == 0)
		r = calibrate_run(&cfg.clk, cfg.sweeps[0].set.client_cpu,
				  cfg.sweeps[0].set.server_cpu, &f);
	if (r == 0) {
		printf("clock: %s", cfg.clk.name);
		if (cfg.clk.tsc)
			printf(" at %.3f GHz (calibrated against CLOCK_MONOTONIC_RAW)", cfg.clk.tsc_hz / 1e9);
		printf("\n");
		calibrate_print(&f, stdout);
	} else {
		fprintf(stderr, "ipcbench: calibrate: %s\n", strerror(-r));
	}
	config_free(&cfg);
	return r == 0 && f.ok ? 0 : EXIT_SOME_FAILED;
}

static void usage_clean(FILE *f)
{
	fprintf(f, "Usage: ipcbench clean [--dry-run]\n\n"
		   "Removes what runs that no longer exist left behind, which only happens when\n"
		   "the harness itself was killed (SIGKILL, power loss): private temp dirs\n"
		   "ipcbench.<pid>.*, the System V queues and semaphores their ledgers name, and\n"
		   "/dev/shm and /dev/mqueue entries ipcbench.<pid>.*. Objects of running\n"
		   "processes are never touched. Prints each object it removes.\n");
}

static int cmd_clean(int argc, char **argv)
{
	int dry = argc > 1 && strcmp(argv[1], "--dry-run") == 0;
	int n;

	if (argc > 1 && !dry) {
		usage_clean(strcmp(argv[1], "--help") == 0 ? stdout : stderr);
		return strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
	}
	n = clean_leftovers(stdout, dry);
	if (n == 0)
		printf("nothing to clean: no leftovers of ipcbench runs that have ended\n");
	else
		printf("%d object%s of ended runs %s\n", n, n == 1 ? "" : "s",
		       dry ? "would be removed" : "removed");
	return 0;
}

static void usage_topo(FILE *f)
{
	fprintf(f, "Usage: ipcbench topo [--synthetic DESC | --xml FILE] [--export FILE]\n\n"
		   "Prints the topology hwloc sees (restricted to the CPUs this process may use):\n"
		   "each CPU's core, L2, L3, package and NUMA node, and for every placement class\n"
		   "(same-cpu, smt, same-l2, same-l3, cross-l3, cross-package, cross-numa) the\n"
		   "CPU pair that represents it, or why it is not available here.\n"
		   "--synthetic takes an hwloc description such as 'pack:2 numa:2 l3:2 core:4 pu:2';\n"
		   "--xml a saved topology (lstopo --of xml, or --export of this command).\n");
}

static int cmd_topo(int argc, char **argv)
{
	static const struct option opts[] = { { "synthetic", required_argument, 0, 's' },
					      { "xml", required_argument, 0, 'x' },
					      { "export", required_argument, 0, 'e' },
					      { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	const char *source = NULL, *export = NULL;
	struct topology t;
	int c, r;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 's' || c == 'x')
			source = optarg;
		else if (c == 'e')
			export = optarg;
		else {
			usage_topo(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : EXIT_USAGE;
		}
	}
	r = topo_load(&t, source);
	if (r < 0) {
		fprintf(stderr, "ipcbench topo: cannot load the topology %s%s\n",
			source ? "from " : "of this machine", source ? source : "");
		return EXIT_USAGE;
	}
	topo_print(&t, stdout);
	if (export && topo_export_xml(&t, export) < 0) {
		fprintf(stderr, "ipcbench topo: cannot write %s\n", export);
		r = -EIO;
	}
	topo_free(&t);
	return r < 0 ? EXIT_SOME_FAILED : 0;
}

static void usage_compare(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench compare BASELINE CURRENT [--metric COL] [--threshold T]\n"
		"                        [--alpha A] [--junit FILE] [--markdown FILE] [--force]\n"
		"                        [--seed N]\n\n"
		"The CI regression gate. BASELINE and CURRENT are run directories, results.csv\n"
		"files, or directories of run directories, whose repetitions are pooled (for\n"
		"interleaved runs of the two builds). Rows are matched on their key: every\n"
		"column that is not a measurement (*_ns, *_per_s, *_per_msg_client,\n"
		"*_per_msg_server) nor repeat, samples, verified_full, status or note:\n"
		"transport, mode, size, placement, CPUs, ...\n"
		"Only repetitions with status ok take part. For every key, the exact two-sided\n"
		"Mann-Whitney U test compares the repetitions of the two runs (ties: the exact\n"
		"permutation distribution of the midrank sum), and a bootstrap gives a 95%%\n"
		"interval for the ratio of medians, current / baseline (%d resamples, seeded).\n"
		"A key REGRESSES when its p-value is significant after Holm correction over all\n"
		"keys AND the whole interval lies above 1 + T; it IMPROVES when significant AND\n"
		"the whole interval lies below 1 / (1 + T). For rates (*_per_s) the two swap.\n\n"
		"Options:\n"
		"  --metric COL      the results.csv column compared (default p50_ns)\n"
		"  --threshold T     smallest change that matters: 5%% or 0.05 (default 5%%)\n"
		"  --alpha A         family-wise significance level (default 0.05)\n"
		"  --junit FILE      write JUnit XML: one testcase per key, failure = regression\n"
		"  --markdown FILE   write a Markdown summary table (pull-request comments)\n"
		"  --force           compare even when meta.csv says the environments differ\n"
		"                    (cpu_model, kernel, cpu_governor)\n"
		"  --seed N          bootstrap seed (default %u); same seed, same intervals\n\n"
		"Warns about keys with fewer than %d ok repetitions on a side (3 vs 3 can never\n"
		"be significant at 0.05: the smallest two-sided p is 0.1), failed repetitions\n"
		"and keys present in only one run.\n"
		"Exit codes: 0 nothing regressed, 1 some key regressed, 2 usage error (missing\n"
		"file, bad option, unknown metric, differing environments without --force).\n\n"
		"Examples:\n"
		"  ipcbench run -c configs/ci.conf -o base        # once, on the CI machine\n"
		"  ipcbench run -c configs/ci.conf -o current\n"
		"  ipcbench compare base current --junit report.xml --markdown summary.md\n\n"
		"  for i in 1 2 3 4 5 6 7 8 9 10; do              # interleaved: robust to drift\n"
		"    ../base/ipcbench run -c configs/ci.conf --repeat 1 -q -o ab/base/$i\n"
		"    ./ipcbench run -c configs/ci.conf --repeat 1 -q -o ab/current/$i\n"
		"  done\n"
		"  ipcbench compare ab/base ab/current\n",
		CMP_RESAMPLES, CMP_DEFAULT_SEED, CMP_MIN_REPS);
}

static int cmd_compare(int argc, char **argv)
{
	struct cmp_opts o;
	int r = compare_parse_args(argc, argv, &o);

	if (r < 0)
		usage_compare(stdout);
	if (r != 0)
		return r < 0 ? 0 : r;
	return compare_main(&o);
}

struct override {
	const char *key, *value;
	char where[64];
};

/* Maps long options to config keys; the command line is one more layer of the config. */
static const struct option run_opts[] = {
	{ "config", required_argument, 0, 'c' }, { "transports", required_argument, 0, 't' },
	{ "sizes", required_argument, 0, 's' },  { "cpus", required_argument, 0, 1 },
	{ "duration", required_argument, 0, 1 }, { "warmup", required_argument, 0, 1 },
	{ "iterations", required_argument, 0, 1 }, { "repeat", required_argument, 0, 1 },
	{ "verify", required_argument, 0, 1 },   { "timeout", required_argument, 0, 1 },
	{ "set", required_argument, 0, 'S' },    { "clock", required_argument, 0, 'K' },
	{ "output", required_argument, 0, 'o' }, { "quiet", no_argument, 0, 'q' },
	{ "placement", required_argument, 0, 1 }, { "matrix", optional_argument, 0, 'M' },
	{ "mem-node", required_argument, 0, 'N' }, { "preheat", required_argument, 0, 1 },
	{ "resume", required_argument, 0, 'R' }, { "help", no_argument, 0, 'h' },
	{ "mode", required_argument, 0, 1 },     { "window", required_argument, 0, 1 },
	{ "cache", required_argument, 0, 1 },    { "touch", required_argument, 0, 1 },
	{ "footprint", required_argument, 0, 1 }, { "events", required_argument, 0, 1 },
	{ 0, 0, 0, 0 }
};

static int collect_run_opts(int argc, char **argv, struct run_config *cfg, const char **file,
			    struct override *ov, size_t *nov)
{
	int c, idx;

	while ((c = getopt_long(argc, argv, "c:t:s:o:qh", run_opts, &idx)) != -1) {
		struct override *o = &ov[*nov];

		switch (c) {
		case 'c': *file = optarg; continue;
		case 'o': free(cfg->outdir); cfg->outdir = strdup(optarg); continue;
		case 'q': cfg->quiet = 1; continue;
		case 'R': free(cfg->resume_dir); cfg->resume_dir = strdup(optarg); continue;
		case 'K':
			if (strcmp(optarg, "gettime") != 0 && strcmp(optarg, "tsc") != 0) {
				fprintf(stderr, "ipcbench: --clock '%s': expected tsc or gettime\n", optarg);
				return EXIT_USAGE;
			}
			cfg->force_gettime = strcmp(optarg, "gettime") == 0;
			continue;
		case 'h': usage_run(stdout); return -1;
		case 't': o->key = "transports"; break;
		case 's': o->key = "sizes"; break;
		case 'M': o->key = "matrix"; optarg = optarg ? optarg : (char *)"all"; break;
		case 'N': o->key = "mem_node"; break;
		case 1: o->key = run_opts[idx].name; break;
		case 'S': {
			char *eq = strchr(optarg, '=');
			if (!eq) {
				fprintf(stderr, "ipcbench: --set '%s': expected KEY=VALUE\n", optarg);
				return EXIT_USAGE;
			}
			*eq = 0;
			o->key = optarg;
			optarg = eq + 1;
			break;
		}
		default: usage_run(stderr); return EXIT_USAGE;
		}
		o->value = optarg;
		snprintf(o->where, sizeof(o->where), "command line (--%s%s)", c == 'S' ? "set " : "",
			 o->key);
		for (char *p = o->where; c != 'S' && *p; p++)
			*p = *p == '_' ? '-' : *p; /* the option, not the key */
		if (++*nov == 64) {
			fprintf(stderr, "ipcbench: too many options\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "ipcbench run: unexpected argument '%s' (see ipcbench help run)\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	struct run_config cfg;
	struct config_error e;
	struct override ov[64];
	const char *file = NULL;
	size_t nov = 0;
	int r;

	if (config_init(&cfg, &e) < 0)
		return EXIT_USAGE;
	r = collect_run_opts(argc, argv, &cfg, &file, ov, &nov);
	if (r == 0 && cfg.resume_dir && (file || nov || cfg.outdir)) {
		snprintf(e.msg, sizeof(e.msg), "--resume takes the configuration and the output "
			 "directory from %s/meta.csv: give it alone (with -q at most)", cfg.resume_dir);
		r = EXIT_USAGE;
	}
	if (r == 0 && cfg.resume_dir && resume_load_config(cfg.resume_dir, &cfg, &e) < 0)
		r = EXIT_USAGE;
	if (r == 0 && file && config_load_file(&cfg, file, &e) < 0)
		r = EXIT_USAGE;
	for (size_t i = 0; r == 0 && i < nov; i++)
		if (config_override(&cfg, ov[i].key, ov[i].value, ov[i].where, &e) < 0)
			r = EXIT_USAGE;
	if (r == 0 && config_finish(&cfg, &e) < 0)
		r = EXIT_USAGE;
	if (r == EXIT_USAGE && e.msg[0])
		fprintf(stderr, "ipcbench: %s\n", e.msg);
	if (r == 0)
		r = run_execute(&cfg);
	config_free(&cfg);
	return r < 0 ? 0 : r;
}

static const struct command {
	const char *name;
	int (*fn)(int, char **);
	void (*usage)(FILE *);
} commands[] = {
	{ "run", cmd_run, usage_run },
	{ "list", cmd_list, usage_list },
	{ "calibrate", cmd_calibrate, usage_calibrate },
	{ "clean", cmd_clean, usage_clean },
	{ "topo", cmd_topo, usage_topo },
	{ "plot", cmd_plot, usage_plot },
	{ "compare", cmd_compare, usage_compare },
	{ "lrpc", lrpccmd_main, lrpccmd_usage },
	{ "merge", cmd_merge, usage_merge },
	{ "fleet", cmd_fleet, usage_fleet },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (getuid() != geteuid() || getgid() != getegid()) {
		fprintf(stderr, "ipcbench: refusing to run setuid or setgid\n");
		return EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_main(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("ipcbench %s (git %s)\n", IPCBENCH_VERSION, IPCBENCH_GITREV);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		c = argc > 2 ? find_command(argv[2]) : NULL;
		if (c)
			c->usage(stdout);
		else
			usage_main(stdout);
		return argc > 2 && !c ? EXIT_USAGE : 0;
	}
	c = find_command(argv[1]);
	if (!c) {
		fprintf(stderr, "ipcbench: unknown command '%s'\n\n", argv[1]);
		usage_main(stderr);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
