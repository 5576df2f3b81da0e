/* lrpc-hybrid: an LRPC call (lrpc/lrpc.h) whose waiting side spins about 4 us on the
 * A-stack's state word, then sleeps in FUTEX_WAIT; the other side calls FUTEX_WAKE only
 * when the waiter said it may sleep. On a shared CPU it yields once instead of spinning. */
#include "bench/lib/lrpcglue.h"

static int setup(struct tr_chan *ch)
{
	return lrpcglue_setup(ch, LRPC_HYBRID, 0);
}

const struct transport tr_lrpc_hybrid = {
	.name = "lrpc-hybrid",
	.description = "LRPC emulation: the message travels in the binding's A-stack; the "
		       "waiting side spins about 4 us on the state word, then sleeps in "
		       "FUTEX_WAIT (on a shared CPU it yields once first); FUTEX_WAKE only for a "
		       "sleeper",
	.abstraction = "memory",
	.notification = "spin then futex",
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
