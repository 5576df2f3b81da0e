#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys/files.h"
#include "plot/figures.h"
#include "plot/gnuplot.h"
#include "plot/gpdata.h"
#include "plot/plot.h"
#include "plot/report_html.h"
#include "run/run.h"

/* gnuplot wrote OUT.png and OUT.svg in its private directory; both must be there and not
 * empty before they replace NAME.png and NAME.svg (rename: a link there is replaced, never
 * followed). */
static int publish(const char *plots, const struct fig *f, const char *tmp, int ok)
{
	static const char *const ext[] = { "png", "svg" };
	char src[PATH_MAX + 32], dst[PATH_MAX + 32];
	struct stat st;
	int r = ok;

	for (int k = 0; k < 2; k++) {
		snprintf(src, sizeof(src), "%s.%s", tmp, ext[k]);
		if (r == 0 && (stat(src, &st) < 0 || st.st_size == 0))
			r = -ENODATA;
	}
	for (int k = 0; k < 2; k++) {
		snprintf(src, sizeof(src), "%s.%s", tmp, ext[k]);
		snprintf(dst, sizeof(dst), "%s/%s.%s", plots, f->name, ext[k]);
		if (r == 0 && rename(src, dst) < 0)
			r = -errno;
		unlink(src);
	}
	return r;
}

/* One figure in flight: its gnuplot job and the temp name it writes to. */
struct job {
	struct fig *f;
	struct gp_job gp;
	struct sbuf tmp;
	int r;
};

/* The figure's own table beside its temp outputs, as the script's file (an assignment
 * after the figure's own variables wins). */
static int own_table(const struct fig *f, const char *tmp, struct sbuf *vars)
{
	struct sbuf path = { 0 };
	int r;

	if (!f->data.p)
		return 0;
	sbuf_printf(&path, "%s.csv", tmp);
	r = path.oom || f->data.oom ? -ENOMEM : write_file_atomic(path.p, f->data.p, f->data.len);
	if (r == 0)
		gp_str(vars, "file", path.p);
	sbuf_free(&path);
	return r < 0 ? r : vars->oom ? -ENOMEM : 0;
}

static void render_start(const struct gp_env *env, const char *work, struct fig *f,
			 struct job *j)
{
	struct sbuf vars = { 0 };

	*j = (struct job){ .f = f };
	sbuf_printf(&j->tmp, "%s/%s", work, f->name); /* private: see plot/gpdata.h */
	gp_str(&vars, "plotdir", env->scripts);
	gp_str(&vars, "out", j->tmp.p);
	sbuf_printf(&vars, "%s", f->vars.p ? f->vars.p : "");
	j->r = vars.oom || j->tmp.oom ? -ENOMEM : own_table(f, j->tmp.p, &vars);
	if (j->r == 0)
		j->r = gp_start(env, fig_kinds[f->kind].script, vars.p, &j->gp);
	sbuf_free(&vars);
}

static void render_finish(const char *plots, struct job *j)
{
	struct fig *f = j->f;
	int r = j->r == 0 ? gp_finish(&j->gp, &f->problem) : j->r;

	r = publish(plots, f, j->tmp.p ? j->tmp.p : "", r);
	if (f->data.p && j->tmp.p) {
		sbuf_printf(&j->tmp, ".csv");
		unlink(j->tmp.p);
	}
	if (r < 0 && r != -EPROTO)
		sbuf_printf(&f->problem, "%s%s", f->problem.len ? "\n" : "",
			    r == -ENODATA ? "gnuplot wrote no PNG or no SVG" : strerror(-r));
	f->state = r == 0 ? FIG_OK : FIG_FAILED;
	sbuf_free(&j->tmp);
}

static void report_failure(const struct fig *f)
{
	fprintf(stderr, "ipcbench plot: %s (%s) failed:\n%s%s", f->name, fig_kinds[f->kind].script,
		f->problem.p ? f->problem.p : "",
		f->problem.len && f->problem.p[f->problem.len - 1] == '\n' ? "" : "\n");
}

/* As many gnuplots at once as there are CPUs (8 at most), each writing into work. */
size_t plot_render_all(const struct gp_env *env, const char *plots, const char *work,
		       struct figlist *l)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t batch = ncpu < 1 ? 1 : ncpu > 8 ? 8 : (size_t)ncpu, failed = 0;
	struct job jobs[8];

	for (size_t i = 0; i < l->n;) {
		size_t n = 0;

		for (; i < l->n && n < batch; i++)
			if (l->v[i].state == FIG_TODO)
				render_start(env, work, &l->v[i], &jobs[n++]);
		for (size_t k = 0; k < n; k++)
			render_finish(plots, &jobs[k]);
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].state == FIG_FAILED) {
			failed++;
			report_failure(&l->v[i]);
		}
	return failed;
}

