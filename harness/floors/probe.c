#include <errno.h>
#include <sched.h>
#include "sys/cpu_relax.h"
#include "floors/probe.h"
#include "stats/stats.h"

#define PROBE_STOP UINT64_MAX
#define SPINS_PER_CLOCK_CHECK 4096u

/* Waits until the line holds want (or the stop word); 0, or -ETIMEDOUT. */
static int await(const struct probe_args *p, _Atomic uint64_t *line, uint64_t want)
{
	uint64_t deadline = clock_mono_ns() + p->timeout_ns, v;

	for (unsigned spins = 1;; spins++) {
		v = atomic_load_explicit(line, memory_order_acquire);
		if (v == want || v == PROBE_STOP)
			return 0;
		if (p->yield)
			sched_yield();
		else
			cpu_relax();
		if (spins % SPINS_PER_CLOCK_CHECK == 0 && clock_mono_ns() > deadline)
			return -ETIMEDOUT;
	}
}

static double probe_client(const struct probe_args *p)
{
	uint64_t end = p->budget_ns ? clock_mono_ns() + p->budget_ns : 0;
	size_t n = 0;

	while (n < p->max_rt) {
		uint64_t v = 2 * n, t0 = clock_start(p->clk);

		atomic_store_explicit(p->out, v + 1, memory_order_release);
		if (await(p, p->in, v + 2) < 0) {
			atomic_store_explicit(p->out, PROBE_STOP, memory_order_release);
			return -ETIMEDOUT;
		}
		p->scratch[n++] = clock_to_ns(p->clk, clock_stop(p->clk) - t0);
		if (end && n >= p->min_rt && clock_mono_ns() >= end)
			break;
	}
	atomic_store_explicit(p->out, PROBE_STOP, memory_order_release);
	return stats_median(p->scratch, n);
}

static int probe_server(const struct probe_args *p)
{
	for (uint64_t i = 0;; i++) {
		uint64_t v = 2 * i;

		if (await(p, p->out, v + 1) < 0)
			return -ETIMEDOUT;
		if (atomic_load_explicit(p->out, memory_order_acquire) == PROBE_STOP)
			return 0;
		atomic_store_explicit(p->in, v + 2, memory_order_release);
	}
}

double floor_probe(const struct probe_args *p, int side)
{
	return side == 0 ? probe_client(p) : probe_server(p);
}
