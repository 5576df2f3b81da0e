/* `ipcbench compare BASELINE CURRENT`: the CI regression gate. Matches the repetitions of
 * every key (configuration) in two sides, tests each key (Holm-corrected over all keys)
 * and estimates the ratio with an interval, by the side's design: one run a side (exact
 * Mann-Whitney U, bootstrap), several runs (two-level bootstrap, compare/boot2.h) or runs
 * paired by name (ab's rounds: exact signed-rank, Hodges-Lehmann, stats/signrank.h). A
 * key is flagged only when the test and the interval both say it moved by more than a
 * threshold, and is inconclusive when the data cannot decide; every key also gets the
 * smallest change it could have detected (compare/mdc.h). */
#ifndef IPCBENCH_COMPARE_H
#define IPCBENCH_COMPARE_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "sys/exitcode.h"
#include "compare/load.h"
#include "stats/exact.h"

#define CMP_RESAMPLES 10000   /* bootstrap resamples per key */
#define CMP_CONF 0.95         /* bootstrap interval level */
#define CMP_MIN_REPS 5        /* fewer repetitions on a side draw a warning */
#define CMP_DEFAULT_SEED 20240601u
#define CMP_POWER 0.95        /* the detectable change is found with this probability */
#define CMP_MDC_SIMS 2000     /* simulated comparisons per key for it */
#define CMP_EXIT_INCONCLUSIVE EXIT_INCONCLUSIVE /* some key undecided, none regressed */

enum cmp_design {
	CMP_ONE_RUN, /* each side one run: its repetitions are the samples */
	CMP_RUNS,    /* a side is several runs: runs, then repetitions, are the samples */
	CMP_PAIRED,  /* runs matched by name (rounds of ab): per-round ratios are the samples */
};

struct cmp_opts {
	const char *base, *cur; /* run directories or results.csv files */
	const char *metric;     /* a results.csv measurement column, default p50_ns */
	double threshold;       /* relative change that matters: 0.05 for 5% */
	double alpha;           /* family-wise significance level (Holm) */
	const char *junit, *markdown; /* report files, or NULL */
	int force;              /* compare even when the environments differ */
	uint64_t seed;          /* bootstrap seed */
	int paired;             /* match the sides' runs by name: rounds as blocks */
	int allow_inconclusive; /* exit 0 rather than 3 when keys are only inconclusive */
	int require_power;      /* a key that could not see a threshold-sized change is
				 * inconclusive */
	const char *csv;        /* per-key verdicts as CSV, or NULL */
	const char *text;       /* the terminal table also into this file, or NULL */
	int quiet;              /* no table on stdout (ab's trials) */
};

enum cmp_verdict {
	CMP_REGRESSED,  /* significant after Holm, interval wholly beyond the threshold, worse */
	CMP_IMPROVED,   /* the same, better */
	CMP_SMALL,      /* significant after Holm, interval not wholly beyond the threshold */
	CMP_SAME,       /* not significant after Holm, and the interval rules out a regression */
	CMP_INCONCLUSIVE, /* the baseline has the key but the data cannot decide: reason */
	CMP_NEW,        /* only the current side has the key: nothing to compare it with */
};

struct cmp_entry {
	const struct cmp_group *b, *c; /* the key's repetitions on each side (may be NULL) */
	const char *label, *transport;
	int tested;                    /* ok values on both sides: a test and an interval */
	size_t n_b, n_c;               /* values the test used (paired: rounds, both) */
	size_t runs_b, runs_c;         /* runs they came from */
	size_t informative;            /* paired: rounds whose two medians differ (a tie has no
					* sign and drops out of the signed-rank test) */
	double med_b, med_c;           /* medians over the ok repetitions */
	double p, p_holm;              /* the design's test, current against baseline */
	int p_approx;                  /* p from an approximation, not an exact distribution */
	double min_p;                  /* the smallest p the test can give with these counts */
	struct ratio_ci ci;            /* current / baseline */
	double effect;                 /* how much worse: the ratio, or 1/ratio for rates */
	double mdc;                    /* detectable change, as a ratio in the worse direction
					* (1.041: 4.1 %); INFINITY: none is; NAN: not computed */
	enum cmp_verdict verdict;
	char reason[320];              /* why inconclusive */
};

