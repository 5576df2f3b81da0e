/* One `ipcbench crosscheck` session after its options are parsed: the run directory and
 * its meta.csv, the floors, the rounds, and the files: crosscheck.csv, and our cells as
 * results.csv and summary.csv (any run's), each rewritten atomically after every side of
 * every row. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crosscheck/crosscheck.h"
#include "floors/calibrate.h"
#include "run/manifest.h"
#include "run/outdir.h"
#include "run/run.h"
#include "sys/files.h"
#include "sys/spawn.h"

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
	report_results_csv(&b, cells, n, NULL);
	write_file(c, "results.csv", &b);
	report_summary_csv(&b, cells, n, NULL);
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

	char why[1024];

	if (e == 0 && (e = outdir_make("results", c->outdir, 0, c->dir, sizeof(c->dir), why,
					 sizeof(why))) < 0)
		fprintf(stderr, "ipcbench crosscheck: cannot use the run directory: %s\n", why);
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

int xcheck_session(struct xcmd *c)
{
	int e, interrupted = 0;

	spawn_block_signals();
	e = prepare(c);
	if (e == 0) {
		interrupted = xrun_rounds(&c->x, write_outputs, c);
		meta_set(&c->meta, "run_status", interrupted ? "incomplete" : "complete");
		write_outputs(c);
		if (!c->outdir)
			outdir_point_latest("results", c->dir);
		xreport_table(stdout, &c->x);
		printf("\nResults: %s/crosscheck.csv\n", c->dir);
	} else if (e != -EINTR) {
		fprintf(stderr, "ipcbench crosscheck: %s\n", strerror(-e));
	}
	e = e < 0 || interrupted || xreport_failed(&c->x) ? EXIT_SOME_FAILED : EXIT_ALL_OK;
	xplan_free(&c->x);
	meta_free(&c->meta);
	return e;
}
