#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fleetenv.h"
#include "leakcheck.h"

int fe_sh(char *out, const char *fmt, ...)
{
	char cmd[16384];
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd) - 8, fmt, ap);
	va_end(ap);
	strcat(cmd, " 2>&1");
	fflush(NULL);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, FLEETENV_OUT_MAX - 1, p);
	out[n] = 0;
	while (fgetc(p) != EOF)
		; /* drain what did not fit */
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int fe_have(const char *tool)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (strchr(tool, '/'))
		return access(tool, X_OK) == 0;
	for (const char *p = path ? path : ""; *p;) {
		size_t len = strcspn(p, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, tool);
		if (len && access(buf, X_OK) == 0)
			return 1;
		p += len + (p[len] == ':');
	}
	return 0;
}

int fe_daemon_start(struct daemon *d, const char *name, const char *log, char *const argv[])
{
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->log, sizeof(d->log), "%s", log);
	fflush(NULL);
	d->pid = fork();
	if (d->pid < 0)
		return -1;
	if (d->pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
		int in = open("/dev/null", O_RDONLY);

		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (fd < 0 || in < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execv(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

int fe_daemon_alive(struct daemon *d)
{
	int st;

	if (d->pid <= 0)
		return 0;
	if (waitpid(d->pid, &st, WNOHANG) == d->pid) {
		d->pid = 0;
		return 0;
	}
	return 1;
}

void fe_daemon_stop(struct daemon *d)
{
	if (!fe_daemon_alive(d)) {
		if (d->name[0])
			fprintf(stderr, "fleet test: %s had exited already (log %s)\n", d->name, d->log);
		return;
	}
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 100 && fe_daemon_alive(d); i++)
		nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	if (d->pid > 0) {
		kill(d->pid, SIGKILL);
		waitpid(d->pid, NULL, 0);
		d->pid = 0;
	}
}

int fe_free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), port = 0;

	if (fd < 0)
		return 0;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

int fe_write(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	va_list ap;

	if (!f)
		return -1;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	return fclose(f) == 0 ? 0 : -1;
}

const char *fe_read(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

size_t fe_count_lines(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

int fe_tiny_config(const char *path)
{
	return fe_write(path, "[global]\nsizes = 64\nwarmup = 5ms\niterations = 100\nduration = 2s\nrepeat = 2\n\n"
			      "[cross-cpu]\ntransports = pipe\ncpus = auto\n");
}

int fe_setup(char *bin, char *work, size_t worklen)
{
	char path[256];

	if (testenv_binary(bin) < 0 || leak_private_tmpdir(work, worklen) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/tiny.conf", work);
	return fe_tiny_config(path);
}
