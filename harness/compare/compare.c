/* `ipcbench compare`: options, loading both sides, the environment check, and the exit
 * code; the analysis is in compare/analyze.c, the output in compare/print.c, compare/junit.c and
 * compare/markdown.c. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "compare/compare.h"
#include "out/schema.h"
#include "text/parse.h"
#include "run/run.h"

#define ERR(...) (fprintf(stderr, "ipcbench compare: " __VA_ARGS__), EXIT_USAGE)

/* "5%" is 0.05; a bare number is a fraction ("0.05") and must be below 1, so that "5"
 * meant as 5% is refused rather than taken as 500%. */
static int parse_threshold(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	int pct = end != s && *end == '%';

	if (end == s)
		return -EINVAL;
	if (pct)
		v /= 100, end++;
	if (*end != 0 || !(v >= 0 && v < 10) || (!pct && v >= 1))
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_alpha(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != 0 || !(v > 0 && v < 1))
		return -EINVAL;
	*out = v;
	return 0;
}

static int one_option(int c, const char *arg, struct cmp_opts *o)
{
	switch (c) {
	case 'm': o->metric = arg; return 0;
	case 'j': o->junit = arg; return 0;
	case 'M': o->markdown = arg; return 0;
	case 'f': o->force = 1; return 0;
	case 'P': o->paired = 1; return 0;
	case 'I': o->allow_inconclusive = 1; return 0;
	case 'R': o->require_power = 1; return 0;
	case 'C': o->csv = arg; return 0;
	case 't':
		if (parse_threshold(arg, &o->threshold) < 0)
			return ERR("--threshold '%s': expected a percentage such as 5%% or a "
				   "fraction below 1 such as 0.05 (0 to 1000%%)\n", arg);
		return 0;
	case 'a':
		if (parse_alpha(arg, &o->alpha) < 0)
			return ERR("--alpha '%s': expected a number between 0 and 1, such as "
				   "0.05\n", arg);
		return 0;
	case 's':
		if (parse_u64(arg, 0, UINT64_MAX, &o->seed) < 0)
			return ERR("--seed '%s': expected an unsigned 64-bit integer\n", arg);
		return 0;
	default: /* getopt said which option */
		return ERR("see 'ipcbench help compare'\n");
	}
}

static const struct option compare_opts[] = {
	{ "metric", required_argument, 0, 'm' }, { "threshold", required_argument, 0, 't' },
	{ "alpha", required_argument, 0, 'a' },  { "junit", required_argument, 0, 'j' },
	{ "markdown", required_argument, 0, 'M' }, { "force", no_argument, 0, 'f' },
	{ "seed", required_argument, 0, 's' },   { "help", no_argument, 0, 'h' },
	{ "paired", no_argument, 0, 'P' },       { "csv", required_argument, 0, 'C' },
	{ "allow-inconclusive", no_argument, 0, 'I' },
	{ "require-power", no_argument, 0, 'R' },
	{ 0, 0, 0, 0 }
};

const struct option *compare_options(void)
{
	return compare_opts;
}

int compare_parse_args(int argc, char **argv, struct cmp_opts *o)
{
	const struct option *opts = compare_opts;
	int c, r;

	*o = (struct cmp_opts){ .metric = "p50_ns", .threshold = 0.05, .alpha = 0.05,
				.seed = CMP_DEFAULT_SEED };
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return -1;
		if ((r = one_option(c, optarg, o)) != 0)
			return r;
	}
	if (argc - optind != 2)
		return ERR("expected BASELINE and CURRENT, got %d argument%s (see ipcbench help "
			   "compare)\n", argc - optind, argc - optind == 1 ? "" : "s");
	o->base = argv[optind];
	o->cur = argv[optind + 1];
	return 0;
}

/* The metric must be a measurement column of both runs. */
static int check_metric(const struct cmp_opts *o, const struct cmp_side *s)
{
	if (cmp_is_metric_column(o->metric) && csv_col(&s->t, o->metric) >= 0)
		return 0;
	fprintf(stderr, "ipcbench compare: --metric '%s' is not a measurement column of %s; "
		"it has:", o->metric, s->results);
	for (size_t i = 0; i < s->t.ncols; i++)
		if (cmp_is_metric_column(s->t.cols[i]))
			fprintf(stderr, " %s", s->t.cols[i]);
	fprintf(stderr, "\n");
	return EXIT_USAGE;
}

