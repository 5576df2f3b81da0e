/* Offered load: the schedule and the waits (cell/pace.h). */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include "cell/pace.h"
#include "sys/cpu_relax.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void pace_init(struct pace *p, const struct clock_src *clk, uint64_t rate_per_s,
	       uint64_t idle_ns, uint64_t yield_every_ns)
{
	*p = (struct pace){ .clk = clk, .idle_ns = idle_ns };
	if (yield_every_ns)
		p->yield_ticks = yield_every_ns == PACE_ALWAYS_YIELD ? 1
				 : clock_from_ns(clk, yield_every_ns);
	if (rate_per_s)
		p->period_ticks = 1e9 / (double)rate_per_s / clk->ns_per_tick;
	pace_restart(p);
}

void pace_restart(struct pace *p)
{
	p->mono_base_ns = mono_ns();
	p->base = clock_start(p->clk);
	p->k = 0;
}

uint64_t pace_due_at(const struct pace *p, uint64_t k)
{
	return p->base + (uint64_t)((double)k * p->period_ticks);
}

/* Sleeps until the CLOCK_MONOTONIC time that corresponds to tick t. */
static void sleep_until_tick(const struct pace *p, uint64_t t)
{
	double ns = t > p->base ? clock_to_ns(p->clk, t - p->base) : 0;
	uint64_t at = p->mono_base_ns + (uint64_t)ns;
	struct timespec ts = { (time_t)(at / 1000000000u), (long)(at % 1000000000u) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void spin_until_tick(const struct pace *p, uint64_t t)
{
	uint64_t now, last = clock_start(p->clk);

	while ((now = clock_start(p->clk)) < t) {
		if (p->yield_ticks && now - last >= p->yield_ticks) {
			sched_yield();
			last = now;
		} else {
			cpu_relax();
		}
	}
}

uint64_t pace_next(struct pace *p, uint64_t last_reply, int *late)
{
	uint64_t now = clock_start(p->clk), due, spin;

	*late = 0;
	if (p->period_ticks <= 0) {
		if (p->idle_ns && last_reply) {
			sleep_until_tick(p, last_reply + clock_from_ns(p->clk, p->idle_ns));
			now = clock_start(p->clk);
		}
		return now;
	}
	due = pace_due_at(p, p->k++);
	if (now >= due) {
		*late = p->k > 1; /* the first message of a stage is due when the stage begins */
		return due;
	}
	spin = clock_from_ns(p->clk, PACE_SPIN_NS);
	if (due - now > spin)
		sleep_until_tick(p, due - spin);
	spin_until_tick(p, due);
	return due;
}
