/* The path floor streamed between a bandwidth cell's windows. On the development VM the
 * same 1 MiB path streamed 6.9 GB/s just before a cell and 22.6 just after it, the cell in
 * between as slow as the first: a floor from either end says more about the host's minute
 * than about the transport. So where the floor is a stream the probe can run itself (across
 * CPUs, a window in flight, touch = read, the payload in shared memory: in place, or two
 * memcpy), the cell's own children stream it again between windows: the timed phase falls
 * into BETWEEN_SEGMENTS parts with a stream before each and one after the last, the window
 * after a stream is not recorded (the stream's ring has moved the cell's lines out), and
 * each part is read against the streams at its two ends. */
#ifndef IPCBENCH_BETWEEN_H
#define IPCBENCH_BETWEEN_H
#include <stdint.h>
#include "bench/transport.h"
#include "cell/settings.h"
#include "floors/slopes.h"

#define BETWEEN_SEGMENTS 8

/* The stream that is this cell's path floor: 0 in place, 1 two memcpy; -1: none (the floor
 * is made of passes probed apart, run/bwfloor.h). */
int between_path(const struct transport *t, const struct cell_settings *s, unsigned window);

/* The paired reading of n recorded samples (ticks, in order; ns_per_tick per message)
 * against the streams in sl (between_at: samples recorded before each): part j is the
 * samples from stream j to stream j + 1 (the last: to the end), its floor the mean of the
 * streams at its ends (the last: the one before it), its ratio that floor over its mean
 * time per message. Returns the median ratio of the parts with samples, *floor_ns the
 * median stream and *parts how many were read; 0 when fewer than two parts were. */
double between_ratio(const uint64_t *ticks, uint64_t n, double ns_per_tick,
		     const struct slopes *sl, double *floor_ns, unsigned *parts);

#endif
