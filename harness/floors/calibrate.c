#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "floors/calibrate.h"
#include "floors/probe.h"
#include "sys/futex.h"
#include "sys/pagebuf.h"
#include "sys/pin.h"
#include "sys/shmem.h"
#include "sys/spawn.h"
#include "stats/stats.h"

const size_t floor_memcpy_bytes[FLOOR_MEMCPY_SIZES] = { 64u << 10, 1u << 20, 64u << 20 };

#define PP_SAMPLES 20001 /* round trips per probe; the median is the floor */
#define LINE_SAMPLES 2001 /* round trips on each line of the spread */
#define LINE_STRIDE 256   /* adjacent 128-byte blocks shared a slice in every probe so far */
#define TIMEOUT_NS 60000000000ull

struct calib_shared {
	struct probe_lines one, two; /* one-line ping-pong; request line + reply line */
	_Alignas(4096) _Atomic uint64_t page[4096 / sizeof(uint64_t)]; /* the spread's lines */
	_Alignas(128) _Atomic uint32_t barrier;
	_Atomic uint32_t barrier2;
	struct floors f;
	const struct clock_src *clk;
	double pp[PP_SAMPLES]; /* client scratch */
};

static double memcpy_gbps(const struct clock_src *clk, size_t len)
{
	/* both at a page boundary: 0 bytes apart mod 4096 (sys/pagebuf.h) */
	char *src = pagebuf_alloc(len, 0), *dst = pagebuf_alloc(len, 0);
	double trial[5];
	size_t reps = (256u << 20) / len;

	if (!src || !dst) {
		pagebuf_free(src);
		pagebuf_free(dst);
		return 0;
	}
	memset(src, 1, len);
	memset(dst, 2, len);
	for (int t = 0; t < 5; t++) {
		uint64_t t0 = clock_start(clk);
		for (size_t i = 0; i < (reps ? reps : 1); i++) {
			memcpy(dst, src, len);
			__asm__ __volatile__("" ::"r"(dst) : "memory"); /* keep every copy */
		}
		trial[t] = (double)len * (double)(reps ? reps : 1) /
			   clock_to_ns(clk, clock_stop(clk) - t0);
	}
	pagebuf_free(src);
	pagebuf_free(dst);
	return stats_median(trial, 5);
}

static double syscall_ns(const struct clock_src *clk)
{
	double block[11];

	for (int b = 0; b < 11; b++) {
		uint64_t t0 = clock_start(clk);
		for (int i = 0; i < 10000; i++)
			syscall(SYS_getppid);
		block[b] = clock_to_ns(clk, clock_stop(clk) - t0) / 10000;
	}
	return stats_median(block, 11);
}

/* One round trip per sample, timed like a transport's: the client publishes on `out`
 * and waits for the answer on `in`. With out == in this is the one-line ping-pong; with
 * two lines it is the least a request/reply protocol with separate slots can cost. */
static double pingpong(struct calib_shared *s, int side, _Atomic uint64_t *out,
		       _Atomic uint64_t *in, size_t n)
{
	struct probe_args p = {
		.out = out, .in = in, .clk = s->clk, .yield = s->f.client_cpu == s->f.server_cpu,
		.max_rt = n, .timeout_ns = TIMEOUT_NS, .scratch = s->pp,
	};
	double v = floor_probe(&p, side);

	return v > 0 ? v : 0;
}

/* The one-line round trip on FLOOR_LINES lines of one page, one after the other: on a
 * mesh each line's address picks the L3 slice that homes it, and so its cost. Not on one
 * CPU, where the hand-over is a sched_yield whatever the line (lines_rt_ns stay 0). */
static void line_spread(struct calib_shared *s, int side)
{
	double med[FLOOR_LINES];

	if (s->f.client_cpu == s->f.server_cpu)
		return;

	for (int i = 0; i < FLOOR_LINES; i++) {
		_Atomic uint64_t *l = &s->page[i * LINE_STRIDE / sizeof(uint64_t)];

		med[i] = pingpong(s, side, l, l, LINE_SAMPLES);
	}
	if (side != 0)
		return;
	s->f.lines_rt_ns[1] = stats_median(med, FLOOR_LINES); /* sorts med */
	s->f.lines_rt_ns[0] = med[0];
	s->f.lines_rt_ns[2] = med[FLOOR_LINES - 1];
}

