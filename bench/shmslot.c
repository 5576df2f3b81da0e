#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "futex.h"
#include "shmem.h"
#include "shmslot.h"

size_t shmslot_region_len(size_t max_wire)
{
	/* 128-byte granule: keeps the two slots off adjacent-line prefetch pairs */
	return 2 * ((sizeof(struct shm_slot) + max_wire + 127) & ~(size_t)127);
}

void shmslot_init(struct shmslot *s, void *region, size_t max_wire)
{
	*s = (struct shmslot){
		.map = region, .map_len = shmslot_region_len(max_wire),
		.slot_len = shmslot_region_len(max_wire) / 2, .cap = max_wire,
	};
}

int shmslot_map(struct shmslot *s, size_t max_wire, struct mem_place *mem)
{
	void *p = shmem_alloc_placed(mem, shmslot_region_len(max_wire));

	if (!p)
		return -errno;
	shmslot_init(s, p, max_wire);
	return 0;
}

void shmslot_unmap(struct shmslot *s)
{
	shmem_free(s->map, s->map_len);
	s->map = NULL;
}

int shmslot_setup_priv(struct tr_chan *ch, size_t priv_size)
{
	struct shmslot *s = calloc(1, priv_size);
	int r;

	if (!s)
		return -ENOMEM;
	r = shmslot_map(s, ch->params->max_wire, ch->params->mem);
	if (r < 0) {
		free(s);
		return r;
	}
	ch->priv = s;
	return 0;
}

int shmslot_setup(struct tr_chan *ch)
{
	return shmslot_setup_priv(ch, sizeof(struct shmslot));
}

void shmslot_teardown(struct tr_chan *ch)
{
	struct shmslot *s = ch->priv;

	if (!s)
		return;
	shmslot_unmap(s);
	free(s);
	ch->priv = NULL;
}

int shmslot_open(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
	return 0;
}

void shmslot_close(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
}

ssize_t shmslot_put(struct shmslot *s, enum tr_side side, const void *buf, size_t len)
{
	struct shm_slot *sl = shmslot_tx(s, side);

	if (len > s->cap)
		return -EMSGSIZE;
	memcpy(sl->data, buf, len);
	sl->len = len;
	atomic_store_explicit(&sl->seq, (uint32_t)++s->sent, memory_order_release);
	return (ssize_t)len;
}

ssize_t shmslot_take(struct shmslot *s, enum tr_side side, void *buf, size_t len)
{
	struct shm_slot *sl = shmslot_rx(s, side);
	size_t n = sl->len;

	s->seen++;
	if (n > len)
		return -EMSGSIZE;
	memcpy(buf, sl->data, n);
	return (ssize_t)n;
}

/* The receiver announces in `waiters` that it may sleep, then rechecks seq; the sender
 * publishes seq, then reads `waiters`. A seq_cst fence between the store and the load on
 * both sides (a Dekker pair) makes at least one see the other's store, so no wake-up is
 * lost; FUTEX_WAIT itself returns at once if seq moved after the recheck. Only the
 * receiver clears the flag: a sender clearing it could erase an announcement made for
 * the next message. A stale flag costs one needless FUTEX_WAKE, nothing more. */
int shmslot_futex_sleep(struct shmslot *s, enum tr_side side)
{
	struct shm_slot *sl = shmslot_rx(s, side);
	uint32_t seen = (uint32_t)s->seen;
	int slept = 0, r = 0;

	while (!shmslot_ready(s, side)) {
		atomic_store_explicit(&sl->waiters, 1, memory_order_relaxed);
		atomic_thread_fence(memory_order_seq_cst);
		if (atomic_load_explicit(&sl->seq, memory_order_relaxed) != seen)
			continue;
		slept = 1;
		r = futex_wait(&sl->seq, seen, 0); /* 0 also on EINTR, EAGAIN, spurious */
		if (r < 0)
			break;
	}
	atomic_store_explicit(&sl->waiters, 0, memory_order_relaxed);
	s->slept += (uint64_t)slept;
	return r;
}

int shmslot_futex_wake(struct shmslot *s, enum tr_side side)
{
	struct shm_slot *sl = shmslot_tx(s, side);
	int r;

	atomic_thread_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&sl->waiters, memory_order_relaxed))
		return 0;
	s->woke++;
	r = futex_wake(&sl->seq, 1);
	return r < 0 ? r : 0;
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

void shmslot_futex_describe(struct shmslot *s, enum tr_side side, char *buf, size_t len)
{
	snprintf(buf, len, "%s slept on %.0f%% of receives, woke on %.0f%% of sends",
		 side == TR_CLIENT ? "client" : "server", pct(s->slept, s->seen),
		 pct(s->woke, s->sent));
}
