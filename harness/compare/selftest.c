/* `ipcbench ab --trials N` and `--self-test TRANSPORT:PCT`: the whole experiment over
 * trials, optionally with side b slowed on purpose (run/inject.h), and how often the
 * gate flagged each key; see ab.h. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/clock.h"
#include "compare/ab.h"
#include "compare/design.h"
#include "text/csvread.h"
#include "run/outdir.h"
#include "run/run.h"

#define MAX_SLOW 8

struct slow {
	size_t n;
	char name[MAX_SLOW][64];
	double pct[MAX_SLOW];     /* of the round trip */
	double p50_ns[MAX_SLOW];  /* calibration */
	unsigned long long ns[MAX_SLOW]; /* busy wait per send */
};

/* One key over the trials. */
struct tally {
	char *label, *transport;
	size_t count[CMP_NEW + 1];
	double *mdc, *ratio; /* per trial it was seen in */
	size_t seen;
	double expect_pct;   /* the injected slowdown of its round trip, or 0 */
};

static int parse_self_test(const char *arg, struct slow *s)
{
	char buf[512], *save = NULL;

	memset(s, 0, sizeof(*s));
	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *it = strtok_r(buf, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		char *colon = strrchr(it, ':'), *end;
		if (!colon || colon == it || s->n == MAX_SLOW || colon - it >= 64)
			return -EINVAL;
		s->pct[s->n] = strtod(colon + 1, &end);
		if (end == colon + 1 || (*end && strcmp(end, "%") != 0) ||
		    !(s->pct[s->n] > 0 && s->pct[s->n] <= 100))
			return -EINVAL;
		snprintf(s->name[s->n++], 64, "%.*s", (int)(colon - it), it);
	}
	return s->n ? 0 : -EINVAL;
}

/* The median p50_ns of the transport's ok latency rows in results.csv; NAN without any. */
static double median_p50(const struct csv_table *t, const char *transport)
{
	double *v = malloc((t->nrows + 1) * sizeof(*v)), m;
	size_t n = 0;

	for (size_t i = 0; v && i < t->nrows; i++) {
		const char *tr = csv_get(t, i, "transport"), *st = csv_get(t, i, "status");
		const char *p = csv_get(t, i, "p50_ns"), *mode = csv_get(t, i, "mode");
		if (tr && st && p && strcmp(tr, transport) == 0 && strcmp(st, "ok") == 0 &&
		    (!mode || strcmp(mode, "latency") == 0))
			v[n++] = atof(p);
	}
	m = n ? cmp_median(v, n) : NAN;
	free(v);
	return m;
}

/* One run of side b with only the slowed transports; their p50 sets the busy wait. */
static int calibrate(const struct ab_opts *o, struct slow *s, char *inject, size_t n)
{
	char dir[4200], log[4200], res[4300], set[600] = "transports=", err[512];
	const char *extra[] = { "--set", set, NULL };
	struct csv_table t;
	int rc;

	for (size_t i = 0; i < s->n; i++)
		snprintf(set + strlen(set), sizeof(set) - strlen(set), "%s%s", i ? "," : "", s->name[i]);
	snprintf(dir, sizeof(dir), "%s/calibration", o->outdir);
	snprintf(log, sizeof(log), "%s/logs/calibration.log", o->outdir);
	snprintf(res, sizeof(res), "%s/results.csv", dir);
	fprintf(stderr, "ipcbench ab: self-test: calibrating on one run of %s (%s)\n", o->bin[1], set);
	snprintf(res, sizeof(res), "%s/logs", o->outdir);
	if (mkdir_p(res) < 0)
		return EXIT_USAGE;
	snprintf(res, sizeof(res), "%s/results.csv", dir);
	rc = ab_run_once(o, 1, dir, log, extra);
	if (rc > 1 || csv_read_file(res, &t, err, sizeof(err)) < 0) {
		fprintf(stderr, "ipcbench ab: self-test: the calibration run failed (log %s)\n", log);
		return rc == EXIT_USAGE ? EXIT_USAGE : EXIT_SOME_FAILED;
	}
	inject[0] = 0;
	for (size_t i = 0; rc <= 1 && i < s->n; i++) {
		s->p50_ns[i] = median_p50(&t, s->name[i]);
		if (isnan(s->p50_ns[i])) {
			fprintf(stderr, "ipcbench ab: self-test: no ok latency row of '%s' in %s\n",
				s->name[i], res);
			rc = EXIT_USAGE;
			break;
		}
		/* two sends per round trip: each waits half the slowdown */
		s->ns[i] = (unsigned long long)llround(s->pct[i] / 100 * s->p50_ns[i] / 2);
		s->ns[i] = s->ns[i] ? s->ns[i] : 1;
		snprintf(inject + strlen(inject), n - strlen(inject), "%s%s:%llu", i ? "," : "",
			 s->name[i], s->ns[i]);
		fprintf(stderr, "ipcbench ab: self-test: %s p50 %.0f ns: side b waits %llu ns "
			"before every send (%g%% of the round trip)\n", s->name[i], s->p50_ns[i],
			s->ns[i], s->pct[i]);
	}
	csv_table_free(&t);
	return rc <= 1 ? 0 : rc;
}

