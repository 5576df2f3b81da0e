/* Bandwidth read against the floor of its own path (results.csv path_floor_bytes_per_s,
 * floor_ratio, floor_path). The floor of one message of S bytes is the time of the passes
 * over its payload that the transport's model says it makes, in series, each measured on
 * the cell's CPUs at S bytes when the run's cells are done (floors/slopes.h):
 *   0 copies: the sender writing the message in place, which takes back the lines the
 *             receiver read the time before, and the receiver reading them from the other
 *             CPU (touch=read or write); when the receiver touches nothing, the sender
 *             writing lines it holds; on one CPU a write and a read;
 *   1 copy or more: that many copies of the transport's kind (bwfloor_copy_kind), the
 *             move of the lines from one CPU to the other, and the receiver's read
 *             (touch=read) or write (touch=write) of its own copy.
 * Per run, not per cell: the same slope probe the copy study reads, at every bandwidth
 * size, on every pair; docs/copies.md says why. */
#ifndef IPCBENCH_BWFLOOR_H
#define IPCBENCH_BWFLOOR_H
#include "out/row.h"
#include "run/endfloors.h"

/* How the transport's payload is copied: memcpy through a shared mapping; the receiver
 * copying its peer's pinned pages (send in place: cma, vmsplice), as process_vm_readv
 * does; else the kernel's copy_from_user into its buffers and copy_to_user out of them. */
enum copy_kind bwfloor_copy_kind(const struct transport *t);
/* The path's time for one message at the slopes' size index k, and what it adds up (for
 * floor_path). 0, or -1 when the transport carries no payload. */
int bwfloor_path_ns(const struct transport *t, const struct cell_settings *s,
		    const struct slopes *sl, size_t k, double *ns, char *text, size_t n);
/* Asks f for the slopes every bandwidth row needs. */
int bwfloor_ask(const struct row *rows, size_t n, struct end_floors *f);
/* Fills the floor of every ok bandwidth row whose pair and size were measured. */
void bwfloor_apply(struct row *rows, size_t n, const struct end_floors *f);

#endif
