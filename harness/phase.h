/* The measured phase of one side: CPU time and context switches from getrusage
 * (RUSAGE_SELF) and the event counters, taken when the phase begins and when it ends, so
 * that warm-up and start-up are not in them. */
#ifndef IPCBENCH_PHASE_H
#define IPCBENCH_PHASE_H
#include <sys/resource.h>
#include "counters.h"
#include "measure.h"

struct phase {
	int started, ended;
	struct rusage ru0;
	struct ctr_group g;
};

/* Opens the counters (before any traffic); failures are kept in res->ctr. */
void phase_open(struct phase *p, const struct measure_args *a, struct side_result *res);
/* Idempotent: only the first call after phase_open starts the phase. */
void phase_begin(struct phase *p);
/* Ends the phase (once) and records it in res with msgs round trips or messages. */
void phase_end(struct phase *p, struct side_result *res, uint64_t msgs);
void phase_close(struct phase *p);

#endif
