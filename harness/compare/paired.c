/* Runs paired by name: each round is a block (see design.h and stats/signrank.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "compare/design.h"
#include "compare/mdc.h"
#include "stats/signrank.h"

/* The median of the key's values in each run of one side (NAN where it has none). */
static double *run_medians(const struct cmp_group *g, size_t nruns)
{
	double *med = malloc(nruns * sizeof(*med)), *v = malloc(g->n * sizeof(*v));

	for (size_t r = 0; med && v && r < nruns; r++) {
		size_t k = 0;
		for (size_t i = 0; i < g->n; i++)
			if (g->run[i] == r)
				v[k++] = g->v[i];
		med[r] = k ? cmp_median(v, k) : NAN;
	}
	free(v);
	if (!v) {
		free(med);
		return NULL;
	}
	return med;
}

/* log(current / baseline) of every round in which both sides have the key; NULL on
 * memory shortage, or a value <= 0 (then *n is (size_t)-1). */
static double *round_log_ratios(const struct cmp_ctx *x, const struct cmp_entry *e,
				size_t *n)
{
	double *mb = run_medians(e->b, x->sb->nruns), *mc = run_medians(e->c, x->sc->nruns);
	double *d = malloc((x->sb->nruns + 1) * sizeof(*d));

	*n = 0;
	for (size_t r = 0; mb && mc && d && r < x->sb->nruns; r++) {
		long o = x->pair_of[r];
		if (o < 0 || isnan(mb[r]) || isnan(mc[o]))
			continue;
		if (!(mb[r] > 0 && mc[o] > 0)) {
			*n = (size_t)-1;
			break;
		}
		d[(*n)++] = log(mc[o] / mb[r]);
	}
	free(mb);
	free(mc);
	if (!mb || !mc || *n == (size_t)-1) {
		free(d);
		return NULL;
	}
	return d;
}

static double detectable(const struct cmp_ctx *x, const double *d, size_t n)
{
	struct mdc_params mp = { x->mdc_alpha, CMP_POWER, CMP_MDC_SIMS, x->seed };
	double *w = malloc(n * sizeof(*w)), shift = NAN;

	for (size_t i = 0; w && i < n; i++)
		w[i] = x->worse_sign * d[i];
	if (!w || mdc_paired(w, n, n, &mp, &shift) < 0)
		shift = NAN;
	free(w);
	return exp(shift);
}

int cmp_test_paired(const struct cmp_ctx *x, struct cmp_entry *e)
{
	struct sr_result sr;
	struct hl_ci hl;
	size_t n;
	double *d = round_log_ratios(x, e, &n);
	int r = 0;

	e->n_b = e->n_c = e->runs_b = e->runs_c = 0;
	e->p = 1, e->min_p = 1;
	e->ci = (struct ratio_ci){ NAN, NAN, NAN };
	if (!d && n == (size_t)-1) {
		snprintf(e->reason, sizeof(e->reason), "a round's median is 0 or below: no ratio");
		return 0;
	}
	if (!d)
		return -ENOMEM;
	if (n > SR_MAX)
		n = SR_MAX; /* more rounds than the exact test takes: the first SR_MAX */
	e->n_b = e->n_c = e->runs_b = e->runs_c = n;
	if (n > 0 && (r = sr_test(d, n, &sr)) == 0 && (r = sr_hl_ci(d, n, CMP_CONF, &hl)) == 0) {
		e->p = sr.p;
		e->min_p = sr_min_p(sr.n_used);
		e->informative = sr.n_used;
		e->ci = (struct ratio_ci){ exp(hl.est), exp(hl.lo), exp(hl.hi) };
		e->mdc = detectable(x, d, n);
	}
	free(d);
	return r;
}
