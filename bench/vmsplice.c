/* vmsplice: two anonymous pipes, one per direction; the sender vmsplice()s the pages of
 * its buffer into the pipe (no SPLICE_F_GIFT) and the receiver read()s them out. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/uio.h>
#include <unistd.h>
#include "bench/lib/fdpair.h"
#include "bench/lib/buflimit.h"

/* Room for a whole message (its partial first and last pages included), capped at
 * pipe-max-size. A refusal (per-user pipe page limits) keeps the default: the stream then
 * takes more vmsplice calls per message, and describe() reports the capacity in use. */
static int vmsplice_setup(struct tr_chan *ch)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), max_wire = ch->params->max_wire;
	struct fdpair *p;

	return fdpair_grown_pipes(ch, ((max_wire + page - 1) / page + 1) * page, 0, &p);
}

/* The pages stay referenced by the pipe until read: the harness keeps the buffer
 * unchanged until the peer's next message, which comes after the read. */
static ssize_t vmsplice_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len)
{
	struct fdpair *p = ch->priv;
	struct iovec iov = { (void *)buf, len };
	ssize_t r;

	do
		r = vmsplice(p->wr[side], &iov, 1, 0);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static void vmsplice_describe(struct tr_chan *ch, enum tr_side side, char *buf, size_t len)
{
	struct fdpair *p = ch->priv;

	if (side == TR_CLIENT)
		snprintf(buf, len, "pipe capacity %d bytes", fcntl(p->wr[side], F_GETPIPE_SZ));
}

const struct transport tr_vmsplice = {
	.name = "vmsplice",
	.description = "two pipes, sender vmsplice()s its buffer pages (no SPLICE_F_GIFT), "
		       "receiver blocks in read(); pipes enlarged with F_SETPIPE_SZ to fit the "
		       "message, up to /proc/sys/fs/pipe-max-size",
	.abstraction = TA_STREAM,
	.family = TF_QUEUE,
	.notification = TN_SYSCALL,
	.participants = TP_MANY,
	.direction = TD_ONE_WAY,
	.synchrony = TS_ASYNC,
	.copies = 1,
	.copies_note = "vmsplice puts references to the sender's pages in the pipe (no copy), "
		       "read copies out of them",
	.flags = TR_STREAM | TR_SEND_INPLACE,
	.buffering = "the pipe buffer, grown to the message",
	.buffer_limit = buflimit_grown_pipe,
	.setup = vmsplice_setup,
	.open = fdpair_open,
	.send = vmsplice_send,
	.recv = fdpair_recv,
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.describe = vmsplice_describe,
	.no_fanin = "the reader takes the writer's pages from a pipe of its own: a pair; requests "
		    "of many writers in one pipe are pipe's fan-in",
	.no_fanout = "the reader takes the writer's pages from a pipe of its own: a pair",
};
