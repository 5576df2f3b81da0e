/* `ipcbench plot`: draws every figure a run's data support into DIR/plots/ (PNG and SVG,
 * by the gnuplot scripts of plots/) and writes DIR/report.html; given several runs, draws
 * their comparison instead, into DIR1/compare/ unless told otherwise. */
#ifndef IPCBENCH_PLOT_H
#define IPCBENCH_PLOT_H
#include <stddef.h>

struct plot_args {
	char **dirs;          /* run directories; the first is the reference of a comparison */
	size_t ndirs;
	const char *outdir;   /* NULL: the run's directory, or DIR1/compare */
	double spectrum_size; /* message size of the spectrum figures; 0: smallest and largest */
};

/* Returns the exit code: 0 when every figure was drawn or had no data, 1 when one failed
 * (or gnuplot is missing, or the output could not be written), 2 when a directory is not
 * a run. Says what happened on stderr, and where the report is on stdout. */
int plot_main(const struct plot_args *a);

/* Draws the figures of l (state FIG_TODO) into the existing directory plots, as many at
 * once as there are CPUs; says on stderr why each failure failed. Returns the failures. */
struct gp_env;
struct figlist;
size_t plot_render_all(const struct gp_env *env, const char *plots, const char *work,
		       struct figlist *l);

#endif
