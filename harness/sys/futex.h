/* Process-shared futex wait/wake on a 32-bit word in a shared mapping, and a one-shot
 * barrier built on them. No FUTEX_PRIVATE_FLAG: the word is shared across processes. */
#ifndef IPCBENCH_FUTEX_H
#define IPCBENCH_FUTEX_H
#include <stdatomic.h>
#include <stdint.h>

/* Sleeps while *word == val, at most timeout_ns (0: no limit). Returns 0 when woken or the
 * value differed, -ETIMEDOUT, or another negative errno. */
int futex_wait(_Atomic uint32_t *word, uint32_t val, uint64_t timeout_ns);
/* Wakes up to n waiters; returns how many were woken or a negative errno. */
int futex_wake(_Atomic uint32_t *word, int n);
/* Waits until `parties` processes have arrived at the zero-initialised word. Returns 0 or
 * -ETIMEDOUT when the others did not all arrive within timeout_ns (0: no limit). */
int futex_barrier(_Atomic uint32_t *word, uint32_t parties, uint64_t timeout_ns);

#endif
