/* lrpc-yield: an LRPC call (lrpc/lrpc.h) in which neither side ever sleeps: both poll the
 * A-stack's state word and sched_yield between looks. On one CPU each call and each return
 * hands the CPU straight to the other side, the closest Linux gets to LRPC's direct
 * transfer of control; on two CPUs it is a spin loop with a system call in it. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_YIELD, 0);
}

const struct transport tr_lrpc_yield = {
	.name = "lrpc-yield",
	.description = "LRPC emulation: the message travels in the binding's A-stack; both "
		       "sides stay runnable and poll the state word with sched_yield between "
		       "looks (on one CPU: a direct hand-over of the CPU at each call and return)",
	.abstraction = "memory",
	.notification = "sched_yield",
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
