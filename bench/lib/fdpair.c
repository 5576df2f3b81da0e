/* Helpers for transports whose two directions are plain file descriptors. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "bench/lib/buflimit.h"
#include "bench/lib/fdpair.h"

int fdpair_alloc(struct tr_chan *ch, struct fdpair **out)
{
	struct fdpair *p = malloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	for (int i = 0; i < 2; i++)
		p->rd[i] = p->wr[i] = -1;
	ch->priv = p;
	*out = p;
	return 0;
}

/* Two anonymous pipes: requests client to server, replies server to client. */
int fdpair_pipes(struct tr_chan *ch, struct fdpair **out)
{
	struct fdpair *p;
	int req[2], rep[2];
	int r = fdpair_alloc(ch, &p);

	if (r < 0)
		return r;
	if (pipe2(req, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(rep, O_CLOEXEC) < 0) {
		r = -errno;
		close(req[0]);
		close(req[1]);
		return r;
	}
	p->wr[TR_CLIENT] = req[1];
	p->rd[TR_SERVER] = req[0];
	p->wr[TR_SERVER] = rep[1];
	p->rd[TR_CLIENT] = rep[0];
	*out = p;
	return 0;
}

static void grow(int fd, size_t want, int past_max)
{
	size_t cap = (size_t)buflimit_pipe_max();

	if ((long)want <= fcntl(fd, F_GETPIPE_SZ))
		return;
	if ((past_max || want <= cap) && fcntl(fd, F_SETPIPE_SZ, (int)want) >= 0)
		return;
	if (want > cap)
		fcntl(fd, F_SETPIPE_SZ, (int)cap);
}

int fdpair_grown_pipes(struct tr_chan *ch, size_t want, int past_max, struct fdpair **out)
{
	int r = want > 0x40000000u ? -EMSGSIZE : fdpair_pipes(ch, out);

	if (r < 0)
		return r;
	grow((*out)->wr[TR_CLIENT], want, past_max);
	grow((*out)->wr[TR_SERVER], want, past_max);
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Closes one side's descriptors; a socket serves both directions of its side. */
static void drop_side(struct fdpair *p, int side)
{
	if (p->wr[side] == p->rd[side])
		p->wr[side] = -1;
	close_fd(&p->rd[side]);
	close_fd(&p->wr[side]);
}

/* The child keeps only its own ends, so that the peer's death reads as EOF. */
int fdpair_open(struct tr_chan *ch, enum tr_side side)
{
	drop_side(ch->priv, side == TR_CLIENT ? TR_SERVER : TR_CLIENT);
	return 0;
}

ssize_t fdpair_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct fdpair *p = ch->priv;
	ssize_t r;

	do
		r = write(p->wr[side], buf, len);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

ssize_t fdpair_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len)
{
	struct fdpair *p = ch->priv;
	ssize_t r;

	do
		r = read(p->rd[side], buf, len);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

void fdpair_close(struct tr_chan *ch, enum tr_side side)
{
	drop_side(ch->priv, side);
}

void fdpair_teardown(struct tr_chan *ch)
{
	struct fdpair *p = ch->priv;

	if (!p)
		return;
	drop_side(p, TR_CLIENT);
	drop_side(p, TR_SERVER);
	free(p);
	ch->priv = NULL;
}

int fdpair_nonblock(struct tr_chan *ch, enum tr_side side)
{
	struct fdpair *p = ch->priv;
	int fl = fcntl(p->wr[side], F_GETFL);

	if (fl < 0 || fcntl(p->wr[side], F_SETFL, fl | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}
