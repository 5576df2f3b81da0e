#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "calibrate.h"
#include "meta.h"
#include "report.h"
#include "resume.h"
#include "run.h"
#include "outdir.h"
#include "spawn.h"

struct run_state {
	struct run_config *cfg;
	struct row *rows;
	size_t nrows;
	char dir[4096];
	struct meta meta;
	int progress; /* draw the progress line on stderr */
};

static int make_run_dir(struct run_state *st)
{
	return outdir_make(st->cfg->results_root, st->cfg->outdir, st->dir, sizeof(st->dir));
}

static void point_latest(struct run_state *st)
{
	if (!st->cfg->outdir)
		outdir_point_latest(st->cfg->results_root, st->dir);
}

static int write_csv(struct run_state *st, const char *name,
		     void (*fill)(struct sbuf *, const struct row *, size_t))
{
	char path[4200];
	struct sbuf b = { 0 };
	int r;

	snprintf(path, sizeof(path), "%s/%s", st->dir, name);
	fill(&b, st->rows, st->nrows);
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	if (r < 0)
		fprintf(stderr, "ipcbench: writing %s: %s\n", path, strerror(-r));
	return r;
}

static int write_meta(struct run_state *st)
{
	char path[4200];
	int r;

	snprintf(path, sizeof(path), "%s/meta.csv", st->dir);
	r = meta_write(&st->meta, path);
	if (r < 0)
		fprintf(stderr, "ipcbench: writing %s: %s\n", path, strerror(-r));
	return r;
}

/* Repetitions outermost, so that slow drift spreads over all keys instead of one. */
static int plan_rows(struct run_state *st)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < st->cfg->nsweeps; i++) {
		const struct sweep *sw = &st->cfg->sweeps[i];
		n += (size_t)sw->set.repeat * sw->nt * sw->nsizes;
	}
	st->rows = calloc(n ? n : 1, sizeof(*st->rows));
	if (!st->rows)
		return -ENOMEM;
	for (size_t i = 0; i < st->cfg->nsweeps; i++) {
		const struct sweep *sw = &st->cfg->sweeps[i];
		for (unsigned rep = 1; rep <= sw->set.repeat; rep++)
			for (size_t t = 0; t < sw->nt; t++)
				for (size_t s = 0; s < sw->nsizes; s++)
					st->rows[k++] = (struct row){ .sw = sw, .t = sw->t[t],
								      .size = sw->sizes[s], .rep = rep };
	}
	st->nrows = n;
	return 0;
}

static double planned_seconds(const struct run_state *st, size_t from)
{
	double s = 0;

	for (size_t i = from; i < st->nrows; i++)
		s += (double)(st->rows[i].sw->set.warmup_ns + st->rows[i].sw->set.duration_ns) / 1e9 +
		     0.01;
	return s;
}

static void progress(const struct run_state *st, size_t i, uint64_t t0)
{
	const struct row *r = &st->rows[i];
	double el = (double)(clock_mono_ns() - t0) / 1e9;

	if (!st->progress)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %llu B rep %u/%u  %.0f s elapsed, about %.0f s left",
		i + 1, st->nrows, r->t->name, (unsigned long long)r->size, r->rep,
		r->sw->set.repeat, el, planned_seconds(st, i));
	fflush(stderr);
}

/* Polling transports sharing one CPU measure yields, not spinning: say so in the row. */
static void annotate(struct row *r)
{
	size_t len = strlen(r->res.note);

	if ((r->t->flags & TR_POLLING) && r->sw->set.client_cpu == r->sw->set.server_cpu &&
	    r->res.status == CELL_OK)
		snprintf(r->res.note + len, sizeof(r->res.note) - len, "%s%s", len ? "; " : "",
			 "both sides on one CPU: the transport yields instead of spinning (see its description)");
}

static int cells_failed(const struct run_state *st, size_t *failed, size_t *ran)
{
	*failed = *ran = 0;
	for (size_t i = 0; i < st->nrows; i++) {
		enum cell_status s = st->rows[i].res.status;
		if (!st->rows[i].done)
			continue;
		(*ran)++;
		if (s != CELL_OK && s != CELL_UNSUPPORTED && s != CELL_SKIPPED)
			(*failed)++;
	}
	return *failed > 0;
}

static int run_cells(struct run_state *st)
{
	uint64_t t0 = clock_mono_ns();
	int interrupted = 0;

	st->progress = !st->cfg->quiet && isatty(STDERR_FILENO) && planned_seconds(st, 0) > 3;
	for (size_t i = 0; i < st->nrows && !interrupted; i++) {
		struct row *r = &st->rows[i];

		if (r->done)
			continue;
		struct cell_spec spec = { .t = r->t, .size = r->size, .repeat = r->rep,
					  .set = &r->sw->set, .clk = &st->cfg->clk };

		progress(st, i, t0);
		int rc = cell_run(&spec, 0, &r->res);
		if (rc < 0 && rc != -EINTR) {
			r->res.status = CELL_ERROR;
			snprintf(r->res.note, sizeof(r->res.note), "harness: %s", strerror(-rc));
		}
		r->done = rc != -EINTR; /* an interrupted cell is not a result: resume reruns it */
		annotate(r);
		interrupted = rc == -EINTR || spawn_interrupt_pending();
		write_csv(st, "results.csv", report_results_csv);
		write_csv(st, "summary.csv", report_summary_csv);
		write_csv(st, "spectrum.csv", report_spectrum_csv);
	}
	if (st->progress)
		fprintf(stderr, "\r\033[K");
	return interrupted;
}

