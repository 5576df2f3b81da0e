/* Binding to the cell's LRPC service (lrpc/lrpc.h), shared by the lrpc-* transports and
 * their fan-in: the server child registers in the cell's private temp dir (its naming
 * service) after fork, so a client that looks first retries for a while. */
#ifndef IPCBENCH_LRPCBIND_H
#define IPCBENCH_LRPCBIND_H
#include "lrpc/lrpc.h"

/* lrpc_connect_opts on service name in registry, retrying an unknown name for up to 10 s. */
int lrpcbind_connect(const char *name, const char *registry, int shared_cpu,
		     struct lrpc_binding **out);

#endif
