/* Sides of several runs: the two-level bootstrap (see design.h and compare/boot2.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "compare/boot2.h"
#include "compare/design.h"
#include "compare/mdc.h"

/* The key's values on one side, with its runs renumbered 0 .. k-1 (a key may be missing
 * from some runs); *runs_out = k. */
static size_t *local_runs(const struct cmp_group *g, size_t nruns, size_t *runs_out)
{
	size_t *map = malloc(nruns * sizeof(*map)), *run = malloc(g->n * sizeof(*run)), k = 0;

	if (!map || !run) {
		free(map), free(run);
		return NULL;
	}
	for (size_t i = 0; i < nruns; i++)
		map[i] = (size_t)-1;
	for (size_t i = 0; i < g->n; i++) {
		if (map[g->run[i]] == (size_t)-1)
			map[g->run[i]] = k++;
		run[i] = map[g->run[i]];
	}
	free(map);
	*runs_out = k;
	return run;
}

int cmp_test_runs(const struct cmp_ctx *x, struct cmp_entry *e)
{
	struct boot_params bp = { CMP_RESAMPLES, CMP_CONF, x->seed };
	size_t *rb = local_runs(e->b, x->sb->nruns, &e->runs_b);
	size_t *rc = local_runs(e->c, x->sc->nruns, &e->runs_c);
	struct boot2_side b = { e->b->v, rb, e->b->n, e->runs_b };
	struct boot2_side c = { e->c->v, rc, e->c->n, e->runs_c };
	struct boot2_result res;
	int r = rb && rc ? boot2_ratio(&b, &c, &bp, &res) : -ENOMEM;

	free(rb);
	free(rc);
	e->n_b = e->b->n;
	e->n_c = e->c->n;
	if (r == -EDOM) {
		e->ci = (struct ratio_ci){ NAN, NAN, NAN };
		e->p = 1, e->min_p = 0;
		return 0;
	}
	if (r < 0)
		return r;
	e->p = res.p;
	e->p_approx = 1;
	/* a one-run side of fewer than 3 repetitions says nothing about its own noise */
	e->min_p = (e->runs_b == 1 && e->n_b < 3) || (e->runs_c == 1 && e->n_c < 3) ? 1 : 0;
	e->ci = (struct ratio_ci){ res.ratio, res.lo, res.hi };
	e->mdc = exp(mdc_t(res.se_log, res.df, x->mdc_alpha, CMP_POWER));
	return 0;
}
