/* Running the rounds of `ipcbench ab`; see ab.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/clock.h"
#include "compare/ab.h"
#include "compare/abplan.h"
#include "run/outdir.h"
#include "run/run.h"

#define MAX_ARGS (16 + 4 * AB_MAX_SET)

static void exec_child(const char *bin, char *const *argv, const char *log)
{
	int in = open("/dev/null", O_RDONLY);
	int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (in < 0 || out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(127);
	execv(bin, argv);
	dprintf(2, "ipcbench ab: cannot run %s: %s\n", bin, strerror(errno));
	_exit(127);
}

int ab_run_once(const struct ab_opts *o, int side, const char *out_dir, const char *log,
		const char *const *extra)
{
	const char *bin = o->bin[side];
	const char *argv[MAX_ARGS + 8];
	size_t n = 0;
	int st = 0;
	pid_t pid;

	argv[n++] = bin, argv[n++] = "run", argv[n++] = "-c", argv[n++] = o->config;
	argv[n++] = "--repeat", argv[n++] = "1", argv[n++] = "-q", argv[n++] = "-o";
	argv[n++] = out_dir;
	for (size_t i = 0; i < o->nset; i++)
		argv[n++] = "--set", argv[n++] = o->set[i];
	for (size_t i = 0; side && i < o->nset_b; i++)
		argv[n++] = "--set", argv[n++] = o->set_b[i];
	for (size_t i = 0; extra && extra[i] && n < MAX_ARGS + 6; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return EXIT_SOME_FAILED + 100;
	if (pid == 0)
		exec_child(bin, (char *const *)argv, log);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return EXIT_SOME_FAILED + 100;
	if (!WIFEXITED(st) || WEXITSTATUS(st) == 127)
		return EXIT_SOME_FAILED + 100;
	return WEXITSTATUS(st) <= 1 ? WEXITSTATUS(st) : EXIT_USAGE;
}

static void utc_now(char *out, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void show_progress(struct ab_progress *p, size_t round, size_t rounds, const char *order)
{
	double el = (double)(clock_mono_ns() - p->t0_ns) / 1e9;
	double left = p->done ? el / (double)p->done * (double)(p->total - p->done) : 0;

	if (p->tty)
		fprintf(stderr, "\r\033[K");
	fprintf(stderr, "ipcbench ab: %sround %zu of %zu (%s), %.0f s elapsed, about %.0f s left%s",
		p->what, round, rounds, order, el, left, p->tty ? "" : "\n");
	fflush(stderr);
}

/* The log of a failed run, so that the reason is on the terminal. */
static void print_log(const char *log)
{
	char line[512];
	FILE *f = fopen(log, "r");

	while (f && fgets(line, sizeof(line), f))
		fprintf(stderr, "  | %s", line);
	if (f)
		fclose(f);
}


struct step_log {
	struct sbuf csv; /* order.csv so far */
	char path[4200];
};

/* One side of one round; order.csv rewritten after it. */
static int run_step(const struct ab_opts *o, const char *dir, size_t round, int side,
		    const char *inject_b, struct step_log *sl)
{
	char out[4200], log[4200], start[32];
	const char *extra[] = { "--inject-slowdown", inject_b, NULL };
	const char *name = side ? "b" : "a";
	int width = o->rounds >= 100 ? 3 : 2, rc;
	uint64_t t0 = clock_mono_ns();

	snprintf(out, sizeof(out), "%s/%s/round-%0*zu", dir, name, width, round);
	snprintf(log, sizeof(log), "%s/logs/%s-round-%0*zu.log", dir, name, width, round);
	utc_now(start, sizeof(start));
	rc = ab_run_once(o, side, out, log, side && inject_b ? extra : NULL);
	sbuf_printf(&sl->csv, "%zu,%s,", round, name);
	sbuf_csv_field(&sl->csv, o->bin[side]);
	sbuf_printf(&sl->csv, ",");
	sbuf_csv_field(&sl->csv, out);
	sbuf_printf(&sl->csv, ",%s,%.2f,%d\n", start, (double)(clock_mono_ns() - t0) / 1e9,
		    rc > 100 ? -1 : rc);
	write_file_atomic(sl->path, sl->csv.p, sl->csv.len);
	if (rc > 1) {
		fprintf(stderr, "\nipcbench ab: %s run -o %s %s (log %s):\n", o->bin[side], out,
			rc == EXIT_USAGE ? "refused its options" : "could not run or was killed",
			log);
		print_log(log);
		return rc == EXIT_USAGE ? EXIT_USAGE : EXIT_SOME_FAILED;
	}
	return 0;
}

