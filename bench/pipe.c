/* pipe: two anonymous pipes, one per direction. */
#include "bench/lib/fdpair.h"
#include "bench/lib/buflimit.h"

extern const struct tr_fanin fanin_pipe;
extern const struct tr_fanout fanout_pipe;

static int pipe_setup(struct tr_chan *ch)
{
	struct fdpair *p;

	return fdpair_pipes(ch, &p);
}

const struct transport tr_pipe = {
	.name = "pipe",
	.description = "two anonymous pipes (pipe2), blocking read/write, default pipe capacity",
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
	.setup = pipe_setup,
	.open = fdpair_open,
	.send = fdpair_send,
	.recv = fdpair_recv,
	.open_window = 256, /* the kernel queues each direction apart; send blocks when full */
	.close = fdpair_close,
	.teardown = fdpair_teardown,
	.fanin = &fanin_pipe,
	.fanout = &fanout_pipe,
};
