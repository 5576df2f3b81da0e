/* Running one repetition of a row of `ipcbench lrpc`, and a row over its repetitions. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "lrpcrun/lrpcrun.h"
#include "stats/stats.h"

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

static int run_harness(struct lrpc_run *r, struct lrpc_row *row)
{
	struct row *c = &r->cells[row->reps * r->ncells + row->cell];
	struct cell_spec spec = { .t = c->t, .size = c->size, .repeat = c->rep, .set = &c->set,
				  .clk = r->clk };
	int e = cell_run(&spec, 0, &c->res);

	if (e == -EINTR)
		return e; /* an interrupted cell is not a result */
	if (e < 0) {
		c->res.status = CELL_ERROR;
		snprintf(c->res.note, sizeof(c->res.note), "harness: %s", strerror(-e));
	}
	c->done = 1;
	record(row, c->res.status == CELL_OK, &c->res.st, NULL, c->res.note);
	return 0;
}

int lrpcrow_run(struct lrpc_run *r, struct lrpc_row *row)
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

void lrpcrow_aggregate(const struct lrpc_row *row, struct lrpc_agg *a)
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
