/* A log-bucketed histogram of unsigned 64-bit values, in the manner of HdrHistogram: values
 * below 2^LOGHIST_SUB_BITS are counted exactly; above, each power of two is split into
 * 2^(LOGHIST_SUB_BITS-1) equal buckets, so a bucket's midpoint is within 1/2^LOGHIST_SUB_BITS
 * (0.4 %) of any value in it. Fixed memory (no pointers, no allocation): it may live in a
 * shared mapping and be filled inside a loop that must not allocate. Exact count, min, max
 * and sum beside the buckets. */
#ifndef IPCBENCH_LOGHIST_H
#define IPCBENCH_LOGHIST_H
#include <stddef.h>
#include <stdint.h>

#define LOGHIST_SUB_BITS 8
#define LOGHIST_HALF (1u << (LOGHIST_SUB_BITS - 1))
#define LOGHIST_BUCKETS (LOGHIST_HALF * (64 - LOGHIST_SUB_BITS + 2))
/* The largest relative distance of a reported value from a value counted in its bucket. */
#define LOGHIST_REL_ERR (1.0 / (1u << LOGHIST_SUB_BITS))

struct loghist {
	uint64_t count, min, max;
	double sum, sumsq;
	uint64_t c[LOGHIST_BUCKETS];
};

void loghist_clear(struct loghist *h);
/* The bucket of v, and the range [lo, lo + width) it covers. */
size_t loghist_index(uint64_t v);
void loghist_bucket(size_t idx, uint64_t *lo, uint64_t *width);

static inline void loghist_add(struct loghist *h, uint64_t v)
{
	h->c[loghist_index(v)]++;
	if (h->count == 0 || v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->count++;
	h->sum += (double)v;
	h->sumsq += (double)v * (double)v;
}

/* Adds every count of src into dst. */
void loghist_merge(struct loghist *dst, const struct loghist *src);
/* The value at quantile q in [0, 1] (nearest rank: the ceil(q * count)-th smallest), as its
 * bucket's midpoint clamped to [min, max]; q = 0 is min, q = 1 max. NaN when empty. */
double loghist_quantile(const struct loghist *h, double q);
double loghist_mean(const struct loghist *h);
/* Sample standard deviation from the sums (0 for one value). */
double loghist_stddev(const struct loghist *h);

#endif
