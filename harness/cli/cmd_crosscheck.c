/* `ipcbench crosscheck`: options, the run directory and its meta.csv, the floors, the
 * rounds, and the files: crosscheck.csv, and our cells as results.csv and summary.csv
 * (any run's), each rewritten atomically after every side of every row. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/files.h"
#include "floors/calibrate.h"
#include "cli/cli.h"
#include "crosscheck/crosscheck.h"
#include "run/manifest.h"
#include "run/outdir.h"
#include "text/parse.h"
#include "sys/pin.h"
#include "run/run.h"
#include "sys/spawn.h"

#define MAX_DURATION_NS 10000000000ull

struct xcmd {
	struct xrun x;
	struct clock_src clk;
	const char *outdir;
	char dir[4096];
	struct meta meta;
	int rounds_set, duration_set;
};

void usage_crosscheck(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench crosscheck [-o DIR] [--rounds N] [--duration T] [--cpus A,B]\n"
		"                           [--quick]\n\n"
		"Runs the trusted tools installed here next to ipcbench's matching cells, so that\n"
		"a doubtful figure can be checked in one command:\n"
		"  perf bench sched pipe    (Debian: linux-perf) two processes pass a 4 B int\n"
		"                           through two pipes; its usecs/op is the wall time,\n"
		"                           fork and exit included, over its loops: a MEAN round\n"
		"                           trip. Against ipcbench pipe, 0 B payload (16 B with our\n"
		"                           header), on CPU A alone and across A and B. perf cannot\n"
		"                           pin its two sides: it is started on A (taskset -c A) and\n"
		"                           the worker it forks is moved to B as soon as /proc shows\n"
		"                           it; the note says how long it shared A and where /proc\n"
		"                           saw both run.\n"
		"  sockperf ping-pong       (Debian: sockperf) --tcp and UDP, --full-rtt, server on\n"
		"                           B and client on A, 127.0.0.1: the P50 of the round trips\n"
		"                           its client times. -m 64 counts sockperf's own header, so\n"
		"                           ours is tcp and udp at 48 B payload + 16 B header: the\n"
		"                           same 64 B on the wire.\n"
		"  lmbench lat_pipe, lat_unix  (not packaged: when on PATH) one byte each way, the\n"
		"                           mean round trip; against pipe and unix-stream on CPU A.\n"
		"A tool that is missing is a row that says so, with the package to install.\n\n"
		"Fairness: same CPUs, the same bytes on the wire where the tool allows it (else the\n"
		"smallest we can send, and the row says both); the same amount of traffic: perf\n"
		"gets as many loops as our latest cell of the row measured round trips in\n"
		"--duration, sockperf runs -t whole seconds (at least 1, its warm-up excluded).\n"
		"Rounds alternate the order, ours first in odd rounds and the tool first in even\n"
		"ones (ABBA), so that drift of a shared machine falls on both; each side's figure\n"
		"is the median over the rounds. Our cell is the one 'ipcbench run' measures,\n"
		"with its default settings (the default counters included).\n\n"
		"Reading it: ratio = ours / theirs, for the SAME statistic (perf, lmbench: our mean\n"
		"round trip; sockperf: our p50); 'ratio_p50' is our p50 over their figure. Each\n"
		"row says whether it is within 5 %%. A ratio is information, not a verdict on the\n"
		"tool or on us: the definitions differ in what they include (perf's wall time\n"
		"holds fork, exit and the first wake-ups; sockperf's client loop is its own).\n\n"
		"Options:\n"
		"  -o, --output DIR   write here instead of results/<UTC time>-<host>/\n"
		"      --rounds N     rounds of every row (default 3; --quick 1), at most %d\n"
		"      --duration T   our measured time per cell and the tools' target (default\n"
		"                     1s; --quick 200ms), at most 10s\n"
		"      --cpus A,B     client (initiator) CPU A, server CPU B (default: the first two)\n"
		"      --quick        one round of 200 ms cells (well under 30 s here)\n\n"
		"Output: crosscheck.csv (one row per comparison: the tool's figure, ours, the ratio,\n"
		"the per-round figures and the order they ran in, how each was run), results.csv\n"
		"and summary.csv of our cells, meta.csv (machine, floors, tool versions).\n"
		"Exit codes: 0 every installed tool ran and every figure was produced, 1 a tool\n"
		"or one of our cells failed (or an interrupt), 2 usage error.\n\n"
		"Examples:\n"
		"  ipcbench crosscheck --quick\n"
		"  ipcbench crosscheck --rounds 6 --duration 2s --cpus 0,1\n", XC_MAX_ROUNDS);
}

static int bad(const char *opt, const char *val)
{
	fprintf(stderr, "ipcbench crosscheck: %s '%s' is not valid (see ipcbench help "
			"crosscheck)\n", opt, val);
	return EXIT_USAGE;
}

static int parse_cpus(struct xrun *x, const char *s)
{
	struct cpu_list l;

	if (parse_cpu_list(s, &l) < 0 || l.n != 2 || pin_cpu_allowed(l.cpu[0]) < 0 ||
	    pin_cpu_allowed(l.cpu[1]) < 0)
		return bad("--cpus", s);
	x->cpu_a = l.cpu[0];
	x->cpu_b = l.cpu[1];
	return 0;
}

static int parse_one(struct xcmd *c, int o, const char *v)
{
	uint64_t n;

	switch (o) {
	case 'o': c->outdir = v; return 0;
	case 'C': return parse_cpus(&c->x, v);
	case 'Q':
		c->x.rounds = c->rounds_set ? c->x.rounds : 1;
		c->x.duration_ns = c->duration_set ? c->x.duration_ns : 200000000ull;
		c->x.warmup_ns = 50000000ull;
		return 0;
	case 'r':
		if (parse_u64(v, 1, XC_MAX_ROUNDS, &n) < 0)
			return bad("--rounds", v);
		c->x.rounds = (unsigned)n, c->rounds_set = 1;
		return 0;
	case 'd':
		if (parse_duration_ns(v, &n) < 0 || n < 1000000 || n > MAX_DURATION_NS)
			return bad("--duration", v);
		c->x.duration_ns = n, c->duration_set = 1;
		return 0;
	}
	usage_crosscheck(o == 'h' ? stdout : stderr);
	return o == 'h' ? -1 : EXIT_USAGE;
}

static int parse_opts(struct xcmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, 0, 'o' }, { "rounds", required_argument, 0, 'r' },
		{ "duration", required_argument, 0, 'd' }, { "cpus", required_argument, 0, 'C' },
		{ "quick", no_argument, 0, 'Q' },        { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	int o, e;

	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1)
		if ((e = parse_one(c, o, optarg)) != 0)
			return e;
	return optind < argc ? bad("argument", argv[optind]) : 0;
}

static void write_file(const struct xcmd *c, const char *name, struct sbuf *b)
{
	char path[4200];
	int e;

	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
	e = b->oom ? -ENOMEM : write_file_atomic(path, b->p ? b->p : "", b->len);
	if (e < 0)
		fprintf(stderr, "ipcbench crosscheck: writing %s: %s\n", path, strerror(-e));
	sbuf_free(b);
}

static void write_outputs(void *arg)
{
	struct xcmd *c = arg;
	struct sbuf b = { 0 };
	size_t n;
	struct row *cells = xreport_cells(&c->x, &n);
	char path[4200];

	xreport_csv(&b, &c->x);
	write_file(c, "crosscheck.csv", &b);
	report_results_csv(&b, cells, n);
	write_file(c, "results.csv", &b);
	report_summary_csv(&b, cells, n);
	write_file(c, "summary.csv", &b);
	free(cells);
	snprintf(path, sizeof(path), "%s/meta.csv", c->dir);
	if (meta_write(&c->meta, path) < 0)
		fprintf(stderr, "ipcbench crosscheck: writing %s\n", path);
}

/* Floors on both placements, into meta.csv and the header. */
static int floors(struct xcmd *c)
{
	struct floors cross, same;
	int e = calibrate_run(&c->clk, c->x.cpu_a, c->x.cpu_a, &same);

	if (e == 0 && c->x.cpu_a != c->x.cpu_b)
		e = calibrate_run(&c->clk, c->x.cpu_a, c->x.cpu_b, &cross);
	if (e < 0)
		return e;
	manifest_floors(&same, "floor_same_cpu", &c->meta);
	calibrate_print(&same, stdout);
	if (c->x.cpu_a != c->x.cpu_b) {
		manifest_floors(&cross, "floor", &c->meta);
		calibrate_print(&cross, stdout);
	}
	return 0;
}

