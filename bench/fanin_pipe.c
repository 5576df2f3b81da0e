/* pipe fan-in: one request pipe that every client writes and the server reads (a write of
 * at most PIPE_BUF bytes is atomic, so requests of different clients never interleave;
 * larger ones are unsupported), and one reply pipe per client. Blocking read and write; the
 * pipe does not say who wrote, so the server goes by the request's header. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include "bench/lib/fdfan.h"
#include "bench/transport.h"

struct pipe_fan {
	struct fdfan fds;
	int req[2];
	int (*rep)[2]; /* per client: [0] its read end, [1] the server's write end */
};

static int add_pipe(struct pipe_fan *p, int end[2], int rd_owner, int wr_owner)
{
	int fd[2], r;

	if (pipe2(fd, O_CLOEXEC) < 0)
		return -errno;
	if ((r = fdfan_add(&p->fds, fd[0], rd_owner)) < 0) {
		close(fd[1]);
		return r;
	}
	if ((r = fdfan_add(&p->fds, fd[1], wr_owner)) < 0)
		return r;
	end[0] = fd[0];
	end[1] = fd[1];
	return 0;
}

static int pipe_fan_setup(struct tr_chan *ch, unsigned n)
{
	struct pipe_fan *p = calloc(1, sizeof(*p));
	int r;

	if (!p)
		return -ENOMEM;
	ch->priv = p;
	p->rep = calloc(n, sizeof(*p->rep));
	if (!p->rep)
		return -ENOMEM;
	if ((r = fdfan_room(2 * (size_t)n + 2)) < 0 ||
	    (r = add_pipe(p, p->req, FAN_SERVER, FAN_CLIENTS)) < 0)
		return r;
	for (unsigned k = 0; k < n; k++)
		if ((r = add_pipe(p, p->rep[k], (int)k, FAN_SERVER)) < 0)
			return r;
	return 0;
}

static int pipe_fan_open(struct tr_chan *ch, int who)
{
	fdfan_keep(&((struct pipe_fan *)ch->priv)->fds, who);
	return 0;
}

static ssize_t pipe_fan_csend(struct tr_chan *ch, unsigned k, const void *buf, size_t len)
{
	(void)k;
	return fdfan_write(((struct pipe_fan *)ch->priv)->req[1], buf, len);
}

static ssize_t pipe_fan_crecv(struct tr_chan *ch, unsigned k, void *buf, size_t len)
{
	return fdfan_read(((struct pipe_fan *)ch->priv)->rep[k][0], buf, len);
}

static ssize_t pipe_fan_srecv(struct tr_chan *ch, unsigned *from, void *buf, size_t len)
{
	*from = TR_FROM_UNKNOWN;
	return fdfan_read(((struct pipe_fan *)ch->priv)->req[0], buf, len);
}

static ssize_t pipe_fan_ssend(struct tr_chan *ch, unsigned to, const void *buf, size_t len)
{
	return fdfan_write(((struct pipe_fan *)ch->priv)->rep[to][1], buf, len);
}

static void pipe_fan_close(struct tr_chan *ch, int who)
{
	(void)who;
	fdfan_free(&((struct pipe_fan *)ch->priv)->fds);
}

static void pipe_fan_teardown(struct tr_chan *ch)
{
	struct pipe_fan *p = ch->priv;

	if (!p)
		return;
	fdfan_free(&p->fds);
	free(p->rep);
	free(p);
	ch->priv = NULL;
}

const struct tr_fanin fanin_pipe = {
	.how = "one request pipe, atomic writes of at most PIPE_BUF, a reply pipe per client",
	.max_msg = PIPE_BUF,
	.setup = pipe_fan_setup,
	.open = pipe_fan_open,
	.csend = pipe_fan_csend,
	.crecv = pipe_fan_crecv,
	.srecv = pipe_fan_srecv,
	.ssend = pipe_fan_ssend,
	.close = pipe_fan_close,
	.teardown = pipe_fan_teardown,
};
