/* The decomposition of one group's one-way times: see run/decomp.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run/decomp.h"
#include "stats/boot.h"
#include "stats/stats.h"

const char *const decomp_term_names[DT_COUNT] = { "bytes", "switches", "fragments", "faults" };

/* The points a fit uses (indices into in->p, sizes first..last) and its terms. */
struct job {
	const struct decomp_input *in;
	const struct decomp *d;
	size_t first, last;
	size_t idx[DECOMP_MAX_POINTS];
	size_t n;
	unsigned terms;
	double b_fixed; /* ns per byte taken off every point first (0: none) */
};

static double term_value(const struct decomp_point *p, int t)
{
	return t == DT_BYTES ? p->bytes : p->step[t - 1];
}

static int same_step(double v0, double v)
{
	double tol = fmax(DECOMP_STEP_TOL, DECOMP_STEP_REL * fabs(v0));

	return isnan(v0) || isnan(v) || fabs(v - v0) <= tol;
}

static int flat_from(double med[DT_STEPS][DECOMP_MAX_SIZES], size_t first, size_t k)
{
	for (int t = 0; t < DT_STEPS; t++)
		if (!same_step(med[t][first], med[t][k]))
			return 0;
	return 1;
}

static void regime_range(double med[DT_STEPS][DECOMP_MAX_SIZES], struct decomp_regime *g)
{
	for (int t = 0; t < DT_STEPS; t++) {
		g->lo[t] = g->hi[t] = med[t][g->first];
		for (size_t k = g->first + 1; k <= g->last; k++) {
			g->lo[t] = fmin(g->lo[t], med[t][k]);
			g->hi[t] = fmax(g->hi[t], med[t][k]);
		}
	}
}

/* Maximal runs of constant steps; runs of one size join their neighbours of one size
 * into a growing regime. */
size_t decomp_regimes(double med[DT_STEPS][DECOMP_MAX_SIZES], size_t nsizes,
		      struct decomp_regime *out, size_t max)
{
	size_t n = 0;

	for (size_t k = 0; k < nsizes && n < max;) {
		size_t end = k;

		while (end + 1 < nsizes && flat_from(med, k, end + 1))
			end++;
		if (end > k) {
			out[n++] = (struct decomp_regime){ .first = k, .last = end, .flat = 1 };
		} else if (n > 0 && !out[n - 1].flat) {
			out[n - 1].last = k; /* one more size of a growing regime */
		} else {
			out[n++] = (struct decomp_regime){ .first = k, .last = k, .flat = nsizes == 1 };
		}
		k = end + 1;
	}
	for (size_t i = 0; i < n; i++)
		regime_range(med, &out[i]);
	return n;
}

static int cmp_size(const void *a, const void *b)
{
	return stats_cmp_double(a, b);
}

static size_t size_index(const struct decomp *d, double bytes)
{
	size_t k = 0;

	while (k < d->nsizes && d->size[k] != bytes)
		k++;
	return k;
}

/* The distinct sizes, ascending, and the median of every step term at each. */
static int index_sizes(const struct decomp_input *in, struct decomp *d)
{
	double v[DECOMP_MAX_POINTS];

	for (size_t i = 0; i < in->n; i++)
		if (size_index(d, in->p[i].bytes) == d->nsizes) {
			if (d->nsizes == DECOMP_MAX_SIZES)
				return -EINVAL;
			d->size[d->nsizes++] = in->p[i].bytes;
		}
	qsort(d->size, d->nsizes, sizeof(double), cmp_size);
	for (int t = 0; t < DT_STEPS; t++)
		for (size_t k = 0; k < d->nsizes; k++) {
			size_t m = 0;

			for (size_t i = 0; i < in->n; i++)
				if (in->p[i].bytes == d->size[k] && !isnan(in->p[i].step[t]))
					v[m++] = in->p[i].step[t];
			d->med[t][k] = m ? stats_median(v, m) : NAN;
		}
	return 0;
}

static void job_sizes(struct job *j, const struct decomp *d, size_t first, size_t last)
{
	j->d = d;
	j->first = first;
	j->last = last;
	j->n = 0;
	for (size_t i = 0; i < j->in->n; i++) {
		size_t k = size_index(d, j->in->p[i].bytes);

		if (k >= first && k <= last)
			j->idx[j->n++] = i;
	}
}

/* The median over the points picked at size k of term t (DT_COUNT: the one-way time),
 * leaving out those where it was not counted. */
