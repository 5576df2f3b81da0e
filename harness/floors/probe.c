#include <errno.h>
#include <sched.h>
#include "sys/cpu_relax.h"
#include "floors/probe.h"
#include "stats/stats.h"

#define SPINS_PER_CLOCK_CHECK 4096u

/* A probe's words: far from anything a transport or the harness's sequence tokens leave
 * in a line, and different for the probe before and after a cell on the same line. */
static uint64_t probe_word(const struct probe_args *p, uint64_t v)
{
	return 0xb7e1000000000000ull + ((uint64_t)p->generation << 40) + v;
}

static uint64_t probe_stop(const struct probe_args *p)
{
	return probe_word(p, 0xffffffffffull);
}

static void relax(const struct probe_args *p)
{
	if (p->yield)
		sched_yield();
	else
		cpu_relax();
}

/* Waits until the line holds want (0) or the stop word (1); or -ETIMEDOUT. */
static int await(const struct probe_args *p, _Atomic uint64_t *line, uint64_t want)
{
	uint64_t deadline = clock_mono_ns() + p->timeout_ns, v, stop = probe_stop(p);

	for (unsigned spins = 1;; spins++) {
		v = atomic_load_explicit(line, memory_order_acquire);
		if (v == want || v == stop)
			return v == stop;
		relax(p);
		if (spins % SPINS_PER_CLOCK_CHECK == 0 && clock_mono_ns() > deadline)
			return -ETIMEDOUT;
	}
}

static double probe_rounds(const struct probe_args *p)
{
	uint64_t end = p->budget_ns ? clock_mono_ns() + p->budget_ns : 0;
	size_t n = 0;

	while (n < p->max_rt) {
		uint64_t v = probe_word(p, 2 * n), t0 = clock_start(p->clk);

		atomic_store_explicit(p->out, v + 1, memory_order_release);
		if (await(p, p->in, v + 2) != 0)
			return -ETIMEDOUT;
		p->scratch[n++] = clock_to_ns(p->clk, clock_stop(p->clk) - t0);
		if (end && n >= p->min_rt && clock_mono_ns() >= end)
			break;
	}
	return stats_median(p->scratch, n);
}

/* On lines that are not the probe's own (restore: a transport's), the server says it has
 * seen the stop word (restore = 1); only then does the client put back what the lines
 * held, and only after that (restore = 2) does the server go on. */
static double probe_client(const struct probe_args *p)
{
	uint64_t out = atomic_load(p->out), in = atomic_load(p->in);
	double v = probe_rounds(p);

	atomic_store_explicit(p->out, probe_stop(p), memory_order_release);
	if (p->restore) {
		if (await(p, p->restore, 1) < 0)
			return -ETIMEDOUT;
		atomic_store(p->in, in);
		atomic_store(p->out, out);
		atomic_store_explicit(p->restore, 2, memory_order_release);
	}
	return v;
}

static int probe_server(const struct probe_args *p)
{
	int r = 0;

	for (uint64_t i = 0; r == 0; i++) {
		uint64_t v = probe_word(p, 2 * i);

		r = await(p, p->out, v + 1);
		if (r == 0)
			atomic_store_explicit(p->in, v + 2, memory_order_release);
	}
	if (r < 0 || !p->restore)
		return r < 0 ? r : 0;
	atomic_store_explicit(p->restore, 1, memory_order_release);
	return await(p, p->restore, 2) < 0 ? -ETIMEDOUT : 0;
}

double floor_probe(const struct probe_args *p, int side)
{
	return side == 0 ? probe_client(p) : probe_server(p);
}
