/* pipe and unix-dgram fan-out: one object per subscriber, the publisher writing the message
 * to each in turn (so the last subscriber's copy leaves last). pipe: a pipe each, blocking
 * write and read. unix-dgram: a connected AF_UNIX datagram socketpair each, buffers raised;
 * the publisher sends with MSG_DONTWAIT and a full buffer drops that subscriber's copy
 * (lossy: counted, never waited for); the subscriber reads with MSG_TRUNC. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
#include "bench/lib/fdfan.h"
#include "bench/lib/sockmsg.h"

extern const struct transport tr_unix_dgram;

/* Begins with its fdfan: a test reaches the publisher's ends through it (tests/faulty.c). */
struct fd_out {
	struct fdfan fds;
	unsigned n;
	int dgram;
	int *rd, *wr; /* per subscriber: its end, the publisher's end */
};

static int one_pair(struct fd_out *o, unsigned k)
{
	int fd[2], r;

	if (o->dgram)
		r = sockmsg_unix_pair(SOCK_DGRAM, fd);
	else
		r = pipe2(fd, O_CLOEXEC) < 0 ? -errno : 0;
	if (r < 0)
		return r;
	if ((r = fdfan_add(&o->fds, fd[0], (int)k)) < 0) {
		close(fd[1]);
		return r;
	}
	if ((r = fdfan_add(&o->fds, fd[1], FAN_SERVER)) < 0)
		return r;
	o->rd[k] = fd[0];
	o->wr[k] = fd[1];
	return 0;
}

static int out_setup(struct tr_chan *ch, unsigned n, int dgram)
{
	struct fd_out *o = calloc(1, sizeof(*o));
	int r;

	if (!o)
		return -ENOMEM;
	ch->priv = o;
	o->n = n;
	o->dgram = dgram;
	o->rd = calloc(n, sizeof(int));
	o->wr = calloc(n, sizeof(int));
	if (!o->rd || !o->wr)
		return -ENOMEM;
	if ((r = fdfan_room(2 * (size_t)n)) < 0)
		return r;
	for (unsigned k = 0; k < n; k++)
		if ((r = one_pair(o, k)) < 0)
			return r;
	return 0;
}

static int pipe_setup(struct tr_chan *ch, unsigned n)
{
	return out_setup(ch, n, 0);
}

static int dgram_setup(struct tr_chan *ch, unsigned n)
{
	return out_setup(ch, n, 1);
}

static int out_open(struct tr_chan *ch, int who)
{
	fdfan_keep(&((struct fd_out *)ch->priv)->fds, who);
	return 0;
}

static ssize_t pipe_publish(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped)
{
	struct fd_out *o = ch->priv;

	*dropped = 0;
	for (unsigned k = 0; k < o->n; k++) {
		ssize_t r = fdfan_write(o->wr[k], buf, len);

		if (r < 0)
			return r;
	}
	return (ssize_t)len;
}

static ssize_t dgram_publish(struct tr_chan *ch, const void *buf, size_t len, unsigned *dropped)
{
	struct fd_out *o = ch->priv;

	*dropped = 0;
	for (unsigned k = 0; k < o->n; k++) {
		ssize_t r;

		do
			r = send(o->wr[k], buf, len, MSG_DONTWAIT);
		while (r < 0 && errno == EINTR);
		if (r < 0 && (errno == EAGAIN || errno == ENOBUFS))
			(*dropped)++;
		else if (r < 0)
			return -errno;
	}
	return (ssize_t)len;
}

static ssize_t pipe_take(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return fdfan_read(((struct fd_out *)ch->priv)->rd[k], buf, len);
}

static ssize_t dgram_take(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	ssize_t r;

	do
		r = recv(((struct fd_out *)ch->priv)->rd[k], buf, len, MSG_TRUNC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return (size_t)r != len ? -EMSGSIZE : r;
}

static void out_close(struct tr_chan *ch, int who)
{
	(void)who;
	fdfan_free(&((struct fd_out *)ch->priv)->fds);
}

static void out_teardown(struct tr_chan *ch)
{
	struct fd_out *o = ch->priv;

	if (!o)
		return;
	fdfan_free(&o->fds);
	free(o->rd);
	free(o->wr);
	free(o);
	ch->priv = NULL;
}

static long dgram_limit(void)
{
	return tr_unix_dgram.probe_max_msg();
}

const struct tr_fanout fanout_pipe = {
	.how = "a pipe per subscriber, written in turn",
	.setup = pipe_setup, .open = out_open, .publish = pipe_publish, .take = pipe_take,
	.close = out_close, .teardown = out_teardown,
};

const struct tr_fanout fanout_unix_dgram = {
	.how = "a datagram socketpair per subscriber, sent in turn with MSG_DONTWAIT (a full "
	       "buffer drops that copy)",
	.flags = TR_FANOUT_LOSSY, .probe_max_msg = dgram_limit,
	.setup = dgram_setup, .open = out_open, .publish = dgram_publish, .take = dgram_take,
	.close = out_close, .teardown = out_teardown,
};
