/* `perf bench sched pipe -l N`: two processes, a parent and the worker it forks, pass a
 * 4-byte int back and forth through two pipes N times; perf prints the wall time of the
 * whole (fork and exit included) over N: a mean round trip.
 *
 * perf cannot place its two sides itself. It starts here on CPU A (as under taskset -c A),
 * so its worker is born on A too; we watch /proc/PID/task/PID/children every
 * PIN_POLL_NS and move the worker to CPU B as soon as it appears, then check the
 * affinities and sample, every SAMPLE_NS while it runs, the CPU /proc/PID/stat says each
 * process last ran on. Until it is moved the worker shares CPU A with the parent: the row's
 * note says for how long at most. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sys/clock.h"
#include "crosscheck/tools.h"
#include "crosscheck/xproc.h"

#define PIN_POLL_NS 20000ull
#define SAMPLE_NS 20000000ull
#define MIN_LOOPS 1000.0
#define MAX_LOOPS 20000000.0
#define DEFAULT_RT_NS 10000.0

struct perf_pin {
	pid_t parent, worker;
	int cpu_a, cpu_b;
	uint64_t start_ns, last_miss_ns, pinned_ns;
	int pin_errno, mask_ok, no_children_file;
	unsigned samples, placed; /* samples, and those with parent on A and worker on B */
};

/* The first child of pid, or 0; *missing set when the kernel has no children file
 * (CONFIG_PROC_CHILDREN) although pid still runs. */
static pid_t first_child(pid_t pid, int *missing)
{
	char path[64];
	long c = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (!f) {
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		*missing |= access(path, F_OK) == 0;
		return 0;
	}
	if (fscanf(f, "%ld", &c) != 1)
		c = 0;
	fclose(f);
	return (pid_t)c;
}

/* The CPU pid last ran on (field 39 of /proc/PID/stat), or -1. */
static int last_cpu(pid_t pid)
{
	char path[64], buf[1024], *p;
	int cpu = -1;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')'); /* the command name may hold blanks */
	for (int field = 2; p && field < 39; field++)
		p = strchr(p + 1, ' ');
	if (p)
		cpu = atoi(p + 1);
	return cpu;
}

static int only_on(pid_t pid, int cpu)
{
	cpu_set_t s;

	return sched_getaffinity(pid, sizeof(s), &s) == 0 && CPU_COUNT(&s) == 1 &&
	       CPU_ISSET(cpu, &s);
}

static uint64_t pin_tick(void *arg, uint64_t now)
{
	struct perf_pin *pp = arg;
	cpu_set_t b;

	if (pp->pin_errno)
		return SAMPLE_NS;
	if (pp->worker) {
		int pa = last_cpu(pp->parent), wk = last_cpu(pp->worker);

		if (pa >= 0 && wk >= 0) {
			pp->samples++;
			pp->placed += pa == pp->cpu_a && wk == pp->cpu_b;
		}
		return SAMPLE_NS;
	}
	if (!(pp->worker = first_child(pp->parent, &pp->no_children_file))) {
		pp->last_miss_ns = now;
		return PIN_POLL_NS;
	}
	CPU_ZERO(&b);
	CPU_SET(pp->cpu_b, &b);
	if (sched_setaffinity(pp->worker, sizeof(b), &b) < 0) {
		pp->pin_errno = errno;
		pp->worker = 0;
		return SAMPLE_NS;
	}
	pp->pinned_ns = clock_mono_ns();
	pp->mask_ok = only_on(pp->worker, pp->cpu_b) && only_on(pp->parent, pp->cpu_a);
	return 1000000; /* the first sample once the move has had a ms to happen */
}

