/* Handing control to the other side: how a side waits for the A-stack's state word to
 * change, and how it tells the peer that it changed. Every wait is cut into slices of at
 * most LRPC_LIVENESS_NS, after which the peer's liveness is checked, so that no wait
 * outlives a killed peer. The futex protocol is shm-futex's (bench/shmslot.c): the waiter
 * announces that it may sleep, a seq_cst fence on both sides makes at least one of them see
 * the other's store, and only the waiter clears its announcement. */
#include <errno.h>
#include <sched.h>
#include "sys/clock.h"
#include "sys/cpu_relax.h"
#include "sys/futex.h"
#include "lrpc_int.h"

#define HYBRID_SPIN_NS 4000u /* hybrid: spin budget before sleeping */
#define SPIN_CHECK 1024u     /* pauses between looks at the clock */
#define YIELD_CHECK 16u      /* sched_yields between looks at the clock */

/* Pause iterations in HYBRID_SPIN_NS: best of five timed runs (preemption only slows). */
static unsigned long spin_calibrate(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 5; i++) {
		uint64_t t0 = clock_mono_ns();

		for (unsigned j = 0; j < 4096; j++)
			cpu_relax();
		uint64_t t = clock_mono_ns() - t0;
		if (t < best)
			best = t;
	}
	return best ? (unsigned long)(4096ull * HYBRID_SPIN_NS / best) + 1 : 4096;
}

void handoff_init(struct lrpc_astack *a, enum lrpc_handoff h, int shared_cpu)
{
	a->handoff = h;
	a->shared_cpu = shared_cpu;
	a->spin_iters = h == LRPC_HYBRID && !shared_cpu ? spin_calibrate() : 0;
}

/* After a slice: -EPIPE if the peer is gone (checked at most every LRPC_LIVENESS_NS,
 * *next being when the next check is due), else -ETIMEDOUT past the deadline. A server
 * starts watching its client once one has claimed the A-stack. */
static int slice_over(struct lrpc_astack *a, uint64_t deadline, uint64_t *next)
{
	uint64_t now = clock_mono_ns();

	if (now >= *next) {
		int32_t pid = atomic_load(&a->h->client_pid);

		if (a->server && a->peer.pid == 0 && pid)
			peer_watch(&a->peer, pid);
		if (!peer_alive(&a->peer))
			return -EPIPE;
		*next = now + LRPC_LIVENESS_NS;
	}
	return deadline && now >= deadline ? -ETIMEDOUT : 0;
}

static int changed(struct lrpc_astack *a, uint32_t v, uint32_t *out)
{
	*out = atomic_load_explicit(&a->h->state, memory_order_acquire);
	return *out != v;
}

/* Polls; yields between looks when yield is set. */
static int poll_wait(struct lrpc_astack *a, uint32_t v, int yield, uint64_t deadline,
		     uint32_t *out)
{
	unsigned every = yield ? YIELD_CHECK : SPIN_CHECK;
	uint64_t next = 0;

	for (unsigned long i = 1;; i++) {
		if (changed(a, v, out))
			return 0;
		if (yield)
			sched_yield();
		else
			cpu_relax();
		if (i % every == 0) {
			int r = slice_over(a, deadline, &next);
			if (r < 0)
				return r;
		}
	}
}

/* The futex slice: the whole liveness interval, or what is left before the deadline. */
static uint64_t futex_slice(uint64_t deadline)
{
	uint64_t now;

	if (!deadline)
		return LRPC_LIVENESS_NS;
	now = clock_mono_ns();
	if (now >= deadline)
		return 1;
	return deadline - now < LRPC_LIVENESS_NS ? deadline - now : LRPC_LIVENESS_NS;
}

static int futex_sleep(struct lrpc_astack *a, _Atomic uint32_t *flag, uint32_t v,
		       uint64_t deadline, uint32_t *out)
{
	uint64_t next = 0;
	int r;

	for (;;) {
		atomic_store_explicit(flag, 1, memory_order_relaxed);
		atomic_thread_fence(memory_order_seq_cst);
		if (changed(a, v, out)) {
			r = 0;
			break;
		}
		r = futex_wait(&a->h->state, v, futex_slice(deadline));
		if (r < 0 && r != -ETIMEDOUT)
			break;
		if (changed(a, v, out)) {
			r = 0;
			break;
		}
		if ((r = slice_over(a, deadline, &next)) < 0)
			break; /* a slice passed, or a spurious wake-up */
	}
	atomic_store_explicit(flag, 0, memory_order_relaxed);
	return r;
}

int handoff_wait(struct lrpc_astack *a, _Atomic uint32_t *my_flag, uint32_t v,
		 uint64_t deadline, uint32_t *out)
{
	switch (a->handoff) {
	case LRPC_SPIN:
		return poll_wait(a, v, a->shared_cpu, deadline, out);
	case LRPC_YIELD:
		return poll_wait(a, v, 1, deadline, out);
	case LRPC_HYBRID:
		if (a->shared_cpu) {
			if (changed(a, v, out))
				return 0;
			sched_yield(); /* the peer needs this CPU to answer */
		} else {
			for (unsigned long i = 0; i < a->spin_iters; i++) {
				if (changed(a, v, out))
					return 0;
				cpu_relax();
			}
		}
		return futex_sleep(a, my_flag, v, deadline, out);
	default:
		return futex_sleep(a, my_flag, v, deadline, out);
	}
}

void handoff_notify(struct lrpc_astack *a, _Atomic uint32_t *peer_flag)
{
	if (a->handoff != LRPC_FUTEX && a->handoff != LRPC_HYBRID)
		return; /* the peer polls */
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(peer_flag, memory_order_relaxed))
		futex_wake(&a->h->state, 1);
}