/* Differing environments are refused unless --force; what could not be checked is said. */
static int check_environment(const struct cmp_opts *o, const struct cmp_side *b,
			     const struct cmp_side *c)
{
	struct sbuf diff = { 0 }, notes = { 0 };
	int n = cmp_fingerprint(b, c, &diff, &notes), r = 0;

	for (char *l = notes.p, *nl; l && *l; l = nl + 1) {
		nl = strchr(l, '\n'); /* every line of notes ends in one */
		fprintf(stderr, "ipcbench compare: note: %.*s\n", (int)(nl - l), l);
	}
	if (n && !o->force) {
		fprintf(stderr, "ipcbench compare: the runs were measured in different "
			"environments (meta.csv):\n%sRe-record the baseline on this machine, or "
			"pass --force to compare anyway.\n", diff.p);
		r = EXIT_USAGE;
	} else if (n) {
		fprintf(stderr, "ipcbench compare: warning: comparing runs from different "
			"environments (--force):\n%s", diff.p);
	}
	sbuf_free(&diff);
	sbuf_free(&notes);
	return r;
}

/* A key column only one run has means no key can match across the two: say which. */
static void warn_key_columns(const struct cmp_side *b, const struct cmp_side *c,
			     char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int inb = csv_col(&b->t, cols[i]) >= 0, inc = csv_col(&c->t, cols[i]) >= 0;
		if (!inb || !inc)
			fprintf(stderr, "ipcbench compare: warning: key column '%s' is only in the %s "
				"run (%s): its keys cannot match the other run's\n", cols[i],
				inb ? b->name : c->name, inb ? b->results : c->results);
		if (!schema_find(cols[i]))
			fprintf(stderr, "ipcbench compare: warning: column '%s' is not in the "
				"results.csv schema (harness/compare/schema.c): taken as a setting, "
				"part of the key\n", cols[i]);
	}
}

/* The terminal table into o->text, atomically. */
static int write_text(const struct cmp_report *r, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return -errno;
	cmp_print_table(r, f);
	rc = fclose(f) == 0 ? write_file_atomic(path, buf, len) : -ENOMEM;
	free(buf);
	return rc;
}

static int write_reports(const struct cmp_opts *o, const struct cmp_report *r)
{
	int rc = 0, w;

	if (o->junit && (w = cmp_write_junit(r, o->junit)) < 0)
		rc = ERR("writing %s: %s\n", o->junit, strerror(-w));
	if (o->markdown && (w = cmp_write_markdown(r, o->markdown)) < 0)
		rc = ERR("writing %s: %s\n", o->markdown, strerror(-w));
	if (o->csv && (w = cmp_write_csv(r, o->csv)) < 0)
		rc = ERR("writing %s: %s\n", o->csv, strerror(-w));
	if (o->text && (w = write_text(r, o->text)) < 0)
		rc = ERR("writing %s: %s\n", o->text, strerror(-w));
	return rc;
}

/* A side made with the test-only `run --inject-slowdown` says so in the report. */
static void note_injection(struct cmp_report *r, const struct cmp_side *s, int which)
{
	const char *v = cmp_side_meta(s, "inject_slowdown");

	if (v && strcmp(v, "none") != 0)
		snprintf(r->inject[which], sizeof(r->inject[which]), "%s", v);
}

static int fill_outcome(const struct cmp_report *r, struct cmp_outcome *out)
{
	out->k = calloc(r->n + 1, sizeof(*out->k));
	out->n = 0;
	out->mdc_alpha = r->mdc_alpha;
	if (!out->k)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++, out->n++) {
		struct cmp_key_outcome *k = &out->k[i];
		k->label = strdup(r->e[i].label);
		k->transport = strdup(r->e[i].transport);
		k->verdict = r->e[i].verdict;
		k->ratio = r->e[i].ci.ratio;
		k->mdc = r->e[i].mdc;
		k->med_b = r->e[i].med_b;
		if (!k->label || !k->transport)
			return -ENOMEM;
	}
	return 0;
}

void cmp_outcome_free(struct cmp_outcome *out)
{
	for (size_t i = 0; out->k && i < out->n; i++) {
		free(out->k[i].label);
		free(out->k[i].transport);
	}
	free(out->k);
	memset(out, 0, sizeof(*out));
}

/* Whether any key of the baseline appears in the current side at all. */
static int any_key_matches(const struct cmp_groups *b, const struct cmp_groups *c)
{
	for (size_t i = 0; i < b->n; i++)
		if (cmp_groups_find(c, b->g[i].key))
			return 1;
	return 0;
}

