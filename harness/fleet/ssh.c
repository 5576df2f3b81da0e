#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "fleet/args.h"
#include "fleet/proc.h"
#include "fleet/ssh.h"
#include "version.h"

/* One host being worked on, in its worker process. */
struct hostjob {
	const struct fleet_run *f;
	const struct fleet_host *h;
	const struct ssh_opts *o;
	const char *slot;
	int log_fd;
	char remote[256];   /* its directory on the host */
	char note[1024];    /* why it failed */
};

/* ssh or scp (then -q, and flag unless NULL) with the options every call has. */
static void common_args(struct args *a, const struct hostjob *j, const char *tool,
			const char *flag)
{
	args_add(a, "%s", tool);
	if (strcmp(tool, "scp") == 0)
		args_add(a, "-q");
	if (flag)
		args_add(a, "%s", flag);
	if (j->o->ssh_config)
		args_add(a, "-F"), args_add(a, "%s", j->o->ssh_config);
	args_add(a, "-o"), args_add(a, "BatchMode=yes");
	args_add(a, "-o"), args_add(a, "ConnectTimeout=%d", j->o->connect_timeout_s);
	args_add(a, "-o"), args_add(a, "LogLevel=ERROR");
	args_add(a, "-o"), args_add(a, "ServerAliveInterval=15");
	args_add(a, "-o"), args_add(a, "ServerAliveCountMax=4");
	for (size_t i = 0; i < j->o->nextra; i++)
		args_add(a, "-o"), args_add(a, "%s", j->o->extra[i]);
	if (j->h->user[0])
		args_add(a, "-o"), args_add(a, "User=%s", j->h->user);
	if (j->h->port)
		args_add(a, "-o"), args_add(a, "Port=%d", j->h->port);
	args_add(a, "--");
}

static void log_step(const struct hostjob *j, char *const argv[], const struct proc_out *o)
{
	struct sbuf b = { 0 };

	sbuf_printf(&b, "$ ");
	sh_quote_argv(&b, argv);
	sbuf_printf(&b, "\n%s%s[exit %d]\n\n", o->out.p ? o->out.p : "", o->err.p ? o->err.p : "",
		    o->status);
	if (!b.oom && write(j->log_fd, b.p, b.len) < 0)
		b.oom = 1; /* the log is for people; the step's outcome does not depend on it */
	sbuf_free(&b);
}

/* Runs one step; on failure says "WHAT: ssh's (or the tool's) first line (exit N)". */
static int step(struct hostjob *j, const char *what, struct args *a, struct proc_out *o)
{
	char why[512];
	int r;

	memset(o, 0, sizeof(*o));
	r = a->oom ? -ENOMEM : proc_run(a->v, NULL, o);

	if (r < 0) {
		snprintf(j->note, sizeof(j->note), "%s: %s", what, strerror(-r));
		return -1;
	}
	log_step(j, a->v, o);
	if (o->status == 0)
		return 0;
	proc_first_line(&o->err, "no message", why, sizeof(why));
	snprintf(j->note, sizeof(j->note), "%s: %s (exit %d)", what, why, o->status);
	return o->status;
}

/* ssh HOST CMD; CMD is a fixed remote command line. */
static int remote(struct hostjob *j, const char *what, const char *cmd, struct proc_out *o)
{
	struct args a = { 0 };
	int r;

	common_args(&a, j, "ssh", NULL);
	args_add(&a, "%s", j->h->name);
	args_add(&a, "%s", cmd);
	r = step(j, what, &a, o);
	args_free(&a);
	return r;
}

/* The remote directory as mktemp printed it, refused unless it is plain. */
static int take_remote_dir(struct hostjob *j, const struct proc_out *o)
{
	proc_first_line(&o->out, "", j->remote, sizeof(j->remote));
	for (const char *p = j->remote; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-", *p)) {
			snprintf(j->note, sizeof(j->note), "connect: mktemp on the host gave '%s', not "
				 "a plain directory name", j->remote);
			j->remote[0] = 0;
			return -1;
		}
	if (j->remote[0] != '/') {
		snprintf(j->note, sizeof(j->note), "connect: mktemp on the host printed no "
			 "absolute directory");
		j->remote[0] = 0;
		return -1;
	}
	return 0;
}

