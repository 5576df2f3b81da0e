/* The three designs of a comparison, one file each, and the decision rule (judge.c).
 * Each test fills a tested entry's counts, medians, p-value, smallest possible p, the
 * interval of the ratio and the detectable change:
 *   one_run.c    each side one run: exact Mann-Whitney U over the repetitions, bootstrap
 *                interval of the ratio of medians, detectable change by simulation
 *   two_level.c  a side of several runs: two-level bootstrap (compare/boot2.h), t on its
 *                standard error, detectable change from that error
 *   paired.c     runs matched by name: per-round log ratios, exact signed-rank test,
 *                Hodges-Lehmann interval, detectable change by simulation */
#ifndef IPCBENCH_COMPARE_DESIGN_H
#define IPCBENCH_COMPARE_DESIGN_H
#include "compare/compare.h"

struct cmp_ctx {
	const struct cmp_opts *o;
	const struct cmp_side *sb, *sc;
	const long *pair_of; /* paired: the current run named like baseline run i, or -1 */
	double mdc_alpha;    /* alpha / tested keys: what a lone regression must reach */
	int worse_sign;      /* +1: higher values are worse (times); -1: lower are (rates) */
	uint64_t seed;       /* this key's (compare/analyze.c: key_seed) */
};

int cmp_test_one_run(const struct cmp_ctx *x, struct cmp_entry *e);
int cmp_test_runs(const struct cmp_ctx *x, struct cmp_entry *e);
int cmp_test_paired(const struct cmp_ctx *x, struct cmp_entry *e);

/* The median of n values (not reordered); NAN for n == 0. */
double cmp_median(const double *v, size_t n);

/* The verdict of a tested entry (any reason set before makes it inconclusive). */
void cmp_judge(const struct cmp_opts *o, int higher_better, struct cmp_entry *e);
/* The verdict of an entry without ok values on both sides: new, or inconclusive with why. */
void cmp_judge_untested(struct cmp_entry *e);
/* Condition columns (compare/schema.h: COL_CONDITION) that both sides have and whose
 * values over the key's ok rows differ: "mem_node 0 (baseline) vs 1 (current)" into why.
 * Returns how many differ. */
int cmp_conditions_differ(const struct cmp_side *sb, const struct cmp_group *b,
			  const struct cmp_side *sc, const struct cmp_group *c, char *why,
			  size_t n);

#endif
