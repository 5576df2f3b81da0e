/* signal: a real-time signal sent with sigqueue() carrying the sequence token in
 * sival_int; the receiver, with the signal blocked, waits in sigwaitinfo(). */
#include <errno.h>
#include "bench/lib/sigcommon.h"

static ssize_t signal_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct sigchan *s = ch->priv;
	siginfo_t si;
	int r;

	(void)side;
	do
		r = sigwaitinfo(&s->set, &si);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return sigchan_token(si.si_value.sival_int, buf, len);
}

const struct transport tr_signal = {
	.name = "signal",
	.description = "real-time signal via sigqueue carrying the sequence number in sival_int, "
		       "receiver blocks in sigwaitinfo (signal blocked)",
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
	.open = sigchan_open,
	.send = sigchan_send,
	.recv = signal_recv,
	.close = sigchan_close,
	.teardown = sigchan_teardown,
	.no_fanin = "notification only: a signal carries no message to tell its client by",
	.no_fanout = "notification only: a signal to the subscribers' process group carries no "
		     "message to verify",
};
