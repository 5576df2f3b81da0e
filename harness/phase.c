#include <string.h>
#include "phase.h"

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

void phase_open(struct phase *p, const struct measure_args *a, struct side_result *res)
{
	static const struct ctr_set none;

	memset(p, 0, sizeof(*p));
	ctr_open(a->events ? a->events : &none, NULL, &p->g, &res->ctr);
}

void phase_begin(struct phase *p)
{
	if (p->started)
		return;
	p->started = 1;
	getrusage(RUSAGE_SELF, &p->ru0);
	ctr_start(&p->g); /* last: the getrusage call is not counted */
}

void phase_end(struct phase *p, struct side_result *res, uint64_t msgs)
{
	struct rusage ru;

	if (!p->started || p->ended)
		return;
	p->ended = 1;
	ctr_stop(&p->g, &res->ctr); /* first, for the same reason */
	getrusage(RUSAGE_SELF, &ru);
	res->has_phase = 1;
	res->phase_msgs = msgs;
	res->user_ns = tv_ns(&ru.ru_utime) - tv_ns(&p->ru0.ru_utime);
	res->sys_ns = tv_ns(&ru.ru_stime) - tv_ns(&p->ru0.ru_stime);
	res->nvcsw = (uint64_t)(ru.ru_nvcsw - p->ru0.ru_nvcsw);
	res->nivcsw = (uint64_t)(ru.ru_nivcsw - p->ru0.ru_nivcsw);
}

void phase_close(struct phase *p)
{
	ctr_close(&p->g);
}
