/* The children of a fan-out cell: one publisher and n subscribers. The publisher builds
 * message k, waits (untimed) until every subscriber has taken message k - 1, stamps the
 * clock (or, paced, takes the due time: cell/pace.h) and publishes; each subscriber stamps
 * the clock as its copy arrives, then verifies it (sequence, pattern) and says it has it.
 * The one-way times, receive stamp minus publish stamp, are worked out in the parent
 * (fanout_sum.c). Warm-up and counted messages carry MSG_WARMUP and MSG_COUNTED and are not
 * stamped; the last carries MSG_STOP. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include "cell/msgio.h"
#include "cell/pace.h"
#include "cell/party_int.h"
#include "cell/payload.h"
#include "cell/phase.h"
#include "sys/cpu_relax.h"
#include "sys/futex.h"

#define ACK_SPIN 2000 /* looks at the count before the publisher sleeps on it */
#define MAX_GAP 1000000u /* a lossy subscriber may have missed this many in a row at most */

/* Until `want` subscribers have taken the last message. */
static int wait_acks(struct party_ctx *c, uint32_t want)
{
	struct party_shared *sh = c->sh;
	uint32_t v;
	int r = 0;

	for (unsigned i = 0; (v = atomic_load(&sh->acked)) < want; i++) {
		if (i < ACK_SPIN) {
			if (c->same_cpu)
				sched_yield();
			else
				cpu_relax();
			continue;
		}
		atomic_store(&sh->pub_waiting, 1);
		atomic_thread_fence(memory_order_seq_cst);
		if ((v = atomic_load(&sh->acked)) >= want)
			break;
		if ((r = futex_wait(&sh->acked, v, 0)) < 0)
			break;
	}
	atomic_store(&sh->pub_waiting, 0);
	atomic_store(&sh->acked, 0);
	return r;
}

static void ack(struct party_ctx *c)
{
	atomic_fetch_add(&c->sh->acked, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load(&c->sh->pub_waiting))
		futex_wake(&c->sh->acked, 1);
}

enum pub_stage { PUB_WARM, PUB_TIMED, PUB_COUNTED, PUB_STOP };

struct pub_state {
	enum pub_stage stage;
	uint64_t end, n, counted, target, last;
	struct pace pace;
	struct phase ph;
};

static uint16_t pub_flags(const struct measure_args *a, const struct pub_state *s, uint64_t k)
{
	switch (s->stage) {
	case PUB_WARM: return MSG_WARMUP;
	case PUB_COUNTED: return MSG_COUNTED;
	case PUB_STOP: return MSG_STOP;
	default: return mio_next_flags(a, 0, k);
	}
}

/* After publishing message k at `from` (its stamp): records it and moves the stage on. */
static void pub_advance(struct party_ctx *c, const struct measure_args *a, struct pub_state *s,
			uint64_t from, struct side_result *res)
{
	uint64_t now = clock_start(a->clk);

	if (s->stage == PUB_WARM && now >= s->end) {
		s->stage = PUB_TIMED;
		s->end = now + a->duration_ticks;
		pace_restart(&s->pace);
	} else if (s->stage == PUB_TIMED) {
		a->samples[s->n++] = from;
		if (now < s->end && s->n < a->max_msgs && s->n < c->max_samples)
			return;
		phase_timed_over(a);
		s->target = phase_counted_target(a, s->n);
		s->stage = s->target ? PUB_COUNTED : PUB_STOP;
		if (s->target)
			phase_begin(&s->ph, res);
		pace_restart(&s->pace);
	} else if (s->stage == PUB_COUNTED && ++s->counted >= s->target) {
		phase_end(&s->ph, res, s->counted);
		s->stage = PUB_STOP;
	}
}

static void publish_loop(struct party_ctx *c, const struct measure_args *a, struct side_result *res)
{
	struct pub_state s = { .stage = a->warmup_ticks ? PUB_WARM : PUB_TIMED };
	uint32_t expect = c->n;
	int late;

	res->status = SIDE_OK;
	phase_open(&s.ph, a);
	pace_init(&s.pace, a->clk, a->rate_per_s, a->idle_ns,
		  a->same_cpu ? PACE_ALWAYS_YIELD : PACE_NEVER_YIELD);
	s.end = clock_start(a->clk) + (s.stage == PUB_WARM ? a->warmup_ticks : a->duration_ticks);
	for (uint64_t k = 0;; k++) {
		enum pub_stage was = s.stage;
		unsigned char *tx = a->tx[k & 1];
		unsigned dropped = 0;

		mio_put(a, tx, k, pub_flags(a, &s, k));
		if (k > 0 && wait_acks(c, expect) < 0) {
			mio_error(res, -EINTR, "waiting for the subscribers");
			break;
		}
		if (s.stage == PUB_TIMED && s.n == 0)
			atomic_store(&c->sh->first_timed, k);
		uint64_t due = pace_active(&s.pace) ? pace_next(&s.pace, s.last, &late) : 0;
		uint64_t t0 = clock_start(a->clk);
		ssize_t r = c->fo->publish(&c->ch, tx, a->wire, &dropped);

		s.last = clock_stop(a->clk);
		if (r < 0 || (size_t)r != a->wire) {
			mio_error(res, r < 0 ? (int)r : -EPROTO, "publish");
			break;
		}
		expect = c->n - dropped;
		res->dropped += dropped;
		res->messages = k + 1;
		if (was == PUB_STOP) {
			wait_acks(c, expect);
			break;
		}
		pub_advance(c, a, &s, s.pace.period_ticks > 0 ? due : t0, res);
	}
	phase_end(&s.ph, res, s.counted);
	phase_close(&s.ph);
	res->nsamples = s.n;
}

