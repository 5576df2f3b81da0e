/* The lrpc-* transports: the harness's channel as one LRPC binding (lrpc/lrpc.h), in six
 * variants registered from this file, as fio's engines/sync.c registers several engines.
 * The server child registers the service in the cell's private temp dir (its naming
 * service) and the client child connects to it; both in open, after fork, because an
 * A-stack belongs to exactly the two processes that mapped it. A round trip is one call:
 * the client's send is the call (message into the A-stack body, then the handoff), the
 * server's recv takes it, the server's send is the return and the client's recv takes the
 * result. The variants differ only in the handoff and in safe mode:
 *   lrpc-futex   the call wakes the server (FUTEX_WAKE), the caller sleeps in FUTEX_WAIT
 *   lrpc-spin    both sides spin on the state word with pause (yield on one CPU)
 *   lrpc-hybrid  the waiter spins about 4 us, then sleeps; FUTEX_WAKE only for a sleeper
 *   lrpc-yield   both stay runnable and sched_yield between looks: on one CPU the closest
 *                Linux gets to LRPC's direct transfer of control
 *   lrpc-futex-safe, lrpc-spin-safe: the server in TOCTTOU-safe mode: it copies arguments
 *                and payload out of the shared A-stack before anything reads them */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bench/lib/lrpcbind.h"
#include "bench/transport.h"
#include "sys/memplace.h"

#define SERVICE "cell"                    /* alone in the cell's private registry */

struct lrpc_chan {
	enum lrpc_handoff handoff;
	int safe;
	struct lrpc_service *svc; /* server child */
	struct lrpc_binding *b;   /* client child */
	struct lrpc_call call;    /* server child: the call being served */
};

static int lrpc_variant_setup(struct tr_chan *ch, enum lrpc_handoff h, int safe)
{
	struct lrpc_chan *g = calloc(1, sizeof(*g));

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

static int serve_open(struct tr_chan *ch, struct lrpc_chan *g)
{
	struct lrpc_opts o = {
		.handoff = g->handoff, .safe = g->safe, .shared_cpu = ch->params->same_cpu,
		.registry = ch->params->tmpdir, .astack_size = ch->params->max_wire,
		.place = ch->params->mem ? place : NULL, .place_arg = ch->params->mem,
	};

	return lrpc_register(SERVICE, NULL, &o, &g->svc);
}

/* The server may not have registered yet: unknown names are retried for a while. */
static int client_open(struct tr_chan *ch, struct lrpc_chan *g)
{
	return lrpcbind_connect(SERVICE, ch->params->tmpdir, ch->params->same_cpu, &g->b);
}

static int lrpc_chan_open(struct tr_chan *ch, enum tr_side side)
{
	struct lrpc_chan *g = ch->priv;

	return side == TR_SERVER ? serve_open(ch, g) : client_open(ch, g);
}

static ssize_t lrpc_chan_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct lrpc_chan *g = ch->priv;
	int r = side == TR_CLIENT ? lrpc_call_begin(g->b, NULL, 0, buf, len)
				  : lrpc_return(&g->call, 0, buf, len);

	return r < 0 ? r : (ssize_t)len;
}

/* A client that went away or a dead server is the peer closing its end. */
static ssize_t lrpc_chan_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct lrpc_chan *g = ch->priv;
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

static void lrpc_chan_close(struct tr_chan *ch, enum tr_side side)
{
	struct lrpc_chan *g = ch->priv;

	if (side == TR_SERVER)
		lrpc_unregister(g->svc);
	else
		lrpc_disconnect(g->b);
}

/* Both directions hand over the A-stack's state word; each child has its own view of it. */
static void lrpc_probe_lines(struct tr_chan *ch, _Atomic uint64_t **req, _Atomic uint64_t **rep)
{
	struct lrpc_chan *g = ch->priv;

	*req = *rep = g->b ? lrpc_handoff_word(g->b) : lrpc_service_handoff_word(g->svc, 0);
}

/* A child killed before the client bound leaves the entry and the A-stack names. */
static void lrpc_chan_teardown(struct tr_chan *ch)
{
	if (!ch->priv)
		return;
	lrpc_purge(ch->params->tmpdir, SERVICE);
	free(ch->priv);
	ch->priv = NULL;
}

