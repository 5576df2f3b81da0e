/* shm-spin, shm-futex and shm-eventfd fan-in: one shared mapping with a multi-producer
 * request ring and a reply slot per client. The ring is D. Vyukov's bounded queue: a
 * client claims the next position with one atomic add, waits (at once, as a rule) until
 * the slot's turn word says it is free, copies its request in and publishes the turn; the
 * server takes positions in order. Its size is the first power of two at or above the
 * number of clients, each of which has one request out at a time, so a claim never waits
 * for room. Replies go into the client's own slot. Waiting: spin on the word with pause
 * (sched_yield when processes share a CPU); or sleep at once in FUTEX_WAIT on it, the
 * writer calling FUTEX_WAKE only when the reader said it may sleep (as shm-spin and
 * shm-futex do for the pair); or read() an eventfd that the writer posts to after each
 * message (shm-eventfd): the server's doorbell, which every client rings, and one per
 * client for its replies. */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "bench/lib/efd.h"
#include "bench/transport.h"
#include "sys/cpu_relax.h"
#include "sys/futex.h"
#include "sys/shmem.h"

#define GRANULE 128 /* no two slots share a cache line or an adjacent-line prefetch pair */

enum { WAIT_SPIN, WAIT_FUTEX, WAIT_EVENTFD };

struct fan_slot {
	_Alignas(64) _Atomic uint32_t turn; /* ring: position + 1 when full, + size when free */
	_Atomic uint32_t waiters;           /* futex: the reader may sleep on turn */
	uint64_t len;
	unsigned char data[];
};

struct ring_head {
	_Alignas(64) _Atomic uint64_t tail; /* the next position to claim */
};

struct shm_fan {
	unsigned char *map;
	size_t map_len, stride;
	unsigned n, size;   /* clients; ring slots (a power of two) */
	int wait, yield;   /* WAIT_*; processes share a CPU: yield while spinning */
	int *efd;          /* eventfd: [0] the server's doorbell, [1 + k] client k's */
	uint64_t head;      /* server: the next position to take */
	uint32_t *replied;  /* server: replies put into each client's slot */
	uint32_t seen;      /* client: replies taken from its slot */
	uint64_t slept, woke;
};

static struct ring_head *ring_head(struct shm_fan *s)
{
	return (struct ring_head *)s->map;
}

static struct fan_slot *ring_slot(struct shm_fan *s, uint64_t pos)
{
	return (struct fan_slot *)(s->map + GRANULE + (size_t)(pos & (s->size - 1)) * s->stride);
}

static struct fan_slot *reply_slot(struct shm_fan *s, unsigned k)
{
	return (struct fan_slot *)(s->map + GRANULE + ((size_t)s->size + k) * s->stride);
}

/* The eventfds (counter mode, blocking) of the doorbell and of each client. */
static int open_eventfds(struct shm_fan *s)
{
	s->efd = malloc((s->n + 1) * sizeof(*s->efd));
	for (unsigned i = 0; s->efd && i <= s->n; i++)
		s->efd[i] = -1;
	for (unsigned i = 0; s->efd && i <= s->n; i++)
		if ((s->efd[i] = eventfd(0, EFD_CLOEXEC)) < 0)
			return -1;
	if (!s->efd)
		errno = ENOMEM;
	return s->efd ? 0 : -1;
}

static int efd_of(const struct shm_fan *s, unsigned i)
{
	return s->efd ? s->efd[i] : -1;
}

static int fan_setup(struct tr_chan *ch, unsigned n, int wait)
{
	struct shm_fan *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	ch->priv = s;
	s->n = n;
	s->wait = wait;
	if (wait == WAIT_EVENTFD && open_eventfds(s) < 0)
		return -errno;
	s->yield = ch->params->same_cpu;
	for (s->size = 1; s->size < n; s->size *= 2)
		;
	s->stride = (sizeof(struct fan_slot) + ch->params->max_wire + GRANULE - 1) &
		    ~(size_t)(GRANULE - 1);
	s->map_len = GRANULE + ((size_t)s->size + n) * s->stride;
	s->replied = calloc(n, sizeof(*s->replied));
	s->map = shmem_alloc_placed(ch->params->mem, s->map_len);
	if (!s->replied || !s->map)
		return -ENOMEM;
	for (unsigned i = 0; i < s->size; i++)
		atomic_store(&ring_slot(s, i)->turn, i); /* free for position i */
	return 0;
}

static int spin_setup(struct tr_chan *ch, unsigned n)
{
	return fan_setup(ch, n, WAIT_SPIN);
}

static int futex_setup(struct tr_chan *ch, unsigned n)
{
	return fan_setup(ch, n, WAIT_FUTEX);
}

static int eventfd_setup(struct tr_chan *ch, unsigned n)
{
	return fan_setup(ch, n, WAIT_EVENTFD);
}

static int fan_open(struct tr_chan *ch, int who)
{
	(void)ch;
	(void)who;
	return 0;
}

/* Until the slot's turn is want: spin (or yield), or, when it may sleep, sleep on it (futex)
 * or read the eventfd efd until it is (a post may cover several messages: a spare one
 * wakes it for nothing). */
