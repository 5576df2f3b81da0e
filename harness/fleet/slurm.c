/* Submitting the fleet's job array and placing each task on its node. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fleet/args.h"
#include "fleet/hostsfile.h"
#include "fleet/proc.h"
#include "fleet/slurm.h"
#include "fleet/slurmwait.h"
#include "text/strmap.h"
#include "run/run.h"

/* Runs a Slurm tool; on failure says "TOOL: its first line of stderr" in err. */
static int slurm_tool(struct args *a, struct proc_out *o, char *err, size_t errlen)
{
	const char *tool = a->v ? a->v[0] : "?";
	char why[512];
	int r, named;

	memset(o, 0, sizeof(*o));
	r = a->oom ? -ENOMEM : proc_run(a->v, NULL, o);
	if (r == 0 && o->status == 0)
		return 0;
	proc_first_line(&o->err, r < 0 ? strerror(-r) : "no message", why, sizeof(why));
	named = strncmp(why, tool, strlen(tool)) == 0 && why[strlen(tool)] == ':';
	snprintf(err, errlen, "%s%s%s%s", named ? "" : tool, named ? "" : ": ", why,
		 o->status == 127 ? " (is Slurm installed here? sbatch, scontrol and sinfo must be "
				    "in PATH)" : "");
	return r < 0 ? r : -EIO;
}