static double pick_median(const struct job *j, const size_t *pick, size_t n, size_t k, int t)
{
	double v[DECOMP_MAX_POINTS];
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		const struct decomp_point *p = &j->in->p[j->idx[pick ? pick[i] : i]];
		double x = t == DT_COUNT ? p->oneway_ns : term_value(p, t);

		if (p->bytes == j->d->size[k] && !isnan(x))
			v[m++] = x;
	}
	return m ? stats_median(v, m) : NAN;
}

/* A fit's figures by term (enum decomp_term). */
struct term_fit {
	double a, coef[DT_COUNT], vif[DT_COUNT], r2;
	int bad; /* -EDOM: the term that is constant or a combination of the others */
};

/* Least squares of the job's terms over its sizes, each point the median over the
 * repetitions picked (indices into j->idx) at that size, less b_fixed * bytes: one
 * disturbed repetition does not move the line. */
static int fit_pick(const struct job *j, const size_t *pick, size_t n, struct term_fit *tf)
{
	double col[DT_COUNT][DECOMP_MAX_SIZES], y[DECOMP_MAX_SIZES];
	const double *x[DT_COUNT];
	int order[DT_COUNT];
	struct fit_multi f;
	size_t k = 0, ns = 0;
	int r;

	for (int t = 0; t < DT_COUNT; t++)
		if (j->terms & (1u << t)) {
			order[k] = t;
			x[k++] = col[t];
		}
	for (size_t s = j->first; s <= j->last; s++, ns++) {
		y[ns] = pick_median(j, pick, n, s, DT_COUNT) - j->b_fixed * j->d->size[s];
		for (size_t c = 0; c < k; c++)
			col[order[c]][ns] = pick_median(j, pick, n, s, order[c]);
	}
	memset(tf, 0, sizeof(*tf));
	r = fit_linear(x, k, y, ns, &f);
	if (r == -EDOM)
		tf->bad = order[f.bad];
	if (r < 0)
		return r;
	tf->a = f.a;
	tf->r2 = f.r2;
	for (size_t c = 0; c < k; c++) {
		tf->coef[order[c]] = f.coef[c];
		tf->vif[order[c]] = f.vif[c];
	}
	return 0;
}

static int has(const struct job *j, int t)
{
	return (j->terms & (1u << t)) != 0;
}

static double copies_of(const struct decomp_input *in, double b)
{
	return (b - in->transfer_ns_per_byte) / in->unit_ns_per_byte;
}

/* Bootstrap statistics of a resample: the count (with a bytes term) and the switch cost
 * (with a switches term). */
static int boot_stat(const size_t *pick, size_t n, void *arg, double *out)
{
	const struct job *j = arg;
	struct term_fit tf;

	if (fit_pick(j, pick, n, &tf) < 0 || (has(j, DT_BYTES) && tf.vif[DT_BYTES] > FIT_VIF_MAX))
		return -1;
	out[0] = has(j, DT_BYTES) ? copies_of(j->in, tf.coef[DT_BYTES]) : 0;
	out[1] = tf.coef[DT_SWITCHES];
	return 0;
}

