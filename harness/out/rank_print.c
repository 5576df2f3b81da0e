/* The ranking as text: the terminal, one sentence for a pair, JSON and Markdown
 * (the fields hyperfine users look for: each entry's median, its ratio, the samples). */
#include <math.h>
#include <string.h>
#include "out/rank.h"
#include "stats/exact.h"
#include "text/parse.h"

void rank_time(double ns, char *out, size_t n)
{
	if (isnan(ns))
		snprintf(out, n, "NA");
	else if (ns < 1e3)
		snprintf(out, n, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(out, n, "%.*f µs", ns < 1e4 ? 2 : 1, ns / 1e3);
	else if (ns < 1e9)
		snprintf(out, n, "%.*f ms", ns < 1e7 ? 2 : 1, ns / 1e6);
	else
		snprintf(out, n, "%.2f s", ns / 1e9);
}

int rank_extra_bytes(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += (*s & 0xC0) == 0x80;
	return n;
}

static const char *verdict_words(const struct rank_item *it, const struct rank_item *best,
				 char *buf, size_t n)
{
	switch (it->verdict) {
	case RANK_FASTEST:
		return "fastest";
	case RANK_SLOWER:
		snprintf(buf, n, "slower (p = %.2g)", it->p);
		return buf;
	case RANK_SAME:
		snprintf(buf, n, "not distinguishable from %s (p = %.2g)", best->transport, it->p);
		return buf;
	case RANK_UNTOLD:
		snprintf(buf, n, "%zu vs %zu repetitions: too few to tell (%d each needed)",
			 best->ok, it->ok, RANK_MIN_REPS);
		return buf;
	default:
		return "";
	}
}

static void group_heading(FILE *f, const struct rank_group *g)
{
	char sz[32], fl[32];

	format_bytes(g->size, sz, sizeof(sz));
	rank_time(g->floor_ns, fl, sizeof(fl));
	fprintf(f, "\n%s, %s, %s%s%s (client CPU %d, server CPU %d)%s%s:\n", g->mode, sz,
		g->placement, g->load[0] ? ", " : "", g->load, g->ccpu, g->scpu, isnan(g->floor_ns) ? "" : ", cache-line floor ",
		isnan(g->floor_ns) ? "" : fl);
	fprintf(f, "  %4s %-16s %10s %9s  %s\n", "", "transport", "p50", "x floor",
		"ratio to the fastest [95 % interval]");
}

/* A ratio and its interval with as many digits as its size needs. */
static void ratio_text(const struct rank_item *it, char *out, size_t n)
{
	int d = it->ratio < 10 ? 2 : it->ratio < 100 ? 1 : 0;

	if (it->verdict == RANK_FASTEST)
		snprintf(out, n, "1");
	else if (isnan(it->lo))
		snprintf(out, n, "%.*fx", d, it->ratio);
	else
		snprintf(out, n, "%.*fx [%.*f, %.*f]", d, it->ratio, d, it->lo, d, it->hi);
}

static void item_line(FILE *f, const struct rank_group *g, const struct rank_item *it, size_t k)
{
	char t[32], ratio[64], why[160], fl[32] = "";
	const struct rank_item *best = &g->items[0];

	rank_time(it->p50, t, sizeof(t));
	ratio_text(it, ratio, sizeof(ratio));
	if (!isnan(g->floor_ns) && strcmp(g->mode, "latency") == 0)
		snprintf(fl, sizeof(fl), "%.1fx", it->p50 / g->floor_ns);
	fprintf(f, "  %3zu. %-16s %*s %9s  %-24s %s\n", k + 1, it->transport,
		10 + rank_extra_bytes(t), t, fl, ratio,
		verdict_words(it, best, why, sizeof(why)));
}

/* The transports of a group without a figure, one line per distinct reason. */
static void no_figures(FILE *f, const struct rank_group *g)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct rank_item *it = &g->items[i];
		int first = 1;

		if (it->ok)
			continue;
		for (size_t j = 0; j < i; j++)
			first &= g->items[j].ok || strcmp(g->items[j].status, it->status) != 0 ||
				 strcmp(g->items[j].note, it->note) != 0;
		if (!first)
			continue;
		fprintf(f, "       %s:", it->status);
		for (size_t j = i; j < g->n; j++)
			if (!g->items[j].ok && strcmp(g->items[j].status, it->status) == 0 &&
			    strcmp(g->items[j].note, it->note) == 0)
				fprintf(f, " %s", g->items[j].transport);
		fprintf(f, "%s%.120s%s\n", it->note[0] ? " (" : "", it->note, it->note[0] ? ")" : "");
	}
}

void rank_print(FILE *f, const struct rank *r, size_t top, const char *dir)
{
	size_t hidden = 0;

	fprintf(f, "Ranked by p50 (the median of the repetitions' medians), with the ratio to the "
		   "fastest and\nits 95 %% bootstrap interval over repetitions (%d or more a side); "
		   "x floor: p50 over the\ncache-line round trip probed beside the cells "
		   "(on a shared-memory transport's own\nrequest and reply lines; the heading's "
		   "floor is the run's, on one line):\n",
		RANK_MIN_REPS);
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct rank_group *g = &r->groups[i];
		size_t shown = 0, ranked = 0;

		group_heading(f, g);
		for (size_t j = 0; j < g->n; j++)
			ranked += g->items[j].ok > 0;
		for (size_t j = 0; j < g->n && g->items[j].ok; j++)
			if (!top || ranked <= top + 2 || j < top) {
				item_line(f, g, &g->items[j], j);
				shown++;
			}
		if (shown < ranked) {
			fprintf(f, "       ... %zu more, down to %s\n", ranked - shown,
				g->items[ranked - 1].transport);
			hidden += ranked - shown;
		}
		no_figures(f, g);
	}
	if (hidden && dir)
		fprintf(f, "\nEvery transport of every group: ipcbench show %s\n", dir);
}

