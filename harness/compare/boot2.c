/* The two-level bootstrap of the ratio; see boot2.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare/boot2.h"
#include "compare/tdist.h"
#include "stats/rng.h"
#include "stats/stats.h"

#define WITHIN_DRAWS 200 /* resamples per run that estimate its median's own spread */

/* One side, its values grouped by run. */
struct side2 {
	double *v;          /* the values, run after run */
	size_t *start, *n;  /* run i: v[start[i] .. start[i] + n[i] - 1] */
	size_t k;           /* runs */
	double *centre;     /* log median of each run */
	double est;         /* mean of centre */
	double shrink;      /* scale of a drawn run's deviation from est */
	double var, df;     /* variance of est and its degrees of freedom */
	double between;     /* between-run sd */
	double within_scale; /* scale of a drawn run's within-run deviation */
	double *scratch;    /* room for the largest run */
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double log_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return log(stats_percentile_sorted(v, n, 0.5));
}

static double log_median_resampled(struct rng *g, const struct side2 *s, size_t run)
{
	const double *v = s->v + s->start[run];

	for (size_t i = 0; i < s->n[run]; i++)
		s->scratch[i] = v[rng_below(g, s->n[run])];
	return log_median(s->scratch, s->n[run]);
}

static void side2_free(struct side2 *s)
{
	free(s->v), free(s->start), free(s->n), free(s->centre), free(s->scratch);
}

static int side2_check(const struct boot2_side *in)
{
	if (!in || !in->v || in->n == 0 || in->nruns == 0 || (!in->run && in->nruns != 1))
		return -EINVAL;
	for (size_t i = 0; i < in->n; i++) {
		if (isnan(in->v[i]) || (in->run && in->run[i] >= in->nruns))
			return -EINVAL;
		if (!(in->v[i] > 0))
			return -EDOM;
	}
	return 0;
}

/* Groups the values by run (counting sort on the run index). */
static int side2_group(const struct boot2_side *in, struct side2 *s)
{
	size_t k = in->nruns, big = 0, *fill;

	memset(s, 0, sizeof(*s));
	s->k = k;
	s->v = malloc(in->n * sizeof(*s->v));
	s->start = calloc(k, sizeof(*s->start));
	s->n = calloc(k, sizeof(*s->n));
	s->centre = malloc(k * sizeof(*s->centre));
	fill = calloc(k, sizeof(*fill));
	if (!s->v || !s->start || !s->n || !s->centre || !fill) {
		free(fill);
		return -ENOMEM;
	}
	for (size_t i = 0; i < in->n; i++)
		s->n[in->run ? in->run[i] : 0]++;
	for (size_t r = 0; r < k; r++) {
		s->start[r] = r ? s->start[r - 1] + s->n[r - 1] : 0;
		big = s->n[r] > big ? s->n[r] : big;
	}
	for (size_t i = 0; i < in->n; i++) {
		size_t r = in->run ? in->run[i] : 0;
		s->v[s->start[r] + fill[r]++] = in->v[i];
	}
	free(fill);
	for (size_t r = 0; r < k; r++)
		if (s->n[r] == 0)
			return -EINVAL;
	s->scratch = malloc(big * sizeof(*s->scratch));
	return s->scratch ? 0 : -ENOMEM;
}

/* est, and how a resample moves: the run medians' sample variance S2 is the unbiased
 * estimate of one run median's variance, so a drawn run varies by S2 in all, split into
 * the between-run part (S2 less the within-run variance of a run median, estimated by
 * resampling; at least 0), taken by shrinking the run's deviation from est, and the rest
 * by its resampled repetitions (scaled down when they alone would vary more than S2).
 * est then has variance S2 / k on k - 1 degrees of freedom, as in a t interval. */
