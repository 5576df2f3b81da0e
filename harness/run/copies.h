/* copies.csv: how many times each transport copies a payload, measured, with what else
 * its one-way time is made of. For every latency-mode (sweep, transport, CPU pair,
 * placement) with three or more sizes that passed, the one-way times of every repetition
 * (p50 halved) are decomposed (run/decomp.h) into a + b * bytes + c * switches (+ sends,
 * + page faults, where they vary), and b is read against per-byte slopes measured on the
 * same CPUs once the cells are done (run/endfloors.h):
 *     copies = (b - transfer) / unit,
 * unit the kernel-copy slope for a transport that copies pinned pages of its peer
 * (TR_SEND_INPLACE: cma, vmsplice) and the memcpy slope for all others. c is read against
 * the futex wake-up floor per context switch on the same CPUs. One line per group over all
 * sizes (regime "all"), then one per regime of sizes over which the switches, sends and
 * faults per message stay constant or grow (docs/copies.md). */
#ifndef IPCBENCH_COPIES_H
#define IPCBENCH_COPIES_H
#include "text/csv.h"
#include "out/row.h"
#include "run/endfloors.h"

/* Asks f for what the study needs: the slopes at each group's sizes and the wake-up floor
 * of each group's CPU pair. */
int copies_ask(const struct row *rows, size_t n, struct end_floors *f);
/* Writes DIR/copies.csv from the rows and the floors measured (no file when no group has
 * enough sizes) and, when table is not NULL, appends a short table to it. 0 or a
 * negative errno. */
int copies_run(const struct row *rows, size_t n, const struct end_floors *f, const char *dir,
	       struct sbuf *table);

#endif
