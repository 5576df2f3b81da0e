/* unix-seqpacket: a connected AF_UNIX SOCK_SEQPACKET socketpair; both directions on one
 * socket. Same datagram path and limit as unix-dgram (a packet must fit in SO_SNDBUF,
 * raised to net.core.wmem_max), but connection-oriented: the peer's close reads as EOF. */
#include <sys/socket.h>
#include "bench/lib/sockmsg.h"
#include "bench/lib/buflimit.h"

extern const struct tr_fanin fanin_unix_seqpacket;

static int unix_seqpacket_pair(int sv[2])
{
	return sockmsg_unix_pair(SOCK_SEQPACKET, sv);
}

static struct sockmsg_kind unix_seqpacket_kind = { .make_pair = unix_seqpacket_pair };

static long unix_seqpacket_probe(void)
{
	return sockmsg_limit(&unix_seqpacket_kind);
}

static int unix_seqpacket_setup(struct tr_chan *ch)
{
	return sockmsg_setup(ch, &unix_seqpacket_kind);
}

static void unix_seqpacket_limit(char *out, size_t n)
{
	buflimit_unix(SOCK_SEQPACKET, 1, out, n);
}

const struct transport tr_unix_seqpacket = {
	.name = "unix-seqpacket",
	.description = "AF_UNIX SOCK_SEQPACKET socketpair, blocking send/recv, "
		       "SO_SNDBUF/SO_RCVBUF raised to the sysctl maximum",
	.abstraction = TA_MESSAGE,
	.family = TF_SOCKET,
	.notification = TN_SYSCALL,
	.participants = TP_PAIR,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "send copies into a socket buffer, recv copies out",
	.flags = TR_MESSAGE,
	.buffering = "the socket buffers and the receive queue",
	.buffer_limit = unix_seqpacket_limit,
	.send_nonblock = fdpair_nonblock,
	.probe_max_msg = unix_seqpacket_probe,
	.setup = unix_seqpacket_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = sockmsg_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_unix_seqpacket,
	.no_fanout = "a connection per subscriber written in turn is what unix-dgram's fan-out measures",
};
