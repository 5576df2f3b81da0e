/* The figures of a report: which gnuplot script draws each one, with which variables,
 * into which file, and what became of it (drawn, failed with gnuplot's complaint, or
 * left out because the run has no data for it). */
#ifndef IPCBENCH_FIGURE_H
#define IPCBENCH_FIGURE_H
#include <stddef.h>
#include "text/csv.h"

/* Kinds of figure, in report order; each is one script of plots/, one builder and one
 * report section, listed in fig_kinds[] (fig_kinds.c). */
enum fig_kind {
	FK_LATENCY, FK_SPECTRUM, FK_PLACEMENT, FK_BANDWIDTH, FK_COUNTERS, FK_HEATMAP,
	FK_COPIES, FK_LRPC, FK_LOAD, FK_FANIN, FK_FAIRNESS, FK_FANOUT, FK_COMPARE, FK_FLEET_HEATMAP,
	FK_FLEET_HOSTS, FK_N
};

struct run_dir;
struct figlist;
/* What the builders of one run read: the run and the options of `ipcbench plot`. */
struct fig_input {
	const struct run_dir *r;
	double spectrum_size; /* 0: the smallest and the largest size measured */
};

struct fig_kind_info {
	const char *script;  /* in plots/ */
	const char *heading; /* report section */
	const char *about;   /* what the figures of this kind show */
	/* adds the figures of this kind that the run supports (NULL: not of one run) */
	void (*build)(const struct fig_input *in, struct figlist *l);
};
extern const struct fig_kind_info fig_kinds[FK_N];

enum fig_state { FIG_TODO, FIG_OK, FIG_FAILED, FIG_NODATA };

struct fig {
	enum fig_kind kind;
	enum fig_state state;
	char *name;        /* file name in plots/ without .png/.svg (NULL for FIG_NODATA) */
	char *caption;     /* what it shows (TODO, OK) or why there is nothing (NODATA) */
	struct sbuf vars;  /* gnuplot -e assignments of the script's variables */
	struct sbuf problem; /* FAILED: what went wrong, gnuplot's own words when it said any */
	struct sbuf data;  /* its own table when it has one (gpdata.h), read as the script's file */
};

struct figlist {
	struct fig *v;
	size_t n;
	int oom; /* an allocation failed: the list is incomplete */
};

/* Appends a figure to draw: file name and caption from printf-style fmt ("NAME\tCAPTION").
 * Names are made safe for a file name and unique in the list. NULL when out of memory. */
struct fig *fig_add(struct figlist *l, enum fig_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends a "no data for this plot" entry saying why. */
void fig_nodata(struct figlist *l, enum fig_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Number of figures of kind in state (any state when state < 0). */
size_t fig_count(const struct figlist *l, int kind, int state);
void figlist_free(struct figlist *l);

#endif