static int add_name(char ***names, size_t *n, const char *s, size_t len, char *err,
		    size_t errlen)
{
	char **v = realloc(*names, (*n + 2) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	*names = v;
	if (!host_name_valid(s, len)) {
		snprintf(err, errlen, "node '%.*s': not a node name (letters, digits, '.', '-', '_')",
			 (int)len, s);
		return -EINVAL;
	}
	v[*n] = strndup(s, len);
	v[*n + 1] = NULL;
	return v[(*n)++] ? 0 : -ENOMEM;
}

/* One name per line of out; with unique, a name seen before is left out. */
static int names_of(const struct sbuf *out, int unique, char ***names, size_t *n, char *err,
		    size_t errlen)
{
	struct strmap seen = { 0 };
	int r = 0;

	for (const char *p = out->p ? out->p : ""; r == 0 && *p;) {
		size_t len = strcspn(p, "\n");
		int found = 0;

		if (len > 0 && unique && strmap_put(&seen, p, 0, &found) == (size_t)-1)
			r = -ENOMEM;
		if (r == 0 && len > 0 && !found)
			r = add_name(names, n, p, len, err, errlen);
		p += len + (p[len] == '\n');
	}
	strmap_free(&seen);
	return r;
}

int slurm_nodes(const struct slurm_opts *o, char ***names, size_t *n, char *err,
		size_t errlen)
{
	struct args a = { 0 };
	struct proc_out out;
	int r;

	*names = NULL;
	*n = 0;
	if (o->nodes && o->nodes[strspn(o->nodes, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
						   "WXYZ0123456789.-_[],")]) {
		snprintf(err, errlen, "--nodes '%s': expected a Slurm node list such as "
			 "node[01-30],gpu7", o->nodes);
		return -EINVAL;
	}
	if (o->nodes) {
		args_add(&a, "scontrol"), args_add(&a, "show"), args_add(&a, "hostnames");
		args_add(&a, "%s", o->nodes);
	} else {
		args_add(&a, "sinfo"), args_add(&a, "-h"), args_add(&a, "-N");
		args_add(&a, "-p"), args_add(&a, "%s", o->partition), args_add(&a, "-o"), args_add(&a, "%%N");
	}
	r = slurm_tool(&a, &out, err, errlen);
	if (r == 0)
		r = names_of(&out.out, !o->nodes, names, n, err, errlen);
	if (r == 0 && *n == 0) {
		snprintf(err, errlen, o->nodes ? "--nodes '%s': no node in it" : "partition '%s' has "
			 "no nodes (sinfo -p %s)", o->nodes ? o->nodes : o->partition, o->partition);
		r = -EINVAL;
	}
	proc_out_free(&out);
	args_free(&a);
	if (r < 0)
		slurm_nodes_free(*names, *n), *names = NULL, *n = 0;
	return r;
}

void slurm_nodes_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* "0-2" for all of 0..n-1 in todo, else "0,2,5". */
static void array_spec(const int *todo, size_t n, struct sbuf *b)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += (size_t)todo[i];
	if (count == n) {
		sbuf_printf(b, "0-%zu", n - 1);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (todo[i])
			sbuf_printf(b, "%s%zu", b->len ? "," : "", i);
}

/* DIR/logs/task-%a.out with % of DIR doubled (sbatch's file name patterns). */
static void output_pattern(const struct fleet_run *f, struct sbuf *b)
{
	sbuf_printf(b, "--output=");
	for (const char *p = f->dir; *p; p++)
		sbuf_printf(b, *p == '%' ? "%%%%" : "%c", *p);
	sbuf_printf(b, "/logs/task-%%a.out");
}

static void sbatch_args(const struct fleet_run *f, const struct slurm_opts *o,
			const char *spec, const char *script, struct args *a)
{
	struct sbuf out = { 0 };

	output_pattern(f, &out);
	args_add(a, "sbatch"), args_add(a, "--parsable"), args_add(a, "--hold");
	args_add(a, "--array=%s", spec);
	args_add(a, "%s", out.p ? out.p : "");
	args_add(a, "--chdir=%s", f->dir);
	if (o->partition)
		args_add(a, "--partition=%s", o->partition);
	if (o->time_limit)
		args_add(a, "--time=%s", o->time_limit);
	args_add(a, "%s", script);
	a->oom |= out.oom;
	sbuf_free(&out);
}

/* Runs `tool a1 [a2 [a3]]`; on failure its first line of stderr is in err. */
static int tool3(const char *tool, const char *a1, const char *a2, const char *a3, char *err,
		 size_t errlen)
{
	struct args a = { 0 };
	struct proc_out o;
	int r;

	args_add(&a, "%s", tool), args_add(&a, "%s", a1);
	if (a2)
		args_add(&a, "%s", a2);
	if (a3)
		args_add(&a, "%s", a3);
	r = slurm_tool(&a, &o, err, errlen);
	proc_out_free(&o);
	args_free(&a);
	return r;
}

/* Places each held task on its node and releases it; a task that cannot be placed (or
 * released) is cancelled and failed, with scontrol's words. */
static void place(struct fleet_run *f, const char *job, const int *todo)
{
	for (size_t i = 0; i < f->st.n; i++) {
		struct fleet_task *t = &f->st.t[i];
		char err[600], node[FLEET_SLOT_MAX + 16], id[96];
		int r;

		if (!todo[i])
			continue;
		snprintf(t->job, sizeof(t->job), "%s_%zu", job, i);
		snprintf(id, sizeof(id), "JobId=%s", t->job);
		snprintf(node, sizeof(node), "ReqNodeList=%s", t->host);
		r = tool3("scontrol", "update", id, node, err, sizeof(err));
		if (r == 0)
			r = tool3("scontrol", "release", t->job, NULL, err, sizeof(err));
		t->state = r == 0 ? TS_PENDING : TS_FAILED;
		t->note[0] = 0;
		if (r == 0)
			continue;
		snprintf(t->note, sizeof(t->note), "cannot place the task on node %s: %s", t->host,
			 err);
		tool3("scancel", t->job, NULL, NULL, err, sizeof(err));
	}
}

/* Writes the script, submits the todo tasks held, places and releases them. */
static int submit(struct fleet_run *f, const struct slurm_opts *o, const int *todo,
		  char *job, size_t joblen, char *err, size_t errlen)
{
	char script[PATH_MAX + 32];
	struct sbuf spec = { 0 }, line = { 0 };
	struct args a = { 0 };
	struct proc_out out;
	int r;

	memset(&out, 0, sizeof(out));
	fleet_path(f, script, sizeof(script), "fleet.sbatch");
	array_spec(todo, f->st.n, &spec);
	sbatch_args(f, o, spec.p ? spec.p : "", script, &a);
	sh_quote_argv(&line, a.v);
	r = spec.oom || line.oom ? -ENOMEM : slurm_script_write(f, script, line.p);
	if (r < 0)
		snprintf(err, errlen, "writing %.1000s: %s", script, strerror(-r));
	if (r == 0 && (r = slurm_tool(&a, &out, err, errlen)) == 0) {
		proc_first_line(&out.out, "", job, joblen);
		job[strcspn(job, ";")] = 0; /* "JOB;CLUSTER" on multi-cluster sites */
		place(f, job, todo);
	}
	proc_out_free(&out);
	args_free(&a);
	sbuf_free(&spec);
	sbuf_free(&line);
	return r;
}

/* The tasks to (re)submit: failed ones and those never submitted. Their leftovers go. */
static size_t missing(struct fleet_run *f, int *todo)
{
	size_t n = 0;

	for (size_t i = 0; i < f->st.n; i++) {
		struct fleet_task *t = &f->st.t[i];
		char path[PATH_MAX + 300];

		todo[i] = t->state == TS_FAILED || (t->state == TS_PENDING && !t->job[0]);
		if (!todo[i])
			continue;
		n++;
		if (t->state == TS_FAILED)
			printf("resubmitting %s (failed: %s)\n", t->slot, t->note);
		fleet_path(f, path, sizeof(path), "tasks/%zu.status", i);
		unlink(path);
		t->state = TS_PENDING;
		t->exit_code = -1;
		t->job[0] = 0;
	}
	return n;
}

int fleet_slurm_run(struct fleet_run *f, const struct slurm_opts *o)
{
	int *todo = calloc(f->st.n + 1, sizeof(*todo));
	char job[64] = "", err[2048];
	size_t n;
	int r;

	if (!todo)
		return EXIT_SOME_FAILED;
	slurm_poll_once(f); /* --resume: what became of the tasks queued before */
	n = missing(f, todo);
	r = n ? submit(f, o, todo, job, sizeof(job), err, sizeof(err)) : 0;
	free(todo);
	fleet_save(f);
	if (r < 0) {
		fprintf(stderr, "ipcbench fleet slurm: %s\n", err);
		return EXIT_SOME_FAILED;
	}
	if (n)
		printf("ipcbench fleet slurm: job %s: %zu task%s submitted (%s/fleet.sbatch)\n", job,
		       n, n == 1 ? "" : "s", f->dir);
	if (o->no_wait) {
		printf("%s\nipcbench fleet slurm -o %s --resume waits for it and resubmits what "
		       "failed\n", job[0] ? job : "(nothing submitted)", f->dir);
		return EXIT_ALL_OK;
	}
	slurm_wait(f, o->poll_max_s);
	return fleet_finish(f, "slurm");
}
