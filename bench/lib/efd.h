/* Eventfd helpers for eventfd and shm-eventfd: one counter per direction, fd[0] carrying
 * requests (client to server) and fd[1] replies. Both sides use both descriptors. */
#ifndef IPCBENCH_EFD_H
#define IPCBENCH_EFD_H
#include <stdint.h>
#include "bench/transport.h"

/* Creates the two eventfds (blocking, counter mode); 0, or a negative errno with both
 * left at -1. */
int efd_pair_open(int fd[2]);
void efd_pair_close(int fd[2]);

static inline int efd_tx(const int fd[2], enum tr_side side)
{
	return fd[side == TR_CLIENT ? 0 : 1];
}

static inline int efd_rx(const int fd[2], enum tr_side side)
{
	return fd[side == TR_CLIENT ? 1 : 0];
}

/* Adds v (not 0) to the counter; 0 or a negative errno. */
int efd_post(int fd, uint64_t v);
/* Blocks until the counter is non-zero, then reads and resets it into *v. */
int efd_wait(int fd, uint64_t *v);

#endif
