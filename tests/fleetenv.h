/* Test support for the fleet tests: running commands and the ipcbench binary with their
 * output captured, starting and stopping daemons (sshd, munged, slurmctld, slurmd) that
 * die with the test, free ports, files, and a tiny configuration. */
#ifndef IPCBENCH_TESTS_FLEETENV_H
#define IPCBENCH_TESTS_FLEETENV_H
#include <stddef.h>
#include <sys/types.h>

#define FLEETENV_OUT_MAX (1 << 18)

/* Runs `sh -c cmd` (cmd built from the test's own fixed strings and paths it made) with
 * stdout and stderr into out (FLEETENV_OUT_MAX bytes); returns the exit code. */
int fe_sh(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Whether an executable of that name is in PATH or at that path. */
int fe_have(const char *tool);

struct daemon {
	pid_t pid;
	char name[32];
	char log[512];
};
/* Starts argv (NULL-terminated) in the background, stdout and stderr to log; it gets
 * SIGTERM when the test process dies. 0 or -1. */
int fe_daemon_start(struct daemon *d, const char *name, const char *log, char *const argv[]);
/* SIGTERM, up to 5 s to exit, then SIGKILL; says on stderr if it had exited already. */
void fe_daemon_stop(struct daemon *d);
/* Whether it is still running (reaps it when not). */
int fe_daemon_alive(struct daemon *d);

/* A TCP port on 127.0.0.1 that nothing listened on a moment ago; 0 when none. */
int fe_free_port(void);
int fe_write(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reads a whole file (NUL-terminated) into a static buffer of 1 MiB; NULL if unreadable. */
const char *fe_read(const char *path);
size_t fe_count_lines(const char *s);
/* The tiny configuration of the fleet tests: one transport, one size, 20 ms, 2 repetitions. */
int fe_tiny_config(const char *path);
/* The group setup every fleet test shares: $IPCBENCH into bin (PATH_MAX), a private
 * TMPDIR as the work directory (work: 64 bytes) with WORK/tiny.conf in it. 0 or -1. */
int fe_setup(char *bin, char *work, size_t worklen);

#endif