static int wait_word(struct shm_fan *s, struct fan_slot *sl, uint32_t want, int may_sleep,
		     int efd)
{
	int r = 0, slept = 0;
	uint64_t v;

	while (atomic_load_explicit(&sl->turn, memory_order_acquire) != want) {
		if (may_sleep && s->wait == WAIT_EVENTFD) {
			slept = 1;
			if ((r = efd_wait(efd, &v)) < 0)
				break;
			continue;
		}
		if (!may_sleep || s->wait != WAIT_FUTEX) {
			if (s->yield)
				sched_yield();
			else
				cpu_relax();
			continue;
		}
		atomic_store_explicit(&sl->waiters, 1, memory_order_relaxed);
		atomic_thread_fence(memory_order_seq_cst);
		uint32_t old = atomic_load_explicit(&sl->turn, memory_order_relaxed);

		if (old == want)
			break;
		slept = 1;
		if ((r = futex_wait(&sl->turn, old, 0)) < 0)
			break;
	}
	if (s->wait == WAIT_FUTEX && may_sleep)
		atomic_store_explicit(&sl->waiters, 0, memory_order_relaxed);
	s->slept += (uint64_t)slept;
	return r;
}

static int publish(struct shm_fan *s, struct fan_slot *sl, uint32_t turn, int efd)
{
	atomic_store_explicit(&sl->turn, turn, memory_order_release);
	if (s->wait == WAIT_EVENTFD) {
		s->woke++;
		return efd_post(efd, 1);
	}
	if (s->wait != WAIT_FUTEX)
		return 0;
	atomic_thread_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&sl->waiters, memory_order_relaxed))
		return 0;
	s->woke++;
	int r = futex_wake(&sl->turn, 1);

	return r < 0 ? r : 0;
}

static ssize_t put(struct shm_fan *s, struct fan_slot *sl, const void *buf, size_t len,
		   uint32_t turn, int efd)
{
	if (len + sizeof(*sl) > s->stride)
		return -EMSGSIZE;
	memcpy(sl->data, buf, len);
	sl->len = len;
	int r = publish(s, sl, turn, efd);

	return r < 0 ? r : (ssize_t)len;
}

static ssize_t take(struct fan_slot *sl, void *buf, size_t len)
{
	if (sl->len != len)
		return -EMSGSIZE;
	memcpy(buf, sl->data, len);
	return (ssize_t)len;
}

static ssize_t fan_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	struct shm_fan *s = ch->priv;
	uint64_t pos = atomic_fetch_add_explicit(&ring_head(s)->tail, 1, memory_order_relaxed);
	struct fan_slot *sl = ring_slot(s, pos);
	int r = wait_word(s, sl, (uint32_t)pos, 0, -1); /* free: at once, the ring has room */

	(void)k;
	return r < 0 ? r : put(s, sl, buf, len, (uint32_t)(pos + 1), efd_of(s, 0));
}

static ssize_t fan_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	struct shm_fan *s = ch->priv;
	struct fan_slot *sl = reply_slot(s, k);
	int r = wait_word(s, sl, s->seen + 1, 1, efd_of(s, k + 1));

	if (r < 0)
		return r;
	s->seen++;
	return take(sl, buf, len);
}

static ssize_t fan_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	struct shm_fan *s = ch->priv;
	struct fan_slot *sl = ring_slot(s, s->head);
	int r = wait_word(s, sl, (uint32_t)(s->head + 1), 1, efd_of(s, 0));
	ssize_t n;

	*from = TR_FROM_UNKNOWN;
	if (r < 0)
		return r;
	n = take(sl, buf, len);
	/* free for the position one lap on; nobody sleeps on a free slot */
	atomic_store_explicit(&sl->turn, (uint32_t)(s->head + s->size), memory_order_release);
	s->head++;
	return n;
}

static ssize_t fan_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	struct shm_fan *s = ch->priv;

	return put(s, reply_slot(s, to), buf, len, ++s->replied[to], efd_of(s, to + 1));
}

static void fan_describe(struct tr_chan *ch, int who, char *buf, size_t len)
{
	struct shm_fan *s = ch->priv;

	if (s->wait != WAIT_SPIN && who == TR_FANIN_SERVER)
		snprintf(buf, len, "server: slept on %llu of %llu requests, woke a client %llu times",
			 (unsigned long long)s->slept, (unsigned long long)s->head,
			 (unsigned long long)s->woke);
}

static void fan_close(struct tr_chan *ch, int who)
{
	(void)ch;
	(void)who;
}

static void fan_teardown(struct tr_chan *ch)
{
	struct shm_fan *s = ch->priv;

	if (!s)
		return;
	if (s->map)
		shmem_free(s->map, s->map_len);
	for (unsigned i = 0; s->efd && i <= s->n; i++)
		if (s->efd[i] >= 0)
			close(s->efd[i]);
	free(s->efd);
	free(s->replied);
	free(s);
	ch->priv = NULL;
}

#define SHM_FANIN(id, how_text, setup_fn)                                                     \
	const struct tr_fanin id = {                                                          \
		.how = how_text, .setup = setup_fn, .open = fan_open, .csend = fan_csend,      \
		.crecv = fan_crecv, .srecv = fan_srecv, .ssend = fan_ssend,                    \
		.close = fan_close, .teardown = fan_teardown, .describe = fan_describe,        \
	};

SHM_FANIN(fanin_shm_spin, "a multi-producer ring and a reply slot per client in one "
	  "mapping, spin-wait", spin_setup)
SHM_FANIN(fanin_shm_futex, "a multi-producer ring and a reply slot per client in one "
	  "mapping, FUTEX_WAIT and FUTEX_WAKE on the slots", futex_setup)
SHM_FANIN(fanin_shm_eventfd, "a multi-producer ring and a reply slot per client in one "
	  "mapping; an eventfd doorbell for the server, one per client for its replies",
	  eventfd_setup)
