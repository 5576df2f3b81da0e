/* One key of a run over its repetitions: the key is the sweep, transport, size and CPU
 * pair of a row; the aggregate is what summary.csv, matrix.csv and the terminal say of it. */
#ifndef IPCBENCH_AGG_H
#define IPCBENCH_AGG_H
#include "out/row.h"
#include "stats/stats.h"

struct agg {
	unsigned reps, reps_ok, reps_p99; /* reps_p99: those with enough samples for a p99 */
	struct median_ci p50;             /* of the repetitions' p50 */
	struct median_ci bw;              /* bandwidth mode: of their bytes per second */
	unsigned bw_n;
	double p99, min, max, rate;
	const struct row *bad;            /* first repetition that did not end ok */
};

int agg_same_key(const struct row *a, const struct row *b);
/* 1 when rows[i] is done and no earlier row has its key. */
int agg_first_of_key(const struct row *rows, size_t i);
/* The key of rows[first] over rows[first..n). */
void agg_key(const struct row *rows, size_t n, size_t first, struct agg *a);
/* Each row's key as the index of the first row with it (done or not): key[i] == key[j]
 * when rows i and j have one key. 0, or -ENOMEM. */
int agg_group(const struct row *rows, size_t n, size_t *key);

#endif