static int connect_host(struct hostjob *j)
{
	struct proc_out o;
	int r = remote(j, "unreachable", "mktemp -d \"${TMPDIR:-/tmp}/ipcbench-fleet.XXXXXX\"", &o);

	if (r == 0)
		r = take_remote_dir(j, &o);
	proc_out_free(&o);
	return r;
}

static int copy_in(struct hostjob *j)
{
	struct args a = { 0 };
	struct proc_out o;
	int r;

	common_args(&a, j, "scp", NULL);
	args_add(&a, "%s", j->f->build ? j->f->src_tar : j->f->bin);
	args_add(&a, "%s", j->f->conf);
	args_add(&a, "%s:%s/", j->h->name, j->remote);
	r = step(j, "copy", &a, &o);
	proc_out_free(&o);
	args_free(&a);
	return r;
}

/* ssh HOST 'BEFORE REMOTE AFTER', the remote directory quoted. */
static int around_remote_dir(struct hostjob *j, const char *what, const char *before,
			     const char *after)
{
	struct sbuf cmd = { 0 };
	struct proc_out o;
	int r;

	sbuf_printf(&cmd, "%s", before);
	sh_quote(&cmd, j->remote);
	sbuf_printf(&cmd, "%s", after);
	memset(&o, 0, sizeof(o));
	r = cmd.oom ? -1 : remote(j, what, cmd.p, &o);
	proc_out_free(&o);
	sbuf_free(&cmd);
	return r;
}

/* Builds there when told (a failure is -1; the binary says this one's git revision), then
 * runs: ipcbench run's exit code. */
static int run_there(struct hostjob *j)
{
	struct sbuf build = { 0 };
	int r = 0;

	sbuf_printf(&build, " && mkdir src && tar -C src -xf src.tar && make -C src ipcbench "
			    "GITREV=");
	sh_quote(&build, IPCBENCH_GITREV);
	sbuf_printf(&build, " && cp src/ipcbench ipcbench");
	if (j->f->build)
		r = build.oom ? -1 : around_remote_dir(j, "build", "cd ", build.p);
	sbuf_free(&build);
	if (r != 0)
		return -1;
	r = around_remote_dir(j, "run", "cd ", " && ./ipcbench run -c fleet.conf -q -o run");
	if (r == 1)
		j->note[0] = 0; /* some cells failed: the run is there, results.csv says which */
	return r;
}

static int fetch(struct hostjob *j)
{
	char part[PATH_MAX + 300], dst[PATH_MAX + 300];
	struct args a = { 0 };
	struct proc_out o;
	int r;

	fleet_path(j->f, part, sizeof(part), "hosts/.%s.part", j->slot);
	fleet_path(j->f, dst, sizeof(dst), "hosts/%s", j->slot);
	common_args(&a, j, "scp", "-r");
	args_add(&a, "%s:%s/run", j->h->name, j->remote);
	args_add(&a, "%s", part);
	r = step(j, "fetch", &a, &o);
	if (r == 0 && rename(part, dst) < 0) {
		snprintf(j->note, sizeof(j->note), "fetch: hosts/%s: %s", j->slot, strerror(errno));
		r = -1;
	}
	proc_out_free(&o);
	args_free(&a);
	return r;
}

static void cleanup(struct hostjob *j)
{
	char keep[sizeof(j->note)];

	memcpy(keep, j->note, sizeof(keep)); /* a failed cleanup does not hide the failure */
	around_remote_dir(j, "cleanup", "rm -rf -- ", "");
	memcpy(j->note, keep, sizeof(keep));
}