static int pin_verdict(const struct perf_pin *pp, struct xtool_job *j)
{
	double moved_us = (double)(pp->pinned_ns - pp->start_ns) / 1e3;
	double shared_us = (double)(pp->pinned_ns - (pp->last_miss_ns ? pp->last_miss_ns :
						     pp->start_ns)) / 1e3;

	if (pp->pin_errno) {
		snprintf(j->note, sizeof(j->note), "cannot move perf's worker to CPU %d: %s",
			 pp->cpu_b, strerror(pp->pin_errno));
		return -pp->pin_errno;
	}
	if (!pp->pinned_ns) {
		snprintf(j->note, sizeof(j->note), "perf's worker could not be moved to CPU %d: %s",
			 pp->cpu_b, pp->no_children_file ? "this kernel has no /proc/PID/task/PID/"
			 "children" : "it ended before it was seen");
		return -ESRCH;
	}
	if (!pp->mask_ok) {
		snprintf(j->note, sizeof(j->note), "perf's processes were not confined to one CPU "
			 "each after the move");
		return -ESRCH;
	}
	if (pp->samples && pp->placed * 2 < pp->samples) {
		snprintf(j->note, sizeof(j->note), "/proc showed perf's parent on CPU %d and its "
			 "worker on CPU %d in only %u of %u samples", pp->cpu_a, pp->cpu_b,
			 pp->placed, pp->samples);
		return -ESRCH;
	}
	snprintf(j->note, sizeof(j->note), "perf started on CPU %d (taskset -c %d); its forked "
		 "worker was moved to CPU %d %.0f us after the start, having shared CPU %d for at "
		 "most %.0f us; /proc: parent on %d, worker on %d in %u of %u samples",
		 pp->cpu_a, pp->cpu_a, pp->cpu_b, moved_us, pp->cpu_a, shared_us, pp->cpu_a,
		 pp->cpu_b, pp->placed, pp->samples);
	return 0;
}

/* As many loops as our cell measured round trips; without one yet, what our duration
 * holds at DEFAULT_RT_NS. */
static double loops_for(const struct xtool_job *j)
{
	double loops = j->round_trips ? (double)j->round_trips :
		       (double)j->run->duration_ns / DEFAULT_RT_NS;

	return loops < MIN_LOOPS ? MIN_LOOPS : loops > MAX_LOOPS ? MAX_LOOPS : loops;
}

int xtool_perf_pipe(struct xtool_job *j)
{
	struct xrow *w = j->row;
	char loops[32], st[64], line[200];
	char *argv[] = { w->path, "bench", "sched", "pipe", "-l", loops, NULL };
	int cross = w->client_cpu != w->server_cpu;
	struct perf_pin pp = { .cpu_a = w->client_cpu, .cpu_b = w->server_cpu };
	uint64_t deadline = 10 * j->run->duration_ns + 20000000000ull;
	struct xproc p;
	int e;

	snprintf(loops, sizeof(loops), "%.0f", loops_for(j));
	xtool_command_text(argv, w->client_cpu, w->command, sizeof(w->command));
	if ((e = xproc_start(&p, argv, w->client_cpu)) < 0) {
		snprintf(j->note, sizeof(j->note), "cannot start %s: %s", w->s->exe, strerror(-e));
		return e;
	}
	pp.parent = p.pid;
	pp.start_ns = p.start_ns;
	e = xproc_wait(&p, p.start_ns + deadline, cross ? pin_tick : NULL, &pp);
	xproc_status_text(&p, st, sizeof(st));
	xparse_failure_line(p.out.p, p.err.p, line, sizeof(line));
	if (e == 0 && !xproc_ok(&p))
		e = -EIO;
	if (e == 0 && (e = xparse_perf_pipe(p.out.p ? p.out.p : "", &j->fig)) < 0)
		snprintf(j->note, sizeof(j->note), "no usecs/op in perf's output: %s", line);
	else if (e == 0 && cross)
		e = pin_verdict(&pp, j);
	else if (e == 0)
		snprintf(j->note, sizeof(j->note), "both processes on CPU %d (taskset -c %d)",
			 w->client_cpu, w->client_cpu);
	else if (e == -ETIMEDOUT)
		snprintf(j->note, sizeof(j->note), "perf did not finish %s loops within %.0f s: "
			 "killed", loops, (double)deadline / 1e9);
	else if (e != -EINTR)
		snprintf(j->note, sizeof(j->note), "%s (%s)", line, st);
	xproc_free(&p);
	return e;
}
