#include <limits.h>
#include <string.h>
#include "cell/phase.h"
#include "sys/futex.h"

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

void phase_open(struct phase *p, const struct measure_args *a)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
}

void phase_timed_over(const struct measure_args *a)
{
	if (!a->stage)
		return;
	atomic_fetch_add_explicit(a->stage, 1, memory_order_acq_rel);
	if (a->parties > 1) /* a server that waits for all of them sleeps on the word */
		futex_wake(a->stage, INT_MAX);
}

void phase_begin(struct phase *p, struct side_result *res)
{
	static const struct ctr_set none;

	if (p->started)
		return;
	p->started = 1;
	if (!phase_counting_allowed(p->a))
		res->phase_violation = 1;
	ctr_open(p->a->events ? p->a->events : &none, NULL, &p->g, &res->ctr);
	p->t0_ns = clock_mono_ns();
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
	res->phase_wall_ns = clock_mono_ns() - p->t0_ns;
	res->has_phase = 1;
	res->phase_msgs = msgs;
	res->user_ns = tv_ns(&ru.ru_utime) - tv_ns(&p->ru0.ru_utime);
	res->sys_ns = tv_ns(&ru.ru_stime) - tv_ns(&p->ru0.ru_stime);
	res->nvcsw = (uint64_t)(ru.ru_nvcsw - p->ru0.ru_nvcsw);
	res->nivcsw = (uint64_t)(ru.ru_nivcsw - p->ru0.ru_nivcsw);
	res->faults = (uint64_t)(ru.ru_minflt + ru.ru_majflt - p->ru0.ru_minflt - p->ru0.ru_majflt);
}

void phase_close(struct phase *p)
{
	ctr_close(&p->g);
}

uint64_t phase_counted_target(const struct measure_args *a, uint64_t timed)
{
	uint64_t n = timed * a->counted_pct / 100;

	if (a->counted_pct == 0)
		return 0;
	return n ? n : 1;
}
