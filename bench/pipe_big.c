/* pipe-big: pipe's two anonymous pipes, each grown with F_SETPIPE_SZ to hold a whole
 * message (header included) when the cell begins, so that a message goes in with one
 * write and out with one read: the two-copy path without the chunking, and without the
 * wake-ups in between, that a 64 KiB pipe imposes on a larger message. The kernel rounds
 * the size up to a power of two pages; beyond fs.pipe-max-size only a process with
 * CAP_SYS_RESOURCE may grow it, so an unprivileged run keeps the largest it is allowed and
 * describe() says how big the pipes are. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "bench/lib/buflimit.h"
#include "bench/lib/fdpair.h"

static int pipe_big_setup(struct tr_chan *ch)
{
	struct fdpair *p;

	return fdpair_grown_pipes(ch, ch->params->max_wire, 1, &p);
}

static void pipe_big_describe(struct tr_chan *ch, enum tr_side side, char *buf, size_t len)
{
	struct fdpair *p = ch->priv;
	int fd = p->wr[side] >= 0 ? p->wr[side] : p->rd[side];
	int sz = fd >= 0 ? fcntl(fd, F_GETPIPE_SZ) : -1;

	if (side == TR_CLIENT && sz > 0 && (size_t)sz < ch->params->max_wire)
		snprintf(buf, len, "pipe grown to %d B only, below the %zu-byte message: it goes "
			 "in chunks", sz, ch->params->max_wire);
}

const struct transport tr_pipe_big = {
	.name = "pipe-big",
	.description = "pipe, each pipe grown with F_SETPIPE_SZ to hold a whole message "
		       "(fs.pipe-max-size without CAP_SYS_RESOURCE), blocking read/write",
	.abstraction = TA_STREAM,
	.family = TF_QUEUE,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 2,
	.copies_note = "write copies into the pipe buffer, read copies out; no chunking",
	.flags = TR_STREAM,
	.buffering = "the pipe buffer, grown to the message",
	.buffer_limit = buflimit_grown_pipe,
	.send_nonblock = fdpair_nonblock,
	.setup = pipe_big_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.describe = pipe_big_describe,
};
