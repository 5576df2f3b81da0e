/* The placement plan of a many-party cell (sys/partyplan.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sys/partyplan.h"

#define MAX_GROUPS 4096

static const char *const spread_names[SPREAD_COUNT] = { "core", "l3", "package", "numa" };

const char *spread_name(enum spread s)
{
	return s >= 0 && s < SPREAD_COUNT ? spread_names[s] : "?";
}

int spread_from_name(const char *name)
{
	for (int i = 0; i < SPREAD_COUNT; i++)
		if (strcmp(spread_names[i], name) == 0)
			return i;
	return -1;
}

/* The group of PU p at the spread's level (-1 unknown: one group). */
static int group_of(const struct topo_pu *p, enum spread s)
{
	return s == SPREAD_L3 ? p->l3 : s == SPREAD_PACKAGE ? p->package : p->numa;
}

/* A candidate PU and its sort keys: its SMT rank (siblings of a core come after every
 * core's first PU), then either its closeness to the server and its order (core), or its
 * turn in the round robin over groups: its place within its group, then its group's
 * distance after the server's. */
struct cand {
	int os;
	long key[3];
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	for (int k = 0; k < 3; k++)
		if (x->key[k] != y->key[k])
			return x->key[k] < y->key[k] ? -1 : 1;
	return 0;
}

/* The SMT rank of each PU: how many PUs before it share its core. */
static void smt_ranks(const struct topology *t, long *smt)
{
	for (size_t i = 0; i < t->npu; i++) {
		smt[i] = 0;
		for (size_t j = 0; j < i; j++)
			smt[i] += t->pu[j].core == t->pu[i].core && t->pu[i].core >= 0;
	}
}

/* PU i's place among the clients' PUs (PU 0 is the server's) of its group and SMT rank. */
static long rank_in_group(const struct topology *t, const long *smt, size_t i, enum spread s)
{
	long r = 0;

	for (size_t j = 1; j < i; j++)
		r += group_of(&t->pu[j], s) == group_of(&t->pu[i], s) && smt[j] == smt[i];
	return r;
}

/* The groups of the level in order of first appearance; the turn of group g after the
 * server's group gs (the server's own group comes last). */
static long group_turn(const int *ids, size_t n, int g, int gs)
{
	size_t at = 0, from = 0;

	for (size_t k = 0; k < n; k++) {
		if (ids[k] == g)
			at = k;
		if (ids[k] == gs)
			from = k;
	}
	return n ? (long)((at + n - from - 1) % n) : 0;
}

static size_t level_groups(const struct topology *t, enum spread s, int *ids)
{
	size_t n = 0;

	for (size_t i = 0; i < t->npu && n < MAX_GROUPS; i++) {
		int id = group_of(&t->pu[i], s);
		size_t k;

		for (k = 0; k < n && ids[k] != id; k++)
			;
		if (k == n)
			ids[n++] = id;
	}
	return n;
}

static void fill_keys(const struct topology *t, const long *smt, const int *ids, size_t ng,
		      size_t i, enum spread s, struct cand *c)
{
	const struct topo_pu *p = &t->pu[i], *srv = &t->pu[0];

	c->os = p->os;
	c->key[0] = smt[i];
	if (s == SPREAD_CORE) {
		enum placement cls = topo_classify(t, srv->os, p->os);

		c->key[1] = cls == PL_NONE ? PL_COUNT : cls;
		c->key[2] = (long)i;
		return;
	}
	c->key[1] = rank_in_group(t, smt, i, s);
	c->key[2] = group_turn(ids, ng, group_of(p, s), group_of(srv, s));
}

/* The order in which clients take PUs: every PU but the server's, sorted, then its own. */
static int client_order(const struct topology *t, enum spread s, struct cand *c)
{
	long *smt = calloc(t->npu, sizeof(*smt));
	int *ids = calloc(MAX_GROUPS, sizeof(*ids));
	size_t ng;

	if (!smt || !ids) {
		free(smt);
		free(ids);
		return -ENOMEM;
	}
	smt_ranks(t, smt);
	ng = s == SPREAD_CORE ? 0 : level_groups(t, s, ids);
	for (size_t i = 1; i < t->npu; i++)
		fill_keys(t, smt, ids, ng, i, s, &c[i - 1]);
	qsort(c, t->npu - 1, sizeof(*c), cmp_cand);
	c[t->npu - 1].os = t->pu[0].os;
	free(smt);
	free(ids);
	return 0;
}

int party_plan_make(const struct topology *t, unsigned n, enum spread s, struct party_plan *p)
{
	struct cand *c;
	int r;

	memset(p, 0, sizeof(*p));
	if (t->npu == 0)
		return -EINVAL;
	p->cpu = calloc((size_t)n + 1, sizeof(*p->cpu));
	c = calloc(t->npu, sizeof(*c));
	r = p->cpu && c ? client_order(t, s, c) : -ENOMEM;
	if (r == 0) {
		p->n = n;
		p->cpu[0] = t->pu[0].os;
		for (unsigned k = 0; k < n; k++)
			p->cpu[k + 1] = c[k % t->npu].os;
		p->oversubscribed = (size_t)n + 1 > t->npu;
	} else {
		party_plan_free(p);
	}
	free(c);
	return r;
}

void party_plan_free(struct party_plan *p)
{
	free(p->cpu);
	memset(p, 0, sizeof(*p));
}
