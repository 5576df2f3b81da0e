/* Bandwidth read against the floor of its own path (results.csv path_floor_bytes_per_s,
 * floor_ratio, floor_path). The floor of one message of S bytes comes from what each side
 * does to its payload, as the transport's model says, each pass measured on the cell's
 * CPUs at S bytes (floors/slopes.h):
 *   0 copies: the sender writing the message in place, which takes back the lines the
 *             receiver read the time before, and the receiver reading them from the other
 *             CPU (touch=read or write); when the receiver touches nothing, the sender
 *             writing lines it holds; on one CPU a write and a read;
 *   1 copy or more: the receiver makes the last copy of the transport's kind
 *             (bwfloor_copy_kind), plus the move of the lines from the other CPU and its
 *             read (touch=read) or write (touch=write) of its copy; the sender any copies
 *             before it.
 * In place across CPUs with a window and touch=read, the probe streams a ring of that
 * many buffers itself, writer and reader at once, and its time per message is the floor.
 * Otherwise: on one CPU, or with one message in flight (window 1), the two sides take
 * turns: the floor is their sum. Across CPUs with a window of messages in flight they work on
 * different messages at once, so the floor is the slower side (on the development AMD
 * EPYC VM shm-inplace and shm-spin streamed 1.2-1.8 times faster than the sum).
 * The passes are probed just before and after every bandwidth cell by its own two
 * processes (cell_result.cell_path), and the faster probe is the floor; a cell without
 * that probe uses the run's probe after the last cell. A streamed path is streamed
 * between the cell's windows too (cell/between.h): its floor and ratio come from there.
 * docs/copies.md has the figures. */
#ifndef IPCBENCH_BWFLOOR_H
#define IPCBENCH_BWFLOOR_H
#include "out/row.h"
#include "run/endfloors.h"

/* How the transport's payload is copied: memcpy through a shared mapping; the receiver
 * copying its peer's pinned pages (send in place: cma, vmsplice), as process_vm_readv
 * does; else the kernel's copy_from_user into its buffers and copy_to_user out of them. */
enum copy_kind bwfloor_copy_kind(const struct transport *t);
/* The path's time for one message at the slopes' size index k with window messages in
 * flight, and what it is made of (for floor_path). 0, or -1 when the transport carries no
 * payload. */
int bwfloor_path_ns(const struct transport *t, const struct cell_settings *s,
		    const struct slopes *sl, size_t k, unsigned window, double *ns, char *text,
		    size_t n);
/* Asks f for the slopes every bandwidth row needs. */
int bwfloor_ask(const struct row *rows, size_t n, struct end_floors *f);
/* Fills the floor of every ok bandwidth row whose pair and size were measured. */
void bwfloor_apply(struct row *rows, size_t n, const struct end_floors *f);

#endif
