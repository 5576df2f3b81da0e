/* Buffers that messages are copied through, at a chosen offset into their first page.
 * Where a copy's destination lies relative to its source, modulo the 4 KiB page, can
 * change its speed twentyfold: on AMD Zen a memcpy or rep movsb whose destination is 8
 * to 31 bytes past its source (mod 4096) ran at 1.7-2.8 GB/s against 40-45 GB/s at
 * every other distance (64 KiB, one CPU; docs/methodology.md, "Where buffers lie"),
 * because each load waits on a store it only seems to alias. malloc decides that
 * distance by chance, so every buffer the harness copies from or into comes from here. */
#ifndef IPCBENCH_PAGEBUF_H
#define IPCBENCH_PAGEBUF_H
#include <stddef.h>

#define PAGEBUF_PAGE 4096u

/* len zeroed bytes (its pages faulted in) starting `offset` bytes (< PAGEBUF_PAGE) past
 * a page boundary; NULL when out of memory. */
void *pagebuf_alloc(size_t len, size_t offset);
/* Frees what pagebuf_alloc returned (NULL is allowed). */
void pagebuf_free(void *p);

#endif
