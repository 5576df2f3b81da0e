#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "out/rank.h"
#include "stats/exact.h"
#include "stats/stats.h"

#define RANK_RESAMPLES 2000
#define RANK_SEED 1 /* the same run always gives the same intervals */

static int wanted(const char *only, const char *name)
{
	size_t len = strlen(name);

	if (!only)
		return 1;
	for (const char *p = only; *p;) {
		size_t w = strcspn(p, ",");

		if (w == len && strncmp(p, name, len) == 0)
			return 1;
		p += w + (p[w] == ',');
	}
	return 0;
}

static int push_obs(struct rank *r, const struct rank_obs *o, size_t *cap)
{
	if (r->nobs == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct rank_obs *v = realloc(r->obs, c * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->obs = v;
		*cap = c;
	}
	r->obs[r->nobs++] = *o;
	return 0;
}

static int same_group(const struct rank_group *g, const struct rank_obs *o)
{
	return g->size == o->size && g->ccpu == o->ccpu && g->scpu == o->scpu &&
	       strcmp(g->mode, o->mode) == 0 && strcmp(g->placement, o->placement) == 0 &&
	       strcmp(g->load, o->load) == 0;
}

static struct rank_item *item_of(struct rank_group *g, const char *transport)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->items[i].transport, transport) == 0)
			return &g->items[i];
	return NULL;
}

