/* One side of a cell, in its forked child: pin, open the channel, meet the peer, probe
 * the floor, measure (warm-up, timed, counted), probe again, report into shared memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include "cell/cell_int.h"
#include "cell/msgio.h"
#include "cell/openloop.h"
#include "cell/settle.h"
#include "sys/cachectl.h"
#include "sys/futex.h"
#include "sys/pin.h"

#define RX_SLACK 64                 /* room to see an oversized message */
#define PREFAULT_SAMPLES (64u << 10) /* 512 KiB of the sample array faulted in up front */
#define BARRIER_TIMEOUT_NS 10000000000ull
#define PROBE_TIMEOUT_NS 1000000000ull

/* Busy CPUs reach their working frequency: spin, untimed, after pinning. */
static void preheat(uint64_t ns)
{
	uint64_t end = clock_mono_ns() + ns;

	while (ns && clock_mono_ns() < end)
		;
}

/* Whether the client must wait for the server between timed regions (cell/gate.h). */
static int gated(const struct cell_settings *s)
{
	return s->mode == MODE_BANDWIDTH ||
	       settle_needed(s->cache == CACHE_COLD, s->touch, (size_t)s->footprint);
}

/* Mode and window, the send buffers of a window for a TR_SEND_INPLACE client, the
 * between-message settings and the footprint. 0, or -ENOMEM. */
static int extra_args(const struct cell_spec *sp, unsigned window, _Atomic uint32_t *gate,
		     const struct ctr_set *ev, struct measure_args *a)
{
	const struct cell_settings *s = sp->set;

	a->mode = s->mode == MODE_BANDWIDTH ? MEASURE_BANDWIDTH : MEASURE_LATENCY;
	a->window = window;
	a->max_msgs = s->iterations;
	a->cache_cold = s->cache == CACHE_COLD;
	a->use_clflushopt = cache_has_clflushopt();
	a->touch = s->touch;
	a->same_cpu = s->client_cpu == s->server_cpu;
	a->gate = gated(s) ? gate : NULL;
	a->events = ev;
	a->zero_copy = (sp->t->flags & TR_ZERO_COPY) && sp->t->send_place && sp->t->recv_place;
	a->inject_ticks = s->inject_ns ? clock_from_ns(a->clk, s->inject_ns) : 0;
	a->footprint_len = (size_t)s->footprint;
	if (a->footprint_len && !(a->footprint = mio_alloc(NULL, a->footprint_len)))
		return -ENOMEM;
	if (cell_open_loop(s) && a->side == TR_CLIENT) {
		a->open_window = sp->t->open_window;
		a->open_ring = mio_alloc(NULL, a->open_window * sizeof(*a->open_ring));
		if (!a->open_ring)
			return -ENOMEM;
	}
	if (a->mode != MEASURE_BANDWIDTH || a->side != TR_CLIENT ||
	    !(sp->t->flags & TR_SEND_INPLACE))
		return 0;
	a->ring = calloc(window, sizeof(*a->ring));
	for (unsigned i = 0; a->ring && i < window; i++)
		if (!(a->ring[i] = mio_alloc(a->t, a->rx_cap)))
			return -ENOMEM;
	return a->ring ? 0 : -ENOMEM;
}

