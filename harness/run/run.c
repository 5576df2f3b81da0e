#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "floors/calibrate.h"
#include "run/manifest.h"
#include "run/bwfloor.h"
#include "run/capacity.h"
#include "run/copies.h"
#include "run/endfloors.h"
#include "run/inject.h"
#include "run/meta.h"
#include "run/outdir.h"
#include "run/plan.h"
#include "run/preflight.h"
#include "run/progress.h"
#include "run/resume.h"
#include "run/run.h"
#include "run/sink.h"
#include "run/summary.h"
#include "sys/files.h"
#include "sys/names.h"
#include "sys/spawn.h"

struct run_state {
	struct run_config *cfg;
	struct row *rows;
	size_t nrows;
	char dir[4096];
	struct meta meta;
	struct topology topo;
	struct run_sink sink;
	struct progress progress;
	struct inject_spec inject; /* TEST ONLY: --inject-slowdown (n == 0 normally) */
	uint64_t counters_closed_ns; /* a perf event was last open then (cell_spec) */
};

/* Says why on stderr and returns the exit code. */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ipcbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

static int has_matrix(const struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nsweeps; i++)
		if (cfg->sweeps[i].matrix)
			return 1;
	return 0;
}

static int has_parties(const struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nsweeps; i++)
		if (cfg->sweeps[i].clients.n || cfg->sweeps[i].subscribers.n)
			return 1;
	return 0;
}

/* The rows' files after a cell; a failure stops the sweep (run/sink.h). */
static int write_rows(struct run_state *st)
{
	return sink_write_rows(&st->sink, st->rows, st->nrows,
			       (has_matrix(st->cfg) ? SINK_MATRIX : 0) |
			       (has_parties(st->cfg) ? SINK_PARTIES : 0));
}

/* Polling transports sharing one CPU measure yields, not spinning: say so in the row. A
 * test-only slowed run says so in every row. */
static void annotate(const struct run_state *st, struct row *r)
{
	size_t len = strlen(r->res.note);

	if ((r->t->flags & TR_POLLING) && r->set.client_cpu == r->set.server_cpu &&
	    r->res.status == CELL_OK)
		snprintf(r->res.note + len, sizeof(r->res.note) - len, "%s%s", len ? "; " : "",
			 "both sides on one CPU: the transport yields instead of spinning (see its description)");
	if (st->inject.n)
		inject_note(&st->inject, r);
}

static void cells_failed(const struct run_state *st, size_t *failed)
{
	*failed = 0;
	for (size_t i = 0; i < st->nrows; i++) {
		enum cell_status s = st->rows[i].res.status;

		if (st->rows[i].done && s != CELL_OK && s != CELL_UNSUPPORTED && s != CELL_SKIPPED)
			(*failed)++; /* insufficient too: the figure asked for was not had */
	}
}

/* One cell; a party cell with its placement plan. 0, -EINTR or another negative errno. */
static int run_one(struct run_state *st, struct row *r)
{
	struct cell_spec spec = { .t = r->t, .size = r->size, .repeat = r->rep, .set = &r->set,
				  .clk = &st->cfg->clk, .counters_closed_ns = &st->counters_closed_ns };
	struct party_plan plan = { 0 };
	int rc = 0;

	if (r->set.clients || r->set.subscribers) {
		rc = party_plan_make(&st->topo, r->set.clients ? r->set.clients : r->set.subscribers,
				     (enum spread)r->set.spread, &plan);
		spec.plan = &plan;
	}
	if (rc == 0)
		rc = cell_run(&spec, 0, &r->res);
	party_plan_free(&plan);
	return rc;
}

/* Runs the cells not done yet; 1 when interrupted. A write error stops it too: the cell
 * whose row could not be written is then not done (resume runs it again). */
static int run_cells(struct run_state *st)
{
	int interrupted = 0;

	progress_start(&st->progress, st->rows, st->nrows, st->cfg->quiet);
	for (size_t i = 0; i < st->nrows && !interrupted && !st->sink.err; i++) {
		struct row *r = &st->rows[i];

		if (r->done)
			continue;
		progress_cell(&st->progress, st->rows, i);
		int rc = run_one(st, r);
		if (rc < 0 && rc != -EINTR) {
			r->res.status = CELL_ERROR;
			snprintf(r->res.note, sizeof(r->res.note), "harness: %s", strerror(-rc));
		}
		r->done = rc != -EINTR; /* an interrupted cell is not a result: resume reruns it */
		annotate(st, r);
		interrupted = rc == -EINTR || spawn_interrupt_pending();
		if (r->done && write_rows(st) < 0)
			r->done = 0;
	}
	progress_end(&st->progress);
	return interrupted;
}

