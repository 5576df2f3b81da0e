/* From the timed samples of one or more parties to statistics, in the parent: each party's
 * samples are ticks, the first in_array of them in its array and the rest counted in its
 * overflow histogram (cell/measure.h). When no party's samples overflowed, the figures are
 * exact over all of them together; else they all go into one log histogram first (within
 * LOGHIST_REL_ERR; min, max and mean exact) and *from_hist says so. */
#ifndef IPCBENCH_SAMPLES_H
#define IPCBENCH_SAMPLES_H
#include <stdint.h>
#include "cell/cell.h"
#include "stats/loghist.h"

struct sample_set {
	const uint64_t *ticks;
	uint64_t n, in_array;
	const struct loghist *overflow; /* holds n - in_array samples */
};

/* How many of a party's n timed samples its array of cap holds (the rest overflowed). */
static inline uint64_t samples_in_array(uint64_t n, uint64_t cap)
{
	return n < cap ? n : cap;
}

struct sample_stats {
	struct stats st;
	double spectrum[CELL_SPECTRUM_N];
	int from_hist;
	double *kept; /* when asked and exact: the samples in ns, in their order (caller frees) */
};

/* ns_per_tick: the clock's, divided by the messages of one sample. 0, -EINVAL (no sample),
 * or -ENOMEM. */
int samples_stats(const struct sample_set *sets, unsigned nsets, double ns_per_tick, int keep,
		  struct sample_stats *out);

#endif
