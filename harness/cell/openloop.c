/* Open-loop latency (cell/openloop.h): the sending main thread and the receiving thread. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include "cell/msgio.h"
#include "cell/openloop.h"
#include "cell/pace.h"
#include "cell/payload.h"
#include "cell/phase.h"

enum ol_stage { OL_WARM, OL_TIMED, OL_COUNTED, OL_STOP };

struct ol {
	const struct measure_args *a;
	struct ol_slot *ring;
	unsigned cap;
	_Atomic uint64_t sent, taken; /* requests sent, replies taken */
	_Atomic int quit;             /* a thread met an error: the other stops */
	struct side_result rres;      /* the receiving thread's errors and full checks */
	uint64_t n, span0, span1;     /* receiver: timed samples, their first and last reply */
};

/* The receiving thread: every reply in order, verified, timed from its due time. */
static void *ol_receive(void *arg)
{
	struct ol *o = arg;
	const struct measure_args *a = o->a;
	unsigned char *got;

	for (uint64_t seq = 0;; seq++) {
		if (mio_take(a, a->rx, a->wire, a->rx_cap, &got, &o->rres) < 0)
			break;
		uint64_t t1 = clock_stop(a->clk);

		(void)atomic_load_explicit(&o->sent, memory_order_acquire); /* the slot is written */
		struct ol_slot sl = o->ring[seq % o->cap];

		if (mio_verify(a, got, a->seq_base + seq, 1, sl.flags, NULL, &o->rres) < 0)
			break;
		if (sl.stage == OL_TIMED) {
			if (o->n == 0)
				o->span0 = t1;
			o->span1 = t1;
			measure_sample(a, o->n++, t1 - sl.due);
		}
		atomic_store_explicit(&o->taken, seq + 1, memory_order_release);
		if (sl.stage == OL_STOP)
			return NULL;
	}
	atomic_store(&o->quit, 1);
	return NULL;
}

/* Until `want` replies are in, giving the CPU to the receiving thread; 1 if it had to
 * wait, -1 when a thread quit. */
static int ol_wait_taken(struct ol *o, uint64_t want)
{
	int waited = 0;

	while (atomic_load_explicit(&o->taken, memory_order_acquire) < want) {
		if (atomic_load(&o->quit))
			return -1;
		waited = 1;
		sched_yield();
	}
	return waited;
}

/* Sends request seq, due at `due`, once the ring has room; 1 if it waited for room. */
static int ol_send(struct ol *o, uint64_t seq, uint64_t due, int stage, uint16_t flags,
		   struct side_result *res)
{
	const struct measure_args *a = o->a;
	int waited = ol_wait_taken(o, seq >= o->cap ? seq - o->cap + 1 : 0);
	unsigned char *tx;
	uint64_t inflight;

	if (waited < 0)
		return -1;
	o->ring[seq % o->cap] = (struct ol_slot){ .due = due, .flags = flags,
						  .stage = (uint8_t)stage };
	atomic_store_explicit(&o->sent, seq + 1, memory_order_release);
	tx = mio_build(a, a->tx[seq & 1], a->seq_base + seq, flags, res);
	if (!tx || mio_send(a, tx, a->wire, res) < 0) {
		atomic_store(&o->quit, 1);
		return -1;
	}
	inflight = seq + 1 - atomic_load_explicit(&o->taken, memory_order_relaxed);
	if (inflight > res->inflight_max)
		res->inflight_max = (unsigned)inflight;
	return waited;
}

struct ol_sender {
	int stage;
	uint64_t end, timed, late, counted, target;
	struct pace pace;
	struct phase ph;
};

/* The stage of message `due` is over: waits for every reply, then moves on (0), or -1. */
static int ol_next_stage(struct ol *o, struct ol_sender *s, uint64_t seq, struct side_result *res)
{
	const struct measure_args *a = o->a;

	if (ol_wait_taken(o, seq) < 0)
		return -1;
	switch (s->stage) {
	case OL_WARM:
		s->stage = OL_TIMED;
		s->end = clock_start(a->clk) + a->duration_ticks;
		break;
	case OL_TIMED:
		phase_timed_over(a);
		s->target = phase_counted_target(a, s->timed);
		s->stage = s->target ? OL_COUNTED : OL_STOP;
		if (s->target)
			phase_begin(&s->ph, res);
		break;
	default:
		phase_end(&s->ph, res, s->counted);
		s->stage = OL_STOP;
	}
	pace_restart(&s->pace);
	return 0;
}

static int ol_stage_over(const struct measure_args *a, const struct ol_sender *s, uint64_t due)
{
	switch (s->stage) {
	case OL_WARM:
		return due >= s->end;
	case OL_TIMED:
		return due >= s->end || s->timed >= a->max_msgs;
	default:
		return s->counted >= s->target;
	}
}

/* Paces and sends every message of every stage, then the stop message; seq: sent. */
static void ol_send_all(struct ol *o, struct ol_sender *s, uint64_t *seq,
			struct side_result *res)
{
	const struct measure_args *a = o->a;
	int late, w;

	while (s->stage != OL_STOP) {
		if (atomic_load(&o->quit))
			return;
		uint64_t due = pace_next(&s->pace, 0, &late);

		if (ol_stage_over(a, s, due)) {
			if (ol_next_stage(o, s, *seq, res) < 0)
				return;
			continue;
		}
		w = ol_send(o, *seq, due, s->stage,
			    mio_next_flags(a, s->stage == OL_WARM, *seq) |
				    (s->stage == OL_COUNTED ? MSG_COUNTED : 0),
			    res);
		if (w < 0)
			return;
		(*seq)++;
		s->timed += s->stage == OL_TIMED;
		s->late += s->stage == OL_TIMED && (late || w);
		s->counted += s->stage == OL_COUNTED;
	}
	if (!atomic_load(&o->quit) &&
	    ol_send(o, *seq, clock_start(a->clk), OL_STOP, MSG_STOP, res) >= 0)
		(*seq)++;
}

void openloop_client(const struct measure_args *a, struct side_result *res)
{
	struct ol o = { .a = a, .ring = a->open_ring, .cap = a->open_window,
			.rres = { .status = SIDE_OK } };
	struct ol_sender s = { .stage = a->warmup_ticks > 0 ? OL_WARM : OL_TIMED };
	pthread_t th;
	uint64_t seq = 0;
	int r;

	res->status = SIDE_OK;
	phase_open(&s.ph, a);
	/* the receiving thread shares the CPU: yield now and then (cell/pace.h) */
	pace_init(&s.pace, a->clk, a->rate_per_s, 0, PACE_SHARE_YIELD_NS);
	r = pthread_create(&th, NULL, ol_receive, &o);
	if (r != 0) {
		mio_error(res, -r, "creating the receiving thread");
		return;
	}
	s.end = clock_start(a->clk) + (s.stage == OL_WARM ? a->warmup_ticks : a->duration_ticks);
	ol_send_all(&o, &s, &seq, res);
	if (res->status != SIDE_OK) /* the receiver may wait for a reply that never comes */
		pthread_cancel(th);
	pthread_join(th, NULL);
	phase_end(&s.ph, res, s.counted); /* cut short by an error: no figures are used */
	phase_close(&s.ph);
	if (res->status == SIDE_OK && o.rres.status != SIDE_OK) {
		res->status = o.rres.status;
		res->err = o.rres.err;
		snprintf(res->reason, sizeof(res->reason), "%s", o.rres.reason);
	}
	res->verified_full += o.rres.verified_full;
	res->nsamples = o.n;
	res->messages = seq;
	res->timed_span_ticks = o.span1 - o.span0;
	res->late = s.late;
}
