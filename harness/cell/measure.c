/* Latency mode (cell/stream.c has bandwidth mode). Messages are built in the side's send
 * buffers, or, for a zero-copy transport, in the place the transport gives (mio_place),
 * and received into rx or read where they lie (mio_take): `got` points at the message. */
#include <errno.h>
#include <stdio.h>
#include "cell/gate.h"
#include "cell/msgio.h"
#include "cell/pace.h"
#include "cell/payload.h"
#include "cell/phase.h"
#include "cell/settle.h"



/* One untimed round trip that tells the server to finish. */
static void client_stop(const struct measure_args *a, uint64_t seq, struct side_result *res)
{
	unsigned char *tx = mio_build(a, a->tx[seq & 1], seq, MSG_STOP, res), *got;

	if (tx && mio_send(a, tx, a->wire, res) == 0 &&
	    mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) == 0)
		mio_verify(a, got, seq, 1, MSG_STOP, NULL, res);
}

/* Untimed, before round trip seq: the client's own settling, then the server's gate. */
static void client_between(const struct measure_args *a, uint64_t seq, unsigned char *got)
{
	if (!a->gate)
		return;
	settle(a, &got, seq > 0);
	gate_wait(a->gate, (uint32_t)seq, a->same_cpu);
}

/* Where the client is: warm-up (not recorded), timed (samples), tail (not recorded: waits
 * for the other clients of a party cell to end theirs), counted (cell/phase.h). */
enum client_stage { ST_WARM, ST_TIMED, ST_TAIL, ST_COUNTED, ST_DONE };

struct client_state {
	enum client_stage stage;
	uint64_t end;            /* when the warm-up or timed stage ends, in ticks */
	uint64_t n;              /* samples taken */
	uint64_t counted, target; /* round trips of the counted phase: done, planned */
	uint64_t span0, span1;   /* the timed phase: the first and the last reply */
	uint64_t late;           /* paced timed messages that went late */
	int graced;              /* it went on past its end to take min_samples (measure.h) */
	struct pace pace;
	struct phase ph;
};

/* After a round trip from t0 (its send, or its due time when paced) to t1: records it and
 * moves the stage on; a new stage starts a new schedule. */
static void client_advance(const struct measure_args *a, struct client_state *s, uint64_t t0,
			   uint64_t t1, int late, struct side_result *res)
{
	switch (s->stage) {
	case ST_WARM:
		if (t1 >= s->end) {
			s->stage = ST_TIMED;
			s->end = t1 + a->duration_ticks;
			pace_restart(&s->pace);
		}
		break;
	case ST_TIMED:
		if (s->n == 0)
			s->span0 = t1;
		s->span1 = t1;
		s->late += late != 0;
		measure_sample(a, s->n++, t1 - t0);
		if (t1 < s->end && s->n < a->max_msgs)
			break;
		if (s->n < a->min_samples && t1 - s->end < a->grace_ticks && s->n < a->max_msgs) {
			s->graced = 1;
			break;
		}
		res->grace_ticks = s->graced ? t1 - s->end : 0;
		phase_timed_over(a);
		s->stage = ST_TAIL;
		/* fall through */
	case ST_TAIL: /* a party cell: others still time, so this client keeps up the load */
		if (a->stage && !phase_counting_allowed(a))
			break;
		s->target = phase_counted_target(a, s->n);
		s->stage = s->target ? ST_COUNTED : ST_DONE;
		if (s->target) {
			phase_begin(&s->ph, res);
			pace_restart(&s->pace);
		}
		break;
	case ST_COUNTED:
		if (++s->counted < s->target)
			break;
		phase_end(&s->ph, res, s->counted);
		s->stage = ST_DONE;
		break;
	case ST_DONE:
		break;
	}
}

