/* Key-by-key analysis of two sides: match, test by design, correct, judge, sort; see
 * compare/compare.h and compare/design.h. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compare/compare.h"
#include "compare/design.h"
#include "stats/rng.h"

static const char *const verdict_names[] = {
	[CMP_REGRESSED] = "REGRESSED",    [CMP_IMPROVED] = "improved",
	[CMP_SMALL] = "within threshold", [CMP_SAME] = "no change",
	[CMP_INCONCLUSIVE] = "inconclusive", [CMP_NEW] = "new in current",
};

const char *cmp_verdict_name(enum cmp_verdict v)
{
	return verdict_names[v];
}

const char *cmp_design_test(enum cmp_design d)
{
	return d == CMP_PAIRED ? "the exact Wilcoxon signed-rank test of the per-round log ratios"
	       : d == CMP_RUNS ? "a t test on the two-level bootstrap's standard error"
			       : "the exact Mann-Whitney U test";
}

const char *cmp_design_interval(enum cmp_design d)
{
	return d == CMP_PAIRED ? "Hodges-Lehmann interval of the per-round ratio"
	       : d == CMP_RUNS ? "two-level bootstrap interval of the ratio"
			       : "bootstrap interval of the ratio of medians";
}

/* Each key's random streams depend on the seed and the key only (FNV-1a of the key,
 * mixed), so adding or removing other keys does not change a key's figures. */
static uint64_t key_seed(uint64_t seed, const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h ^= seed;
	return rng_splitmix64(&h);
}

