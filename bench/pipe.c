/* pipe: two anonymous pipes, one per direction. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "fdpair.h"

static int pipe_setup(struct tr_chan *ch)
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
	return 0;
}

const struct transport tr_pipe = {
	.name = "pipe",
	.description = "two anonymous pipes (pipe2), blocking read/write, default pipe capacity",
	.abstraction = "byte stream",
	.notification = "blocking syscall",
	.copies = 2,
	.copies_note = "write copies into the pipe buffer, read copies out",
	.flags = TR_STREAM,
	.setup = pipe_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.close = fdpair_close,
	.teardown = fdpair_teardown,
};
