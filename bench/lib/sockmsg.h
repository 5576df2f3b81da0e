/* Shared by the socket transports that keep message boundaries (unix-dgram,
 * unix-seqpacket, udp): socket buffers raised to the system maximum, the one-send limit
 * found by trial on a throwaway pair made the same way, and a recv that reports a
 * truncated message as -EMSGSIZE instead of delivering part of it. */
#ifndef IPCBENCH_SOCKMSG_H
#define IPCBENCH_SOCKMSG_H
#include "bench/lib/fdpair.h"

/* One kind of socket. make_pair returns 0 with sv[TR_CLIENT] and sv[TR_SERVER] connected
 * to each other and tuned, or a negative errno with nothing left open. */
struct sockmsg_kind {
	int (*make_pair)(int sv[2]);
	long cap;   /* the protocol's own largest datagram; 0: bounded by SO_SNDBUF only */
	long limit; /* what sockmsg_limit found, kept for the rest of the process */
};

struct sockmsg {
	struct fdpair fds;      /* first: the fdpair helpers take the same pointer */
	unsigned long timeouts; /* recv timeouts seen by this process */
};

/* Raises SO_SNDBUF and SO_RCVBUF to net.core.wmem_max and rmem_max. */
int sockmsg_raise_buffers(int fd);
/* A connected AF_UNIX socketpair of this type, buffers raised. */
int sockmsg_unix_pair(int type, int sv[2]);
void sockmsg_close_pair(int sv[2]);
/* probe_max_msg: the largest datagram a pair of this kind carries whole. */
long sockmsg_limit(struct sockmsg_kind *k);
int sockmsg_setup(struct tr_chan *ch, struct sockmsg_kind *k);
/* One whole message; -EMSGSIZE if it did not fit in len, -ETIMEDOUT if SO_RCVTIMEO ran out. */
ssize_t sockmsg_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len);

#endif
