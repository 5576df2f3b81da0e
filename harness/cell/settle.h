/* The untimed work of one side between two timed regions (round trips or windows), in
 * this order: touch what it received, walk its footprint, flush its buffers (cache=cold;
 * the server also flushes the transport's shared region), then meet at the gate. Does
 * nothing for the default warm cache, touch=none and no footprint. */
#ifndef IPCBENCH_SETTLE_H
#define IPCBENCH_SETTLE_H
#include "cell/measure.h"

/* got: the n messages received since the last settle (their payloads are touched). */
void settle(const struct measure_args *a, unsigned char *const *got, size_t n);
/* Whether any of the above is asked for (latency mode is then gated). */
int settle_needed(int cache_cold, int touch, size_t footprint);

#endif
