/* unix-dgram and udp fan-in: one bound server socket. Each client has a socket of its own,
 * bound (an abstract AF_UNIX name that ends in its number, or a kernel-chosen port of
 * 127.0.0.1) and connect()ed to the server's, so that it hears the server only; the server
 * takes the next datagram with recvfrom, knows the client by its address, and answers it
 * with sendto. Buffers raised to the sysctl maximum, a 2 s receive timeout (a lost datagram
 * is an error, not a hang), MSG_TRUNC so that a cut datagram is seen. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "bench/lib/fdfan.h"
#include "bench/lib/sockmsg.h"
#include "sys/names.h"

#define RECV_TIMEOUT_S 2

extern const struct transport tr_unix_dgram, tr_udp;

union dgram_addr {
	struct sockaddr sa;
	struct sockaddr_un un;
	struct sockaddr_in in;
};

struct dgram_fan {
	struct fdfan fds;
	int inet;
	unsigned n;
	int srv, *cl;              /* the server's socket; each client's */
	union dgram_addr *addr;    /* each client's address */
	socklen_t *alen;
	uint16_t *by_port;         /* udp: 1 + the client of a port (host order), 0 none */
	unsigned long timeouts;    /* receives that timed out in this process */
};

static int make_sock(struct dgram_fan *d, int owner, const union dgram_addr *bind_to,
		     socklen_t blen, union dgram_addr *got, socklen_t *glen)
{
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	int fd = socket(d->inet ? AF_INET : AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), r;

	if (fd < 0)
		return -errno;
	if ((r = fdfan_add(&d->fds, fd, owner)) < 0)
		return r;
	*glen = sizeof(*got);
	if (bind(fd, &bind_to->sa, blen) < 0 || getsockname(fd, &got->sa, glen) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		return -errno;
	r = sockmsg_raise_buffers(fd);
	return r < 0 ? r : fd;
}

/* Where socket k binds: loopback, any port; or "\0<random name>.<k>" (k = n: the server). */
static socklen_t bind_addr(const struct dgram_fan *d, const char *name, unsigned k,
			   union dgram_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (d->inet) {
		a->in.sin_family = AF_INET;
		a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(a->in);
	}
	a->un.sun_family = AF_UNIX;
	int len = snprintf(a->un.sun_path + 1, sizeof(a->un.sun_path) - 1, "%s.%u", name, k);

	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)len);
}

static int make_all(struct dgram_fan *d)
{
	union dgram_addr a, srv;
	socklen_t slen, blen;
	char name[80];
	int r = ipc_name(name, sizeof(name), "fan");

	if (r < 0)
		return r;
	blen = bind_addr(d, name, d->n, &a);
	if ((d->srv = r = make_sock(d, FAN_SERVER, &a, blen, &srv, &slen)) < 0)
		return r;
	for (unsigned k = 0; k < d->n; k++) {
		blen = bind_addr(d, name, k, &a);
		if ((d->cl[k] = r = make_sock(d, (int)k, &a, blen, &d->addr[k], &d->alen[k])) < 0)
			return r;
		if (connect(d->cl[k], &srv.sa, slen) < 0)
			return -errno;
		if (d->inet)
			d->by_port[ntohs(d->addr[k].in.sin_port)] = (uint16_t)(k + 1);
	}
	return 0;
}

static int dgram_setup(struct tr_chan *ch, unsigned n, int inet)
{
	struct dgram_fan *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	ch->priv = d;
	d->inet = inet;
	d->n = n;
	d->cl = calloc(n, sizeof(*d->cl));
	d->addr = calloc(n, sizeof(*d->addr));
	d->alen = calloc(n, sizeof(*d->alen));
	d->by_port = inet ? calloc(65536, sizeof(*d->by_port)) : NULL;
	if (!d->cl || !d->addr || !d->alen || (inet && !d->by_port) || n > 65535)
		return -ENOMEM;
	int r = fdfan_room((size_t)n + 1);

	return r < 0 ? r : make_all(d);
}

static int unix_setup(struct tr_chan *ch, unsigned n)
{
	return dgram_setup(ch, n, 0);
}

static int udp_setup(struct tr_chan *ch, unsigned n)
{
	return dgram_setup(ch, n, 1);
}

static int dgram_open(struct tr_chan *ch, int who)
{
	fdfan_keep(&((struct dgram_fan *)ch->priv)->fds, who);
	return 0;
}

