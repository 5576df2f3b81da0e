/* Offered load for a latency cell's client: when each message is meant to go.
 *
 * Paced (rate_per_s > 0): message k of a stage is due at base + k / rate, a schedule fixed
 * when the stage begins and never moved by what happens later. The client waits until the
 * message is due, then sends; a reply that lands late makes the next send late, and that
 * message's latency still counts from when it was due (no coordinated omission: a stall
 * cannot hide the messages it delayed). The wait is clock_nanosleep(CLOCK_MONOTONIC,
 * TIMER_ABSTIME) to PACE_SPIN_NS before the due time when the gap is longer than that,
 * then a spin on the measuring clock until the due time; shorter gaps are spun only. The
 * spin yields the CPU (sched_yield) as often as the caller says: at every turn when both
 * sides share a CPU, every PACE_SHARE_YIELD_NS when only a thread of the client's own does
 * (the open loop's receiver: it gets the CPU by wake-up preemption, and the rare yield
 * bounds its wait where that does not come), never otherwise.
 *
 * Idle (idle_ns > 0): a closed loop with a fixed sleep after each reply, rt-tests style:
 * clock_nanosleep(TIMER_ABSTIME) to the reply's time plus idle_ns, no spin, so that the
 * receiver (and the machine) has been idle for that long when the next message arrives.
 *
 * Neither: the hot loop, the next message as soon as the reply landed. Nothing here
 * allocates or calls anything but the clock, clock_nanosleep and sched_yield. */
#ifndef IPCBENCH_PACE_H
#define IPCBENCH_PACE_H
#include <stdint.h>
#include "sys/clock.h"

#define PACE_SPIN_NS 100000ull /* spin this last stretch before a due time (wake-ups run late) */
#define PACE_SHARE_YIELD_NS 20000ull /* the open loop's spin yields this often */
/* yield_every_ns of pace_init: never, or at every turn of the spin. */
enum { PACE_NEVER_YIELD = 0, PACE_ALWAYS_YIELD = 1 };

struct pace {
	const struct clock_src *clk;
	double period_ticks; /* paced: ticks between due times; 0: not paced */
	uint64_t idle_ns;    /* idle: sleep after each reply; 0: none */
	uint64_t yield_ticks; /* the spin yields when this long has passed since it last did
			       * (1: at every turn; 0: never) */
	uint64_t base;       /* ticks: when message 0 of this stage is due */
	uint64_t k;          /* the next message's number in the stage */
	uint64_t mono_base_ns; /* CLOCK_MONOTONIC at base, to sleep with clock_nanosleep */
};

void pace_init(struct pace *p, const struct clock_src *clk, uint64_t rate_per_s,
	       uint64_t idle_ns, uint64_t yield_every_ns);
/* A new schedule from now: the next message is number 0, due at once. */
void pace_restart(struct pace *p);
/* When message k of the stage is due, in ticks. */
uint64_t pace_due_at(const struct pace *p, uint64_t k);
/* Waits until the next message is due (paced), or until idle_ns after last_reply (idle;
 * last_reply in ticks, 0 for the first message); returns the tick the message's latency
 * counts from: the due time (paced) or now. *late says whether the due time had already
 * passed on entry (paced only). Moves on to the next message. */
uint64_t pace_next(struct pace *p, uint64_t last_reply, int *late);
/* Whether anything is paced or idle at all. */
static inline int pace_active(const struct pace *p)
{
	return p->period_ticks > 0 || p->idle_ns > 0;
}

#endif
