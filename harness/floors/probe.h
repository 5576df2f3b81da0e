/* The cache-line round trip between the two pinned sides of a pair, one timed round trip
 * per sample like a transport's: the floor a figure on those CPUs is read against.
 * floors/calibrate.c runs it long at the start of a run; cell/cell.c runs it briefly before and after
 * every cell, on the cell's own CPUs and processes, because the host may move vCPUs
 * between cells. On one CPU the waits yield: it then measures the sched_yield hand-over.
 * Which line it hands over matters: on a mesh the line's address picks the L3 slice that
 * homes it, and 128-byte blocks of one page measured 250 to 495 ns on one vCPU pair
 * (docs/methodology.md), so a cell probes one line before and after, its transport's own
 * where it has one. */
#ifndef IPCBENCH_FLOORPROBE_H
#define IPCBENCH_FLOORPROBE_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "sys/clock.h"

/* Two lines, each alone in its 128-byte pair (adjacent-line prefetch). Zeroed before use;
 * one probe per struct. */
struct probe_lines {
	_Alignas(128) _Atomic uint64_t req;
	_Alignas(128) _Atomic uint64_t rep;
	char pad[120];
};

struct probe_args {
	_Atomic uint64_t *out; /* the client publishes each request here ... */
	_Atomic uint64_t *in;  /* ... and the server answers here (the same line: ping-pong) */
	unsigned generation;   /* probes that share a line without a reset differ here */
	_Atomic uint64_t *restore; /* non-NULL (zeroed): out and in are a transport's lines;
				    * the server says here that it saw the stop, the
				    * client puts back what they held, then lets the
				    * server go on */
	const struct clock_src *clk;
	int yield;             /* both sides on one CPU: wait by yielding */
	size_t max_rt;         /* round trips at most; the client's scratch holds as many */
	uint64_t budget_ns;    /* the client stops after this long (0: after max_rt) ... */
	size_t min_rt;         /* ... once it has this many: a host stall in the first few round
				* trips must not become the median */
	uint64_t timeout_ns;   /* either side gives up waiting for the other after this */
	double *scratch;       /* client only */
};

/* Side 0 (client): returns the median round trip in ns, or a negative errno (-ETIMEDOUT:
 * the server did not answer). Side 1 (server): answers until the client says stop;
 * returns 0 or -ETIMEDOUT. */
double floor_probe(const struct probe_args *p, int side);

#endif
