/* Timed samples to statistics (cell/samples.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cell/samples.h"

static int exact(const struct sample_set *sets, unsigned nsets, uint64_t total, double k,
		 int keep, struct sample_stats *out)
{
	double *v = malloc(total * sizeof(*v));
	uint64_t m = 0;
	int r;

	if (!v)
		return -ENOMEM;
	for (unsigned s = 0; s < nsets; s++)
		for (uint64_t i = 0; i < sets[s].n; i++)
			v[m++] = (double)sets[s].ticks[i] * k;
	if (keep && (out->kept = malloc(total * sizeof(*v))))
		memcpy(out->kept, v, total * sizeof(*v));
	r = stats_compute(v, total, &out->st);
	for (size_t i = 0; r == 0 && i < CELL_SPECTRUM_N; i++)
		out->spectrum[i] = stats_percentile_sorted(v, total, cell_spectrum_q[i]);
	free(v);
	return r;
}

static int from_hist(const struct sample_set *sets, unsigned nsets, double k,
		     struct sample_stats *out)
{
	static const double q[] = { 0.5, 0.9, 0.99, 0.999, 0.9999 };
	double *dst[] = { &out->st.p50, &out->st.p90, &out->st.p99, &out->st.p999, &out->st.p9999 };
	struct loghist *h = calloc(1, sizeof(*h));

	if (!h)
		return -ENOMEM;
	for (unsigned s = 0; s < nsets; s++) {
		for (uint64_t i = 0; i < sets[s].in_array; i++)
			loghist_add(h, sets[s].ticks[i]);
		loghist_merge(h, sets[s].overflow);
	}
	out->st.n = h->count;
	out->st.min = (double)h->min * k;
	out->st.max = (double)h->max * k;
	out->st.mean = loghist_mean(h) * k;
	out->st.stddev = loghist_stddev(h) * k;
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		*dst[i] = loghist_quantile(h, q[i]) * k;
	for (size_t i = 0; i < CELL_SPECTRUM_N; i++)
		out->spectrum[i] = loghist_quantile(h, cell_spectrum_q[i]) * k;
	out->from_hist = 1;
	free(h);
	return 0;
}

int samples_stats(const struct sample_set *sets, unsigned nsets, double ns_per_tick, int keep,
		  struct sample_stats *out)
{
	uint64_t total = 0;
	int overflowed = 0;

	memset(out, 0, sizeof(*out));
	for (unsigned s = 0; s < nsets; s++) {
		total += sets[s].n;
		overflowed |= sets[s].n > sets[s].in_array;
	}
	if (total == 0)
		return -EINVAL;
	return overflowed ? from_hist(sets, nsets, ns_per_tick, out)
			  : exact(sets, nsets, total, ns_per_tick, keep, out);
}