/* One whole datagram of exactly len bytes. */
static ssize_t take(struct dgram_fan *d, int fd, void *buf, size_t len, union dgram_addr *from,
		    socklen_t *flen)
{
	ssize_t r;

	do
		r = recvfrom(fd, buf, len, MSG_TRUNC, from ? &from->sa : NULL, flen);
	while (r < 0 && errno == EINTR);
	if (r < 0 && errno == EAGAIN) {
		d->timeouts++;
		return -ETIMEDOUT;
	}
	if (r < 0)
		return -errno;
	return (size_t)r != len ? -EMSGSIZE : r;
}

static ssize_t put(int fd, const void *buf, size_t len, const union dgram_addr *to, socklen_t tl)
{
	ssize_t r;

	do
		r = to ? sendto(fd, buf, len, 0, &to->sa, tl) : send(fd, buf, len, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static ssize_t dgram_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	return put(((struct dgram_fan *)ch->priv)->cl[k], buf, len, NULL, 0);
}

static ssize_t dgram_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	struct dgram_fan *d = ch->priv;

	return take(d, d->cl[k], buf, len, NULL, NULL);
}

/* The number at the end of an abstract name ".../name.<k>" of len bytes (not NUL-ended). */
static unsigned long name_number(const union dgram_addr *a, socklen_t len)
{
	const char *p = (const char *)a + len, *begin = a->un.sun_path + 1;
	unsigned long k = 0, scale = 1;

	while (p > begin && p[-1] >= '0' && p[-1] <= '9' && scale <= 100000000) {
		k += (unsigned long)(p[-1] - '0') * scale;
		scale *= 10;
		p--;
	}
	return p > begin && p[-1] == '.' && scale > 1 ? k : ~0ul;
}

/* The client of an address, or TR_FROM_UNKNOWN (not one of ours). */
static unsigned client_of(const struct dgram_fan *d, const union dgram_addr *a, socklen_t len)
{
	unsigned long k;

	if (d->inet) {
		k = d->by_port[ntohs(a->in.sin_port)];
		return k && a->in.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? (unsigned)k - 1
									    : TR_FROM_UNKNOWN;
	}
	k = len > offsetof(struct sockaddr_un, sun_path) + 1 ? name_number(a, len) : ~0ul;
	if (k < d->n && len == d->alen[k] && memcmp(a, &d->addr[k], len) == 0)
		return (unsigned)k;
	return TR_FROM_UNKNOWN;
}

static ssize_t dgram_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	struct dgram_fan *d = ch->priv;
	union dgram_addr a;
	socklen_t alen = sizeof(a);
	ssize_t r = take(d, d->srv, buf, len, &a, &alen);

	if (r >= 0 && (*from = client_of(d, &a, alen)) == TR_FROM_UNKNOWN)
		return -EPROTO; /* a datagram from a stranger */
	return r;
}

static ssize_t dgram_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	struct dgram_fan *d = ch->priv;

	return put(d->srv, buf, len, &d->addr[to], d->alen[to]);
}

static void dgram_describe(struct tr_chan *ch, int who, char *buf, size_t len)
{
	struct dgram_fan *d = ch->priv;

	if (d->timeouts)
		snprintf(buf, len, "%s: %lu receive timeouts", who < 0 ? "server" : "a client",
			 d->timeouts);
}

static void dgram_close(struct tr_chan *ch, int who)
{
	(void)who;
	fdfan_free(&((struct dgram_fan *)ch->priv)->fds);
}

static void dgram_teardown(struct tr_chan *ch)
{
	struct dgram_fan *d = ch->priv;

	if (!d)
		return;
	fdfan_free(&d->fds);
	free(d->cl);
	free(d->addr);
	free(d->alen);
	free(d->by_port);
	free(d);
	ch->priv = NULL;
}

static long unix_limit(void)
{
	return tr_unix_dgram.probe_max_msg();
}

static long udp_limit(void)
{
	return tr_udp.probe_max_msg();
}

#define DGRAM_FANIN(id, how_text, setup_fn, limit_fn)                                         \
	const struct tr_fanin id = {                                                          \
		.how = how_text, .probe_max_msg = limit_fn, .setup = setup_fn,                 \
		.open = dgram_open, .csend = dgram_csend, .crecv = dgram_crecv,                \
		.srecv = dgram_srecv, .ssend = dgram_ssend, .close = dgram_close,              \
		.teardown = dgram_teardown, .describe = dgram_describe,                        \
	};

DGRAM_FANIN(fanin_unix_dgram, "one bound AF_UNIX datagram socket, recvfrom and sendto; a "
	    "socket per client (abstract names)", unix_setup, unix_limit)
DGRAM_FANIN(fanin_udp, "one bound UDP socket on 127.0.0.1, recvfrom and sendto; a socket "
	    "per client", udp_setup, udp_limit)
