#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sys/clock.h"
#include "bench/lib/lrpcglue.h"
#include "sys/memplace.h"

#define SERVICE "cell"                    /* alone in the cell's private registry */
#define CONNECT_TIMEOUT_NS 10000000000ull /* the server child registers meanwhile */

struct lrpcglue {
	enum lrpc_handoff handoff;
	int safe;
	struct lrpc_service *svc; /* server child */
	struct lrpc_binding *b;   /* client child */
	struct lrpc_call call;    /* server child: the call being served */
};

int lrpcglue_setup(struct tr_chan *ch, enum lrpc_handoff h, int safe)
{
	struct lrpcglue *g = calloc(1, sizeof(*g));

	if (!g)
		return -ENOMEM;
	g->handoff = h;
	g->safe = safe;
	ch->priv = g;
	return 0;
}

/* The cell's NUMA policy for the A-stack, applied in the server child that maps it first
 * (the parent never sees this mapping, so the cell reports the node it is on as NA). */
static int place(void *addr, size_t len, void *mem)
{
	return memplace_apply(mem, addr, len);
}

static int serve_open(struct tr_chan *ch, struct lrpcglue *g)
{
	struct lrpc_opts o = {
		.handoff = g->handoff, .safe = g->safe, .shared_cpu = ch->params->same_cpu,
		.registry = ch->params->tmpdir, .astack_size = ch->params->max_wire,
		.place = ch->params->mem ? place : NULL, .place_arg = ch->params->mem,
	};

	return lrpc_register(SERVICE, NULL, &o, &g->svc);
}

/* The server may not have registered yet: unknown names are retried for a while. */
static int client_open(struct tr_chan *ch, struct lrpcglue *g)
{
	struct lrpc_connect_opts o = { .registry = ch->params->tmpdir,
				       .shared_cpu = ch->params->same_cpu };
	uint64_t end = clock_mono_ns() + CONNECT_TIMEOUT_NS;
	struct timespec pause = { 0, 100000 };
	int r;

	while ((r = lrpc_connect_opts(SERVICE, &o, &g->b)) == -ENOENT && clock_mono_ns() < end)
		nanosleep(&pause, NULL);
	return r;
}

int lrpcglue_open(struct tr_chan *ch, enum tr_side side)
{
	struct lrpcglue *g = ch->priv;

	return side == TR_SERVER ? serve_open(ch, g) : client_open(ch, g);
}

ssize_t lrpcglue_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct lrpcglue *g = ch->priv;
	int r = side == TR_CLIENT ? lrpc_call_begin(g->b, NULL, 0, buf, len)
				  : lrpc_return(&g->call, 0, buf, len);

	return r < 0 ? r : (ssize_t)len;
}

/* A client that went away or a dead server is the peer closing its end. */
ssize_t lrpcglue_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct lrpcglue *g = ch->priv;
	long n;

	if (side == TR_CLIENT) {
		n = lrpc_call_end(g->b, NULL, buf, len, 0);
		return n == -EPIPE ? 0 : n;
	}
	n = lrpc_accept(g->svc, 0, &g->call);
	if (n == -ESHUTDOWN || n == -EPIPE)
		return 0;
	if (n < 0)
		return n;
	if (g->call.len > len)
		return -EMSGSIZE;
	memcpy(buf, g->call.payload, g->call.len);
	return (ssize_t)g->call.len;
}

void lrpcglue_close(struct tr_chan *ch, enum tr_side side)
{
	struct lrpcglue *g = ch->priv;

	if (side == TR_SERVER)
		lrpc_unregister(g->svc);
	else
		lrpc_disconnect(g->b);
}

/* A child killed before the client bound leaves the entry and the A-stack names. */
void lrpcglue_teardown(struct tr_chan *ch)
{
	if (!ch->priv)
		return;
	lrpc_purge(ch->params->tmpdir, SERVICE);
	free(ch->priv);
	ch->priv = NULL;
}
