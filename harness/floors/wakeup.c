#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include "floors/wakeup.h"
#include "stats/stats.h"
#include "sys/futex.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "sys/spawn.h"

#define TIMED_RT 1001
#define COUNTED_RT 300
#define WAIT_NS 5000000000ull
#define TIMEOUT_NS 60000000000ull

struct wakeup_shared {
	_Alignas(128) _Atomic uint32_t req;
	_Alignas(128) _Atomic uint32_t rep;
	_Alignas(128) _Atomic uint32_t barrier[2];
	const struct clock_src *clk;
	int cpu[2];
	long nvcsw[2], nivcsw[2];
	double sample[TIMED_RT];
};

/* Sleeps until *w holds want; 0, or a negative errno. */
static int await(_Atomic uint32_t *w, uint32_t want)
{
	uint32_t v;

	while ((v = atomic_load_explicit(w, memory_order_acquire)) != want) {
		int r = futex_wait(w, v, WAIT_NS);

		if (r < 0)
			return r;
	}
	return 0;
}

/* Round trips from, to (exclusive); the client times each when t is not NULL. */
static int round_trips(struct wakeup_shared *sh, int side, uint32_t from, uint32_t to,
		       double *t)
{
	for (uint32_t i = from; i < to; i++) {
		uint64_t t0 = side == 0 ? clock_start(sh->clk) : 0;

		if (side == 0) {
			atomic_store_explicit(&sh->req, i + 1, memory_order_release);
			futex_wake(&sh->req, 1);
			if (await(&sh->rep, i + 1) < 0)
				return -1;
			if (t)
				t[i - from] = clock_to_ns(sh->clk, clock_stop(sh->clk) - t0);
			continue;
		}
		if (await(&sh->req, i + 1) < 0)
			return -1;
		atomic_store_explicit(&sh->rep, i + 1, memory_order_release);
		futex_wake(&sh->rep, 1);
	}
	return 0;
}

static int wakeup_child(void *arg, int side)
{
	struct wakeup_shared *sh = arg;
	struct rusage r0, r1;

	prctl(PR_SET_NAME, "ipcbench-wakeup");
	if (pin_self(sh->cpu[side]) < 0)
		return 2;
	if (futex_barrier(&sh->barrier[0], 2, TIMEOUT_NS) < 0 ||
	    round_trips(sh, side, 0, TIMED_RT, side == 0 ? sh->sample : NULL) < 0)
		return 3;
	/* counted pass: getrusage around it, after the timed one */
	if (futex_barrier(&sh->barrier[1], 2, TIMEOUT_NS) < 0)
		return 3;
	getrusage(RUSAGE_SELF, &r0);
	if (round_trips(sh, side, TIMED_RT, TIMED_RT + COUNTED_RT, NULL) < 0)
		return 3;
	getrusage(RUSAGE_SELF, &r1);
	sh->nvcsw[side] = r1.ru_nvcsw - r0.ru_nvcsw;
	sh->nivcsw[side] = r1.ru_nivcsw - r0.ru_nivcsw;
	return 0;
}

int wakeup_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		   struct wakeup_floor *out)
{
	struct wakeup_shared *sh = shmem_alloc(sizeof(*sh));
	struct pair_outcome o;

	memset(out, 0, sizeof(*out));
	out->client_cpu = client_cpu;
	out->server_cpu = server_cpu;
	if (!sh)
		return -errno;
	sh->clk = clk;
	sh->cpu[0] = client_cpu;
	sh->cpu[1] = server_cpu;
	spawn_pair(wakeup_child, sh, TIMEOUT_NS, &o);
	if (o.end == PAIR_DONE && spawn_exited_ok(o.wstatus[0]) && spawn_exited_ok(o.wstatus[1])) {
		out->ok = 1;
		out->rt_ns = stats_median(sh->sample, TIMED_RT);
		out->voluntary_per_rt = (double)(sh->nvcsw[0] + sh->nvcsw[1]) / COUNTED_RT;
		out->switches_per_rt = out->voluntary_per_rt +
				       (double)(sh->nivcsw[0] + sh->nivcsw[1]) / COUNTED_RT;
		out->per_switch_ns = out->voluntary_per_rt > 0 ? out->rt_ns / out->voluntary_per_rt : 0;
	} else {
		snprintf(out->note, sizeof(out->note), "wake-up probe children failed (%s)",
			 o.end == PAIR_TIMEOUT ? "timeout" : o.end == PAIR_INTERRUPTED ?
			 "interrupted" : "pinning or start-up");
	}
	shmem_free(sh, sizeof(*sh));
	return o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}