/* The sequence number message got should have: the next one, or (lossy) a later one. */
static uint64_t expected_seq(const struct party_ctx *c, const unsigned char *got, uint64_t next)
{
	struct msg_hdr h;

	memcpy(&h, got, sizeof(h));
	if ((c->fo->flags & TR_FANOUT_LOSSY) && h.seq > next && h.seq - next < MAX_GAP)
		return h.seq;
	return next;
}

static void take_loop(struct party_ctx *c, unsigned k, const struct measure_args *a,
		      struct side_result *res)
{
	uint64_t next = 0, counted = 0;
	struct phase ph;
	uint16_t flags;

	res->status = SIDE_OK;
	phase_open(&ph, a);
	for (;;) {
		ssize_t r = c->fo->take(&c->ch, k, a->rx, a->wire);
		uint64_t t1 = clock_stop(a->clk);

		if (r == 0) {
			res->status = SIDE_PEER_CLOSED;
			snprintf(res->reason, sizeof(res->reason), "the publisher closed its end");
			break;
		}
		if (r < 0) {
			mio_error(res, (int)r, "take");
			break;
		}
		uint64_t seq = expected_seq(c, a->rx, next);

		if (mio_verify(a, a->rx, seq, 0, 0, &flags, res) < 0)
			break;
		res->dropped += seq - next;
		next = seq + 1;
		if (!(flags & (MSG_WARMUP | MSG_COUNTED | MSG_STOP))) {
			uint64_t idx = seq - atomic_load(&c->sh->first_timed);

			if (idx < c->max_samples) {
				a->samples[idx] = t1;
				res->nsamples++;
			}
		}
		if ((flags & MSG_COUNTED) && !ph.started)
			phase_begin(&ph, res);
		counted += (flags & MSG_COUNTED) != 0;
		if (flags & MSG_STOP)
			phase_end(&ph, res, counted);
		ack(c);
		if (flags & MSG_STOP)
			break;
	}
	phase_close(&ph);
	res->messages = next;
}

static int child_buffers(struct measure_args *a, struct side_result *res)
{
	a->tx[0] = mio_alloc(a->t, a->wire);
	a->tx[1] = mio_alloc(a->t, a->wire);
	a->rx = mio_alloc(a->t, a->rx_cap);
	if (a->tx[0] && a->tx[1] && a->rx)
		return 0;
	snprintf(res->reason, sizeof(res->reason), "out of memory for message buffers");
	return -ENOMEM;
}

static int run_side(struct party_ctx *c, unsigned i, int cpu, int who)
{
	struct party_area *ar = party_area(c, i);
	struct side_result *res = i == c->n ? &c->sh->srv : &ar->res;
	struct measure_args a;
	int r;

	if ((r = party_prepare(c, cpu, who, res)) < 0)
		return party_fail_start(res, r);
	party_base_args(c, &a);
	a.parties = 1; /* the publisher's timed phase is the cell's */
	a.samples = ar->samples;
	if ((r = child_buffers(&a, res)) < 0)
		return party_fail_start(res, r);
	memset(a.samples, 0, c->max_samples * sizeof(uint64_t)); /* 0: not received */
	if ((r = party_meet(c, res)) < 0)
		return party_fail_start(res, r);
	if (who == TR_PUBLISHER)
		publish_loop(c, &a, res);
	else
		take_loop(c, i, &a, res);
	party_meet_done(c, res);
	if (c->ops.describe)
		c->ops.describe(&c->ch, who, res->note, sizeof(res->note));
	c->ops.close(&c->ch, who);
	return res->status == SIDE_OK ? 0 : 1;
}

int fanout_child(struct party_ctx *c, unsigned i)
{
	char name[16];

	if (i == c->n) {
		prctl(PR_SET_NAME, "ipcbench-pub");
		if (c->spec->set->rate_per_s || c->spec->set->idle_ns)
			prctl(PR_SET_TIMERSLACK, 1ul);
		return run_side(c, i, c->cpu[0], TR_PUBLISHER);
	}
	snprintf(name, sizeof(name), "ipcbench-s%u", i);
	prctl(PR_SET_NAME, name);
	return run_side(c, i, c->cpu[i + 1], (int)i);
}
