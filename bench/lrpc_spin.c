/* lrpc-spin: an LRPC call (lrpc/lrpc.h) whose handoff is polling: both sides spin on the
 * A-stack's state word with pause, and yield between looks when they share a CPU. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_SPIN, 0);
}

const struct transport tr_lrpc_spin = {
	.name = "lrpc-spin",
	.description = "LRPC emulation: the message travels in the binding's A-stack; both "
		       "sides spin on the A-stack's state word with pause (sched_yield when they "
		       "share a CPU)",
	.abstraction = "memory",
	.notification = "spin",
	.participants = "2",
	.direction = "two-way",
	.synchrony = "synchronous",
	.copies = 2,
	.copies_note = LRPC_COPIES_NOTE,
	.flags = TR_MESSAGE | TR_POLLING | TR_SHARED_MEM,
	.setup = setup,
	.open = lrpcglue_open,
	.send = lrpcglue_send,
	.recv = lrpcglue_recv,
	.close = lrpcglue_close,
	.teardown = lrpcglue_teardown,
	.window_limit = 1, /* a call returns before the next one begins */
};