static int child_prepare(struct cell_ctx *c, enum tr_side side, struct measure_args *a)
{
	const struct cell_settings *s = c->spec->set;
	struct side_result *res = &c->sh->res[side];
	int cpu = side == TR_CLIENT ? s->client_cpu : s->server_cpu;
	int r = pin_self(cpu);

	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "pin to CPU %d: %s", cpu, strerror(-r));
		return r;
	}
	preheat(s->preheat_ns);
	r = c->spec->t->open(&c->ch, side);
	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "open: %s", strerror(-r));
		return r;
	}
	*a = (struct measure_args){
		.t = c->spec->t, .ch = &c->ch, .side = side, .clk = c->spec->clk,
		.size = (uint32_t)c->spec->size, .wire = c->wire, .token = c->token,
		.frag = c->frag, .max_samples = c->max_samples,
		.warmup_ticks = clock_from_ns(c->spec->clk, s->warmup_ns),
		.duration_ticks = clock_from_ns(c->spec->clk, s->duration_ns),
		.min_samples = s->min_samples,
		.grace_ticks = clock_from_ns(c->spec->clk, TIMED_GRACE_NS),
		.verify_full = s->verify_full, .verify_every = s->verify_every,
		.rx_cap = c->wire + RX_SLACK,
		.stage = &c->sh->stage, .counted_pct = s->counted_pct,
		.rate_per_s = s->rate_per_s, .idle_ns = s->idle_ns,
	};
	a->tx[0] = mio_alloc(a->t, a->wire);
	a->tx[1] = mio_alloc(a->t, a->wire);
	a->rx = mio_alloc(a->t, a->rx_cap);
	if (!a->tx[0] || !a->tx[1] || !a->rx ||
	    extra_args(c->spec, c->window, &c->sh->gate, &c->events, a) < 0) {
		snprintf(res->reason, sizeof(res->reason), "out of memory for message buffers");
		return -ENOMEM;
	}
	if (c->path[0] && c->between >= 0) {
		a->between = c->path[0];
		a->between_copy = c->between;
	}
	if (side == TR_CLIENT) {
		a->samples = c->sh->samples;
		a->overflow = &c->sh->overflow;
		if (s->rate_per_s || s->idle_ns)
			prctl(PR_SET_TIMERSLACK, 1ul); /* wake-ups on time, not up to 50 us late */
		/* fault in the first pages only: a later page fault lands after a round trip's
		 * stop stamp and before the next start, never inside a sample */
		memset(a->samples, 0, (c->max_samples < PREFAULT_SAMPLES ? c->max_samples
								 : PREFAULT_SAMPLES) * sizeof(uint64_t));
	}
	return 0;
}

/* The lines the floor is probed on: the transport's own request and reply lines where it
 * names them (struct transport's probe_lines), else the harness's; the same before and
 * after. Returns whether they are the transport's. */
static int probe_lines(struct cell_ctx *c, _Atomic uint64_t **req, _Atomic uint64_t **rep)
{
	if (c->spec->t->probe_lines) {
		c->spec->t->probe_lines(&c->ch, req, rep);
		return 1;
	}
	*req = *rep = &c->sh->probe.req;
	return 0;
}

/* Floor probe k (0: before, 1: after the measurement) on the cell's own CPUs. */
static void cell_probe(struct cell_ctx *c, int side, int k)
{
	_Atomic uint64_t *req, *rep;
	int own = probe_lines(c, &req, &rep);
	struct probe_args p = {
		.out = req, .in = rep, .generation = (unsigned)k, .clk = c->spec->clk,
		.restore = own ? &c->sh->probe_restored[k] : NULL,
		.yield = c->spec->set->client_cpu == c->spec->set->server_cpu,
		.max_rt = PROBE_MAX_RT, .budget_ns = PROBE_BUDGET_NS, .min_rt = PROBE_MIN_RT,
		.timeout_ns = PROBE_TIMEOUT_NS, .scratch = c->sh->probe_scratch,
	};
	double v = floor_probe(&p, side);

	if (side == TR_CLIENT)
		c->sh->res[side].floor_ns[k] = v > 0 ? v : 0;
}

/* The child: pin, open, meet the peer at the barrier, measure, report. */
int cell_child(void *arg, int side)
{
	struct cell_ctx *c = arg;
	struct side_result *res = &c->sh->res[side];
	struct measure_args a;
	int r;

	prctl(PR_SET_NAME, side == TR_CLIENT ? "ipcbench-client" : "ipcbench-server");
	r = child_prepare(c, (enum tr_side)side, &a);

	if (r == 0) {
		r = futex_barrier(&c->sh->barrier, 2, BARRIER_TIMEOUT_NS);
		if (r < 0)
			snprintf(res->reason, sizeof(res->reason), "peer never reached the start barrier");
	}
	if (r < 0) {
		res->status = SIDE_ERROR;
		res->err = r;
		return 1;
	}
	cell_probe(c, side, 0);
	if (c->path[0])
		slopes_pair_side(c->path[0], side); /* bandwidth: its path floor (cell/cell.c) */
	if (side == TR_CLIENT)
		measure_client(&a, res);
	else
		measure_server(&a, res);
	slopes_pair_stream_end(c->path[0], side);
	/* both sides finished before either closes: the last send's buffer may still be
	 * read in place by the peer (see bench/transport.) */
	if (res->status == SIDE_OK && futex_barrier(&c->sh->done, 2, BARRIER_TIMEOUT_NS) == 0) {
		cell_probe(c, side, 1);
		if (c->path[1])
			slopes_pair_side(c->path[1], side);
	}
	if (c->spec->t->describe)
		c->spec->t->describe(&c->ch, (enum tr_side)side, res->note, sizeof(res->note));
	c->spec->t->close(&c->ch, (enum tr_side)side);
	return res->status == SIDE_OK ? 0 : 1;
}
