/* The figures of the optional measurements: counters (summary.csv columns), the core-pair
 * matrix, payload copies and the LRPC breakdown (files of their own). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

static const char *const sides[] = { "client", "server" };

/* Counter names C of the summary.csv columns C_per_msg_client and C_per_msg_server. */
static void counter_names(const struct csv_table *t, struct sbuf *names)
{
	char name[128];

	for (size_t i = 0; i < t->ncols; i++) {
		const char *c = t->cols[i], *p = strstr(c, "_per_msg_");

		if (!p || p == c || (size_t)(p - c) >= sizeof(name) || strpbrk(c, " \t'\"") ||
		    (strcmp(p + 9, "client") != 0 && strcmp(p + 9, "server") != 0))
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(p - c), c);
		if (!word_in(names->p, name))
			sbuf_printf(names, "%s%s", names->len ? " " : "", name);
	}
}

/* The lines of one counter figure: every transport and side with a positive value, as
 * the word lists transports, sides and colours; and the sizes they have values at. */
struct counter_lines {
	struct sbuf lists[3];
	double sizes[FIG_MAX_SIZES];
	size_t nsizes, n;
};

static void counter_series(const struct csv_table *t, const struct group *g,
			   const char *counter, struct counter_lines *c)
{
	double v[FIG_MAX_SIZES];
	struct sbuf tr = { 0 }, col = { 0 };
	struct rowsel s = { .mode = "latency", .g = g, .col = { "transport" } };
	char name[128];

	distinct_words(t, &(struct rowsel){ .mode = "latency", .g = g }, "transport", &tr);
	for (size_t i = 0, nt = word_count(tr.p); i < nt; i++) {
		word_at(tr.p, i, name, sizeof(name));
		for (int k = 0; k < 2; k++) {
			sbuf_reset(&col);
			sbuf_printf(&col, "%s_per_msg_%s", counter, sides[k]);
			s.value[0] = name;
			s.need[0] = col.p;
			if (count_selected(t, &s) == 0)
				continue;
			sbuf_printf(&c->lists[0], "%s%s", c->n ? " " : "", name);
			sbuf_printf(&c->lists[1], "%s%s", c->n ? " " : "", sides[k]);
			sbuf_printf(&c->lists[2], "%s%zu", c->n++ ? " " : "", i + 1);
			merge_sizes(c->sizes, &c->nsizes, FIG_MAX_SIZES, v,
				    selected_sizes(t, &s, v, FIG_MAX_SIZES));
		}
	}
	sbuf_free(&tr);
	sbuf_free(&col);
}

static void counter_one(const struct run_dir *r, const struct group *g, const char *tag,
			const char *counter, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct counter_lines *c = calloc(1, sizeof(*c));
	struct sbuf sz = { 0 };
	struct fig *f = NULL;

	if (!c) {
		l->oom = 1;
		return;
	}
	counter_series(t, g, counter, c);
	if (c->n == 0)
		fig_nodata(l, FK_COUNTERS, "%s, %s: no positive value", counter, tag);
	else
		f = fig_add(l, FK_COUNTERS, "counters-%s-%s\tCounter %s per message, client and "
			    "server, all transports, %s (client CPU %d, server CPU %d)", counter,
			    tag, counter, g->placement, g->ccpu, g->scpu);
	if (f) {
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "counter", counter);
		size_words(&sz, c->sizes, c->nsizes);
		gp_str(&f->vars, "sizes", sz.p);
		fig_group_vars(&f->vars, g);
		gp_str(&f->vars, "transports", c->lists[0].p);
		gp_str(&f->vars, "sides", c->lists[1].p);
		gp_str(&f->vars, "colours", c->lists[2].p);
	}
	for (int k = 0; k < 3; k++)
		sbuf_free(&c->lists[k]);
	free(c);
	sbuf_free(&sz);
}

