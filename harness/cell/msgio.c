#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/msgio.h"
#include "cell/payload.h"
#include "sys/cpu_relax.h"
#include "sys/pagebuf.h"

int mio_error(struct side_result *res, int err, const char *what)
{
	res->status = SIDE_ERROR;
	res->err = err;
	snprintf(res->reason, sizeof(res->reason), "%s: %s", what, strerror(-err));
	return err;
}

int mio_fail(struct side_result *res, const char *msg)
{
	res->status = SIDE_FAIL;
	snprintf(res->reason, sizeof(res->reason), "%s", msg);
	return -EBADMSG;
}

/* TEST ONLY (run/inject.h): the slowdown `run --inject-slowdown` asks for. */
static void inject_wait(const struct measure_args *a)
{
	uint64_t end = clock_start(a->clk) + a->inject_ticks;

	while (clock_start(a->clk) < end)
		cpu_relax();
}

static int boundary_broken(ssize_t r, size_t chunk, struct side_result *res)
{
	res->status = SIDE_FAIL;
	snprintf(res->reason, sizeof(res->reason),
		 "message boundary broken: %zd bytes delivered where %zu were sent", r, chunk);
	return -EPROTO;
}

int mio_send_failed(ssize_t r, struct side_result *res)
{
	if (r < 0)
		return mio_error(res, (int)r, "send");
	return mio_error(res, -EPROTO, "short send on a message transport");
}

int mio_recv_failed(ssize_t r, size_t chunk, struct side_result *res)
{
	if (r < 0)
		return mio_error(res, (int)r, "recv");
	if (r == 0) {
		res->status = SIDE_PEER_CLOSED;
		snprintf(res->reason, sizeof(res->reason), "peer closed its end");
		return -EPIPE;
	}
	return boundary_broken(r, chunk, res);
}

/* A byte stream may take several sends per fragment. */
int mio_send_pieces(const struct measure_args *a, const unsigned char *buf, size_t wire,
		    struct side_result *res)
{
	int stream = a->t->flags & TR_STREAM;

	if (a->inject_ticks)
		inject_wait(a);
	for (size_t off = 0; off < wire;) {
		size_t chunk = wire - off < a->frag ? wire - off : a->frag;

		for (size_t done = 0; done < chunk;) {
			ssize_t r = a->t->send(a->ch, a->side, buf + off + done, chunk - done);

			if (r <= 0 || (!stream && (size_t)r != chunk - done))
				return mio_send_failed(r, res);
			done += (size_t)r;
		}
		off += chunk;
	}
	return 0;
}

/* A message transport must deliver each fragment whole: buf has room beyond the message,
 * so an oversized delivery is seen, not truncated. */
int mio_recv(const struct measure_args *a, unsigned char *buf, size_t wire, size_t cap,
	     struct side_result *res)
{
	int stream = a->t->flags & TR_STREAM;

	for (size_t off = 0; off < wire;) {
		size_t chunk = wire - off < a->frag ? wire - off : a->frag;
		ssize_t r = a->t->recv(a->ch, a->side, buf + off, stream ? wire - off : cap - off);

		if (r <= 0 || (!stream && (size_t)r != chunk))
			return mio_recv_failed(r, chunk, res);
		off += (size_t)r;
	}
	return 0;
}

void mio_put(const struct measure_args *a, unsigned char *buf, uint64_t seq, uint16_t flags)
{
	if (a->token)
		token_put(buf, a->wire, seq, flags);
	else
		msg_fill(buf, seq, a->size, flags);
}

int mio_checked_whole(const struct measure_args *a, uint16_t flags)
{
	return a->verify_full || (flags & (MSG_WARMUP | MSG_FULL | MSG_STOP));
}

/* Below this, filling the payload costs no more than stamping its three words. */
#define STAMP_MIN_BYTES 256

void mio_put_checked(const struct measure_args *a, unsigned char *buf, uint64_t seq,
		     uint16_t flags)
{
	if (a->token || a->zero_copy || a->size < STAMP_MIN_BYTES || mio_checked_whole(a, flags))
		mio_put(a, buf, seq, flags);
	else
		msg_stamp(buf, seq, a->size, flags);
}

unsigned char *mio_build(const struct measure_args *a, unsigned char *dflt, uint64_t seq,
			 uint16_t flags, struct side_result *res)
{
	unsigned char *p = mio_place(a, dflt, a->wire);

	if (!p) {
		mio_error(res, -EMSGSIZE, "no place for the message");
		return NULL;
	}
	mio_put_checked(a, p, seq, flags);
	return p;
}

int mio_check_hdr(const struct measure_args *a, const unsigned char *buf, size_t wire,
		  uint32_t len, uint64_t seq, int reply, uint16_t *flags, struct side_result *res)
{
	struct verify_err e;

	if (a->token ? token_check(buf, a->wire, seq, reply, flags, &e) < 0
		     : msg_check_hdr(buf, wire, seq, len, reply, flags, &e) < 0)
		return mio_fail(res, e.msg);
	return 0;
}

int mio_check_payload(const struct measure_args *a, const unsigned char *buf, uint64_t seq,
		      uint16_t flags, struct side_result *res)
{
	struct verify_err e;
	int full;

	if (a->token)
		return 0;
	full = mio_checked_whole(a, flags);
	if (msg_check_payload(buf, seq, a->size, flags, full, &e) < 0)
		return mio_fail(res, e.msg);
	res->verified_full += full != 0;
	return 0;
}

uint16_t mio_next_flags(const struct measure_args *a, int warm, uint64_t seq)
{
	if (warm)
		return MSG_WARMUP;
	return a->verify_every && seq % a->verify_every == 0 ? MSG_FULL : 0;
}

unsigned char *mio_place(const struct measure_args *a, unsigned char *dflt, size_t wire)
{
	return a->zero_copy ? a->t->send_place(a->ch, a->side, wire) : dflt;
}

int mio_take_any(const struct measure_args *a, unsigned char *buf, size_t wire, size_t cap,
		 unsigned char **at, struct side_result *res)
{
	ssize_t r;

	*at = buf;
	if (!a->zero_copy)
		return mio_recv(a, buf, wire, cap, res);
	r = a->t->recv_place(a->ch, a->side, at);
	if (r < 0)
		return mio_error(res, (int)r, "recv");
	return (size_t)r == wire ? 0 : boundary_broken(r, wire, res);
}

/* Checks a received message; a reply must echo the request's flags. */
int mio_verify(const struct measure_args *a, const unsigned char *got, uint64_t seq,
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

void mio_set_reply_hdr(const struct measure_args *a, unsigned char *tx, uint64_t seq,
		       uint16_t flags)
{
	if (a->token)
		token_put(tx, a->wire, seq, (uint16_t)(flags | MSG_REPLY));
	else
		msg_set_hdr(tx, seq, a->size, (uint16_t)(flags | MSG_REPLY));
}

uint16_t mio_reply_hdr(const struct measure_args *a, const unsigned char *got,
		       unsigned char *tx, uint64_t seq)
{
	uint16_t flags = mio_echo_flags(a, got);

	mio_set_reply_hdr(a, tx, seq, flags);
	return flags;
}

void *mio_alloc(const struct transport *t, size_t len)
{
	return pagebuf_alloc(len, t ? t->data_offset : 0);
}

void mio_free(void *p)
{
	pagebuf_free(p);
}
