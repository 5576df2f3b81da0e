/* signalfd: a real-time signal sent with sigqueue() carrying the sequence token in
 * sival_int; the receiver, with the signal blocked, reads a struct signalfd_siginfo from
 * a signalfd in a blocking read(). */
#include <errno.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "bench/lib/sigcommon.h"

static int signalfd_open(struct tr_chan *ch, enum tr_side side)
{
	struct sigchan *s = ch->priv;
	int r = sigchan_open(ch, side);

	if (r < 0)
		return r;
	s->fd = signalfd(-1, &s->set, SFD_CLOEXEC);
	return s->fd < 0 ? -errno : 0;
}

static ssize_t signalfd_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct sigchan *s = ch->priv;
	struct signalfd_siginfo si;
	ssize_t r;

	(void)side;
	do
		r = read(s->fd, &si, sizeof(si));
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r != (ssize_t)sizeof(si))
		return -EPROTO;
	return sigchan_token(si.ssi_int, buf, len);
}

const struct transport tr_signalfd = {
	.name = "signalfd",
	.description = "real-time signal via sigqueue carrying the sequence number in sival_int, "
		       "receiver blocks in read() on a signalfd (signal blocked)",
	.abstraction = TA_SIGNAL,
	.family = TF_NOTIFY,
	.notification = TN_SIGNAL,
	.participants = TP_MANY,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 0,
	.copies_note = "notification only: a 4-byte sequence token in sival_int, no payload",
	.flags = TR_MESSAGE | TR_NOPAYLOAD,
	.buffering = "queued real-time signals",
	.buffer_limit = sigchan_buffer_limit,
	.probe_cap = SIGCHAN_PROBE_CAP,
	.max_msg = SIGCHAN_TOKEN,
	.setup = sigchan_setup,
	.open = signalfd_open,
	.send = sigchan_send,
	.recv = signalfd_recv,
	.close = sigchan_close,
	.teardown = sigchan_teardown,
	.no_fanin = "notification only: a signal carries no message to tell its client by",
	.no_fanout = "notification only: a signal to the subscribers' process group carries no "
		     "message to verify",
};
