#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "floors/calibrate.h"
#include "run/manifest.h"
#include "run/copies.h"
#include "run/meta.h"
#include "run/outdir.h"
#include "out/parties.h"
#include "out/tables.h"
#include "run/plan.h"
#include "run/resume.h"
#include "run/run.h"
#include "sys/spawn.h"

struct run_state {
	struct run_config *cfg;
	struct row *rows;
	size_t nrows;
	char dir[4096];
	struct meta meta;
	struct topology topo;
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

	if ((r->t->flags & TR_POLLING) && r->set.client_cpu == r->set.server_cpu &&
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

static int has_parties(const struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nsweeps; i++)
		if (cfg->sweeps[i].clients.n || cfg->sweeps[i].subscribers.n)
			return 1;
	return 0;
}

/* One cell; a party cell with its placement plan. 0, -EINTR or another negative errno. */
static int run_one(struct run_state *st, struct row *r)
{
	struct cell_spec spec = { .t = r->t, .size = r->size, .repeat = r->rep, .set = &r->set,
				  .clk = &st->cfg->clk };
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

static int run_cells(struct run_state *st)
{
	uint64_t t0 = clock_mono_ns();
	int interrupted = 0;

	st->progress = !st->cfg->quiet && isatty(STDERR_FILENO) && planned_seconds(st, 0) > 3;
	for (size_t i = 0; i < st->nrows && !interrupted; i++) {
		struct row *r = &st->rows[i];

		if (r->done)
			continue;
		progress(st, i, t0);
		int rc = run_one(st, r);
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
		if (has_parties(st->cfg))
			write_csv(st, "parties.csv", parties_csv);
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
	manifest_env(&st->meta);
	manifest_machine(&st->meta);
	manifest_counters(&st->meta, cfg);
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
	if (r == 0)
		r = resume_parties(st->dir, st->rows, st->nrows);
	if (r < 0)
		fprintf(stderr, "ipcbench: --resume: %s\n", err);
	else if (!st->cfg->quiet)
		printf("resuming: %zu of %zu cells already done\n", found, st->nrows);
	return r;
}

/* The topology the CPU pairs are resolved on, kept with the run (summary and XML). */
static int load_topology(struct run_state *st)
{
	char path[4200], s[256];
	int r = topo_load(&st->topo, NULL);

	if (r < 0) {
		fprintf(stderr, "ipcbench: hwloc cannot read this machine's topology: %s\n",
			strerror(-r));
		return r;
	}
	topo_summary(&st->topo, s, sizeof(s));
	meta_set(&st->meta, "topology", "%s", s);
	snprintf(path, sizeof(path), "%s/topology.xml", st->dir);
	if (topo_export_xml(&st->topo, path) < 0)
		fprintf(stderr, "ipcbench: warning: cannot write %s\n", path);
	return 0;
}

/* CPU time (user+nice+system+irq+softirq) and total jiffies of one CPU from /proc/stat. */
static int cpu_jiffies(int cpu, unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[512], name[16];
	int found = 0;

	snprintf(name, sizeof(name), "cpu%d ", cpu);
	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long long v[8] = { 0 };
		if (strncmp(line, name, strlen(name)) != 0)
			continue;
		sscanf(line + strlen(name), "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
		*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
		*total = *busy + v[3] + v[4];
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -ENOENT;
}

/* An SMT sibling of a measuring CPU that is busy steals the core from it. */
static void check_siblings(struct run_state *st, const struct cell_settings *s, char *w, size_t n)
{
	const struct topology *t = &st->topo;

	for (size_t i = 0; i < t->npu; i++) {
		const struct topo_pu *p = &t->pu[i];
		unsigned long long b0, t0, b1, t1;
		int mine = p->os == s->client_cpu || p->os == s->server_cpu, sib = 0;

		for (size_t j = 0; !mine && j < t->npu; j++)
			sib |= t->pu[j].core == p->core && t->pu[j].os != p->os &&
			       (t->pu[j].os == s->client_cpu || t->pu[j].os == s->server_cpu);
		if (!sib || cpu_jiffies(p->os, &b0, &t0) < 0)
			continue;
		usleep(100000);
		if (cpu_jiffies(p->os, &b1, &t1) == 0 && t1 > t0 && (b1 - b0) * 2 > t1 - t0)
			snprintf(w + strlen(w), n - strlen(w), "%sSMT sibling CPU %d of a measuring CPU is "
				 "busy", w[0] ? "; " : "", p->os);
	}
}

/* Settings known to add noise, said before measuring and kept in meta.csv. */
static void preflight(struct run_state *st, const struct cell_settings *s)
{
	const char *gov = meta_get(&st->meta, "cpu_governor");
	char w[1024] = "";

	if (gov && strcmp(gov, "powersave") == 0)
		snprintf(w, sizeof(w), "cpufreq governor is powersave: frequency ramps add noise");
	if (!clock_tsc_invariant())
		snprintf(w + strlen(w), sizeof(w) - strlen(w), "%sno invariant TSC: timing falls back "
			 "to clock_gettime", w[0] ? "; " : "");
	if (manifest_is_vm())
		snprintf(w + strlen(w), sizeof(w) - strlen(w), "%svirtual machine: the host may move "
			 "or share vCPUs, figures can shift between cells", w[0] ? "; " : "");
	check_siblings(st, s, w, sizeof(w));
	meta_set(&st->meta, "preflight_warnings", "%s", w[0] ? w : "none");
	if (w[0] && !st->cfg->quiet)
		fprintf(stderr, "ipcbench: warning: %s\n", w);
}

/* Floors on the CPUs of the first cell that will run. */
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
	preflight(st, s);
	r = calibrate_run(&st->cfg->clk, s->client_cpu, s->server_cpu, &f);
	if (r == -EINTR)
		return r;
	manifest_floors(&f, "floor", &st->meta);
	if (!st->cfg->quiet)
		calibrate_print(&f, stdout);
	return 0;
}

static int prepare(struct run_state *st)
{
	struct run_config *cfg = st->cfg;
	int r = clock_init(&cfg->clk, cfg->force_gettime);

	if (r < 0) {
		fprintf(stderr, "ipcbench: clock calibration failed: %s\n", strerror(-r));
		return r;
	}
	if ((r = open_run_dir(st)) < 0 || (r = load_topology(st)) < 0)
		return r;
	meta_set(&st->meta, "run_status", "running");
	if ((r = write_meta(st)) < 0)
		return r;
	if (!cfg->quiet)
		printf("ipcbench %s: writing %s\n", IPCBENCH_VERSION, st->dir);
	r = plan_rows(cfg, &st->topo, &st->rows, &st->nrows);
	if (r == 0)
		r = mark_resumed(st);
	return r < 0 ? r : measure_floors(st);
}


static int has_matrix(const struct run_config *cfg)
{
	for (size_t i = 0; i < cfg->nsweeps; i++)
		if (cfg->sweeps[i].matrix)
			return 1;
	return 0;
}

/* copies.csv and the slopes behind it, for a run that completed (run/copies.h). */
static void run_copies(struct run_state *st, struct sbuf *table)
{
	int r = copies_run(&st->cfg->clk, st->rows, st->nrows, st->dir, &st->meta, table);

	if (r < 0 && r != -EINTR)
		fprintf(stderr, "ipcbench: copies.csv: %s\n", strerror(-r));
}

/* Final files, the table, and the count of cells that did not pass. */
static int finish(struct run_state *st, int interrupted, size_t *failed)
{
	size_t ran = 0;
	int r;
	struct sbuf copies = { 0 };

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
	if (r == 0 && has_matrix(st->cfg))
		r = write_csv(st, "matrix.csv", report_matrix_csv);
	if (r == 0 && has_parties(st->cfg))
		r = write_csv(st, "parties.csv", parties_csv);
	if (!interrupted)
		run_copies(st, &copies);
	if (write_meta(st) < 0 && r == 0)
		r = -EIO;
	point_latest(st);
	if (!st->cfg->quiet) {
		printf("\n");
		report_table(stdout, st->rows, st->nrows);
		if (copies.p)
			fputs(copies.p, stdout);
		printf("\n%zu of %zu cells run, %zu failed%s. Results: %s\n", ran, st->nrows, *failed,
		       interrupted ? " (interrupted: 'ipcbench run --resume DIR' runs the rest)" : "",
		       st->dir);
	}
	sbuf_free(&copies);
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
	topo_free(&st.topo);
	if (r < 0 && r != -EINTR)
		return EXIT_SOME_FAILED;
	return interrupted || failed || r == -EINTR ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
