/* signal-handler: a real-time signal sent with sigqueue() carrying the sequence token in
 * sival_int; the receiver takes it in an SA_SIGINFO handler that stores the value in a
 * lock-free atomic, and waits in sigsuspend(). The signal is blocked everywhere else, so
 * the handler only runs inside sigsuspend and no wake-up is lost. */
#include <errno.h>
#include <stdatomic.h>
#include "bench/lib/sigcommon.h"

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the handler needs a lock-free atomic int");

/* Per process (a handler has no other way in); each child has its own. */
static _Atomic int got_value;
static _Atomic int got;

static void on_signal(int sig, siginfo_t *si, void *uctx)
{
	(void)sig;
	(void)uctx;
	atomic_store(&got_value, si->si_value.sival_int);
	atomic_store(&got, 1);
}

static int handler_open(struct tr_chan *ch, enum tr_side side)
{
	struct sigchan *s = ch->priv;
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	int r = sigchan_open(ch, side);

	if (r < 0)
		return r;
	sigemptyset(&sa.sa_mask);
	atomic_store(&got, 0);
	return sigaction(s->signo, &sa, NULL) < 0 ? -errno : 0;
}

static ssize_t handler_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct sigchan *s = ch->priv;

	(void)side;
	while (!atomic_load(&got))
		sigsuspend(&s->waitmask); /* always returns -1 EINTR */
	atomic_store(&got, 0);
	return sigchan_token(atomic_load(&got_value), buf, len);
}

const struct transport tr_signal_handler = {
	.name = "signal-handler",
	.description = "real-time signal via sigqueue carrying the sequence number in sival_int, "
		       "SA_SIGINFO handler stores it in an atomic, receiver waits in sigsuspend",
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
	.open = handler_open,
	.send = sigchan_send,
	.recv = handler_recv,
	.close = sigchan_close,
	.teardown = sigchan_teardown,
	.no_fanin = "notification only: a signal carries no message to tell its client by",
	.no_fanout = "notification only: a signal to the subscribers' process group carries no "
		     "message to verify",
};
