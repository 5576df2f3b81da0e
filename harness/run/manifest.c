/* What meta.csv says about the machine and the run beside the configuration: the tool,
 * host, kernel and CPU; the environment manifest (SMT, frequency, turbo, isolation,
 * mitigations, virtualization); whether each asked-for counter counts here; the floors. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "cell/counters.h"
#include "out/schema.h"
#include "run/manifest.h"
#include "sys/cachectl.h"
#include "sys/clock.h"
#include "sys/pin.h"
#include "version.h"

static void proc_field(const char *path, const char *field, char *out, size_t n)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t fl = strlen(field);

	snprintf(out, n, "NA");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':');
		if (strncmp(line, field, fl) != 0 || !c)
			continue;
		c++;
		c += strspn(c, " \t");
		c[strcspn(c, "\n")] = 0;
		snprintf(out, n, "%s", c);
		break;
	}
	fclose(f);
}

static void file_line(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "r");

	snprintf(out, n, "NA");
	if (!f)
		return;
	if (fgets(out, (int)n, f))
		out[strcspn(out, "\n")] = 0;
	fclose(f);
}

void manifest_env(struct meta *m)
{
	struct utsname u;
	char buf[256], host[256] = "unknown";
	time_t now = time(NULL);
	struct tm tm;

	meta_set(m, "schema_version", "%d", SCHEMA_VERSION);
	meta_set(m, "tool", "ipcbench");
	meta_set(m, "tool_version", "%s", IPCBENCH_VERSION);
	meta_set(m, "git_revision", "%s", IPCBENCH_GITREV);
	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	meta_set(m, "date_utc", "%s", buf);
	gethostname(host, sizeof(host) - 1);
	meta_set(m, "host", "%s", host);
	if (uname(&u) == 0) {
		meta_set(m, "kernel", "%s %s", u.sysname, u.release);
		meta_set(m, "kernel_build", "%s", u.version);
		meta_set(m, "arch", "%s", u.machine);
	}
	proc_field("/proc/cpuinfo", "model name", buf, sizeof(buf));
	meta_set(m, "cpu_model", "%s", buf);
	proc_field("/proc/cpuinfo", "microcode", buf, sizeof(buf));
	meta_set(m, "cpu_microcode", "%s", buf);
	meta_set(m, "cpus_online", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	meta_set(m, "cpus_allowed", "%d", pin_allowed_count());
	meta_set(m, "tsc_invariant", "%s", clock_tsc_invariant() ? "yes" : "no");
	file_line("/sys/devices/system/clocksource/clocksource0/current_clocksource", buf,
		  sizeof(buf));
	meta_set(m, "kernel_clocksource", "%s", buf);
	file_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof(buf));
	meta_set(m, "cpu_governor", "%s", buf); /* NA without cpufreq (most VMs) */
}

static void dir_summary(const char *dir, char *out, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t len = 0;

	snprintf(out, n, "NA");
	if (!d)
		return;
	out[0] = 0;
	while ((e = readdir(d)) && len + 2 < n) {
		char path[512], line[200];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		file_line(path, line, sizeof(line));
		len += (size_t)snprintf(out + len, n - len, "%s%s: %s", len ? "; " : "", e->d_name, line);
	}
	closedir(d);
}

static void meta_file(struct meta *m, const char *key, const char *path)
{
	char buf[256];

	file_line(path, buf, sizeof(buf));
	meta_set(m, key, "%s", buf[0] ? buf : "none"); /* present but empty */
}

void manifest_machine(struct meta *m)
{
	static const char *const cpu0 = "/sys/devices/system/cpu/cpu0/cpufreq/";
	char buf[2048], path[256];

	meta_file(m, "smt_active", "/sys/devices/system/cpu/smt/active");
	meta_file(m, "smt_control", "/sys/devices/system/cpu/smt/control");
	snprintf(path, sizeof(path), "%scpuinfo_min_freq", cpu0);
	meta_file(m, "cpufreq_min_khz", path);
	snprintf(path, sizeof(path), "%scpuinfo_max_freq", cpu0);
	meta_file(m, "cpufreq_max_khz", path);
	meta_file(m, "turbo_intel_no_turbo", "/sys/devices/system/cpu/intel_pstate/no_turbo");
	meta_file(m, "turbo_boost", "/sys/devices/system/cpu/cpufreq/boost");
	meta_file(m, "isolcpus", "/sys/devices/system/cpu/isolated");
	meta_file(m, "nohz_full", "/sys/devices/system/cpu/nohz_full");
	meta_file(m, "thp", "/sys/kernel/mm/transparent_hugepage/enabled");
	meta_file(m, "perf_event_paranoid", "/proc/sys/kernel/perf_event_paranoid");
	dir_summary("/sys/devices/system/cpu/vulnerabilities", buf, sizeof(buf));
	meta_set(m, "cpu_vulnerabilities", "%s", buf);
	meta_set(m, "virtualized", "%s", manifest_is_vm() ? "yes (hypervisor CPU flag)" : "no");
	meta_file(m, "dmi_product", "/sys/class/dmi/id/product_name");
}

