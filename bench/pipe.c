/* pipe: two anonymous pipes, one per direction. */
#include "bench/lib/fdpair.h"

static int pipe_setup(struct tr_chan *ch)
{
	struct fdpair *p;

	return fdpair_pipes(ch, &p);
}

const struct transport tr_pipe = {
	.name = "pipe",
	.description = "two anonymous pipes (pipe2), blocking read/write, default pipe capacity",
	.abstraction = "byte stream",
	.notification = "blocking syscall",
	.participants = "many",
	.direction = "one-way",
	.synchrony = "asynchronous",
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
