#include <errno.h>
#include <stdlib.h>
#include "sys/clock.h"
#if defined(__x86_64__)
#include <cpuid.h>
#endif

int clock_tsc_invariant(void)
{
#if defined(__x86_64__)
	unsigned a, b, c, d;

	if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x80000007u)
		return 0;
	__get_cpuid(0x80000007u, &a, &b, &c, &d);
	return (d >> 8) & 1;
#else
	return 0;
#endif
}

/* One (tsc, ns) pair, the TSC read bracketing the clock_gettime call; the pair with the
 * tightest bracket of a few tries is kept. */
static void sample_pair(uint64_t *tsc, uint64_t *ns)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 16; i++) {
		uint64_t t0 = clock_rdtsc_start();
		uint64_t n = clock_mono_ns();
		uint64_t t1 = clock_rdtsc_stop();

		if (t1 - t0 < best) {
			best = t1 - t0;
			*tsc = t0 + (t1 - t0) / 2;
			*ns = n;
		}
	}
}

int clock_init(struct clock_src *c, int force_gettime)
{
	uint64_t tsc0, ns0, tsc1, ns1;

	c->tsc = 0;
	c->ns_per_tick = 1.0;
	c->tsc_hz = 0;
	c->name = "clock_gettime(CLOCK_MONOTONIC_RAW)";
	if (force_gettime || !clock_tsc_invariant())
		return 0;
	sample_pair(&tsc0, &ns0);
	while (clock_mono_ns() - ns0 < 50000000u)
		; /* busy: a sleeping CPU may drop its frequency, which the TSC ignores anyway */
	sample_pair(&tsc1, &ns1);
	if (tsc1 <= tsc0 || ns1 <= ns0)
		return -EIO;
	c->tsc = 1;
	c->ns_per_tick = (double)(ns1 - ns0) / (double)(tsc1 - tsc0);
	c->tsc_hz = 1e9 / c->ns_per_tick;
	c->name = "tsc";
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

double clock_step_ns(const struct clock_src *c)
{
	uint64_t best = UINT64_MAX, prev = clock_start(c);

	for (int i = 0; i < 20000; i++) {
		uint64_t now = clock_start(c);

		if (now > prev && now - prev < best)
			best = now - prev;
		prev = now;
	}
	return best == UINT64_MAX ? 0 : clock_to_ns(c, best);
}

double clock_overhead_ns(const struct clock_src *c)
{
	enum { N = 4001 };
	uint64_t d[N];

	for (int i = 0; i < N; i++) {
		uint64_t t0 = clock_start(c);
		uint64_t t1 = clock_stop(c);

		d[i] = t1 - t0;
	}
	qsort(d, N, sizeof(d[0]), cmp_u64);
	return clock_to_ns(c, d[N / 2]);
}
