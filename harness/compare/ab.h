/* `ipcbench ab`: two builds measured alternately in one job, and the paired comparison.
 * ab.c runs the rounds (each repetition a fresh `BIN run --repeat 1` of one build, in
 * ABBA order, compare/abplan.h) into DIR/a/round-NN and DIR/b/round-NN with the order in
 * DIR/order.csv; selftest.c repeats that over trials, optionally with the test-only
 * slowdown in side b, and says how often the gate caught it; cli/cmd_ab.c is the command. */
#ifndef IPCBENCH_COMPARE_AB_H
#define IPCBENCH_COMPARE_AB_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "compare/compare.h"

#define AB_DEFAULT_ROUNDS 30
#define AB_MAX_SET 32

struct ab_opts {
	const char *bin[2];     /* a: the baseline build, b: the change */
	const char *config;     /* -c FILE, given to every run */
	const char *set[AB_MAX_SET]; /* --set KEY=VALUE, given to every run */
	size_t nset;
	const char *set_b[AB_MAX_SET]; /* --b-set KEY=VALUE, given to side b's runs only */
	size_t nset_b;
	size_t rounds;          /* even */
	uint64_t seed;          /* the order and the statistics */
	const char *outdir;     /* DIR */
	const char *self_test;  /* TRANSPORT:PCT[,...]: slow side b by PCT % (test only) */
	size_t trials;          /* repetitions of the whole experiment */
	struct cmp_opts cmp;    /* the comparison; paired */
};

/* Progress over everything one ab command runs. */
struct ab_progress {
	uint64_t t0_ns;
	size_t done, total; /* runs */
	int tty;
	const char *what;   /* "trial 2/20: " or "" */
};

/* Runs the rounds into dir (dir/a, dir/b, dir/logs, dir/order.csv); inject_b (or NULL):
 * the --inject-slowdown value for side b's runs. Returns 0, EXIT_USAGE when a build
 * refused its options (its log is printed), or EXIT_SOME_FAILED when a run could not
 * start or was killed. */
int ab_run_rounds(const struct ab_opts *o, const char *dir, const char *inject_b,
		  struct ab_progress *p);
/* One `run` of side's build (0: a, 1: b) with the options of o for that side plus extra
 * (NULL-terminated) into out_dir, its output in log. Returns the run's exit status (0 or
 * 1: it measured), EXIT_USAGE, or EXIT_SOME_FAILED + 100 when it could not run or died by
 * a signal. */
int ab_run_once(const struct ab_opts *o, int side, const char *out_dir, const char *log,
		const char *const *extra);
/* The paired comparison of dir/a with dir/b, with the reports in dir (compare.txt,
 * compare.md, compare.xml, compare.csv) and those o->cmp asks for. */
int ab_compare(const struct ab_opts *o, const char *dir, int quiet, struct cmp_outcome *out);
/* --trials and --self-test (selftest.c). */
int ab_trials(const struct ab_opts *o);


#endif
