/* The wake-up floor: a futex round trip between two pinned processes that never spin (the
 * client stores a request word and FUTEX_WAKEs the server, then sleeps in FUTEX_WAIT on
 * the reply word; the server does the mirror image), so each round trip is two wake-ups
 * of a sleeping process. The least a blocking transport's context switch can cost on
 * these CPUs: copies.csv reads the switch term of its fits against it. Measured at the
 * end of a run, beside the copy slopes (run/endfloors.h), on one CPU and across the two.
 * The context switches per round trip (voluntary, and involuntary: on one CPU the woken
 * side often preempts its waker, which then finds its answer without sleeping) come from
 * a counted pass (getrusage) after the timed one, never from inside it. */
#ifndef IPCBENCH_WAKEUP_H
#define IPCBENCH_WAKEUP_H
#include "sys/clock.h"

struct wakeup_floor {
	int client_cpu, server_cpu;
	int ok;                 /* 0: the probe failed; note says why */
	char note[160];
	double rt_ns;           /* median timed round trip */
	double switches_per_rt; /* context switches per round trip, both sides */
	double voluntary_per_rt; /* of which voluntary (the rest: a wake-up preempting its waker) */
	double per_switch_ns;   /* rt_ns / voluntary_per_rt (0 when none was counted): per wait
				 * that a wake-up ended, as copies.csv counts a transport's */
};

/* 0 (out->ok says whether the figures are there), -EINTR when interrupted, or a negative
 * errno. client_cpu == server_cpu measures the same-CPU hand-over. */
int wakeup_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		   struct wakeup_floor *out);

#endif
