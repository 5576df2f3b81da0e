#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "out/agg.h"

int agg_same_key(const struct row *a, const struct row *b)
{
	return a->sw == b->sw && a->t == b->t && a->size == b->size &&
	       cell_same_load(&a->set, &b->set) && a->set.spread == b->set.spread &&
	       a->set.client_cpu == b->set.client_cpu && a->set.server_cpu == b->set.server_cpu &&
	       strcmp(a->placement, b->placement) == 0;
}

void agg_key(const struct row *rows, size_t n, size_t first, struct agg *a)
{
	double *p50 = calloc(n, sizeof(double)), *p99 = calloc(n, sizeof(double));
	double *rate = calloc(n, sizeof(double)), *bw = calloc(n, sizeof(double));

	memset(a, 0, sizeof(*a));
	for (size_t i = first; p50 && p99 && rate && bw && i < n; i++) {
		const struct row *r = &rows[i];
		if (!r->done || !agg_same_key(r, &rows[first]))
			continue;
		a->reps++;
		if (!r->res.has_stats) {
			if (!a->bad && r->res.status != CELL_OK)
				a->bad = r;
			continue;
		}
		if (a->reps_ok == 0 || r->res.st.min < a->min)
			a->min = r->res.st.min;
		if (a->reps_ok == 0 || r->res.st.max > a->max)
			a->max = r->res.st.max;
		p50[a->reps_ok] = r->res.st.p50;
		if (stats_quantile_supported(r->res.st.n, 0.99))
			p99[a->reps_p99++] = r->res.st.p99;
		rate[a->reps_ok++] = r->res.msgs_per_s;
		if (r->set.mode == MODE_BANDWIDTH)
			bw[a->bw_n++] = r->res.bandwidth_bps;
	}
	if (a->bw_n)
		stats_median_ci(bw, a->bw_n, 0.95, &a->bw);
	if (a->reps_ok) {
		stats_median_ci(p50, a->reps_ok, 0.95, &a->p50);
		a->p99 = a->reps_p99 ? stats_median(p99, a->reps_p99) : 0;
		a->rate = stats_median(rate, a->reps_ok);
	}
	free(p50);
	free(p99);
	free(rate);
	free(bw);
}

int agg_first_of_key(const struct row *rows, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (rows[j].done && agg_same_key(&rows[j], &rows[i]))
			return 0;
	return rows[i].done;
}

int agg_group(const struct row *rows, size_t n, size_t *key)
{
	size_t *first = malloc((n ? n : 1) * sizeof(*first)), nk = 0;

	if (!first)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t k = nk;

		while (k > 0 && !agg_same_key(&rows[first[k - 1]], &rows[i]))
			k--; /* the newest keys first: a run plans a key's repetitions close by */
		if (k == 0)
			first[nk++] = i;
		key[i] = k ? first[k - 1] : i;
	}
	free(first);
	return 0;
}
