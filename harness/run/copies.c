#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "run/bwfloor.h"
#include "run/copies.h"
#include "run/decomp.h"
#include "sys/cachectl.h"

static int usable(const struct row *r)
{
	return r->done && r->res.status == CELL_OK && r->res.has_stats &&
	       r->set.mode == MODE_LATENCY && cell_is_classic(&r->set) &&
	       !(r->t->flags & TR_NOPAYLOAD) && r->size > 0 && r->size <= SLOPES_MAX_BYTES;
}

/* Same sweep, transport, CPU pair and placement: one group of copies.csv. */
static int same_group(const struct row *a, const struct row *b)
{
	return a->sw == b->sw && a->t == b->t && a->set.client_cpu == b->set.client_cpu &&
	       a->set.server_cpu == b->set.server_cpu && strcmp(a->placement, b->placement) == 0;
}

/* The first row of every group, in order. */
static size_t collect(const struct row *rows, size_t n, const struct row **first)
{
	size_t ng = 0, k;

	for (size_t i = 0; i < n; i++) {
		if (!usable(&rows[i]))
			continue;
		for (k = 0; k < ng && !same_group(first[k], &rows[i]); k++)
			;
		if (k == ng)
			first[ng++] = &rows[i];
	}
	return ng;
}

static size_t group_sizes(const struct row *rows, size_t n, const struct row *key,
			  uint64_t *sizes)
{
	size_t m = 0, k;

	for (size_t i = 0; i < n; i++) {
		if (!usable(&rows[i]) || !same_group(&rows[i], key))
			continue;
		for (k = 0; k < m && sizes[k] != rows[i].size; k++)
			;
		if (k == m && m < DECOMP_MAX_SIZES)
			sizes[m++] = rows[i].size;
	}
	return m;
}

int copies_ask(const struct row *rows, size_t n, struct end_floors *f)
{
	const struct row **first = calloc(n ? n : 1, sizeof(*first));
	size_t ng = first ? collect(rows, n, first) : 0;
	int r = first ? 0 : -ENOMEM;

	for (size_t g = 0; g < ng && r == 0; g++) {
		uint64_t sizes[DECOMP_MAX_SIZES];
		size_t m = group_sizes(rows, n, first[g], sizes);

		for (size_t k = 0; k < m && m >= DECOMP_MIN_SIZES && r == 0; k++)
			r = endfloors_ask(f, first[g]->set.client_cpu, first[g]->set.server_cpu,
					  sizes[k], 1);
	}
	free(first);
	return r;
}

/* Both sides' voluntary context switches per round trip, halved: per one-way message
 * (NAN: not counted). Each is a wait that a wake-up ended; involuntary ones are
 * preemptions, which other load causes in proportion to how long a message takes, and
 * would read as a cost per byte. */
static double switches_per_oneway(const struct row *r)
{
	const struct cell_result *s = &r->res;

	if (!s->has_phase[0] || !s->has_phase[1])
		return NAN;
	return (s->ctxsw_vol[0] + s->ctxsw_vol[1]) / 2;
}

static double faults_per_oneway(const struct row *r)
{
	const struct cell_result *s = &r->res;

	if (!s->has_phase[0] || !s->has_phase[1])
		return NAN;
	return (s->faults[0] + s->faults[1]) / 2;
}

static size_t group_points(const struct row *rows, size_t n, const struct row *key,
			   struct decomp_point *p)
{
	size_t m = 0;

	for (size_t i = 0; i < n && m < DECOMP_MAX_POINTS; i++) {
		const struct row *r = &rows[i];

		if (!usable(r) || !same_group(r, key))
			continue;
		p[m++] = (struct decomp_point){
			.bytes = (double)r->size, .oneway_ns = r->res.st.p50 / 2,
			.step = { switches_per_oneway(r), r->res.fragments,
				  faults_per_oneway(r) },
		};
	}
	return m;
}

/* Each group's bootstrap stream depends on its key only (FNV-1a). */
static uint64_t group_seed(const struct row *key)
{
	uint64_t h = 1469598103934665603ull;
	char text[256];

	snprintf(text, sizeof(text), "%s/%d/%d/%s", key->t->name, key->set.client_cpu,
		 key->set.server_cpu, key->placement);
	for (const char *c = text; *c; c++)
		h = (h ^ (unsigned char)*c) * 1099511628211ull;
	return h;
}