static int report_out(const struct cmp_opts *o, struct cmp_report *rep,
		      struct cmp_outcome *out)
{
	int rc;

	if (!o->quiet)
		cmp_print_table(rep, stdout);
	cmp_print_warnings(rep, stderr);
	rc = write_reports(o, rep);
	if (rc == 0 && out && fill_outcome(rep, out) < 0)
		rc = ERR("out of memory\n");
	return rc ? rc : cmp_exit_code(rep);
}

static void describe(const struct cmp_side *s, char *out, size_t n)
{
	const char *host = cmp_side_meta(s, "host"), *rev = cmp_side_meta(s, "git_revision");
	const char *date = cmp_side_meta(s, "date_utc");

	if (s->meta[0])
		snprintf(out, n, "%.700s (host %.100s, git %.40s, %.40s)", s->results, host ? host : "?",
			 rev ? rev : "?", date ? date : "?");
	else
		snprintf(out, n, "%.900s (no meta.csv)", s->results);
}

/* Groups both sides by the key columns, analyzes, prints and writes the reports. */
static int compare_sides(const struct cmp_opts *o, const struct cmp_side *b,
			 const struct cmp_side *c, struct cmp_outcome *out)
{
	struct cmp_groups gb = { 0 }, gc = { 0 };
	struct cmp_report rep = { 0 };
	char **cols = NULL;
	size_t ncols = 0;
	int rc = cmp_key_columns(&b->t, &c->t, &cols, &ncols);

	if (rc == 0)
		warn_key_columns(b, c, cols, ncols);
	if (rc == 0 && (rc = cmp_group_rows(&b->t, b->run_of_row, cols, ncols, o->metric,
					    &gb)) == 0 &&
	    (rc = cmp_group_rows(&c->t, c->run_of_row, cols, ncols, o->metric, &gc)) == 0)
		rc = cmp_analyze(o, b, c, &gb, &gc, &rep);
	describe(b, rep.side[0], sizeof(rep.side[0]));
	describe(c, rep.side[1], sizeof(rep.side[1]));
	note_injection(&rep, b, 0);
	note_injection(&rep, c, 1);
	if (rc == -EINVAL) {
		rc = ERR("--paired: no run of %s has the name of a run of %s (runs are paired by "
			 "their directory names, e.g. round-01)\n", c->results, b->results);
	} else if (rc < 0) {
		rc = ERR("comparing %s with %s: %s\n", b->results, c->results, strerror(-rc));
	} else if (!any_key_matches(&gb, &gc)) {
		rc = ERR("no key of %s is in %s: nothing to compare (%zu keys in the one, %zu in "
			 "the other)\n", b->results, c->results, gb.n, gc.n);
	} else {
		rc = report_out(o, &rep, out);
	}
	cmp_report_free(&rep);
	cmp_groups_free(&gb);
	cmp_groups_free(&gc);
	cmp_key_columns_free(cols, ncols);
	return rc;
}

/* --paired needs runs on both sides to pair. */
static int check_paired(const struct cmp_opts *o, const struct cmp_side *b,
			const struct cmp_side *c)
{
	if (!o->paired || (b->run_name && c->run_name))
		return 0;
	return ERR("--paired: %s is not a directory of runs; pairing needs two (ipcbench ab "
		   "writes DIR/a/round-NN and DIR/b/round-NN)\n", b->run_name ? c->results
									: b->results);
}

int compare_main(const struct cmp_opts *o)
{
	return compare_main_outcome(o, NULL);
}

int compare_main_outcome(const struct cmp_opts *o, struct cmp_outcome *out)
{
	struct cmp_side b, c;
	char err[8400];
	int rc;

	if (cmp_side_load(&b, "baseline", o->base, err, sizeof(err)) < 0)
		return ERR("%s\n", err);
	if (cmp_side_load(&c, "current", o->cur, err, sizeof(err)) < 0) {
		cmp_side_free(&b);
		return ERR("%s\n", err);
	}
	rc = check_metric(o, &b);
	if (rc == 0)
		rc = check_metric(o, &c);
	if (rc == 0)
		rc = check_paired(o, &b, &c);
	if (rc == 0)
		rc = check_environment(o, &b, &c);
	if (rc == 0)
		rc = compare_sides(o, &b, &c, out);
	cmp_side_free(&b);
	cmp_side_free(&c);
	return rc;
}