static void stamp_resumed(struct meta *m)
{
	time_t now = time(NULL);
	struct tm tm;
	char stamp[32];

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	meta_set(m, "resumed_utc", "%s", stamp);
}

/* Takes the run directory's lock (run/sink.h). */
static int lock_dir(struct run_state *st)
{
	pid_t holder = 0;
	int r = sink_open(&st->sink, st->dir, &holder);

	if (r == -EBUSY)
		return fail(EXIT_OUTDIR, "%s is in use by a run that is still going (pid %d): wait for "
			    "it, or stop it first", st->dir, (int)holder);
	if (r < 0)
		return fail(EXIT_OUTDIR, "%s: cannot take its lock: %s", st->dir, strerror(-r));
	return 0;
}

/* Space set aside for meta.csv's last word (run/sink.h). */
static int reserve(struct run_state *st)
{
	int r = sink_reserve(&st->sink);

	return r < 0 ? fail(EXIT_WRITE_FAILED, "%s: setting space aside: %s", st->dir,
			    strerror(-r)) : 0;
}

/* The interrupted run's directory: its lock, its meta.csv and its rows, all checked
 * before anything is written (run/resume.h). */
static int open_resumed(struct run_state *st)
{
	char err[1024];
	size_t found = 0;
	uid_t who;
	int r;

	snprintf(st->dir, sizeof(st->dir), "%s", st->cfg->resume_dir);
	if ((r = dir_check_trusted(st->dir, &who)) < 0)
		return fail(EXIT_OUTDIR, "--resume %s: %s", st->dir, r == -EPERM ?
			    "it or its parent is another user's, who could replace its files" :
			    strerror(-r));
	if ((r = lock_dir(st)) != 0)
		return r;
	if (resume_load_meta(st->dir, &st->meta, err, sizeof(err)) < 0 ||
	    resume_mark_done(st->dir, st->rows, st->nrows, &found, err, sizeof(err)) < 0 ||
	    resume_spectrum(st->dir, st->rows, st->nrows, err, sizeof(err)) < 0)
		return fail(EXIT_USAGE, "--resume: %s (nothing was changed)", err);
	if ((r = resume_parties(st->dir, st->rows, st->nrows)) < 0)
		return fail(EXIT_USAGE, "--resume: %s/parties.csv: %s (nothing was changed)", st->dir,
			    strerror(-r));
	if ((r = reserve(st)) != 0)
		return r;
	stamp_resumed(&st->meta);
	if (!st->cfg->quiet)
		printf("resuming: %zu of %zu cells already done\n", found, st->nrows);
	return 0;
}

/* TEST ONLY: --inject-slowdown, recorded in meta.csv; "none" in every normal run. */
static void note_injection(struct run_state *st)
{
	char text[512];

	if (!st->inject.n) {
		meta_set(&st->meta, "inject_slowdown", "none");
		return;
	}
	inject_text(&st->inject, text, sizeof(text));
	meta_set(&st->meta, "inject_slowdown", "%s (TEST ONLY: busy wait before every send)",
		 text);
	if (!st->cfg->quiet)
		fprintf(stderr, "ipcbench: TEST-ONLY run: --inject-slowdown %s slows every send of "
			"these transports on purpose\n", text);
}

/* A new run directory, its lock, its metadata and topology.xml. */
static int open_new(struct run_state *st)
{
	struct run_config *cfg = st->cfg;
	char why[1024], path[4200], *text;
	int r = outdir_make(cfg->results_root, cfg->outdir, cfg->force, st->dir, sizeof(st->dir),
			    why, sizeof(why));

	if (r < 0)
		return fail(EXIT_OUTDIR, "cannot use the run directory: %s", why);
	if ((r = lock_dir(st)) != 0 || (r = reserve(st)) != 0)
		return r;
	manifest_env(&st->meta);
	manifest_machine(&st->meta);
	if (manifest_counters(&st->meta, cfg))
		st->counters_closed_ns = clock_mono_ns();
	meta_set(&st->meta, "clock", "%s", cfg->clk.name);
	meta_set(&st->meta, "clock_tsc_hz", "%.0f", cfg->clk.tsc_hz);
	meta_set(&st->meta, "config_file", "%s", cfg->config_path ? cfg->config_path : "NA");
	topo_summary(&st->topo, why, sizeof(why));
	meta_set(&st->meta, "topology", "%s", why);
	text = config_to_text(cfg);
	meta_set(&st->meta, "config", "%s", text ? text : "NA");
	free(text);
	note_injection(st);
	snprintf(path, sizeof(path), "%s/topology.xml", st->dir);
	if ((r = topo_export_xml(&st->topo, path)) < 0)
		return fail(EXIT_WRITE_FAILED, "writing %s: %s", path, strerror(-r));
	return 0;
}