/* What one line of copies.csv is about. */
struct line {
	const struct row *key;
	const struct pair_floors *pf;
	const struct decomp *d;
	const struct decomp_fit *f;
	const struct decomp_fit *sf; /* where the step terms' costs come from */
	const char *regime, *kind;
	double transfer;                  /* subtracted from b (0: nothing crosses) */
	size_t first, last;               /* size indexes */
	double lo[DT_STEPS], hi[DT_STEPS]; /* ranges of the per-size step medians */
	char note[768];
};

static void num(struct sbuf *b, int valid, double v, int decimals)
{
	sbuf_csv_num(b, valid && isfinite(v), v, decimals);
	sbuf_putc(b, ',');
}

static void terms_text(unsigned terms, char *out, size_t n)
{
	out[0] = 0;
	for (int t = 0; t < DT_COUNT; t++)
		if (terms & (1u << t))
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "+" : "",
				 decomp_term_names[t]);
}

static void line_settings(struct sbuf *b, const struct line *l)
{
	const struct cell_settings *s = &l->key->set;

	sbuf_csv_field(b, l->key->t->name);
	sbuf_printf(b, ",latency,%s,%d,%d,%s,%s,%llu,%s,%s,%zu,", l->key->placement,
		    s->client_cpu, s->server_cpu, cell_cache_name(s->cache), cell_touch_name(s->touch),
		    (unsigned long long)s->footprint, l->regime, l->kind,
		    l->d->nsizes ? l->last - l->first + 1 : 0);
	for (size_t k = l->first; l->d->nsizes && k <= l->last; k++)
		sbuf_printf(b, "%s%.0f", k > l->first ? ";" : "", l->d->size[k]);
	sbuf_printf(b, ",%zu,", l->f->npoints);
	for (int t = 0; t < DT_STEPS; t++) {
		num(b, 1, l->lo[t], 2);
		num(b, 1, l->hi[t], 2);
	}
}

static int has_term(const struct decomp_fit *f, int t)
{
	return f->ok && (f->terms & (1u << t));
}

static void line_fit(struct sbuf *b, const struct line *l)
{
	const struct decomp_fit *f = l->f, *sf = l->sf;
	const struct slopes *sl = l->pf ? &l->pf->sl : NULL;
	const struct wakeup_floor *w = endfloors_wakeup(l->pf);
	int sok = sl && sl->ok && sl->fitted;
	/* a switch cost from a fit whose bytes and switches are tangled is no cost: NA */
	int sw = has_term(sf, DT_SWITCHES) && !(sf->vif_bytes > FIT_VIF_MAX);
	char terms[64];

	terms_text(f->terms | (sf != f ? sf->terms : 0), terms, sizeof(terms));
	sbuf_csv_field(b, f->ok ? terms : NULL);
	sbuf_putc(b, ',');
	num(b, f->ok, f->a, 1);
	num(b, f->ok, f->coef[DT_BYTES], 5);
	num(b, sw, sf->coef[DT_SWITCHES], 1);
	num(b, sw && sf->has_sw_ci, sf->sw_lo, 1);
	num(b, sw && sf->has_sw_ci, sf->sw_hi, 1);
	num(b, has_term(sf, DT_FRAGMENTS), sf->coef[DT_FRAGMENTS], 1);
	num(b, has_term(sf, DT_FAULTS), sf->coef[DT_FAULTS], 1);
	num(b, f->ok, f->r2, 4);
	num(b, f->ok, f->vif_bytes, 1);
	for (int c = 0; c < COPY_KINDS; c++)
		num(b, sok, sok ? sl->copy[c].b : 0, 5);
	num(b, sok, l->transfer, 5);
	sbuf_printf(b, "%s,", copy_kind_names[bwfloor_copy_kind(l->key->t)]);
	num(b, w != NULL, w ? w->per_switch_ns : 0, 1);
	num(b, w && sw, w ? sf->coef[DT_SWITCHES] / w->per_switch_ns : 0, 2);
}

static void line_counts(struct sbuf *b, const struct line *l)
{
	const struct decomp_fit *f = l->f;

	sbuf_printf(b, "%d,", l->key->t->copies);
	num(b, f->has_copies, f->copies, 2);
	num(b, f->has_reported, f->reported, 2);
	num(b, f->has_reported && f->has_ci, f->reported_lo, 2);
	num(b, f->has_reported && f->has_ci, f->reported_hi, 2);
	sbuf_csv_field(b, l->note);
	sbuf_putc(b, '\n');
}