/* A new run directory and its metadata, or the interrupted run's own when resuming. */
static int open_run_dir(struct run_state *st)
{
	struct run_config *cfg = st->cfg;
	char err[512];
	char *text;
	int r;

	if (cfg->resume_dir) {
		snprintf(st->dir, sizeof(st->dir), "%s", cfg->resume_dir);
		r = resume_load_meta(st->dir, &st->meta, err, sizeof(err));
		if (r < 0)
			fprintf(stderr, "ipcbench: --resume: %s\n", err);
		time_t now = time(NULL);
		struct tm tm;
		char stamp[32];

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		meta_set(&st->meta, "resumed_utc", "%s", stamp);
		return r;
	}
	r = make_run_dir(st);
	if (r < 0) {
		fprintf(stderr, "ipcbench: cannot create the run directory %s: %s\n", st->dir,
			strerror(-r));
		return r;
	}
	meta_collect_env(&st->meta);
	meta_set(&st->meta, "clock", "%s", cfg->clk.name);
	meta_set(&st->meta, "clock_tsc_hz", "%.0f", cfg->clk.tsc_hz);
	meta_set(&st->meta, "config_file", "%s", cfg->config_path ? cfg->config_path : "NA");
	text = config_to_text(cfg);
	meta_set(&st->meta, "config", "%s", text ? text : "NA");
	free(text);
	return 0;
}

/* Rows a resumed run already has keep their figures and are not run again. */
static int mark_resumed(struct run_state *st)
{
	char err[512];
	size_t found = 0;
	int r;

	if (!st->cfg->resume_dir)
		return 0;
	r = resume_mark_done(st->dir, st->rows, st->nrows, &found, err, sizeof(err));
	if (r == 0)
		r = resume_spectrum(st->dir, st->rows, st->nrows);
	if (r < 0)
		fprintf(stderr, "ipcbench: --resume: %s\n", err);
	else if (!st->cfg->quiet)
		printf("resuming: %zu of %zu cells already done\n", found, st->nrows);
	return r;
}

static int prepare(struct run_state *st)
{
	struct run_config *cfg = st->cfg;
	struct floors f;
	int r = clock_init(&cfg->clk, cfg->force_gettime);

	if (r < 0) {
		fprintf(stderr, "ipcbench: clock calibration failed: %s\n", strerror(-r));
		return r;
	}
	if ((r = open_run_dir(st)) < 0)
		return r;
	meta_set(&st->meta, "run_status", "running");
	if ((r = write_meta(st)) < 0)
		return r;
	if (!cfg->quiet)
		printf("ipcbench %s: writing %s\n", IPCBENCH_VERSION, st->dir);
	r = calibrate_run(&cfg->clk, cfg->sweeps[0].set.client_cpu, cfg->sweeps[0].set.server_cpu, &f);
	if (r == -EINTR)
		return r;
	calibrate_meta(&f, "floor", &st->meta);
	if (!cfg->quiet)
		calibrate_print(&f, stdout);
	r = plan_rows(st);
	return r < 0 ? r : mark_resumed(st);
}

/* Final files, the table, and the count of cells that did not pass. */
static int finish(struct run_state *st, int interrupted, size_t *failed)
{
	size_t ran = 0;
	int r;

	cells_failed(st, failed, &ran);
	meta_set(&st->meta, "run_status", interrupted ? "incomplete" : "complete");
	meta_set(&st->meta, "cells_planned", "%zu", st->nrows);
	meta_set(&st->meta, "cells_run", "%zu", ran);
	meta_set(&st->meta, "cells_failed", "%zu", *failed);
	r = write_csv(st, "results.csv", report_results_csv);
	if (r == 0)
		r = write_csv(st, "summary.csv", report_summary_csv);
	if (r == 0)
		r = write_csv(st, "spectrum.csv", report_spectrum_csv);
	if (write_meta(st) < 0 && r == 0)
		r = -EIO;
	point_latest(st);
	if (!st->cfg->quiet) {
		printf("\n");
		report_table(stdout, st->rows, st->nrows);
		printf("\n%zu of %zu cells run, %zu failed%s. Results: %s\n", ran, st->nrows, *failed,
		       interrupted ? " (interrupted: 'ipcbench run --resume DIR' runs the rest)" : "",
		       st->dir);
	}
	return r;
}

int run_execute(struct run_config *cfg)
{
	struct run_state st = { .cfg = cfg };
	size_t failed = 0;
	int interrupted = 0, r;

	spawn_block_signals();
	r = prepare(&st);
	if (r == 0) {
		interrupted = run_cells(&st);
		r = finish(&st, interrupted, &failed);
	} else if (r == -EINTR && st.meta.n) {
		meta_set(&st.meta, "run_status", "incomplete");
		write_meta(&st);
	}
	for (size_t i = 0; i < st.nrows; i++)
		cell_result_free(&st.rows[i].res);
	free(st.rows);
	meta_free(&st.meta);
	if (r < 0 && r != -EINTR)
		return EXIT_SOME_FAILED;
	return interrupted || failed || r == -EINTR ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
