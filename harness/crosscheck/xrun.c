/* The rounds of `ipcbench crosscheck`: in every round every row runs our cell and the
 * tool, ours first in odd rounds and the tool first in even ones (ABBA). A row whose tool
 * or cell fails stops there (the reason goes in its note); the others go on. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "crosscheck/crosscheck.h"
#include "crosscheck/tools.h"
#include "cell/payload.h"
#include "sys/spawn.h"
#include "stats/signrank.h"
#include "stats/stats.h"

static void fail(struct xrow *w, unsigned r, const char *who, const char *why)
{
	w->status = XR_FAILED;
	snprintf(w->note, sizeof(w->note), "round %u, %s: %s", r + 1, who, why);
}

static int run_ours(struct xrun *x, struct xrow *w, unsigned r)
{
	struct xround *rd = &w->round[r];
	struct row *c = &rd->cell;
	struct cell_spec spec;
	int e;

	*c = (struct row){ .sw = &x->sweep, .t = transport_find(w->s->transport),
			   .size = w->s->size, .rep = r + 1 };
	config_cell_settings(&c->set, x->warmup_ns, x->duration_ns, x->rounds, w->client_cpu,
			     w->server_cpu);
	c->set.rate_per_s = w->s->rate_per_s;
	c->set.loop = w->s->rate_per_s ? LOOP_OPEN : LOOP_CLOSED; /* as sockperf under-load */
	snprintf(c->placement, sizeof(c->placement), "%s", w->s->same_cpu ? "same-cpu" : "cross-cpu");
	spec = (struct cell_spec){ .t = c->t, .size = c->size, .repeat = c->rep, .set = &c->set,
				   .clk = x->clk, .counters_closed_ns = &x->counters_closed_ns };
	e = cell_run(&spec, 0, &c->res);
	if (e == -EINTR)
		return e;
	if (e < 0) {
		c->res.status = CELL_ERROR;
		snprintf(c->res.note, sizeof(c->res.note), "harness: %s", strerror(-e));
	}
	c->done = 1;
	rd->our_ok = c->res.status == CELL_OK && c->res.has_stats;
	if (!rd->our_ok) {
		char why[400];

		snprintf(why, sizeof(why), "%s%s%s", cell_status_name(c->res.status),
			 c->res.note[0] ? ": " : "", c->res.note);
		fail(w, r, "ipcbench", why);
	}
	return 0;
}

/* How many round trips our latest cell of this row measured: the tool gets as many. */
static uint64_t our_round_trips(const struct xrow *w, unsigned r)
{
	for (unsigned k = r + 1; k-- > 0;)
		if (w->round[k].our_ok)
			return w->round[k].cell.res.st.n;
	return 0;
}

static int run_theirs(struct xrun *x, struct xrow *w, unsigned r)
{
	struct xround *rd = &w->round[r];
	struct xtool_job j = { .run = x, .row = w, .round_trips = our_round_trips(w, r) };
	int e;

	ctr_wait_hooks_off(x->counters_closed_ns);
	switch (w->s->kind) {
	case XK_PERF_PIPE: e = xtool_perf_pipe(&j); break;
	case XK_SOCKPERF: e = xtool_sockperf(&j); break;
	default: e = xtool_lmbench(&j); break;
	}
	if (e == -EINTR)
		return e;
	rd->their = j.fig;
	rd->their_ok = e == 0;
	snprintf(rd->their_note, sizeof(rd->their_note), "%s", j.note);
	if (!rd->their_ok)
		fail(w, r, w->s->exe, j.note[0] ? j.note : strerror(-e));
	return 0;
}

static void progress(const struct xrun *x, const struct xrow *w, unsigned r, const char *who)
{
	if (!x->progress)
		return;
	fprintf(stderr, "\r\033[K[round %u/%u] %s: %s", r + 1, x->rounds, w->s->id, who);
	fflush(stderr);
}

/* Both sides of one row in one round, in this round's order. Returns -EINTR or 0. */
static int run_pair(struct xrun *x, struct xrow *w, unsigned r, void (*after)(void *), void *arg)
{
	struct xround *rd = &w->round[r];

	rd->ours_first = r % 2 == 0;
	w->nrounds = r + 1;
	for (int side = 0; side < 2 && w->status == XR_PENDING; side++) {
		int ours = (side == 0) == rd->ours_first;
		int e;

		progress(x, w, r, ours ? "ipcbench" : w->s->exe);
		e = ours ? run_ours(x, w, r) : run_theirs(x, w, r);
		if (e == -EINTR || spawn_interrupt_pending())
			return -EINTR;
		if (after)
			after(arg);
	}
	return 0;
}

static void wire_sentence(const struct xrow *w, char *buf, size_t n)
{
	const struct xround *rd = &w->round[0];
	size_t ours = rd->cell.res.wire_bytes ? rd->cell.res.wire_bytes :
		      (size_t)w->s->size + MSG_HDR_SIZE;

	snprintf(buf, n, "ours: %s on CPUs %d,%d, %llu B payload + %zu B header = %zu B each way; "
		 "%s: %u B each way%s", w->s->transport, w->client_cpu, w->server_cpu,
		 (unsigned long long)w->s->size, (size_t)MSG_HDR_SIZE, ours, w->s->exe,
		 w->s->their_wire_bytes, w->s->kind == XK_SOCKPERF ? " (-m, its own header "
		 "included)" : "");
}

