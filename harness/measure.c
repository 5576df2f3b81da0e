/* Latency mode (stream.c has bandwidth mode). Messages are built in the side's send
 * buffers, or, for a zero-copy transport, in the place the transport gives (mio_place),
 * and received into rx or read where they lie (mio_take): `got` points at the message. */
#include <errno.h>
#include <stdio.h>
#include "gate.h"
#include "msgio.h"
#include "payload.h"
#include "phase.h"
#include "settle.h"

/* Checks a received message; a reply must echo the request's flags. */
static int verify(const struct measure_args *a, const unsigned char *got, uint64_t seq,
		  int reply, uint16_t sent_flags, uint16_t *flags, struct side_result *res)
{
	uint16_t f, echo_mask = a->token ? MSG_STOP : (uint16_t)~MSG_REPLY;
	char msg[192];

	if (mio_check_hdr(a, got, a->wire, a->size, seq, reply, &f, res) < 0)
		return -1;
	if (reply && (f & echo_mask) != (sent_flags & echo_mask)) {
		snprintf(msg, sizeof(msg), "reply %llu carries flags %#x, request had %#x",
			 (unsigned long long)seq, f & echo_mask, sent_flags & echo_mask);
		return mio_fail(res, msg);
	}
	if (mio_check_payload(a, got, seq, f, res) < 0)
		return -1;
	if (flags)
		*flags = f;
	return 0;
}

/* Builds message seq in dflt or the transport's place; NULL (recorded) if it has none. */
static unsigned char *build(const struct measure_args *a, unsigned char *dflt, uint64_t seq,
			    uint16_t flags, struct side_result *res)
{
	unsigned char *p = mio_place(a, dflt, a->wire);

	if (!p) {
		mio_error(res, -EMSGSIZE, "no place for the message");
		return NULL;
	}
	mio_put(a, p, seq, flags);
	return p;
}

/* The server's reply header (or token) in tx for a request it has not verified yet. */
static uint16_t put_reply_hdr(const struct measure_args *a, const unsigned char *got,
			      unsigned char *tx, uint64_t seq)
{
	uint16_t flags = a->token ? token_peek_flags(got, a->wire) : msg_peek_flags(got);

	flags &= MSG_WARMUP | MSG_FULL | MSG_STOP;
	if (a->token)
		token_put(tx, a->wire, seq, (uint16_t)(flags | MSG_REPLY));
	else
		msg_set_hdr(tx, seq, a->size, (uint16_t)(flags | MSG_REPLY));
	return flags;
}

/* One untimed round trip that tells the server to finish. */
static void client_stop(const struct measure_args *a, uint64_t seq, struct side_result *res)
{
	unsigned char *tx = build(a, a->tx[seq & 1], seq, MSG_STOP, res), *got;

	if (tx && mio_send(a, tx, a->wire, res) == 0 &&
	    mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) == 0)
		verify(a, got, seq, 1, MSG_STOP, NULL, res);
}

/* Untimed, before round trip seq: the client's own settling, then the server's gate. */
static void client_between(const struct measure_args *a, uint64_t seq, unsigned char *got)
{
	if (!a->gate)
		return;
	settle(a, &got, seq > 0);
	gate_wait(a->gate, (uint32_t)seq, a->same_cpu);
}

static void latency_client(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t seq = 0, n = 0, end;
	int warm = a->warmup_ticks > 0;
	uint16_t flags = mio_next_flags(a, warm, 0);
	unsigned char *tx, *got = a->rx;

	res->status = SIDE_OK;
	phase_open(&ph, a, res);
	if (!warm)
		phase_begin(&ph);
	tx = build(a, a->tx[0], 0, flags, res);
	end = clock_start(a->clk) + (warm ? a->warmup_ticks : a->duration_ticks);
	while (tx) {
		client_between(a, seq, got);
		uint64_t t0 = clock_start(a->clk);

		if (mio_send(a, tx, a->wire, res) < 0 ||
		    mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) < 0)
			break;
		uint64_t t1 = clock_stop(a->clk);

		if (verify(a, got, seq, 1, flags, NULL, res) < 0)
			break;
		if (!warm)
			a->samples[n++] = t1 - t0;
		seq++;
		if (warm && t1 >= end) {
			warm = 0;
			end = t1 + a->duration_ticks;
			phase_begin(&ph);
		} else if (!warm && (t1 >= end || n >= a->max_samples)) {
			break;
		}
		flags = mio_next_flags(a, warm, seq);
		tx = build(a, a->tx[seq & 1], seq, flags, res);
	}
	phase_end(&ph, res, n);
	phase_close(&ph);
	res->nsamples = n;
	res->messages = seq;
	if (res->status == SIDE_OK)
		client_stop(a, seq, res);
}

static void latency_server(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t first = 0;
	uint16_t flags = 0;
	unsigned char *tx, *got;

	res->status = SIDE_OK;
	phase_open(&ph, a, res);
	tx = build(a, a->tx[0], 0, MSG_REPLY, res);
	for (uint64_t seq = 0; tx; seq++) {
		if (mio_take(a, a->rx, a->wire, a->rx_cap, &got, res) < 0)
			break;
		/* reply first, verify after: the client's timer is running. A damaged
		 * header may echo wrong flags, but verify() below still fails the cell. */
		uint16_t peek = put_reply_hdr(a, got, tx, seq);

		if (peek & MSG_STOP)
			phase_end(&ph, res, seq - first);
		if (mio_send(a, tx, a->wire, res) < 0)
			break;
		/* counters start once the first measured request is answered: their syscalls
		 * stay out of the client's timed round trip */
		if (!ph.started && !(peek & (MSG_WARMUP | MSG_STOP))) {
			phase_begin(&ph);
			first = seq;
		}
		if (verify(a, got, seq, 0, 0, &flags, res) < 0)
			break;
		res->messages = seq + 1;
		if (flags & MSG_STOP)
			break;
		tx = build(a, a->tx[(seq + 1) & 1], seq + 1, MSG_REPLY, res);
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
