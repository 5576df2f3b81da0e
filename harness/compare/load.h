/* Reading the two sides of `ipcbench compare`: a run directory or a results.csv (with the
 * meta.csv beside it when there is one), the key columns that identify a measured
 * configuration, and the rows of one side grouped per key. */
#ifndef IPCBENCH_COMPARE_LOAD_H
#define IPCBENCH_COMPARE_LOAD_H
#include <stddef.h>
#include "text/csv.h"
#include "text/csvread.h"

struct cmp_side {
	const char *name;   /* "baseline" or "current", for messages */
	char results[4096]; /* path of results.csv */
	char meta[4096];    /* path of meta.csv, "" when there is none */
	struct csv_table t; /* results.csv */
	struct csv_table m; /* meta.csv (key,value), empty without one */
	/* A directory of runs: the run each row came from and the runs' directory names (in
	 * name order); one run: nruns 1, run_of_row and run_name NULL. */
	size_t nruns;
	size_t *run_of_row;
	char **run_name;
};

/* arg is a run directory (its results.csv and meta.csv), a results.csv (and the meta.csv in
 * the same directory, if any), or a directory of run directories, whose rows are pooled as
 * one run's repetitions (for interleaved baseline and current runs; the first run's
 * meta.csv stands for all, and all must have the same columns). Returns 0 or a negative
 * errno with "what: why" in err. */
int cmp_side_load(struct cmp_side *s, const char *name, const char *arg, char *err,
		  size_t errlen);
void cmp_side_free(struct cmp_side *s);
/* A meta.csv value, or NULL when the side has no meta.csv or not that key. */
const char *cmp_side_meta(const struct cmp_side *s, const char *key);

/* Which results.csv columns identify a configuration (the key), and which can be gated on:
 * compare/schema.h's table. The key is every setting (transport, mode, size_bytes,
 * placement, client_cpu, server_cpu, mem_policy, cache, touch, footprint_bytes); measured
 * outcomes (mem_node, wire_bytes, fragments, window, the figures) never are. A column the
 * table does not know counts as a setting, so that a key it should not split ends
 * inconclusive rather than merging unlike configurations. */
int cmp_is_key_column(const char *name);
int cmp_is_metric_column(const char *name);

/* The key columns of a and b together: a's in its header order, then those only b has. */
int cmp_key_columns(const struct csv_table *a, const struct csv_table *b, char ***cols,
		    size_t *n);
void cmp_key_columns_free(char **cols, size_t n);

/* The repetitions of one key on one side. */
struct cmp_group {
	char *key;       /* the key columns' values, separated by \x1f (absent: \x1e) */
	char *label;     /* for people: "pipe 64B cross-cpu 0,1" plus any other key column */
	char *transport;
	double *v;       /* the metric of each repetition with status ok */
	size_t *row;     /* ... its row in the side's table */
	size_t *run;     /* ... the run it came from (struct cmp_side: run_of_row) */
	size_t n;
	size_t bad;      /* repetitions that did not end ok (unsupported, skipped excluded) */
	size_t unsupported;
	char *bad_what;  /* "status: note" of the first bad one */
};

struct strmap;
struct cmp_groups {
	struct cmp_group *g;
	size_t n;
	struct strmap *index; /* key -> group, so that grouping and matching keys stay linear */
};

/* Groups the rows of t by the key columns, in order of first appearance. An ok row whose
 * metric is not a number counts as bad. row_run: the run of each row (NULL: all run 0).
 * Returns 0 or -ENOMEM. */
int cmp_group_rows(const struct csv_table *t, const size_t *row_run, char *const *cols,
		   size_t ncols, const char *metric, struct cmp_groups *out);
void cmp_groups_free(struct cmp_groups *g);
/* The group with this key, or NULL. */
struct cmp_group *cmp_groups_find(const struct cmp_groups *g, const char *key);

/* Environment fingerprint: meta.csv's cpu_model, kernel and governor (cpu_governor, or
 * governor in runs written by other tools) must be equal where both sides record them.
 * Appends one "KEY: 'A' (baseline) vs 'B' (current)" line per difference to diff and
 * one line per key that could not be checked to notes; returns the number of differences. */
int cmp_fingerprint(const struct cmp_side *a, const struct cmp_side *b, struct sbuf *diff,
		    struct sbuf *notes);

#endif
