#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "run/copies.h"
#include "stats/fit.h"
#include "floors/slopes.h"
#include "stats/stats.h"

#define MIN_SIZES 3

struct group {
	const struct row *first; /* its sweep, transport, CPUs and placement are the group's */
	size_t n;
	uint64_t size[SLOPES_MAX_SIZES];
	double oneway_ns[SLOPES_MAX_SIZES];
	struct fit f;
	int fitted;
	const struct slopes *sl;
};

static int usable(const struct row *r)
{
	return r->done && r->res.status == CELL_OK && r->res.has_stats &&
	       r->set.mode == MODE_LATENCY && cell_is_classic(&r->set) &&
	       !(r->t->flags & TR_NOPAYLOAD) && r->size > 0 && r->size <= SLOPES_MAX_BYTES;
}

/* Same sweep, transport, CPU pair and placement: one line of copies.csv. */
static int same_group(const struct row *a, const struct row *b)
{
	return a->sw == b->sw && a->t == b->t && a->set.client_cpu == b->set.client_cpu &&
	       a->set.server_cpu == b->set.server_cpu && strcmp(a->placement, b->placement) == 0;
}

/* Median over the repetitions of the p50 of key's group and size, halved. */
static int oneway(const struct row *rows, size_t n, const struct row *key, double *out)
{
	double v[1024];
	size_t m = 0;
	struct median_ci ci;

	for (size_t i = 0; i < n && m < 1024; i++)
		if (usable(&rows[i]) && same_group(&rows[i], key) && rows[i].size == key->size)
			v[m++] = rows[i].res.st.p50;
	if (!m || stats_median_ci(v, m, 0.95, &ci) < 0)
		return -1;
	*out = ci.median / 2;
	return 0;
}

static void add_size(struct group *g, const struct row *rows, size_t n, const struct row *r)
{
	for (size_t k = 0; k < g->n; k++)
		if (g->size[k] == r->size)
			return;
	if (g->n < SLOPES_MAX_SIZES && oneway(rows, n, r, &g->oneway_ns[g->n]) == 0)
		g->size[g->n++] = r->size;
}

static size_t collect(const struct row *rows, size_t n, struct group *g)
{
	size_t ng = 0, k;

	for (size_t i = 0; i < n; i++) {
		if (!usable(&rows[i]))
			continue;
		for (k = 0; k < ng && !same_group(g[k].first, &rows[i]); k++)
			;
		if (k == ng)
			g[ng++] = (struct group){ .first = &rows[i] };
		add_size(&g[k], rows, n, &rows[i]);
	}
	return ng;
}

