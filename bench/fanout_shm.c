/* shm-spin and shm-futex fan-out: one mapping, one message slot that every subscriber reads,
 * and a sequence word: the publisher copies the message in and bumps the word (release);
 * each subscriber waits for the word to pass its last message, copies the message out.
 * Waiting: spin with pause (sched_yield when processes share a CPU), or FUTEX_WAIT at once,
 * the publisher calling FUTEX_WAKE for all (a broadcast) only when one said it may sleep.
 * The harness publishes the next message only once all have taken this one. */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "bench/transport.h"
#include "sys/cpu_relax.h"
#include "sys/futex.h"
#include "sys/shmem.h"

struct out_region {
	_Alignas(64) _Atomic uint32_t seq; /* messages published, low 32 bits */
	_Atomic uint32_t sleepers;         /* subscribers that may be asleep on seq */
	_Alignas(128) uint64_t len;
	unsigned char data[];
};

struct shm_out {
	struct out_region *r;
	size_t map_len;
	int futex, yield;
	uint32_t seen;  /* subscriber: messages taken; publisher: published */
	uint64_t woke;
};

static int out_setup(struct tr_chan *ch, unsigned n, int futex)
{
	struct shm_out *s = calloc(1, sizeof(*s));

	(void)n;
	if (!s)
		return -ENOMEM;
	ch->priv = s;
	s->futex = futex;
	s->yield = ch->params->same_cpu;
	s->map_len = sizeof(struct out_region) + ch->params->max_wire;
	s->r = shmem_alloc_placed(ch->params->mem, s->map_len);
	return s->r ? 0 : -ENOMEM;
}

static int spin_setup(struct tr_chan *ch, unsigned n)
{
	return out_setup(ch, n, 0);
}

static int futex_setup(struct tr_chan *ch, unsigned n)
{
	return out_setup(ch, n, 1);
}

static int out_open(struct tr_chan *ch, int who)
{
	(void)ch;
	(void)who;
	return 0;
}

static ssize_t out_publish(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped)
{
	struct shm_out *s = ch->priv;
	struct out_region *r = s->r;

	*dropped = 0;
	if (len > s->map_len - sizeof(*r))
		return -EMSGSIZE;
	memcpy(r->data, buf, len);
	r->len = len;
	atomic_store_explicit(&r->seq, ++s->seen, memory_order_release);
	if (!s->futex)
		return (ssize_t)len;
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&r->sleepers, memory_order_relaxed)) {
		int e = futex_wake(&r->seq, INT_MAX);

		if (e < 0)
			return e;
		s->woke++;
	}
	return (ssize_t)len;
}

static int wait_for(struct shm_out *s, uint32_t want)
{
	struct out_region *r = s->r;
	int e = 0;

	while (atomic_load_explicit(&r->seq, memory_order_acquire) != want) {
		if (!s->futex) {
			if (s->yield)
				sched_yield();
			else
				cpu_relax();
			continue;
		}
		atomic_fetch_add(&r->sleepers, 1);
		uint32_t old = atomic_load(&r->seq);

		if (old != want)
			e = futex_wait(&r->seq, old, 0);
		atomic_fetch_sub(&r->sleepers, 1);
		if (e < 0)
			break;
	}
	return e;
}

static ssize_t out_take(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	struct shm_out *s = ch->priv;
	int e = wait_for(s, s->seen + 1);

	(void)k;
	if (e < 0)
		return e;
	s->seen++;
	if (s->r->len != len)
		return -EMSGSIZE;
	memcpy(buf, s->r->data, len);
	return (ssize_t)len;
}

static void out_close(struct tr_chan *ch, int who)
{
	(void)ch;
	(void)who;
}

static void out_teardown(struct tr_chan *ch)
{
	struct shm_out *s = ch->priv;

	if (!s)
		return;
	if (s->r)
		shmem_free(s->r, s->map_len);
	free(s);
	ch->priv = NULL;
}

#define SHM_FANOUT(id, how_text, setup_fn)                                                    \
	const struct tr_fanout id = {                                                         \
		.how = how_text, .setup = setup_fn, .open = out_open, .publish = out_publish,  \
		.take = out_take, .close = out_close, .teardown = out_teardown,                \
	};

SHM_FANOUT(fanout_shm_spin, "one slot every subscriber reads, spin on its sequence word",
	   spin_setup)
SHM_FANOUT(fanout_shm_futex, "one slot every subscriber reads, FUTEX_WAIT on its sequence "
	   "word and a FUTEX_WAKE for all", futex_setup)
