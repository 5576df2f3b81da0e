/* shm-spin: one shared mapping with a request slot and a reply slot, each starting on its
 * own cache line pair; the receiver spin-waits on the slot's sequence word with pause.
 * The first 48 bytes of a message share the line with the sequence word, so a small
 * message moves as one cache line. With both sides on one CPU the spin loop yields. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_relax.h"
#include "shmem.h"
#include "transport.h"

struct slot {
	_Alignas(64) _Atomic uint64_t ready; /* bumped by the sender after the data is in */
	uint64_t len;
	unsigned char data[]; /* the message, starting in the same cache line */
};

struct shm_spin {
	unsigned char *map;
	size_t map_len, slot_len;
	uint64_t sent, seen; /* per process: each child has its own copy after fork */
};

static struct slot *slot_of(struct shm_spin *s, int dir)
{
	return (struct slot *)(s->map + (size_t)dir * s->slot_len);
}

static int shm_spin_setup(struct tr_chan *ch)
{
	struct shm_spin *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	/* 128-byte granule: keeps the two slots off adjacent-line prefetch pairs */
	s->slot_len = (sizeof(struct slot) + ch->params->max_wire + 127) & ~(size_t)127;
	s->map_len = 2 * s->slot_len;
	s->map = shmem_alloc(s->map_len);
	if (!s->map) {
		int r = -errno;
		free(s);
		return r;
	}
	ch->priv = s;
	return 0;
}

static int shm_spin_open(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
	return 0;
}

/* Direction 0 carries requests (client to server), direction 1 replies. */
static ssize_t shm_spin_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct shm_spin *s = ch->priv;
	struct slot *sl = slot_of(s, side == TR_CLIENT ? 0 : 1);

	if (len > ch->params->max_wire)
		return -EMSGSIZE;
	memcpy(sl->data, buf, len);
	sl->len = len;
	atomic_store_explicit(&sl->ready, ++s->sent, memory_order_release);
	return (ssize_t)len;
}

static ssize_t shm_spin_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct shm_spin *s = ch->priv;
	struct slot *sl = slot_of(s, side == TR_CLIENT ? 1 : 0);
	int yield = ch->params->same_cpu;
	uint64_t v;

	while ((v = atomic_load_explicit(&sl->ready, memory_order_acquire)) == s->seen) {
		if (yield)
			sched_yield();
		else
			cpu_relax();
	}
	s->seen = v;
	if (sl->len > len)
		return -EMSGSIZE;
	memcpy(buf, sl->data, sl->len);
	return (ssize_t)sl->len;
}

static void shm_spin_close(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
}

static void shm_spin_teardown(struct tr_chan *ch)
{
	struct shm_spin *s = ch->priv;

	if (!s)
		return;
	shmem_free(s->map, s->map_len);
	free(s);
	ch->priv = NULL;
}

const struct transport tr_shm_spin = {
	.name = "shm-spin",
	.description = "shared mapping, request/reply slots on separate cache lines, "
		       "spin-wait with pause (sched_yield when both sides share a CPU)",
	.abstraction = "memory",
	.notification = "spin",
	.copies = 2,
	.copies_note = "sender copies into the shared slot, receiver copies out",
	.flags = TR_MESSAGE | TR_POLLING | TR_SHARED_MEM,
	.setup = shm_spin_setup,
	.open = shm_spin_open,
	.send = shm_spin_send,
	.recv = shm_spin_recv,
	.close = shm_spin_close,
	.teardown = shm_spin_teardown,
};
