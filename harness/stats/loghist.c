/* The log-bucketed histogram (stats/loghist.h). */
#include <math.h>
#include <string.h>
#include "stats/loghist.h"

void loghist_clear(struct loghist *h)
{
	memset(h, 0, sizeof(*h));
}

/* Below 2^S: the value itself. Above: e = msb - (S - 1) >= 1 halvings keep the top S bits,
 * sub = v >> e in [HALF, 2 HALF), and index HALF * e + sub continues where 2^S left off. */
size_t loghist_index(uint64_t v)
{
	if (v < (1u << LOGHIST_SUB_BITS))
		return (size_t)v;
	unsigned e = (unsigned)(63 - __builtin_clzll(v)) - (LOGHIST_SUB_BITS - 1);

	return (size_t)LOGHIST_HALF * e + (size_t)(v >> e);
}

void loghist_bucket(size_t idx, uint64_t *lo, uint64_t *width)
{
	if (idx < (1u << LOGHIST_SUB_BITS)) {
		*lo = idx;
		*width = 1;
		return;
	}
	unsigned e = (unsigned)(idx / LOGHIST_HALF) - 1;
	uint64_t sub = idx - (uint64_t)LOGHIST_HALF * e;

	*lo = sub << e;
	*width = 1ull << e;
}

void loghist_merge(struct loghist *dst, const struct loghist *src)
{
	if (src->count == 0)
		return;
	for (size_t i = 0; i < LOGHIST_BUCKETS; i++)
		dst->c[i] += src->c[i];
	if (dst->count == 0 || src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
	dst->count += src->count;
	dst->sum += src->sum;
	dst->sumsq += src->sumsq;
}

double loghist_quantile(const struct loghist *h, double q)
{
	uint64_t rank, seen = 0, lo, width;

	if (h->count == 0 || isnan(q))
		return NAN;
	if (q <= 0)
		return (double)h->min;
	if (q >= 1)
		return (double)h->max;
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	for (size_t i = 0; i < LOGHIST_BUCKETS; i++) {
		seen += h->c[i];
		if (seen < rank)
			continue;
		loghist_bucket(i, &lo, &width);
		double mid = (double)lo + (double)(width - 1) / 2;
		return mid < (double)h->min ? (double)h->min : mid > (double)h->max ? (double)h->max : mid;
	}
	return (double)h->max;
}

double loghist_mean(const struct loghist *h)
{
	return h->count ? h->sum / (double)h->count : NAN;
}

double loghist_stddev(const struct loghist *h)
{
	double n = (double)h->count, m;

	if (h->count < 2)
		return 0;
	m = h->sum / n;
	return sqrt(fmax(0, (h->sumsq - n * m * m) / (n - 1)));
}
