/* The lrpc-* transports: the harness's channel as one LRPC binding (lrpc/lrpc.h). The
 * server child registers the service in the cell's private temp dir (its naming service)
 * and the client child connects to it; both are done in open, after fork, because an
 * A-stack belongs to exactly the two processes that mapped it. A round trip is one call:
 * the client's send is the call (message into the A-stack body, then the handoff), the
 * server's recv takes it, the server's send is the return and the client's recv takes the
 * result. The variants differ only in the handoff and in safe mode. */
#ifndef IPCBENCH_LRPCGLUE_H
#define IPCBENCH_LRPCGLUE_H
#include "lrpc/lrpc.h"
#include "bench/transport.h"

/* setup for a variant: the handoff, and whether the server copies requests out first. */
int lrpcglue_setup(struct tr_chan *ch, enum lrpc_handoff h, int safe);
int lrpcglue_open(struct tr_chan *ch, enum tr_side side);
ssize_t lrpcglue_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len);
ssize_t lrpcglue_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len);
void lrpcglue_close(struct tr_chan *ch, enum tr_side side);
void lrpcglue_teardown(struct tr_chan *ch);

/* The copy model shared by the variants' descriptions. */
#define LRPC_COPIES_NOTE "the client copies the message into the A-stack (LRPC's one copy); " \
	"the server's recv copies it out because the harness reads its own buffer, where an " \
	"LRPC handler would read it in place; the return likewise"
#define LRPC_SAFE_COPIES_NOTE "requests 3: into the A-stack, out to the server's private " \
	"copy before anything reads it (TOCTTOU-safe), then into the harness's buffer; " \
	"replies 2, as in lrpc-futex"

#endif
