#include <errno.h>
#include <stdlib.h>
#include "stats/boot.h"
#include "stats/rng.h"
#include "stats/stats.h"

struct strata {
	size_t *idx;   /* point indices, grouped by stratum */
	size_t *start; /* start[s]..start[s+1]: stratum s's run in idx */
	size_t ns;
};

static int cmp_by_stratum(const void *a, const void *b, const unsigned *stratum)
{
	unsigned x = stratum[*(const size_t *)a], y = stratum[*(const size_t *)b];

	return (x > y) - (x < y);
}

/* Insertion sort: qsort has no context argument in C11, and n is a few hundred. */
static void group_points(const unsigned *stratum, size_t n, struct strata *s)
{
	for (size_t i = 0; i < n; i++)
		s->idx[i] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp_by_stratum(&s->idx[j - 1], &s->idx[j], stratum) > 0; j--) {
			size_t t = s->idx[j];
			s->idx[j] = s->idx[j - 1];
			s->idx[j - 1] = t;
		}
	s->ns = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || stratum[s->idx[i]] != stratum[s->idx[i - 1]])
			s->start[s->ns++] = i;
	s->start[s->ns] = n;
}

static void draw(struct rng *g, const struct strata *s, size_t *pick)
{
	for (size_t k = 0; k < s->ns; k++) {
		size_t lo = s->start[k], len = s->start[k + 1] - lo;

		for (size_t t = 0; t < len; t++)
			pick[lo + t] = s->idx[lo + rng_below(g, len)];
	}
}

/* Sorts each statistic's column of v (used rows, nstat columns) and reads its quantiles. */
static void quantiles(double *v, size_t used, const struct boot_spec *bs, double *col,
		      struct boot_interval *out)
{
	for (size_t j = 0; j < bs->nstat; j++) {
		for (size_t r = 0; r < used; r++)
			col[r] = v[r * bs->nstat + j];
		qsort(col, used, sizeof(*col), stats_cmp_double);
		out->lo[j] = stats_percentile_sorted(col, used, (1 - bs->conf) / 2);
		out->hi[j] = stats_percentile_sorted(col, used, 1 - (1 - bs->conf) / 2);
	}
}

int boot_strata(const unsigned *stratum, size_t n, const struct boot_spec *bs,
		boot_stat_fn stat, void *arg, struct boot_interval *out)
{
	struct strata s;
	size_t *pick, used = 0;
	double *v, *col;
	struct rng g;
	int r = 0;

	if (!stratum || !n || !bs || !stat || !out || bs->resamples < 2 || bs->nstat < 1 ||
	    bs->nstat > BOOT_MAX_STATS || !(bs->conf > 0 && bs->conf < 1))
		return -EINVAL;
	s.idx = malloc(n * sizeof(*s.idx));
	s.start = malloc((n + 1) * sizeof(*s.start));
	pick = malloc(n * sizeof(*pick));
	v = malloc(bs->resamples * bs->nstat * sizeof(*v));
	col = malloc(bs->resamples * sizeof(*col));
	if (!s.idx || !s.start || !pick || !v || !col)
		r = -ENOMEM;
	if (r == 0) {
		group_points(stratum, n, &s);
		rng_seed(&g, bs->seed);
		for (size_t k = 0; k < bs->resamples; k++) {
			draw(&g, &s, pick);
			used += stat(pick, n, arg, &v[used * bs->nstat]) == 0;
		}
		out->used = used;
		if (used * 2 < bs->resamples)
			r = -EDOM;
		else
			quantiles(v, used, bs, col, out);
	}
	free(s.idx);
	free(s.start);
	free(pick);
	free(v);
	free(col);
	return r;
}
