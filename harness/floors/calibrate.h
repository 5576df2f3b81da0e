/* Per-run floors: the physical limits every figure is judged against, measured on the
 * run's own CPUs. Run by `ipcbench calibrate` and at the start of every `ipcbench run`. */
#ifndef IPCBENCH_CALIBRATE_H
#define IPCBENCH_CALIBRATE_H
#include <stdio.h>
#include "sys/clock.h"

#define FLOOR_MEMCPY_SIZES 3
#define FLOOR_LINES 16 /* lines of one page the spread is probed on, 256 bytes apart */
extern const size_t floor_memcpy_bytes[FLOOR_MEMCPY_SIZES];

struct floors {
	int client_cpu, server_cpu;
	int ok;                    /* 0: the probe children failed; note says why */
	char note[160];
	double timer_ns;           /* one start+stop clock pair */
	double step_ns;            /* the clock's step (sys/clock.h) */
	double cacheline_rt_ns;    /* p50 of one timed round trip of one cache line between the CPUs */
	double twoline_rt_ns;      /* the same with a request line and a separate reply line */
	double lines_rt_ns[3];     /* the one-line round trip on each of FLOOR_LINES lines of one page:
				    * min, median and max of their medians (the line's home slice) */
	double memcpy_gbps[FLOOR_MEMCPY_SIZES]; /* single-thread memcpy, bytes copied per ns */
	double syscall_ns;         /* getppid through syscall(2) */
};

int calibrate_run(const struct clock_src *clk, int client_cpu, int server_cpu, struct floors *f);
void calibrate_print(const struct floors *f, FILE *out);

#endif
