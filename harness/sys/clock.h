/* The measuring clock: the TSC (rdtsc to start, rdtscp to stop) when the CPU says it is
 * invariant, calibrated against CLOCK_MONOTONIC_RAW; clock_gettime otherwise. */
#ifndef IPCBENCH_CLOCK_H
#define IPCBENCH_CLOCK_H
#include <stdint.h>
#include <time.h>

struct clock_src {
	int tsc;            /* 1: ticks are TSC cycles; 0: ticks are nanoseconds */
	double ns_per_tick;
	double tsc_hz;      /* calibrated frequency, 0 without TSC */
	const char *name;   /* "tsc" or "clock_gettime(CLOCK_MONOTONIC_RAW)" */
};

/* Picks and calibrates the clock (about 50 ms with a TSC). force_gettime skips the TSC. */
int clock_init(struct clock_src *c, int force_gettime);
/* 1 when CPUID reports an invariant TSC. */
int clock_tsc_invariant(void);

static inline uint64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#if defined(__x86_64__)
static inline uint64_t clock_rdtsc_start(void)
{
	uint32_t lo, hi;

	/* lfence keeps earlier instructions from drifting past the read */
	__asm__ __volatile__("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t clock_rdtsc_stop(void)
{
	uint32_t lo, hi, aux;

	__asm__ __volatile__("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
	return ((uint64_t)hi << 32) | lo;
}
#else
static inline uint64_t clock_rdtsc_start(void) { return clock_mono_ns(); }
static inline uint64_t clock_rdtsc_stop(void) { return clock_mono_ns(); }
#endif

static inline uint64_t clock_start(const struct clock_src *c)
{
	return c->tsc ? clock_rdtsc_start() : clock_mono_ns();
}

static inline uint64_t clock_stop(const struct clock_src *c)
{
	return c->tsc ? clock_rdtsc_stop() : clock_mono_ns();
}

static inline double clock_to_ns(const struct clock_src *c, uint64_t ticks)
{
	return (double)ticks * c->ns_per_tick;
}

static inline uint64_t clock_from_ns(const struct clock_src *c, uint64_t ns)
{
	return (uint64_t)((double)ns / c->ns_per_tick);
}

/* Median cost of one clock_start + clock_stop pair with nothing between, in ns. */
double clock_overhead_ns(const struct clock_src *c);
/* The clock's step: the smallest non-zero difference between two reads in a row, in ns
 * (AMD's TSC counts in steps of its 100 MHz reference: 10 ns; Intel's by one cycle). A
 * single sample is exact to a step only, and so is a median of samples. */
double clock_step_ns(const struct clock_src *c);

#endif
