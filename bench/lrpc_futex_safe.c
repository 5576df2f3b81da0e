/* lrpc-futex-safe: lrpc-futex with the server in TOCTTOU-safe mode: it copies arguments
 * and payload out of the shared A-stack before anything reads them, so a client cannot
 * change them between the server's check and its use. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_FUTEX, 1);
}

const struct transport tr_lrpc_futex_safe = {
	.name = "lrpc-futex-safe",
	.description = "lrpc-futex, the server in TOCTTOU-safe mode: each request is copied "
		       "out of the shared A-stack before it is validated or read",
	.abstraction = "memory",
	.notification = "futex",
	.participants = "2",
	.direction = "two-way",
	.synchrony = "synchronous",
	.copies = 3,
	.copies_note = LRPC_SAFE_COPIES_NOTE,
	.flags = TR_MESSAGE | TR_SHARED_MEM,
	.setup = setup,
	.open = lrpcglue_open,
	.send = lrpcglue_send,
	.recv = lrpcglue_recv,
	.close = lrpcglue_close,
	.teardown = lrpcglue_teardown,
	.window_limit = 1, /* a call returns before the next one begins */
};
