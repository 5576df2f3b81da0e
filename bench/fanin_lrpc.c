/* lrpc-* fan-in: one service with an A-stack per client binding, bound as the LRPC design has
 * it, through a naming service that is a process of its own (lrpc_ns_*): setup starts it
 * (its socket in the cell's private directory); the server child registers the service with
 * n A-stacks, publishes them there for its own uid and serves each on a thread of its own
 * (TR_FANIN_THREADED: lane k is A-stack k); each client child asks the naming service for
 * one (lookup, allocation, mapping: bind_cost) and calls through it. The handoff (futex,
 * spin, hybrid, yield) and safe mode are the pair variant's; on the server's one CPU its
 * lanes never spin alone when there are several (the library's shared_cpu). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench/transport.h"
#include "lrpc/lrpc.h"
#include "sys/clock.h"

#define SERVICE "fan"
#define BIND_TIMEOUT_NS 10000000000ull

struct lrpc_fan {
	enum lrpc_handoff handoff;
	int safe;
	unsigned n;
	struct lrpc_service *svc;  /* server child */
	struct lrpc_call *calls;   /* server child: the call each lane serves */
	struct lrpc_binding *b;    /* client child */
	struct lrpc_bind_cost cost; /* client child: what binding took */
	struct lrpc_ns *ns;        /* parent: the naming-service process */
	char path[108];            /* its socket */
};

static int fan_setup(struct tr_chan *ch, unsigned n, enum lrpc_handoff h, int safe)
{
	struct lrpc_fan *g = calloc(1, sizeof(*g));

	if (!g)
		return -ENOMEM;
	ch->priv = g;
	*g = (struct lrpc_fan){ .handoff = h, .safe = safe, .n = n };
	g->calls = calloc(n, sizeof(*g->calls));
	if (!g->calls)
		return -ENOMEM;
	if (snprintf(g->path, sizeof(g->path), "%s/ns.sock", ch->params->tmpdir) >=
	    (int)sizeof(g->path))
		return -ENAMETOOLONG;
	return lrpc_ns_start(g->path, &g->ns);
}

/* The server may not have published yet: an unknown name is asked again for a while. */
static int client_bind(struct lrpc_fan *g, int same_cpu)
{
	struct lrpc_connect_opts o = { .shared_cpu = same_cpu };
	uint64_t end = clock_mono_ns() + BIND_TIMEOUT_NS;
	struct timespec pause = { 0, 100000 };
	char why[200];
	int r;

	while ((r = lrpc_ns_connect(g->path, SERVICE, &o, &g->b, &g->cost, why, sizeof(why))) ==
		       -ENOENT && clock_mono_ns() < end)
		nanosleep(&pause, NULL);
	return r;
}

static int fan_open(struct tr_chan *ch, int who)
{
	struct lrpc_fan *g = ch->priv;
	struct lrpc_opts o = {
		.handoff = g->handoff, .safe = g->safe, .nastacks = g->n,
		.shared_cpu = ch->params->same_cpu || g->n > 1, .registry = ch->params->tmpdir,
		.astack_size = ch->params->max_wire,
	};

	uint32_t uid = (uint32_t)getuid();
	char why[200];
	int r;

	if (who != TR_FANIN_SERVER)
		return client_bind(g, ch->params->same_cpu);
	r = lrpc_register(SERVICE, NULL, &o, &g->svc);
	return r < 0 ? r : lrpc_ns_publish(g->path, g->svc, &uid, 1, why, sizeof(why));
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

static void fan_bind_cost(struct tr_chan *ch, int who, uint64_t stages_ns[3])
{
	const struct lrpc_fan *g = ch->priv;

	if (who == TR_FANIN_SERVER || !g->b)
		return;
	stages_ns[0] = g->cost.lookup_ns;
	stages_ns[1] = g->cost.alloc_ns;
	stages_ns[2] = g->cost.map_ns;
}

static void fan_teardown(struct tr_chan *ch)
{
	struct lrpc_fan *g = ch->priv;

	if (!g)
		return;
	lrpc_ns_stop(g->ns);
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
		.teardown = fan_teardown, .bind_cost = fan_bind_cost,                          \
	};

LRPC_FANIN(lrpc_futex, LRPC_FUTEX, 0)
LRPC_FANIN(lrpc_spin, LRPC_SPIN, 0)
LRPC_FANIN(lrpc_hybrid, LRPC_HYBRID, 0)
LRPC_FANIN(lrpc_yield, LRPC_YIELD, 0)
LRPC_FANIN(lrpc_futex_safe, LRPC_FUTEX, 1)
LRPC_FANIN(lrpc_spin_safe, LRPC_SPIN, 1)
