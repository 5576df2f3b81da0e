/* Helpers for message-preserving sockets: see sockmsg.. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench/lib/proc_limit.h"
#include "bench/lib/sockmsg.h"

/* The kernel doubles the value for its bookkeeping and clamps it to the sysctl. */
static int raise_one(int fd, int opt, const char *max_path)
{
	long max = proc_limit_read(max_path);
	int v = max > INT_MAX / 2 ? INT_MAX / 2 : (int)max;

	if (max <= 0)
		return 0; /* no sysctl to read: keep the default, the probe sees what it is */
	return setsockopt(fd, SOL_SOCKET, opt, &v, sizeof(v)) < 0 ? -errno : 0;
}

int sockmsg_raise_buffers(int fd)
{
	int r = raise_one(fd, SO_SNDBUF, "/proc/sys/net/core/wmem_max");

	return r < 0 ? r : raise_one(fd, SO_RCVBUF, "/proc/sys/net/core/rmem_max");
}

void sockmsg_close_pair(int sv[2])
{
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		sv[i] = -1;
	}
}

int sockmsg_unix_pair(int type, int sv[2])
{
	int r = 0;

	if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	for (int i = 0; i < 2 && r == 0; i++)
		r = sockmsg_raise_buffers(sv[i]);
	if (r < 0)
		sockmsg_close_pair(sv);
	return r;
}

/* Sends one datagram of n bytes and reads it back: 1 when it arrived whole, 0 when the
 * kernel refused it or it did not arrive, or a negative errno for anything else. */
static int trial(const int sv[2], unsigned char *buf, size_t n)
{
	ssize_t r = send(sv[0], buf, n, MSG_DONTWAIT);

	if (r < 0)
		return errno == EMSGSIZE || errno == ENOBUFS || errno == ENOMEM ||
		       errno == EAGAIN ? 0 : -errno;
	r = recv(sv[1], buf, n, MSG_TRUNC);
	if (r < 0)
		return errno == EAGAIN ? 0 : -errno; /* SO_RCVTIMEO: it was dropped */
	return (size_t)r == n;
}

/* Binary search for the largest size that goes through, below hi. */
static long search(const int sv[2], unsigned char *buf, size_t hi)
{
	size_t lo = 0;
	int r = trial(sv, buf, hi);

	if (r != 0)
		return r < 0 ? r : (long)hi;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		r = trial(sv, buf, mid);
		if (r < 0)
			return r;
		if (r)
			lo = mid;
		else
			hi = mid;
	}
	return lo ? (long)lo : -EMSGSIZE;
}

static long probe(const struct sockmsg_kind *k)
{
	int sv[2], sndbuf;
	socklen_t len = sizeof(sndbuf);
	unsigned char *buf;
	long r = k->make_pair(sv);

	if (r < 0)
		return r;
	if (getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, &len) < 0) {
		r = -errno;
	} else {
		size_t hi = k->cap ? (size_t)k->cap : (size_t)sndbuf;

		buf = calloc(1, hi);
		r = buf ? search(sv, buf, hi) : -ENOMEM;
		free(buf);
	}
	sockmsg_close_pair(sv);
	return r;
}

/* Probed once per process, so every cell of a run fragments the same way. */
long sockmsg_limit(struct sockmsg_kind *k)
{
	if (k->limit <= 0)
		k->limit = probe(k);
	return k->limit;
}

int sockmsg_setup(struct tr_chan *ch, struct sockmsg_kind *k)
{
	struct sockmsg *m = calloc(1, sizeof(*m));
	int sv[2], r;

	if (!m)
		return -ENOMEM;
	for (int i = 0; i < 2; i++)
		m->fds.rd[i] = m->fds.wr[i] = -1;
	ch->priv = m;
	r = k->make_pair(sv);
	if (r < 0)
		return r;
	for (int i = 0; i < 2; i++)
		m->fds.rd[i] = m->fds.wr[i] = sv[i];
	return 0;
}

/* MSG_TRUNC makes recv return the datagram's real length, so a cut one is seen. */
ssize_t sockmsg_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct sockmsg *m = ch->priv;
	ssize_t r;

	do
		r = recv(m->fds.rd[side], buf, len, MSG_TRUNC);
	while (r < 0 && errno == EINTR);
	if (r < 0 && errno == EAGAIN) {
		m->timeouts++;
		return -ETIMEDOUT;
	}
	if (r < 0)
		return -errno;
	return (size_t)r > len ? -EMSGSIZE : r;
}
