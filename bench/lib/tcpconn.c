/* TCP over loopback (bench/lib/tcpconn.h). */
#include <errno.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench/lib/tcpconn.h"

#define ACCEPT_TRIES 8 /* strangers on our port before we give up */

int tcpconn_nodelay(int fd)
{
	int one = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0 ? -errno : 0;
}

int tcpconn_listener(struct sockaddr_in *a, int backlog)
{
	socklen_t alen = sizeof(*a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	*a = (struct sockaddr_in){ .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(fd, (struct sockaddr *)a, sizeof(*a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)a, &alen) < 0 || listen(fd, backlog) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int tcpconn_connect(const struct sockaddr_in *a)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)a, sizeof(*a)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int tcpconn_accept(int lfd, int cfd)
{
	struct sockaddr_in want, got;
	socklen_t wlen = sizeof(want), glen;

	if (getsockname(cfd, (struct sockaddr *)&want, &wlen) < 0)
		return -errno;
	for (int i = 0; i < ACCEPT_TRIES; i++) {
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