void fig_counters(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct group g[FIG_MAX_GROUPS];
	size_t ng = find_groups(t, &(struct rowsel){ .mode = "latency" }, g, FIG_MAX_GROUPS);
	struct sbuf names = { 0 };
	char counter[128], tag[64];

	counter_names(t, &names);
	if (names.len == 0 || ng == 0)
		fig_nodata(l, FK_COUNTERS, "summary.csv has no counter columns "
			   "(NAME_per_msg_client, NAME_per_msg_server)");
	for (size_t c = 0, nc = word_count(names.p); ng > 0 && c < nc; c++) {
		word_at(names.p, c, counter, sizeof(counter));
		for (size_t i = 0; i < ng; i++) {
			group_tag(g, ng, i, tag, sizeof(tag));
			counter_one(r, &g[i], tag, counter, l);
		}
	}
	sbuf_free(&names);
}

static void heatmap_one(const struct run_dir *r, const char *transport, const char *mode,
			double size, int size_in_name, struct figlist *l)
{
	char sz[32] = "", human[32] = "";
	struct fig *f;

	if (size > 0) {
		fig_human_bytes(size, human, sizeof(human));
		if (size_in_name)
			snprintf(sz, sizeof(sz), "-%.0f", size);
	}
	f = fig_add(l, FK_HEATMAP, "heatmap%s%s%s\tMedian round trip for every pair of client "
		    "and server CPUs%s%s%s%s%s", *transport ? "-" : "", transport, sz,
		    *transport ? ", " : "", transport, *human ? ", " : "", human,
		    *human ? " messages" : "");
	if (f) {
		fig_run_vars(&f->vars, r, RF_MATRIX);
		gp_str(&f->vars, "transport", transport);
		gp_str(&f->vars, "mode", mode);
		gp_num(&f->vars, "size", size);
	}
}

/* One map per transport (when matrix.csv has a transport column) and message size (when
 * it has a size_bytes column): cells of one pair at two sizes would cover each other. */
void fig_heatmap(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_MATRIX];
	int by_mode = csv_col(t, "mode") >= 0, by_transport = csv_col(t, "transport") >= 0;
	struct rowsel s = { .mode = by_mode ? "latency" : NULL, .need = { "p50_ns" } };
	double sizes[FIG_MAX_SIZES];
	struct sbuf tr = { 0 };
	char name[128];
	size_t nt;

	if (!fig_table_usable(r, RF_MATRIX, FK_HEATMAP, l))
		return;
	if (csv_col(t, "client_cpu") < 0 || csv_col(t, "server_cpu") < 0 ||
	    count_selected(t, &s) == 0) {
		fig_nodata(l, FK_HEATMAP, "matrix.csv has no %srow with client_cpu, server_cpu and "
			   "a p50_ns", by_mode ? "latency " : "");
		return;
	}
	if (by_transport)
		distinct_words(t, &s, "transport", &tr);
	nt = by_transport ? word_count(tr.p) : 1;
	s.col[0] = by_transport ? "transport" : NULL;
	for (size_t i = 0; i < nt; i++) {
		size_t n;

		word_at(tr.p, i, name, sizeof(name));
		s.value[0] = name;
		n = csv_col(t, "size_bytes") < 0 ? 0 : selected_sizes(t, &s, sizes, FIG_MAX_SIZES);
		if (n == 0)
			heatmap_one(r, name, by_mode ? "latency" : "", 0, 0, l);
		for (size_t k = 0; k < n; k++)
			heatmap_one(r, name, by_mode ? "latency" : "", sizes[k], n > 1, l);
	}
	sbuf_free(&tr);
}

/* Rows of copies.csv at one placement (its "all" rows, when it has regimes) with the
 * columns in need >= 0 (nonneg) or > 0 (need). */
static size_t copies_count(const struct csv_table *t, const char *placement,
			   const char *nonneg, const char *need)
{
	int regimes = csv_col(t, "regime") >= 0;
	struct rowsel s = { .col = { "placement", regimes ? "regime" : NULL },
			    .value = { placement, "all" }, .nonneg = { "copies_model", nonneg },
			    .need = { need } };

	return count_selected(t, &s);
}

/* Rows drawn whose copies_measured is NA (the script labels them). */
static long long copies_missing(const struct csv_table *t, const struct rowsel *s)
{
	long long n = 0;

	for (size_t i = 0; i < t->nrows; i++) {
		const char *m = csv_get(t, i, "copies_measured");

		n += row_selected(t, i, s) && m && strcmp(m, "NA") == 0;
	}
	return n;
}

