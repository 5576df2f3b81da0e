#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/prctl.h>
#include "sys/cpu_relax.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "sys/spawn.h"
#include "floors/tscskew.h"

#define ROUNDS 20000
#define TIMEOUT_NS 20000000000ull

struct stamp_line {
	_Alignas(128) _Atomic uint64_t seq;
	uint64_t tsc;
};

struct skew_shared {
	struct stamp_line ping, pong;
	int cpu[2];
	int64_t min_there, min_back; /* smallest r - s client->server, server->client */
};

static void put(struct stamp_line *l, uint64_t seq)
{
	l->tsc = clock_rdtsc_start();
	atomic_store_explicit(&l->seq, seq, memory_order_release);
}

/* Waits for seq on l; returns the arrival TSC minus the sender's. */
static int64_t get(struct stamp_line *l, uint64_t seq)
{
	while (atomic_load_explicit(&l->seq, memory_order_acquire) != seq)
		cpu_relax();
	return (int64_t)(clock_rdtsc_start() - l->tsc);
}

static int skew_child(void *arg, int side)
{
	struct skew_shared *s = arg;
	int64_t best = INT64_MAX;

	prctl(PR_SET_NAME, "ipcbench-calib");
	if (pin_self(s->cpu[side]) < 0)
		return 2;
	for (uint64_t i = 1; i <= ROUNDS; i++) {
		int64_t d;

		if (side == 0) {
			put(&s->ping, i);
			d = get(&s->pong, i);
		} else {
			d = get(&s->ping, i);
			put(&s->pong, i);
		}
		if (d < best)
			best = d;
	}
	if (side == 0)
		s->min_back = best;
	else
		s->min_there = best;
	return 0;
}

int tscskew_measure(const struct clock_src *clk, int client_cpu, int server_cpu,
		    struct tsc_skew *out)
{
	struct skew_shared *s;
	struct pair_outcome o;

	out->ok = 0;
	if (!clk->tsc || client_cpu == server_cpu)
		return 0;
	s = shmem_alloc(sizeof(*s));
	if (!s)
		return -errno;
	s->cpu[0] = client_cpu;
	s->cpu[1] = server_cpu;
	spawn_pair(skew_child, s, TIMEOUT_NS, &o);
	out->ok = o.end == PAIR_DONE && spawn_exited_ok(o.wstatus[0]) && spawn_exited_ok(o.wstatus[1]);
	out->lo_ns = -(double)s->min_back * clk->ns_per_tick;
	out->hi_ns = (double)s->min_there * clk->ns_per_tick;
	shmem_free(s, sizeof(*s));
	return o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}
