#include <stdio.h>
#include <string.h>
#include "out/label.h"

/* 1000 as "1k", 2000000 as "2M", anything else as it is. */
static void human_count(uint64_t v, char *out, size_t n)
{
	if (v >= 1000000 && v % 1000000 == 0)
		snprintf(out, n, "%lluM", (unsigned long long)(v / 1000000));
	else if (v >= 1000 && v % 1000 == 0)
		snprintf(out, n, "%lluk", (unsigned long long)(v / 1000));
	else
		snprintf(out, n, "%llu", (unsigned long long)v);
}

void load_label(char *out, size_t n, uint64_t rate_per_s, uint64_t idle_ns, int open,
		unsigned clients, unsigned subscribers)
{
	char rate[32];
	size_t len;

	if (clients)
		snprintf(out, n, "fan-in %u", clients);
	else if (subscribers)
		snprintf(out, n, "fan-out %u", subscribers);
	else
		snprintf(out, n, "%s", "");
	len = strlen(out);
	human_count(rate_per_s, rate, sizeof(rate));
	if (rate_per_s)
		snprintf(out + len, n - len, "%s@%s/s%s", len ? " " : "", rate, open ? " open" : "");
	else if (idle_ns)
		snprintf(out + len, n - len, "%sidle %.0fus", len ? " " : "", (double)idle_ns / 1e3);
}

void row_label(const struct row *r, char *out, size_t n)
{
	char load[LOAD_LABEL_LEN];

	load_label(load, sizeof(load), r->set.rate_per_s, r->set.idle_ns,
		   r->set.loop == LOOP_OPEN, r->set.clients,
		   r->set.subscribers);
	snprintf(out, n, "%s%s%s", r->t->name, load[0] ? " " : "", load);
}
