#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plot/gnuplot.h"

#define GP_OUTPUT_MAX (64u << 10)

static int find_in_path(const char *name, char *out, size_t n)
{
	const char *path = getenv("PATH");

	for (const char *p = path ? path : ""; *p;) {
		size_t len = strcspn(p, ":");

		if (len > 0 && (size_t)snprintf(out, n, "%.*s/%s", (int)len, p, name) < n &&
		    access(out, X_OK) == 0)
			return 0;
		p += len + (p[len] == ':');
	}
	return -ENOENT;
}

/* Where the gnuplot scripts are: $IPCBENCH_PLOTS, else plots/ beside the executable (the
 * source tree), else ../share/ipcbench/plots beside it (make install). */
static int find_scripts(char *dir, size_t n, char *err, size_t errlen)
{
	static const char *const beside[] = { "%s/plots", "%s/../share/ipcbench/plots" };
	const char *env = getenv("IPCBENCH_PLOTS");
	char exe[PATH_MAX], probe[PATH_MAX + 16];
	ssize_t len;

	if (env && *env) {
		snprintf(dir, n, "%s", env);
		snprintf(probe, sizeof(probe), "%s/common.gp", dir);
		if (access(probe, R_OK) == 0)
			return 0;
		snprintf(err, errlen, "gnuplot scripts not found in $IPCBENCH_PLOTS (%s: %s)", probe,
			 strerror(errno));
		return -ENOENT;
	}
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len < 0) {
		int e = errno;

		snprintf(err, errlen, "/proc/self/exe: %s", strerror(e));
		return -e;
	}
	exe[len] = 0;
	const char *bin = dirname(exe); /* the executable's directory, in exe */
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		snprintf(dir, n, beside[i], bin);
		snprintf(probe, sizeof(probe), "%s/common.gp", dir);
		if (access(probe, R_OK) == 0)
			return 0;
	}
	snprintf(err, errlen, "gnuplot scripts not found beside %s (plots/ or "
		 "../share/ipcbench/plots); set IPCBENCH_PLOTS to the plots/ directory of ipcbench",
		 exe);
	return -ENOENT;
}

int gp_find(struct gp_env *env, char *err, size_t errlen)
{
	if (find_in_path("gnuplot", env->exe, sizeof(env->exe)) < 0) {
		snprintf(err, errlen, "gnuplot not found in PATH: install the Debian package "
			 "gnuplot-nox (sudo apt-get install gnuplot-nox)");
		return -ENOENT;
	}
	return find_scripts(env->scripts, sizeof(env->scripts), err, errlen);
}

void gp_str(struct sbuf *b, const char *name, const char *value)
{
	sbuf_printf(b, "%s='", name);
	for (const char *p = value ? value : ""; *p; p++) {
		if (*p == '\'')
			sbuf_putc(b, '\''); /* '' is a quote inside a gnuplot '...' string */
		sbuf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	}
	sbuf_printf(b, "'; ");
}

void gp_num(struct sbuf *b, const char *name, double value)
{
	if (isfinite(value))
		sbuf_printf(b, "%s=%.17g; ", name, value);
	else
		sbuf_printf(b, "%s=NaN; ", name);
}

void gp_int(struct sbuf *b, const char *name, long long value)
{
	sbuf_printf(b, "%s=%lld; ", name, value);
}

/* Child: stdin from /dev/null, stdout and stderr into wfd, then gnuplot. */
static void exec_gnuplot(const struct gp_env *env, const char *path, const char *vars, int wfd)
{
	char *argv[] = { (char *)env->exe, "-d", "-e", (char *)vars, (char *)path, NULL };
	int in = open("/dev/null", O_RDONLY);

	if (in < 0 || dup2(in, 0) < 0 || dup2(wfd, 1) < 0 || dup2(wfd, 2) < 0)
		_exit(127);
	execv(env->exe, argv);
	dprintf(2, "cannot run %s: %s\n", env->exe, strerror(errno));
	_exit(127);
}

static int spawn(const struct gp_env *env, const char *script, const char *vars, int wfd,
		 pid_t *pid)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", env->scripts, script);
	*pid = fork();
	if (*pid < 0)
		return -errno;
	if (*pid == 0)
		exec_gnuplot(env, path, vars, wfd);
	return 0;
}

/* Everything from fd until end of file; beyond GP_OUTPUT_MAX it is read and dropped. */
static void drain(int fd, struct sbuf *out)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out->len < GP_OUTPUT_MAX)
			sbuf_printf(out, "%.*s", (int)n, buf);
	}
}

int gp_start(const struct gp_env *env, const char *script, const char *vars, struct gp_job *j)
{
	int fds[2], r;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	r = spawn(env, script, vars, fds[1], &j->pid);
	close(fds[1]);
	j->fd = fds[0];
	if (r < 0) {
		close(fds[0]);
		j->fd = -1;
	}
	return r;
}

int gp_run(const struct gp_env *env, const char *script, const char *vars, struct sbuf *out)
{
	struct gp_job j;
	int r = gp_start(env, script, vars, &j);

	return r < 0 ? r : gp_finish(&j, out);
}

int gp_finish(struct gp_job *j, struct sbuf *out)
{
	int st = 0;
	pid_t pid = j->pid;

	drain(j->fd, out);
	close(j->fd);
	j->fd = -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && out->len == 0)
		return 0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		sbuf_printf(out, "(gnuplot %s %d)\n", WIFEXITED(st) ? "exited with status" : "killed by signal",
			    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return -EPROTO;
}
