/* Test support: a pipe transport that misbehaves on purpose, to prove that the harness
 * never reports a time for data that arrived wrong, and never hangs. */
#ifndef IPCBENCH_FAULTY_H
#define IPCBENCH_FAULTY_H
#include <stdint.h>
#include "bench/transport.h"

enum fault {
	FAULT_NONE,
	FAULT_FLIP_BYTE,   /* flip one byte of one client message at byte offset `at` */
	FAULT_SERVER_HANG, /* the server stops answering at message `msg` */
	FAULT_SERVER_DIE,  /* the server kills itself (SIGKILL) at message `msg` */
	FAULT_CLIENT_DIE,  /* the client kills itself at message `msg` */
	FAULT_REFLECT,     /* the server sends the client's request back as the reply */
	FAULT_DROP,        /* the client's send number `msg` is not sent (but reported sent) */
	FAULT_SERVER_STALL, /* the server sleeps `stall_ns` before its send number `msg` */
	FAULT_MISDELIVER,  /* fan-in: the server's reply `msg` goes to the next client */
	FAULT_SHORT_SEND,  /* the client's send number `msg` sends it all but returns one byte less */
	FAULT_SHORT_RECV,  /* the server's receive number `msg` returns one byte less than came */
};

struct fault_plan {
	enum fault kind;
	uint64_t msg; /* 0-based index of the client's (or server's) send */
	size_t at;    /* byte offset within the message (header is bytes 0-15) */
	uint64_t stall_ns;
	unsigned clients;  /* fan-in: how many (FAULT_MISDELIVER) */
};

/* Read by the children after fork: set it before cell_run. */
extern struct fault_plan fault_plan;
extern const struct transport tr_faulty;
/* The same pipe declared a message transport (TR_MESSAGE): one send and one receive per
 * message, as the harness calls a message transport whose messages go whole. */
extern const struct transport tr_faulty_msg;
/* The same faults in pipe's fan-in operations (FAULT_FLIP_BYTE: each client's
 * request `msg`; FAULT_MISDELIVER). */
const struct tr_fanin *faulty_fanin_ops(void);
/* And in pipe's fan-out (FAULT_FLIP_BYTE: publish `msg` to subscriber 1; FAULT_DROP: left out
 * of subscriber 0's copies, reported as a drop of a lossy mechanism). */
const struct tr_fanout *faulty_fanout_ops(void);

#endif
