/* shm-futex: the shm-spin slots (bench/shmslot.h), but the receiver sleeps at once in
 * FUTEX_WAIT (process-shared) on the slot's 32-bit sequence word until it moves; the
 * sender bumps the word, then calls FUTEX_WAKE only if the receiver said it may sleep. */
#include "bench/lib/shmslot.h"

extern const struct tr_fanin fanin_shm_futex;
extern const struct tr_fanout fanout_shm_futex;

static ssize_t shm_futex_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	ssize_t n = shmslot_put(ch->priv, side, buf, len);
	int r;

	if (n < 0)
		return n;
	r = shmslot_futex_wake(ch->priv, side);
	return r < 0 ? r : n;
}

static ssize_t shm_futex_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	int r = shmslot_futex_sleep(ch->priv, side);

	return r < 0 ? r : shmslot_take(ch->priv, side, buf, len);
}

static void shm_futex_describe(struct tr_chan *ch, enum tr_side side, char *buf, size_t len)
{
	shmslot_futex_describe(ch->priv, side, buf, len);
}

const struct transport tr_shm_futex = {
	.name = "shm-futex",
	.description = "shm-spin's slots; the receiver sleeps in FUTEX_WAIT on the slot's "
		       "sequence word, the sender calls FUTEX_WAKE only when a waiter announced itself",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_FUTEX,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "sender copies into the shared slot, receiver copies out",
	.flags = TR_MESSAGE | TR_SHARED_MEM | TR_SLOTS,
	.buffering = "one slot per message in flight (the window)",
	.setup = shmslot_setup,
	.open = shmslot_open,
	.send = shm_futex_send,
	.recv = shm_futex_recv,
	.close = shmslot_close,
	.teardown = shmslot_teardown,
	.shared_region = shmslot_shared_region,
	.probe_lines = shmslot_probe_lines,
	.data_offset = SHMSLOT_DATA_OFFSET,
	.describe = shm_futex_describe,
	.fanin = &fanin_shm_futex,
	.fanout = &fanout_shm_futex,
};