/* The note of a row that ran: bytes on the wire and how the tool ran (first, last round). */
static void finish_row(struct xrow *w, int interrupted, unsigned rounds)
{
	char wire[200];

	if (w->status == XR_PENDING && interrupted) {
		unsigned done = 0;

		for (unsigned r = 0; r < w->nrounds; r++)
			done += w->round[r].their_ok && w->round[r].our_ok;
		w->status = XR_INTERRUPTED;
		snprintf(w->note, sizeof(w->note), "interrupted: %u of %u rounds complete", done,
			 rounds);
		return;
	}
	if (w->status != XR_PENDING)
		return;
	w->status = XR_OK;
	wire_sentence(w, wire, sizeof(wire));
	if (w->nrounds > 1)
		snprintf(w->note, sizeof(w->note), "%s; round 1: %s; round %u: %s", wire,
			 w->round[0].their_note, w->nrounds, w->round[w->nrounds - 1].their_note);
	else
		snprintf(w->note, sizeof(w->note), "%s; %s", wire, w->round[0].their_note);
}

int xrun_rounds(struct xrun *x, void (*after_each)(void *arg), void *arg)
{
	int interrupted = 0;

	for (unsigned r = 0; r < x->rounds && !interrupted; r++)
		for (size_t i = 0; i < x->n && !interrupted; i++)
			if (x->rows[i].status == XR_PENDING)
				interrupted = run_pair(x, &x->rows[i], r, after_each, arg) == -EINTR;
	if (x->progress)
		fprintf(stderr, "\r\033[K");
	for (size_t i = 0; i < x->n; i++)
		finish_row(&x->rows[i], interrupted, x->rounds);
	return interrupted;
}

/* Median of the finite values among n; NAN when there is none. */
static double median_of(const double *v, unsigned n)
{
	double tmp[XC_MAX_ROUNDS];
	struct median_ci ci;
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++)
		if (isfinite(v[i]))
			tmp[k++] = v[i];
	return k && stats_median_ci(tmp, k, 0.95, &ci) == 0 ? ci.median : NAN;
}

/* The per-round ratios of the compared statistic, paired: Hodges-Lehmann on their logs. */
static void paired_ratio(const struct xrow *w, struct xagg *a)
{
	double d[XC_MAX_ROUNDS];
	struct hl_ci ci;

	a->paired_ratio = a->paired_lo = a->paired_hi = a->paired_level = NAN;
	a->pairs = 0;
	for (unsigned r = 0; r < w->nrounds; r++) {
		const struct xround *rd = &w->round[r];
		int mean = w->s->stat == XS_MEAN;
		double ours = mean ? rd->cell.res.st.mean : rd->cell.res.st.p50;
		double theirs = mean ? rd->their.mean_ns : rd->their.p50_ns;

		if (rd->our_ok && rd->their_ok && ours > 0 && theirs > 0)
			d[a->pairs++] = log(ours / theirs);
	}
	if (a->pairs == 0 || sr_hl_ci(d, a->pairs, 0.95, &ci) < 0)
		return;
	a->paired_ratio = exp(ci.est);
	a->paired_lo = exp(ci.lo);
	a->paired_hi = exp(ci.hi);
	a->paired_level = ci.level;
}

void xrow_aggregate(const struct xrow *w, struct xagg *a)
{
	double v[6][XC_MAX_ROUNDS];

	memset(a, 0, sizeof(*a));
	for (unsigned r = 0; r < w->nrounds; r++) {
		const struct xround *rd = &w->round[r];
		const struct stats *st = &rd->cell.res.st;

		a->their_ok += rd->their_ok;
		a->our_ok += rd->our_ok;
		v[0][r] = rd->their_ok ? rd->their.mean_ns : NAN;
		v[1][r] = rd->their_ok ? rd->their.p50_ns : NAN;
		v[2][r] = rd->their_ok ? rd->their.p99_ns : NAN;
		v[3][r] = rd->our_ok ? st->p50 : NAN;
		v[4][r] = rd->our_ok ? st->mean : NAN;
		v[5][r] = rd->our_ok ? st->p99 : NAN;
	}
	a->their_mean_ns = median_of(v[0], w->nrounds);
	a->their_p50_ns = median_of(v[1], w->nrounds);
	a->their_p99_ns = median_of(v[2], w->nrounds);
	a->our_p50_ns = median_of(v[3], w->nrounds);
	a->our_mean_ns = median_of(v[4], w->nrounds);
	a->our_p99_ns = median_of(v[5], w->nrounds);
	a->their_ns = w->s->stat == XS_MEAN ? a->their_mean_ns : a->their_p50_ns;
	a->our_same_ns = w->s->stat == XS_MEAN ? a->our_mean_ns : a->our_p50_ns;
	a->ratio = a->our_same_ns / a->their_ns;
	a->ratio_p50 = a->our_p50_ns / a->their_ns;
	paired_ratio(w, a);
}
