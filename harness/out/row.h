/* One planned cell of a run and, once it has run (or been read back), its outcome: what
 * the writers (out/schema.h) turn into a results.csv row. */
#ifndef IPCBENCH_ROW_H
#define IPCBENCH_ROW_H
#include "cell/cell.h"
#include "config/config.h"

struct row {
	const struct sweep *sw;
	const struct transport *t;
	uint64_t size;
	unsigned rep;
	struct cell_settings set; /* the sweep's, with this row's CPU pair */
	char placement[24];       /* class of the pair (sys/topology.h), or "unclassified" */
	int oversubscribed;       /* fan-in: the plan puts more processes than CPUs */
	int done; /* the cell ran (or was judged) and res holds its outcome */
	char *carried; /* resume: its results.csv line as read (no line end), written back as is */
	int carried_line; /* and the number of that line */
	struct cell_result res;
};

/* The counted events of all rows' sweeps, in order of first appearance: one pair of
 * results.csv columns each. */
#define ROW_EVENTS_MAX 64
struct row_events {
	size_t n;
	char name[ROW_EVENTS_MAX][CTR_NAME_LEN];
};

/* Splits an `events` setting into names; returns how many (at most max). */
size_t row_event_names(const char *events, char (*names)[CTR_NAME_LEN], size_t max);
void row_event_union(const struct row *rows, size_t n, struct row_events *u);
/* Index of name among the row's counted events, or -1. */
int row_event_index(const struct row *r, const char *name);

#endif
