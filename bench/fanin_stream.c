/* unix-stream, unix-seqpacket and tcp fan-in: one listening server. setup listens (an
 * AF_UNIX path in the cell's private directory, or 127.0.0.1 on a kernel-chosen port),
 * connects each client and accepts it, then closes the listener (and unlinks the path);
 * the server waits for the next readable connection in epoll_wait and serves the ready
 * ones in turn, reading one whole request from each. Blocking read and write;
 * TCP_NODELAY for tcp. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "bench/lib/fdfan.h"
#include "bench/lib/tcpconn.h"
#include "bench/transport.h"

#define READY_MAX 64

struct stream_fan {
	struct fdfan fds;
	unsigned n;
	int *cl, *sv; /* per client: its socket, and the server's end of it */
	int ep;       /* the server's epoll instance (made in its open) */
	unsigned ready[READY_MAX], nready, at; /* clients epoll said were readable, in turn */
};

static int add_conn(struct stream_fan *s, unsigned k, int cfd, int sfd)
{
	int r = fdfan_add(&s->fds, cfd, (int)k);

	if (r < 0) {
		close(sfd);
		return r;
	}
	if ((r = fdfan_add(&s->fds, sfd, FAN_SERVER)) < 0)
		return r;
	s->cl[k] = cfd;
	s->sv[k] = sfd;
	return 0;
}

static int unix_conns(struct stream_fan *s, const char *dir, int type)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0), r = 0;

	if (lfd < 0)
		return -errno;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s/fan.sock", dir);
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, (int)s->n) < 0)
		r = -errno;
	for (unsigned k = 0; r == 0 && k < s->n; k++) {
		int cfd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0), sfd = -1;

		if (cfd < 0 || connect(cfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    (sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			r = -errno;
			if (cfd >= 0)
				close(cfd);
			break;
		}
		r = add_conn(s, k, cfd, sfd);
	}
	unlink(a.sun_path);
	close(lfd);
	return r;
}

static int tcp_conns(struct stream_fan *s)
{
	struct sockaddr_in a;
	int lfd = tcpconn_listener(&a, (int)s->n), r = 0;

	if (lfd < 0)
		return lfd;
	for (unsigned k = 0; r == 0 && k < s->n; k++) {
		int cfd = tcpconn_connect(&a), sfd;

		if (cfd < 0) {
			r = cfd;
			break;
		}
		if ((sfd = tcpconn_accept(lfd, cfd)) < 0) {
			close(cfd);
			r = sfd;
			break;
		}
		if ((r = add_conn(s, k, cfd, sfd)) == 0 && (r = tcpconn_nodelay(cfd)) == 0)
			r = tcpconn_nodelay(sfd);
	}
	close(lfd);
	return r;
}

/* type: SOCK_STREAM or SOCK_SEQPACKET over AF_UNIX, or 0 for tcp. */
static int stream_setup(struct tr_chan *ch, unsigned n, int type)
{
	struct stream_fan *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	ch->priv = s;
	s->n = n;
	s->ep = -1;
	s->cl = calloc(n, sizeof(int));
	s->sv = calloc(n, sizeof(int));
	if (!s->cl || !s->sv)
		return -ENOMEM;
	if ((r = fdfan_room(2 * (size_t)n + 1)) < 0)
		return r;
	return type ? unix_conns(s, ch->params->tmpdir, type) : tcp_conns(s);
}

static int unix_setup(struct tr_chan *ch, unsigned n)
{
	return stream_setup(ch, n, SOCK_STREAM);
}

static int seqpacket_setup(struct tr_chan *ch, unsigned n)
{
	return stream_setup(ch, n, SOCK_SEQPACKET);
}

static int tcp_setup(struct tr_chan *ch, unsigned n)
{
	return stream_setup(ch, n, 0);
}

static int stream_open(struct tr_chan *ch, int who)
{
	struct stream_fan *s = ch->priv;

	fdfan_keep(&s->fds, who);
	if (who != TR_FANIN_SERVER)
		return 0;
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->ep < 0)
		return -errno;
	for (unsigned k = 0; k < s->n; k++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = k };

		if (epoll_ctl(s->ep, EPOLL_CTL_ADD, s->sv[k], &ev) < 0)
			return -errno;
	}
	return 0;
}

static ssize_t stream_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	return fdfan_write(((struct stream_fan *)ch->priv)->cl[k], buf, len);
}

static ssize_t stream_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return fdfan_read(((struct stream_fan *)ch->priv)->cl[k], buf, len);
}

/* The next client with something to read: from the list of the last epoll_wait, or a new one. */
static int next_ready(struct stream_fan *s, unsigned *k)
{
	struct epoll_event ev[READY_MAX];
	int n;

	while (s->at == s->nready) {
		n = epoll_wait(s->ep, ev, READY_MAX, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (int i = 0; i < n; i++)
			s->ready[i] = ev[i].data.u32;
		s->nready = (unsigned)n;
		s->at = 0;
	}
	*k = s->ready[s->at++];
	return 0;
}

static ssize_t stream_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	struct stream_fan *s = ch->priv;
	int r = next_ready(s, from);

	return r < 0 ? r : fdfan_read(s->sv[*from], buf, len);
}

static ssize_t stream_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	return fdfan_write(((struct stream_fan *)ch->priv)->sv[to], buf, len);
}

static void stream_close(struct tr_chan *ch, int who)
{
	struct stream_fan *s = ch->priv;

	(void)who;
	if (s->ep >= 0)
		close(s->ep);
	s->ep = -1;
	fdfan_free(&s->fds);
}

static void stream_teardown(struct tr_chan *ch)
{
	struct stream_fan *s = ch->priv;

	if (!s)
		return;
	stream_close(ch, TR_FANIN_SERVER);
	free(s->cl);
	free(s->sv);
	free(s);
	ch->priv = NULL;
}

extern const struct transport tr_unix_seqpacket;

/* A record must fit the socket buffer whole: the pair's probed limit. */
static long seqpacket_limit(void)
{
	return tr_unix_seqpacket.probe_max_msg();
}

#define STREAM_FANIN(id, how_text, setup_fn, limit_fn)                                        \
	const struct tr_fanin id = {                                                          \
		.how = how_text, .setup = setup_fn, .probe_max_msg = limit_fn,                 \
		.open = stream_open,                                                           \
		.csend = stream_csend, .crecv = stream_crecv, .srecv = stream_srecv,           \
		.ssend = stream_ssend, .close = stream_close, .teardown = stream_teardown,     \
	};

STREAM_FANIN(fanin_unix_stream, "one listening AF_UNIX socket, a connection per client, "
	     "epoll_wait for the next readable one", unix_setup, NULL)
STREAM_FANIN(fanin_tcp, "one listening socket on 127.0.0.1, a connection per client "
	     "(TCP_NODELAY), epoll_wait for the next readable one", tcp_setup, NULL)
STREAM_FANIN(fanin_unix_seqpacket, "one listening AF_UNIX SOCK_SEQPACKET socket, a connection "
	     "per client, epoll_wait for the next readable one", seqpacket_setup, seqpacket_limit)
