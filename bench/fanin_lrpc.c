/* lrpc-* fan-in: one service with an A-stack per client binding, as the LRPC design has it.
 * The server child registers the service with n A-stacks in the cell's private naming
 * service and serves each on a thread of its own (TR_FANIN_THREADED: lane k is A-stack
 * k); each client child binds one A-stack and calls through it. The handoff (futex, spin,
 * hybrid, yield) and safe mode are the pair variant's; on the server's one CPU its lanes
 * never spin alone when there are several (the library's shared_cpu). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench/lib/lrpcbind.h"
#include "bench/transport.h"

#define SERVICE "fan"

struct lrpc_fan {
	enum lrpc_handoff handoff;
	int safe;
	unsigned n;
	struct lrpc_service *svc;  /* server child */
	struct lrpc_call *calls;   /* server child: the call each lane serves */
	struct lrpc_binding *b;    /* client child */
};

static int fan_setup(struct tr_chan *ch, unsigned n, enum lrpc_handoff h, int safe)
{
	struct lrpc_fan *g = calloc(1, sizeof(*g));

	if (!g)
		return -ENOMEM;
	ch->priv = g;
	*g = (struct lrpc_fan){ .handoff = h, .safe = safe, .n = n };
	g->calls = calloc(n, sizeof(*g->calls));
	return g->calls ? 0 : -ENOMEM;
}

static int fan_open(struct tr_chan *ch, int who)
{
	struct lrpc_fan *g = ch->priv;
	struct lrpc_opts o = {
		.handoff = g->handoff, .safe = g->safe, .nastacks = g->n,
		.shared_cpu = ch->params->same_cpu || g->n > 1, .registry = ch->params->tmpdir,
		.astack_size = ch->params->max_wire,
	};

	if (who == TR_FANIN_SERVER)
		return lrpc_register(SERVICE, NULL, &o, &g->svc);
	return lrpcbind_connect(SERVICE, ch->params->tmpdir, ch->params->same_cpu, &g->b);
}

static ssize_t fan_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	int r = lrpc_call_begin(((struct lrpc_fan *)ch->priv)->b, NULL, 0, buf, len);

	(void)k;
	return r < 0 ? r : (ssize_t)len;
}

static ssize_t fan_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	long n = lrpc_call_end(((struct lrpc_fan *)ch->priv)->b, NULL, buf, len, 0);

	(void)k;
	if (n == -EPIPE)
		return 0;
	return n >= 0 && (size_t)n != len ? -EMSGSIZE : n;
}

static ssize_t fan_srecv_on(struct tr_chan *ch, unsigned lane, void *buf, size_t len)
{
	struct lrpc_fan *g = ch->priv;
	struct lrpc_call *c = &g->calls[lane];
	int r = lrpc_accept(g->svc, lane, c);

	if (r == -ESHUTDOWN || r == -EPIPE)
		return 0;
	if (r < 0)
		return r;
	if (c->len != len)
		return -EMSGSIZE;
	memcpy(buf, c->payload, len);
	return (ssize_t)len;
}

static ssize_t fan_ssend_on(struct tr_chan *ch, unsigned lane, const void *buf, size_t len)
{
	int r = lrpc_return(&((struct lrpc_fan *)ch->priv)->calls[lane], 0, buf, len);

	return r < 0 ? r : (ssize_t)len;
}

static void fan_close(struct tr_chan *ch, int who)
{
	struct lrpc_fan *g = ch->priv;

	if (who == TR_FANIN_SERVER && g->svc)
		lrpc_unregister(g->svc);
	else if (who != TR_FANIN_SERVER && g->b)
		lrpc_disconnect(g->b);
	g->svc = NULL;
	g->b = NULL;
}

static void fan_teardown(struct tr_chan *ch)
{
	struct lrpc_fan *g = ch->priv;

	if (!g)
		return;
	lrpc_purge(ch->params->tmpdir, SERVICE);
	free(g->calls);
	free(g);
	ch->priv = NULL;
}

static int fan_fits(unsigned n, size_t wire, char *why, size_t len)
{
	(void)wire;
	if (n <= LRPC_MAX_ASTACKS)
		return 0;
	snprintf(why, len, "a service has at most %d A-stacks (LRPC_MAX_ASTACKS), one per "
		 "client", LRPC_MAX_ASTACKS);
	return -1;
}

#define LRPC_FANIN(id, handoff, safe)                                                         \
	static int setup_##id(struct tr_chan *ch, unsigned n)                                 \
	{                                                                                     \
		return fan_setup(ch, n, handoff, safe);                                       \
	}                                                                                     \
	const struct tr_fanin fanin_##id = {                                                  \
		.how = "one service, an A-stack per client binding, a server thread per "      \
		       "A-stack",                                                             \
		.flags = TR_FANIN_THREADED, .fits = fan_fits, .setup = setup_##id,             \
		.open = fan_open, .csend = fan_csend, .crecv = fan_crecv,                      \
		.srecv_on = fan_srecv_on, .ssend_on = fan_ssend_on, .close = fan_close,        \
		.teardown = fan_teardown,                                                      \
	};

LRPC_FANIN(lrpc_futex, LRPC_FUTEX, 0)
LRPC_FANIN(lrpc_spin, LRPC_SPIN, 0)
LRPC_FANIN(lrpc_hybrid, LRPC_HYBRID, 0)
LRPC_FANIN(lrpc_yield, LRPC_YIELD, 0)
LRPC_FANIN(lrpc_futex_safe, LRPC_FUTEX, 1)
LRPC_FANIN(lrpc_spin_safe, LRPC_SPIN, 1)
