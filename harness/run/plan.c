#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out/schema.h"
#include "run/plan.h"

#define MAX_MATRIX_CPUS 1024

/* Where a cell runs: the client and server CPUs, or, for fan-in, the spread and the number
 * of clients (a, b: the first client's CPU and the server's). */
struct cpu_pair {
	int a, b;
	char label[24];
	char why[160]; /* non-empty: the pair does not exist here */
	unsigned clients, subscribers;
	int spread, oversubscribed;
};

static void label_of(const struct topology *t, struct cpu_pair *p)
{
	snprintf(p->label, sizeof(p->label), "%s", placement_name(topo_classify(t, p->a, p->b)));
}

static int matrix_pairs(const struct topology *t, const char *how, struct cpu_pair **out,
			size_t *n)
{
	int *cpus = malloc(MAX_MATRIX_CPUS * sizeof(int));
	size_t nc = 0;
	char why[160];
	int r = cpus ? topo_matrix_cpus(t, how, cpus, MAX_MATRIX_CPUS, &nc, why, sizeof(why))
		     : -ENOMEM;

	*out = r == 0 ? calloc(nc * nc + 1, sizeof(**out)) : NULL;
	*n = 0;
	if (r == 0 && !*out)
		r = -ENOMEM;
	for (size_t i = 0; r == 0 && i < nc; i++)
		for (size_t j = 0; j < nc; j++) {
			struct cpu_pair *p = &(*out)[(*n)++];
			p->a = cpus[i];
			p->b = cpus[j];
			label_of(t, p);
		}
	free(cpus);
	return r;
}

/* Fan-in or fan-out: every spread with every count of clients (subscribers), each planned
 * on the topology. */
static int party_places(const struct topology *t, const struct sweep *sw, struct cpu_pair **out,
			size_t *n)
{
	size_t ns = sw->nspreads ? sw->nspreads : 1;
	const struct u64_list *counts = sw->clients.n ? &sw->clients : &sw->subscribers;

	*n = 0;
	*out = calloc(ns * counts->n, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t s = 0; s < ns; s++)
		for (size_t k = 0; k < counts->n; k++) {
			struct cpu_pair *p = &(*out)[(*n)++];
			struct party_plan plan;
			int r;

			unsigned m = (unsigned)counts->v[k];

			p->clients = sw->clients.n ? m : 0;
			p->subscribers = sw->clients.n ? 0 : m;
			p->spread = sw->nspreads ? sw->spreads[s] : SPREAD_CORE;
			if ((r = party_plan_make(t, m, (enum spread)p->spread, &plan)) < 0) {
				free(*out);
				*out = NULL;
				return r;
			}
			p->b = plan.cpu[0];
			p->a = plan.cpu[1];
			p->oversubscribed = plan.oversubscribed;
			label_of(t, p);
			party_plan_free(&plan);
		}
	return 0;
}

