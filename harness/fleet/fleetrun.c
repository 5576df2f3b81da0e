#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "config/config.h"
#include "text/csv.h"
#include "fleet/fleetrun.h"
#include "fleet/merge.h"
#include "fleet/proc.h"
#include "run/meta.h"
#include "run/outdir.h"
#include "run/resume.h"
#include "run/run.h"

void fleet_path(const struct fleet_run *f, char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int len = snprintf(out, n, "%s/", f->dir);

	va_start(ap, fmt);
	if (len > 0 && (size_t)len < n)
		vsnprintf(out + len, n - (size_t)len, fmt, ap);
	va_end(ap);
}

static int check_config(const char *path, char *err, size_t errlen)
{
	struct run_config cfg;
	struct config_error e = { "" };
	int r = config_init(&cfg, &e);

	if (r == 0)
		r = config_load_file(&cfg, path, &e);
	if (r == 0)
		r = config_finish(&cfg, &e);
	if (r < 0)
		snprintf(err, errlen, "%s", e.msg[0] ? e.msg : "cannot read the configuration");
	config_free(&cfg);
	return r < 0 ? -EINVAL : 0;
}

/* Reads src whole and writes it to dst atomically with mode. */
static int copy_file(const char *src, const char *dst, mode_t mode)
{
	struct sbuf b = { 0 };
	char buf[65536];
	ssize_t n;
	int fd = open(src, O_RDONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0 && !b.oom)
		for (ssize_t i = 0; i < n; i++)
			sbuf_putc(&b, buf[i]);
	if (n < 0)
		r = -errno;
	close(fd);
	if (r == 0)
		r = b.oom ? -ENOMEM : write_file_atomic(dst, b.p ? b.p : "", b.len);
	if (r == 0 && chmod(dst, mode) < 0)
		r = -errno;
	sbuf_free(&b);
	return r;
}

/* The source tree this binary was built in, as DIR/src.tar (without build outputs, runs
 * and the fleet directory itself), for hosts that build their own binary. */
static int stage_source(struct fleet_run *f, char *err, size_t errlen)
{
	char exe[PATH_MAX] = "", mk[PATH_MAX + 16], fleet_rel[PATH_MAX + 16] = "./results";
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *src = len > 0 ? (exe[len] = 0, dirname(exe)) : exe;
	size_t sl = strlen(src);
	struct proc_out o;
	int r;

	snprintf(mk, sizeof(mk), "%s/Makefile", src);
	if (len <= 0 || access(mk, R_OK) < 0) {
		snprintf(err, errlen, "--build needs the source tree of ipcbench, and %s has no "
			 "Makefile: run the ipcbench of a source checkout", src);
		return -EINVAL;
	}
	if (strncmp(f->dir, src, sl) == 0 && f->dir[sl] == '/')
		snprintf(fleet_rel, sizeof(fleet_rel), "./%s", f->dir + sl + 1);
	fleet_path(f, f->src_tar, sizeof(f->src_tar), "src.tar");
	r = proc_run((char *[]){ "tar", "-C", src, "-cf", f->src_tar, "--exclude=./build",
				 "--exclude=./results", "--exclude=./ipcbench", "--exclude=./.git",
				 "--exclude", fleet_rel, ".", NULL }, NULL, &o);
	if (r == 0 && o.status != 0)
		r = -EIO;
	if (r < 0) {
		char why[512];
		proc_first_line(&o.err, strerror(-r), why, sizeof(why));
		snprintf(err, errlen, "packing the source tree %s into %s: %s", src, f->src_tar, why);
	}
	proc_out_free(&o);
	return r;
}

static int make_dirs(struct fleet_run *f, const char *kind, const char *outdir, char *err,
		     size_t errlen)
{
	static const char *const sub[] = { "bin", "logs", "hosts", "tasks" }; /* tasks: Slurm */
	char dir[PATH_MAX], stamp[32], sub_dir[PATH_MAX + 32];
	time_t now = time(NULL);
	struct tm tm;
	char *real;
	int r;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	snprintf(dir, sizeof(dir), outdir ? "%s" : "results/fleet-%s", outdir ? outdir : stamp);
	snprintf(sub_dir, sizeof(sub_dir), "%s/%s", dir, FLEET_STATUS_FILE);
	if (access(sub_dir, F_OK) == 0) {
		snprintf(err, errlen, "%s has a fleet in it already: --resume it (Slurm) or give "
			 "another -o", dir);
		return -EINVAL;
	}
	for (size_t k = 0; k < sizeof(sub) / sizeof(sub[0]) - (strcmp(kind, "slurm") != 0); k++) {
		snprintf(sub_dir, sizeof(sub_dir), "%s/%s", dir, sub[k]);
		if ((r = mkdir_p(sub_dir)) < 0) {
			snprintf(err, errlen, "cannot create %s: %s", sub_dir, strerror(-r));
			return r;
		}
	}
	real = realpath(dir, NULL);
	if (!real)
		return -errno;
	snprintf(f->dir, sizeof(f->dir), "%s", real);
	free(real);
	return 0;
}

