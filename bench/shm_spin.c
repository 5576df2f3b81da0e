/* shm-spin: request and reply slots in one shared mapping (bench/shmslot.h); the receiver
 * spin-waits on the slot's sequence word with pause. With both sides on one CPU the spin
 * loop yields. */
#include <sched.h>
#include "sys/cpu_relax.h"
#include "bench/lib/shmslot.h"

extern const struct tr_fanin fanin_shm_spin;
extern const struct tr_fanout fanout_shm_spin;

static ssize_t shm_spin_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	return shmslot_put(ch->priv, side, buf, len);
}

static ssize_t shm_spin_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct shmslot *s = ch->priv;
	int yield = ch->params->same_cpu;

	while (!shmslot_ready(s, side)) {
		if (yield)
			sched_yield();
		else
			cpu_relax();
	}
	return shmslot_take(s, side, buf, len);
}

const struct transport tr_shm_spin = {
	.name = "shm-spin",
	.description = "shared mapping, request/reply slots on separate cache lines, "
		       "spin-wait with pause (sched_yield when both sides share a CPU)",
	.abstraction = TA_MEMORY,
	.family = TF_SHM,
	.notification = TN_SPIN,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "sender copies into the shared slot, receiver copies out",
	.flags = TR_MESSAGE | TR_POLLING | TR_SHARED_MEM | TR_SLOTS,
	.buffering = "one slot per message in flight (the window)",
	.setup = shmslot_setup,
	.open = shmslot_open,
	.send = shm_spin_send,
	.recv = shm_spin_recv,
	.close = shmslot_close,
	.teardown = shmslot_teardown,
	.shared_region = shmslot_shared_region,
	.probe_lines = shmslot_probe_lines,
	.data_offset = SHMSLOT_DATA_OFFSET,
	.fanin = &fanin_shm_spin,
	.fanout = &fanout_shm_spin,
};