static int holm_all(struct cmp_report *r)
{
	double *p = malloc((r->tested ? r->tested : 1) * sizeof(*p));
	double *adj = malloc((r->tested ? r->tested : 1) * sizeof(*adj));
	int rc = p && adj ? 0 : -ENOMEM;

	for (size_t i = 0; rc == 0 && i < r->tested; i++)
		p[i] = r->e[i].p;
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

	if (x->tested != y->tested)
		return y->tested - x->tested; /* tested keys first */
	if (x->tested && isnan(x->effect) != isnan(y->effect))
		return isnan(x->effect) - isnan(y->effect); /* no ratio: last of the tested */
	if (x->tested && x->effect != y->effect && !isnan(x->effect))
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
	e->med_b = e->med_c = e->p = e->p_holm = e->effect = e->mdc = NAN;
	e->min_p = 1;
	e->tested = nb && nc;
	e->verdict = CMP_SAME;
	if (!e->tested)
		cmp_judge_untested(e);
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

/* Paired design: the current run named like each baseline run. */
static long *pair_runs(const struct cmp_side *sb, const struct cmp_side *sc, size_t *common)
{
	long *pair = malloc(sb->nruns * sizeof(*pair));

	*common = 0;
	for (size_t i = 0; pair && i < sb->nruns; i++) {
		pair[i] = -1;
		for (size_t j = 0; sb->run_name && sc->run_name && j < sc->nruns; j++)
			if (strcmp(sb->run_name[i], sc->run_name[j]) == 0)
				pair[i] = (long)j;
		*common += pair[i] >= 0;
	}
	return pair;
}

static void describe_drift(struct cmp_report *r, const struct cmp_side *sb,
			   const struct cmp_side *sc, size_t common)
{
	if (r->design == CMP_PAIRED)
		snprintf(r->drift, sizeof(r->drift), "paired: %zu rounds (runs matched by name%s), "
			 "the ratio and its interval from the per-round ratios (exact Wilcoxon "
			 "signed-rank, Hodges-Lehmann), so drift between rounds cancels", common,
			 common < sb->nruns || common < sc->nruns ? "; runs without a partner of "
			 "the same name on the other side are left out" : "");
	else if (r->design == CMP_ONE_RUN)
		snprintf(r->drift, sizeof(r->drift), "each side is one run: between-run drift "
			 "cannot be judged; the interval covers the spread of repetitions within "
			 "the runs only and is not widened for it (use several runs a side, or "
			 "ipcbench ab)");
	else
		snprintf(r->drift, sizeof(r->drift), "two-level bootstrap over %zu baseline and "
			 "%zu current runs: the interval includes run-to-run variance%s",
			 sb->nruns, sc->nruns, sb->nruns == 1 ? "; the baseline is one run: its "
			 "drift cannot be judged (not widened)" : sc->nruns == 1 ? "; the current "
			 "side is one run: its drift cannot be judged (not widened)" : "");
}

static int test_all(struct cmp_report *r, struct cmp_ctx *x)
{
	int (*const test[])(const struct cmp_ctx *, struct cmp_entry *) = {
		[CMP_ONE_RUN] = cmp_test_one_run, [CMP_RUNS] = cmp_test_runs,
		[CMP_PAIRED] = cmp_test_paired,
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < r->tested; i++) {
		struct cmp_entry *e = &r->e[i];
		x->seed = key_seed(r->o->seed, e->b->key);
		e->med_b = cmp_median(e->b->v, e->b->n);
		e->med_c = cmp_median(e->c->v, e->c->n);
		cmp_conditions_differ(x->sb, e->b, x->sc, e->c, e->reason, sizeof(e->reason));
		rc = test[r->design](x, e);
	}
	return rc;
}

static void judge_all(struct cmp_report *r)
{
	double up = 1 + r->o->threshold;

	for (size_t i = 0; i < r->n; i++) {
		struct cmp_entry *e = &r->e[i];
		if (i < r->tested) {
			cmp_judge(r->o, r->higher_better, e);
			e->effect = r->higher_better ? 1 / e->ci.ratio : e->ci.ratio;
			r->underpowered += !(e->mdc <= up);
		}
		r->count[e->verdict]++;
	}
}

int cmp_analyze(const struct cmp_opts *o, const struct cmp_side *sb, const struct cmp_side *sc,
		const struct cmp_groups *b, const struct cmp_groups *c, struct cmp_report *r)
{
	struct cmp_ctx x = { .o = o, .sb = sb, .sc = sc };
	long *pair = NULL;
	size_t common = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->higher_better = strlen(o->metric) > 6 &&
			   strcmp(o->metric + strlen(o->metric) - 6, "_per_s") == 0;
	x.worse_sign = r->higher_better ? -1 : 1;
	r->design = o->paired ? CMP_PAIRED : sb->nruns > 1 || sc->nruns > 1 ? CMP_RUNS
									     : CMP_ONE_RUN;
	if (r->design == CMP_PAIRED && !(pair = pair_runs(sb, sc, &common)))
		return -ENOMEM;
	if (r->design == CMP_PAIRED && common == 0) {
		free(pair);
		return -EINVAL;
	}
	x.pair_of = pair;
	describe_drift(r, sb, sc, common);
	rc = match_keys(r, b, c);
	if (rc == 0)
		qsort(r->e, r->n, sizeof(*r->e), by_effect); /* tested keys first */
	while (rc == 0 && r->tested < r->n && r->e[r->tested].tested)
		r->tested++;
	x.mdc_alpha = r->mdc_alpha = o->alpha / (double)(r->tested ? r->tested : 1);
	if (rc == 0)
		rc = test_all(r, &x);
	if (rc == 0)
		rc = holm_all(r);
	if (rc == 0) {
		judge_all(r);
		qsort(r->e, r->n, sizeof(*r->e), by_effect);
		for (size_t i = 0; i < r->tested; i++) /* the worst key again, after sorting */
			if (!(r->e[i].mdc <= r->e[r->mdc_worst].mdc))
				r->mdc_worst = i;
	}
	free(pair);
	return rc;
}

void cmp_report_free(struct cmp_report *r)
{
	free(r->e);
	memset(r, 0, sizeof(*r));
}

int cmp_exit_code(const struct cmp_report *r)
{
	if (r->count[CMP_REGRESSED])
		return 1;
	if (r->count[CMP_INCONCLUSIVE] && !r->o->allow_inconclusive)
		return CMP_EXIT_INCONCLUSIVE;
	return 0;
}

void cmp_mdc_text(const struct cmp_entry *e, char *out, size_t n)
{
	if (isinf(e->mdc))
		snprintf(out, n, "none");
	else if (isnan(e->mdc))
		snprintf(out, n, "NA");
	else if (e->mdc > 11)
		snprintf(out, n, ">1000%%");
	else
		snprintf(out, n, "%.1f%%", (e->mdc - 1) * 100);
}

void cmp_entry_evidence(const struct cmp_entry *e, struct sbuf *b)
{
	char mdc[32];

	cmp_mdc_text(e, mdc, sizeof(mdc));
	sbuf_printf(b, "ratio %.3f (%.0f%% CI %.3f-%.3f), p = %.2g%s (Holm %.2g), median %.1f -> "
		    "%.1f, detectable change %s", e->ci.ratio, CMP_CONF * 100, e->ci.lo, e->ci.hi,
		    e->p, e->p_approx ? " (approximation)" : "", e->p_holm, e->med_b, e->med_c, mdc);
}