/* An unusable TMPDIR would make every cell an error: said once, before anything. */
static int check_tmpdir(void)
{
	char dir[512];
	int r = ipc_tmpdir_create(dir, sizeof(dir));

	if (r == 0)
		r = ipc_tmpdir_remove(dir) < 0 ? -EIO : 0;
	if (r < 0)
		return fail(EXIT_NOT_STARTED, "cannot make a private temp dir in %s (TMPDIR): %s",
			    getenv("TMPDIR") && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp",
			    strerror(-r));
	return 0;
}

/* The topology the CPU pairs are resolved on and the cells planned on it. */
static int plan(struct run_state *st)
{
	char why[512];
	int r = topo_load(&st->topo, NULL);

	if (r < 0)
		return fail(EXIT_NOT_STARTED, "hwloc cannot read this machine's topology: %s",
			    strerror(-r));
	if ((r = plan_rows(st->cfg, &st->topo, &st->rows, &st->nrows)) < 0)
		return fail(EXIT_NOT_STARTED, "planning the cells: %s", strerror(-r));
	if (plan_check_unique(st->rows, st->nrows, why, sizeof(why)) < 0)
		return fail(EXIT_USAGE, "%s", why);
	if (st->cfg->inject && inject_parse(st->cfg->inject, &st->inject, why, sizeof(why)) < 0)
		return fail(EXIT_USAGE, "%s", why);
	inject_apply(&st->inject, st->rows, st->nrows);
	return 0;
}

/* Floors on the CPUs of the first cell that will run. A resumed run keeps the original
 * run's floors and puts its own beside them (resume_floor_*). */
static int measure_floors(struct run_state *st)
{
	struct cell_settings *s = &st->cfg->sweeps[0].set;
	struct floors f;
	int r;

	for (size_t i = 0; i < st->nrows; i++)
		if (!st->rows[i].done) {
			s = &st->rows[i].set;
			break;
		}
	run_preflight(&st->meta, &st->topo, s, st->cfg->quiet);
	r = calibrate_run(&st->cfg->clk, s->client_cpu, s->server_cpu, &f);
	if (r == -EINTR)
		return r;
	manifest_floors(&f, st->cfg->resume_dir ? "resume_floor" : "floor", &st->meta);
	if (!st->cfg->quiet)
		calibrate_print(&f, stdout);
	if (!f.ok) {
		meta_set(&st->meta, "stop_reason", "floors not measured: %s", f.note);
		return fail(EXIT_NOT_STARTED, "the floors could not be measured on CPUs %d,%d: %s",
			    s->client_cpu, s->server_cpu, f.note);
	}
	return 0;
}

/* Everything before the first cell; 0, -EINTR, or an exit code (said on stderr). */
static int prepare(struct run_state *st)
{
	struct run_config *cfg = st->cfg;
	int r = clock_init(&cfg->clk, cfg->force_gettime);

	if (r < 0)
		return fail(EXIT_NOT_STARTED, "clock calibration failed: %s", strerror(-r));
	if ((r = check_tmpdir()) != 0 || (r = plan(st)) != 0)
		return r;
	r = cfg->resume_dir ? open_resumed(st) : open_new(st);
	if (r != 0)
		return r;
	meta_set(&st->meta, "run_status", "running");
	if ((r = sink_write_meta(&st->sink, &st->meta)) < 0)
		return fail(EXIT_WRITE_FAILED, "writing %s/meta.csv: %s", st->dir, strerror(-r));
	if (!cfg->quiet)
		printf("ipcbench %s: writing %s\n", IPCBENCH_VERSION, st->dir);
	return measure_floors(st);
}

/* The floors measured when the run's cells are done: copy slopes, wake-ups, bandwidth
 * paths (run/endfloors.h). */
static int end_floors(struct run_state *st, struct end_floors *ef)
{
	int r = copies_ask(st->rows, st->nrows, ef);

	if (r == 0)
		r = bwfloor_ask(st->rows, st->nrows, ef);
	if (r == 0)
		r = endfloors_measure(&st->cfg->clk, ef, &st->meta);
	if (r == 0)
		bwfloor_apply(st->rows, st->nrows, ef);
	if (r < 0 && r != -EINTR)
		fprintf(stderr, "ipcbench: floors at the end of the run: %s\n", strerror(-r));
	return r;
}

