/* shm-inplace: shm-spin's slots without the copies. The harness builds each message in
 * the slot it goes into (send_place) and publishes it with send, which copies nothing;
 * the receiver reads it where it lies (recv_place). Only the cache lines move from one CPU
 * to the other. The ring has max(window, 2) slots per direction, so that a message stays
 * in place until its receiver has answered it. Spin-wait with pause; sched_yield when
 * both sides share a CPU. */
#include <sched.h>
#include "sys/cpu_relax.h"
#include "bench/lib/shmslot.h"

static int inplace_setup(struct tr_chan *ch)
{
	unsigned n = shmslot_nslots(ch);

	return shmslot_setup_ring(ch, sizeof(struct shmslot), n < 2 ? 2 : n);
}

static unsigned char *inplace_send_place(struct tr_chan *ch, enum tr_side side, size_t len)
{
	struct shmslot *s = ch->priv;

	return len <= s->cap ? shmslot_tx(s, side)->data : NULL;
}

static ssize_t inplace_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	return shmslot_put(ch->priv, side, buf, len); /* no copy when buf is the place */
}

static void await(struct tr_chan *ch, enum tr_side side)
{
	while (!shmslot_ready(ch->priv, side)) {
		if (ch->params->same_cpu)
			sched_yield();
		else
			cpu_relax();
	}
}

static ssize_t inplace_recv_place(struct tr_chan *ch, enum tr_side side, unsigned char **msg)
{
	struct shmslot *s = ch->priv;
	struct shm_slot *sl;

	await(ch, side);
	sl = shmslot_rx(s, side);
	shmslot_took(s);
	*msg = sl->data;
	return (ssize_t)sl->len;
}

static ssize_t inplace_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	await(ch, side);
	return shmslot_take(ch->priv, side, buf, len);
}

const struct transport tr_shm_inplace = {
	.name = "shm-inplace",
	.description = "shm-spin's slots, messages built and read in place (no copy in or "
		       "out); ring of max(window, 2) slots per direction; spin-wait with pause "
		       "(sched_yield when both sides share a CPU)",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_SPIN,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 0,
	.copies_note = "the sender builds the message in the shared slot and the receiver "
		       "reads it there: no copy, only the cache lines move",
	.flags = TR_MESSAGE | TR_POLLING | TR_SHARED_MEM | TR_ZERO_COPY | TR_SLOTS,
	.buffering = "a ring of max(window, 2) slots per direction",
	.setup = inplace_setup,
	.open = shmslot_open,
	.send = inplace_send,
	.recv = inplace_recv,
	.close = shmslot_close,
	.teardown = shmslot_teardown,
	.shared_region = shmslot_shared_region,
	.probe_lines = shmslot_probe_lines,
	.data_offset = SHMSLOT_DATA_OFFSET,
	.send_place = inplace_send_place,
	.recv_place = inplace_recv_place,
	.no_fanin = "its zero-copy slots belong to one pair; many clients share shm-spin's "
		    "multi-producer ring",
	.no_fanout = "its zero-copy slots belong to one pair; shm-spin's fan-out has one slot all read",
};
