/* The counter figures of summary.csv (columns NAME_per_msg_client and _server): for each
 * placement, one figure of small multiples, a panel per counter that has a value, of every
 * transport or of one family; and, once for the run, why each counter without a value in
 * any cell has none (meta.csv's counter_EVENT says it for the events). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/counters.h"
#include "out/schema.h"
#include "plot/figures.h"
#include "plot/gnuplot.h"

#define COUNTERS_MAX 32

static const char *const sides[] = { "client", "server" };

/* Panel titles of the counters ipcbench writes; others are their names. */
static const struct {
	const char *name, *title;
} counter_titles[] = {
	{ "cpu_user_ns", "user CPU time" },        { "cpu_sys_ns", "kernel CPU time" },
	{ "ctxsw_vol", "voluntary context switches" },
	{ "ctxsw_invol", "involuntary context switches" }, { "faults", "page faults" },
	{ "cycles", "CPU cycles" },                { "instructions", "instructions" },
	{ "cache_references", "cache references" }, { "cache_misses", "cache misses" },
	{ "branch_misses", "branch misses" },      { "context_switches", "context switches (perf)" },
	{ "cpu_migrations", "CPU migrations" },    { "page_faults", "page faults (perf)" },
};

static void counter_title(const char *name, struct sbuf *out)
{
	for (size_t i = 0; i < sizeof(counter_titles) / sizeof(counter_titles[0]); i++)
		if (strcmp(counter_titles[i].name, name) == 0) {
			sbuf_printf(out, "\"%s\"", counter_titles[i].title);
			return;
		}
	sbuf_putc(out, '"');
	for (const char *p = name; *p; p++)
		sbuf_putc(out, *p == '_' ? ' ' : *p);
	sbuf_putc(out, '"');
}

/* "ns" or "count", as the schema has it for the client column of the counter. */
static const char *counter_unit(const char *name)
{
	char col[160];
	const struct col_def *d;

	snprintf(col, sizeof(col), "%s_per_msg_client", name);
	d = schema_find(col);
	return d && strcmp(d->unit, "ns") == 0 ? "ns" : "count";
}

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

/* Whether transport (NULL: any) has a positive value of counter on either side in the
 * rows of s; its sizes with one join sizes. */
static int counter_has(const struct csv_table *t, struct rowsel s, const char *transport,
		       const char *counter, double *sizes, size_t *nsizes)
{
	double v[FIG_MAX_SIZES];
	char col[160];
	int has = 0;

	s.col[0] = transport ? "transport" : NULL;
	s.value[0] = transport;
	for (int k = 0; k < 2; k++) {
		snprintf(col, sizeof(col), "%s_per_msg_%s", counter, sides[k]);
		s.need[0] = col;
		has |= count_selected(t, &s) > 0;
		if (sizes)
			merge_sizes(sizes, nsizes, FIG_MAX_SIZES, v, selected_sizes(t, &s, v, FIG_MAX_SIZES));
	}
	return has;
}

/* The panels of one figure: the counters with a value for some transport of the part,
 * the transports with a value of some drawn counter, and their sizes. */
struct panels {
	struct sbuf counters, titles, units, transports;
	double sizes[FIG_MAX_SIZES];
	size_t nsizes;
};

static void panels_of(const struct csv_table *t, const struct rowsel *s, const char *names,
		      const char *transports, struct panels *p)
{
	char c[128], tr[128];

	for (size_t i = 0, nc = word_count(names); i < nc; i++) {
		int any = 0;

		word_at(names, i, c, sizeof(c));
		for (size_t k = 0, nt = word_count(transports); k < nt; k++) {
			word_at(transports, k, tr, sizeof(tr));
			if (!counter_has(t, *s, tr, c, p->sizes, &p->nsizes))
				continue;
			any = 1;
			if (!word_in(p->transports.p, tr))
				sbuf_printf(&p->transports, "%s%s", p->transports.len ? " " : "", tr);
		}
		if (!any)
			continue;
		sbuf_printf(&p->counters, "%s%s", p->counters.len ? " " : "", c);
		sbuf_printf(&p->units, "%s%s", p->units.len ? " " : "", counter_unit(c));
		if (p->titles.len)
			sbuf_putc(&p->titles, ' ');
		counter_title(c, &p->titles);
	}
}

static void panels_free(struct panels *p)
{
	sbuf_free(&p->counters);
	sbuf_free(&p->titles);
	sbuf_free(&p->units);
	sbuf_free(&p->transports);
}