static double expected_pct(const struct slow *s, const struct cmp_key_outcome *k)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (strcmp(s->name[i], k->transport) == 0 && k->med_b > 0)
			return 200.0 * (double)s->ns[i] / k->med_b;
	return 0;
}

static struct tally *tally_of(struct tally **t, size_t *n, const struct cmp_key_outcome *k,
			      size_t trials)
{
	struct tally *v;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*t)[i].label, k->label) == 0)
			return &(*t)[i];
	v = realloc(*t, (*n + 1) * sizeof(*v));
	if (!v)
		return NULL;
	*t = v;
	v = &v[(*n)++];
	memset(v, 0, sizeof(*v));
	v->label = strdup(k->label);
	v->transport = strdup(k->transport);
	v->mdc = calloc(trials, sizeof(double));
	v->ratio = calloc(trials, sizeof(double));
	return v->label && v->transport && v->mdc && v->ratio ? v : NULL;
}

static int add_trial(struct tally **t, size_t *n, const struct cmp_outcome *out,
		     const struct slow *s, size_t trials)
{
	for (size_t i = 0; i < out->n; i++) {
		struct tally *k = tally_of(t, n, &out->k[i], trials);
		if (!k)
			return -ENOMEM;
		k->count[out->k[i].verdict]++;
		k->mdc[k->seen] = out->k[i].mdc;
		k->ratio[k->seen++] = out->k[i].ratio;
		if (k->expect_pct == 0)
			k->expect_pct = expected_pct(s, &out->k[i]);
	}
	return 0;
}

/* One row per trial and key, for scripts (mk/gate-power.sh). */
static void trials_csv_rows(struct sbuf *b, size_t trial, int rc, const struct cmp_outcome *out,
			    const struct slow *s)
{
	for (size_t i = 0; i < out->n; i++) {
		const struct cmp_key_outcome *k = &out->k[i];
		sbuf_printf(b, "%zu,%d,", trial, rc);
		sbuf_csv_field(b, k->label);
		sbuf_printf(b, ",");
		sbuf_csv_field(b, k->transport);
		sbuf_printf(b, ",%.2f,%s,", expected_pct(s, k), cmp_verdict_name(k->verdict));
		sbuf_csv_num(b, !isnan(k->ratio), k->ratio, 4);
		sbuf_printf(b, ",");
		if (isinf(k->mdc))
			sbuf_printf(b, "none\n");
		else
			sbuf_csv_num(b, !isnan(k->mdc), (k->mdc - 1) * 100, 2), sbuf_printf(b, "\n");
	}
}

/* The median, where "no change is detectable" (INFINITY) may be among the values. */
static double median_of(const double *v, size_t n)
{
	double *w = malloc((n + 1) * sizeof(*w)), m;

	for (size_t i = 0; w && i < n; i++)
		w[i] = isinf(v[i]) ? DBL_MAX : v[i];
	m = w && n ? cmp_median(w, n) : NAN;
	free(w);
	return m >= DBL_MAX / 2 ? INFINITY : m;
}