static int sweep_pairs(const struct topology *t, const struct sweep *sw, struct cpu_pair **out,
		       size_t *n)
{
	if (sw->clients.n || sw->subscribers.n)
		return party_places(t, sw, out, n);
	if (sw->matrix)
		return matrix_pairs(t, sw->matrix, out, n);
	*n = sw->nplacements ? sw->nplacements : 1;
	*out = calloc(*n, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	if (!sw->nplacements) {
		(*out)->a = sw->set.client_cpu;
		(*out)->b = sw->set.server_cpu;
		label_of(t, *out);
		return 0;
	}
	for (size_t i = 0; i < *n; i++) {
		struct cpu_pair *p = &(*out)[i];
		enum placement pl = (enum placement)sw->placements[i];

		snprintf(p->label, sizeof(p->label), "%s", placement_name(pl));
		if (topo_pick(t, pl, &p->a, &p->b, p->why, sizeof(p->why)) < 0)
			p->a = p->b = -1;
	}
	return 0;
}

/* One cell of the sweep: its transport, size and rate by index. */
struct cell_at {
	size_t t, s, rate;
	unsigned rep;
};

static void add_row(struct row **rows, size_t *n, const struct sweep *sw, const struct cpu_pair *p,
		    const struct cell_at *at)
{
	struct row *r = &(*rows)[(*n)++];

	*r = (struct row){ .sw = sw, .t = sw->t[at->t], .size = sw->sizes[at->s], .rep = at->rep,
			   .set = sw->set };
	r->set.rate_per_s = sw->rates.n ? sw->rates.v[at->rate] : 0;
	if (!r->set.rate_per_s)
		r->set.loop = LOOP_CLOSED; /* the hot loop is closed, whatever the sweep says */
	r->set.client_cpu = p->a;
	r->set.server_cpu = p->b;
	r->set.clients = p->clients;
	r->set.subscribers = p->subscribers;
	r->set.spread = p->spread;
	r->oversubscribed = p->oversubscribed;
	snprintf(r->placement, sizeof(r->placement), "%s", p->label);
	if (p->why[0]) { /* known now: nothing to run */
		r->done = 1;
		r->res.status = CELL_SKIPPED;
		snprintf(r->res.note, sizeof(r->res.note), "placement %s not available: %s", p->label,
			 p->why);
	}
}

static int plan_sweep(const struct topology *t, const struct sweep *sw, struct row **rows,
		      size_t *n, size_t *cap)
{
	struct cpu_pair *pairs;
	size_t np;
	int r = sweep_pairs(t, sw, &pairs, &np);
	size_t nrates = sw->rates.n ? sw->rates.n : 1;
	size_t need = (size_t)sw->set.repeat * np * sw->nt * sw->nsizes * nrates;

	if (r < 0)
		return r;
	if (*n + need > *cap) {
		struct row *v = realloc(*rows, (*n + need + 1) * sizeof(**rows));
		if (!v) {
			free(pairs);
			return -ENOMEM;
		}
		*rows = v;
		*cap = *n + need + 1;
	}
	struct cell_at at;

	for (at.rep = 1; at.rep <= sw->set.repeat; at.rep++)
		for (size_t p = 0; p < np; p++)
			for (at.t = 0; at.t < sw->nt; at.t++)
				for (at.s = 0; at.s < sw->nsizes; at.s++)
					for (at.rate = 0; at.rate < nrates; at.rate++)
						/* one skipped row is enough */
						if (at.rep == 1 || !pairs[p].why[0])
							add_row(rows, n, sw, &pairs[p], &at);
	free(pairs);
	return 0;
}

int plan_rows(const struct run_config *cfg, const struct topology *t, struct row **rows,
	      size_t *n)
{
	size_t cap = 0;
	int r = 0;

	*rows = NULL;
	*n = 0;
	for (size_t i = 0; r == 0 && i < cfg->nsweeps; i++)
		r = plan_sweep(t, &cfg->sweeps[i], rows, n, &cap);
	if (r < 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return r;
}

/* A row's key as written: every setting and the repetition (out/schema.h). */
static char *key_of(const struct row *r)
{
	struct sbuf b = { 0 };

	for (size_t k = 0; k < nresults_cols; k++) {
		const struct col_def *d = &results_cols[k];

		if (d->role != COL_SETTING && d->role != COL_REPEAT)
			continue;
		schema_field(&b, d, r, (struct col_ref){ 0, NULL });
		sbuf_putc(&b, ',');
	}
	if (b.oom)
		sbuf_free(&b);
	return b.p;
}

struct keyed {
	char *key;
	size_t i;
};

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* "sweep 'a' plans" or "sweeps 'a' and 'b' plan" the same cell twice. */
static void say_duplicate(const struct row *a, const struct row *b, char *why, size_t n)
{
	char who[256];

	if (a->sw == b->sw)
		snprintf(who, sizeof(who), "sweep '%s' plans", a->sw->name);
	else
		snprintf(who, sizeof(who), "sweeps '%s' and '%s' plan", a->sw->name, b->sw->name);
	snprintf(why, n, "%s the same cell twice (%s %s %llu B, %s, repeat %u): give each cell "
		 "once, or tell sweeps apart by a setting of the key (ipcbench help columns)", who,
		 a->t->name, cell_mode_name(a->set.mode), (unsigned long long)a->size, a->placement,
		 a->rep);
}

int plan_check_unique(const struct row *rows, size_t n, char *why, size_t whylen)
{
	struct keyed *k = calloc(n + 1, sizeof(*k));
	int r = k ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < n; i++)
		if (!(k[i] = (struct keyed){ key_of(&rows[i]), i }).key)
			r = -ENOMEM;
	if (r == 0)
		qsort(k, n, sizeof(*k), by_key);
	for (size_t i = 1; r == 0 && i < n; i++)
		if (strcmp(k[i - 1].key, k[i].key) == 0) {
			say_duplicate(&rows[k[i - 1].i], &rows[k[i].i], why, whylen);
			r = -EEXIST;
		}
	if (r == -ENOMEM)
		snprintf(why, whylen, "planning the cells: out of memory");
	for (size_t i = 0; k && i < n; i++)
		free(k[i].key);
	free(k);
	return r;
}