struct cmp_report {
	const struct cmp_opts *o;
	enum cmp_design design;
	int higher_better;  /* the metric is a rate (_per_s): a lower ratio is the regression */
	struct cmp_entry *e; /* tested keys by effect size (worst first), then the others */
	size_t n, tested;
	size_t count[CMP_NEW + 1]; /* entries per verdict */
	double mdc_alpha;   /* the level the detectable change is for: alpha / tested */
	size_t mdc_worst;   /* index of the tested key with the largest detectable change */
	size_t underpowered; /* tested keys that could not see a threshold-sized change */
	char side[2][1024]; /* baseline, current: "PATH (host, git revision, date)" */
	char drift[512];    /* what the design can say about drift between runs */
	char inject[2][256]; /* a side run with the test-only --inject-slowdown: its value */
};

/* Parses the command line. Returns 0, -1 for --help (the caller prints the usage), or
 * EXIT_USAGE after printing what is wrong. */
int compare_parse_args(int argc, char **argv, struct cmp_opts *o);
/* compare's long options (getopt_long's table, ended by a zero entry), for commands that
 * pass them on (ab). */
struct option;
const struct option *compare_options(void);
/* What one comparison decided, for callers that run many (ab's trials). */
struct cmp_key_outcome {
	char *label, *transport;
	enum cmp_verdict verdict;
	double ratio, mdc, med_b;
};
struct cmp_outcome {
	struct cmp_key_outcome *k;
	size_t n;
	double mdc_alpha;
};
void cmp_outcome_free(struct cmp_outcome *out);

/* Runs the comparison; returns the exit code: 0 nothing regressed, 1 something did,
 * 2 a usage error (missing input, unknown metric, differing environments without force),
 * 3 (CMP_EXIT_INCONCLUSIVE) some key of the baseline could not be decided and none
 * regressed, unless allow_inconclusive. out (may be NULL) receives every key's verdict. */
int compare_main(const struct cmp_opts *o);
int compare_main_outcome(const struct cmp_opts *o, struct cmp_outcome *out);

/* Matches the sides key by key and fills r (see struct cmp_report). Returns 0, -EINVAL
 * for --paired sides without common run names, or -ENOMEM. */
int cmp_analyze(const struct cmp_opts *o, const struct cmp_side *sb, const struct cmp_side *sc,
		const struct cmp_groups *b, const struct cmp_groups *c, struct cmp_report *r);
void cmp_report_free(struct cmp_report *r);
const char *cmp_verdict_name(enum cmp_verdict v);
/* "the exact Mann-Whitney U test", "bootstrap interval of the ratio of medians", ... */
const char *cmp_design_test(enum cmp_design d);
const char *cmp_design_interval(enum cmp_design d);
/* The exit code the report asks for (see compare_main). */
int cmp_exit_code(const struct cmp_report *r);
/* "ratio 1.502 (95% CI 1.431-1.587), p = 0.00058 (Holm 0.007)": the evidence for one key. */
void cmp_entry_evidence(const struct cmp_entry *e, struct sbuf *b);
/* "+4.1%", "none" (no change can be significant) or "NA". */
void cmp_mdc_text(const struct cmp_entry *e, char *out, size_t n);

/* The terminal table and the guard-rail warnings. */
void cmp_print_table(const struct cmp_report *r, FILE *out);
void cmp_print_warnings(const struct cmp_report *r, FILE *err);

/* Report files, written atomically; 0 or a negative errno. JUnit XML: one testcase per key,
 * a failure element for each regression, skipped for keys not compared. Markdown: a
 * summary and table for a pull-request comment. */
int cmp_write_junit(const struct cmp_report *r, const char *path);
int cmp_write_markdown(const struct cmp_report *r, const char *path);
/* One line per key: verdict, reason, counts, medians, ratio and interval, p, detectable
 * change; for scripts (mk/gate-power.sh). */
int cmp_write_csv(const struct cmp_report *r, const char *path);
/* Appends s as XML character data or attribute value: & < > " ' as entities, tab, CR and
 * LF as character references, other control characters (not allowed in XML 1.0) as '?'. */
void sbuf_xml_text(struct sbuf *b, const char *s);
/* Appends s as one Markdown table cell: | and Markdown/HTML syntax escaped, newlines as
 * blanks. */
void sbuf_md_cell(struct sbuf *b, const char *s);

#endif
