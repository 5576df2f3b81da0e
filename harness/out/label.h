/* How a row's offered load and parties read in tables and headings: "fan-in 4 @1k/s",
 * "fan-out 2", "@10k/s", "@10k/s open", "idle 50us", and "" for the closed loop of a pair. */
#ifndef IPCBENCH_LABEL_H
#define IPCBENCH_LABEL_H
#include <stddef.h>
#include <stdint.h>
#include "out/row.h"

#define LOAD_LABEL_LEN 48

/* open: the rate is an open loop ("@10k/s open"). */
void load_label(char *out, size_t n, uint64_t rate_per_s, uint64_t idle_ns, int open,
		unsigned clients, unsigned subscribers);
/* The row's transport and its load label: "pipe fan-in 4 @1k/s". */
void row_label(const struct row *r, char *out, size_t n);

#endif
