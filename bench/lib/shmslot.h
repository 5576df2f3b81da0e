/* The message slots shared by the shm-* transports: one region holding, per direction
 * (0: client to server, 1: server to client), a ring of params->window slots; latency mode
 * has one slot per direction. Each slot starts on its own 128-byte granule, so no two
 * share a cache line or an adjacent-line prefetch pair. The 16-byte header and the first
 * 48 bytes of a message share one cache line, so a small message moves as one line.
 * Message m of a direction goes into slot m % nslots; the harness never has more than
 * window messages in flight, so a slot is free again when it is reused. The transports
 * built on it differ only in how the receiver waits for the slot's sequence word to move
 * and how the sender tells it that it did. */
#ifndef IPCBENCH_SHMSLOT_H
#define IPCBENCH_SHMSLOT_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "bench/transport.h"

struct shm_slot {
	_Alignas(64) _Atomic uint32_t seq; /* count of the last message put here, low 32 bits */
	_Atomic uint32_t waiters;          /* futex variants: the receiver may sleep on seq */
	uint64_t len;
	unsigned char data[]; /* the message, starting in the same cache line */
};
/* Where a slot's message starts past the slot (a 128-byte boundary): the transports'
 * data_offset (bench/transport.h). */
#define SHMSLOT_DATA_OFFSET offsetof(struct shm_slot, data)

/* Lives in a transport's priv, so each child has its own copy after fork. */
struct shmslot {
	unsigned char *map;
	size_t map_len, slot_len, cap;
	unsigned nslots;      /* per direction */
	uint64_t sent, seen;  /* messages this process sent / took */
	unsigned tx_at, rx_at; /* their slots: sent and seen modulo nslots, kept here so that no
				* division sits between a message's arrival and its reply */
	uint64_t slept, woke; /* futex variants: receives that slept, sends that woke */
};

/* Bytes of region needed for two rings of nslots slots of max_wire bytes each. */
size_t shmslot_region_len(size_t max_wire, unsigned nslots);
/* Lays s out over a zeroed region of shmslot_region_len(max_wire, nslots) bytes. */
void shmslot_init(struct shmslot *s, void *region, size_t max_wire, unsigned nslots);
/* The same over an anonymous shared mapping (harness/shmem.h); 0 or a negative errno. */
int shmslot_map(struct shmslot *s, size_t max_wire, unsigned nslots, struct mem_place *mem);
void shmslot_unmap(struct shmslot *s);
/* Slots per direction for a channel: params->window, at least 1. */
unsigned shmslot_nslots(const struct tr_chan *ch);
/* For transports whose priv is a struct starting with struct shmslot (priv_size bytes,
 * zeroed) over an anonymous mapping: allocate and map, or unmap and free. */
int shmslot_setup_priv(struct tr_chan *ch, size_t priv_size);
/* The same with nslots slots per direction. */
int shmslot_setup_ring(struct tr_chan *ch, size_t priv_size, unsigned nslots);
int shmslot_setup(struct tr_chan *ch);
void shmslot_teardown(struct tr_chan *ch);
/* open and close for transports with nothing to do there. */
int shmslot_open(struct tr_chan *ch, enum tr_side side);
void shmslot_close(struct tr_chan *ch, enum tr_side side);
/* The whole region, for cache=cold (struct transport's shared_region). */
void shmslot_shared_region(struct tr_chan *ch, void **base, size_t *len);
/* The request and reply slots' first words, for the floor probe (struct transport). */
void shmslot_probe_lines(struct tr_chan *ch, _Atomic uint64_t **req, _Atomic uint64_t **rep);

static inline struct shm_slot *shmslot_at(struct shmslot *s, int dir, unsigned slot)
{
	return (struct shm_slot *)(s->map + ((size_t)dir * s->nslots + slot) * s->slot_len);
}

static inline unsigned shmslot_next(const struct shmslot *s, unsigned slot)
{
	return slot + 1 == s->nslots ? 0 : slot + 1;
}

/* The slot side's next message goes into, the one its last went into, and the one its
 * next message comes from. */
static inline struct shm_slot *shmslot_tx(struct shmslot *s, enum tr_side side)
{
	return shmslot_at(s, side == TR_CLIENT ? 0 : 1, s->tx_at);
}

static inline struct shm_slot *shmslot_last_tx(struct shmslot *s, enum tr_side side)
{
	return shmslot_at(s, side == TR_CLIENT ? 0 : 1, (s->tx_at ? s->tx_at : s->nslots) - 1);
}

static inline struct shm_slot *shmslot_rx(struct shmslot *s, enum tr_side side)
{
	return shmslot_at(s, side == TR_CLIENT ? 1 : 0, s->rx_at);
}

/* 1 when side's next message is in its slot. */
static inline int shmslot_ready(struct shmslot *s, enum tr_side side)
{
	struct shm_slot *sl = shmslot_rx(s, side);

	return atomic_load_explicit(&sl->seq, memory_order_acquire) == (uint32_t)(s->seen + 1);
}

/* Copies the message into side's next send slot and publishes it (release). Returns len
 * or -EMSGSIZE. The slot must be free: the harness keeps at most nslots in flight. */
ssize_t shmslot_put(struct shmslot *s, enum tr_side side, const void *buf, size_t len);
/* side has taken the message in its receive slot: the next comes from the next slot. */
static inline void shmslot_took(struct shmslot *s)
{
	s->seen++;
	s->rx_at = shmslot_next(s, s->rx_at);
}

/* Copies out the message shmslot_ready saw: its length, or -EMSGSIZE when buf is short. */
ssize_t shmslot_take(struct shmslot *s, enum tr_side side, void *buf, size_t len);

/* Futex notification on the slot's sequence word, shared by shm-futex and shm-hybrid so
 * that they differ only in the spinning. futex_sleep waits until side's message is ready;
 * futex_wake, after shmslot_put, wakes the peer only when it said it may sleep. */
int shmslot_futex_sleep(struct shmslot *s, enum tr_side side);
int shmslot_futex_wake(struct shmslot *s, enum tr_side side);
/* How often side slept and woke its peer, for describe. */
void shmslot_futex_describe(struct shmslot *s, enum tr_side side, char *buf, size_t len);

#endif
