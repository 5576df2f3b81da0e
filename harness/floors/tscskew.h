/* How far apart the TSCs of two CPUs may be. The stage breakdown of `ipcbench lrpc` takes
 * stamps on both CPUs and subtracts them, which is only meaningful if their TSCs agree. A
 * ping-pong carries TSC values both ways: a message sent at TSC s on one CPU and seen at r
 * on the other gives r - s = transit + offset, so the smallest such difference in each
 * direction bounds the offset (server TSC minus client TSC) from both sides. */
#ifndef IPCBENCH_TSCSKEW_H
#define IPCBENCH_TSCSKEW_H
#include "sys/clock.h"

struct tsc_skew {
	int ok;
	double lo_ns, hi_ns; /* the offset lies in [lo_ns, hi_ns] */
};

/* 0, -EINTR, or -errno; out->ok says whether the probe ran. Needs the TSC clock. */
int tscskew_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		    struct tsc_skew *out);

#endif
