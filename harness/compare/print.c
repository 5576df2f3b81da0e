/* The terminal output of `ipcbench compare`: the table (worst first), why keys were
 * inconclusive, the detectable change, and the guard-rail warnings. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "compare/compare.h"

static int label_width(const struct cmp_report *r)
{
	size_t w = 3;

	for (size_t i = 0; i < r->n; i++)
		if (strlen(r->e[i].label) > w)
			w = strlen(r->e[i].label);
	return (int)w;
}

static void print_header(const struct cmp_report *r, FILE *out)
{
	const struct cmp_opts *o = r->o;

	fprintf(out, "%s per key, current / baseline, over the repetitions that ended ok\n",
		o->metric);
	fprintf(out, "  baseline: %s\n  current:  %s\n", r->side[0], r->side[1]);
	for (int s = 0; s < 2; s++)
		if (r->inject[s][0])
			fprintf(out, "  NOTE: the %s side ran with the test-only --inject-slowdown %s: "
				"slowed on purpose, not a measurement of its build\n",
				s ? "current" : "baseline", r->inject[s]);
	fprintf(out, "  design: %s\n", r->drift);
	fprintf(out, "  regressed: %s significant at alpha %g after Holm over %zu key%s, and the "
		"whole %.0f%% %s %s %.3f (threshold %g%%; seed %llu); inconclusive when the "
		"interval reaches past %.3f without lying wholly beyond it\n\n",
		cmp_design_test(r->design), o->alpha, r->tested, r->tested == 1 ? "" : "s",
		CMP_CONF * 100, cmp_design_interval(r->design), r->higher_better ? "below" : "above",
		r->higher_better ? 1 / (1 + o->threshold) : 1 + o->threshold, o->threshold * 100,
		(unsigned long long)o->seed, r->higher_better ? 1 / (1 + o->threshold)
							    : 1 + o->threshold);
}

static void print_row(const struct cmp_entry *e, int w, FILE *out)
{
	size_t nb = e->tested ? e->n_b : e->b ? e->b->n : 0;
	size_t nc = e->tested ? e->n_c : e->c ? e->c->n : 0;
	char mdc[32];

	fprintf(out, "%-*s %3zu/%-3zu", w, e->label, nb, nc);
	if (!e->tested) {
		fprintf(out, " %12s %12s %7s %17s %8s %8s %8s  %s\n", "", "", "", "", "", "", "",
			cmp_verdict_name(e->verdict));
		return;
	}
	cmp_mdc_text(e, mdc, sizeof(mdc));
	fprintf(out, " %12.1f %12.1f %7.3f  [%6.3f, %6.3f] %8.2g%s %8.2g %8s  %s\n", e->med_b,
		e->med_c, e->ci.ratio, e->ci.lo, e->ci.hi, e->p, e->p_approx ? "~" : " ",
		e->p_holm, mdc, cmp_verdict_name(e->verdict));
}

/* The detectable change overall, loudly when the gate is less sensitive than its
 * threshold. */
static void print_power(const struct cmp_report *r, FILE *out)
{
	const struct cmp_entry *w = &r->e[r->mdc_worst];
	char mdc[32];

	if (r->tested == 0)
		return;
	cmp_mdc_text(w, mdc, sizeof(mdc));
	fprintf(out, "Detectable change (%.0f%% power at alpha/%zu = %.3g, Holm's first step): ",
		CMP_POWER * 100, r->tested, r->mdc_alpha);
	if (isinf(w->mdc))
		fprintf(out, "some keys (%s ...) could not detect any change at all.\n", w->label);
	else
		fprintf(out, "this comparison could see a %s change in every tested key (the least "
			"sensitive: %s); a smaller one there would likely be missed.\n", mdc, w->label);
	if (r->underpowered)
		fprintf(out, "WARNING: %zu of %zu keys could not see a %g%% change (the threshold): "
			"a regression of that size would likely pass unnoticed. Measure more rounds "
			"or repetitions%s.\n", r->underpowered, r->tested, r->o->threshold * 100,
			r->o->require_power ? "" : ", or pass --require-power to make this fail");
}

