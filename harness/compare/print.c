/* The terminal output of `ipcbench compare`: the table (worst first) and the guard-rail
 * warnings about what the test cannot see. */
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
	fprintf(out, "  regressed: exact Mann-Whitney U significant at alpha %g after Holm over "
		"%zu key%s, and the whole %.0f%% bootstrap interval of the ratio of medians %s "
		"%.3f (threshold %g%%; seed %llu)\n\n", o->alpha, r->tested,
		r->tested == 1 ? "" : "s", CMP_CONF * 100,
		r->higher_better ? "below" : "above",
		r->higher_better ? 1 / (1 + o->threshold) : 1 + o->threshold, o->threshold * 100,
		(unsigned long long)o->seed);
}

static void print_row(const struct cmp_entry *e, int w, FILE *out)
{
	size_t nb = e->b ? e->b->n : 0, nc = e->c ? e->c->n : 0;

	fprintf(out, "%-*s %3zu/%-3zu", w, e->label, nb, nc);
	if (e->verdict > CMP_NO_RATIO) {
		fprintf(out, " %12s %12s %7s %17s %8s %8s  %s\n", "", "", "", "", "", "",
			cmp_verdict_name(e->verdict));
		return;
	}
	fprintf(out, " %12.1f %12.1f %7.3f  [%6.3f, %6.3f] %8.2g%s %8.2g  %s\n", e->med_b,
		e->med_c, e->ci.ratio, e->ci.lo, e->ci.hi, e->mw.p, e->mw.exact ? "" : "~",
		e->p_holm, cmp_verdict_name(e->verdict));
}

void cmp_print_table(const struct cmp_report *r, FILE *out)
{
	int w = label_width(r);
	const size_t *n = r->count;

	print_header(r, out);
	fprintf(out, "%-*s %7s %12s %12s %7s  %-16s %8s %8s  %s\n", w, "key", "reps", "baseline",
		"current", "ratio", "95% CI", "p", "Holm p", "verdict");
	for (size_t i = 0; i < r->n; i++)
		print_row(&r->e[i], w, out);
	fprintf(out, "\n%zu key%s tested: %zu regressed, %zu improved, %zu changed within the "
		"threshold, %zu no significant change", r->tested, r->tested == 1 ? "" : "s",
		n[CMP_REGRESSED],
		n[CMP_IMPROVED], n[CMP_SMALL], n[CMP_SAME] + n[CMP_NO_RATIO]);
	if (n[CMP_ONLY_BASE] + n[CMP_ONLY_CUR] + n[CMP_NONE])
		fprintf(out, "; not compared: %zu only in the baseline, %zu only in the current "
			"run, %zu measured in neither", n[CMP_ONLY_BASE], n[CMP_ONLY_CUR],
			n[CMP_NONE]);
	fprintf(out, ".\n%s\n", n[CMP_REGRESSED] ? "REGRESSION" : "no regression");
}

static void warn_failures(const struct cmp_entry *e, FILE *err)
{
	const struct cmp_group *g[2] = { e->b, e->c };

	for (int s = 0; s < 2; s++)
		if (g[s] && g[s]->bad)
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

/* Few repetitions: the exact test has a floor on p (2 / C(m+n, m)), which may lie above
 * alpha (no key can ever be flagged) or above Holm's first step alpha / K. */
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
		if (i < r->tested)
			warn_power(r, i, err);
	}
}
