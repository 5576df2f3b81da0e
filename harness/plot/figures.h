/* Which figures a run (or a set of runs) supports: each builder looks at the tables,
 * adds a figure with the variables its script needs for every plot whose data exist, and
 * a "no data for this plot" entry, saying why, for every kind it cannot draw. */
#ifndef IPCBENCH_FIGURES_H
#define IPCBENCH_FIGURES_H
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

/* Shared by the builders. */
void fig_run_vars(struct sbuf *v, const struct run_dir *r, enum run_file file);
void fig_group_vars(struct sbuf *v, const struct group *g);
/* Whether table f of r can be used; when not, adds the entry that says why to l. */
int fig_table_usable(const struct run_dir *r, enum run_file f, enum fig_kind kind,
		     struct figlist *l);
/* A byte count as "64 B", "4 KiB", "1 MiB" (exact multiples only). */
void fig_human_bytes(double v, char *out, size_t n);
void fig_heatmap(const struct run_dir *r, struct figlist *l);
void fig_copies(const struct run_dir *r, struct figlist *l);
void fig_lrpc(const struct run_dir *r, struct figlist *l);
void fig_counters(const struct run_dir *r, struct figlist *l);
void fig_load(const struct run_dir *r, struct figlist *l);
void fig_parties(const struct run_dir *r, struct figlist *l);

#endif
