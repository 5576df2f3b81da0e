/* unix-dgram: a connected AF_UNIX SOCK_DGRAM socketpair; both directions on one socket.
 * A datagram must fit in the sender's SO_SNDBUF, raised to net.core.wmem_max; larger
 * messages are fragmented by the harness at the probed limit. */
#include <sys/socket.h>
#include "bench/lib/sockmsg.h"
#include "bench/lib/buflimit.h"

extern const struct tr_fanin fanin_unix_dgram;
extern const struct tr_fanout fanout_unix_dgram;

static int unix_dgram_pair(int sv[2])
{
	return sockmsg_unix_pair(SOCK_DGRAM, sv);
}

static struct sockmsg_kind unix_dgram_kind = { .make_pair = unix_dgram_pair };

static long unix_dgram_probe(void)
{
	return sockmsg_limit(&unix_dgram_kind);
}

static int unix_dgram_setup(struct tr_chan *ch)
{
	return sockmsg_setup(ch, &unix_dgram_kind);
}

static void unix_dgram_limit(char *out, size_t n)
{
	buflimit_unix(SOCK_DGRAM, 1, out, n);
}

const struct transport tr_unix_dgram = {
	.name = "unix-dgram",
	.description = "AF_UNIX SOCK_DGRAM socketpair, blocking send/recv, "
		       "SO_SNDBUF/SO_RCVBUF raised to the sysctl maximum",
	.abstraction = TA_MESSAGE,
	.family = TF_SOCKET,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "send copies into a socket buffer, recv copies out",
	.flags = TR_MESSAGE,
	.buffering = "the socket buffers and the receive queue",
	.buffer_limit = unix_dgram_limit,
	.send_nonblock = fdpair_nonblock,
	.probe_max_msg = unix_dgram_probe,
	.setup = unix_dgram_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = sockmsg_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_unix_dgram,
	.fanout = &fanout_unix_dgram,
};