static int stage(struct fleet_run *f, const char *config, char *err, size_t errlen)
{
	int r;

	fleet_path(f, f->conf, sizeof(f->conf), "fleet.conf");
	fleet_path(f, f->bin, sizeof(f->bin), "bin/ipcbench");
	r = copy_file(config, f->conf, 0644);
	if (r < 0) {
		snprintf(err, errlen, "copying %s to %s: %s", config, f->conf, strerror(-r));
		return r;
	}
	if (f->build)
		return stage_source(f, err, errlen);
	r = copy_file("/proc/self/exe", f->bin, 0755);
	if (r < 0)
		snprintf(err, errlen, "copying this ipcbench to %s: %s", f->bin, strerror(-r));
	return r;
}

int fleet_prepare(struct fleet_run *f, const char *kind, const char *config,
		  const char *outdir, int build, char *const *names, size_t n, char *err,
		  size_t errlen)
{
	int r = check_config(config, err, errlen);

	memset(f, 0, sizeof(*f));
	f->build = build;
	if (r == 0)
		r = make_dirs(f, kind, outdir, err, errlen);
	if (r == 0)
		r = stage(f, config, err, errlen);
	if (r == 0 && (r = fleet_status_init(&f->st, kind, names, n)) < 0)
		snprintf(err, errlen, "out of memory");
	if (r == 0)
		r = fleet_save(f);
	return r;
}

int fleet_reopen(struct fleet_run *f, const char *kind, const char *dir, char *err,
		 size_t errlen)
{
	char *real = realpath(dir, NULL);
	struct stat st;
	int r;

	memset(f, 0, sizeof(*f));
	if (!real) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -EINVAL;
	}
	snprintf(f->dir, sizeof(f->dir), "%s", real);
	free(real);
	r = fleet_status_read(f->dir, &f->st, err, errlen);
	if (r == 0 && strcmp(f->st.kind, kind) != 0) {
		snprintf(err, errlen, "%s is a fleet of 'fleet %s', not of 'fleet %s'", dir,
			 f->st.kind, kind);
		r = -EINVAL;
	}
	fleet_path(f, f->conf, sizeof(f->conf), "fleet.conf");
	fleet_path(f, f->bin, sizeof(f->bin), "bin/ipcbench");
	fleet_path(f, f->src_tar, sizeof(f->src_tar), "src.tar");
	f->build = stat(f->src_tar, &st) == 0;
	if (!f->build)
		f->src_tar[0] = 0;
	return r < 0 ? -EINVAL : 0;
}

int fleet_save(const struct fleet_run *f)
{
	int r = fleet_status_write(f->dir, &f->st);

	if (r < 0)
		fprintf(stderr, "ipcbench fleet: cannot write %s/%s: %s\n", f->dir,
			FLEET_STATUS_FILE, strerror(-r));
	return r;
}

void fleet_task_ran(const struct fleet_run *f, struct fleet_task *t, int exit_code)
{
	char dir[PATH_MAX + 300], path[PATH_MAX + 320], err[512];
	struct meta m = { 0 };

	fleet_path(f, dir, sizeof(dir), "hosts/%s", t->slot);
	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	t->exit_code = exit_code;
	t->state = exit_code == 0 ? TS_OK : TS_CELLS_FAILED;
	if (exit_code != 0)
		snprintf(t->note, sizeof(t->note), "ipcbench run exited with %d: some cells failed "
			 "(results.csv says which)", exit_code);
	if (resume_load_meta(dir, &m, err, sizeof(err)) == 0) {
		meta_set(&m, "fleet_host", "%s", t->slot);
		if (meta_write(&m, path) < 0)
			fprintf(stderr, "ipcbench fleet: cannot write %s\n", path);
	}
	meta_free(&m);
}

static void print_tasks(const struct fleet_status *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct fleet_task *t = &s->t[i];
		printf("  %-20s %-20s %-12s", t->slot, t->host, task_state_names[t->state]);
		if (!isnan(t->seconds))
			printf(" %6.1f s", t->seconds);
		printf("%s%s\n", t->note[0] ? "  " : "", t->note);
	}
}

int fleet_finish(struct fleet_run *f, const char *cmd)
{
	size_t ran = 0;
	char **dirs = calloc(f->st.n + 1, sizeof(*dirs)), err[8192];
	int r = dirs ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < f->st.n; i++) {
		const struct fleet_task *t = &f->st.t[i];
		if ((t->state == TS_OK || t->state == TS_CELLS_FAILED) &&
		    asprintf(&dirs[ran++], "%s/hosts/%s", f->dir, t->slot) < 0)
			r = -ENOMEM;
	}
	printf("ipcbench fleet %s: %zu of %zu hosts ran (%zu with failed cells), %zu failed:\n",
	       cmd, ran, f->st.n, fleet_status_count(&f->st, TS_CELLS_FAILED),
	       f->st.n - ran);
	print_tasks(&f->st);
	if (r == 0 && ran > 0 && (r = fleet_merge(dirs, ran, f->dir, 1, err, sizeof(err))) < 0)
		fprintf(stderr, "ipcbench fleet %s: merging into %s: %s\n", cmd, f->dir, err);
	else if (r == 0 && ran > 0)
		printf("merged into %s (fleet.csv, hosts.csv); the report: ipcbench plot %s\n",
		       f->dir, f->dir);
	for (size_t i = 0; dirs && i < ran; i++)
		free(dirs[i]);
	free(dirs);
	return r < 0 || ran < f->st.n || fleet_status_count(&f->st, TS_CELLS_FAILED)
		       ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}

void fleet_run_free(struct fleet_run *f)
{
	fleet_status_free(&f->st);
}