/* The copy model shared by the variants' descriptions. */
#define COPIES_NOTE "the client copies the message into the A-stack (LRPC's one copy); " \
	"the server's recv copies it out because the harness reads its own buffer, where an " \
	"LRPC handler would read it in place; the return likewise"
#define SAFE_COPIES_NOTE "requests 3: into the A-stack, out to the server's private " \
	"copy before anything reads it (TOCTTOU-safe), then into the harness's buffer; " \
	"replies 2, as in lrpc-futex"
#define IN_ASTACK "LRPC emulation: the message travels in the binding's A-stack; "
#define SAFE_MODE ", the server in TOCTTOU-safe mode: each request is copied out of the " \
	"shared A-stack before it is validated or read"

/* One variant: its setup and its table entry. */
#define LRPC_VARIANT(id, tname, handoff, safe_mode, notify, polling, desc)                   \
	extern const struct tr_fanin fanin_##id;                                           \
	static int setup_##id(struct tr_chan *ch)                                          \
	{                                                                                  \
		return lrpc_variant_setup(ch, handoff, safe_mode);                         \
	}                                                                                  \
	const struct transport tr_##id = {                                                 \
		.name = tname,                                                             \
		.description = desc,                                                       \
		.abstraction = TA_MEMORY,                                                  \
		.family = TF_LRPC,                                                         \
		.notification = notify,                                                    \
		.participants = TP_PAIR,                                                   \
		.direction = TD_TWO_WAY,                                                   \
		.synchrony = TS_SYNC,                                                      \
		.copies = (safe_mode) ? 3 : 2,                                             \
		.copies_note = (safe_mode) ? SAFE_COPIES_NOTE : COPIES_NOTE,               \
		.flags = TR_MESSAGE | TR_SHARED_MEM | (polling),                           \
		.buffering = "one call in the A-stack (synchronous)",                      \
		.setup = setup_##id,                                                       \
		.open = lrpc_chan_open,                                                     \
		.send = lrpc_chan_send,                                                     \
		.recv = lrpc_chan_recv,                                                     \
		.close = lrpc_chan_close,                                                   \
		.teardown = lrpc_chan_teardown,                                             \
		.probe_lines = lrpc_probe_lines,                                           \
		.window_limit = 1, /* a call returns before the next one begins */         \
		.fanin = &fanin_##id,                                                      \
		.no_fanout = "an LRPC call goes to one server and back: there is no "        \
			     "broadcast of a call",                                       \
	};

LRPC_VARIANT(lrpc_futex, "lrpc-futex", LRPC_FUTEX, 0, TN_FUTEX, 0,
	     IN_ASTACK "the call wakes the server (FUTEX_WAKE) and sleeps in FUTEX_WAIT on the "
	     "A-stack's state word until the return")
LRPC_VARIANT(lrpc_spin, "lrpc-spin", LRPC_SPIN, 0, TN_SPIN, TR_POLLING,
	     IN_ASTACK "both sides spin on the A-stack's state word with pause (sched_yield "
	     "when they share a CPU)")
LRPC_VARIANT(lrpc_hybrid, "lrpc-hybrid", LRPC_HYBRID, 0, TN_SPIN_FUTEX, TR_POLLING,
	     IN_ASTACK "the waiting side spins about 4 us on the state word, then sleeps in "
	     "FUTEX_WAIT (on a shared CPU it yields once first); FUTEX_WAKE only for a sleeper")
LRPC_VARIANT(lrpc_yield, "lrpc-yield", LRPC_YIELD, 0, TN_YIELD, TR_POLLING,
	     IN_ASTACK "both sides stay runnable and poll the state word with sched_yield "
	     "between looks (on one CPU: a direct hand-over of the CPU at each call and return)")
LRPC_VARIANT(lrpc_futex_safe, "lrpc-futex-safe", LRPC_FUTEX, 1, TN_FUTEX, 0,
	     "lrpc-futex" SAFE_MODE)
LRPC_VARIANT(lrpc_spin_safe, "lrpc-spin-safe", LRPC_SPIN, 1, TN_SPIN, TR_POLLING,
	     "lrpc-spin" SAFE_MODE)
