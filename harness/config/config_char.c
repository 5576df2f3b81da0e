#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/cachectl.h"
#include "config/config_char.h"
#include "cell/counters.h"
#include "text/parse.h"

#define MAX_WINDOW 4096
#define MAX_FOOTPRINT (1ull << 30)

static const char *const cache_names[] = { [CACHE_WARM] = "warm", [CACHE_COLD] = "cold" };
static const char *const touch_names[] = { [TOUCH_NONE] = "none", [TOUCH_READ] = "read",
					   [TOUCH_WRITE] = "write" };

static int pick(int *dst, const char *v, const char *const *names, int n, const char *expect,
		char *why, size_t wn)
{
	for (int i = 0; i < n; i++)
		if (strcmp(v, names[i]) == 0) {
			*dst = i;
			return 0;
		}
	snprintf(why, wn, "expected %s", expect);
	return -EINVAL;
}

int set_window(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = parse_u64(v, 1, MAX_WINDOW, &x);

	if (r < 0)
		snprintf(why, n, "expected a whole number of messages from 1 to %d", MAX_WINDOW);
	else
		sw->set.window = (unsigned)x;
	return r;
}

int set_cache(struct sweep *sw, const char *v, char *why, size_t n)
{
	return pick(&sw->set.cache, v, cache_names, 2, "'warm' or 'cold'", why, n);
}

int set_touch(struct sweep *sw, const char *v, char *why, size_t n)
{
	return pick(&sw->set.touch, v, touch_names, 3, "'none', 'read' or 'write'", why, n);
}

int set_footprint(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = parse_size(v, &x);

	if (r == 0 && x > MAX_FOOTPRINT)
		r = -ERANGE;
	if (r < 0)
		snprintf(why, n, "expected a size such as 0, 256K or 16M (at most 1G)");
	else
		sw->set.footprint = x;
	return r;
}

/* Resolved now, so that a misspelt event is a configuration error with its line. */
int set_events(struct sweep *sw, const char *v, char *why, size_t n)
{
	struct ctr_set *set = malloc(sizeof(*set));
	int r;

	if (!set)
		return -ENOMEM;
	if (strlen(v) >= sizeof(sw->set.events)) {
		snprintf(why, n, "the event list is longer than %zu characters",
			 sizeof(sw->set.events) - 1);
		r = -EINVAL;
	} else {
		r = ctr_resolve(v, set, why, n);
	}
	if (r == 0)
		snprintf(sw->set.events, sizeof(sw->set.events), "%s", v);
	free(set);
	return r;
}

/* "25%", "25" or "0": the share of the timed traffic repeated in the counted phase. */
int set_counted_share(struct sweep *sw, const char *v, char *why, size_t n)
{
	char num[16];
	size_t len = strlen(v);
	uint64_t x;
	int r = -EINVAL;

	if (len > 0 && len < sizeof(num)) {
		memcpy(num, v, len + 1);
		if (num[len - 1] == '%')
			num[len - 1] = 0;
		r = parse_u64(num, 0, 100, &x);
	}
	if (r < 0)
		snprintf(why, n, "expected a share of the timed traffic from 0%% (no counted phase) "
			 "to 100%%, such as 25%%");
	else
		sw->set.counted_pct = (unsigned)x;
	return r;
}