/* Adds o to its group and item, making them as needed. */
static int place_obs(struct rank *r, const struct rank_obs *o)
{
	struct rank_group *g = NULL;
	struct rank_item *it;

	for (size_t i = 0; i < r->ngroups && !g; i++)
		if (same_group(&r->groups[i], o))
			g = &r->groups[i];
	if (!g) {
		struct rank_group *v = realloc(r->groups, (r->ngroups + 1) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->groups = v;
		g = &v[r->ngroups++];
		*g = (struct rank_group){ o->mode, o->placement, o->size, o->ccpu, o->scpu, NAN, 0,
					  NULL, o->load };
	}
	it = item_of(g, o->transport);
	if (!it) {
		struct rank_item *v = realloc(g->items, (g->n + 1) * sizeof(*v));

		if (!v)
			return -ENOMEM;
		g->items = v;
		it = &v[g->n++];
		*it = (struct rank_item){ .transport = o->transport, .ratio = NAN, .lo = NAN, .p = NAN,
					  .hi = NAN, .verdict = RANK_NO_FIGURE };
	}
	it->reps++;
	if (isnan(o->p50_ns)) {
		if (!it->status) {
			it->status = o->status;
			it->note = o->note;
		}
		return 0;
	}
	double *p = realloc(it->p50s, (it->ok + 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	it->p50s = p;
	p[it->ok++] = o->p50_ns;
	return 0;
}

static int by_p50(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;

	if (!x->ok || !y->ok)
		return !x->ok - !y->ok; /* the ones without a figure last */
	return (x->p50 > y->p50) - (x->p50 < y->p50);
}

/* The group's floor and, for every item, its median, ratio, interval and verdict. */
static int judge_group(struct rank *r, struct rank_group *g)
{
	double *floors = malloc((r->nobs + 1) * sizeof(*floors)), *scratch;
	size_t nf = 0;

	if (!floors)
		return -ENOMEM;
	for (size_t i = 0; i < r->nobs; i++)
		if (same_group(g, &r->obs[i]) && !isnan(r->obs[i].floor_ns))
			floors[nf++] = r->obs[i].floor_ns;
	g->floor_ns = nf ? stats_median(floors, nf) : NAN;
	free(floors);
	for (size_t i = 0; i < g->n; i++) {
		struct rank_item *it = &g->items[i];

		if (!it->ok)
			continue;
		scratch = malloc(it->ok * sizeof(*scratch));
		if (!scratch)
			return -ENOMEM;
		memcpy(scratch, it->p50s, it->ok * sizeof(*scratch));
		it->p50 = stats_median(scratch, it->ok);
		free(scratch);
	}
	qsort(g->items, g->n, sizeof(*g->items), by_p50);
	for (size_t i = 0; i < g->n && g->items[0].ok; i++) {
		struct rank_item *it = &g->items[i], *best = &g->items[0];
		struct boot_params bp = { RANK_RESAMPLES, 0.95, RANK_SEED };
		struct ratio_ci ci;
		struct mw_result mw;

		if (!it->ok)
			break;
		it->ratio = it->p50 / best->p50;
		it->verdict = i == 0 ? RANK_FASTEST : RANK_UNTOLD;
		if (i == 0 || it->ok < RANK_MIN_REPS || best->ok < RANK_MIN_REPS ||
		    boot_median_ratio(best->p50s, best->ok, it->p50s, it->ok, &bp, &ci) < 0 ||
		    mw_test(best->p50s, best->ok, it->p50s, it->ok, &mw) < 0)
			continue;
		it->lo = ci.lo;
		it->hi = ci.hi;
		it->p = mw.p / 2;
		/* the interval clear of 1, and the exact test significant: one-sided, since the
		 * ranking gives the direction (3 vs 3 fully apart: p = 1/20) */
		it->verdict = ci.lo > 1 && mw.p / 2 <= RANK_ALPHA ? RANK_SLOWER : RANK_SAME;
	}
	return 0;
}

static int build(struct rank *r)
{
	int e = 0;

	for (size_t i = 0; e == 0 && i < r->nobs; i++)
		e = place_obs(r, &r->obs[i]);
	for (size_t i = 0; e == 0 && i < r->ngroups; i++)
		e = judge_group(r, &r->groups[i]);
	return e;
}

static double floor_of(double before, double after)
{
	return before > 0 && after > 0 ? (before + after) / 2 : NAN;
}

int rank_from_rows(struct rank *r, const struct row *rows, size_t n, const char *only)
{
	size_t cap = 0;
	int e = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; e == 0 && i < n; i++) {
		const struct row *w = &rows[i];
		const struct cell_result *res = &w->res;

		if (!w->done || w->set.client_cpu < 0 || !wanted(only, w->t->name))
			continue;
		struct rank_obs o = {
			w->t->name, cell_mode_name(w->set.mode), w->placement,
			cell_status_name(res->status), res->note, w->size, w->set.client_cpu,
			w->set.server_cpu, res->has_stats ? res->st.p50 : NAN,
			floor_of(res->floor_before_ns, res->floor_after_ns),
			"",
		};
		load_label(o.load, sizeof(o.load), w->set.rate_per_s, w->set.idle_ns,
			   w->set.loop == LOOP_OPEN, w->set.clients, w->set.subscribers);
		e = push_obs(r, &o, &cap);
	}
	return e ? e : build(r);
}

static double num_or_nan(const char *s)
{
	return s && *s && strcmp(s, "NA") != 0 ? strtod(s, NULL) : NAN;
}

/* A count column of row i; 0 when the run has no such column (older runs) or NA. */
static uint64_t count_or_0(const struct csv_table *t, size_t i, const char *col)
{
	double v = num_or_nan(csv_get(t, i, col));

	return isnan(v) || v < 0 ? 0 : (uint64_t)v;
}

int rank_from_csv(struct rank *r, const struct csv_table *t, const char *only)
{
	size_t cap = 0;
	int e = 0;

	memset(r, 0, sizeof(*r));
	for (size_t i = 0; e == 0 && i < t->nrows; i++) {
		const char *name = csv_get(t, i, "transport"), *st = csv_get(t, i, "status");
		double cc = num_or_nan(csv_get(t, i, "client_cpu"));

		if (!name || !st || isnan(cc) || !wanted(only, name))
			continue;
		struct rank_obs o = {
			name, csv_get(t, i, "mode") ? csv_get(t, i, "mode") : "latency",
			csv_get(t, i, "placement") ? csv_get(t, i, "placement") : "unclassified", st,
			csv_get(t, i, "note") ? csv_get(t, i, "note") : "",
			(uint64_t)num_or_nan(csv_get(t, i, "size_bytes")), (int)cc,
			(int)num_or_nan(csv_get(t, i, "server_cpu")),
			strcmp(st, "ok") == 0 ? num_or_nan(csv_get(t, i, "p50_ns")) : NAN,
			floor_of(num_or_nan(csv_get(t, i, "floor_before_ns")),
				 num_or_nan(csv_get(t, i, "floor_after_ns"))),
			"",
		};
		load_label(o.load, sizeof(o.load), count_or_0(t, i, "rate_per_s"),
			   count_or_0(t, i, "idle_ns"),
			   csv_get(t, i, "loop") && strcmp(csv_get(t, i, "loop"), "open") == 0,
			   (unsigned)count_or_0(t, i, "clients"),
			   (unsigned)count_or_0(t, i, "subscribers"));
		e = push_obs(r, &o, &cap);
	}
	return e ? e : build(r);
}

void rank_free(struct rank *r)
{
	for (size_t i = 0; i < r->ngroups; i++) {
		for (size_t j = 0; j < r->groups[i].n; j++)
			free(r->groups[i].items[j].p50s);
		free(r->groups[i].items);
	}
	free(r->groups);
	free(r->obs);
	sbuf_free(&r->text);
	memset(r, 0, sizeof(*r));
}
