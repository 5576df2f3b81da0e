/* One child of a party cell: a client, whose loop is the pair's (cell/measure.c) over the
 * transport's fan-in operations, or the server. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include "cell/msgio.h"
#include "cell/party_int.h"
#include "cell/payload.h"
#include "sys/futex.h"
#include "sys/pin.h"

#define RX_SLACK 64
#define BARRIER_TIMEOUT_NS 20000000000ull /* many processes on few CPUs start slowly */

/* A client's fan-in operations dressed as a pair transport, so that its loop is the pair's
 * (pacing, stages, samples and all). Whole messages of exactly the asked length: a stream
 * as far as the loop is concerned. */
struct fanin_client {
	const struct tr_fanin *f;
	struct tr_chan *ch;
	unsigned k;
};

static ssize_t client_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct fanin_client *fc = ch->priv;

	(void)side;
	return fc->f->csend(fc->ch, fc->k, buf, len);
}

static ssize_t client_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct fanin_client *fc = ch->priv;

	(void)side;
	return fc->f->crecv(fc->ch, fc->k, buf, len);
}

static const struct transport fanin_client_tr = {
	.name = "fan-in client", .flags = TR_STREAM, .send = client_send, .recv = client_recv,
};

/* What both kinds of child measure with. */
void party_base_args(const struct party_ctx *c, struct measure_args *a)
{
	const struct cell_settings *s = c->spec->set;

	*a = (struct measure_args){
		.clk = c->spec->clk, .size = (uint32_t)c->spec->size, .wire = c->wire,
		.frag = c->wire, .max_samples = c->max_samples, .max_msgs = s->iterations,
		.warmup_ticks = clock_from_ns(c->spec->clk, s->warmup_ns),
		.duration_ticks = clock_from_ns(c->spec->clk, s->duration_ns),
		.verify_full = s->verify_full, .verify_every = s->verify_every,
		.rx_cap = c->wire + RX_SLACK, .mode = MEASURE_LATENCY, .window = 1,
		.same_cpu = c->same_cpu, .events = &c->events, .counted_pct = s->counted_pct,
		.stage = &c->sh->stage, .parties = c->n,
		.rate_per_s = s->rate_per_s, .idle_ns = s->idle_ns,
	};
}

int party_prepare(const struct party_ctx *c, int cpu, int who, struct side_result *res)
{
	int r = pin_self(cpu);

	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "pin to CPU %d: %s", cpu, strerror(-r));
		return r;
	}
	uint64_t t0 = clock_mono_ns();

	r = c->ops.open((struct tr_chan *)&c->ch, who);
	res->open_ns = clock_mono_ns() - t0;
	if (r < 0) {
		snprintf(res->reason, sizeof(res->reason), "open: %s", strerror(-r));
		return r;
	}
	if (c->f && c->f->bind_cost && who >= 0) {
		c->f->bind_cost((struct tr_chan *)&c->ch, who, res->bind_ns);
		res->has_bind = 1;
	}
	return 0;
}

int party_meet(struct party_ctx *c, struct side_result *res)
{
	int r = futex_barrier(&c->sh->barrier, c->n + 1, BARRIER_TIMEOUT_NS);

	if (r < 0)
		snprintf(res->reason, sizeof(res->reason), "a party never reached the start barrier");
	return r;
}

/* Everyone is done before anyone closes: a last reply may still be on its way (an LRPC
 * server that unregisters closes the A-stacks under a client still reading). */
void party_meet_done(struct party_ctx *c, const struct side_result *res)
{
	if (res->status == SIDE_OK)
		futex_barrier(&c->sh->done, c->n + 1, BARRIER_TIMEOUT_NS);
}

int party_fail_start(struct side_result *res, int r)
{
	res->status = SIDE_ERROR;
	res->err = r;
	return 1;
}

static int client_child(struct party_ctx *c, unsigned k)
{
	struct party_area *ar = party_area(c, k);
	struct fanin_client fc = { .f = c->f, .ch = &c->ch, .k = k };
	struct tr_chan ach = { .params = c->ch.params, .priv = &fc };
	struct measure_args a;
	char name[16];
	int r;

	snprintf(name, sizeof(name), "ipcbench-c%u", k);
	prctl(PR_SET_NAME, name);
	if (c->spec->set->rate_per_s || c->spec->set->idle_ns)
		prctl(PR_SET_TIMERSLACK, 1ul);
	if ((r = party_prepare(c, c->cpu[k + 1], (int)k, &ar->res)) < 0)
		return party_fail_start(&ar->res, r);
	party_base_args(c, &a);
	a.t = &fanin_client_tr;
	a.ch = &ach;
	a.side = TR_CLIENT;
	a.samples = ar->samples;
	a.overflow = &ar->overflow;
	a.seq_base = msg_party_seq(k, 0);
	a.tx[0] = mio_alloc(a.t, a.wire);
	a.tx[1] = mio_alloc(a.t, a.wire);
	a.rx = mio_alloc(a.t, a.rx_cap);
	if (!a.tx[0] || !a.tx[1] || !a.rx) {
		snprintf(ar->res.reason, sizeof(ar->res.reason), "out of memory for message buffers");
		return party_fail_start(&ar->res, -ENOMEM);
	}
	memset(a.samples, 0, (c->max_samples < 65536 ? c->max_samples : 65536) * sizeof(uint64_t));
	if ((r = party_meet(c, &ar->res)) < 0)
		return party_fail_start(&ar->res, r);
	measure_client(&a, &ar->res);
	party_meet_done(c, &ar->res);
	if (c->ops.describe)
		c->ops.describe(&c->ch, (int)k, ar->res.note, sizeof(ar->res.note));
	c->ops.close(&c->ch, (int)k);
	return ar->res.status == SIDE_OK ? 0 : 1;
}

static int server_child(struct party_ctx *c)
{
	struct side_result *res = &c->sh->srv;
	struct measure_args a;
	int r;

	prctl(PR_SET_NAME, "ipcbench-server");
	if ((r = party_prepare(c, c->cpu[0], TR_FANIN_SERVER, res)) < 0)
		return party_fail_start(res, r);
	party_base_args(c, &a);
	a.side = TR_SERVER;
	if (c->f->flags & TR_FANIN_THREADED)
		a.events = NULL; /* per-thread counters would miss the lanes */
	struct party_srv *srv = party_server_new(c, &a);

	if (!srv) {
		snprintf(res->reason, sizeof(res->reason), "out of memory for the server's buffers");
		return party_fail_start(res, -ENOMEM);
	}
	if ((r = party_meet(c, res)) < 0) {
		party_server_free(srv);
		return party_fail_start(res, r);
	}
	party_serve(srv, res);
	party_meet_done(c, res);
	party_server_free(srv);
	if (c->ops.describe)
		c->ops.describe(&c->ch, TR_FANIN_SERVER, res->note, sizeof(res->note));
	c->ops.close(&c->ch, TR_FANIN_SERVER);
	return res->status == SIDE_OK ? 0 : 1;
}

int party_child(void *arg, int i)
{
	struct party_ctx *c = arg;

	if (c->fanout)
		return fanout_child(c, (unsigned)i);
	return (unsigned)i == c->n ? server_child(c) : client_child(c, (unsigned)i);
}
