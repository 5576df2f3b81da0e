/* The answer first: for each mode, size and placement, the transports ranked by their
 * p50 (the median of the repetitions' p50s), each with its ratio to the fastest and a
 * 95 % bootstrap interval over the repetitions (stats/exact.h, the gate's statistics),
 * "not distinguishable" where the interval reaches 1, and the cells that gave no figure
 * summarized by reason. Built from a run's rows or from its results.csv. */
#ifndef IPCBENCH_RANK_H
#define IPCBENCH_RANK_H
#include <stdio.h>
#include "out/label.h"
#include "out/row.h"
#include "text/csv.h"
#include "text/csvread.h"

/* One cell repetition, as the ranking sees it. */
struct rank_obs {
	const char *transport, *mode, *placement, *status, *note;
	uint64_t size;
	int ccpu, scpu;
	double p50_ns;   /* NaN unless the cell ended ok */
	double floor_ns; /* the mean of its two floor probes, or NaN */
	char load[LOAD_LABEL_LEN]; /* offered load and parties (out/label.h): "" for a pair's hot loop */
};

enum rank_verdict {
	RANK_FASTEST,  /* the lowest p50 of the group */
	RANK_SLOWER,   /* its interval lies above 1 */
	RANK_SAME,     /* its interval reaches 1: not distinguishable from the fastest */
	RANK_UNTOLD,   /* too few repetitions on a side for an interval */
	RANK_NO_FIGURE /* no repetition ended ok */
};

struct rank_item {
	const char *transport;
	size_t ok, reps;
	double *p50s;      /* the ok repetitions' p50 (ok entries) */
	double p50;        /* their median */
	double ratio, lo, hi; /* to the fastest; lo, hi NaN without an interval */
	double p;          /* one-sided exact Mann-Whitney p: slower than the fastest (NaN: no test) */
	enum rank_verdict verdict;
	const char *status, *note; /* of the first repetition that was not ok */
};

struct rank_group {
	const char *mode, *placement;
	uint64_t size;
	int ccpu, scpu;
	double floor_ns; /* median of the cells' floors, or NaN */
	size_t n;
	struct rank_item *items; /* ranked: by p50, then the ones without a figure */
	const char *load; /* the group's load label: its transports ran under the same */
};

struct rank {
	struct rank_obs *obs;
	size_t nobs;
	struct rank_group *groups;
	size_t ngroups;
	struct sbuf text; /* strings of obs read from a CSV live in the table */
};

/* Repetitions below this on either side get no interval (RANK_UNTOLD). */
#define RANK_MIN_REPS 3
/* Slower, not merely different by chance: interval above 1 and p below this. */
#define RANK_ALPHA 0.05

/* From rows that are done (live run) or from a results.csv table (which must outlive r).
 * only: NULL, or a comma-separated list of transports to keep. 0 or -ENOMEM. */
int rank_from_rows(struct rank *r, const struct row *rows, size_t n, const char *only);
int rank_from_csv(struct rank *r, const struct csv_table *t, const char *only);
void rank_free(struct rank *r);

/* The ranking on the terminal: at most top ranked transports per group (0: all), with a
 * pointer to the rest. */
void rank_print(FILE *f, const struct rank *r, size_t top, const char *dir);
/* Two transports of a group in one sentence, with the exact Mann-Whitney p (stats/exact.h):
 * "unix-stream ran 1.00 times as fast as pipe (95 % interval 0.94 to 1.06, p = 0.8): not
 * distinguishable". */
void rank_print_pair(FILE *f, const struct rank_group *g, const struct rank_item *a,
		     const struct rank_item *b);
/* hyperfine-style exports of the ranking. */
void rank_json(struct sbuf *b, const struct rank *r);
void rank_markdown(struct sbuf *b, const struct rank *r);
/* "150 ns", "51.6 us", "2.30 ms" */
void rank_time(double ns, char *out, size_t n);
/* Bytes of s beyond its width on a terminal (UTF-8 continuation bytes, as in µs): add it
 * to a printf field width so that columns line up. */
int rank_extra_bytes(const char *s);

#endif
