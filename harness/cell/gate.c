#include "sys/cpu_relax.h"
#include "sys/futex.h"
#include "cell/gate.h"

#define SPIN 4096

static int reached(uint32_t v, uint32_t k)
{
	return (int32_t)(v - k) >= 0; /* wraps safely */
}

void gate_open(_Atomic uint32_t *gate, uint32_t k)
{
	atomic_store_explicit(gate, k, memory_order_release);
	futex_wake(gate, 1); /* always: outside the timed region, and never lost */
}

void gate_wait(_Atomic uint32_t *gate, uint32_t k, int same_cpu)
{
	uint32_t v;

	for (int i = 0; !same_cpu && i < SPIN; i++) {
		if (reached(atomic_load_explicit(gate, memory_order_acquire), k))
			return;
		cpu_relax();
	}
	while (!reached(v = atomic_load_explicit(gate, memory_order_acquire), k))
		futex_wait(gate, v, 0);
}
