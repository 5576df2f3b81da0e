#include "cell/between.h"
#include "stats/stats.h"
#include "sys/cachectl.h"

int between_path(const struct transport *t, const struct cell_settings *s, unsigned window)
{
	if (s->client_cpu == s->server_cpu || window < 2 || s->touch != TOUCH_READ ||
	    (t->flags & TR_NOPAYLOAD))
		return -1;
	if (t->copies == 0)
		return 0;
	return t->copies == 2 && (t->flags & TR_SHARED_MEM) ? 1 : -1;
}

double between_ratio(const uint64_t *ticks, uint64_t n, double ns_per_tick,
		     const struct slopes *sl, double *floor_ns, unsigned *parts)
{
	double ratio[SLOPES_BETWEEN_MAX], streams[SLOPES_BETWEEN_MAX];
	unsigned k = sl->between_n, m = 0;

	*parts = 0;
	for (unsigned j = 0; j < k; j++) {
		uint64_t from = sl->between_at[j], to = j + 1 < k ? sl->between_at[j + 1] : n;
		double floor = j + 1 < k ? (sl->between_ns[j] + sl->between_ns[j + 1]) / 2
					 : sl->between_ns[j];
		double sum = 0;

		streams[j] = sl->between_ns[j];
		if (to > n || from >= to || !(floor > 0))
			continue;
		for (uint64_t i = from; i < to; i++)
			sum += (double)ticks[i];
		ratio[m++] = floor / (sum * ns_per_tick / (double)(to - from));
	}
	if (m < 2)
		return 0;
	*parts = m;
	*floor_ns = stats_median(streams, k);
	return stats_median(ratio, m);
}
