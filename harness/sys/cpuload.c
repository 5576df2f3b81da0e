#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#include "sys/cpuload.h"

static double own_seconds(void)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec +
			kids.ru_stime.tv_sec) +
	       (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec +
			kids.ru_stime.tv_usec) / 1e6;
}

int cpuload_start(struct cpuload *c)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 8)
		return -EPROTO;
	/* user nice system idle iowait irq softirq steal */
	c->busy = v[0] + v[1] + v[2] + v[5] + v[6];
	c->steal = v[7];
	c->total = c->busy + v[3] + v[4] + v[7];
	c->own_s = own_seconds();
	return 0;
}

int cpuload_stop(const struct cpuload *c, double *others_pct, double *steal_pct)
{
	struct cpuload now;
	double hz = (double)sysconf(_SC_CLK_TCK), total;
	int r = cpuload_start(&now);

	if (r < 0)
		return r;
	total = (double)(now.total - c->total) / hz;
	if (total <= 0)
		return -EAGAIN;
	double others = (double)(now.busy - c->busy) / hz - (now.own_s - c->own_s);
	*others_pct = 100.0 * (others > 0 ? others : 0) / total;
	*steal_pct = 100.0 * (double)(now.steal - c->steal) / hz / total;
	return 0;
}
