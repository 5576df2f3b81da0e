/* The decision rule of the gate, and why a key is inconclusive (see design.h).
 *
 * For a latency-like metric (lower is better) a key REGRESSES when its test is
 * significant at alpha after Holm AND the whole interval of the ratio lies above
 * 1 + threshold. It passes only when the interval rules a regression beyond the threshold
 * out (its upper end at most 1 + threshold); an interval that reaches above it without
 * lying wholly above it is inconclusive. Among passing keys, a significant change wholly
 * below 1 / (1 + threshold) is an improvement, another significant one "within
 * threshold". For rates (_per_s) the directions swap. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "compare/design.h"

#define WHY(e, ...) snprintf((e)->reason, sizeof((e)->reason), __VA_ARGS__)

static int too_few(const struct cmp_opts *o, struct cmp_entry *e)
{
	int paired = o->paired;

	if (e->min_p <= o->alpha)
		return 0;
	if (paired && e->n_b == 0) {
		if (!e->reason[0]) /* else cmp_test_paired said why */
			WHY(e, "no round has an ok repetition on both sides");
	} else if (paired)
		WHY(e, "too few rounds: %zu, %zu of them informative (a round whose two medians "
		    "are equal carries no sign); the smallest p the signed-rank test can give is "
		    "%.3g, above alpha %g", e->n_b, e->informative, e->min_p, o->alpha);
	else if (e->min_p >= 1)
		WHY(e, "too few ok repetitions (%zu vs %zu): their noise cannot be judged, nothing "
		    "can be significant", e->n_b, e->n_c);
	else
		WHY(e, "too few ok repetitions: %zu vs %zu; the smallest p its test can give is "
		    "%.3g, above alpha %g", e->n_b, e->n_c, e->min_p, o->alpha);
	return 1;
}

void cmp_judge(const struct cmp_opts *o, int higher_better, struct cmp_entry *e)
{
	double up = 1 + o->threshold, down = 1 / up;
	/* the interval of the effect (how much worse), whatever the metric's direction */
	double lo = higher_better ? 1 / e->ci.hi : e->ci.lo;
	double hi = higher_better ? 1 / e->ci.lo : e->ci.hi;
	int sig = e->p_holm <= o->alpha;

	e->verdict = CMP_INCONCLUSIVE;
	if (e->reason[0] || too_few(o, e))
		return;
	if (isnan(e->ci.ratio)) {
		WHY(e, "no ratio: a baseline value is 0 or below");
	} else if (sig && lo > up) {
		e->verdict = CMP_REGRESSED;
	} else if (hi > up) {
		WHY(e, "the %.0f%% interval of the ratio, %.3f-%.3f, reaches %s %.3f: a change "
		    "beyond the threshold is neither shown nor ruled out", CMP_CONF * 100,
		    e->ci.lo, e->ci.hi, higher_better ? "below" : "above",
		    higher_better ? down : up);
	} else if (o->require_power && !(e->mdc <= up)) {
		WHY(e, "--require-power: the smallest change it could detect is %s%.1f%%, more "
		    "than the threshold %g%%", isinf(e->mdc) ? "(none) " : "",
		    isinf(e->mdc) ? 0 : (e->mdc - 1) * 100, o->threshold * 100);
	} else {
		e->verdict = sig && hi < down ? CMP_IMPROVED : sig ? CMP_SMALL : CMP_SAME;
	}
}

/* "no ok repetition in the current run: 3 did not end ok (first: fail: ...)" */
static void what_failed(const struct cmp_group *g, const char *side, char *out, size_t n)
{
	if (!g)
		snprintf(out, n, "not in the %s run", side);
	else if (g->bad)
		snprintf(out, n, "no ok repetition in the %s run: %zu did not end ok (first: %.200s)",
			 side, g->bad, g->bad_what ? g->bad_what : "?");
	else
		snprintf(out, n, "unsupported or skipped in the %s run (%zu repetitions)", side,
			 g->unsupported);
}

void cmp_judge_untested(struct cmp_entry *e)
{
	char b[300], c[300];
	int nb = e->b && e->b->n, nc = e->c && e->c->n;

	e->verdict = CMP_INCONCLUSIVE;
	what_failed(e->b, "baseline", b, sizeof(b));
	what_failed(e->c, "current", c, sizeof(c));
	if (!e->b)
		e->verdict = CMP_NEW;
	else if (nb)
		WHY(e, "%s", c);
	else if (nc)
		WHY(e, "%s", b);
	else
		WHY(e, "%.150s; %.150s", b, c);
}
