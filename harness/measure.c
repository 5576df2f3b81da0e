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
static int xfer_send(const struct measure_args *a, struct side_result *res)
{
	int stream = a->t->flags & TR_STREAM;

	for (size_t off = 0; off < a->wire;) {
		size_t chunk = a->wire - off < a->frag ? a->wire - off : a->frag;

		for (size_t done = 0; done < chunk;) {
			ssize_t r = a->t->send(a->ch, a->side, a->tx + off + done, chunk - done);

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

/* Header on every message, payload in full or by spot check. */
static int verify(const struct measure_args *a, uint64_t seq, int reply, uint16_t sent_flags,
		  uint16_t *flags, struct side_result *res)
{
	struct verify_err e;
	uint16_t f;
	int full;

	if (msg_check_hdr(a->rx, a->wire, seq, a->size, reply, &f, &e) < 0)
		goto fail;
	if (reply && (f & ~MSG_REPLY) != sent_flags) {
		snprintf(e.msg, sizeof(e.msg), "reply %llu carries flags %#x, request had %#x",
			 (unsigned long long)seq, f & ~MSG_REPLY, sent_flags);
		goto fail;
	}
	full = a->verify_full || (f & (MSG_WARMUP | MSG_FULL | MSG_STOP));
	if (msg_check_payload(a->rx, seq, a->size, f, full, &e) < 0)
		goto fail;
	res->verified_full += full != 0;
	if (flags)
		*flags = f;
	return 0;
fail:
	res->status = SIDE_FAIL;
	snprintf(res->reason, sizeof(res->reason), "%s", e.msg);
	return -EBADMSG;
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
	msg_fill(a->tx, seq, a->size, MSG_STOP);
	if (xfer_send(a, res) == 0 && xfer_recv(a, res) == 0)
		verify(a, seq, 1, MSG_STOP, NULL, res);
}

void measure_client(const struct measure_args *a, struct side_result *res)
{
	uint64_t seq = 0, n = 0, end;
	int warm = a->warmup_ticks > 0;
	uint16_t flags = next_flags(a, warm, 0);

	res->status = SIDE_OK;
	msg_fill(a->tx, 0, a->size, flags);
	end = clock_start(a->clk) + (warm ? a->warmup_ticks : a->duration_ticks);
	for (;;) {
		uint64_t t0 = clock_start(a->clk);

		if (xfer_send(a, res) < 0 || xfer_recv(a, res) < 0)
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
		msg_fill(a->tx, seq, a->size, flags);
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
	msg_fill(a->tx, 0, a->size, MSG_REPLY);
	for (uint64_t seq = 0;; seq++) {
		if (xfer_recv(a, res) < 0)
			return;
		/* reply first, verify after: the client's timer is running. A damaged
		 * header may echo wrong flags, but verify() below still fails the cell. */
		flags = msg_peek_flags(a->rx) & (MSG_WARMUP | MSG_FULL | MSG_STOP);
		msg_set_hdr(a->tx, seq, a->size, (uint16_t)(flags | MSG_REPLY));
		if (xfer_send(a, res) < 0)
			return;
		if (verify(a, seq, 0, 0, &flags, res) < 0)
			return;
		res->messages = seq + 1;
		if (flags & MSG_STOP)
			return;
		msg_fill(a->tx, seq + 1, a->size, MSG_REPLY);
	}
}
