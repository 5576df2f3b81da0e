#include "cell/settings.h"
#include "sys/cachectl.h"

const char *const cell_mode_names[] = { [MODE_LATENCY] = "latency",
					  [MODE_BANDWIDTH] = "bandwidth" };
const char *const cell_cache_names[] = { [CACHE_WARM] = "warm", [CACHE_COLD] = "cold" };
const char *const cell_touch_names[] = { [TOUCH_NONE] = "none", [TOUCH_READ] = "read",
					   [TOUCH_WRITE] = "write" };
const char *const cell_loop_names[] = { [LOOP_CLOSED] = "closed", [LOOP_OPEN] = "open" };

uint64_t cell_timeout_ns(const struct cell_settings *s)
{
	uint64_t base = s->warmup_ns + s->duration_ns, slack = 2 * base;

	if (s->timeout_ns)
		return s->timeout_ns;
	return base + (slack > 10000000000ull ? slack : 10000000000ull);
}

const char *cell_mode_name(int mode)
{
	return mode >= 0 && mode <= MODE_BANDWIDTH ? cell_mode_names[mode] : "?";
}

const char *cell_cache_name(int cache)
{
	return cache >= 0 && cache <= CACHE_COLD ? cell_cache_names[cache] : "?";
}

const char *cell_touch_name(int touch)
{
	return touch >= 0 && touch <= TOUCH_WRITE ? cell_touch_names[touch] : "?";
}

const char *cell_loop_name(int loop)
{
	return loop >= 0 && loop <= LOOP_OPEN ? cell_loop_names[loop] : "?";
}

int cell_same_load(const struct cell_settings *a, const struct cell_settings *b)
{
	return a->rate_per_s == b->rate_per_s && a->idle_ns == b->idle_ns && a->loop == b->loop &&
	       a->clients == b->clients && a->subscribers == b->subscribers;
}

int cell_open_loop(const struct cell_settings *s)
{
	return s->loop == LOOP_OPEN && s->rate_per_s && s->mode == MODE_LATENCY;
}

int cell_is_classic(const struct cell_settings *s)
{
	return s->rate_per_s == 0 && s->idle_ns == 0 && s->clients == 0 && s->subscribers == 0;
}

unsigned cell_parties(const struct cell_settings *s)
{
	return s->clients ? s->clients : s->subscribers;
}
