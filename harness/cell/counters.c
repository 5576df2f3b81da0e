#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "cell/counters.h"
#include "sys/clock.h"
#include "text/parse.h"

static int resolve_one(const char *name, struct ctr_event *ev, char *err, size_t errlen)
{
	pfm_perf_encode_arg_t arg;
	int r;

	memset(ev, 0, sizeof(*ev));
	if (strlen(name) >= CTR_NAME_LEN) {
		snprintf(err, errlen, "event name '%.40s...' is longer than %d characters", name,
			 CTR_NAME_LEN - 1);
		return -EINVAL;
	}
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	memset(&arg, 0, sizeof(arg));
	arg.attr = &ev->attr;
	arg.size = sizeof(arg);
	r = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (r != PFM_SUCCESS) {
		snprintf(err, errlen, "unknown event '%s' (libpfm4: %s); use a perf name such as "
			 "cycles, instructions, cache-misses, LLC-load-misses, context-switches, or "
			 "an event of this CPU's PMU", name, pfm_strerror(r));
		return -EINVAL;
	}
	ev->attr.size = sizeof(ev->attr);
	return 0;
}

static int duplicate(const struct ctr_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->ev[i].name, name) == 0)
			return 1;
	return 0;
}

int ctr_resolve(const char *list, struct ctr_set *set, char *err, size_t errlen)
{
	char **names = NULL;
	size_t nn = 0;
	int r;

	set->n = 0;
	if (!list[strspn(list, " \t")] || strcmp(list, "none") == 0)
		return 0;
	r = pfm_initialize(); /* idempotent */
	if (r != PFM_SUCCESS) {
		snprintf(err, errlen, "libpfm4 initialisation failed: %s", pfm_strerror(r));
		return -EINVAL;
	}
	if (parse_name_list(list, &names, &nn) < 0) {
		snprintf(err, errlen, "expected a comma-separated list of event names, or none");
		return -EINVAL;
	}
	r = nn > CTR_MAX ? -E2BIG : 0;
	if (r < 0)
		snprintf(err, errlen, "%zu events: at most %d at once", nn, CTR_MAX);
	for (size_t i = 0; r == 0 && i < nn; i++) {
		if (duplicate(set, names[i])) {
			snprintf(err, errlen, "event '%s' is listed twice", names[i]);
			r = -EINVAL;
		} else if ((r = resolve_one(names[i], &set->ev[set->n], err, errlen)) == 0) {
			set->n++;
		}
	}
	free_name_list(names, nn);
	if (r < 0)
		set->n = 0;
	return r;
}

static int sys_open(struct perf_event_attr *attr)
{
	long fd = syscall(SYS_perf_event_open, attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : (int)fd;
}

/* Kernel counting refused (perf_event_paranoid >= 2 without CAP_PERFMON): user only. */
static int open_event(const struct ctr_event *ev, ctr_open_fn fn, struct ctr_reading *rd)
{
	struct perf_event_attr attr = ev->attr;
	int fd;

	attr.disabled = 1;
	attr.exclude_hv = 1;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	fd = fn(&attr);
	if ((fd == -EACCES || fd == -EPERM) && !attr.exclude_kernel) {
		attr.exclude_kernel = 1;
		fd = fn(&attr);
		rd->user_only = fd >= 0;
	}
	return fd;
}

void ctr_open(const struct ctr_set *set, ctr_open_fn fn, struct ctr_group *g,
	      struct ctr_values *v)
{
	memset(v, 0, sizeof(*v));
	g->n = v->n = (uint32_t)set->n;
	for (size_t i = 0; i < set->n; i++) {
		int fd = open_event(&set->ev[i], fn ? fn : sys_open, &v->r[i]);

		g->fd[i] = fd >= 0 ? fd : -1;
		v->r[i].err = fd < 0 ? fd : 0;
	}
}

void ctr_start(struct ctr_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->fd[i] >= 0) {
			ioctl(g->fd[i], PERF_EVENT_IOC_RESET, 0);
			ioctl(g->fd[i], PERF_EVENT_IOC_ENABLE, 0);
		}
}

void ctr_stop(struct ctr_group *g, struct ctr_values *v)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->fd[i] >= 0)
			ioctl(g->fd[i], PERF_EVENT_IOC_DISABLE, 0);
	for (size_t i = 0; i < g->n; i++) {
		uint64_t buf[3];

		if (g->fd[i] < 0)
			continue;
		if (read(g->fd[i], buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			v->r[i].err = -EIO;
			continue;
		}
		v->r[i].value = buf[0];
		v->r[i].enabled = buf[1];
		v->r[i].running = buf[2];
	}
}

void ctr_close(struct ctr_group *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->fd[i] >= 0)
			close(g->fd[i]);
	g->n = 0;
}

int ctr_any_opened(const struct ctr_values *v)
{
	for (uint32_t i = 0; i < v->n && i < CTR_MAX; i++)
		if (v->r[i].err == 0)
			return 1;
	return 0;
}

void ctr_wait_hooks_off(uint64_t closed_ns)
{
	uint64_t now = clock_mono_ns(), until = closed_ns + CTR_HOOKS_OFF_NS;

	if (!closed_ns || now >= until)
		return;
	struct timespec d = { (time_t)((until - now) / 1000000000u), (long)((until - now) % 1000000000u) };

	nanosleep(&d, NULL); /* EINTR: the caller notices the signal */
}

int ctr_per_msg(const struct ctr_reading *r, uint64_t msgs, double *out)
{
	double v = (double)r->value;

	if (r->err)
		return r->err;
	if (msgs == 0)
		return -EINVAL;
	if (r->running == 0)
		return r->enabled ? -ENODATA : -EINVAL;
	if (r->running < r->enabled) /* multiplexed: scale to the whole phase */
		v *= (double)r->enabled / (double)r->running;
	*out = v / (double)msgs;
	return 0;
}

static int paranoid_level(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int v = -100;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -100;
		fclose(f);
	}
	return v;
}

static const char *errno_name(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EACCES: return "EACCES";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case EMFILE: return "EMFILE";
	case ENOSYS: return "ENOSYS";
	case ENODATA: return "ENODATA";
	default: return NULL;
	}
}

void ctr_explain(int err, char *buf, size_t n)
{
	const char *name = errno_name(-err);
	char code[64];

	snprintf(code, sizeof(code), "%s", name ? name : strerror(-err));
	switch (-err) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		snprintf(buf, n, "not counted by this CPU or kernel (%s)", code);
		break;
	case EACCES:
	case EPERM:
		snprintf(buf, n, "not permitted: kernel.perf_event_paranoid = %d (%s)",
			 paranoid_level(), code);
		break;
	case ENOSYS:
		snprintf(buf, n, "this kernel has no perf_event_open (%s)", code);
		break;
	case ENODATA:
		snprintf(buf, n, "never scheduled on the PMU during the phase");
		break;
	default:
		snprintf(buf, n, "perf_event_open failed (%s)", code);
	}
}

void ctr_column_name(const char *event, char *out, size_t n)
{
	size_t i;

	for (i = 0; event[i] && i + 1 < n; i++) {
		char c = event[i];
		int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			   c == '_';
		out[i] = keep ? c : '_';
	}
	if (n)
		out[i] = 0;
}
