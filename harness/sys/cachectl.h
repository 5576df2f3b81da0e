/* Cache state between messages, always outside the timed region: flushing lines out of
 * every cache (cache=cold), walking a working set (footprint, like lmbench's lat_ctx -s),
 * and what a receiver does with a payload besides verifying it (touch). */
#ifndef IPCBENCH_CACHECTL_H
#define IPCBENCH_CACHECTL_H
#include <stddef.h>
#include <stdint.h>

enum touch_mode { TOUCH_NONE = 0, TOUCH_READ, TOUCH_WRITE };

/* The flush instruction this CPU has: "clflushopt", "clflush", or "none" (not x86). */
const char *cache_flush_method(void);
/* Writes back and invalidates every line of [p, p+len) in all caches of the coherence
 * domain, then fences, so that the next access to any of them misses. */
void cache_flush(const void *p, size_t len, int use_clflushopt);
/* 1 when CPUID reports CLFLUSHOPT. */
int cache_has_clflushopt(void);
/* Reads one word of every cache line of [p, p+len); returns their sum. */
uint64_t cache_walk(const void *p, size_t len);
/* TOUCH_READ: reads every 8-byte word; TOUCH_WRITE: writes every one. Returns a sum so
 * that the reads happen. */
uint64_t cache_touch(void *p, size_t len, int mode);

#endif
