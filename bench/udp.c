/* udp: two UDP sockets on 127.0.0.1, each bound to a kernel-chosen port and connect()ed
 * to the other, so each accepts datagrams from its peer only. UDP may drop: a receive
 * timeout turns a lost datagram into an error instead of a hang, and describe reports
 * the kernel's drop count of each socket, so an ok cell states that nothing was lost. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sock_diag.h>
#include "bench/lib/sockmsg.h"

extern const struct tr_fanin fanin_udp;

#define UDP_MAX_DGRAM 65507 /* 65535 - 20 (IPv4 header) - 8 (UDP header) */
#define UDP_RECV_TIMEOUT_S 2

static int udp_socket(struct sockaddr_in *a)
{
	socklen_t alen = sizeof(*a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	*a = (struct sockaddr_in){ .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(fd, (struct sockaddr *)a, sizeof(*a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)a, &alen) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* Connects fd to its peer and discards anything another local process sent before. */
static int udp_connect(int fd, const struct sockaddr_in *peer)
{
	struct timeval tv = { .tv_sec = UDP_RECV_TIMEOUT_S };
	char c;

	if (connect(fd, (const struct sockaddr *)peer, sizeof(*peer)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	while (recv(fd, &c, 1, MSG_DONTWAIT) >= 0)
		;
	return sockmsg_raise_buffers(fd);
}

static int udp_pair(int sv[2])
{
	struct sockaddr_in a[2];
	int r = 0;

	sv[0] = sv[1] = -1;
	for (int i = 0; i < 2 && r >= 0; i++)
		r = sv[i] = udp_socket(&a[i]);
	for (int i = 0; i < 2 && r >= 0; i++)
		r = udp_connect(sv[i], &a[!i]);
	if (r < 0) {
		sockmsg_close_pair(sv);
		return r;
	}
	return 0;
}

static struct sockmsg_kind udp_kind = { .make_pair = udp_pair, .cap = UDP_MAX_DGRAM };

static long udp_probe(void)
{
	return sockmsg_limit(&udp_kind);
}

static int udp_setup(struct tr_chan *ch)
{
	return sockmsg_setup(ch, &udp_kind);
}

/* Datagrams the kernel dropped on arrival at this side's socket (receive buffer full). */
static void udp_describe(struct tr_chan *ch, enum tr_side side, char *buf, size_t len)
{
	struct sockmsg *m = ch->priv;
	uint32_t mem[SK_MEMINFO_VARS];
	socklen_t mlen = sizeof(mem);
	const char *who = side == TR_CLIENT ? "client" : "server";

	if (getsockopt(m->fds.rd[side], SOL_SOCKET, SO_MEMINFO, mem, &mlen) < 0)
		snprintf(buf, len, "udp %s: drop count unavailable (%s), %lu recv timeouts", who,
			 strerror(errno), m->timeouts);
	else
		snprintf(buf, len, "udp %s: %u datagrams dropped, %lu recv timeouts", who,
			 mem[SK_MEMINFO_DROPS], m->timeouts);
}

const struct transport tr_udp = {
	.name = "udp",
	.description = "UDP over loopback 127.0.0.1, connected sockets, blocking send/recv "
		       "(2 s receive timeout), buffers raised to the sysctl maximum",
	.abstraction = TA_MESSAGE,
	.family = TF_SOCKET,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_TWO_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "send copies into an skb, recv copies out (loopback passes the skb)",
	.flags = TR_MESSAGE,
	.buffering = "the receive buffer, raised to net.core.rmem_max; full, it drops datagrams",
	.send_nonblock = fdpair_nonblock,
	.max_msg = UDP_MAX_DGRAM,
	.probe_max_msg = udp_probe,
	.setup = udp_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = sockmsg_recv,
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_udp,
	.describe = udp_describe,
	.window_limit = 1, /* a full receive buffer drops datagrams: one message in flight */
	/* open loop: 64 waiting datagrams of up to 64 KiB fit a buffer raised to 4 MiB (127
	 * did here); a drop is a recv timeout, an error, and describe counts it */
	.open_window = 64,
	.no_fanout = "a socket per subscriber sent in turn is what unix-dgram's fan-out measures",
};
