#include "sys/cachectl.h"
#include "cell/payload.h"
#include "cell/settle.h"

int settle_needed(int cache_cold, int touch, size_t footprint)
{
	return cache_cold || touch != TOUCH_NONE || footprint > 0;
}

static void flush_own(const struct measure_args *a)
{
	int opt = a->use_clflushopt;

	cache_flush(a->tx[0], a->wire, opt);
	cache_flush(a->tx[1], a->wire, opt);
	cache_flush(a->rx, a->rx_cap, opt);
	for (unsigned i = 0; a->ring && i < a->window; i++)
		cache_flush(a->ring[i], a->rx_cap, opt);
	if (a->side == TR_SERVER && a->t->shared_region) {
		void *base = NULL;
		size_t len = 0;

		a->t->shared_region(a->ch, &base, &len);
		cache_flush(base, len, opt);
	}
}

void settle(const struct measure_args *a, unsigned char *const *got, size_t n)
{
	uint64_t sum = 0;

	if (a->touch != TOUCH_NONE && !a->token)
		for (size_t i = 0; i < n; i++)
			sum += cache_touch(got[i] + MSG_HDR_SIZE, a->size, a->touch);
	if (a->footprint_len)
		sum += cache_walk(a->footprint, a->footprint_len);
	if (a->cache_cold)
		flush_own(a);
	__asm__ __volatile__("" ::"r"(sum)); /* keeps the reads */
}