static void side2_components(struct side2 *s, struct rng *g)
{
	double within = 0, spread = 0;

	s->est = 0;
	for (size_t r = 0; r < s->k; r++) {
		memcpy(s->scratch, s->v + s->start[r], s->n[r] * sizeof(*s->scratch));
		s->centre[r] = log_median(s->scratch, s->n[r]);
		s->est += s->centre[r] / (double)s->k;
	}
	for (size_t r = 0; r < s->k; r++) {
		double sum = 0, sum2 = 0;
		for (int i = 0; i < WITHIN_DRAWS; i++) {
			double x = log_median_resampled(g, s, r) - s->centre[r];
			sum += x, sum2 += x * x;
		}
		within += (sum2 - sum * sum / WITHIN_DRAWS) / (WITHIN_DRAWS - 1) / (double)s->k;
		spread += (s->centre[r] - s->est) * (s->centre[r] - s->est);
	}
	s->within_scale = 1;
	if (s->k == 1) {
		s->between = s->shrink = 0;
		s->var = within;
		s->df = s->n[0] > 1 ? (double)(s->n[0] - 1) : 1;
		return;
	}
	spread /= (double)(s->k - 1);
	s->between = sqrt(fmax(0, spread - within));
	/* drawn with replacement, k deviations vary by (k-1)/k of their sample variance */
	s->shrink = spread > 0 ? s->between / sqrt(spread * (double)(s->k - 1) / (double)s->k) : 0;
	if (within > spread)
		s->within_scale = sqrt(spread / within);
	s->var = spread / (double)s->k;
	s->df = (double)(s->k - 1);
}

static double side2_resample(const struct side2 *s, struct rng *g)
{
	double sum = 0;

	if (s->k == 1)
		return log_median_resampled(g, s, 0);
	for (size_t j = 0; j < s->k; j++) {
		size_t r = rng_below(g, s->k);
		double within = log_median_resampled(g, s, r) - s->centre[r];
		sum += s->est + s->shrink * (s->centre[r] - s->est) + s->within_scale * within;
	}
	return sum / (double)s->k;
}

static double welch_df(const struct side2 *b, const struct side2 *c)
{
	double v = b->var + c->var, den = b->var * b->var / b->df + c->var * c->var / c->df;

	return den > 0 ? v * v / den : INFINITY;
}

/* Interval, standard error and p from the resampled log ratios d. */
static void summarize(const double *d, size_t B, double est, double df, double conf,
		      struct boot2_result *out)
{
	double sum = 0, sum2 = 0, half;

	for (size_t i = 0; i < B; i++)
		sum += d[i], sum2 += d[i] * d[i];
	out->se_log = sqrt(fmax(0, (sum2 - sum * sum / (double)B) / (double)(B - 1)));
	half = t_quantile(1 - (1 - conf) / 2, df) * out->se_log;
	out->lo = exp(est - half);
	out->hi = exp(est + half);
	out->ratio = exp(est);
	out->df = df;
	if (out->se_log > 0)
		out->p = fmin(1, 2 * t_cdf(-fabs(est) / out->se_log, df));
	else
		out->p = est == 0 ? 1 : 0;
}

int boot2_ratio(const struct boot2_side *base, const struct boot2_side *cur,
		const struct boot_params *bp, struct boot2_result *out)
{
	struct side2 s[2];
	struct rng g;
	double *d = NULL;
	int r = side2_check(base);

	memset(s, 0, sizeof(s));
	if (r == 0)
		r = side2_check(cur);
	if (r == 0 && (!bp || !out || bp->resamples < 2 || !(bp->conf > 0 && bp->conf < 1)))
		r = -EINVAL;
	if (r < 0)
		return r;
	r = side2_group(base, &s[0]);
	if (r == 0)
		r = side2_group(cur, &s[1]);
	if (r == 0 && !(d = malloc(bp->resamples * sizeof(*d))))
		r = -ENOMEM;
	if (r == 0) {
		rng_seed(&g, bp->seed);
		side2_components(&s[0], &g);
		side2_components(&s[1], &g);
		for (size_t i = 0; i < bp->resamples; i++)
			d[i] = side2_resample(&s[1], &g) - side2_resample(&s[0], &g);
		summarize(d, bp->resamples, s[1].est - s[0].est, welch_df(&s[0], &s[1]), bp->conf,
			  out);
		out->between[0] = s[0].between;
		out->between[1] = s[1].between;
	}
	free(d);
	side2_free(&s[0]);
	side2_free(&s[1]);
	return r;
}