static void tool_meta(struct xcmd *c)
{
	for (size_t i = 0; i < c->x.n; i++) {
		const struct xrow *w = &c->x.rows[i];
		char key[96];

		snprintf(key, sizeof(key), "crosscheck_version_%s", w->s->exe);
		meta_set(&c->meta, key, "%s", w->status == XR_MISSING ? "not installed" :
			 w->version[0] ? w->version : "NA");
	}
}

static int prepare(struct xcmd *c)
{
	struct xrun *x = &c->x;
	int e = clock_init(&c->clk, 0);

	if (e == 0 && (e = outdir_make("results", c->outdir, c->dir, sizeof(c->dir))) < 0)
		fprintf(stderr, "ipcbench crosscheck: cannot create %s: %s\n", c->dir, strerror(-e));
	if (e < 0)
		return e;
	x->clk = &c->clk;
	x->progress = isatty(STDERR_FILENO);
	manifest_env(&c->meta);
	manifest_machine(&c->meta);
	meta_set(&c->meta, "command", "crosscheck");
	meta_set(&c->meta, "clock", "%s", c->clk.name);
	meta_set(&c->meta, "clock_tsc_hz", "%.0f", c->clk.tsc_hz);
	meta_set(&c->meta, "crosscheck_settings", "rounds=%u duration=%lluns warmup=%lluns "
		 "cpus=%d,%d", x->rounds, (unsigned long long)x->duration_ns,
		 (unsigned long long)x->warmup_ns, x->cpu_a, x->cpu_b);
	meta_set(&c->meta, "run_status", "running");
	printf("ipcbench crosscheck: writing %s\n", c->dir);
	printf("%u round%s of every row, ABBA; our cells %.0f ms (warm-up %.0f ms); client CPU "
	       "%d, server CPU %d\n", x->rounds, x->rounds == 1 ? "" : "s",
	       (double)x->duration_ns / 1e6, (double)x->warmup_ns / 1e6, x->cpu_a, x->cpu_b);
	if ((e = floors(c)) < 0 || (e = xplan_build(x)) < 0)
		return e;
	tool_meta(c);
	return 0;
}

