/* Key-by-key analysis of two runs: test, correct, estimate, judge, sort; see compare/compare.h. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "compare/compare.h"
#include "stats/rng.h"
#include "stats/stats.h"

static const char *const verdict_names[] = {
	[CMP_REGRESSED] = "REGRESSED",    [CMP_IMPROVED] = "improved",
	[CMP_SMALL] = "within threshold", [CMP_SAME] = "no change",
	[CMP_NO_RATIO] = "no ratio",      [CMP_ONLY_BASE] = "baseline only",
	[CMP_ONLY_CUR] = "current only",  [CMP_NONE] = "not measured",
};

const char *cmp_verdict_name(enum cmp_verdict v)
{
	return verdict_names[v];
}

static double median(const struct cmp_group *g)
{
	struct median_ci ci;

	return stats_median_ci(g->v, g->n, 0.95, &ci) == 0 ? ci.median : NAN;
}

/* Each key's bootstrap stream depends on the seed and the key only (FNV-1a of the key,
 * mixed), so adding or removing other keys does not change a key's interval. */
static uint64_t key_seed(uint64_t seed, const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h ^= seed;
	return rng_splitmix64(&h);
}

/* U test and bootstrap of one key with ok repetitions on both sides. */
static int test_entry(const struct cmp_opts *o, struct cmp_entry *e)
{
	struct boot_params bp = { CMP_RESAMPLES, CMP_CONF, key_seed(o->seed, e->b->key) };
	int r;

	e->med_b = median(e->b);
	e->med_c = median(e->c);
	r = mw_test(e->c->v, e->c->n, e->b->v, e->b->n, &e->mw);
	if (r < 0)
		return r;
	r = boot_median_ratio(e->b->v, e->b->n, e->c->v, e->c->n, &bp, &e->ci);
	if (r == -EDOM) {
		e->ci = (struct ratio_ci){ NAN, NAN, NAN };
		e->verdict = CMP_NO_RATIO;
		return 0;
	}
	return r;
}

/* The decision rule. Latency-like metrics (lower is better) regress when the U test is
 * significant after Holm AND the whole interval lies above 1 + threshold, and improve when
 * it is significant AND the whole interval lies below 1 / (1 + threshold): the symmetric
 * band on a log scale, so that x1.05 slower and x1.05 faster are judged alike. For rates
 * (_per_s, higher is better) the two are swapped. */
static enum cmp_verdict judge(const struct cmp_opts *o, int higher_better,
			      const struct cmp_entry *e)
{
	double up = 1 + o->threshold, down = 1 / (1 + o->threshold);
	int worse, better;

	if (e->verdict == CMP_NO_RATIO)
		return CMP_NO_RATIO;
	if (!(e->p_holm <= o->alpha))
		return CMP_SAME;
	worse = higher_better ? e->ci.hi < down : e->ci.lo > up;
	better = higher_better ? e->ci.lo > up : e->ci.hi < down;
	return worse ? CMP_REGRESSED : better ? CMP_IMPROVED : CMP_SMALL;
}

static int holm_all(struct cmp_report *r)
{
	double *p = malloc((r->tested ? r->tested : 1) * sizeof(*p));
	double *adj = malloc((r->tested ? r->tested : 1) * sizeof(*adj));
	int rc = p && adj ? 0 : -ENOMEM;

	for (size_t i = 0; rc == 0 && i < r->tested; i++)
		p[i] = r->e[i].mw.p;
	if (rc == 0)
		rc = holm_adjust(p, r->tested, adj);
	for (size_t i = 0; rc == 0 && i < r->tested; i++)
		r->e[i].p_holm = adj[i];
	free(p);
	free(adj);
	return rc;
}

static int by_effect(const void *a, const void *b)
{
	const struct cmp_entry *x = a, *y = b;
	int tx = x->verdict <= CMP_NO_RATIO, ty = y->verdict <= CMP_NO_RATIO;

	if (tx != ty)
		return ty - tx; /* tested keys first */
	if (tx && isnan(x->effect) != isnan(y->effect))
		return isnan(x->effect) - isnan(y->effect); /* no ratio: last of the tested */
	if (tx && x->effect != y->effect && !isnan(x->effect))
		return (x->effect < y->effect) - (x->effect > y->effect); /* worst first */
	if (x->verdict != y->verdict)
		return (int)x->verdict - (int)y->verdict;
	return strcmp(x->label, y->label);
}

static void add_entry(struct cmp_report *r, const struct cmp_group *b,
		      const struct cmp_group *c)
{
	int nb = b && b->n, nc = c && c->n;
	struct cmp_entry *e;

	if (!nb && !nc && !(b && b->bad) && !(c && c->bad))
		return; /* unsupported or skipped by design on both sides */
	e = &r->e[r->n++];
	memset(e, 0, sizeof(*e));
	e->b = b;
	e->c = c;
	e->label = b ? b->label : c->label;
	e->transport = b ? b->transport : c->transport;
	e->ci = (struct ratio_ci){ NAN, NAN, NAN };
	e->med_b = e->med_c = e->p_holm = e->effect = NAN;
	e->mw.p = NAN;
	e->verdict = nb && nc ? CMP_SAME : nb ? CMP_ONLY_BASE : nc ? CMP_ONLY_CUR : CMP_NONE;
}

static int match_keys(struct cmp_report *r, const struct cmp_groups *b,
		      const struct cmp_groups *c)
{
	r->e = calloc(b->n + c->n + 1, sizeof(*r->e));
	if (!r->e)
		return -ENOMEM;
	for (size_t i = 0; i < b->n; i++)
		add_entry(r, &b->g[i], cmp_groups_find(c, b->g[i].key));
	for (size_t i = 0; i < c->n; i++)
		if (!cmp_groups_find(b, c->g[i].key))
			add_entry(r, NULL, &c->g[i]);
	return 0;
}

int cmp_analyze(const struct cmp_opts *o, const struct cmp_groups *b,
		const struct cmp_groups *c, struct cmp_report *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->higher_better = strlen(o->metric) > 6 &&
			   strcmp(o->metric + strlen(o->metric) - 6, "_per_s") == 0;
	rc = match_keys(r, b, c);
	qsort(r->e, r->n, sizeof(*r->e), by_effect); /* tested keys first: e[0 .. tested-1] */
	for (size_t i = 0; rc == 0 && i < r->n && r->e[i].verdict == CMP_SAME; i++, r->tested++)
		rc = test_entry(o, &r->e[i]);
	if (rc == 0)
		rc = holm_all(r);
	for (size_t i = 0; rc == 0 && i < r->n; i++) {
		struct cmp_entry *e = &r->e[i];
		if (i < r->tested) {
			e->verdict = judge(o, r->higher_better, e);
			e->effect = r->higher_better ? 1 / e->ci.ratio : e->ci.ratio;
		}
		r->count[e->verdict]++;
	}
	if (rc == 0)
		qsort(r->e, r->n, sizeof(*r->e), by_effect);
	return rc;
}

void cmp_report_free(struct cmp_report *r)
{
	free(r->e);
	memset(r, 0, sizeof(*r));
}

void cmp_entry_evidence(const struct cmp_entry *e, struct sbuf *b)
{
	sbuf_printf(b, "ratio %.3f (%.0f%% CI %.3f-%.3f), p = %.2g%s (Holm %.2g), median %.1f -> %.1f",
		    e->ci.ratio, CMP_CONF * 100, e->ci.lo, e->ci.hi, e->mw.p,
		    e->mw.exact ? "" : " (normal approximation)", e->p_holm, e->med_b, e->med_c);
}