/* The worker: all steps of one host; reports "STATE\tEXIT\tNOTE" on fd. */
static void host_worker(struct hostjob *j, int fd)
{
	int run_rc = -1, ok;

	ok = connect_host(j) == 0 && copy_in(j) == 0;
	if (ok) {
		run_rc = run_there(j);
		ok = (run_rc == 0 || run_rc == 1) && fetch(j) == 0;
	}
	if (j->remote[0])
		cleanup(j);
	dprintf(fd, "%s\t%d\t%s", ok ? "ran" : "failed", run_rc, j->note);
	_exit(0);
}

struct worker {
	pid_t pid;
	int fd;
	double start_s;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int start_worker(struct fleet_run *f, const struct fleet_host *h, size_t i,
			const struct ssh_opts *o, struct worker *w)
{
	char log[PATH_MAX + 300];
	int fds[2];

	fleet_path(f, log, sizeof(log), "logs/%s.log", f->st.t[i].slot);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	w->start_s = now_s();
	w->pid = fork();
	if (w->pid == 0) {
		struct hostjob j = { .f = f, .h = h, .o = o, .slot = f->st.t[i].slot };

		prctl(PR_SET_PDEATHSIG, SIGTERM);
		close(fds[0]);
		j.log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		host_worker(&j, fds[1]);
	}
	close(fds[1]);
	w->fd = fds[0];
	if (w->pid < 0) {
		close(fds[0]);
		return -errno;
	}
	return 0;
}

/* The worker's report into task t. */
static void collect(struct fleet_run *f, struct fleet_task *t, struct worker *w)
{
	char buf[2048] = "", *tab1, *tab2;
	ssize_t n = read(w->fd, buf, sizeof(buf) - 1);

	close(w->fd);
	buf[n > 0 ? n : 0] = 0;
	t->seconds = now_s() - w->start_s;
	tab1 = strchr(buf, '\t');
	tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	if (!tab2) {
		t->state = TS_FAILED;
		snprintf(t->note, sizeof(t->note), "the worker for this host died without a report");
		return;
	}
	*tab1 = *tab2 = 0;
	snprintf(t->note, sizeof(t->note), "%s", tab2 + 1);
	if (strcmp(buf, "ran") == 0) {
		fleet_task_ran(f, t, atoi(tab1 + 1));
	} else {
		t->state = TS_FAILED;
		t->exit_code = atoi(tab1 + 1) >= 0 ? atoi(tab1 + 1) : -1;
	}
}

static void progress(const struct fleet_run *f, const struct fleet_task *t, size_t done)
{
	printf("[%zu/%zu] %s: %s after %.1f s%s%s\n", done, f->st.n, t->slot,
	       task_state_names[t->state], t->seconds, t->note[0] ? ": " : "", t->note);
	fflush(stdout);
}

int fleet_ssh_run(struct fleet_run *f, const struct host_list *hosts, const struct ssh_opts *o)
{
	struct worker *w = calloc(hosts->n + 1, sizeof(*w));
	size_t next = 0, done = 0, active = 0;

	if (!w)
		return EXIT_FAILURE;
	while (done < hosts->n) {
		for (; active < o->jobs && next < hosts->n; next++) {
			struct fleet_task *t = &f->st.t[next];
			int r = start_worker(f, &hosts->v[next], next, o, &w[next]);

			if (r < 0) {
				t->state = TS_FAILED;
				snprintf(t->note, sizeof(t->note), "cannot start a worker: %s", strerror(-r));
				progress(f, t, ++done);
				continue;
			}
			t->state = TS_RUNNING;
			active++;
			printf("%s: started\n", t->slot);
		}
		fleet_save(f);
		if (active == 0)
			continue;
		pid_t pid = wait(NULL);
		for (size_t i = 0; pid > 0 && i < next; i++)
			if (w[i].pid == pid && f->st.t[i].state == TS_RUNNING) {
				collect(f, &f->st.t[i], &w[i]);
				active--;
				progress(f, &f->st.t[i], ++done);
			}
		if (pid < 0 && errno != EINTR)
			break;
	}
	fleet_save(f);
	free(w);
	return fleet_finish(f, "ssh");
}
