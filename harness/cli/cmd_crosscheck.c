/* `ipcbench crosscheck`: its options (crosscheck/session.c runs what they ask for). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "crosscheck/crosscheck.h"
#include "text/parse.h"
#include "sys/pin.h"

#define MAX_DURATION_NS 10000000000ull

void usage_crosscheck(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench crosscheck [-o DIR] [--rounds N] [--duration T] [--cpus A,B]\n"
		"                           [--quick] [--rows LIST]\n\n"
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
		"  sockperf under-load      the same at --mps 10000 --reply-every 1 (a sending\n"
		"                           thread on schedule, a receiving one, each message\n"
		"                           echoed): against ours with rate = 10k and loop =\n"
		"                           open, the same two threads, each message's latency\n"
		"                           from its due time.\n"
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
		"row says whether it is within 5 %%, and how sure: each round's ratio, paired\n"
		"(the Hodges-Lehmann estimate and its 95 %% interval over the rounds; 6 rounds at\n"
		"least), read against the 5 %%: within, above, below, or undecided.\n"
		"A ratio is information, not a verdict on the\n"
		"tool or on us: the definitions differ in what they include (perf's wall time\n"
		"holds fork, exit and the first wake-ups; sockperf's client loop is its own).\n\n"
		"Options:\n"
		"  -o, --output DIR   write here instead of results/<UTC time>-<host>/\n"
		"      --rounds N     rounds of every row (default 3; --quick 1), at most %d\n"
		"      --duration T   our measured time per cell and the tools' target (default\n"
		"                     1s; --quick 200ms), at most 10s\n"
		"      --cpus A,B     client (initiator) CPU A, server CPU B (default: the first two)\n"
		"      --quick        one round of 200 ms cells (well under 30 s here)\n"
		"      --rows LIST    only these rows: ids or their beginnings, comma-separated\n"
		"                     (e.g. sockperf-ul: the two under-load rows); the others\n"
		"                     are listed as skipped\n\n"
		"Output: crosscheck.csv (one row per comparison: the tool's figure, ours, the ratio,\n"
		"the per-round figures and the order they ran in, how each was run), results.csv\n"
		"and summary.csv of our cells, meta.csv (machine, floors, tool versions).\n"
		"Exit codes: 0 every installed tool ran and every figure was produced, 1 a tool\n"
		"or one of our cells failed (or an interrupt), 2 usage error.\n\n"
		"Examples:\n"
		"  ipcbench crosscheck --quick\n"
		"  ipcbench crosscheck --rounds 6 --duration 2s --cpus 0,1\n"
		"  ipcbench crosscheck --rows sockperf-ul --rounds 20 --duration 3s\n", XC_MAX_ROUNDS);
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

/* Every entry of a --rows list names at least one row. */
static int parse_rows(struct xrun *x, const char *s)
{
	for (const char *p = s; *p;) {
		size_t len = strcspn(p, ",");

		if (!xplan_matches(p, len)) {
			fprintf(stderr, "ipcbench crosscheck: --rows '%.*s' names no row (see ipcbench "
					"help crosscheck, or crosscheck.csv's first column)\n", (int)len, p);
			return EXIT_USAGE;
		}
		p += len + (p[len] == ',');
	}
	x->only = *s ? s : NULL;
	return *s ? 0 : bad("--rows", s);
}

static int parse_one(struct xcmd *c, int o, const char *v)
{
	uint64_t n;

	switch (o) {
	case 'o': c->outdir = v; return 0;
	case 'C': return parse_cpus(&c->x, v);
	case 'R': return parse_rows(&c->x, v);
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
		{ "rows", required_argument, 0, 'R' },
		{ 0, 0, 0, 0 }
	};
	int o, e;

	while ((o = getopt_long(argc, argv, "o:h", opts, NULL)) != -1)
		if ((e = parse_one(c, o, optarg)) != 0)
			return e;
	return optind < argc ? bad("argument", argv[optind]) : 0;
}

int cmd_crosscheck(int argc, char **argv)
{
	struct xcmd c = { .x = { .rounds = 3, .duration_ns = 1000000000ull,
				 .warmup_ns = 100000000ull } };
	int e;

	if (pin_default_pair(&c.x.cpu_a, &c.x.cpu_b) < 0)
		c.x.cpu_a = c.x.cpu_b = 0;
	if ((e = parse_opts(&c, argc, argv)) != 0)
		return e < 0 ? 0 : e;
	return xcheck_session(&c);
}