/* Draws the figures of l into OUT/plots and writes OUT/report.html. */
static int draw(const struct gp_env *env, const char *out, const char *work,
		const struct run_dir *runs, size_t n, struct figlist *l)
{
	struct sbuf plots = { 0 }, report = { 0 };
	size_t failed = 0;
	int r;

	sbuf_printf(&plots, "%s/plots", out);
	sbuf_printf(&report, "%s/report.html", out);
	r = plots.oom || report.oom ? -ENOMEM : 0;
	if (r == 0)
		failed = plot_render_all(env, plots.p, work, l);
	if (r == 0 && (r = l->oom ? -ENOMEM : plot_report_write(report.p, runs, n, l)) < 0)
		fprintf(stderr, "ipcbench plot: cannot write %s: %s\n", report.p, strerror(-r));
	if (r == 0)
		printf("ipcbench plot: %zu figures in %s, %zu plots without data, %zu failed\n"
		       "report: %s\n", fig_count(l, -1, FIG_OK), plots.p,
		       fig_count(l, -1, FIG_NODATA), failed, report.p);
	sbuf_free(&plots);
	sbuf_free(&report);
	return r < 0 || failed ? EXIT_SOME_FAILED : 0;
}

static int load_runs(const struct plot_args *a, struct run_dir *runs, size_t *loaded)
{
	char err[1024];

	for (*loaded = 0; *loaded < a->ndirs; (*loaded)++) {
		if (run_dir_load(&runs[*loaded], a->dirs[*loaded], err, sizeof(err)) < 0) {
			fprintf(stderr, "ipcbench plot: %s\n", err);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* OUT/plots made, OUT (resolved) the caller's own, and gnuplot's private directory in it
 * with the runs' tables (plot/gpdata.h). */
static int open_output(const char *out, struct run_dir *runs, size_t n, struct gp_work *w)
{
	char plots[PATH_MAX + 8], err[PATH_MAX + 256], *real;
	uid_t who = 0;
	int r;

	snprintf(plots, sizeof(plots), "%s/plots", out);
	if ((r = mkdir_p(plots)) < 0) {
		fprintf(stderr, "ipcbench plot: cannot create %s: %s\n", plots, strerror(-r));
		return EXIT_SOME_FAILED;
	}
	real = realpath(out, NULL);
	r = real ? dir_check_trusted(real, &who) : -errno;
	free(real);
	if (r == 0)
		r = dir_check_trusted(plots, &who);
	if (r < 0) {
		fprintf(stderr, "ipcbench plot: %s: %s\n", r == -EPERM ? out : plots, r == -EPERM ?
			"it, its plots/ or its parent is another user's, who could replace what is "
			"written there: give -o DIR of your own" : strerror(-r));
		return EXIT_OUTDIR;
	}
	if (gp_work_open(w, plots, runs, n, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcbench plot: %s\n", err);
		return EXIT_SOME_FAILED;
	}
	return 0;
}

int plot_main(const struct plot_args *a)
{
	struct run_dir *runs = calloc(a->ndirs, sizeof(*runs));
	struct figlist figs = { 0 };
	struct gp_work work = { "", 0 };
	struct gp_env env;
	struct sbuf out = { 0 };
	char err[1024];
	size_t n = 0;
	int r;

	if (!runs) {
		fprintf(stderr, "ipcbench plot: out of memory\n");
		return EXIT_SOME_FAILED;
	}
	r = load_runs(a, runs, &n);
	if (r == 0 && gp_find(&env, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcbench plot: %s\n", err);
		r = EXIT_SOME_FAILED;
	}
	if (r == 0) {
		sbuf_printf(&out, "%s%s", a->outdir ? a->outdir : a->dirs[0],
			    a->outdir || n == 1 ? "" : "/compare");
		r = out.oom ? EXIT_SOME_FAILED : open_output(out.p, runs, n, &work);
	}
	if (r == 0) {
		if (n == 1)
			figures_for_run(&runs[0], a->spectrum_size, &figs);
		else
			figures_compare(runs, n, &figs);
		r = draw(&env, out.p, work.dir, runs, n, &figs);
	}
	gp_work_close(&work);
	sbuf_free(&out);
	figlist_free(&figs);
	for (size_t i = 0; i < n; i++)
		run_dir_free(&runs[i]);
	free(runs);
	return r;
}
