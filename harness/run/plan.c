#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out/schema.h"
#include "run/plan.h"

#define MAX_MATRIX_CPUS 1024

struct cpu_pair {
	int a, b;
	char label[24];
	char why[160]; /* non-empty: the pair does not exist here */
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

static int sweep_pairs(const struct topology *t, const struct sweep *sw, struct cpu_pair **out,
		       size_t *n)
{
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

static void add_row(struct row **rows, size_t *n, const struct sweep *sw, const struct cpu_pair *p,
		    size_t t, size_t s, unsigned rep)
{
	struct row *r = &(*rows)[(*n)++];

	*r = (struct row){ .sw = sw, .t = sw->t[t], .size = sw->sizes[s], .rep = rep, .set = sw->set };
	r->set.client_cpu = p->a;
	r->set.server_cpu = p->b;
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
	size_t need = (size_t)sw->set.repeat * np * sw->nt * sw->nsizes;

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
	for (unsigned rep = 1; rep <= sw->set.repeat; rep++)
		for (size_t p = 0; p < np; p++)
			for (size_t i = 0; i < sw->nt; i++)
				for (size_t s = 0; s < sw->nsizes; s++)
					if (rep == 1 || !pairs[p].why[0]) /* one skipped row is enough */
						add_row(rows, n, sw, &pairs[p], i, s, rep);
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