/* copies.csv and capacity.csv, for a run that completed. */
static void end_studies(struct run_state *st, const struct end_floors *ef, struct sbuf *table)
{
	int r = copies_run(st->rows, st->nrows, ef, st->dir, table);

	if (r < 0)
		fprintf(stderr, "ipcbench: copies.csv: %s\n", strerror(-r));
	r = capacity_run(st->rows, st->nrows, st->dir, table);
	if (r < 0 && r != -EINTR)
		fprintf(stderr, "ipcbench: capacity.csv: %s\n", strerror(-r));
}

static void say_result(const struct run_state *st, int interrupted, size_t failed,
		       const struct sbuf *copies)
{
	char why[256];

	if (st->sink.err)
		sink_error_text(&st->sink, why, sizeof(why));
	if (st->sink.err)
		fprintf(stderr, "ipcbench: %s/%s: the run stopped there: %s. The files in %s are "
			"valid; 'ipcbench run --resume %s' runs the rest once there is room\n",
			st->dir, st->sink.err_file, why, st->dir, st->dir);
	if (st->cfg->quiet)
		return;
	printf("\n");
	run_tell_results(st->cfg, st->rows, st->nrows, st->dir);
	if (copies->p)
		fputs(copies->p, stdout);
	printf("\n%zu of %zu cells run, %zu failed%s. Results: %s\n", st->sink.rows_on_disk,
	       st->nrows, failed, st->sink.err ? " (stopped by a write error)" :
	       interrupted ? " (interrupted: 'ipcbench run --resume DIR' runs the rest)" : "",
	       st->dir);
}

/* Final files, the table, and the exit code. */
static int finish(struct run_state *st, int interrupted)
{
	struct sbuf copies = { 0 };
	struct end_floors ef = { 0 };
	char why[256];
	size_t failed;
	int exported = 0;

	/* first: the bandwidth rows' floor_ratio comes from these floors */
	if (!interrupted && !st->sink.err && end_floors(st, &ef) == -EINTR)
		interrupted = 1;
	sink_rows_changed(&st->sink); /* bwfloor_apply gave bandwidth rows their floor */
	if (!st->sink.err)
		write_rows(st);
	cells_failed(st, &failed);
	if (!interrupted && !st->sink.err)
		end_studies(st, &ef, &copies);
	endfloors_free(&ef);
	if (!st->sink.err)
		exported = run_export_ranking(st->cfg, st->rows, st->nrows);
	meta_set(&st->meta, "run_status", interrupted || st->sink.err ? "incomplete" : "complete");
	if (st->sink.err) {
		sink_error_text(&st->sink, why, sizeof(why));
		meta_set(&st->meta, "stop_reason", "%s", why);
	}
	meta_set(&st->meta, "cells_planned", "%zu", st->nrows);
	meta_set(&st->meta, "cells_run", "%zu", st->sink.rows_on_disk);
	meta_set(&st->meta, "cells_failed", "%zu", failed);
	if (sink_write_meta(&st->sink, &st->meta) < 0)
		fprintf(stderr, "ipcbench: %s/meta.csv could not be updated: it still says "
			"running\n", st->dir);
	if (!st->cfg->outdir)
		outdir_point_latest(st->cfg->results_root, st->dir);
	say_result(st, interrupted, failed, &copies);
	sbuf_free(&copies);
	if (st->sink.err || exported < 0)
		return EXIT_WRITE_FAILED;
	return interrupted || failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}

/* A run that stopped before its first cell: meta.csv says so, when there is one. */
static void stopped_early(struct run_state *st, int code)
{
	if (st->sink.lockfd < 0 || !st->meta.n || code == EXIT_USAGE)
		return;
	meta_set(&st->meta, "run_status", "incomplete");
	sink_write_meta(&st->sink, &st->meta);
}

int run_execute(struct run_config *cfg)
{
	struct run_state st = { .cfg = cfg, .sink = { .lockfd = -1 } };
	int r;

	if (cfg->dry_run)
		return run_dry(cfg);

	spawn_block_signals();
	r = prepare(&st);
	if (r == 0)
		r = finish(&st, run_cells(&st));
	else
		stopped_early(&st, r == -EINTR ? EXIT_SOME_FAILED : r);
	sink_close(&st.sink);
	for (size_t i = 0; i < st.nrows; i++) {
		cell_result_free(&st.rows[i].res);
		free(st.rows[i].carried);
	}
	free(st.rows);
	meta_free(&st.meta);
	topo_free(&st.topo);
	return r == -EINTR ? EXIT_SOME_FAILED : r;
}
