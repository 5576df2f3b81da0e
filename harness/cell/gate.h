/* The gate between two timed round trips (or windows): the server opens it when it has
 * finished its untimed work for message k (verification, touch, footprint, flush), and
 * the client waits for it before it starts the clock for message k+1, so that no untimed
 * work of either side overlaps a timed region. A 32-bit counter in the cell's shared
 * mapping: spin briefly, then sleep on it as a futex. */
#ifndef IPCBENCH_GATE_H
#define IPCBENCH_GATE_H
#include <stdatomic.h>
#include <stdint.h>

void gate_open(_Atomic uint32_t *gate, uint32_t k);
/* Returns when the gate has reached k; spins first unless both sides share a CPU. */
void gate_wait(_Atomic uint32_t *gate, uint32_t k, int same_cpu);

#endif
