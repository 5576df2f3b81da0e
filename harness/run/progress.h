/* What a run says while it measures: before starting, the planned cells and an estimate
 * of the time; then progress with the time left, on a terminal as one line redrawn in
 * place, otherwise as a plain line every few seconds (a log or CI reads it). */
#ifndef IPCBENCH_PROGRESS_H
#define IPCBENCH_PROGRESS_H
#include <stdint.h>
#include <stdio.h>
#include "out/row.h"

struct progress {
	FILE *f;
	int tty, quiet;
	size_t total, todo;       /* cells planned; of those, still to run */
	double planned_s;         /* estimate for the cells still to run at the start */
	double done_planned_s;    /* estimate of the cells run so far */
	uint64_t t0_ns, last_ns;  /* start; last line printed */
};

/* The estimate of one cell: warm-up, timed and counted phases, floor probes, start-up. */
double progress_cell_seconds(const struct row *r);
void progress_start(struct progress *p, const struct row *rows, size_t n, int quiet);
/* Before cell i runs. */
void progress_cell(struct progress *p, const struct row *rows, size_t i);
void progress_end(struct progress *p);
/* The plan of a run (--dry-run): each sweep's cells and estimated time. */
void progress_describe(FILE *f, const struct row *rows, size_t n);

#endif