static int calib_child(void *arg, int side)
{
	struct calib_shared *s = arg;

	prctl(PR_SET_NAME, "ipcbench-calib");
	if (pin_self(side == 0 ? s->f.client_cpu : s->f.server_cpu) < 0)
		return 2;
	if (side == 0) {
		s->f.timer_ns = clock_overhead_ns(s->clk);
		s->f.step_ns = clock_step_ns(s->clk);
		for (int i = 0; i < FLOOR_MEMCPY_SIZES; i++)
			s->f.memcpy_gbps[i] = memcpy_gbps(s->clk, floor_memcpy_bytes[i]);
		s->f.syscall_ns = syscall_ns(s->clk);
	}
	if (futex_barrier(&s->barrier, 2, TIMEOUT_NS) < 0)
		return 3;
	double one = pingpong(s, side, &s->one.req, &s->one.req, PP_SAMPLES);
	if (futex_barrier(&s->barrier2, 2, TIMEOUT_NS) < 0)
		return 3;
	double two = pingpong(s, side, &s->two.req, &s->two.rep, PP_SAMPLES);
	line_spread(s, side);
	if (side == 0) {
		s->f.cacheline_rt_ns = one;
		s->f.twoline_rt_ns = two;
	}
	return 0;
}

/* Why the probe children failed, for the floors' note. */
static void failure_note(const struct pair_outcome *o, char *note, size_t n)
{
	static const char *const side[] = { "client", "server" };

	if (o->end == PAIR_INTERRUPTED || o->end == PAIR_TIMEOUT) {
		snprintf(note, n, "calibration children failed (%s)",
			 o->end == PAIR_INTERRUPTED ? "interrupted" : "timeout");
		return;
	}
	for (int i = 0; i < 2; i++)
		if (WIFSIGNALED(o->wstatus[i]) && !o->killed_by_us[i]) {
			snprintf(note, n, "the %s calibration child was killed by signal %d (%s)",
				 side[i], WTERMSIG(o->wstatus[i]), strsignal(WTERMSIG(o->wstatus[i])));
			return;
		}
	snprintf(note, n, "calibration children failed (pinning or start-up failed)");
}

int calibrate_run(const struct clock_src *clk, int client_cpu, int server_cpu, struct floors *f)
{
	struct calib_shared *s = shmem_alloc(sizeof(*s));
	struct pair_outcome o;

	if (!s)
		return -errno;
	s->clk = clk;
	s->f.client_cpu = client_cpu;
	s->f.server_cpu = server_cpu;
	spawn_pair(calib_child, s, TIMEOUT_NS, &o);
	*f = s->f;
	f->ok = o.end == PAIR_DONE && spawn_exited_ok(o.wstatus[0]) && spawn_exited_ok(o.wstatus[1]);
	if (!f->ok)
		failure_note(&o, f->note, sizeof(f->note));
	else if (client_cpu == server_cpu)
		snprintf(f->note, sizeof(f->note),
			 "one CPU: the ping-pong is a sched_yield handoff, not a cache-line transfer");
	shmem_free(s, sizeof(*s));
	return o.end == PAIR_INTERRUPTED ? -EINTR : 0;
}

void calibrate_print(const struct floors *f, FILE *out)
{
	fprintf(out, "Floors on CPUs %d (client) and %d (server):\n", f->client_cpu, f->server_cpu);
	if (!f->ok) {
		fprintf(out, "  not measured: %s\n", f->note);
		return;
	}
	fprintf(out, "  timer overhead (start+stop)      %10.1f ns (inside every sample and floor)\n", f->timer_ns);
	fprintf(out, "  clock step                       %10.1f ns (a sample, and a median, are exact "
		"to one step)\n", f->step_ns);
	fprintf(out, "  cache-line ping-pong round trip  %10.1f ns\n", f->cacheline_rt_ns);
	fprintf(out, "  request/reply on two lines        %10.1f ns\n", f->twoline_rt_ns);
	if (f->lines_rt_ns[1] > 0) /* not measured on one CPU */
		fprintf(out, "  ping-pong on %d lines of one page %6.1f / %.1f / %.1f ns (min / median / max: "
			"on a mesh\n                                   a line's address picks its L3 "
			"slice, and its cost)\n",
			FLOOR_LINES, f->lines_rt_ns[0], f->lines_rt_ns[1], f->lines_rt_ns[2]);
	for (int i = 0; i < FLOOR_MEMCPY_SIZES; i++)
		fprintf(out, "  memcpy %5zu KiB                  %10.2f GB/s\n",
			floor_memcpy_bytes[i] >> 10, f->memcpy_gbps[i]);
	fprintf(out, "  null system call (getppid)       %10.1f ns\n", f->syscall_ns);
	if (f->note[0])
		fprintf(out, "  note: %s\n", f->note);
}
