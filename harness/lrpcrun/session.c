/* One `ipcbench lrpc` session after its options are parsed: the run directory and its
 * meta.csv, the floors, and the loop over repetitions (outermost, so that drift spreads
 * over all rows) and rows. lrpc.csv is rewritten atomically after every cell, so an
 * interrupted run leaves valid CSV. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "floors/tscskew.h"
#include "lrpcrun/lrpcrun.h"
#include "run/manifest.h"
#include "run/outdir.h"
#include "run/run.h"
#include "sys/cpuload.h"
#include "sys/files.h"
#include "sys/spawn.h"

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
	report_results_csv(&b[1], r->cells, n, NULL);
	report_summary_csv(&b[2], r->cells, n, NULL);
	report_spectrum_csv(&b[3], r->cells, n, NULL);
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

int lrpc_session(struct lrpc_cmd *c)
{
	struct cpuload load;
	int e;

	spawn_block_signals();
	e = prepare(c);
	if (e == 0) {
		cpuload_start(&load);
		e = finish(c, measure(c), &load);
	} else if (e != EXIT_OUTDIR) { /* that one is said already */
		fprintf(stderr, "ipcbench lrpc: %s\n", strerror(-e));
		e = EXIT_SOME_FAILED;
	}
	lrpcplan_free(&c->run);
	meta_free(&c->meta);
	return e;
}
