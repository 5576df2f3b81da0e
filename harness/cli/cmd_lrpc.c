/* `ipcbench lrpc`: options, the run directory and its meta.csv, the floors, and the loop
 * over repetitions (outermost, so that drift spreads over all rows) and rows. lrpc.csv is
 * rewritten atomically after every cell, so an interrupted run leaves valid CSV. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/cpuload.h"
#include "cli/cli.h"
#include "config/values.h"
#include "lrpcrun/lrpcrun.h"
#include "text/parse.h"
#include "sys/pin.h"
#include "run/run.h"
#include "run/manifest.h"
#include "run/outdir.h"
#include "sys/spawn.h"
#include "floors/tscskew.h"

struct lrpc_cmd {
	struct lrpc_run run;
	struct clock_src clk;
	const char *outdir;
	int quiet;
	char dir[4096];
	struct meta meta;
	struct floors cross, same, cross_end; /* floors at the start; across CPUs at the end */
	int write_err;       /* the first file that could not be written stops the run (exit 6) */
};

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

static void clocksource(char *buf, size_t n)
{
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "r");

	snprintf(buf, n, "unknown");
	if (f && fgets(buf, (int)n, f))
		buf[strcspn(buf, "\n")] = 0;
	if (f)
		fclose(f);
}

/* The floors of both placements and the TSC offset bound between the two CPUs. */
static int floors(struct lrpc_cmd *c)
{
	struct lrpc_run *r = &c->run;
	struct tsc_skew sk;
	char src[64];
	int e = calibrate_run(&c->clk, r->cpu_a, r->cpu_b, &c->cross);

	if (e == 0)
		e = calibrate_run(&c->clk, r->cpu_a, r->cpu_a, &c->same);
	if (e == 0)
		e = tscskew_measure(&c->clk, r->cpu_a, r->cpu_b, &sk);
	if (e < 0)
		return e;
	manifest_floors(&c->cross, "floor", &c->meta);
	manifest_floors(&c->same, "floor_same_cpu", &c->meta);
	clocksource(src, sizeof(src));
	meta_set(&c->meta, "kernel_clocksource", "%s", src);
	meta_set(&c->meta, "tsc_invariant", "%d", clock_tsc_invariant());
	if (sk.ok)
		meta_set(&c->meta, "tsc_offset_bounds_ns", "%.1f,%.1f", sk.lo_ns, sk.hi_ns);
	if (!c->quiet) {
		calibrate_print(&c->cross, stdout);
		calibrate_print(&c->same, stdout);
		printf("Stage stamps: TSC (%s, invariant: %s; kernel clocksource %s)",
		       c->clk.tsc ? "lfence; rdtsc" : "not used", clock_tsc_invariant() ? "yes" : "no",
		       src);
		if (sk.ok)
			printf("; CPU %d's TSC minus CPU %d's lies in [%.0f, %.0f] ns", r->cpu_b,
			       r->cpu_a, sk.lo_ns, sk.hi_ns);
		printf("\n");
	}
	return 0;
}

static int prepare(struct lrpc_cmd *c)
{
	struct lrpc_run *r = &c->run;
	char why[1024];
	int e = clock_init(&c->clk, 0);

	if (e < 0)
		return e;
	e = outdir_make("results", c->outdir, 0, c->dir, sizeof(c->dir), why, sizeof(why));
	if (e < 0) {
		fprintf(stderr, "ipcbench lrpc: cannot use the run directory: %s\n", why);
		return EXIT_OUTDIR;
	}
	r->clk = &c->clk;
	manifest_env(&c->meta);
	meta_set(&c->meta, "command", "lrpc");
	meta_set(&c->meta, "clock", "%s", c->clk.name);
	meta_set(&c->meta, "clock_tsc_hz", "%.0f", c->clk.tsc_hz);
	meta_set(&c->meta, "lrpc_settings", "duration=%lluns warmup=%lluns repeat=%u cpus=%d,%d",
		 (unsigned long long)r->duration_ns, (unsigned long long)r->warmup_ns, r->repeat,
		 r->cpu_a, r->cpu_b);
	meta_set(&c->meta, "run_status", "running");
	if (!c->quiet)
		printf("ipcbench lrpc: writing %s\n", c->dir);
	e = floors(c);
	return e < 0 ? e : lrpcplan_build(r);
}

static int write_one(const struct lrpc_cmd *c, const char *name, struct sbuf *b)
{
	char path[4200];
	int e;

	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
	e = b->oom ? -ENOMEM : write_file_atomic(path, b->p, b->len);
	sbuf_free(b);
	if (e < 0)
		fprintf(stderr, "ipcbench lrpc: writing %s: %s\n", path, strerror(-e));
	return e;
}

/* lrpc.csv, the harness cells as any run writes them, and meta.csv; the first error is
 * kept in c->write_err and returned (meta.csv then says incomplete and why, if it can). */
