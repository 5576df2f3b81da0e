/* The capacity probe: how many messages of one size, and how many bytes, a sender can push
 * into a fresh channel of a transport that nobody reads, before it would block. The
 * classic model's "zero, bounded or unbounded capacity", measured on this machine. Set up
 * as a latency cell's channel would be (one message in flight, the same largest send),
 * two forked sides, neither pinned: the client sends, the server opens its end and takes
 * nothing. Three methods:
 *   EAGAIN    the transport's send_nonblock makes a full channel answer -EAGAIN (or its
 *             send does so by itself, like sigqueue at RLIMIT_SIGPENDING): what went in
 *             before is the capacity;
 *   stall     otherwise the server watches the client's count of sends: when it has not
 *             moved for CAP_STALL_NS while the client is inside send and asleep in the
 *             kernel (or spinning, for a polling transport), the client is blocked;
 *   declared  a transport that never waits for room (window_limit, TR_SLOTS) is not
 *             pushed: past its slots a message would be lost, merged or overwritten.
 * At most CAP_MAX_BYTES and CAP_MAX_MSGS (or the transport's probe_cap) are pushed; a
 * sender still going then is reported as not blocked. */
#ifndef IPCBENCH_CAPACITY_PROBE_H
#define IPCBENCH_CAPACITY_PROBE_H
#include <stddef.h>
#include <stdint.h>
#include "bench/transport.h"

#define CAP_MAX_BYTES (64ull << 20)
#define CAP_MAX_MSGS (1ull << 20)
#define CAP_STALL_NS 30000000ull  /* 30 ms without progress inside send */
#define CAP_GIVE_UP_NS 5000000000ull

struct capacity_result {
	const char *method;  /* "EAGAIN", "stall", "declared" */
	int measured;        /* messages and bytes hold counts */
	int blocked;         /* the sender would have blocked (0: a cap, or an error, came first) */
	uint64_t messages;   /* whole sends taken */
	uint64_t bytes;      /* bytes taken */
	size_t send_bytes;   /* bytes per send: header and payload, or the one-send limit */
	char note[200];
};

/* 0 (out filled; out->note says what went wrong, if anything), -EINTR when interrupted,
 * or a negative errno. payload: bytes of payload per message (the token size is used for
 * a notification-only transport). */
int capacity_probe(const struct transport *t, uint64_t payload, struct capacity_result *out);

#endif
