/* lrpc-futex: an LRPC call (lrpc/lrpc.h) whose handoff is a futex: the client puts the
 * message in the A-stack, publishes the call and wakes the server with FUTEX_WAKE, then
 * sleeps in FUTEX_WAIT on the A-stack's state word until the return wakes it. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_FUTEX, 0);
}

const struct transport tr_lrpc_futex = {
	.name = "lrpc-futex",
	.description = "LRPC emulation: the message travels in the binding's A-stack; the call "
		       "wakes the server (FUTEX_WAKE) and sleeps in FUTEX_WAIT on the A-stack's "
		       "state word until the return",
	.abstraction = "memory",
	.notification = "futex",
	.participants = "2",
	.direction = "two-way",
	.synchrony = "synchronous",
	.copies = 2,
	.copies_note = LRPC_COPIES_NOTE,
	.flags = TR_MESSAGE | TR_SHARED_MEM,
	.setup = setup,
	.open = lrpcglue_open,
	.send = lrpcglue_send,
	.recv = lrpcglue_recv,
	.close = lrpcglue_close,
	.teardown = lrpcglue_teardown,
	.window_limit = 1, /* a call returns before the next one begins */
};