static void print_summary(const struct tally *t, size_t n, size_t trials, const size_t *exits)
{
	int w = 3;

	for (size_t i = 0; i < n; i++)
		w = (int)strlen(t[i].label) > w ? (int)strlen(t[i].label) : w;
	printf("\nOver %zu trial%s: %zu failed the gate (exit 1), %zu inconclusive (exit 3), %zu "
	       "passed (exit 0)\n\n", trials, trials == 1 ? "" : "s", exits[1], exits[3], exits[0]);
	printf("%-*s %9s %10s %12s %7s %11s %8s\n", w, "key", "injected", "REGRESSED",
	       "inconclusive", "passed", "detectable", "ratio");
	for (size_t i = 0; i < n; i++) {
		const struct tally *k = &t[i];
		size_t passed = k->count[CMP_SAME] + k->count[CMP_SMALL] + k->count[CMP_IMPROVED];
		double mdc = median_of(k->mdc, k->seen), ratio = median_of(k->ratio, k->seen);
		char inj[32], det[32];
		snprintf(inj, sizeof(inj), k->expect_pct > 0 ? "+%.1f%%" : "none", k->expect_pct);
		if (isinf(mdc))
			snprintf(det, sizeof(det), "none");
		else
			snprintf(det, sizeof(det), "%.1f%%", (mdc - 1) * 100);
		printf("%-*s %9s %7zu/%-2zu %9zu/%-2zu %4zu/%-2zu %11s %8.3f\n", w, k->label, inj,
		       k->count[CMP_REGRESSED], trials, k->count[CMP_INCONCLUSIVE], trials, passed,
		       trials, det, ratio);
	}
	printf("\ninjected: the slowdown of the key's round trip (2 x the wait per send / its "
	       "baseline median); REGRESSED on a key not slowed is a false alarm; detectable and "
	       "ratio: medians over the trials.\n");
}

static void free_tally(struct tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].label), free(t[i].transport), free(t[i].mdc), free(t[i].ratio);
	free(t);
}

/* One trial: rounds, comparison, one line on the terminal. */
static int one_trial(const struct ab_opts *o, size_t i, const char *inject,
		     struct ab_progress *p, struct cmp_outcome *out)
{
	struct ab_opts trial = *o;
	char dir[4200], what[64];
	int rc;

	snprintf(dir, sizeof(dir), "%s/trial-%02zu", o->outdir, i + 1);
	snprintf(what, sizeof(what), "trial %zu of %zu: ", i + 1, o->trials);
	trial.seed = o->seed + i;
	p->what = what;
	rc = ab_run_rounds(&trial, dir, inject, p);
	if (rc != 0)
		return -rc;
	rc = ab_compare(&trial, dir, 1, out);
	printf("trial %zu of %zu: exit %d (%s/compare.txt)\n", i + 1, o->trials, rc, dir);
	fflush(stdout);
	return rc;
}

int ab_trials(const struct ab_opts *o)
{
	struct slow s = { 0 };
	char inject[600] = "", path[4200];
	struct ab_progress p = { .t0_ns = clock_mono_ns(), .tty = isatty(2) };
	struct tally *t = NULL;
	struct sbuf csv = { 0 };
	size_t nt = 0, exits[4] = { 0 };
	int rc = 0;

	if (o->self_test && parse_self_test(o->self_test, &s) < 0) {
		fprintf(stderr, "ipcbench ab: --self-test '%s': expected TRANSPORT:PCT[,...], e.g. "
			"pipe:10%%,unix-stream:10%%\n", o->self_test);
		return EXIT_USAGE;
	}
	if (o->self_test && (rc = calibrate(o, &s, inject, sizeof(inject))) != 0)
		return rc;
	p.total = o->trials * o->rounds * 2;
	snprintf(path, sizeof(path), "%s/trials.csv", o->outdir);
	sbuf_printf(&csv, "trial,exit_code,key,transport,injected_pct,verdict,ratio,"
		       "detectable_change_pct\n");
	for (size_t i = 0; i < o->trials; i++) {
		struct cmp_outcome out = { 0 };
		rc = one_trial(o, i, inject[0] ? inject : NULL, &p, &out);
		if (rc >= 0 && rc <= 3) {
			exits[rc]++;
			trials_csv_rows(&csv, i + 1, rc, &out, o->self_test ? &s : NULL);
			if (add_trial(&t, &nt, &out, o->self_test ? &s : NULL, o->trials) < 0)
				rc = -EXIT_SOME_FAILED;
			write_file_atomic(path, csv.p, csv.len);
		}
		cmp_outcome_free(&out);
		if (rc < 0 || rc == EXIT_USAGE)
			break;
	}
	if (rc >= 0 && rc != EXIT_USAGE)
		print_summary(t, nt, o->trials, exits);
	free_tally(t, nt);
	sbuf_free(&csv);
	return rc < 0 ? -rc : rc == EXIT_USAGE ? EXIT_USAGE : 0;
}
