/* One message in and out for the measuring loops (cell/measure.c, cell/stream.c): fragments and
 * short transfers, building a message or token, and checking one. Errors are recorded in
 * the side_result once, with what failed. */
#ifndef IPCBENCH_MSGIO_H
#define IPCBENCH_MSGIO_H
#include "cell/measure.h"
#include "cell/payload.h"

int mio_error(struct side_result *res, int err, const char *what);
int mio_fail(struct side_result *res, const char *msg);
/* The errors of a send that returned r (<= 0, or short), of a receive that returned r where
 * a fragment of chunk bytes was due: recorded in res, the negative errno returned. */
int mio_send_failed(ssize_t r, struct side_result *res);
int mio_recv_failed(ssize_t r, size_t chunk, struct side_result *res);
/* Sends the wire bytes of buf, fragment by fragment, short sends resumed. */
int mio_send_pieces(const struct measure_args *a, const unsigned char *buf, size_t wire,
		    struct side_result *res);
/* Receives a message of wire bytes into buf, which has room for cap (> wire). */
int mio_recv(const struct measure_args *a, unsigned char *buf, size_t wire, size_t cap,
	     struct side_result *res);
/* mio_recv into buf, or, for a zero-copy transport, the message where it lies; *at
 * points at the message either way. */
int mio_take_any(const struct measure_args *a, unsigned char *buf, size_t wire, size_t cap,
		 unsigned char **at, struct side_result *res);

/* A message of wire bytes that goes in one send and comes in one receive: a message
 * transport's, not fragmented, with no slowdown injected. Its send and receive call the
 * transport directly: the loops around the calls cost shm-spin 4 % of an 8-byte round trip
 * (ipcbench ab, p50_over_floor, without the loops / with: 0.961 [0.928, 0.988]). */
static inline int mio_one_call(const struct measure_args *a, size_t wire)
{
	return wire == a->frag && !(a->t->flags & TR_STREAM) && !a->inject_ticks;
}

/* Sends the wire bytes of buf (mio_send_pieces unless they go in one call). */
static inline int mio_send(const struct measure_args *a, const unsigned char *buf, size_t wire,
			   struct side_result *res)
{
	ssize_t r;

	if (!mio_one_call(a, wire))
		return mio_send_pieces(a, buf, wire, res);
	r = a->t->send(a->ch, a->side, buf, wire);
	return r == (ssize_t)wire ? 0 : mio_send_failed(r, res);
}

/* mio_take_any, the message received in one call where it can be. */
static inline int mio_take(const struct measure_args *a, unsigned char *buf, size_t wire,
			   size_t cap, unsigned char **at, struct side_result *res)
{
	ssize_t r;

	if (a->zero_copy || !mio_one_call(a, wire))
		return mio_take_any(a, buf, wire, cap, at, res);
	*at = buf;
	r = a->t->recv(a->ch, a->side, buf, cap);
	return r == (ssize_t)wire ? 0 : mio_recv_failed(r, wire, res);
}
/* Where the next message of wire bytes is built: dflt, or the place a zero-copy
 * transport (TR_ZERO_COPY) has for it; NULL when it has none that large. */
unsigned char *mio_place(const struct measure_args *a, unsigned char *dflt, size_t wire);
/* Builds message (or token) seq with flags in buf. */
void mio_put(const struct measure_args *a, unsigned char *buf, uint64_t seq, uint16_t flags);
/* Whether a message with these flags is checked whole (else: its header and three words). */
int mio_checked_whole(const struct measure_args *a, uint16_t flags);
/* The same, but only what the receiver's check reads when that is less: the whole message
 * when it is checked whole (warm-up, every verify_every-th, the stop, verify = full) or
 * lies in place, else its header and the three sampled words over the buffer's last
 * message. On one CPU the sender's rewrite of a whole large reply lay inside the peer's
 * round trip (2 us at 64 KiB). */
void mio_put_checked(const struct measure_args *a, unsigned char *buf, uint64_t seq,
		     uint16_t flags);
/* Builds message seq with flags (mio_put_checked) in dflt or the transport's place
 * (mio_place); NULL, the error recorded, when it has none. */
unsigned char *mio_build(const struct measure_args *a, unsigned char *dflt, uint64_t seq,
			 uint16_t flags, struct side_result *res);
/* Checks the header (or token) of message seq in buf, wire bytes long, with `len` bytes
 * of payload; *flags gets its flags. */
int mio_check_hdr(const struct measure_args *a, const unsigned char *buf, size_t wire,
		  uint32_t len, uint64_t seq, int reply, uint16_t *flags, struct side_result *res);
/* The flags of message seq: warm-up, or a full check every verify_every. */
uint16_t mio_next_flags(const struct measure_args *a, int warm, uint64_t seq);
/* Checks the payload of a message whose header passed: in full when verify_full or its
 * flags ask for it, else spot words. */
int mio_check_payload(const struct measure_args *a, const unsigned char *buf, uint64_t seq,
		      uint16_t flags, struct side_result *res);

/* Checks a received message in full (header, then payload); a reply must echo the
 * request's flags (sent_flags). *flags (if not NULL) gets its flags. */
int mio_verify(const struct measure_args *a, const unsigned char *got, uint64_t seq,
	       int reply, uint16_t sent_flags, uint16_t *flags, struct side_result *res);
/* The flags of request got (unverified yet) that its reply echoes. */
static inline uint16_t mio_echo_flags(const struct measure_args *a, const unsigned char *got)
{
	uint16_t flags = a->token ? token_peek_flags(got, a->wire) : msg_peek_flags(got);

	return flags & (MSG_WARMUP | MSG_FULL | MSG_STOP | MSG_COUNTED);
}
/* The server's reply header (or token) into tx, as message seq echoing flags. */
void mio_set_reply_hdr(const struct measure_args *a, unsigned char *tx, uint64_t seq,
		       uint16_t flags);
/* Both: the reply header for request got as message seq; returns the flags echoed. */
uint16_t mio_reply_hdr(const struct measure_args *a, const unsigned char *got,
		       unsigned char *tx, uint64_t seq);

/* A message buffer of len zeroed bytes (its pages faulted in before anything is timed),
 * starting t->data_offset bytes past a page (t NULL: at one; sys/pagebuf.h); NULL when
 * out of memory. mio_free frees it. */
void *mio_alloc(const struct transport *t, size_t len);
void mio_free(void *p);

#endif
