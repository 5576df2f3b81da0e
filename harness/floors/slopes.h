/* Per-byte costs measured on a pair of CPUs, to read the slope of a transport's time
 * against size as a number of copies (run/copies.c): a user-space memcpy and a kernel copy
 * (process_vm_readv of the process's own memory) on the client CPU, and the cost of
 * moving a buffer's cache lines from the server CPU to the client CPU (the server writes
 * the buffer, the client reads it), less the client reading a buffer it wrote itself.
 * Each is a least-squares slope over the given sizes, like the transports' fits. */
#ifndef IPCBENCH_SLOPES_H
#define IPCBENCH_SLOPES_H
#include <stddef.h>
#include <stdint.h>
#include "sys/clock.h"
#include "stats/fit.h"

#define SLOPES_MAX_SIZES 32
#define SLOPES_MAX_BYTES (64u << 20)

struct slopes {
	int client_cpu, server_cpu;
	int ok;            /* 0: the probe failed; note says why */
	char note[160];
	size_t n;
	uint64_t size[SLOPES_MAX_SIZES];
	double memcpy_ns[SLOPES_MAX_SIZES], kcopy_ns[SLOPES_MAX_SIZES]; /* per operation, median */
	double xread_ns[SLOPES_MAX_SIZES], read_ns[SLOPES_MAX_SIZES];
	struct fit memcpy, kcopy, xread, read;
	double transfer_ns_per_byte; /* xread.b - read.b */
};

/* Measures at the given sizes (at most SLOPES_MAX_SIZES, each at most SLOPES_MAX_BYTES,
 * at least two distinct); 0, -EINVAL for bad sizes, -EINTR when interrupted, or another
 * negative errno. out->ok says whether the figures are there. */
int slopes_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		   const uint64_t *sizes, size_t n, struct slopes *out);

#endif
