/* fifo: two named pipes (mkfifo 0600) in the cell's private temp dir, one per direction.
 * The children open them by path after fork, in one order on both sides so that neither
 * open can wait on the other (a FIFO open blocks until the peer opens the other end):
 *   client: request for writing, then reply for reading
 *   server: request for reading, then reply for writing
 * When the server's second open returns, both sides hold both FIFOs and it unlinks the
 * paths; teardown unlinks them again in case a child never got that far. Past the open
 * this is the same kernel object as an anonymous pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bench/lib/fdpair.h"
#include "bench/lib/buflimit.h"

enum { FIFO_REQ = 0, FIFO_REP = 1 };

struct fifo {
	struct fdpair fds; /* first: the fdpair_* helpers take ch->priv as a struct fdpair */
	char path[2][4200];
};

static int open_retry(const char *path, int flags)
{
	int fd;

	do
		fd = open(path, flags | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

static void unlink_paths(struct fifo *f)
{
	for (int i = 0; i < 2; i++)
		if (f->path[i][0])
			unlink(f->path[i]); /* ENOENT after the first time: fine */
}

static int fifo_setup(struct tr_chan *ch)
{
	static const char *const names[2] = { "req.fifo", "rep.fifo" };
	struct fifo *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	for (int i = 0; i < 2; i++)
		f->fds.rd[i] = f->fds.wr[i] = -1;
	ch->priv = f;
	for (int i = 0; i < 2; i++) {
		int n = snprintf(f->path[i], sizeof(f->path[i]), "%s/%s", ch->params->tmpdir,
				 names[i]);

		if (n < 0 || (size_t)n >= sizeof(f->path[i])) {
			f->path[i][0] = 0;
			return -ENAMETOOLONG;
		}
		if (mkfifo(f->path[i], 0600) < 0) {
			int r = -errno;
			f->path[i][0] = 0; /* not ours to unlink */
			return r;
		}
	}
	return 0;
}

static int fifo_open(struct tr_chan *ch, enum tr_side side)
{
	struct fifo *f = ch->priv;
	struct fdpair *p = &f->fds;
	int r;

	if (side == TR_CLIENT) {
		if ((r = open_retry(f->path[FIFO_REQ], O_WRONLY)) < 0)
			return r;
		p->wr[TR_CLIENT] = r;
		if ((r = open_retry(f->path[FIFO_REP], O_RDONLY)) < 0)
			return r;
		p->rd[TR_CLIENT] = r;
		return 0;
	}
	if ((r = open_retry(f->path[FIFO_REQ], O_RDONLY)) < 0)
		return r;
	p->rd[TR_SERVER] = r;
	if ((r = open_retry(f->path[FIFO_REP], O_WRONLY)) < 0)
		return r;
	p->wr[TR_SERVER] = r;
	/* the client's reply open has returned too, so both sides hold both: unlink now */
	for (int i = 0; i < 2; i++)
		if (unlink(f->path[i]) < 0 && errno != ENOENT)
			return -errno;
	return 0;
}

static void fifo_teardown(struct tr_chan *ch)
{
	struct fifo *f = ch->priv;

	if (!f)
		return;
	unlink_paths(f);
	fdpair_teardown(ch); /* closes what is open and frees f (fds is its first member) */
}

const struct transport tr_fifo = {
	.name = "fifo",
	.description = "two named pipes (mkfifo, unlinked once both sides opened them), "
		       "blocking read/write, default pipe capacity",
	.abstraction = TA_STREAM,
	.family = TF_QUEUE,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "write copies into the pipe buffer, read copies out",
	.flags = TR_STREAM,
	.buffering = "the pipe buffer",
	.buffer_limit = buflimit_pipe,
	.send_nonblock = fdpair_nonblock,
	.setup = fifo_setup,
	.open = fifo_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fifo_teardown,
	.no_fanin = "a FIFO is a named pipe: the fan-in of the same kernel object is pipe's",
	.no_fanout = "a FIFO is a named pipe: the fan-out of the same kernel object is pipe's",
};
