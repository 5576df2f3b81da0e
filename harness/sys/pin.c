#include <errno.h>
#include <sched.h>
#include "sys/pin.h"

int pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0 || cpu >= CPU_SETSIZE)
		return -EINVAL;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) < 0 ? -errno : 0;
}

static int allowed(cpu_set_t *set)
{
	CPU_ZERO(set);
	return sched_getaffinity(0, sizeof(*set), set) < 0 ? -errno : 0;
}

int pin_cpu_allowed(int cpu)
{
	cpu_set_t set;
	int r = allowed(&set);

	if (r < 0)
		return r;
	return cpu >= 0 && cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set) ? 0 : -EINVAL;
}

int pin_default_pair(int *client, int *server)
{
	cpu_set_t set;
	int r = allowed(&set), found = 0;

	if (r < 0)
		return r;
	for (int c = 0; c < CPU_SETSIZE && found < 2; c++) {
		if (!CPU_ISSET(c, &set))
			continue;
		if (found++ == 0)
			*client = *server = c;
		else
			*server = c;
	}
	return found ? 0 : -ESRCH;
}

int pin_allowed_count(void)
{
	cpu_set_t set;
	int r = allowed(&set);

	return r < 0 ? r : CPU_COUNT(&set);
}
