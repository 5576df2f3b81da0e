/* tcp: a TCP connection over loopback 127.0.0.1, TCP_NODELAY on both ends. setup listens
 * on a kernel-chosen port, connects (the handshake completes into the backlog without
 * accept running), accepts and closes the listener, so the port is open only briefly. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench/lib/fdpair.h"
#include <stdio.h>

#define TCP_ACCEPT_TRIES 8

static int nodelay(int fd)
{
	int one = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0 ? -errno : 0;
}

static int tcp_listener(struct sockaddr_in *a)
{
	socklen_t alen = sizeof(*a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	*a = (struct sockaddr_in){ .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(fd, (struct sockaddr *)a, sizeof(*a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)a, &alen) < 0 ||
	    listen(fd, TCP_ACCEPT_TRIES) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

/* Accepts the connection whose peer is our client: another local process may have
 * connected to the port first. */
static int accept_client(int lfd, int cfd)
{
	struct sockaddr_in want, got;
	socklen_t wlen = sizeof(want), glen;

	if (getsockname(cfd, (struct sockaddr *)&want, &wlen) < 0)
		return -errno;
	for (int i = 0; i < TCP_ACCEPT_TRIES; i++) {
		int fd;

		glen = sizeof(got);
		fd = accept4(lfd, (struct sockaddr *)&got, &glen, SOCK_CLOEXEC);
		if (fd < 0 && errno == EINTR)
			continue;
		if (fd < 0)
			return -errno;
		if (got.sin_port == want.sin_port && got.sin_addr.s_addr == want.sin_addr.s_addr)
			return fd;
		close(fd);
	}
	return -ECONNREFUSED;
}

static int tcp_connect(struct fdpair *p)
{
	struct sockaddr_in a;
	int lfd = tcp_listener(&a), cfd, sfd, r;

	if (lfd < 0)
		return lfd;
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cfd < 0) {
		r = -errno;
		close(lfd);
		return r;
	}
	p->rd[TR_CLIENT] = p->wr[TR_CLIENT] = cfd; /* teardown closes it from here on */
	if (connect(cfd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		r = -errno;
		close(lfd);
		return r;
	}
	sfd = accept_client(lfd, cfd);
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
		r = nodelay(p->wr[TR_CLIENT]);
	return r == 0 ? nodelay(p->wr[TR_SERVER]) : r;
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
	.close = fdpair_close,
	.teardown = fdpair_teardown,
};