static int write_outputs(struct lrpc_cmd *c)
{
	static const char *const names[4] = { "lrpc.csv", "results.csv", "summary.csv",
					      "spectrum.csv" };
	const struct lrpc_run *r = &c->run;
	size_t n = r->ncells * r->repeat;
	struct sbuf b[4] = { { 0 } };
	char path[4200];
	int e = 0;

	lrpcreport_csv(&b[0], r);
	report_results_csv(&b[1], r->cells, n);
	report_summary_csv(&b[2], r->cells, n);
	report_spectrum_csv(&b[3], r->cells, n);
	for (int k = 0; k < 4; k++)
		if (e == 0)
			e = write_one(c, names[k], &b[k]);
		else
			sbuf_free(&b[k]);
	if (e < 0) {
		meta_set(&c->meta, "stop_reason", "writing a result file: %s", strerror(-e));
		meta_set(&c->meta, "run_status", "incomplete");
	}
	snprintf(path, sizeof(path), "%s/meta.csv", c->dir);
	if (meta_write(&c->meta, path) < 0 && e == 0) {
		fprintf(stderr, "ipcbench lrpc: writing %s\n", path);
		e = -EIO;
	}
	if (e < 0 && !c->write_err)
		c->write_err = e;
	return e;
}

static void progress(const struct lrpc_cmd *c, unsigned rep, size_t i)
{
	const struct lrpc_row *row = &c->run.rows[i];

	if (c->quiet || !isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r\033[K[rep %u/%u, %zu/%zu] %s %s %llu B %s", rep, c->run.repeat, i + 1,
		c->run.n, row->name, row->call, (unsigned long long)row->size,
		row->same_cpu ? "one CPU" : "two CPUs");
	fflush(stderr);
}

/* Returns 1 when interrupted or stopped by a write error. */
static int measure(struct lrpc_cmd *c)
{
	for (unsigned rep = 1; rep <= c->run.repeat; rep++)
		for (size_t i = 0; i < c->run.n; i++) {
			progress(c, rep, i);
			if (lrpcrow_run(&c->run, &c->run.rows[i]) == -EINTR ||
			    spawn_interrupt_pending())
				return 1;
			if (write_outputs(c) < 0)
				return 1;
		}
	return 0;
}

static int finish(struct lrpc_cmd *c, int interrupted, const struct cpuload *load)
{
	double others = 0, steal = 0;
	int failed = 0;

	if (!c->quiet && isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
	for (size_t i = 0; i < c->run.n; i++)
		failed |= c->run.rows[i].ok < c->run.rows[i].reps;
	if (cpuload_stop(load, &others, &steal) == 0) {
		meta_set(&c->meta, "other_load_pct", "%.1f", others);
		meta_set(&c->meta, "steal_pct", "%.1f", steal);
	}
	meta_set(&c->meta, "run_status", interrupted ? "incomplete" : "complete");
	if (c->write_err)
		return EXIT_WRITE_FAILED; /* meta.csv says so, if it could */
	if (!interrupted && c->run.cpu_a != c->run.cpu_b &&
	    calibrate_run(&c->clk, c->run.cpu_a, c->run.cpu_b, &c->cross_end) == 0)
		manifest_floors(&c->cross_end, "floor_end", &c->meta);
	if (!c->quiet) {
		lrpcreport_table(stdout, &c->run);
		printf("\nFindings:\n");
	}
	lrpcreport_findings(&c->run, &c->cross, &c->cross_end, &c->meta, c->quiet ? NULL : stdout);
	if (!c->quiet && meta_get(&c->meta, "other_load_pct"))
		printf("  other processes used %.0f %% of the CPUs' time during the run "
		       "(steal %.1f %%)\n", others, steal);
	if (!c->quiet)
		printf("Results: %s\n", c->dir);
	write_outputs(c);
	if (!c->outdir)
		outdir_point_latest("results", c->dir);
	return interrupted || failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}

int cmd_lrpc(int argc, char **argv)
{
	struct lrpc_cmd c = { .run = { .duration_ns = 200000000, .warmup_ns = 50000000,
				       .repeat = 3 } };
	struct cpuload load;
	int e;

	if (pin_default_pair(&c.run.cpu_a, &c.run.cpu_b) < 0)
		c.run.cpu_a = c.run.cpu_b = 0;
	if ((e = parse_opts(&c, argc, argv)) != 0)
		return e < 0 ? 0 : e;
	spawn_block_signals();
	e = prepare(&c);
	if (e == 0) {
		cpuload_start(&load);
		e = finish(&c, measure(&c), &load);
	} else if (e != EXIT_OUTDIR) { /* that one is said already */
		fprintf(stderr, "ipcbench lrpc: %s\n", strerror(-e));
		e = EXIT_SOME_FAILED;
	}
	lrpcplan_free(&c.run);
	meta_free(&c.meta);
	return e;
}