int manifest_is_vm(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[4096];
	int vm = 0;

	if (!f)
		return 0;
	while (!vm && fgets(line, sizeof(line), f))
		vm = strncmp(line, "flags", 5) == 0 && strstr(line, " hypervisor");
	fclose(f);
	return vm;
}

static int probe_events(struct meta *m, const struct ctr_set *set)
{
	struct ctr_group g;
	struct ctr_values v;
	char key[CTR_NAME_LEN + 16], why[160];

	ctr_open(set, NULL, &g, &v);
	ctr_close(&g);
	for (size_t i = 0; i < set->n; i++) {
		snprintf(key, sizeof(key), "counter_%s", set->ev[i].name);
		if (meta_get(m, key))
			continue;
		if (v.r[i].err == 0) {
			meta_set(m, key, "%s", v.r[i].user_only ? "ok (user space only)" : "ok");
			continue;
		}
		ctr_explain(v.r[i].err, why, sizeof(why));
		meta_set(m, key, "NA: %s%s", why,
			 v.r[i].err == -ENOENT && set->ev[i].attr.type != PERF_TYPE_SOFTWARE
				 ? "; a virtual machine without a virtual PMU has no hardware events"
				 : "");
	}
	return ctr_any_opened(&v);
}

int manifest_counters(struct meta *m, const struct run_config *cfg)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int paranoid = 0, have = f && fscanf(f, "%d", &paranoid) == 1;
	char err[256];
	int opened = 0;

	if (f)
		fclose(f);
	meta_set(m, "cache_flush_method", "%s", cache_flush_method());
	if (have)
		meta_set(m, "perf_event_paranoid", "%d", paranoid);
	else
		meta_set(m, "perf_event_paranoid", "NA");
	for (size_t i = 0; i < cfg->nsweeps; i++) {
		struct ctr_set set;

		if (ctr_resolve(cfg->sweeps[i].set.events, &set, err, sizeof(err)) == 0)
			opened |= probe_events(m, &set);
	}
	return opened;
}

void manifest_floors(const struct floors *f, const char *prefix, struct meta *m)
{
	char key[128];

#define KEY(name) (snprintf(key, sizeof(key), "%s_%s", prefix, name), key)
	meta_set(m, KEY("cpus"), "%d,%d", f->client_cpu, f->server_cpu);
	meta_set(m, KEY("status"), "%s", f->ok ? "ok" : "failed");
	meta_set(m, KEY("note"), "%s", f->note);
	if (!f->ok)
		return;
	meta_set(m, KEY("timer_overhead_ns"), "%.1f", f->timer_ns);
	meta_set(m, KEY("clock_step_ns"), "%.2f", f->step_ns);
	meta_set(m, KEY("cacheline_rt_ns"), "%.1f", f->cacheline_rt_ns);
	meta_set(m, KEY("twoline_rt_ns"), "%.1f", f->twoline_rt_ns);
	if (f->lines_rt_ns[1] > 0) { /* not measured on one CPU */
		meta_set(m, KEY("cacheline_lines_min_ns"), "%.1f", f->lines_rt_ns[0]);
		meta_set(m, KEY("cacheline_lines_median_ns"), "%.1f", f->lines_rt_ns[1]);
		meta_set(m, KEY("cacheline_lines_max_ns"), "%.1f", f->lines_rt_ns[2]);
	}
	for (int i = 0; i < FLOOR_MEMCPY_SIZES; i++) {
		char name[64];

		snprintf(name, sizeof(name), "memcpy_%zuk_bytes_per_ns", floor_memcpy_bytes[i] >> 10);
		meta_set(m, KEY(name), "%.2f", f->memcpy_gbps[i]);
	}
	meta_set(m, KEY("null_syscall_ns"), "%.1f", f->syscall_ns);
#undef KEY
}
