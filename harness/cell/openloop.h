/* Open-loop latency (loop = open with a rate): the client sends on a schedule fixed in
 * advance without waiting for replies, the way sockperf's under-load mode does. Its main
 * thread paces and sends; a second thread, on the same CPU, blocks in recv and takes the
 * replies in order, verifies each and times it from its message's due time, so a reply
 * that is late never delays the sends after it and a stall shows in every message it held
 * up. Several requests are in flight: at most measure_args.open_window, from the
 * transport's open_window (bench/transport.h); when that many wait, the sender waits too
 * and the message goes late (its latency still counts from the due time).
 *
 * The stages are those of the closed loop (warm-up, timed, counted: cell/phase.h); between
 * two stages the sender waits until every reply is in, so no counted message overlaps a
 * timed one. The counters of the counted phase count the sending thread (a per-task event
 * follows the thread that opened it); getrusage counts both. Nothing here allocates while
 * it measures: the ring of due times comes from the child's preparation (cell/child.c). */
#ifndef IPCBENCH_OPENLOOP_H
#define IPCBENCH_OPENLOOP_H
#include <stdint.h>

/* What the receiving thread must know of request seq: ring[seq % open_window]. */
struct ol_slot {
	uint64_t due;   /* ticks: when it was due */
	uint16_t flags; /* its flags, which the reply echoes */
	uint8_t stage;  /* enum ol_stage */
};

#endif
