/* Shared memory that both children of a cell see: a mapping of an unnamed memfd made in
 * the parent before fork. It has no name, so nothing can outlive the run, and its pages
 * are reserved when it is made (posix_fallocate), so that a lack of memory is an error
 * here (ENOSPC, ENOMEM) and never a SIGBUS or an OOM kill at a first touch in a cell.
 * This is the one place where buffer placement (NUMA) belongs. */
#ifndef IPCBENCH_SHMEM_H
#define IPCBENCH_SHMEM_H
#include <stddef.h>

/* Returns a zeroed, page-aligned mapping of at least len bytes, or NULL with errno set. */
void *shmem_alloc(size_t len);
void shmem_free(void *p, size_t len);
/* The same, placed on the cell's NUMA policy (sys/memplace.h) before any page exists;
 * m may be NULL. The transports' shared buffers come from here. */
struct mem_place;
void *shmem_alloc_placed(struct mem_place *m, size_t len);

#endif