static void copies_one(const struct run_dir *r, const char *placement, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_COPIES];
	int regimes = csv_col(t, "regime") >= 0;
	struct rowsel model = { .col = { "placement", regimes ? "regime" : NULL },
				.value = { placement, "all" }, .nonneg = { "copies_model" } };
	struct sbuf tr = { 0 };
	struct fig *f;

	distinct_words(t, &model, "transport", &tr);
	if (tr.len == 0) {
		sbuf_free(&tr);
		return;
	}
	f = fig_add(l, FK_COPIES, "copies-%s\tPayload copies per one-way message, model and "
		    "measured, %s", placement, placement);
	if (f) {
		fig_run_vars(&f->vars, r, RF_COPIES);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "placement", placement);
		gp_int(&f->vars, "regimes", regimes);
		gp_int(&f->vars, "interval", csv_col(t, "copies_hi") >= 0 &&
			copies_count(t, placement, "copies_lo", "copies_hi") > 0);
		gp_int(&f->vars, "nmissing", copies_missing(t, &model));
		gp_int(&f->vars, "nswitch", csv_col(t, "switch_cost_hi_ns") < 0 ? 0 :
			(long long)copies_count(t, placement, NULL, "switch_cost_ns"));
		gp_int(&f->vars, "nfloor", (long long)copies_count(t, placement, NULL,
								   "wakeup_floor_ns"));
	}
	sbuf_free(&tr);
}

/* One figure per placement: a transport has one fit per placement. */
void fig_copies(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_COPIES];
	struct rowsel modelled = { .nonneg = { "copies_model" } };
	struct sbuf pl = { 0 };
	char *save = NULL;

	if (!fig_table_usable(r, RF_COPIES, FK_COPIES, l))
		return;
	distinct_words(t, &modelled, "placement", &pl);
	if (pl.len == 0 || count_selected(t, &modelled) == 0)
		fig_nodata(l, FK_COPIES, "copies.csv needs a transport, a placement and "
			   "copies_model on some row");
	for (char *p = pl.len ? strtok_r(pl.p, " ", &save) : NULL; p; p = strtok_r(NULL, " ", &save))
		copies_one(r, p, l);
	sbuf_free(&pl);
}

static void lrpc_one(const struct run_dir *r, struct rowsel *s, const char *placement,
		     struct figlist *l)
{
	struct sbuf tr = { 0 };
	struct fig *f;

	s->value[0] = placement;
	distinct_words(&r->t[RF_LRPC], s, "transport", &tr);
	f = fig_add(l, FK_LRPC, "lrpc-%s\tTime breakdown of one %scall, stage by stage, all "
		    "transports, %s", placement, s->col[1] ? "null " : "", placement);
	if (f) {
		fig_run_vars(&f->vars, r, RF_LRPC);
		gp_str(&f->vars, "transports", tr.p);
		gp_str(&f->vars, "placement", placement);
		gp_str(&f->vars, "call", s->col[1] ? s->value[1] : "");
	}
	sbuf_free(&tr);
}

/* One figure per placement, of the rows with every stage (of the null call, when the
 * rows say which call they are). */
void fig_lrpc(const struct run_dir *r, struct figlist *l)
{
	struct rowsel s = { .nonneg = { "client_notify_ns", "server_wakeup_ns", "handler_ns",
					"return_notify_ns", "client_wakeup_ns" } };
	struct sbuf pl = { 0 };
	char name[128];

	if (!fig_table_usable(r, RF_LRPC, FK_LRPC, l))
		return;
	if (csv_col(&r->t[RF_LRPC], "call") >= 0) { /* `ipcbench lrpc`: one bar per transport */
		s.col[1] = "call";
		s.value[1] = "null";
	}
	if (csv_col(&r->t[RF_LRPC], "transport") >= 0)
		distinct_words(&r->t[RF_LRPC], &s, "placement", &pl);
	if (pl.len == 0)
		fig_nodata(l, FK_LRPC, "lrpc.csv has no row with a transport, a placement and "
			   "every stage");
	s.col[0] = "placement";
	for (size_t i = 0, n = word_count(pl.p); i < n; i++) {
		word_at(pl.p, i, name, sizeof(name));
		lrpc_one(r, &s, name, l);
	}
	sbuf_free(&pl);
}
