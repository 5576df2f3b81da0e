/* `ipcbench compare BASELINE CURRENT`: the CI regression gate. Matches the repetitions of
 * every key (configuration) in two runs, tests each key with the exact Mann-Whitney U test
 * (Holm-corrected over all keys) and a bootstrap interval for the ratio of medians, and
 * flags a key only when both say it moved by more than a threshold. */
#ifndef IPCBENCH_COMPARE_H
#define IPCBENCH_COMPARE_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "compare/load.h"
#include "stats/exact.h"

#define CMP_RESAMPLES 10000   /* bootstrap resamples per key */
#define CMP_CONF 0.95         /* bootstrap interval level */
#define CMP_MIN_REPS 5        /* fewer repetitions on a side draw a warning */
#define CMP_DEFAULT_SEED 20240601u

struct cmp_opts {
	const char *base, *cur; /* run directories or results.csv files */
	const char *metric;     /* a results.csv measurement column, default p50_ns */
	double threshold;       /* relative change that matters: 0.05 for 5% */
	double alpha;           /* family-wise significance level (Holm) */
	const char *junit, *markdown; /* report files, or NULL */
	int force;              /* compare even when the environments differ */
	uint64_t seed;          /* bootstrap seed */
};

enum cmp_verdict {
	CMP_REGRESSED,  /* significant after Holm, interval wholly beyond the threshold, worse */
	CMP_IMPROVED,   /* the same, better */
	CMP_SMALL,      /* significant after Holm, interval not wholly beyond the threshold */
	CMP_SAME,       /* not significant after Holm */
	CMP_NO_RATIO,   /* tested, but the ratio is undefined (a baseline value <= 0) */
	CMP_ONLY_BASE,  /* the key has no ok repetition in the current run */
	CMP_ONLY_CUR,   /* ... in the baseline */
	CMP_NONE,       /* no ok repetition on either side (but some failed) */
};

struct cmp_entry {
	const struct cmp_group *b, *c; /* the key's repetitions on each side (may be NULL) */
	const char *label, *transport;
	double med_b, med_c;           /* medians over the ok repetitions */
	struct mw_result mw;           /* current against baseline */
	double p_holm;
	struct ratio_ci ci;            /* current / baseline */
	double effect;                 /* how much worse: the ratio, or 1/ratio for rates */
	enum cmp_verdict verdict;
};

struct cmp_report {
	const struct cmp_opts *o;
	int higher_better;  /* the metric is a rate (_per_s): a lower ratio is the regression */
	struct cmp_entry *e; /* tested keys by effect size (worst first), then the others */
	size_t n, tested;
	size_t count[CMP_NONE + 1]; /* entries per verdict */
	char side[2][1024]; /* baseline, current: "PATH (host, git revision, date)" */
};

/* Parses the command line. Returns 0, -1 for --help (the caller prints the usage), or
 * EXIT_USAGE after printing what is wrong. */
int compare_parse_args(int argc, char **argv, struct cmp_opts *o);
/* Runs the comparison; returns the exit code: 0 nothing regressed, 1 something did,
 * 2 a usage error (missing input, unknown metric, differing environments without force). */
int compare_main(const struct cmp_opts *o);

/* Matches b and c key by key and fills r (see struct cmp_report). Returns 0 or -ENOMEM. */
int cmp_analyze(const struct cmp_opts *o, const struct cmp_groups *b,
		const struct cmp_groups *c, struct cmp_report *r);
void cmp_report_free(struct cmp_report *r);
const char *cmp_verdict_name(enum cmp_verdict v);
/* "ratio 1.502 (95% CI 1.431-1.587), p = 0.00058 (Holm 0.007)": the evidence for one key. */
void cmp_entry_evidence(const struct cmp_entry *e, struct sbuf *b);

/* The terminal table and the guard-rail warnings. */
void cmp_print_table(const struct cmp_report *r, FILE *out);
void cmp_print_warnings(const struct cmp_report *r, FILE *err);

/* Report files, written atomically; 0 or a negative errno. JUnit XML: one testcase per key,
 * a failure element for each regression, skipped for keys not compared. Markdown: a
 * summary and table for a pull-request comment. */
int cmp_write_junit(const struct cmp_report *r, const char *path);
int cmp_write_markdown(const struct cmp_report *r, const char *path);
/* Appends s as XML character data or attribute value: & < > " ' as entities, tab, CR and
 * LF as character references, other control characters (not allowed in XML 1.0) as '?'. */
void sbuf_xml_text(struct sbuf *b, const char *s);
/* Appends s as one Markdown table cell: | and Markdown/HTML syntax escaped, newlines as
 * blanks. */
void sbuf_md_cell(struct sbuf *b, const char *s);

#endif
