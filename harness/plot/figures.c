/* The figures of summary.csv and spectrum.csv: latency, spectrum, placement, bandwidth. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/figures.h"
#include "plot/gnuplot.h"

void fig_run_vars(struct sbuf *v, const struct run_dir *r, enum run_file file)
{
	const char *host = run_meta(r, "host"), *kernel = run_meta(r, "kernel");
	const char *cpu = run_meta(r, "cpu_model");
	struct sbuf path = { 0 };

	sbuf_printf(&path, "%s/%s", r->path, run_file_names[file]);
	gp_str(v, "file", path.p);
	gp_str(v, "host", host ? host : "unknown host");
	gp_str(v, "kernel", kernel ? kernel : "unknown kernel");
	gp_str(v, "cpu", cpu ? cpu : "unknown CPU");
	sbuf_reset(&path);
	pattern_columns(&r->t[file], &path);
	gp_str(v, "classic_cols", path.p ? path.p : "");
	sbuf_free(&path);
}

void fig_group_vars(struct sbuf *v, const struct group *g)
{
	gp_str(v, "placement", g->placement);
	gp_int(v, "ccpu", g->ccpu);
	gp_int(v, "scpu", g->scpu);
}

int fig_table_usable(const struct run_dir *r, enum run_file f, enum fig_kind kind,
		     struct figlist *l)
{
	struct fig *x;

	if (!r->present[f]) {
		fig_nodata(l, kind, "%s has no %s", r->name, run_file_names[f]);
		return 0;
	}
	if (!r->err[f][0])
		return 1;
	x = fig_add(l, kind, "%.*s\tcannot read %s", (int)strcspn(fig_kinds[kind].script, "."),
		    fig_kinds[kind].script, run_file_names[f]);
	if (x) {
		x->state = FIG_FAILED;
		sbuf_printf(&x->problem, "%s", r->err[f]);
	}
	return 0;
}

/* Transports and sizes of the selected rows as the word lists the scripts read. */
static void list_vars(struct sbuf *v, const struct csv_table *t, const struct rowsel *s)
{
	struct sbuf w = { 0 };
	double sizes[FIG_MAX_SIZES];
	size_t n = selected_sizes(t, s, sizes, FIG_MAX_SIZES);

	distinct_words(t, s, "transport", &w);
	gp_str(v, "transports", w.p);
	sbuf_reset(&w);
	size_words(&w, sizes, n);
	gp_str(v, "sizes", w.p);
	sbuf_free(&w);
}

static void fig_latency(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .need = { "p50_ns", "p99_ns" } };
	struct group g[FIG_MAX_GROUPS];
	size_t ng = find_groups(t, &s, g, FIG_MAX_GROUPS);
	char tag[64];

	if (ng == 0)
		fig_nodata(l, FK_LATENCY, "summary.csv has no latency row with a p50 and a p99");
	for (size_t i = 0; i < ng; i++) {
		struct fig *f;

		group_tag(g, ng, i, tag, sizeof(tag));
		f = fig_add(l, FK_LATENCY, "latency-%s\tRound-trip latency vs message size, all "
			    "transports, %s (client CPU %d, server CPU %d)", tag, g[i].placement,
			    g[i].ccpu, g[i].scpu);
		if (!f)
			continue;
		s.g = &g[i];
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		list_vars(&f->vars, t, &s);
		fig_group_vars(&f->vars, &g[i]);
		gp_num(&f->vars, "cellfloor", csv_col(t, "floor_before_ns") >= 0);
	}
}

