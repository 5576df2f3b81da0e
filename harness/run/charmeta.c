#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "sys/cachectl.h"
#include "run/charmeta.h"
#include "cell/counters.h"

static void probe_events(struct meta *m, const struct ctr_set *set)
{
	struct ctr_group g;
	struct ctr_values v;
	char key[CTR_NAME_LEN + 16], why[160];

	ctr_open(set, NULL, &g, &v);
	ctr_close(&g);
	for (size_t i = 0; i < set->n; i++) {
		snprintf(key, sizeof(key), "counter_%s", set->ev[i].name);
		if (meta_get(m, key))
			continue;
		if (v.r[i].err == 0) {
			meta_set(m, key, "%s", v.r[i].user_only ? "ok (user space only)" : "ok");
			continue;
		}
		ctr_explain(v.r[i].err, why, sizeof(why));
		meta_set(m, key, "NA: %s%s", why,
			 v.r[i].err == -ENOENT && set->ev[i].attr.type != PERF_TYPE_SOFTWARE
				 ? "; a virtual machine without a virtual PMU has no hardware events"
				 : "");
	}
}

void charmeta_collect(struct meta *m, const struct run_config *cfg)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = 0, have = f && fscanf(f, "%d", &paranoid) == 1;
	char err[256];

	if (f)
		fclose(f);
	meta_set(m, "cache_flush_method", "%s", cache_flush_method());
	if (have)
		meta_set(m, "perf_event_paranoid", "%d", paranoid);
	else
		meta_set(m, "perf_event_paranoid", "NA");
	for (size_t i = 0; i < cfg->nsweeps; i++) {
		struct ctr_set set;

		if (ctr_resolve(cfg->sweeps[i].set.events, &set, err, sizeof(err)) == 0)
			probe_events(m, &set);
	}
}
