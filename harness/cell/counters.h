/* Event counts around the measured phase: one perf event per name (perf_event_open on the
 * calling process, user and kernel), names resolved by libpfm4 so that any event the CPU
 * or kernel has can be asked for. An event that cannot be opened is recorded with its
 * errno and reported as NA with the reason, never as zero. */
#ifndef IPCBENCH_COUNTERS_H
#define IPCBENCH_COUNTERS_H
#include <perfmon/pfmlib_perf_event.h> /* its own perf_event.h: not with linux/perf_event.h */
#include <stddef.h>
#include <stdint.h>

#define CTR_MAX 16
#define CTR_NAME_LEN 64
/* Hardware events only: context switches and page faults come from getrusage, which
 * costs nothing outside the counted phase, while every per-task event costs the next
 * second's context switches (CTR_HOOKS_OFF_NS). */
#define CTR_DEFAULT "cycles,instructions,cache-references,cache-misses,branch-misses"

/* An open per-task perf event switches the kernel's perf hooks on at every context switch
 * of every task (the perf_sched_events static key), and closing the last one switches them
 * off only a second later (delayed work, HZ jiffies). Measured on the development VM: a
 * same-CPU pipe round trip 8-20 % slower right after one software event was opened and
 * closed, back to normal 1.5 s later. A timed phase begins this long after the last close. */
#define CTR_HOOKS_OFF_NS 1100000000ull

struct ctr_event {
	char name[CTR_NAME_LEN]; /* as written in the configuration */
	struct perf_event_attr attr;
};

struct ctr_set {
	size_t n;
	struct ctr_event ev[CTR_MAX];
};

/* One event's count over the phase. err: 0 or the negative errno that made it NA. */
struct ctr_reading {
	int err;
	int user_only; /* kernel counting was refused (perf_event_paranoid): user space only */
	uint64_t value, enabled, running;
};

struct ctr_values {
	uint32_t n;
	struct ctr_reading r[CTR_MAX];
};

/* The open descriptors of one process. */
struct ctr_group {
	size_t n;
	int fd[CTR_MAX]; /* -1 where the event could not be opened */
};

/* How events are opened: perf_event_open(attr, 0, -1, -1, 0) by default (NULL); tests
 * pass a function that fails. Returns a descriptor or a negative errno. */
typedef int (*ctr_open_fn)(struct perf_event_attr *attr);

/* Resolves a comma-separated list ("none" or empty: no events). Returns 0, or -EINVAL
 * (-E2BIG: more than CTR_MAX) with the offending name and libpfm4's reason in err. */
int ctr_resolve(const char *list, struct ctr_set *set, char *err, size_t errlen);
/* Opens every event, disabled; failures go into v. */
void ctr_open(const struct ctr_set *set, ctr_open_fn fn, struct ctr_group *g,
	      struct ctr_values *v);
/* Resets and enables the open events; disables them and reads them into v. */
void ctr_start(struct ctr_group *g);
void ctr_stop(struct ctr_group *g, struct ctr_values *v);
void ctr_close(struct ctr_group *g);
/* 1 when some event of v was opened (the hooks are on until CTR_HOOKS_OFF_NS after it closed). */
int ctr_any_opened(const struct ctr_values *v);
/* Sleeps until CTR_HOOKS_OFF_NS after closed_ns (CLOCK_MONOTONIC_RAW; 0: no event was open);
 * a signal ends it early. */
void ctr_wait_hooks_off(uint64_t closed_ns);
/* The count per message (scaled up when the event was multiplexed), or a negative errno
 * when it is NA: the open error, -ENODATA when it never ran, -EINVAL for msgs == 0. */
int ctr_per_msg(const struct ctr_reading *r, uint64_t msgs, double *out);
/* Why an event is NA, in words. */
void ctr_explain(int err, char *buf, size_t n);
/* The CSV column stem for an event name: characters other than letters, digits and '_'
 * become '_' (context-switches: context_switches), so that every tool can name it. */
void ctr_column_name(const char *event, char *out, size_t n);

#endif