static void fig_placement(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "latency", .col = { "transport" },
			    .need = { "p50_ns", "p99_ns" } };
	struct sbuf tr = { 0 }, lists[3] = { { 0 } };
	struct group g[FIG_MAX_GROUPS];
	char name[128];

	distinct_words(t, &(struct rowsel){ .mode = "latency", .need = { "p50_ns", "p99_ns" } },
		       "transport", &tr);
	for (size_t i = 0, n = word_count(tr.p); i < n; i++) {
		word_at(tr.p, i, name, sizeof(name));
		s.value[0] = name;
		size_t ng = find_groups(t, &s, g, FIG_MAX_GROUPS);
		struct fig *f = ng < 2 ? NULL : fig_add(l, FK_PLACEMENT, "placement-%s\t%s: "
			"round-trip latency (p50, p99) vs message size at each placement", name, name);
		if (!f)
			continue;
		for (int k = 0; k < 3; k++)
			sbuf_reset(&lists[k]);
		for (size_t k = 0; k < ng; k++) {
			sbuf_printf(&lists[0], "%s%s", k ? " " : "", g[k].placement);
			sbuf_printf(&lists[1], "%s%d", k ? " " : "", g[k].ccpu);
			sbuf_printf(&lists[2], "%s%d", k ? " " : "", g[k].scpu);
		}
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		gp_str(&f->vars, "transport", name);
		list_vars(&f->vars, t, &s); /* sizes; transports is just this one */
		gp_str(&f->vars, "placements", lists[0].p);
		gp_str(&f->vars, "ccpus", lists[1].p);
		gp_str(&f->vars, "scpus", lists[2].p);
	}
	if (fig_count(l, FK_PLACEMENT, -1) == 0)
		fig_nodata(l, FK_PLACEMENT, "no transport was measured at two or more placements");
	sbuf_free(&tr);
	for (int k = 0; k < 3; k++)
		sbuf_free(&lists[k]);
}

void fig_human_bytes(double v, char *out, size_t n)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB" };
	int k = 0;

	while (k < 3 && v >= 1024 && fmod(v, 1024) == 0)
		v /= 1024, k++;
	snprintf(out, n, "%.0f %s", v, unit[k]);
}

/* Word lists of the spectrum script: per transport the repetition drawn bold (its first),
 * and every other repetition as a thin line of the transport's colour. */
static void spectrum_vars(struct sbuf *v, const struct csv_table *t, struct rowsel *s,
			  const char *transports)
{
	struct sbuf reps = { 0 }, bold = { 0 }, thin[3] = { { 0 } };
	char name[128], rep[32];

	for (size_t i = 0, n = word_count(transports); i < n; i++) {
		word_at(transports, i, name, sizeof(name));
		s->value[1] = name;
		sbuf_reset(&reps);
		distinct_words(t, s, "repeat", &reps);
		for (size_t k = 0, nr = word_count(reps.p); k < nr; k++) {
			word_at(reps.p, k, rep, sizeof(rep));
			if (k == 0) {
				sbuf_printf(&bold, "%s%s", i ? " " : "", rep);
				continue;
			}
			sbuf_printf(&thin[0], "%s%s", thin[0].len ? " " : "", name);
			sbuf_printf(&thin[1], "%s%s", thin[1].len ? " " : "", rep);
			sbuf_printf(&thin[2], "%s%zu", thin[2].len ? " " : "", i + 1);
		}
	}
	gp_str(v, "transports", transports);
	gp_str(v, "reps", bold.p);
	gp_str(v, "thin_transports", thin[0].p);
	gp_str(v, "thin_reps", thin[1].p);
	gp_str(v, "thin_colours", thin[2].p);
	sbuf_free(&reps);
	sbuf_free(&bold);
	for (int k = 0; k < 3; k++)
		sbuf_free(&thin[k]);
}

static void spectrum_one(const struct run_dir *r, const struct group *g, const char *tag,
			 double size, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SPECTRUM];
	char sz[32], human[32];
	struct rowsel s = { .mode = "latency", .g = g, .col = { "size_bytes", "transport" },
			    .value = { sz }, .need = { "latency_ns" } };
	struct rowsel all = s;
	struct sbuf tr = { 0 };
	struct fig *f;

	snprintf(sz, sizeof(sz), "%.0f", size);
	fig_human_bytes(size, human, sizeof(human));
	all.col[1] = NULL;
	distinct_words(t, &all, "transport", &tr);
	f = fig_add(l, FK_SPECTRUM, "spectrum-%s-%s\tLatency spectrum at %s messages, all "
		    "transports, %s (client CPU %d, server CPU %d)", tag, sz, human, g->placement,
		    g->ccpu, g->scpu);
	if (f) {
		fig_run_vars(&f->vars, r, RF_SPECTRUM);
		spectrum_vars(&f->vars, t, &s, tr.p);
		gp_num(&f->vars, "size", size);
		fig_group_vars(&f->vars, g);
	}
	sbuf_free(&tr);
}

static int has_size(const double *v, size_t n, double size)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == size)
			return 1;
	return 0;
}

