/* Parsing the value of each configuration key into a sweep (config/keys.c says which key
 * takes which). Each returns 0, or a negative errno with the reason in why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cell/counters.h"
#include "config/values.h"
#include "sys/cachectl.h"
#include "sys/memplace.h"
#include "sys/pin.h"
#include "text/parse.h"

#define MAX_SIZES 256
#define MAX_PAYLOAD (0xffffffffull - 16) /* the header's length field is 32 bits */
#define MAX_WINDOW 4096
#define MAX_FOOTPRINT (1ull << 30)
#define MAX_RATE_PER_S 10000000ull

/* Index of the first item of v (count items of elem bytes) equal to an earlier one, or
 * -1. A repeated item would plan the same cell twice: lists are refused with one. */
static long repeated(const void *v, size_t count, size_t elem)
{
	const char *p = v;

	for (size_t i = 1; i < count; i++)
		for (size_t j = 0; j < i; j++)
			if (memcmp(p + i * elem, p + j * elem, elem) == 0)
				return (long)i;
	return -1;
}

static const struct transport *lookup_transport(const char *name, char *why, size_t n)
{
	const struct transport *t = transport_find(name);
	const char *cand[128];
	size_t k;

	if (t)
		return t;
	for (k = 0; k < ntransports && k < 128; k++)
		cand[k] = transports[k]->name;
	const char *s = suggest_nearest(name, cand, k);
	snprintf(why, n, "unknown transport '%s'%s%s%s; 'ipcbench list' shows them", name,
		 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
	return NULL;
}

int set_transports(struct sweep *sw, const char *v, char *why, size_t n)
{
	char **names;
	size_t nn, cnt;
	int r = parse_name_list(v, &names, &nn), all;

	if (r < 0) {
		snprintf(why, n, "expected a comma-separated list of transport names, or 'all'");
		return r;
	}
	all = nn == 1 && strcmp(names[0], "all") == 0;
	cnt = all ? ntransports : nn;
	const struct transport **t = calloc(cnt, sizeof(*t));
	for (size_t i = 0; t && i < cnt && r == 0; i++) {
		t[i] = all ? transports[i] : lookup_transport(names[i], why, n);
		if (!t[i])
			r = -EINVAL;
	}
	if (t && r == 0 && repeated(t, cnt, sizeof(*t)) >= 0) {
		snprintf(why, n, "'%s' is listed twice (each transport once)",
			 t[repeated(t, cnt, sizeof(*t))]->name);
		r = -EINVAL;
	}
	free_name_list(names, nn);
	if (!t || r < 0) {
		free(t);
		return t ? r : -ENOMEM;
	}
	free(sw->t);
	sw->t = t;
	sw->nt = cnt;
	return 0;
}

/* The list v[0..n) copied in place of *dst (of *dn entries): 0 or -ENOMEM (unchanged). */
static int replace_list(uint64_t **dst, size_t *dn, const uint64_t *v, size_t n)
{
	uint64_t *p = malloc((n ? n : 1) * sizeof(*p));

	if (!p)
		return -ENOMEM;
	memcpy(p, v, n * sizeof(*p));
	free(*dst);
	*dst = p;
	*dn = n;
	return 0;
}

int set_sizes(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t tmp[MAX_SIZES];
	size_t cnt;
	int r = parse_size_list(v, tmp, MAX_SIZES, &cnt);

	if (r < 0) {
		snprintf(why, n, r == -ERANGE ? "a size is too large, or more than %d sizes"
					      : "expected sizes such as 1,64,4K,1M (%d at most)",
			 MAX_SIZES);
		return r;
	}
	for (size_t i = 0; i < cnt; i++)
		if (tmp[i] > MAX_PAYLOAD) {
			snprintf(why, n, "size %llu is above %llu bytes, the most one message can carry "
				 "(4 GiB less its 16-byte header)", (unsigned long long)tmp[i],
				 (unsigned long long)MAX_PAYLOAD);
			return -ERANGE;
		}
	if (repeated(tmp, cnt, sizeof(*tmp)) >= 0) {
		snprintf(why, n, "%llu bytes is listed twice (each size once)",
			 (unsigned long long)tmp[repeated(tmp, cnt, sizeof(*tmp))]);
		return -EINVAL;
	}
	return replace_list(&sw->sizes, &sw->nsizes, tmp, cnt);
}

int set_mode(struct sweep *sw, const char *v, char *why, size_t n)
{
	if (strcmp(v, "latency") == 0 || strcmp(v, "bandwidth") == 0) {
		sw->set.mode = v[0] == 'b' ? MODE_BANDWIDTH : MODE_LATENCY;
		return 0;
	}
	snprintf(why, n, "expected 'latency' or 'bandwidth'");
	return -EINVAL;
}

/* Durations are bounded so that sums of them (a cell's deadline, a run's estimate) cannot
 * wrap: a day is longer than any cell needs. */
#define MAX_DURATION_NS (24ull * 3600 * 1000000000)

static int set_duration_key(uint64_t *dst, const char *v, uint64_t min, char *why, size_t n)
{
	uint64_t ns;
	int r = parse_duration_ns(v, &ns);

	if (r == 0 && (ns < min || ns > MAX_DURATION_NS))
		r = -ERANGE;
	if (r < 0) {
		snprintf(why, n, "expected a duration with its unit, such as 250ms, 1s or 500us, "
			 "%sat most 1440m (a day)", min ? "greater than zero and " : "");
		return r;
	}
	*dst = ns;
	return 0;
}

int set_duration(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.duration_ns, v, 1, why, n);
}

