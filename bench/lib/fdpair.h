/* Shared by transports built on two file-descriptor directions (pipes, socketpairs):
 * fd[TR_CLIENT] is the client's end, fd[TR_SERVER] the server's. */
#ifndef IPCBENCH_FDPAIR_H
#define IPCBENCH_FDPAIR_H
#include "bench/transport.h"

struct fdpair {
	int rd[2]; /* rd[side]: the descriptor side reads from */
	int wr[2]; /* wr[side]: the descriptor side writes to */
};

int fdpair_alloc(struct tr_chan *ch, struct fdpair **out);
int fdpair_pipes(struct tr_chan *ch, struct fdpair **out);
/* The same, each pipe grown with F_SETPIPE_SZ to hold want bytes: up to fs.pipe-max-size,
 * or past it when past_max is 1 and the process may (CAP_SYS_RESOURCE). A refusal keeps
 * what the kernel allowed: the transport's describe() can say so. */
int fdpair_grown_pipes(struct tr_chan *ch, size_t want, int past_max, struct fdpair **out);
int fdpair_open(struct tr_chan *ch, enum tr_side side);
ssize_t fdpair_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len);
ssize_t fdpair_recv(struct tr_chan *ch, enum tr_side side, void *buf, size_t len);
void fdpair_close(struct tr_chan *ch, enum tr_side side);
void fdpair_teardown(struct tr_chan *ch);
/* send_nonblock: O_NONBLOCK on the descriptor side writes to. */
int fdpair_nonblock(struct tr_chan *ch, enum tr_side side);

#endif