static int same_cpus(const struct group *a, const struct group *b)
{
	return a->first->set.client_cpu == b->first->set.client_cpu &&
	       a->first->set.server_cpu == b->first->set.server_cpu;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The sizes of all groups on g[first]'s CPUs, sorted, each once. */
static size_t pair_sizes(const struct group *g, size_t ng, size_t first, uint64_t *out)
{
	size_t m = 0;

	for (size_t i = first; i < ng; i++)
		for (size_t k = 0; same_cpus(&g[i], &g[first]) && g[i].n >= MIN_SIZES && k < g[i].n; k++) {
			size_t j;
			for (j = 0; j < m && out[j] != g[i].size[k]; j++)
				;
			if (j == m && m < SLOPES_MAX_SIZES)
				out[m++] = g[i].size[k];
		}
	qsort(out, m, sizeof(*out), cmp_u64);
	return m;
}

static void meta_slopes(struct meta *m, const struct slopes *s)
{
	char key[96];

	snprintf(key, sizeof(key), "slopes_cpus_%d_%d", s->client_cpu, s->server_cpu);
	if (!s->ok) {
		meta_set(m, key, "failed: %s", s->note);
		return;
	}
	meta_set(m, key, "memcpy %.5f, kernel copy %.5f, transfer %.5f ns/byte (read of the "
		 "peer's lines %.5f, of own lines %.5f)", s->memcpy.b, s->kcopy.b,
		 s->transfer_ns_per_byte, s->xread.b, s->read.b);
}

/* One slope probe per CPU pair; g[i].sl points at its pair's. */
static int probe_pairs(const struct clock_src *clk, struct group *g, size_t ng,
		       struct slopes *sl, size_t *nsl, struct meta *m)
{
	uint64_t sizes[SLOPES_MAX_SIZES];

	*nsl = 0;
	for (size_t i = 0; i < ng; i++) {
		size_t j, ns;

		for (j = 0; j < i && !same_cpus(&g[j], &g[i]); j++)
			;
		if (j < i) {
			g[i].sl = g[j].sl;
			continue;
		}
		ns = pair_sizes(g, ng, i, sizes);
		if (ns < MIN_SIZES)
			continue;
		int r = slopes_measure(clk, g[i].first->set.client_cpu, g[i].first->set.server_cpu, sizes,
				       ns, &sl[*nsl]);
		if (r < 0)
			return r;
		meta_slopes(m, &sl[*nsl]);
		g[i].sl = &sl[(*nsl)++];
	}
	return 0;
}

/* A transport that reaches the peer's pages through the kernel (cma, vmsplice) copies
 * pinned pages, like process_vm_readv; every other copy is a plain copy loop in user
 * space or in copy_{to,from}_user, like memcpy. */
static int kernel_unit(const struct transport *t)
{
	return (t->flags & TR_SEND_INPLACE) != 0;
}

static const char *unit_name(const struct transport *t)
{
	return kernel_unit(t) ? "process_vm_readv" : "memcpy";
}

static int measured_copies(const struct group *g, double *out)
{
	const struct slopes *s = g->sl;
	double unit;

	if (!g->fitted || !s || !s->ok)
		return 0;
	unit = kernel_unit(g->first->t) ? s->kcopy.b : s->memcpy.b;
	if (unit <= 0)
		return 0;
	*out = (g->f.b - s->transfer_ns_per_byte) / unit;
	return 1;
}

static void csv_row(struct sbuf *b, const struct group *g)
{
	const struct cell_settings *s = &g->first->set;
	const struct transport *t = g->first->t;
	const struct slopes *sl = g->sl;
	int sok = sl && sl->ok;
	double c = 0;
	int cok = measured_copies(g, &c);

	sbuf_csv_field(b, t->name);
	sbuf_printf(b, ",latency,%s,%d,%d,%s,%s,%llu,%zu,", g->first->placement, s->client_cpu,
		    s->server_cpu, cell_cache_name(s->cache), cell_touch_name(s->touch),
		    (unsigned long long)s->footprint, g->n);
	for (size_t k = 0; k < g->n; k++)
		sbuf_printf(b, "%s%llu", k ? ";" : "", (unsigned long long)g->size[k]);
	sbuf_printf(b, ",");
	sbuf_csv_num(b, g->fitted, g->f.a, 1), sbuf_printf(b, ",");
	sbuf_csv_num(b, g->fitted, g->f.b, 5), sbuf_printf(b, ",");
	sbuf_csv_num(b, g->fitted, g->f.r2, 4), sbuf_printf(b, ",");
	sbuf_csv_num(b, sok, sok ? sl->memcpy.b : 0, 5), sbuf_printf(b, ",");
	sbuf_csv_num(b, sok, sok ? sl->kcopy.b : 0, 5), sbuf_printf(b, ",");
	sbuf_csv_num(b, sok, sok ? sl->transfer_ns_per_byte : 0, 5);
	sbuf_printf(b, ",%s,%d,", unit_name(t), t->copies);
	sbuf_csv_num(b, cok, c, 2);
	sbuf_printf(b, ",");
	sbuf_csv_field(b, !g->fitted ? "fewer than 3 sizes passed: no fit"
			 : !sok ? (sl ? sl->note : "no slope probe") : "");
	sbuf_printf(b, "\n");
}

static void print_table(struct sbuf *f, const struct group *g, size_t ng)
{
	sbuf_printf(f, "\nCopies per one-way message (latency mode; time per byte against the copy "
		   "slopes, copies.csv):\n%-16s %6s %6s %10s %8s %8s %7s\n", "transport", "cpus",
		"model", "measured", "ns/B", "r2", "sizes");
	for (size_t i = 0; i < ng; i++) {
		double c = 0;
		char cpus[24];

		snprintf(cpus, sizeof(cpus), "%d,%d", g[i].first->set.client_cpu,
			 g[i].first->set.server_cpu);
		sbuf_printf(f, "%-16s %6s %6d ", g[i].first->t->name, cpus, g[i].first->t->copies);
		if (measured_copies(&g[i], &c))
			sbuf_printf(f, "%10.2f %8.4f %8.3f %7zu\n", c, g[i].f.b, g[i].f.r2, g[i].n);
		else
			sbuf_printf(f, "%10s %8s %8s %7zu\n", "NA", "NA", "NA", g[i].n);
	}
}

static void fit_groups(struct group *g, size_t ng)
{
	for (size_t i = 0; i < ng; i++) {
		double x[SLOPES_MAX_SIZES];

		for (size_t k = 0; k < g[i].n; k++)
			x[k] = (double)g[i].size[k];
		g[i].fitted = g[i].n >= MIN_SIZES && fit_line(x, g[i].oneway_ns, g[i].n, &g[i].f) == 0;
	}
}

static int write_csv(const char *dir, const struct group *g, size_t ng)
{
	struct sbuf b = { 0 };
	char path[4200];
	int r;

	sbuf_printf(&b, "transport,mode,placement,client_cpu,server_cpu,cache,touch,"
			"footprint_bytes,n_sizes,sizes,intercept_ns,slope_ns_per_byte,fit_r2,"
			"memcpy_ns_per_byte,kernel_copy_ns_per_byte,transfer_ns_per_byte,copy_unit,"
			"copies_model,copies_measured,note\n");
	for (size_t i = 0; i < ng; i++)
		csv_row(&b, &g[i]);
	snprintf(path, sizeof(path), "%s/copies.csv", dir);
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return r;
}

int copies_run(const struct clock_src *clk, const struct row *rows, size_t n, const char *dir,
	       struct meta *m, struct sbuf *table)
{
	struct group *g = calloc(n ? n : 1, sizeof(*g));
	struct slopes *sl = calloc(n ? n : 1, sizeof(*sl));
	size_t ng, nsl = 0;
	int r = g && sl ? 0 : -ENOMEM;

	ng = r == 0 ? collect(rows, n, g) : 0;
	if (ng) {
		fit_groups(g, ng);
		r = probe_pairs(clk, g, ng, sl, &nsl, m);
	}
	if (ng && r == 0) {
		r = write_csv(dir, g, ng);
		if (table)
			print_table(table, g, ng);
	}
	free(g);
	free(sl);
	return r;
}