int ab_run_rounds(const struct ab_opts *o, const char *dir, const char *inject_b,
		  struct ab_progress *p)
{
	char first[AB_MAX_ROUNDS], logs[4200], order[16];
	struct step_log sl = { 0 };
	int rc = ab_order(o->rounds, o->seed, first);

	snprintf(logs, sizeof(logs), "%s/logs", dir);
	snprintf(sl.path, sizeof(sl.path), "%s/order.csv", dir);
	if (rc < 0 || mkdir_p(logs) < 0) {
		fprintf(stderr, "ipcbench ab: cannot create %s: %s\n", logs, strerror(errno));
		return EXIT_USAGE;
	}
	sbuf_printf(&sl.csv, "round,side,binary,run_dir,start_utc,seconds,exit_code\n");
	for (size_t i = 0; rc == 0 && i < o->rounds; i++) {
		int s0 = first[i] == 'b';
		snprintf(order, sizeof(order), "%c then %c", first[i], first[i] == 'a' ? 'b' : 'a');
		show_progress(p, i + 1, o->rounds, order);
		rc = run_step(o, dir, i + 1, s0, inject_b, &sl);
		p->done++;
		if (rc == 0)
			rc = run_step(o, dir, i + 1, !s0, inject_b, &sl);
		p->done++;
	}
	if (p->tty)
		fprintf(stderr, "\r\033[K");
	sbuf_free(&sl.csv);
	return rc;
}

/* The reports the user named: copies of those in DIR. */
static int copy_file(const char *from, const char *to)
{
	FILE *f = fopen(from, "r");
	struct sbuf b = { 0 };
	char buf[4096];
	size_t n;
	int rc;

	if (!f) {
		fprintf(stderr, "ipcbench ab: %s: %s\n", from, strerror(errno));
		return -errno;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_printf(&b, "%.*s", (int)n, buf);
	fclose(f);
	rc = b.oom ? -ENOMEM : write_file_atomic(to, b.p ? b.p : "", b.len);
	if (rc < 0)
		fprintf(stderr, "ipcbench ab: writing %s: %s\n", to, strerror(-rc));
	sbuf_free(&b);
	return rc;
}

int ab_compare(const struct ab_opts *o, const char *dir, int quiet, struct cmp_outcome *out)
{
	char a[4200], b[4200], txt[4200], md[4200], xml[4200], csv[4200];
	struct cmp_opts c = o->cmp;
	int rc;

	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(txt, sizeof(txt), "%s/compare.txt", dir);
	snprintf(md, sizeof(md), "%s/compare.md", dir);
	snprintf(xml, sizeof(xml), "%s/compare.xml", dir);
	snprintf(csv, sizeof(csv), "%s/compare.csv", dir);
	c.base = a, c.cur = b, c.paired = 1, c.quiet = quiet, c.text = txt;
	c.markdown = md, c.junit = xml, c.csv = csv;
	rc = compare_main_outcome(&c, out);
	if (rc != EXIT_USAGE && ((o->cmp.junit && copy_file(xml, o->cmp.junit) < 0) ||
				 (o->cmp.markdown && copy_file(md, o->cmp.markdown) < 0) ||
				 (o->cmp.csv && copy_file(csv, o->cmp.csv) < 0)))
		rc = EXIT_USAGE;
	return rc;
}
