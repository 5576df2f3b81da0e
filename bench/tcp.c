/* tcp: a TCP connection over loopback 127.0.0.1, TCP_NODELAY on both ends. setup listens
 * on a kernel-chosen port, connects (the handshake completes into the backlog without
 * accept running), accepts and closes the listener, so the port is open only briefly. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "bench/lib/fdpair.h"
#include "bench/lib/tcpconn.h"

extern const struct tr_fanin fanin_tcp;

static int tcp_connect(struct fdpair *p)
{
	struct sockaddr_in a;
	int lfd = tcpconn_listener(&a, 8), cfd, sfd;

	if (lfd < 0)
		return lfd;
	cfd = tcpconn_connect(&a);
	if (cfd < 0) {
		close(lfd);
		return cfd;
	}
	p->rd[TR_CLIENT] = p->wr[TR_CLIENT] = cfd; /* teardown closes it from here on */
	sfd = tcpconn_accept(lfd, cfd);
	close(lfd);
	if (sfd < 0)
		return sfd;
	p->rd[TR_SERVER] = p->wr[TR_SERVER] = sfd;
	return 0;
}

static int tcp_setup(struct tr_chan *ch)
{
	struct fdpair *p;
	int r = fdpair_alloc(ch, &p);

	if (r == 0)
		r = tcp_connect(p);
	if (r == 0)
		r = tcpconn_nodelay(p->wr[TR_CLIENT]);
	return r == 0 ? tcpconn_nodelay(p->wr[TR_SERVER]) : r;
}

/* The defaults (the middle numbers) of net.ipv4.tcp_wmem and tcp_rmem. */
static long middle_of(const char *path)
{
	FILE *f = fopen(path, "r");
	long lo = 0, mid = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &lo, &mid) != 2)
			mid = 0;
		fclose(f);
	}
	return mid;
}

static void tcp_limit(char *out, size_t n)
{
	snprintf(out, n, "%ld + %ld B (tcp_wmem + tcp_rmem defaults)",
		 middle_of("/proc/sys/net/ipv4/tcp_wmem"), middle_of("/proc/sys/net/ipv4/tcp_rmem"));
}

const struct transport tr_tcp = {
	.name = "tcp",
	.description = "TCP over loopback 127.0.0.1, TCP_NODELAY on both ends, "
		       "blocking read/write, default buffers",
	.abstraction = TA_STREAM,
	.family = TF_SOCKET,
	.notification = TN_SYSCALL,
	.participants = TP_PAIR,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "write copies into the socket's skbs, read copies out "
		       "(loopback passes the skbs)",
	.flags = TR_STREAM,
	.buffering = "the sender's and the receiver's socket buffers (autotuned)",
	.buffer_limit = tcp_limit,
	.send_nonblock = fdpair_nonblock,
	.setup = tcp_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_tcp,
	.no_fanout = "a connection per subscriber written in turn is what pipe's fan-out measures",
};