void rank_print_pair(FILE *f, const struct rank_group *g, const struct rank_item *a,
		     const struct rank_item *b)
{
	struct boot_params bp = { 2000, 0.95, 1 };
	struct ratio_ci ci;
	struct mw_result mw;
	char sz[32];

	format_bytes(g->size, sz, sizeof(sz));
	if (!a->ok || !b->ok) {
		fprintf(f, "%s, %s: %s or %s has no figure\n", g->mode, sz, a->transport, b->transport);
		return;
	}
	double ratio = b->p50 / a->p50;
	int told = a->ok >= RANK_MIN_REPS && b->ok >= RANK_MIN_REPS &&
		   boot_median_ratio(a->p50s, a->ok, b->p50s, b->ok, &bp, &ci) == 0 &&
		   mw_test(a->p50s, a->ok, b->p50s, b->ok, &mw) == 0;
	fprintf(f, "%s, %s, %s%s%s: %s ran %.2f times as fast as %s", g->mode, sz, g->placement,
		g->load[0] ? ", " : "", g->load, a->transport, ratio, b->transport);
	if (!told) {
		fprintf(f, " (%zu vs %zu repetitions: too few to tell; %d each are needed)\n", a->ok,
			b->ok, RANK_MIN_REPS);
		return;
	}
	int real = ci.lo > 1 && mw.p < RANK_ALPHA;

	fprintf(f, " (95 %% interval %.2f to %.2f, Mann-Whitney p = %.2g): %s\n", ci.lo, ci.hi,
		mw.p, real ? "a real difference" : "not distinguishable at this noise");
}

static const char *verdict_key(enum rank_verdict v)
{
	static const char *const k[] = { "fastest", "slower", "not distinguishable",
					 "too few repetitions", "no figure" };
	return k[v];
}

static void json_num(struct sbuf *b, const char *name, double v, int last)
{
	if (isnan(v))
		sbuf_printf(b, "\"%s\": null%s", name, last ? "" : ", ");
	else
		sbuf_printf(b, "\"%s\": %.6g%s", name, v, last ? "" : ", ");
}

static void json_item(struct sbuf *b, const struct rank_item *it)
{
	sbuf_printf(b, "        {\"transport\": \"%s\", \"repetitions_ok\": %zu, ", it->transport,
		    it->ok);
	json_num(b, "median_p50_ns", it->ok ? it->p50 : NAN, 0);
	json_num(b, "ratio_to_fastest", it->ratio, 0);
	json_num(b, "ratio_ci_lo", it->lo, 0);
	json_num(b, "ratio_ci_hi", it->hi, 0);
	sbuf_printf(b, "\"verdict\": \"%s\", \"p50_ns\": [", verdict_key(it->verdict));
	for (size_t k = 0; k < it->ok; k++)
		sbuf_printf(b, "%s%.1f", k ? ", " : "", it->p50s[k]);
	sbuf_printf(b, "]}");
}

void rank_json(struct sbuf *b, const struct rank *r)
{
	sbuf_printf(b, "{\n  \"groups\": [\n");
	for (size_t i = 0; i < r->ngroups; i++) {
		const struct rank_group *g = &r->groups[i];

		sbuf_printf(b, "    {\"mode\": \"%s\", \"size_bytes\": %llu, \"placement\": \"%s\", "
			    "\"load\": \"%s\", \"client_cpu\": %d, \"server_cpu\": %d, ", g->mode,
			    (unsigned long long)g->size, g->placement, g->load, g->ccpu, g->scpu);
		json_num(b, "floor_ns", g->floor_ns, 0);
		sbuf_printf(b, "\"results\": [\n");
		for (size_t j = 0; j < g->n; j++) {
			json_item(b, &g->items[j]);
			sbuf_printf(b, "%s\n", j + 1 < g->n ? "," : "");
		}
		sbuf_printf(b, "    ]}%s\n", i + 1 < r->ngroups ? "," : "");
	}
	sbuf_printf(b, "  ]\n}\n");
}

void rank_markdown(struct sbuf *b, const struct rank *r)
{
	char sz[32], t[32];

	for (size_t i = 0; i < r->ngroups; i++) {
		const struct rank_group *g = &r->groups[i];

		format_bytes(g->size, sz, sizeof(sz));
		sbuf_printf(b, "%s### %s, %s, %s%s%s (CPUs %d,%d)\n\n| Transport | p50 | Relative | "
			    "Verdict |\n|:---|---:|---:|:---|\n", i ? "\n" : "", g->mode, sz,
			    g->placement, g->load[0] ? ", " : "", g->load, g->ccpu, g->scpu);
		for (size_t j = 0; j < g->n; j++) {
			const struct rank_item *it = &g->items[j];

			rank_time(it->ok ? it->p50 : NAN, t, sizeof(t));
			sbuf_printf(b, "| `%s` | %s | ", it->transport, t);
			if (isnan(it->ratio))
				sbuf_printf(b, "NA");
			else if (isnan(it->lo))
				sbuf_printf(b, "%.2f", it->ratio);
			else
				sbuf_printf(b, "%.2f [%.2f, %.2f]", it->ratio, it->lo, it->hi);
			sbuf_printf(b, " | %s |\n", it->ok ? verdict_key(it->verdict) : it->status);
		}
	}
}
