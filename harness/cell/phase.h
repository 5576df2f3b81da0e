/* The counted phase of one side: after the timed phase, the same traffic again with the
 * event counters and getrusage (RUSAGE_SELF) around it. Nothing of this exists while
 * samples are taken: the counters are opened when the counted phase begins and closed
 * after it, because an enabled (or merely open) per-task perf event makes every context
 * switch dearer and so would change the figure it explains.
 *
 * The cell's stage word (shared by both sides, written by the client) says which phase
 * the pair is in; phase_begin records what it says, so that a counted phase begun while
 * samples were still being taken is caught (side_result.phase_violation), never reported. */
#ifndef IPCBENCH_PHASE_H
#define IPCBENCH_PHASE_H
#include <sys/resource.h>
#include "cell/counters.h"
#include "cell/measure.h"

struct phase {
	int started, ended;
	const struct measure_args *a;
	struct rusage ru0;
	uint64_t t0_ns;
	struct ctr_group g;
};

void phase_open(struct phase *p, const struct measure_args *a);
/* The client's timed phase is over: tells the peer that counting may begin (a party cell:
 * once every client has said so). */
void phase_timed_over(const struct measure_args *a);
/* 1 once the client (every client) has said so: the cue to begin counting. Inline: a
 * server asks before every reply, between a request's arrival and its answer. */
static inline int phase_counting_allowed(const struct measure_args *a)
{
	uint32_t all = a->parties > 1 ? a->parties : 1;

	return a->stage && atomic_load_explicit(a->stage, memory_order_acquire) >= all;
}
/* Idempotent: only the first call opens and starts the counters. */
void phase_begin(struct phase *p, struct side_result *res);
/* Ends the phase (once) and records it in res with msgs round trips or messages. */
void phase_end(struct phase *p, struct side_result *res, uint64_t msgs);
void phase_close(struct phase *p);
/* Round trips (latency) or windows (bandwidth) of the counted phase after `timed` of
 * them: counted_pct of that, at least 1; 0 when counting is off. */
uint64_t phase_counted_target(const struct measure_args *a, uint64_t timed);

#endif