int set_warmup(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.warmup_ns, v, 0, why, n);
}

int set_timeout(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.timeout_ns, v, 0, why, n);
}

static int set_count(uint64_t *dst, const char *v, uint64_t max, char *why, size_t n)
{
	int r = parse_u64(v, 1, max, dst);

	if (r < 0)
		snprintf(why, n, "expected a whole number from 1 to %llu", (unsigned long long)max);
	return r;
}

int set_iterations(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_count(&sw->set.iterations, v, 1000000000ull, why, n);
}

int set_repeat(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = set_count(&x, v, 1000, why, n);

	if (r == 0)
		sw->set.repeat = (unsigned)x;
	return r;
}

int set_verify_every(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = set_count(&x, v, 1000000, why, n);

	if (r == 0)
		sw->set.verify_every = (unsigned)x;
	return r;
}

static int set_choice(int *dst, const char *v, const char *no, const char *yes, char *why,
		      size_t n)
{
	if (strcmp(v, no) == 0 || strcmp(v, yes) == 0) {
		*dst = strcmp(v, yes) == 0;
		return 0;
	}
	snprintf(why, n, "expected '%s' or '%s'", no, yes);
	return -EINVAL;
}

int set_verify(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_choice(&sw->set.verify_full, v, "sample", "full", why, n);
}

int set_fragment(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_choice(&sw->set.fragment, v, "no", "yes", why, n);
}

int config_parse_cpus(const char *v, int *client, int *server, char *why, size_t n)
{
	struct cpu_list *l;
	int r;

	if (strcmp(v, "auto") == 0 || strcmp(v, "same") == 0) {
		if (pin_default_pair(client, server) < 0)
			*client = *server = 0;
		if (v[0] == 's')
			*server = *client;
		return 0;
	}
	l = malloc(sizeof(*l));
	if (!l)
		return -ENOMEM;
	r = parse_cpu_list(v, l);
	if (r == 0 && l->n != 2)
		r = -EINVAL;
	if (r < 0)
		snprintf(why, n, "expected CLIENT,SERVER CPU ids such as 0,1 (0,0: one CPU), auto "
			 "or same");
	for (size_t i = 0; r == 0 && i < 2; i++)
		if (pin_cpu_allowed(l->cpu[i]) < 0) {
			snprintf(why, n, "CPU %d is not available to this process (%d CPUs allowed; "
				 "'ipcbench topo' lists them)", l->cpu[i], pin_allowed_count());
			r = -EINVAL;
		}
	if (r == 0) {
		*client = l->cpu[0];
		*server = l->cpu[1];
	}
	free(l);
	return r;
}

int set_cpus(struct sweep *sw, const char *v, char *why, size_t n)
{
	sw->nplacements = 0; /* explicit CPUs replace placement classes and the matrix */
	free(sw->matrix);
	sw->matrix = NULL;
	return config_parse_cpus(v, &sw->set.client_cpu, &sw->set.server_cpu, why, n);
}

int set_placement(struct sweep *sw, const char *v, char *why, size_t n)
{
	char **names;
	size_t nn;
	int r = parse_name_list(v, &names, &nn), all;

	if (r < 0) {
		snprintf(why, n, "expected placement classes such as same-cpu, same-l3, or all");
		return r;
	}
	all = nn == 1 && strcmp(names[0], "all") == 0;
	sw->nplacements = 0;
	for (size_t i = 0; all && i < PL_COUNT; i++)
		sw->placements[sw->nplacements++] = (int)i;
	for (size_t i = 0; !all && i < nn && r == 0; i++) {
		enum placement p = placement_from_name(names[i]);
		const char *cand[PL_COUNT];

		for (int k = 0; k < PL_COUNT; k++)
			cand[k] = placement_name((enum placement)k);
		if (p == PL_NONE || sw->nplacements == PL_COUNT) {
			const char *s = suggest_nearest(names[i], cand, PL_COUNT);
			snprintf(why, n, "unknown placement class '%s'%s%s%s (classes: same-cpu, smt, "
				 "same-l2, same-l3, cross-l3, cross-package, cross-numa, all)", names[i],
				 s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
			r = -EINVAL;
		} else {
			sw->placements[sw->nplacements++] = p;
		}
	}
	if (r == 0 && repeated(sw->placements, sw->nplacements, sizeof(int)) >= 0) {
		snprintf(why, n, "'%s' is listed twice (each class once)", placement_name(
			 (enum placement)sw->placements[repeated(sw->placements, sw->nplacements,
								 sizeof(int))]));
		r = -EINVAL;
	}
	free_name_list(names, nn);
	if (r == 0) {
		free(sw->matrix);
		sw->matrix = NULL;
	}
	return r;
}

int set_matrix(struct sweep *sw, const char *v, char *why, size_t n)
{
	struct cpu_list *l;
	int r = 0;

	if (strcmp(v, "all") != 0 && strcmp(v, "per-core") != 0 && strcmp(v, "per-l3") != 0) {
		l = malloc(sizeof(*l));
		r = l ? parse_cpu_list(v, l) : -ENOMEM;
		for (size_t i = 0; r == 0 && i < l->n; i++)
			if (pin_cpu_allowed(l->cpu[i]) < 0) {
				snprintf(why, n, "CPU %d is not available to this process", l->cpu[i]);
				r = -EINVAL;
			}
		if (r < 0 && !why[0])
			snprintf(why, n, "expected all, per-core, per-l3 or a CPU list such as 0-3,8");
		free(l);
	}
	if (r < 0)
		return r;
	free(sw->matrix);
	sw->matrix = strdup(v);
	sw->nplacements = 0;
	return sw->matrix ? 0 : -ENOMEM;
}

int set_mem_node(struct sweep *sw, const char *v, char *why, size_t n)
{
	return memplace_parse(v, &sw->set.mem_policy, &sw->set.mem_node, why, n);
}

int set_preheat(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.preheat_ns, v, 0, why, n);
}

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
	return pick(&sw->set.cache, v, cell_cache_names, 2, "'warm' or 'cold'", why, n);
}

