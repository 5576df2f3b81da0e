/* lrpc-spin-safe: lrpc-spin with the server in TOCTTOU-safe mode (see lrpc-futex-safe):
 * the copy's cost stands out best against the cheapest handoff. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_SPIN, 1);
}

const struct transport tr_lrpc_spin_safe = {
	.name = "lrpc-spin-safe",
	.description = "lrpc-spin, the server in TOCTTOU-safe mode: each request is copied "
		       "out of the shared A-stack before it is validated or read",
	.abstraction = "memory",
	.notification = "spin",
	.participants = "2",
	.direction = "two-way",
	.synchrony = "synchronous",
	.copies = 3,
	.copies_note = LRPC_SAFE_COPIES_NOTE,
	.flags = TR_MESSAGE | TR_POLLING | TR_SHARED_MEM,
	.setup = setup,
	.open = lrpcglue_open,
	.send = lrpcglue_send,
	.recv = lrpcglue_recv,
	.close = lrpcglue_close,
	.teardown = lrpcglue_teardown,
	.window_limit = 1, /* a call returns before the next one begins */
};