static const char header[] =
	"transport,mode,placement,client_cpu,server_cpu,cache,touch,footprint_bytes,regime,"
	"regime_kind,n_sizes,sizes,points,switches_per_msg_min,switches_per_msg_max,"
	"sends_per_msg_min,sends_per_msg_max,faults_per_msg_min,faults_per_msg_max,terms,"
	"intercept_ns,slope_ns_per_byte,switch_cost_ns,switch_cost_lo_ns,switch_cost_hi_ns,"
	"send_cost_ns,fault_cost_ns,fit_r2,vif_bytes,memcpy_ns_per_byte,uaccess_copy_ns_per_byte,"
	"kernel_copy_ns_per_byte,transfer_ns_per_byte,copy_unit,wakeup_floor_ns,switch_cost_over_floor,copies_model,"
	"copies_estimate,copies_measured,copies_lo,copies_hi,note\n";

static void note_cat(char *note, size_t n, const char *text)
{
	size_t len = strlen(note);

	if (text && text[0])
		snprintf(note + len, n - len, "%s%s", len ? "; " : "", text);
}

/* "switches, sends or faults per message change with size: regime 1 4096-32768 B flat
 * (switches 1.00-1.02, sends 1-1), regime 2 ..." */
static void regimes_text(const struct decomp *d, char *out, size_t n)
{
	out[0] = 0;
	if (d->nreg < 2)
		return;
	snprintf(out, n, "switches, sends or faults per message change with size:");
	for (size_t g = 0; g < d->nreg; g++) {
		const struct decomp_regime *r = &d->reg[g];

		snprintf(out + strlen(out), n - strlen(out), "%s regime %zu %.0f-%.0f B %s "
			 "(switches %.2f-%.2f, sends %.0f-%.0f)", g ? "," : "", g + 1,
			 d->size[r->first], d->size[r->last], r->flat ? "flat" : "growing",
			 r->lo[0], r->hi[0], r->lo[1], r->hi[1]);
	}
}

/* The step ranges over sizes first..last. */
static void step_ranges(struct line *l)
{
	for (int t = 0; t < DT_STEPS; t++) {
		l->lo[t] = l->hi[t] = l->d->nsizes ? l->d->med[t][l->first] : NAN;
		for (size_t k = l->first + 1; k <= l->last && k < l->d->nsizes; k++) {
			l->lo[t] = fmin(l->lo[t], l->d->med[t][k]);
			l->hi[t] = fmax(l->hi[t], l->d->med[t][k]);
		}
	}
}

static void all_line(struct line *l)
{
	const struct decomp *d = l->d;
	const struct slopes *sl = l->pf ? &l->pf->sl : NULL;
	char text[512];

	l->f = &d->all;
	l->sf = !has_term(&d->all, DT_SWITCHES) && d->steps.ok ? &d->steps : &d->all;
	l->regime = "all";
	l->kind = d->from_regime < 0 ? "all sizes" : "flat regime";
	l->first = d->from_regime < 0 ? 0 : d->reg[d->from_regime].first;
	l->last = d->from_regime >= 0 ? d->reg[d->from_regime].last : d->nsizes ? d->nsizes - 1 : 0;
	step_ranges(l);
	l->note[0] = 0;
	note_cat(l->note, sizeof(l->note), d->all.note);
	if (l->sf != l->f)
		note_cat(l->note, sizeof(l->note), d->steps.note);
	regimes_text(d, text, sizeof(text));
	note_cat(l->note, sizeof(l->note), text);
	if (!sl || !sl->ok || !sl->fitted)
		note_cat(l->note, sizeof(l->note), sl ? sl->note : "no slope probe: no count");
}

static void regime_line(struct line *l, unsigned g, char *label, size_t n)
{
	snprintf(label, n, "%u", g + 1);
	l->f = l->sf = &l->d->per[g];
	l->regime = label;
	l->kind = l->d->reg[g].flat ? "flat" : "growing";
	l->first = l->d->reg[g].first;
	l->last = l->d->reg[g].last;
	step_ranges(l);
	l->note[0] = 0;
	note_cat(l->note, sizeof(l->note), l->f->note);
}

/* One copy's slope and the transfer slope on the group's CPUs; 0 when not measured. */
static int copy_unit(const struct row *key, const struct pair_floors *pf, double *unit,
		     double *transfer)
{
	const struct slopes *sl = pf ? &pf->sl : NULL;

	if (!sl || !sl->ok || !sl->fitted)
		return 0;
	*unit = sl->copy[bwfloor_copy_kind(key->t)].b;
	/* the lines cross unless nothing but the spots checked is ever read */
	*transfer = (key->t->flags & TR_ZERO_COPY) && key->set.touch == TOUCH_NONE
		    ? 0 : sl->transfer_ns_per_byte;
	return *unit > 0;
}