int set_touch(struct sweep *sw, const char *v, char *why, size_t n)
{
	return pick(&sw->set.touch, v, cell_touch_names, 3, "'none', 'read' or 'write'", why, n);
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

int set_min_samples(struct sweep *sw, const char *v, char *why, size_t n)
{
	uint64_t x;
	int r = parse_u64(v, 1, 1000000, &x);

	if (r < 0)
		snprintf(why, n, "expected a whole number of samples from 1 to 1000000");
	else
		sw->set.min_samples = (unsigned)x;
	return r;
}

/* A list of counts into a sweep list: "1,2,4", "1k,10k" (k = 1000), zero_word for 0. */
static int set_count_list(struct u64_list *dst, const char *v, const char *zero_word,
			  uint64_t max, const char *expect, char *why, size_t n)
{
	uint64_t tmp[MAX_SIZES];
	size_t cnt;
	int r = parse_count_list(v, zero_word, 1, max, tmp, MAX_SIZES, &cnt);

	if (r < 0) {
		snprintf(why, n, "expected %s (at most %d values, each up to %llu)", expect,
			 MAX_SIZES, (unsigned long long)max);
		return r;
	}
	if (repeated(tmp, cnt, sizeof(*tmp)) >= 0) {
		snprintf(why, n, "%llu is listed twice (each value once)",
			 (unsigned long long)tmp[repeated(tmp, cnt, sizeof(*tmp))]);
		return -EINVAL;
	}
	return replace_list(&dst->v, &dst->n, tmp, cnt);
}

int set_rate(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_count_list(&sw->rates, v, "hot", MAX_RATE_PER_S,
			      "messages per second such as hot,1k,10k,100k (hot or 0: the closed "
			      "loop; k = 1000, M = 1000000)", why, n);
}

int set_idle(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_duration_key(&sw->set.idle_ns, v, 0, why, n);
}

int set_loop(struct sweep *sw, const char *v, char *why, size_t n)
{
	return pick(&sw->set.loop, v, cell_loop_names, 2, "'closed' or 'open'", why, n);
}

#define MAX_CLIENTS 1024

int set_spread(struct sweep *sw, const char *v, char *why, size_t n)
{
	char **names;
	size_t nn;
	int r = parse_name_list(v, &names, &nn);

	if (r == 0 && nn > SPREAD_COUNT)
		r = -E2BIG;
	for (size_t i = 1; r == 0 && i < nn; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				r = -EINVAL; /* a spread listed twice plans the same cells twice */
	for (size_t i = 0; r == 0 && i < nn; i++) {
		int s = spread_from_name(names[i]);

		if (s < 0)
			r = -EINVAL;
		else
			sw->spreads[i] = s;
	}
	if (r == 0)
		sw->nspreads = nn;
	else
		snprintf(why, n, "expected spreads such as core, l3, package, numa (at most %d)",
			 SPREAD_COUNT);
	if (names)
		free_name_list(names, nn);
	return r;
}

/* Counts of parties, or none (an empty list). */
static int set_parties(struct u64_list *l, const char *v, const char *expect, char *why,
		       size_t n)
{
	if (strcmp(v, "none") == 0) {
		free(l->v);
		*l = (struct u64_list){ 0 };
		return 0;
	}
	return set_count_list(l, v, NULL, MAX_CLIENTS, expect, why, n);
}

int set_clients(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_parties(&sw->clients, v, "client counts such as 1,2,4,8, or none (the pair)",
			   why, n);
}

int set_subscribers(struct sweep *sw, const char *v, char *why, size_t n)
{
	return set_parties(&sw->subscribers, v, "subscriber counts such as 1,2,4,8, or none", why,
			   n);
}