static void counters_part(const struct run_dir *r, const struct group *g, const char *tag,
			  const char *names, const struct fig_part *part, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .g = g };
	struct panels *p = calloc(1, sizeof(*p));
	struct sbuf sz = { 0 };
	struct fig *f = NULL;

	if (!p) {
		l->oom = 1;
		return;
	}
	panels_of(t, &s, names, part->words.p, p);
	if (p->counters.len)
		f = fig_add(l, FK_COUNTERS, "counters-%s%s\tCounters per message, client (solid) and "
			    "server (dashed), %s, %s (client CPU %d, server CPU %d)", tag,
			    part->suffix, part->title, g->placement, g->ccpu, g->scpu);
	if (f) {
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "counters", p->counters.p);
		gp_str(&f->vars, "titles", p->titles.p);
		gp_str(&f->vars, "units", p->units.p);
		gp_str(&f->vars, "transports", p->transports.p);
		gp_str(&f->vars, "family", part->title);
		size_words(&sz, p->sizes, p->nsizes);
		gp_str(&f->vars, "sizes", sz.p);
		fig_group_vars(&f->vars, g);
	}
	panels_free(p);
	free(p);
	sbuf_free(&sz);
}

/* Why counter (a column stem) has no value anywhere: meta.csv's counter_EVENT for an
 * event whose stem it is, else what the cells hold. */
static void counter_reason(const struct run_dir *r, const char *counter, char *out, size_t n)
{
	const struct csv_table *m = &r->t[RF_META];
	int kc = csv_col(m, "key"), vc = csv_col(m, "value");
	char stem[128];

	for (size_t i = 0; kc >= 0 && vc >= 0 && i < m->nrows; i++) {
		const char *key = m->rows[i][kc], *v = m->rows[i][vc];

		if (strncmp(key, "counter_", 8) != 0)
			continue;
		ctr_column_name(key + 8, stem, sizeof(stem));
		if (strcmp(stem, counter) != 0 || strcmp(v, "ok") == 0)
			continue;
		snprintf(out, n, "%s", strncmp(v, "NA: ", 4) == 0 ? v + 4 : v);
		return;
	}
	snprintf(out, n, "no cell has a value above 0 (0 or NA in every cell)");
}

/* One "no data" line per distinct reason, naming the counters it holds for. */
static void counters_without_value(const struct run_dir *r, const char *names,
				   struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	char c[COUNTERS_MAX][128], why[COUNTERS_MAX][512];
	struct sbuf who = { 0 };
	size_t n = 0;

	for (size_t i = 0, nc = word_count(names); i < nc && n < COUNTERS_MAX; i++) {
		word_at(names, i, c[n], sizeof(c[n]));
		if (!counter_has(t, (struct rowsel){ .mode = "latency" }, NULL, c[n], NULL, NULL))
			counter_reason(r, c[n], why[n], sizeof(why[n])), n++;
	}
	for (size_t i = 0; i < n; i++) {
		size_t first = 0;

		while (strcmp(why[first], why[i]) != 0)
			first++;
		if (first < i)
			continue; /* named with the first counter of its reason */
		sbuf_reset(&who);
		for (size_t j = i; j < n; j++)
			if (strcmp(why[j], why[i]) == 0)
				sbuf_printf(&who, "%s%s", who.len ? ", " : "", c[j]);
		fig_nodata(l, FK_COUNTERS, "%s: %s", who.p, why[i]);
	}
	sbuf_free(&who);
}

void fig_counters(const struct fig_input *in, struct figlist *l)
{
	const struct run_dir *r = in->r;
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct group g[FIG_MAX_GROUPS];
	size_t ng = fig_groups(r, t, &(struct rowsel){ .mode = "latency" }, g, FIG_MAX_GROUPS);
	struct sbuf names = { 0 }, tr = { 0 };
	struct fig_part parts[FF_N];
	char tag[64];

	counter_names(t, &names);
	if (names.len == 0 || ng == 0)
		fig_nodata(l, FK_COUNTERS, "summary.csv has no counter columns "
			   "(NAME_per_msg_client, NAME_per_msg_server)");
	for (size_t i = 0; names.len && i < ng; i++) {
		struct rowsel s = { .mode = "latency", .g = &g[i] };
		size_t np;

		sbuf_reset(&tr);
		distinct_words(t, &s, "transport", &tr);
		group_tag(g, ng, i, tag, sizeof(tag));
		np = fig_parts(tr.p, parts);
		for (size_t k = 0; k < np; k++)
			counters_part(r, &g[i], tag, names.p, &parts[k], l);
		fig_parts_free(parts, np);
	}
	if (names.len)
		counters_without_value(r, names.p, l);
	sbuf_free(&names);
	sbuf_free(&tr);
}