static void print_reasons(const struct cmp_report *r, FILE *out)
{
	int any = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].verdict == CMP_INCONCLUSIVE)
			fprintf(out, "%s  %s: %s\n", any++ ? "" : "\nInconclusive:\n", r->e[i].label,
				r->e[i].reason);
}

static const char *overall(const struct cmp_report *r)
{
	if (r->count[CMP_REGRESSED])
		return "REGRESSION";
	if (r->count[CMP_INCONCLUSIVE])
		return r->o->allow_inconclusive ? "INCONCLUSIVE (allowed by --allow-inconclusive)"
						: "INCONCLUSIVE";
	return "no regression";
}

void cmp_print_table(const struct cmp_report *r, FILE *out)
{
	int w = label_width(r);
	const size_t *n = r->count;

	print_header(r, out);
	fprintf(out, "%-*s %7s %12s %12s %7s  %-16s %8s  %8s %8s  %s\n", w, "key", "reps",
		"baseline", "current", "ratio", "95% CI", "p", "Holm p", "detect", "verdict");
	for (size_t i = 0; i < r->n; i++)
		print_row(&r->e[i], w, out);
	print_reasons(r, out);
	fprintf(out, "\n%zu key%s tested: %zu regressed, %zu improved, %zu changed within the "
		"threshold, %zu no change; %zu inconclusive", r->tested, r->tested == 1 ? "" : "s",
		n[CMP_REGRESSED], n[CMP_IMPROVED], n[CMP_SMALL], n[CMP_SAME], n[CMP_INCONCLUSIVE]);
	if (n[CMP_NEW])
		fprintf(out, "; %zu only in the current run (not compared)", n[CMP_NEW]);
	fprintf(out, ".\n");
	print_power(r, out);
	fprintf(out, "%s\n", overall(r));
}

static void warn_failures(const struct cmp_entry *e, FILE *err)
{
	const struct cmp_group *g[2] = { e->b, e->c };

	for (int s = 0; s < 2; s++)
		if (g[s] && g[s]->bad && g[s]->n)
			fprintf(err, "ipcbench compare: warning: %s: %zu of %zu repetitions in the %s "
				"run did not end ok (%s%s)\n", e->label, g[s]->bad, g[s]->bad + g[s]->n,
				s ? "current" : "baseline", g[s]->bad > 1 ? "first: " : "",
				g[s]->bad_what ? g[s]->bad_what : "?");
}

/* 1 when an earlier tested entry has the same repetition counts (say a thing once). */
static int seen_counts(const struct cmp_report *r, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (r->e[j].b->n == r->e[i].b->n && r->e[j].c->n == r->e[i].c->n)
			return 1;
	return 0;
}

/* Few repetitions of one run a side: the exact test has a floor on p (2 / C(m+n, m)),
 * which may lie above alpha (no key can ever be flagged) or above Holm's first step. */
static void warn_power(const struct cmp_report *r, size_t i, FILE *err)
{
	const struct cmp_entry *e = &r->e[i];
	size_t m = e->b->n, n = e->c->n;
	double minp = mw_min_p(m, n), first = r->o->alpha / (double)r->tested;

	if (m < CMP_MIN_REPS || n < CMP_MIN_REPS)
		fprintf(err, "ipcbench compare: warning: %s: %zu vs %zu ok repetitions (baseline vs "
			"current); use %d or more on each side\n", e->label, m, n, CMP_MIN_REPS);
	if (seen_counts(r, i))
		return;
	if (minp > r->o->alpha)
		fprintf(err, "ipcbench compare: warning: with %zu vs %zu repetitions the exact U "
			"test cannot reach alpha = %g: the smallest two-sided p is %.3g\n", m, n,
			r->o->alpha, minp);
	else if (minp > first)
		fprintf(err, "ipcbench compare: warning: with %zu vs %zu repetitions the smallest "
			"two-sided p is %.3g, above alpha/%zu = %.3g, Holm's first step: such keys "
			"can be flagged only after others are\n", m, n, minp, r->tested, first);
}

void cmp_print_warnings(const struct cmp_report *r, FILE *err)
{
	for (size_t i = 0; i < r->n; i++) {
		warn_failures(&r->e[i], err);
		if (i < r->tested && r->design == CMP_ONE_RUN)
			warn_power(r, i, err);
	}
}
