#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/futex.h"
#include "sys/shmem.h"
#include "bench/lib/shmslot.h"

static size_t slot_len(size_t max_wire)
{
	/* 128-byte granule: keeps slots off adjacent-line prefetch pairs */
	return (sizeof(struct shm_slot) + max_wire + 127) & ~(size_t)127;
}

size_t shmslot_region_len(size_t max_wire, unsigned nslots)
{
	return 2 * (size_t)nslots * slot_len(max_wire);
}

void shmslot_init(struct shmslot *s, void *region, size_t max_wire, unsigned nslots)
{
	*s = (struct shmslot){
		.map = region, .map_len = shmslot_region_len(max_wire, nslots),
		.slot_len = slot_len(max_wire), .cap = max_wire, .nslots = nslots,
	};
}

int shmslot_map(struct shmslot *s, size_t max_wire, unsigned nslots, struct mem_place *mem)
{
	void *p = shmem_alloc_placed(mem, shmslot_region_len(max_wire, nslots));

	if (!p)
		return -errno;
	shmslot_init(s, p, max_wire, nslots);
	return 0;
}

void shmslot_unmap(struct shmslot *s)
{
	shmem_free(s->map, s->map_len);
	s->map = NULL;
}

unsigned shmslot_nslots(const struct tr_chan *ch)
{
	return ch->params->window ? ch->params->window : 1;
}

int shmslot_setup_ring(struct tr_chan *ch, size_t priv_size, unsigned nslots)
{
	struct shmslot *s = calloc(1, priv_size);
	int r;

	if (!s)
		return -ENOMEM;
	r = shmslot_map(s, ch->params->max_wire, nslots, ch->params->mem);
	if (r < 0) {
		free(s);
		return r;
	}
	ch->priv = s;
	return 0;
}

int shmslot_setup_priv(struct tr_chan *ch, size_t priv_size)
{
	return shmslot_setup_ring(ch, priv_size, shmslot_nslots(ch));
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

/* A message copy. Small ones inline, as two overlapping moves of a fixed size (what a libc
 * memcpy does after its call and size dispatch): on the spin path the copies lie between a
 * request's arrival and its reply. */
static inline void slot_copy(unsigned char *d, const unsigned char *s, size_t n)
{
	if (n > 64) {
		memcpy(d, s, n);
	} else if (n >= 32) {
		memcpy(d, s, 32);
		memcpy(d + n - 32, s + n - 32, 32);
	} else if (n >= 16) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else {
		memcpy(d, s, n);
	}
}

ssize_t shmslot_put(struct shmslot *s, enum tr_side side, const void *buf, size_t len)
{
	struct shm_slot *sl = shmslot_tx(s, side);

	if (len > s->cap)
		return -EMSGSIZE;
	if (buf != sl->data) /* built in place (shm-inplace): nothing to copy */
		slot_copy(sl->data, buf, len);
	sl->len = len;
	atomic_store_explicit(&sl->seq, (uint32_t)++s->sent, memory_order_release);
	s->tx_at = shmslot_next(s, s->tx_at);
	return (ssize_t)len;
}

ssize_t shmslot_take(struct shmslot *s, enum tr_side side, void *buf, size_t len)
{
	struct shm_slot *sl = shmslot_rx(s, side);
	size_t n = sl->len;

	shmslot_took(s);
	if (n > len)
		return -EMSGSIZE;
	slot_copy(buf, sl->data, n);
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
	uint32_t want = (uint32_t)(s->seen + 1);
	int slept = 0, r = 0;

	while (!shmslot_ready(s, side)) {
		uint32_t old;

		atomic_store_explicit(&sl->waiters, 1, memory_order_relaxed);
		atomic_thread_fence(memory_order_seq_cst);
		old = atomic_load_explicit(&sl->seq, memory_order_relaxed);
		if (old == want)
			continue;
		slept = 1;
		r = futex_wait(&sl->seq, old, 0); /* 0 also on EINTR, EAGAIN, spurious */
		if (r < 0)
			break;
	}
	atomic_store_explicit(&sl->waiters, 0, memory_order_relaxed);
	s->slept += (uint64_t)slept;
	return r;
}

int shmslot_futex_wake(struct shmslot *s, enum tr_side side)
{
	struct shm_slot *sl = shmslot_last_tx(s, side);
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

void shmslot_shared_region(struct tr_chan *ch, void **base, size_t *len)
{
	struct shmslot *s = ch->priv;

	*base = s->map;
	*len = s->map_len;
}

/* Latency mode's request slot and reply slot (slot 0 of each direction): their seq words. */
void shmslot_probe_lines(struct tr_chan *ch, _Atomic uint64_t **req, _Atomic uint64_t **rep)
{
	struct shmslot *s = ch->priv;

	*req = (_Atomic uint64_t *)(void *)shmslot_at(s, 0, 0);
	*rep = (_Atomic uint64_t *)(void *)shmslot_at(s, 1, 0);
}
