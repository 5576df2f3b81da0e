#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "measure.h"
#include "payload.h"

static int set_error(struct side_result *res, int err, const char *what)
{
	res->status = SIDE_ERROR;
	res->err = err;
	snprintf(res->reason, sizeof(res->reason), "%s: %s", what, strerror(-err));
	return err;
}

/* Sends one message, fragment by fragment; a byte stream may take several sends each. */
static int xfer_send(const struct measure_args *a, const unsigned char *tx,
		     struct side_result *res)
{
	int stream = a->t->flags & TR_STREAM;

	for (size_t off = 0; off < a->wire;) {
		size_t chunk = a->wire - off < a->frag ? a->wire - off : a->frag;

		for (size_t done = 0; done < chunk;) {
			ssize_t r = a->t->send(a->ch, a->side, tx + off + done, chunk - done);

			if (r < 0)
				return set_error(res, (int)r, "send");
			if (r == 0 || (!stream && (size_t)r != chunk - done))
				return set_error(res, -EPROTO, "short send on a message transport");
			done += (size_t)r;
		}
		off += chunk;
	}
	return 0;
}

/* Receives one message into rx. A message transport must deliver each fragment whole:
 * rx has room beyond the message, so an oversized delivery is seen, not truncated. */
static int xfer_recv(const struct measure_args *a, struct side_result *res)
{
	int stream = a->t->flags & TR_STREAM;

	for (size_t off = 0; off < a->wire;) {
		size_t chunk = a->wire - off < a->frag ? a->wire - off : a->frag;
		ssize_t r = a->t->recv(a->ch, a->side, a->rx + off,
				       stream ? a->wire - off : a->rx_cap - off);

		if (r < 0)
			return set_error(res, (int)r, "recv");
		if (r == 0) {
			res->status = SIDE_PEER_CLOSED;
			snprintf(res->reason, sizeof(res->reason), "peer closed its end");
			return -EPIPE;
		}
		if (!stream && (size_t)r != chunk) {
			res->status = SIDE_FAIL;
			snprintf(res->reason, sizeof(res->reason),
				 "message boundary broken: %zd bytes delivered where %zu were sent",
				 r, chunk);
			return -EPROTO;
		}
		off += (size_t)r;
	}
	return 0;
}

static int fail(struct side_result *res, const char *msg)
{
	res->status = SIDE_FAIL;
	snprintf(res->reason, sizeof(res->reason), "%s", msg);
	return -EBADMSG;
}

/* Checks what arrived in rx: a token, or a header plus payload (in full or spot-checked).
 * A reply must echo the request's flags. */
static int verify(const struct measure_args *a, uint64_t seq, int reply, uint16_t sent_flags,
		  uint16_t *flags, struct side_result *res)
{
	struct verify_err e;
	uint16_t f, echo_mask = a->token ? MSG_STOP : (uint16_t)~MSG_REPLY;
	int full = 0;

	if (a->token) {
		if (token_check(a->rx, a->wire, seq, reply, &f, &e) < 0)
			return fail(res, e.msg);
	} else if (msg_check_hdr(a->rx, a->wire, seq, a->size, reply, &f, &e) < 0) {
		return fail(res, e.msg);
	}
	if (reply && (f & echo_mask) != (sent_flags & echo_mask)) {
		snprintf(e.msg, sizeof(e.msg), "reply %llu carries flags %#x, request had %#x",
			 (unsigned long long)seq, f & echo_mask, sent_flags & echo_mask);
		return fail(res, e.msg);
	}
	if (!a->token) {
		full = a->verify_full || (f & (MSG_WARMUP | MSG_FULL | MSG_STOP));
		if (msg_check_payload(a->rx, seq, a->size, f, full, &e) < 0)
			return fail(res, e.msg);
	}
	res->verified_full += full != 0;
	if (flags)
		*flags = f;
	return 0;
}

/* The next message to send: a full message, or a token for notification-only transports. */
static void put_msg(const struct measure_args *a, uint64_t seq, uint16_t flags)
{
	if (a->token)
		token_put(a->tx[seq & 1], a->wire, seq, flags);
	else
		msg_fill(a->tx[seq & 1], seq, a->size, flags);
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

static uint16_t next_flags(const struct measure_args *a, int warm, uint64_t seq)
{
	if (warm)
		return MSG_WARMUP;
	return a->verify_every && seq % a->verify_every == 0 ? MSG_FULL : 0;
}

/* One untimed round trip that tells the server to finish. */
static void client_stop(const struct measure_args *a, uint64_t seq, struct side_result *res)
{
	put_msg(a, seq, MSG_STOP);
	if (xfer_send(a, a->tx[seq & 1], res) == 0 && xfer_recv(a, res) == 0)
		verify(a, seq, 1, MSG_STOP, NULL, res);
}

void measure_client(const struct measure_args *a, struct side_result *res)
{
	uint64_t seq = 0, n = 0, end;
	int warm = a->warmup_ticks > 0;
	uint16_t flags = next_flags(a, warm, 0);

	res->status = SIDE_OK;
	put_msg(a, 0, flags);
	end = clock_start(a->clk) + (warm ? a->warmup_ticks : a->duration_ticks);
	for (;;) {
		uint64_t t0 = clock_start(a->clk);

		if (xfer_send(a, a->tx[seq & 1], res) < 0 || xfer_recv(a, res) < 0)
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
		} else if (!warm && (t1 >= end || n >= a->max_samples)) {
			break;
		}
		flags = next_flags(a, warm, seq);
		put_msg(a, seq, flags);
	}
	res->nsamples = n;
	res->messages = seq;
	if (res->status == SIDE_OK)
		client_stop(a, seq, res);
}

void measure_server(const struct measure_args *a, struct side_result *res)
{
	uint16_t flags = 0;

	res->status = SIDE_OK;
	put_msg(a, 0, MSG_REPLY);
	for (uint64_t seq = 0;; seq++) {
		if (xfer_recv(a, res) < 0)
			return;
		/* reply first, verify after: the client's timer is running. A damaged
		 * header may echo wrong flags, but verify() below still fails the cell. */
		put_reply_hdr(a, seq);
		if (xfer_send(a, a->tx[seq & 1], res) < 0)
			return;
		if (verify(a, seq, 0, 0, &flags, res) < 0)
			return;
		res->messages = seq + 1;
		if (flags & MSG_STOP)
			return;
		put_msg(a, seq + 1, MSG_REPLY);
	}
}