static void note_add(struct decomp_fit *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note_add(struct decomp_fit *f, const char *fmt, ...)
{
	size_t len = strlen(f->note);
	char text[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(f->note + len, sizeof(f->note) - len, "%s%s", len ? "; " : "", text);
}

static void interval(struct job *j, const struct decomp *d, struct decomp_fit *out)
{
	unsigned stratum[DECOMP_MAX_POINTS];
	struct boot_spec bs = { DECOMP_RESAMPLES, DECOMP_CONF, j->in->seed, 2 };
	struct boot_interval bi;

	for (size_t i = 0; i < j->n; i++)
		stratum[i] = (unsigned)size_index(d, j->in->p[j->idx[i]].bytes);
	if (boot_strata(stratum, j->n, &bs, boot_stat, j, &bi) < 0) {
		note_add(out, "no interval: most resamples could not be fitted");
		return;
	}
	out->has_ci = out->has_copies;
	out->copies_lo = bi.lo[0];
	out->copies_hi = bi.hi[0];
	out->has_sw_ci = has(j, DT_SWITCHES);
	out->sw_lo = bi.lo[1];
	out->sw_hi = bi.hi[1];
}

enum { FJ_OK, FJ_FAILED, FJ_COLLINEAR };

/* The step term bytes is most tangled with (the largest variance inflation). */
static int most_tangled(const struct job *j, const struct term_fit *tf)
{
	int worst = DT_BYTES;

	for (int t = 1; t < DT_COUNT; t++)
		if (has(j, t) && (worst == DT_BYTES || tf->vif[t] > tf->vif[worst]))
			worst = t;
	return worst;
}

/* Fits the job; a count (and its interval) when bytes stand apart from the other terms.
 * FJ_COLLINEAR: *culprit is the term bytes cannot be told from. */
static int fit_job(struct job *j, const struct decomp *d, struct decomp_fit *out, int *culprit)
{
	struct term_fit tf;
	int r = fit_pick(j, NULL, j->n, &tf);

	out->terms = j->terms;
	out->npoints = j->n;
	if (r == -EDOM) {
		*culprit = tf.bad;
		return FJ_COLLINEAR;
	}
	if (r < 0) {
		note_add(out, "%zu sizes cannot be fitted with these terms", j->last - j->first + 1);
		return FJ_FAILED;
	}
	out->ok = 1;
	out->a = tf.a;
	out->r2 = tf.r2;
	out->vif_bytes = tf.vif[DT_BYTES];
	memcpy(out->coef, tf.coef, sizeof(out->coef));
	*culprit = most_tangled(j, &tf);
	if (has(j, DT_BYTES) && tf.vif[DT_BYTES] > FIT_VIF_MAX)
		return FJ_COLLINEAR;
	out->has_copies = has(j, DT_BYTES) && j->in->unit_ns_per_byte > 0;
	if (has(j, DT_BYTES) && j->in->unit_ns_per_byte > 0)
		out->copies = copies_of(j->in, out->coef[DT_BYTES]);
	if (out->has_copies || has(j, DT_SWITCHES))
		interval(j, d, out);
	return FJ_OK;
}

/* Step terms that vary over the sizes (and are counted at every size). */
static unsigned varying_steps(const struct decomp *d)
{
	unsigned terms = 0;

	for (int t = 0; t < DT_STEPS; t++) {
		double lo = INFINITY, hi = -INFINITY;
		int all = 1;

		for (size_t k = 0; k < d->nsizes; k++) {
			all &= !isnan(d->med[t][k]);
			lo = fmin(lo, d->med[t][k]);
			hi = fmax(hi, d->med[t][k]);
		}
		if (all && d->nsizes > 1 && !same_step(lo, hi))
			terms |= 1u << (t + 1);
	}
	return terms;
}

static size_t regime_sizes(const struct decomp_regime *g)
{
	return g->last - g->first + 1;
}

/* Each regime alone, on bytes: a pure per-byte slope where the regime is flat. */
static void fit_regimes(const struct decomp_input *in, struct decomp *d)
{
	for (size_t g = 0; g < d->nreg; g++) {
		struct job j = { .in = in, .terms = 1u << DT_BYTES };
		struct decomp_fit *f = &d->per[g];
		int culprit;

		if (regime_sizes(&d->reg[g]) < 2) {
			note_add(f, "one size: no slope");
			continue;
		}
		job_sizes(&j, d, d->reg[g].first, d->reg[g].last);
		if (fit_job(&j, d, f, &culprit) != FJ_OK)
			continue;
		if (!d->reg[g].flat) {
			f->has_copies = f->has_ci = 0;
			note_add(f, "switches, sends or faults per message change with size here: the "
				 "slope includes their cost");
		} else if (regime_sizes(&d->reg[g]) < DECOMP_MIN_SIZES) {
			f->has_copies = f->has_ci = 0;
			note_add(f, "fewer than %d sizes: slope only", DECOMP_MIN_SIZES);
		}
	}
}

/* The largest flat regime of DECOMP_MIN_SIZES sizes or more (the lowest of equals), or -1. */
static int best_flat(const struct decomp *d)
{
	int best = -1;

	for (size_t g = 0; g < d->nreg; g++)
		if (d->reg[g].flat && regime_sizes(&d->reg[g]) >= DECOMP_MIN_SIZES &&
		    (best < 0 || regime_sizes(&d->reg[g]) > regime_sizes(&d->reg[best])))
			best = (int)g;
	return best;
}

static void fall_back(const struct decomp_input *in, struct decomp *d, int culprit)
{
	struct job j = { .in = in, .terms = 1u << DT_BYTES };
	int g = best_flat(d), ignored;
	char why[160];

	snprintf(why, sizeof(why), "bytes and %s cannot be told apart over all sizes",
		 decomp_term_names[culprit]);
	if (d->all.ok)
		snprintf(why + strlen(why), sizeof(why) - strlen(why), " (variance inflation %.0f)",
			 d->all.vif_bytes);
	else
		snprintf(why + strlen(why), sizeof(why) - strlen(why), " (exact combination)");
	if (g < 0) {
		d->all.has_copies = d->all.has_ci = d->all.has_sw_ci = 0;
		note_add(&d->all, "%s, and no flat regime has %d sizes: no count", why,
			 DECOMP_MIN_SIZES);
		return;
	}
	d->from_regime = g;
	d->all = (struct decomp_fit){ 0 };
	job_sizes(&j, d, d->reg[g].first, d->reg[g].last);
	fit_job(&j, d, &d->all, &ignored);
	note_add(&d->all, "%s: the count comes from flat regime %d alone", why, g + 1);
}

/* With the per-byte cost fixed at the flat regime's slope, what the step terms cost over
 * all sizes. */
static void fit_steps(const struct decomp_input *in, struct decomp *d, unsigned steps)
{
	struct job j = { .in = in, .terms = steps };
	int ignored;

	if (d->from_regime < 0 || !d->all.ok || !steps)
		return;
	j.b_fixed = d->all.coef[DT_BYTES];
	job_sizes(&j, d, 0, d->nsizes - 1);
	if (fit_job(&j, d, &d->steps, &ignored) == FJ_OK)
		note_add(&d->steps, "over all sizes with %.5f ns per byte from flat regime %d",
			 j.b_fixed, d->from_regime + 1);
	else
		d->steps.ok = 0;
}

/* A count cannot be negative: for a transport the model says copies nothing, an estimate
 * below 0 whose interval includes 0 reads as 0; any other negative estimate stays, with
 * the note that says why it cannot be a count. */
static void report(struct decomp_fit *f, int model)
{
	if (!f->has_copies)
		return;
	f->has_reported = 1;
	f->reported = f->copies;
	f->reported_lo = f->has_ci ? fmax(0, f->copies_lo) : NAN;
	f->reported_hi = f->has_ci ? fmax(0, f->copies_hi) : NAN;
	if (f->copies < 0 && model == 0 && f->has_ci && f->copies_hi >= 0) {
		f->reported = 0;
		f->reported_zero = 1;
		note_add(f, "estimate %.2f: 0 lies within its interval, read as 0", f->copies);
	} else if (f->copies < 0) {
		note_add(f, "negative (%.2f%s): the per-byte cost is below what moving the lines "
			 "between the CPUs costs; the fit does not describe this path", f->copies,
			 f->has_ci && f->copies_hi >= 0 ? ", its interval reaches 0" : "");
	}
	if (f->has_ci && !f->reported_zero && (model < f->copies_lo || model > f->copies_hi))
		note_add(f, "the model's %d lies outside the interval: %s", model,
			 model < f->copies_lo ? "more per byte than copying (per-page work, cold "
			 "lines)" : "less per byte than the model's copies");
}

int decomp_run(const struct decomp_input *in, struct decomp *d)
{
	struct job j = { .in = in, .terms = 1u << DT_BYTES };
	int r, culprit = DT_BYTES;

	if (!in || !d || (in->n && !in->p) || in->n > DECOMP_MAX_POINTS)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->from_regime = -1;
	if ((r = index_sizes(in, d)) < 0)
		return r;
	d->nreg = decomp_regimes(d->med, d->nsizes, d->reg, DECOMP_MAX_REGIMES);
	fit_regimes(in, d);
	for (size_t g = 0; g < d->nreg; g++)
		report(&d->per[g], in->copies_model);
	if (d->nsizes < DECOMP_MIN_SIZES) {
		note_add(&d->all, "fewer than %d sizes: no fit", DECOMP_MIN_SIZES);
		return 0;
	}
	j.terms |= varying_steps(d);
	job_sizes(&j, d, 0, d->nsizes - 1);
	if (fit_job(&j, d, &d->all, &culprit) == FJ_COLLINEAR) {
		fall_back(in, d, culprit);
		fit_steps(in, d, j.terms & ~(1u << DT_BYTES));
	}
	report(&d->all, in->copies_model);
	return 0;
}
