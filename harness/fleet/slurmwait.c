/* Waiting for the fleet's job array: what Slurm says of each task (scontrol while the
 * controller remembers the job, sacct after), and the task's own status file. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fleet/args.h"
#include "fleet/proc.h"
#include "fleet/slurmwait.h"
#include "text/strmap.h"

static int active(const struct fleet_task *t)
{
	return (t->state == TS_PENDING || t->state == TS_RUNNING) && t->job[0];
}

/* An active task of that job (its id is "JOB_TASK"). */
static int of_job(const struct fleet_task *t, const char *job)
{
	size_t jl = strlen(job);

	return active(t) && strncmp(t->job, job, jl) == 0 && t->job[jl] == '_';
}

/* The line at *p into out (cut to n), *p past it; 0 at the end of the text. */
static int next_line(const char **p, char *out, size_t n)
{
	size_t len = strcspn(*p, "\n");

	if (!**p)
		return 0;
	snprintf(out, n, "%.*s", (int)len, *p);
	*p += len + ((*p)[len] == '\n');
	return 1;
}

/* The value of " KEY=" in a line of scontrol -o (up to the next blank), or "". */
static void field(const char *line, const char *key, char *out, size_t n)
{
	size_t kl = strlen(key);

	out[0] = 0;
	for (const char *p = line; (p = strstr(p, key)); p += kl)
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			snprintf(out, n, "%.*s", (int)strcspn(p + kl + 1, " \n"), p + kl + 1);
			return;
		}
}

/* The task's DIR/tasks/I.status (written by the batch script); 0 when there is one. */
static int read_status(const struct fleet_run *f, size_t i, int *code, double *seconds,
		       char *note, size_t n)
{
	char path[PATH_MAX + 64], line[1200];
	FILE *fp;

	fleet_path(f, path, sizeof(path), "tasks/%zu.status", i);
	fp = fopen(path, "r");
	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, "exit=", 5) == 0)
			*code = atoi(line + 5);
		else if (strncmp(line, "seconds=", 8) == 0)
			*seconds = strtod(line + 8, NULL);
		else if (strncmp(line, "note=", 5) == 0)
			snprintf(note, n, "%.500s", line + 5);
	}
	fclose(fp);
	return 0;
}

/* Task i has ended in Slurm state `state` ("" when Slurm no longer knows). */
static void task_end(struct fleet_run *f, size_t i, const char *state, const char *reason)
{
	struct fleet_task *t = &f->st.t[i];
	char run[PATH_MAX + 320], note[600] = "";
	int code = -1, have = read_status(f, i, &code, &t->seconds, note, sizeof(note)) == 0;

	fleet_path(f, run, sizeof(run), "hosts/%s/results.csv", t->slot);
	if (have && (code == 0 || code == 1) && access(run, R_OK) == 0) {
		fleet_task_ran(f, t, code);
		return;
	}
	t->state = TS_FAILED;
	t->exit_code = code;
	snprintf(t->note, sizeof(t->note), "Slurm: %s%s%s%s; %s (logs/task-%zu.out)",
		 state[0] ? state : "state unknown (neither scontrol nor sacct knows the job)",
		 reason[0] && strcmp(reason, "None") != 0 ? " (" : "",
		 strcmp(reason, "None") != 0 ? reason : "",
		 reason[0] && strcmp(reason, "None") != 0 ? ")" : "",
		 have ? note : "the task wrote no status: killed, or it never started", i);
}

static int slurm_active_state(const char *s)
{
	static const char *const live[] = { "PENDING", "RUNNING", "CONFIGURING", "COMPLETING",
					    "SUSPENDED", "REQUEUED", "REQUEUE_HOLD", "RESIZING",
					    "STAGE_OUT", "SIGNALING", "STOPPED" };

	for (size_t k = 0; k < sizeof(live) / sizeof(live[0]); k++)
		if (strcmp(s, live[k]) == 0)
			return 1;
	return 0;
}

/* Applies one state to the tasks of job in spec ("3", "0-2", "1,4-5%2", "[1-2]"). */
static void apply(struct fleet_run *f, const char *job, const char *spec, const char *state,
		  const char *reason)
{
	for (const char *p = spec + (*spec == '['); *p >= '0' && *p <= '9';) {
		char *end;
		unsigned long lo = strtoul(p, &end, 10), hi = lo;

		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		for (unsigned long i = lo; i <= hi && i < f->st.n; i++) {
			struct fleet_task *t = &f->st.t[i];

			if (!of_job(t, job))
				continue;
			if (slurm_active_state(state))
				t->state = strcmp(state, "PENDING") == 0 ? TS_PENDING : TS_RUNNING;
			else
				task_end(f, i, state, reason);
		}
		p = end + (*end == ',');
	}
}

