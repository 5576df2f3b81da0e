/* The characterisation columns of results.csv and summary.csv (report.c appends them at
 * the end of each line): cache, touch, footprint_bytes, window, bandwidth_bytes_per_s,
 * CPU time and context switches per message of each side, and one pair of columns per
 * counted event (<event>_per_msg_client, <event>_per_msg_server), over the union of the
 * events of all sweeps. */
#ifndef IPCBENCH_REPORT_CHAR_H
#define IPCBENCH_REPORT_CHAR_H
#include "counters.h"
#include "report.h"

#define RC_EVENTS_MAX 64

struct rc_events {
	size_t n;
	char name[RC_EVENTS_MAX][CTR_NAME_LEN];
};

/* Splits an `events` setting into names; returns how many (at most max). */
size_t rc_event_names(const char *events, char (*names)[CTR_NAME_LEN], size_t max);
/* The events of every sweep the rows belong to, in order of first appearance. */
void rc_event_union(const struct row *rows, size_t n, struct rc_events *u);

void rc_results_header(struct sbuf *b, const struct rc_events *u);
void rc_results_fields(struct sbuf *b, const struct row *r, const struct rc_events *u);
void rc_summary_header(struct sbuf *b, const struct rc_events *u);
/* The medians over the repetitions of rows[first]'s key (same(a, b) says which). */
void rc_summary_fields(struct sbuf *b, const struct row *rows, size_t n, size_t first,
		       int (*same)(const struct row *, const struct row *),
		       const struct rc_events *u);

#endif