int cmd_crosscheck(int argc, char **argv)
{
	struct xcmd c = { .x = { .rounds = 3, .duration_ns = 1000000000ull,
				 .warmup_ns = 100000000ull } };
	int e, interrupted = 0;

	if (pin_default_pair(&c.x.cpu_a, &c.x.cpu_b) < 0)
		c.x.cpu_a = c.x.cpu_b = 0;
	if ((e = parse_opts(&c, argc, argv)) != 0)
		return e < 0 ? 0 : e;
	spawn_block_signals();
	e = prepare(&c);
	if (e == 0) {
		interrupted = xrun_rounds(&c.x, write_outputs, &c);
		meta_set(&c.meta, "run_status", interrupted ? "incomplete" : "complete");
		write_outputs(&c);
		if (!c.outdir)
			outdir_point_latest("results", c.dir);
		xreport_table(stdout, &c.x);
		printf("\nResults: %s/crosscheck.csv\n", c.dir);
	} else if (e != -EINTR) {
		fprintf(stderr, "ipcbench crosscheck: %s\n", strerror(-e));
	}
	e = e < 0 || interrupted || xreport_failed(&c.x) ? EXIT_SOME_FAILED : EXIT_ALL_OK;
	xplan_free(&c.x);
	meta_free(&c.meta);
	return e;
}
