/* What bandwidth mode and the characterisation settings add to a cell (cell/cell.c): the
 * effective window, the children's extra buffers and settings for the measuring loops,
 * and the measured phase's figures (CPU time, context switches, counters) in the result. */
#ifndef IPCBENCH_CELLX_H
#define IPCBENCH_CELLX_H
#include <stdatomic.h>
#include "cell/cell.h"
#include "cell/measure.h"

#define CELLX_WINDOW_BYTES (16u << 20) /* payload per window in bandwidth mode */

/* 1 in latency mode; else the configured window, capped by the transport's window_limit
 * and so that a window carries at most CELLX_WINDOW_BYTES of payload (msg_bytes each).
 * Says why in note when capped. */
unsigned cellx_window(const struct cell_spec *sp, size_t msg_bytes, char *note, size_t n);
/* Whether the client must wait for the server between timed regions (cell/gate.h). */
int cellx_gated(const struct cell_settings *s);
/* In the child, once the latency-mode arguments are set: mode and window, the send
 * buffers of a window for a TR_SEND_INPLACE client, the between-message settings and
 * the footprint. 0, or -ENOMEM. */
int cellx_child_args(const struct cell_spec *sp, unsigned window, _Atomic uint32_t *gate,
		     const struct ctr_set *ev, struct measure_args *a);
/* The measured phase of both sides into out, and what was NA into its note. */
void cellx_summarize(const struct cell_spec *sp, const struct side_result res[2],
		     const struct ctr_set *ev, struct cell_result *out);

#endif