/* At the given size, or at the smallest and the largest (size 0), for every placement. */
static void fig_spectrum(const struct run_dir *r, double size, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SPECTRUM];
	struct rowsel s = { .mode = "latency", .need = { "latency_ns" } };
	struct group g[FIG_MAX_GROUPS];
	double sizes[FIG_MAX_SIZES];
	size_t ng, n;
	char tag[64];

	if (!fig_table_usable(r, RF_SPECTRUM, FK_SPECTRUM, l))
		return;
	ng = find_groups(t, &s, g, FIG_MAX_GROUPS);
	if (ng == 0)
		fig_nodata(l, FK_SPECTRUM, "spectrum.csv has no measured latency");
	for (size_t i = 0; i < ng; i++) {
		s.g = &g[i];
		n = selected_sizes(t, &s, sizes, FIG_MAX_SIZES);
		group_tag(g, ng, i, tag, sizeof(tag));
		if (size > 0 && !has_size(sizes, n, size))
			fig_nodata(l, FK_SPECTRUM, "%s: no spectrum at %.0f bytes", tag, size);
		else if (size > 0)
			spectrum_one(r, &g[i], tag, size, l);
		else if (n > 0)
			spectrum_one(r, &g[i], tag, sizes[0], l);
		if (size <= 0 && n > 1)
			spectrum_one(r, &g[i], tag, sizes[n - 1], l);
	}
}

/* floor_memcpy_64k_gbps, ...: single-thread memcpy bandwidth by block size. */
static void memcpy_vars(struct sbuf *v, const struct run_dir *r)
{
	const struct csv_table *m = &r->t[RF_META];
	struct sbuf sz = { 0 }, bw = { 0 };
	const char *pre = "floor_memcpy_", *suf = "k_gbps";
	int k = csv_col(m, "key"), c = csv_col(m, "value");

	for (size_t i = 0; k >= 0 && c >= 0 && i < m->nrows; i++) {
		const char *key = m->rows[i][k];
		size_t n = strlen(key);
		double kib, gbps;
		char *end;

		if (strncmp(key, pre, strlen(pre)) != 0 || n < strlen(pre) + strlen(suf) ||
		    strcmp(key + n - strlen(suf), suf) != 0 || !field_num(m->rows[i][c], &gbps))
			continue;
		kib = strtod(key + strlen(pre), &end);
		if (end != key + n - strlen(suf) || kib <= 0 || gbps <= 0)
			continue;
		sbuf_printf(&sz, "%s%.0f", sz.len ? " " : "", kib * 1024);
		sbuf_printf(&bw, "%s%g", bw.len ? " " : "", gbps);
	}
	gp_str(v, "memcpy_sizes", sz.p);
	gp_str(v, "memcpy_gbps", bw.p);
	sbuf_free(&sz);
	sbuf_free(&bw);
}

static void fig_bandwidth(const struct run_dir *r, struct figlist *l)
{
	const struct csv_table *t = &r->t[RF_SUMMARY];
	struct rowsel s = { .mode = "bandwidth", .need = { "bandwidth_bytes_per_s" } };
	struct group g[FIG_MAX_GROUPS];
	size_t ng = find_groups(t, &s, g, FIG_MAX_GROUPS);
	char tag[64];

	if (csv_col(t, "bandwidth_bytes_per_s") < 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth_bytes_per_s column: "
			   "this run measured no bandwidth");
	else if (ng == 0)
		fig_nodata(l, FK_BANDWIDTH, "summary.csv has no bandwidth row with a value");
	for (size_t i = 0; i < ng; i++) {
		struct fig *f;

		group_tag(g, ng, i, tag, sizeof(tag));
		f = fig_add(l, FK_BANDWIDTH, "bandwidth-%s\tBandwidth vs message size, all "
			    "transports, %s (client CPU %d, server CPU %d)", tag, g[i].placement,
			    g[i].ccpu, g[i].scpu);
		if (!f)
			continue;
		s.g = &g[i];
		fig_run_vars(&f->vars, r, RF_SUMMARY);
		list_vars(&f->vars, t, &s);
		fig_group_vars(&f->vars, &g[i]);
		memcpy_vars(&f->vars, r);
	}
}

void figures_for_run(const struct run_dir *r, double spectrum_size, struct figlist *l)
{
	fig_latency(r, l);
	fig_spectrum(r, spectrum_size, l);
	fig_placement(r, l);
	fig_bandwidth(r, l);
	fig_counters(r, l);
	fig_heatmap(r, l);
	fig_copies(r, l);
	fig_lrpc(r, l);
	fig_load(r, l);
	fig_parties(r, l);
}