static void print_row(struct sbuf *t, const struct line *l)
{
	const struct decomp_fit *f = l->f, *sf = l->sf;
	const struct wakeup_floor *w = endfloors_wakeup(l->pf);
	char cpus[24], count[48] = "NA", sw[48] = "-", terms[64] = "NA", slope[24] = "NA";
	char floor[24] = "NA";

	snprintf(cpus, sizeof(cpus), "%d,%d", l->key->set.client_cpu, l->key->set.server_cpu);
	if (f->has_reported && f->has_ci)
		snprintf(count, sizeof(count), "%.2f [%.2f, %.2f]", f->reported, f->reported_lo,
			 f->reported_hi);
	else if (f->has_reported)
		snprintf(count, sizeof(count), "%.2f", f->reported);
	if (w)
		snprintf(floor, sizeof(floor), "%.0f", w->per_switch_ns);
	if (has_term(sf, DT_SWITCHES))
		snprintf(sw, sizeof(sw), "%.0f (floor %s)", sf->coef[DT_SWITCHES], floor);
	else
		snprintf(sw, sizeof(sw), "- (floor %s)", floor);
	if (f->ok) {
		terms_text(f->terms | (sf != f ? sf->terms : 0), terms, sizeof(terms));
		snprintf(slope, sizeof(slope), "%.5f", f->coef[DT_BYTES]);
	}
	sbuf_printf(t, "%-16s %5s %5d %-22s %9s %-18s %-24s\n", l->key->t->name, cpus,
		    l->key->t->copies, count, slope, terms, sw);
	if (l->note[0])
		sbuf_printf(t, "%18s%s\n", "", l->note);
}

static int group_csv(const struct row *rows, size_t n, const struct row *key,
		     const struct end_floors *f, struct decomp_point *pts, struct sbuf *b,
		     struct sbuf *table)
{
	struct decomp_input in = { .p = pts, .copies_model = key->t->copies,
				   .seed = group_seed(key) };
	struct decomp *d = malloc(sizeof(*d));
	struct line l = { .key = key, .d = d };
	char label[16];
	int r;

	if (!d)
		return -ENOMEM;
	l.pf = endfloors_find(f, key->set.client_cpu, key->set.server_cpu);
	in.n = group_points(rows, n, key, pts);
	copy_unit(key, l.pf, &in.unit_ns_per_byte, &in.transfer_ns_per_byte);
	l.transfer = in.transfer_ns_per_byte;
	r = decomp_run(&in, d);
	if (r == 0) {
		all_line(&l);
		line_settings(b, &l), line_fit(b, &l), line_counts(b, &l);
		if (table)
			print_row(table, &l);
		for (unsigned g = 0; g < d->nreg && d->nreg > 1; g++) {
			regime_line(&l, g, label, sizeof(label));
			line_settings(b, &l), line_fit(b, &l), line_counts(b, &l);
		}
	}
	free(d);
	return r;
}

static void print_header(struct sbuf *t)
{
	sbuf_printf(t, "\nCopies per one-way message (copies.csv: one-way time = a + b*bytes "
		    "[+ c*switches + ...] over sizes and repetitions, b against one copy's slope; "
		    "95 %% bootstrap interval):\n%-16s %5s %5s %-22s %9s %-18s %-24s\n",
		    "transport", "cpus", "model", "measured [interval]", "ns/B", "terms",
		    "ns/switch (floor)");
}

int copies_run(const struct row *rows, size_t n, const struct end_floors *f, const char *dir,
	       struct sbuf *table)
{
	const struct row **first = calloc(n ? n : 1, sizeof(*first));
	struct decomp_point *pts = malloc(DECOMP_MAX_POINTS * sizeof(*pts));
	struct sbuf b = { 0 };
	size_t ng = first ? collect(rows, n, first) : 0, written = 0;
	char path[4200];
	int r = first && pts ? 0 : -ENOMEM;

	sbuf_printf(&b, "%s", header);
	for (size_t g = 0; g < ng && r == 0; g++) {
		uint64_t sizes[DECOMP_MAX_SIZES];

		if (group_sizes(rows, n, first[g], sizes) < DECOMP_MIN_SIZES)
			continue;
		if (table && !written)
			print_header(table);
		r = group_csv(rows, n, first[g], f, pts, &b, table);
		written++;
	}
	snprintf(path, sizeof(path), "%s/copies.csv", dir);
	if (r == 0 && written)
		r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	free(first);
	free(pts);
	return r;
}
