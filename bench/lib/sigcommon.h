/* Shared by the three signal transports (signal, signal-handler, signalfd): each child
 * publishes its pid in a shared mapping and blocks the signal in open(), before the start
 * barrier; send is sigqueue() to the peer with the 4-byte sequence token in sival_int. */
#ifndef IPCBENCH_SIGCOMMON_H
#define IPCBENCH_SIGCOMMON_H
#include <signal.h>
#include <stdatomic.h>
#include "bench/transport.h"

#define SIGCHAN_TOKEN ((size_t)sizeof(int)) /* max_msg of the signal transports */
/* The capacity probe pushes no more: RLIMIT_SIGPENDING is every process's of the user. */
#define SIGCHAN_PROBE_CAP 1024u

struct sigchan_shared {
	_Atomic int pid[2]; /* pid[side], 0 until that side's open() */
};

/* Per process: each child has its own copy of everything but the shared mapping. */
struct sigchan {
	struct sigchan_shared *sh;
	int signo;
	sigset_t set;     /* just signo */
	sigset_t waitmask; /* signal-handler: the mask sigsuspend waits with */
	int fd;           /* signalfd: the descriptor, -1 when none */
};

int sigchan_setup(struct tr_chan *ch);
int sigchan_open(struct tr_chan *ch, enum tr_side side);
ssize_t sigchan_send(struct tr_chan *ch, enum tr_side side, const void *buf, size_t len);
/* Hands a received sival_int back as the token; len is the room in buf. */
ssize_t sigchan_token(int value, void *buf, size_t len);
void sigchan_close(struct tr_chan *ch, enum tr_side side);
void sigchan_teardown(struct tr_chan *ch);
/* buffer_limit: RLIMIT_SIGPENDING, the queued signals a user may have pending (sigqueue
 * fails with EAGAIN beyond it). */
void sigchan_buffer_limit(char *out, size_t n);

#endif
