/* The rows of `ipcbench lrpc` (see lrpcrun/lrpcrun.h) and, for those measured through the
 * harness, their cells: one struct row (out/tables.h) per repetition, so that results.csv,
 * summary.csv and spectrum.csv come out as for any run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lrpcrun/lrpcrun.h"

#define MAX_ROWS 160

struct variant {
	const char *name;
	enum lrpc_handoff h;
	int safe;
};

static const struct variant handoffs[] = {
	{ "lrpc-futex", LRPC_FUTEX, 0 }, { "lrpc-spin", LRPC_SPIN, 0 },
	{ "lrpc-hybrid", LRPC_HYBRID, 0 }, { "lrpc-yield", LRPC_YIELD, 0 },
};
static const struct variant safety[] = {
	{ "lrpc-futex", LRPC_FUTEX, 0 }, { "lrpc-futex-safe", LRPC_FUTEX, 1 },
	{ "lrpc-spin", LRPC_SPIN, 0 }, { "lrpc-spin-safe", LRPC_SPIN, 1 },
};
static const char *const classic[] = { "pipe", "unix-stream", "sysv-msg", "shm-futex" };
static const char *const lrpc_tr[] = { "lrpc-futex", "lrpc-spin", "lrpc-hybrid", "lrpc-yield",
				       "lrpc-futex-safe", "lrpc-spin-safe" };
static const uint64_t in_sizes[] = { 64, 4096 };
static const uint64_t swept_sizes[] = { 8, 8 * LRPC_NARGS, 4096, 65536 };

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct lrpc_row *add(struct lrpc_run *r, const char *name, const char *call,
			    uint64_t size, int same)
{
	struct lrpc_row *row = &r->rows[r->n++];

	*row = (struct lrpc_row){ .name = name, .call = call, .size = size, .same_cpu = same };
	row->p50 = calloc(r->repeat, sizeof(double));
	row->p99 = calloc(r->repeat, sizeof(double));
	row->stage = calloc(r->repeat, sizeof(*row->stage));
	return row->p50 && row->p99 && row->stage ? row : NULL;
}

static int add_lib(struct lrpc_run *r, const struct variant *v, const char *call,
		   enum lrpcb_call kind, uint64_t size, int same)
{
	struct lrpc_row *row = add(r, v->name, call, size, same);

	if (!row)
		return -ENOMEM;
	row->lib = 1;
	row->spec = (struct lrpcb_spec){ .handoff = v->h, .safe = v->safe, .call = kind,
					 .size = kind == LRPCB_IN ? size : 0 };
	return 0;
}

static int add_harness(struct lrpc_run *r, const char *name, const char *call, uint64_t size,
		       int same)
{
	struct lrpc_row *row = add(r, name, call, size, same);

	if (!row)
		return -ENOMEM;
	row->t = transport_find(name);
	row->cell = r->ncells++;
	return row->t ? 0 : -ENOENT;
}

/* The payload sweep; for the classic transports its 8 and 64 B cells are the null and
 * args8 rows, so that every harness cell is measured once. */
static int plan_sweep(struct lrpc_run *r, int same)
{
	int e = 0;

	for (size_t s = 0; e == 0 && s < N(swept_sizes); s++) {
		for (size_t i = 0; e == 0 && i < N(lrpc_tr); i++)
			e = add_harness(r, lrpc_tr[i], "payload", swept_sizes[s], same);
		for (size_t i = 0; e == 0 && swept_sizes[s] > 8 * LRPC_NARGS && i < N(classic); i++)
			e = add_harness(r, classic[i], "payload", swept_sizes[s], same);
	}
	return e;
}

static int plan_placement(struct lrpc_run *r, int same)
{
	int e = 0;

	for (size_t i = 0; e == 0 && i < N(handoffs); i++)
		e = add_lib(r, &handoffs[i], "null", LRPCB_NULL, 0, same);
	for (size_t i = 0; e == 0 && i < N(classic); i++)
		e = add_harness(r, classic[i], "null", 8, same);
	for (size_t i = 0; e == 0 && i < N(handoffs); i++)
		e = add_lib(r, &handoffs[i], "args8", LRPCB_ARGS8, 8 * LRPC_NARGS, same);
	for (size_t i = 0; e == 0 && i < N(classic); i++)
		e = add_harness(r, classic[i], "args8", 8 * LRPC_NARGS, same);
	for (size_t s = 0; e == 0 && s < N(in_sizes); s++)
		for (size_t i = 0; e == 0 && i < N(safety); i++)
			e = add_lib(r, &safety[i], "in", LRPCB_IN, in_sizes[s], same);
	return e == 0 ? plan_sweep(r, same) : e;
}

/* The cells of the harness rows, repetitions outermost like a run's. */
static int plan_cells(struct lrpc_run *r)
{
	r->cells = calloc(r->ncells * r->repeat + 1, sizeof(*r->cells));
	if (!r->cells)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const struct lrpc_row *row = &r->rows[i];

		for (unsigned rep = 0; !row->lib && rep < r->repeat; rep++) {
			struct row *c = &r->cells[rep * r->ncells + row->cell];

			*c = (struct row){ .sw = &r->sweep, .t = row->t, .size = row->size,
					   .rep = rep + 1 };
			config_cell_settings(&c->set, r->warmup_ns, r->duration_ns, r->repeat, r->cpu_a,
					     row->same_cpu ? r->cpu_a : r->cpu_b);
			snprintf(c->placement, sizeof(c->placement), "%s",
				 row->same_cpu ? "same-cpu" : "cross-cpu");
		}
	}
	return 0;
}

/* Same-CPU rows first; cross-CPU rows only where there are two CPUs. */
int lrpcplan_build(struct lrpc_run *r)
{
	int e;

	r->rows = calloc(MAX_ROWS, sizeof(*r->rows));
	r->n = r->ncells = 0;
	if (!r->rows)
		return -ENOMEM;
	e = plan_placement(r, 1);
	if (e == 0 && r->cpu_a != r->cpu_b)
		e = plan_placement(r, 0);
	return e == 0 ? plan_cells(r) : e;
}

void lrpcplan_free(struct lrpc_run *r)
{
	for (size_t i = 0; r->rows && i < r->n; i++) {
		free(r->rows[i].p50);
		free(r->rows[i].p99);
		free(r->rows[i].stage);
	}
	for (size_t i = 0; r->cells && i < r->ncells * r->repeat; i++)
		cell_result_free(&r->cells[i].res);
	free(r->rows);
	free(r->cells);
	r->rows = NULL;
	r->cells = NULL;
}

const struct lrpc_row *lrpcplan_find(const struct lrpc_run *r, const char *name,
				     const char *call, uint64_t size, int same_cpu)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct lrpc_row *row = &r->rows[i];

		if (strcmp(row->name, name) == 0 && strcmp(row->call, call) == 0 &&
		    row->size == size && row->same_cpu == same_cpu)
			return row;
	}
	return NULL;
}
