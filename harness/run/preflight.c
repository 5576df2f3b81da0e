/* Settings known to add noise, said before measuring and kept in meta.csv: a powersave
 * governor, no invariant TSC, a virtual machine, a busy SMT sibling of a measuring CPU. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "run/manifest.h"
#include "run/preflight.h"
#include "sys/clock.h"

/* CPU time (user+nice+system+irq+softirq) and total jiffies of one CPU from /proc/stat. */
static int cpu_jiffies(int cpu, unsigned long long *busy, unsigned long long *total)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[512], name[16];
	int found = 0;

	snprintf(name, sizeof(name), "cpu%d ", cpu);
	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long long v[8] = { 0 };
		if (strncmp(line, name, strlen(name)) != 0)
			continue;
		sscanf(line + strlen(name), "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		       &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
		*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
		*total = *busy + v[3] + v[4];
		found = 1;
	}
	if (f)
		fclose(f);
	return found ? 0 : -ENOENT;
}

/* An SMT sibling of a measuring CPU that is busy steals the core from it. */
static void check_siblings(const struct topology *t, const struct cell_settings *s, char *w,
			   size_t n)
{
	for (size_t i = 0; i < t->npu; i++) {
		const struct topo_pu *p = &t->pu[i];
		unsigned long long b0, t0, b1, t1;
		int mine = p->os == s->client_cpu || p->os == s->server_cpu, sib = 0;

		for (size_t j = 0; !mine && j < t->npu; j++)
			sib |= t->pu[j].core == p->core && t->pu[j].os != p->os &&
			       (t->pu[j].os == s->client_cpu || t->pu[j].os == s->server_cpu);
		if (!sib || cpu_jiffies(p->os, &b0, &t0) < 0)
			continue;
		usleep(100000);
		if (cpu_jiffies(p->os, &b1, &t1) == 0 && t1 > t0 && (b1 - b0) * 2 > t1 - t0)
			snprintf(w + strlen(w), n - strlen(w), "%sSMT sibling CPU %d of a measuring CPU is "
				 "busy", w[0] ? "; " : "", p->os);
	}
}

void run_preflight(struct meta *m, const struct topology *t, const struct cell_settings *s,
		   int quiet)
{
	const char *gov = meta_get(m, "cpu_governor");
	char w[1024] = "";

	if (gov && strcmp(gov, "powersave") == 0)
		snprintf(w, sizeof(w), "cpufreq governor is powersave: frequency ramps add noise");
	if (!clock_tsc_invariant())
		snprintf(w + strlen(w), sizeof(w) - strlen(w), "%sno invariant TSC: timing falls back "
			 "to clock_gettime", w[0] ? "; " : "");
	if (manifest_is_vm())
		snprintf(w + strlen(w), sizeof(w) - strlen(w), "%svirtual machine: the host may move "
			 "or share vCPUs, figures can shift between cells", w[0] ? "; " : "");
	check_siblings(t, s, w, sizeof(w));
	meta_set(m, "preflight_warnings", "%s", w[0] ? w : "none");
	if (w[0] && !quiet)
		fprintf(stderr, "ipcbench: warning: %s\n", w);
}
