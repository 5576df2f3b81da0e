#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "fleet/fleetplot.h"
#include "plot/gpdata.h"
#include "fleet/fleetreport.h"
#include "fleet/hostfigs.h"
#include "plot/gnuplot.h"
#include "run/outdir.h"
#include "plot/plot.h"
#include "run/run.h"

int fleet_parse_fraction(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s)
		return -EINVAL;
	if (*end == '%')
		v /= 100, end++;
	if (*end || !(v > 0 && v < 10))
		return -EINVAL;
	*out = v;
	return 0;
}

/* The hosts that stand out, on the terminal too. */
static void print_outliers(const struct fleet_view *v)
{
	size_t n = 0;

	for (size_t d = 0; d < v->nhosts; d++) {
		const struct fleet_member *m = &v->host[v->by_display[d]];
		if (m->standing_out)
			printf("%s %s: %zu of %zu cells more than %g%% from the median of its %zu "
			       "identical hosts", n++ ? "\n " : "outliers:", m->name, m->standing_out,
			       m->compared, v->outlier_frac * 100, m->group_hosts);
	}
	printf("%s\n", n ? "" : "outliers: none among the hosts that could be judged (those with at "
	       "least 3 identical hosts)");
}

/* Figures into OUT/plots, the report into OUT/report.html. */
static int draw(const struct gp_env *env, const char *dir, const char *out,
		const struct fleet_view *v)
{
	char plots[PATH_MAX + 16], report[PATH_MAX + 16];
	size_t *fig_at = malloc((v->nfigs + 1) * sizeof(*fig_at)), failed = 0;
	struct figlist l = { 0 };
	int r = fig_at ? 0 : -ENOMEM;

	snprintf(plots, sizeof(plots), "%s/plots", out);
	snprintf(report, sizeof(report), "%s/report.html", out);
	if (r == 0)
		r = mkdir_p(plots);
	if (r == 0)
		r = fleet_figures(v, out, &l, fig_at);
	if (r == 0) {
		struct gp_work w = { "", 0 };
		char err[512];

		r = gp_work_open(&w, plots, NULL, 0, err, sizeof(err)); /* plot/gpdata.h */
		if (r == 0)
			failed = plot_render_all(env, plots, w.dir, &l);
		else
			fprintf(stderr, "ipcbench plot: %s\n", err);
		gp_work_close(&w);
	}
	if (r == 0)
		r = fleet_report_write(report, dir, v, &l, fig_at);
	if (r < 0)
		fprintf(stderr, "ipcbench plot: writing the fleet report into %s: %s\n", out,
			strerror(-r));
	else
		printf("ipcbench plot: %zu figures in %s, %zu failed\nreport: %s\n",
		       fig_count(&l, -1, FIG_OK), plots, failed, report);
	figlist_free(&l);
	free(fig_at);
	return r < 0 || failed ? EXIT_SOME_FAILED : 0;
}

int fleet_plot_main(const char *dir, const char *outdir, double outlier_frac)
{
	struct fleet_view v;
	struct gp_env env;
	char err[2048];
	int r;

	r = fleet_view_load(&v, dir, outlier_frac, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "ipcbench plot: %s\n", err);
		return r == -EINVAL ? EXIT_USAGE : EXIT_SOME_FAILED;
	}
	if (gp_find(&env, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcbench plot: %s\n", err);
		fleet_view_free(&v);
		return EXIT_SOME_FAILED;
	}
	r = draw(&env, dir, outdir ? outdir : dir, &v);
	print_outliers(&v);
	fleet_view_free(&v);
	return r;
}
