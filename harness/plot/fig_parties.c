/* The figures of many-party rows of summary.csv: fan-in throughput and fairness against the
 * number of clients, fan-out one-way time to the first and the last subscriber against the
 * number of subscribers. One figure per spread, message size and rate (0: the closed loop). */
#include <stdio.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

struct party_kind {
	enum fig_kind kind;
	const char *count;   /* clients or subscribers */
	const char *need[2]; /* what a drawn row must have */
	const char *file, *what;
};

static const struct party_kind kinds[] = {
	{ FK_FANIN, "clients", { "msgs_per_s", NULL }, "fanin",
	  "Fan-in: total round trips per second vs clients" },
	{ FK_FAIRNESS, "clients", { "fairness_jain", NULL }, "fairness",
	  "Fan-in: Jain's fairness over the clients' rates vs clients" },
	{ FK_FANOUT, "subscribers", { "first_p50_ns", "last_p50_ns" }, "fanout",
	  "Fan-out: one-way time to the first and the last subscriber vs subscribers" },
};

/* Distinct values >= 0 of col over the selected rows, ascending, as words. */
static size_t values_of(const struct csv_table *t, const struct rowsel *s, const char *col,
			double *v, struct sbuf *words)
{
	size_t n = 0;
	double x;

	for (size_t i = 0; i < t->nrows; i++)
		if (row_selected(t, i, s) && field_num(csv_get(t, i, col), &x) && x >= 0)
			merge_sizes(v, &n, FIG_MAX_SIZES, &x, 1);
	if (words)
		size_words(words, v, n);
	return n;
}

/* The smallest count whose rows say oversubscribed (0: none). */
static double oversubscribed_from(const struct csv_table *t, const struct rowsel *s,
				  const char *count)
{
	double best = 0, x;

	for (size_t i = 0; i < t->nrows; i++) {
		const char *o = csv_get(t, i, "oversubscribed");

		if (row_selected(t, i, s) && o && strcmp(o, "yes") == 0 &&
		    field_num(csv_get(t, i, count), &x) && (best == 0 || x < best))
			best = x;
	}
	return best;
}

static void one(const struct run_dir *r, const struct party_kind *k, struct rowsel *s,
		const char *spread, double size, double rate, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct sbuf tr = { 0 }, counts = { 0 }, zero = { 0 };
	double v[FIG_MAX_SIZES];
	char sz[32];
	struct fig *f;

	distinct_words(t, s, "transport", &tr);
	values_of(t, s, k->count, v, &counts);
	fig_human_bytes(size, sz, sizeof(sz));
	f = tr.len ? fig_add(l, k->kind, "%s-%s-%.0f-%.0f\t%s at %s messages, spread %s, %s",
			     k->file, spread, size, rate, k->what, sz, spread,
			     rate > 0 ? "each paced" : "closed loop") : NULL;
	if (f) {
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "counts", counts.p);
		gp_str(&f->vars, "spread", spread);
		gp_num(&f->vars, "size", size);
		gp_num(&f->vars, "rate", rate);
		gp_num(&f->vars, "oversub", oversubscribed_from(t, s, k->count));
		for (int i = 0; i < 2 && s->zero[i]; i++)
			if (csv_col(t, s->zero[i]) >= 0)
				sbuf_printf(&zero, "%s%s", zero.len ? " " : "", s->zero[i]);
		gp_str(&f->vars, "zero_cols", zero.p ? zero.p : "");
	}
	sbuf_free(&tr);
	sbuf_free(&counts);
	sbuf_free(&zero);
}

static void party_kind(const struct run_dir *r, const struct party_kind *k, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	const char *other = strcmp(k->count, "clients") == 0 ? "subscribers" : "clients";
	char size_text[32], rate_text[32], spread[64];
	struct rowsel s = { .mode = "latency", .any_pattern = 1, .zero = { "idle_ns", other },
			    .need = { k->count, k->need[0], k->need[1] } };
	struct sbuf spreads = { 0 };
	double sizes[FIG_MAX_SIZES], rates[FIG_MAX_SIZES];
	size_t before = l->n;

	if (csv_col(t, k->count) >= 0 && csv_col(t, "spread") >= 0)
		distinct_words(t, &s, "spread", &spreads);
	for (size_t i = 0, n = word_count(spreads.p); i < n; i++) {
		word_at(spreads.p, i, spread, sizeof(spread));
		s.col[0] = "spread";
		s.value[0] = spread;
		s.col[1] = s.col[2] = NULL;
		size_t ns = values_of(t, &s, "size_bytes", sizes, NULL);

		for (size_t a = 0; a < ns; a++) {
			snprintf(size_text, sizeof(size_text), "%.0f", sizes[a]);
			s.col[1] = "size_bytes";
			s.value[1] = size_text;
			s.col[2] = NULL;
			size_t nr = csv_col(t, "rate_per_s") < 0 ? 0
				    : values_of(t, &s, "rate_per_s", rates, NULL);

			for (size_t b = 0; b < (nr ? nr : 1); b++) {
				snprintf(rate_text, sizeof(rate_text), "%.0f", nr ? rates[b] : 0);
				s.col[2] = nr ? "rate_per_s" : NULL;
				s.value[2] = rate_text;
				one(r, k, &s, spread, sizes[a], nr ? rates[b] : 0, l);
			}
		}
	}
	if (l->n == before)
		fig_nodata(l, k->kind, "summary.csv has no latency row with %s and %s%s%s", k->count,
			   k->need[0], k->need[1] ? " and " : "", k->need[1] ? k->need[1] : "");
	sbuf_free(&spreads);
}

void fig_fanin(const struct fig_input *in, struct figlist *l)
{
	party_kind(in->r, &kinds[0], l);
}

void fig_fairness(const struct fig_input *in, struct figlist *l)
{
	party_kind(in->r, &kinds[1], l);
}

void fig_fanout(const struct fig_input *in, struct figlist *l)
{
	party_kind(in->r, &kinds[2], l);
}
