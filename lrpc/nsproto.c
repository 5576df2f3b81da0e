/* The naming service's messages on the wire (lrpc/nsproto.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "lrpc/nsproto.h"

int ns_send(int sock, const struct ns_msg *m, const int *fds, unsigned nfd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LRPC_MAX_ASTACKS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = (void *)m, .iov_len = sizeof(*m) };
	struct msghdr h = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t r;

	if (nfd > LRPC_MAX_ASTACKS)
		return -EINVAL;
	if (nfd) {
		memset(&ctl, 0, sizeof(ctl));
		h.msg_control = ctl.buf;
		h.msg_controllen = CMSG_SPACE(sizeof(int) * nfd);
		struct cmsghdr *c = CMSG_FIRSTHDR(&h);

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfd);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfd);
	}
	do
		r = sendmsg(sock, &h, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : (size_t)r == sizeof(*m) ? 0 : -EPROTO;
}

int ns_recv(int sock, struct ns_msg *m, int *fds, unsigned max, unsigned *nfd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * LRPC_MAX_ASTACKS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = m, .iov_len = sizeof(*m) };
	struct msghdr h = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf,
			    .msg_controllen = sizeof(ctl.buf) };
	ssize_t r;

	*nfd = 0;
	do
		r = recvmsg(sock, &h, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		unsigned got = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		int in[LRPC_MAX_ASTACKS];

		memcpy(in, CMSG_DATA(c), got * sizeof(int));
		for (unsigned i = 0; i < got; i++)
			if (*nfd < max)
				fds[(*nfd)++] = in[i];
			else
				close(in[i]); /* more than asked for: not kept */
	}
	if (r == 0)
		return -ECONNRESET;
	return (size_t)r == sizeof(*m) && !(h.msg_flags & MSG_TRUNC) ? 0 : -EPROTO;
}

int ns_dial(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(path) >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	memcpy(a.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}
