#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell.h"
#include "config.h"
#include "lrpcrun.h"
#include "stats.h"

#define MAX_ROWS 128
#define HARNESS_SAMPLES (4u << 20)

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
static const char *const swept[] = { "lrpc-futex", "lrpc-spin", "lrpc-hybrid", "lrpc-yield",
				     "lrpc-futex-safe", "lrpc-spin-safe", "pipe", "unix-stream",
				     "sysv-msg", "shm-futex" };
static const uint64_t in_sizes[] = { 64, 4096 };
static const uint64_t swept_sizes[] = { 64, 4096, 65536 };

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
	return row->t ? 0 : -ENOENT;
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
	for (size_t s = 0; e == 0 && s < N(swept_sizes); s++)
		for (size_t i = 0; e == 0 && i < N(swept); i++)
			e = add_harness(r, swept[i], "payload", swept_sizes[s], same);
	return e;
}

/* Same-CPU rows first; cross-CPU rows only where there are two CPUs. */
int lrpcplan_build(struct lrpc_run *r)
{
	int e;

	r->rows = calloc(MAX_ROWS, sizeof(*r->rows));
	r->n = 0;
	if (!r->rows)
		return -ENOMEM;
	e = plan_placement(r, 1);
	if (e == 0 && r->cpu_a != r->cpu_b)
		e = plan_placement(r, 0);
	return e;
}

void lrpcplan_free(struct lrpc_run *r)
{
	for (size_t i = 0; r->rows && i < r->n; i++) {
		free(r->rows[i].p50);
		free(r->rows[i].p99);
		free(r->rows[i].stage);
	}
	free(r->rows);
	r->rows = NULL;
}

static void record(struct lrpc_row *row, int ok, const struct stats *st, const double *stage,
		   const char *note)
{
	row->reps++;
	if (!ok) {
		if (!row->note[0])
			snprintf(row->note, sizeof(row->note), "%s", note[0] ? note : "failed");
		return;
	}
	row->p50[row->ok] = st->p50;
	row->p99[row->ok] = st->p99;
	if (stage)
		memcpy(row->stage[row->staged++], stage, sizeof(row->stage[0]));
	row->ok++;
}

static int run_lib(const struct lrpc_run *r, struct lrpc_row *row)
{
	struct lrpcb_spec s = row->spec;
	struct lrpcb_result res;
	int e;

	s.client_cpu = r->cpu_a;
	s.server_cpu = row->same_cpu ? r->cpu_a : r->cpu_b;
	s.warmup_ns = r->warmup_ns;
	s.duration_ns = r->duration_ns;
	s.clk = r->clk;
	e = lrpcb_run(&s, &res);
	if (e == -EINTR)
		return e;
	if (e < 0)
		snprintf(res.note, sizeof(res.note), "harness: %s", strerror(-e));
	record(row, e == 0 && res.ok, &res.st, res.has_stages ? res.stage_ns : NULL, res.note);
	return 0;
}

static int run_harness(const struct lrpc_run *r, struct lrpc_row *row)
{
	struct cell_settings set;
	struct cell_result res;
	struct cell_spec spec = { .t = row->t, .size = row->size, .repeat = row->reps + 1,
				  .set = &set, .clk = r->clk };
	int e;

	config_default_settings(&set);
	set.warmup_ns = r->warmup_ns;
	set.duration_ns = r->duration_ns;
	set.iterations = HARNESS_SAMPLES;
	set.repeat = r->repeat;
	set.client_cpu = r->cpu_a;
	set.server_cpu = row->same_cpu ? r->cpu_a : r->cpu_b;
	e = cell_run(&spec, 0, &res);
	if (e == -EINTR)
		return e;
	if (e < 0)
		snprintf(res.note, sizeof(res.note), "harness: %s", strerror(-e));
	record(row, e == 0 && res.status == CELL_OK, &res.st, NULL, res.note);
	cell_result_free(&res);
	return 0;
}

int lrpcplan_run_row(const struct lrpc_run *r, struct lrpc_row *row)
{
	return row->lib ? run_lib(r, row) : run_harness(r, row);
}

static double median(const double *v, size_t n, size_t stride)
{
	double tmp[256];
	struct median_ci ci;

	n = n < 256 ? n : 256;
	for (size_t i = 0; i < n; i++)
		tmp[i] = v[i * stride];
	return stats_median_ci(tmp, n, 0.95, &ci) == 0 ? ci.median : 0;
}

void lrpcplan_aggregate(const struct lrpc_row *row, struct lrpc_agg *a)
{
	memset(a, 0, sizeof(*a));
	if (!row->ok)
		return;
	a->ok = 1;
	a->p50 = median(row->p50, row->ok, 1);
	a->p99 = median(row->p99, row->ok, 1);
	a->p50_min = a->p50_max = row->p50[0];
	for (unsigned i = 1; i < row->ok; i++) {
		a->p50_min = row->p50[i] < a->p50_min ? row->p50[i] : a->p50_min;
		a->p50_max = row->p50[i] > a->p50_max ? row->p50[i] : a->p50_max;
	}
	a->staged = row->staged > 0;
	for (int k = 0; a->staged && k < LRPCB_STAGES; k++)
		a->stage[k] = median(&row->stage[0][k], row->staged, LRPCB_STAGES);
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
