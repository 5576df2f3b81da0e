/* unix-stream: a connected AF_UNIX SOCK_STREAM socketpair; both directions on one socket. */
#include <errno.h>
#include <sys/socket.h>
#include "bench/lib/fdpair.h"
#include "bench/lib/buflimit.h"

extern const struct tr_fanin fanin_unix_stream;

static int unix_stream_setup(struct tr_chan *ch)
{
	struct fdpair *p;
	int sv[2];
	int r = fdpair_alloc(ch, &p);

	if (r < 0)
		return r;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	p->rd[TR_CLIENT] = p->wr[TR_CLIENT] = sv[0];
	p->rd[TR_SERVER] = p->wr[TR_SERVER] = sv[1];
	return 0;
}

static void unix_stream_limit(char *out, size_t n)
{
	buflimit_unix(SOCK_STREAM, 0, out, n);
}

const struct transport tr_unix_stream = {
	.name = "unix-stream",
	.description = "AF_UNIX SOCK_STREAM socketpair, blocking read/write, default buffers",
	.abstraction = TA_STREAM,
	.family = TF_SOCKET,
	.notification = TN_SYSCALL,
	.participants = TP_PAIR,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "write copies into a socket buffer, read copies out",
	.flags = TR_STREAM,
	.buffering = "the socket send buffer",
	.buffer_limit = unix_stream_limit,
	.send_nonblock = fdpair_nonblock,
	.setup = unix_stream_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_unix_stream,
	.no_fanout = "a connection per subscriber written in turn is what pipe's fan-out measures",
};
