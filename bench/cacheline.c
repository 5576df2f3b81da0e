/* cacheline: the floor as a transport. Both directions share ONE cache line holding an
 * 8-byte token (the harness's sequence token, so every round trip is still checked); the
 * receiver spins until the word holds a value it has neither written nor read. A round
 * trip is the line moving to the server and back: what any shared-memory handoff pays at
 * least. Used as the probe of core-pair matrices. With both sides on one CPU it yields. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "sys/cpu_relax.h"
#include "sys/shmem.h"
#include "bench/transport.h"

struct line {
	_Alignas(128) _Atomic uint64_t word;
};

struct cacheline {
	struct line *l;
	uint64_t wrote, read; /* per process after fork */
};

static int cacheline_setup(struct tr_chan *ch)
{
	struct cacheline *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	ch->priv = c;
	c->l = shmem_alloc_placed(ch->params->mem, sizeof(*c->l));
	return c->l ? 0 : -errno;
}

static int cacheline_open(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
	return 0;
}

static ssize_t cacheline_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct cacheline *c = ch->priv;
	uint64_t v = 0;

	(void)side;
	if (len > sizeof(v))
		return -EMSGSIZE;
	memcpy(&v, buf, len);
	c->wrote = v;
	atomic_store_explicit(&c->l->word, v, memory_order_release);
	return (ssize_t)len;
}

static ssize_t cacheline_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct cacheline *c = ch->priv;
	int yield = ch->params->same_cpu;
	uint64_t v;

	(void)side;
	while ((v = atomic_load_explicit(&c->l->word, memory_order_acquire)) == c->wrote ||
	       v == c->read) {
		if (yield)
			sched_yield();
		else
			cpu_relax();
	}
	c->read = v;
	len = len < sizeof(v) ? len : sizeof(v);
	memcpy(buf, &v, len);
	return (ssize_t)len;
}

static void cacheline_close(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
}

static void cacheline_teardown(struct tr_chan *ch)
{
	struct cacheline *c = ch->priv;

	if (!c)
		return;
	shmem_free(c->l, sizeof(*c->l));
	free(c);
	ch->priv = NULL;
}

static void cacheline_probe_lines(struct tr_chan *ch, _Atomic uint64_t **req, _Atomic uint64_t **rep)
{
	struct cacheline *c = ch->priv;

	*req = *rep = &c->l->word;
}

static void cacheline_shared_region(struct tr_chan *ch, void **base, size_t *len)
{
	struct cacheline *c = ch->priv;

	*base = c->l;
	*len = sizeof(*c->l);
}

const struct transport tr_cacheline = {
	.name = "cacheline",
	.description = "the floor: one shared cache line carries an 8-byte token both ways, "
		       "spin-wait with pause (sched_yield on one CPU); the matrix probe",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_SPIN,
	.participants = TP_PAIR,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 0,
	.copies_note = "notification only: the token is the line itself",
	.flags = TR_MESSAGE | TR_NOPAYLOAD | TR_POLLING | TR_SHARED_MEM,
	.buffering = "one token word for both directions",
	.max_msg = 8,
	.setup = cacheline_setup,
	.open = cacheline_open,
	.send = cacheline_send,
	.recv = cacheline_recv,
	.close = cacheline_close,
	.teardown = cacheline_teardown,
	.window_limit = 1, /* one word for both directions */
	.shared_region = cacheline_shared_region,
	.probe_lines = cacheline_probe_lines,
	.no_fanin = "notification only: one cache line between two CPUs",
	.no_fanout = "notification only: one cache line between two CPUs",
};
