/* eventfd: notification only, one eventfd per direction. The harness's 8-byte sequence
 * token (never 0) is the value written: write adds it to the counter, which the peer's
 * blocking read returns and resets, so every message's token is checked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bench/lib/efd.h"

static int eventfd_setup(struct tr_chan *ch)
{
	int *fd = malloc(2 * sizeof(*fd));
	int r;

	if (!fd)
		return -ENOMEM;
	r = efd_pair_open(fd);
	if (r < 0) {
		free(fd);
		return r;
	}
	ch->priv = fd;
	return 0;
}

static int eventfd_open(struct tr_chan *ch, enum tr_side side)
{
	(void)ch;
	(void)side;
	return 0;
}

static ssize_t eventfd_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	uint64_t v;
	int r;

	if (len > sizeof(v))
		return -EMSGSIZE;
	if (len < sizeof(v))
		return -EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == 0)
		return -EINVAL; /* adds nothing: the peer would never wake */
	r = efd_post(efd_tx(ch->priv, side), v);
	return r < 0 ? r : (ssize_t)len;
}

static ssize_t eventfd_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	uint64_t v;
	int r;

	if (len < sizeof(v))
		return -EMSGSIZE;
	r = efd_wait(efd_rx(ch->priv, side), &v);
	if (r < 0)
		return r;
	memcpy(buf, &v, sizeof(v));
	return sizeof(v);
}

static void eventfd_close(struct tr_chan *ch, enum tr_side side)
{
	(void)side;
	efd_pair_close(ch->priv);
}

static void eventfd_teardown(struct tr_chan *ch)
{
	if (!ch->priv)
		return;
	efd_pair_close(ch->priv);
	free(ch->priv);
	ch->priv = NULL;
}

const struct transport tr_eventfd = {
	.name = "eventfd",
	.description = "two eventfds, one per direction: the 8-byte sequence token is written "
		       "as the counter increment, the peer's blocking read returns it",
	.abstraction = TA_COUNTER,
	.family = TF_NOTIFY,
	.notification = TN_EVENTFD,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 0,
	.copies_note = "no payload: the 8-byte token travels as the counter value "
		       "(write adds it, read returns and resets it)",
	.flags = TR_NOPAYLOAD,
	.buffering = "a 64-bit counter: tokens written before a read add up",
	.max_msg = 8,
	.setup = eventfd_setup,
	.open = eventfd_open,
	.send = eventfd_send,
	.recv = eventfd_recv,
	.close = eventfd_close,
	.teardown = eventfd_teardown,
	.window_limit = 1, /* the counter sums two tokens written before a read */
	.no_fanin = "an eventfd is one counter: writes of many clients add up, so the server "
		    "cannot tell who asked",
	.no_fanout = "an eventfd is one counter: a read takes it for one reader only",
};
