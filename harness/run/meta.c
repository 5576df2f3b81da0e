#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "sys/clock.h"
#include "text/csv.h"
#include "run/meta.h"
#include "version.h"
#include "sys/pin.h"

void meta_set(struct meta *m, const char *key, const char *fmt, ...)
{
	char *val = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		val = NULL;
	va_end(ap);
	if (!val)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].key, key) == 0) {
			free(m->v[i].value);
			m->v[i].value = val;
			return;
		}
	struct meta_kv *v = realloc(m->v, (m->n + 1) * sizeof(*v));
	char *k = strdup(key);
	if (!v || !k) {
		free(val);
		free(k);
		if (v)
			m->v = v;
		return;
	}
	m->v = v;
	m->v[m->n++] = (struct meta_kv){ k, val };
}

const char *meta_get(const struct meta *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].key, key) == 0)
			return m->v[i].value;
	return NULL;
}

/* First "field : value" line of a /proc file, value trimmed; "NA" when absent. */
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

void meta_collect_env(struct meta *m)
{
	struct utsname u;
	char buf[256], host[256] = "unknown";
	time_t now = time(NULL);
	struct tm tm;

	meta_set(m, "schema_version", "1");
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

int meta_write(const struct meta *m, const char *path)
{
	struct sbuf b = { 0 };
	int r;

	sbuf_printf(&b, "key,value\n");
	for (size_t i = 0; i < m->n; i++) {
		sbuf_csv_field(&b, m->v[i].key);
		sbuf_printf(&b, ",");
		sbuf_csv_field(&b, m->v[i].value);
		sbuf_printf(&b, "\n");
	}
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return r;
}

void meta_free(struct meta *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].value);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* Every file of a sysfs directory as "name: first line; ...". */
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

void meta_collect_manifest(struct meta *m)
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
	meta_set(m, "virtualized", "%s", meta_is_vm() ? "yes (hypervisor CPU flag)" : "no");
	meta_file(m, "dmi_product", "/sys/class/dmi/id/product_name");
}

int meta_is_vm(void)
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