static void latency_client(const struct measure_args *a, struct side_result *res)
{
	struct client_state s = { .stage = a->warmup_ticks > 0 ? ST_WARM : ST_TIMED };
	uint64_t seq = 0, t1 = 0;
	uint16_t flags = mio_next_flags(a, s.stage == ST_WARM, 0);
	unsigned char *tx, *got = a->rx;
	int late = 0;

	res->status = SIDE_OK;
	phase_open(&s.ph, a);
	pace_init(&s.pace, a->clk, a->rate_per_s, a->idle_ns,
		  a->same_cpu ? PACE_ALWAYS_YIELD : PACE_NEVER_YIELD);
	tx = mio_build(a, a->tx[0], a->seq_base, flags, res);
	s.end = clock_start(a->clk) + (s.stage == ST_WARM ? a->warmup_ticks : a->duration_ticks);
	while (tx) {
		client_between(a, seq, got);
		/* paced: the latency counts from the due time, whenever the send could go */
		uint64_t due = pace_active(&s.pace) ? pace_next(&s.pace, t1, &late) : 0;
		uint64_t t0 = clock_start(a->clk);

		if (mio_send(a, tx, a->wire, res) < 0 ||
		    mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) < 0)
			break;
		t1 = clock_stop(a->clk);

		if (mio_verify(a, got, a->seq_base + seq, 1, flags, NULL, res) < 0)
			break;
		seq++;
		client_advance(a, &s, s.pace.period_ticks > 0 ? due : t0, t1, late, res);
		if (s.stage == ST_DONE)
			break;
		flags = mio_next_flags(a, s.stage == ST_WARM, seq) |
			(s.stage == ST_COUNTED ? MSG_COUNTED : 0);
		tx = mio_build(a, a->tx[seq & 1], a->seq_base + seq, flags, res);
	}
	phase_end(&s.ph, res, s.counted); /* cut short by an error: no figures are used */
	phase_close(&s.ph);
	res->nsamples = s.n;
	res->messages = seq;
	res->timed_span_ticks = s.span1 - s.span0;
	res->late = s.late;
	if (res->status == SIDE_OK)
		client_stop(a, a->seq_base + seq, res);
}

/* The flags request seq will most likely carry: what the client gives it in the stage the
 * last request (with flags last) was in. A token carries none but the stop. */
static uint16_t server_expect(const struct measure_args *a, uint16_t last, uint64_t seq)
{
	if (a->token)
		return 0;
	return mio_next_flags(a, (last & MSG_WARMUP) != 0, seq) | (last & MSG_COUNTED);
}

static void latency_server(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t first = 0;
	uint16_t flags = 0, expect = server_expect(a, a->warmup_ticks ? MSG_WARMUP : 0, 0);
	unsigned char *tx, *got;

	res->status = SIDE_OK;
	phase_open(&ph, a);
	tx = mio_build(a, a->tx[0], 0, (uint16_t)(expect | MSG_REPLY), res);
	for (uint64_t seq = 0; tx; seq++) {
		if (mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) < 0)
			break;
		/* The client's timer is running: the reply was built for the flags expected (whole
		 * only when it is checked whole: mio_put_checked), and only a request with others
		 * (the warm-up's end, the stop) has it rebuilt first; verified after. A damaged
		 * header may echo wrong flags, but verify() below still fails the cell. */
		uint16_t peek = mio_echo_flags(a, got);

		/* The first request of the client's counted phase says so, and counting begins with
		 * it. A token cannot say it: the stage word on the cell's shared page says it then.
		 * (Read before every reply, that word cost shm-spin 12 % of an 8-byte round trip;
		 * ipcbench ab, p50_over_floor.) */
		if (!ph.started && a->counted_pct &&
		    (a->token ? phase_counting_allowed(a) : (peek & MSG_COUNTED) != 0)) {
			phase_begin(&ph, res);
			first = seq;
		}
		if (peek != expect) {
			/* a reply checked whole must be whole (mio_put_checked built less) */
			if (mio_checked_whole(a, peek) && !mio_checked_whole(a, expect))
				mio_put(a, tx, seq, (uint16_t)(peek | MSG_REPLY));
			else
				mio_set_reply_hdr(a, tx, seq, peek);
			if (peek & MSG_STOP)
				phase_end(&ph, res, seq - first);
		}
		if (mio_send(a, tx, a->wire, res) < 0)
			break;
		if (mio_verify(a, got, seq, 0, 0, &flags, res) < 0)
			break;
		res->messages = seq + 1;
		if (flags & MSG_STOP)
			break;
		expect = server_expect(a, flags, seq + 1);
		tx = mio_build(a, a->tx[(seq + 1) & 1], seq + 1, (uint16_t)(expect | MSG_REPLY), res);
		if (a->gate) {
			settle(a, &got, 1);
			gate_open(a->gate, (uint32_t)(seq + 1));
		}
	}
	phase_close(&ph);
}

void measure_client(const struct measure_args *a, struct side_result *res)
{
	if (a->mode == MEASURE_BANDWIDTH)
		stream_client(a, res);
	else if (a->open_window)
		openloop_client(a, res);
	else
		latency_client(a, res);
}

void measure_server(const struct measure_args *a, struct side_result *res)
{
	if (a->mode == MEASURE_BANDWIDTH)
		stream_server(a, res);
	else
		latency_server(a, res);
}
