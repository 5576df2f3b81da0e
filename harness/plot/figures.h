/* Which figures a run (or a set of runs) supports: each builder looks at the tables,
 * adds a figure with the variables its script needs for every plot whose data exist, and
 * a "no data for this plot" entry, saying why, for every kind it cannot draw. The kinds
 * and their builders are listed once, in fig_kinds[] (fig_kinds.c); each family of
 * figures has its file (fig_latency.c, fig_spectrum.c, fig_bandwidth.c, fig_counters.c,
 * fig_matrix.c, fig_copies.c, fig_lrpc.c, fig_load.c, fig_parties.c, fig_compare.c),
 * sharing fig_common.c. */
#ifndef IPCBENCH_FIGURES_H
#define IPCBENCH_FIGURES_H
#include "plot/family.h"
#include "plot/figure.h"
#include "out/rundir.h"
#include "out/runquery.h"

#define FIG_MAX_GROUPS 64
#define FIG_MAX_SIZES 256

/* Every kind of figure of one run. spectrum_size: message size of the spectrum figures;
 * 0 draws them at the smallest and the largest size measured. */
void figures_for_run(const struct run_dir *r, double spectrum_size, struct figlist *l);
/* The comparison of runs[0] (the reference) with runs[1..n). */
void figures_compare(const struct run_dir *runs, size_t n, struct figlist *l);

/* The builders of fig_kinds[]. */
void fig_latency(const struct fig_input *in, struct figlist *l);
void fig_placement(const struct fig_input *in, struct figlist *l);
void fig_spectrum(const struct fig_input *in, struct figlist *l);
void fig_bandwidth(const struct fig_input *in, struct figlist *l);
void fig_counters(const struct fig_input *in, struct figlist *l);
void fig_heatmap(const struct fig_input *in, struct figlist *l);
void fig_copies(const struct fig_input *in, struct figlist *l);
void fig_lrpc(const struct fig_input *in, struct figlist *l);
void fig_load(const struct fig_input *in, struct figlist *l);
void fig_fanin(const struct fig_input *in, struct figlist *l);
void fig_fairness(const struct fig_input *in, struct figlist *l);
void fig_fanout(const struct fig_input *in, struct figlist *l);

/* Shared by the builders (fig_common.c). */
void fig_run_vars(struct sbuf *v, const struct run_dir *r, enum run_file file);
void fig_group_vars(struct sbuf *v, const struct group *g);
/* Transports and sizes of the selected rows as the word lists the scripts read. */
void fig_list_vars(struct sbuf *v, const struct csv_table *t, const struct rowsel *s);
/* Whether table f of r can be used; when not, adds the entry that says why to l. */
int fig_table_usable(const struct run_dir *r, enum run_file f, enum fig_kind kind,
		     struct figlist *l);
/* A byte count as "64 B", "4 KiB", "1 MiB" (exact multiples only). */
void fig_human_bytes(double v, char *out, size_t n);
/* Whether r is a --matrix run (it has a matrix.csv with rows). */
int fig_matrix_run(const struct run_dir *r);
/* The CPU pairs of the selected rows of t (find_groups); in a --matrix run only the first
 * pair of each placement: the core-pair map shows every pair, the line figures one each. */
size_t fig_groups(const struct run_dir *r, const struct csv_table *t, const struct rowsel *s,
		  struct group *g, size_t max);
/* The smallest positive value of the columns lo[] and the largest of hi[] (NULL-ended)
 * over the selected rows: a figure's y range. 0 when there is none. */
int fig_range(const struct csv_table *t, const struct rowsel *s, const char *const *lo,
	      const char *const *hi, double *min, double *max);

/* The transports of one figure: all of them, or, above FAMILY_SPLIT_ABOVE, one family. */
struct fig_part {
	int family;         /* enum fig_family, or -1: every transport in one figure */
	struct sbuf words;  /* the transports */
	char suffix[24];    /* "-TAG" of the family for file names, "" for all */
	const char *title;  /* the family's title, or "all transports" */
};
/* Splits the word list into parts (at most FF_N); returns how many. Free with
 * fig_parts_free. */
size_t fig_parts(const char *transports, struct fig_part *parts);
void fig_parts_free(struct fig_part *parts, size_t n);

/* A line figure of summary.csv against message size, per placement (fig_lines.c). */
struct fig_lines {
	enum fig_kind kind;
	const char *mode, *need;          /* the rows drawn: of this mode, with this column > 0 */
	const char *name, *what;          /* file name stem; what the caption says it shows */
	const char *const *lo, *const *hi; /* the columns of the y range (NULL-ended) */
	double also_lo, also_hi;          /* more for the range (a reference line), or NaN */
	const char *vars;                 /* more variables for the script, or NULL */
};
/* The figures of every placement; returns the number of placements (0: none drawn). */
size_t fig_lines(const struct fig_input *in, const struct fig_lines *x, struct figlist *l);

#endif