static void apply_scontrol(struct fleet_run *f, const char *job, const char *text)
{
	char spec[256], state[64], reason[256], one[4096];

	while (next_line(&text, one, sizeof(one))) {
		field(one, "ArrayTaskId", spec, sizeof(spec));
		field(one, "JobState", state, sizeof(state));
		field(one, "Reason", reason, sizeof(reason));
		if (spec[0] && state[0])
			apply(f, job, spec, state, reason);
	}
}

/* sacct -P lines "JOB_TASK|STATE|EXIT"; returns how many it understood. */
static size_t apply_sacct(struct fleet_run *f, const char *job, const char *text)
{
	char one[1024], *us, *bar, *state;
	size_t n = 0;

	while (next_line(&text, one, sizeof(one))) {
		us = strchr(one, '_');
		bar = us ? strchr(us, '|') : NULL;
		if (!bar)
			continue;
		*bar = 0;
		state = bar + 1;
		state[strcspn(state, "| ")] = 0; /* "CANCELLED by 0" */
		apply(f, job, us + 1, state, "");
		n++;
	}
	return n;
}

static int ask(struct args *a, struct proc_out *o)
{
	int r;

	memset(o, 0, sizeof(*o));
	r = a->oom ? -ENOMEM : proc_run(a->v, NULL, o);

	return r == 0 && o->status == 0 ? 0 : -1;
}

/* One job's tasks: scontrol, else sacct, else they end with their status files alone. */
static void poll_job(struct fleet_run *f, const char *job)
{
	struct args a = { 0 }, s = { 0 };
	struct proc_out o, so;

	memset(&so, 0, sizeof(so)); /* asked only when scontrol does not know the job */
	args_add(&a, "scontrol"), args_add(&a, "-o"), args_add(&a, "show"), args_add(&a, "job");
	args_add(&a, "%s", job);
	if (ask(&a, &o) == 0) {
		apply_scontrol(f, job, o.out.p ? o.out.p : "");
	} else {
		args_add(&s, "sacct"), args_add(&s, "-n"), args_add(&s, "-P"), args_add(&s, "-X");
		args_add(&s, "-j"), args_add(&s, "%s", job), args_add(&s, "-o");
		args_add(&s, "JobID,State,ExitCode");
		if (ask(&s, &so) < 0 || apply_sacct(f, job, so.out.p ? so.out.p : "") == 0)
			for (size_t i = 0; i < f->st.n; i++)
				if (of_job(&f->st.t[i], job))
					task_end(f, i, "", "");
	}
	proc_out_free(&o);
	proc_out_free(&so);
	args_free(&a);
	args_free(&s);
}

size_t slurm_poll_once(struct fleet_run *f)
{
	struct strmap jobs = { 0 };
	char (*base)[64] = calloc(f->st.n + 1, sizeof(*base));
	size_t left = 0;

	for (size_t i = 0; base && i < f->st.n; i++) {
		int found;

		if (!active(&f->st.t[i]))
			continue;
		snprintf(base[i], sizeof(base[i]), "%.*s", (int)strcspn(f->st.t[i].job, "_"),
			 f->st.t[i].job);
		if (strmap_put(&jobs, base[i], i, &found) != (size_t)-1 && !found)
			poll_job(f, base[i]);
	}
	for (size_t i = 0; i < f->st.n; i++)
		left += active(&f->st.t[i]);
	strmap_free(&jobs);
	free(base);
	fleet_save(f);
	return left;
}

static void counts_line(const struct fleet_run *f, char *out, size_t n)
{
	snprintf(out, n, "%zu ok, %zu with failed cells, %zu failed, %zu running, %zu pending",
		 fleet_status_count(&f->st, TS_OK), fleet_status_count(&f->st, TS_CELLS_FAILED),
		 fleet_status_count(&f->st, TS_FAILED), fleet_status_count(&f->st, TS_RUNNING),
		 fleet_status_count(&f->st, TS_PENDING));
}

void slurm_wait(struct fleet_run *f, double poll_max_s)
{
	struct timespec t0, now;
	double interval_s = 1, elapsed_s = 0;
	char last[256] = "", line[256];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		size_t left = slurm_poll_once(f);

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed_s = (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
		counts_line(f, line, sizeof(line));
		if (strcmp(line, last) != 0) {
			printf("ipcbench fleet slurm: %.0f s: %s\n", elapsed_s, line);
			fflush(stdout);
			snprintf(last, sizeof(last), "%s", line);
		}
		if (left == 0)
			return;
		nanosleep(&(struct timespec){ (time_t)interval_s,
					      (long)(fmod(interval_s, 1) * 1e9) }, NULL);
		interval_s = fmin(interval_s * 1.5, poll_max_s);
	}
}
