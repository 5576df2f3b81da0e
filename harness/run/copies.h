/* copies.csv: how many times each transport copies a payload, measured. For every
 * latency-mode (sweep, transport, CPU pair, placement) with three or more sizes that
 * passed, the one-way time (the median over repetitions of p50, halved) is fitted as
 * a + b * size, and b is read against per-byte slopes measured in the same run on the same CPUs (floors/slopes.h):
 * copies_measured = (b - transfer) / unit, where unit is the kernel-copy slope for a
 * transport that copies pinned pages of its peer (TR_SEND_INPLACE: cma, vmsplice) and the
 * memcpy slope for all others (user-space copies and copy_{to,from}_user). */
#ifndef IPCBENCH_COPIES_H
#define IPCBENCH_COPIES_H
#include "text/csv.h"
#include "run/meta.h"
#include "out/tables.h"

/* Measures the slopes for every CPU pair involved, writes DIR/copies.csv, adds the slopes
 * to m and, when table is not NULL, appends a short table to it. 0 (also when no transport had
 * enough sizes: no file then), -EINTR when interrupted, or a negative errno. */
int copies_run(const struct clock_src *clk, const struct row *rows, size_t n, const char *dir,
	       struct meta *m, struct sbuf *table);

#endif
