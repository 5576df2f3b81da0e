/* capacity.csv: what each transport of a run really buffers on this machine, measured by
 * the capacity probe (cell/capacity.h) at CAPACITY_SIZES payload bytes (small messages
 * find a count limit, larger ones a byte limit), beside what the system's limits say
 * (the transport's buffer_limit, as `ipcbench list` prints it). */
#ifndef IPCBENCH_CAPACITY_H
#define IPCBENCH_CAPACITY_H
#include "text/csv.h"
#include "out/row.h"

#define CAPACITY_NSIZES 2
extern const uint64_t capacity_sizes[CAPACITY_NSIZES];

/* The system's figure (buffer_limit) or the transport's own words (buffering). */
void capacity_limit_text(const struct transport *t, char *out, size_t n);
/* Probes t at every size: its lines of capacity.csv into csv, its row of the table into
 * table (either may be NULL). 0, -EINTR or a negative errno. */
int capacity_probe_transport(const struct transport *t, struct sbuf *csv, struct sbuf *table);
void capacity_csv_header(struct sbuf *b);
void capacity_table_header(struct sbuf *table);
/* Probes every transport that has a row, writes DIR/capacity.csv and, when table is not
 * NULL, appends a short table to it. 0, -EINTR or a negative errno. */
int capacity_run(const struct row *rows, size_t n, const char *dir, struct sbuf *table);

#endif
