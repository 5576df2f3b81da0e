#include <stdio.h>
#include "gate.h"
#include "msgio.h"
#include "payload.h"
#include "phase.h"
#include "settle.h"

/* Checks a message in rx; a reply must echo the request's flags. */
static int verify(const struct measure_args *a, uint64_t seq, int reply, uint16_t sent_flags,
		  uint16_t *flags, struct side_result *res)
{
	uint16_t f, echo_mask = a->token ? MSG_STOP : (uint16_t)~MSG_REPLY;
	char msg[192];

	if (mio_check_hdr(a, a->rx, a->wire, a->size, seq, reply, &f, res) < 0)
		return -1;
	if (reply && (f & echo_mask) != (sent_flags & echo_mask)) {
		snprintf(msg, sizeof(msg), "reply %llu carries flags %#x, request had %#x",
			 (unsigned long long)seq, f & echo_mask, sent_flags & echo_mask);
		return mio_fail(res, msg);
	}
	if (mio_check_payload(a, a->rx, seq, f, res) < 0)
		return -1;
	if (flags)
		*flags = f;
	return 0;
}

/* The server's reply header (or token) for a request it has not verified yet. */
static uint16_t put_reply_hdr(const struct measure_args *a, uint64_t seq)
{
	uint16_t flags = a->token ? token_peek_flags(a->rx, a->wire) : msg_peek_flags(a->rx);

	flags &= MSG_WARMUP | MSG_FULL | MSG_STOP;
	if (a->token)
		token_put(a->tx[seq & 1], a->wire, seq, (uint16_t)(flags | MSG_REPLY));
	else
		msg_set_hdr(a->tx[seq & 1], seq, a->size, (uint16_t)(flags | MSG_REPLY));
	return flags;
}

/* One untimed round trip that tells the server to finish. */
static void client_stop(const struct measure_args *a, uint64_t seq, struct side_result *res)
{
	mio_put(a, a->tx[seq & 1], seq, MSG_STOP);
	if (mio_send(a, a->tx[seq & 1], a->wire, res) == 0 &&
	    mio_recv(a, a->rx, a->wire, a->rx_cap, res) == 0)
		verify(a, seq, 1, MSG_STOP, NULL, res);
}

/* Untimed, before round trip seq: the client's own settling, then the server's gate. */
static void client_between(const struct measure_args *a, uint64_t seq)
{
	if (!a->gate)
		return;
	settle(a, &a->rx, seq > 0);
	gate_wait(a->gate, (uint32_t)seq, a->same_cpu);
}

static void latency_client(const struct measure_args *a, struct side_result *res)
{
	struct phase ph;
	uint64_t seq = 0, n = 0, end;
	int warm = a->warmup_ticks > 0;
	uint16_t flags = mio_next_flags(a, warm, 0);

	res->status = SIDE_OK;
	phase_open(&ph, a, res);
	if (!warm)
		phase_begin(&ph);
	mio_put(a, a->tx[0], 0, flags);
	end = clock_start(a->clk) + (warm ? a->warmup_ticks : a->duration_ticks);
	for (;;) {
		client_between(a, seq);
		uint64_t t0 = clock_start(a->clk);

		if (mio_send(a, a->tx[seq & 1], a->wire, res) < 0 ||
		    mio_recv(a, a->rx, a->wire, a->rx_cap, res) < 0)
			break;
		uint64_t t1 = clock_stop(a->clk);

		if (verify(a, seq, 1, flags, NULL, res) < 0)
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
		mio_put(a, a->tx[seq & 1], seq, flags);
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

	res->status = SIDE_OK;
	phase_open(&ph, a, res);
	mio_put(a, a->tx[0], 0, MSG_REPLY);
	for (uint64_t seq = 0;; seq++) {
		if (mio_recv(a, a->rx, a->wire, a->rx_cap, res) < 0)
			break;
		/* reply first, verify after: the client's timer is running. A damaged
		 * header may echo wrong flags, but verify() below still fails the cell. */
		uint16_t peek = put_reply_hdr(a, seq);

		if (!ph.started && !(peek & MSG_WARMUP)) {
			phase_begin(&ph); /* the first measured request has arrived */
			first = seq;
		}
		if (peek & MSG_STOP)
			phase_end(&ph, res, seq - first);
		if (mio_send(a, a->tx[seq & 1], a->wire, res) < 0)
			break;
		if (verify(a, seq, 0, 0, &flags, res) < 0)
			break;
		res->messages = seq + 1;
		if (flags & MSG_STOP)
			break;
		mio_put(a, a->tx[(seq + 1) & 1], seq + 1, MSG_REPLY);
		if (a->gate) {
			settle(a, &a->rx, 1);
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
