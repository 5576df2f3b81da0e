/* ipcbench crosscheck: the parsers against real outputs of perf and sockperf
 * (tests/fixtures/crosscheck/), the external-process runner (deadline, nothing left
 * behind), the rows of tools that are missing, the CSV columns, and one end-to-end
 * --quick run (skipped, with the reason, when perf or sockperf cannot run here). No
 * timing is asserted: only that every figure is there and consistent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "crosscheck/xparse.h"
#include "crosscheck/xproc.h"
#include "text/csvread.h"
#include "leakcheck.h"
#include "sys/pin.h"

static char bin[4096], fix[4200], work[64];

static char *fixture(const char *name)
{
	static char buf[1 << 16];
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", fix, name);
	return testenv_read(path, buf, sizeof(buf));
}

static void test_perf_output(void **state)
{
	struct xfigure f;
	char line[200];

	(void)state;
	assert_int_equal(xparse_perf_pipe(fixture("perf_pipe_same_cpu.out"), &f), 0);
	assert_true(fabs(f.mean_ns - 5697.7) < 1e-6); /* "5.697700 usecs/op" */
	assert_int_equal(f.count, 20000);
	assert_true(isnan(f.p50_ns) && isnan(f.p99_ns)); /* perf gives a mean only */
	assert_int_equal(xparse_perf_pipe(fixture("perf_bad.out"), &f), -EPROTO);
	xparse_failure_line("", fixture("perf_bad.err"), line, sizeof(line));
	assert_string_equal(line, "Error: switch `l' expects a numerical value");
}

static void test_sockperf_output(void **state)
{
	struct xfigure f;

	(void)state;
	assert_int_equal(xparse_sockperf(fixture("sockperf_tcp.out"), &f), 0);
	assert_true(fabs(f.mean_ns - 83513) < 1e-6 && fabs(f.p50_ns - 80850) < 1e-6);
	assert_true(fabs(f.p99_ns - 125466) < 1e-6);
	assert_int_equal(f.count, 6587); /* "Total 6587 observations", not "[Total Run]" */
	assert_int_equal(xparse_sockperf(fixture("sockperf_udp.out"), &f), 0);
	assert_true(fabs(f.p50_ns - 83103) < 1e-6 && fabs(f.p99_ns - 889470) < 1e-6);
	assert_int_equal(f.count, 4197);
	/* Without --full-rtt sockperf prints one-way latencies: not comparable, refused. */
	assert_int_equal(xparse_sockperf(fixture("sockperf_udp_latency.out"), &f), -EDOM);
}

static void test_sockperf_failures(void **state)
{
	struct xfigure f;
	char line[200];

	(void)state;
	assert_int_equal(xparse_sockperf(fixture("sockperf_udp_noserver.out"), &f), -EPROTO);
	xparse_failure_line(fixture("sockperf_udp_noserver.out"), "", line, sizeof(line));
	assert_string_equal(line, "sockperf: No messages were received from the server. Is the "
				  "server down?");
	assert_int_equal(xparse_sockperf(fixture("sockperf_tcp_refused.out"), &f), -EPROTO);
	xparse_failure_line(fixture("sockperf_tcp_refused.out"), NULL, line, sizeof(line));
	assert_string_equal(line, "sockperf: ERROR: Can`t connect socket (errno=111 Connection "
				  "refused)");
	xparse_failure_line(NULL, "\n  \n", line, sizeof(line));
	assert_string_equal(line, "no output");
}

/* lmbench is not installed here: its format as its source prints it (micro(): "%s: %.4f
 * microseconds\n" on stderr), not a captured output. */
static void test_lmbench_format(void **state)
{
	struct xfigure f;
	char *s;

	(void)state;
	assert_int_equal(xparse_lmbench("Pipe latency: 6.0458 microseconds\n", "Pipe latency", &f), 0);
	assert_true(fabs(f.mean_ns - 6045.8) < 1e-6);
	assert_int_equal(xparse_lmbench("AF_UNIX sock stream latency: 9.0 microseconds\n",
					"Pipe latency", &f), -EPROTO);
	assert_int_equal(xparse_lmbench("Pipe latency: 6 KB/sec\n", "Pipe latency", &f), -EPROTO);
	s = xparse_strip_ansi("a\033[2;35mb\033[0mc\033[");
	assert_string_equal(s, "abc");
	free(s);
}

/* The state and process group of /proc/PID/stat, and its command line with blanks; 0 when
 * it is gone. */
static int proc_info(const char *pid, char *state, int *pgrp, char *cmd, size_t n)
{
	char path[300], buf[1024];
	size_t len;
	FILE *f;
	char *p;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = 0;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %*d %d", state, pgrp) != 2)
		return 0;
	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	cmd[0] = 0;
	if ((f = fopen(path, "r")) != NULL) {
		len = fread(cmd, 1, n - 1, f);
		fclose(f);
		for (size_t i = 0; i < len; i++)
			cmd[i] = cmd[i] ? cmd[i] : ' ';
		cmd[len] = 0;
	}
	return 1;
}

/* 1 when a live process (not a zombie) is in process group pgid (> 0) or has needle
 * (non-NULL) in its command line. */
static int live_process(pid_t pgid, const char *needle)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	assert_non_null(d);
	while (!found && (e = readdir(d)) != NULL) {
		char state, cmd[4096];
		int grp;

		if (e->d_name[0] < '0' || e->d_name[0] > '9' || atoi(e->d_name) == getpid() ||
		    !proc_info(e->d_name, &state, &grp, cmd, sizeof(cmd)) || state == 'Z')
			continue;
		found = (pgid > 0 && grp == pgid) || (needle && strstr(cmd, needle));
	}
	closedir(d);
	return found;
}

/* A program that outlives its deadline is killed with everything it forked. */
static void test_runner_kills_the_group(void **state)
{
	char *argv[] = { "/bin/sh", "-c", "/bin/sleep 30 & echo started; /bin/sleep 30", NULL };
	struct xproc p;
	pid_t group;
	int left = 1;

	(void)state;
	assert_int_equal(xproc_start(&p, argv, -1), 0);
	group = p.pid;
	assert_int_equal(xproc_wait(&p, p.start_ns + 300000000ull, NULL, NULL), -ETIMEDOUT);
	assert_non_null(p.out.p);
	assert_non_null(strstr(p.out.p, "started"));
	assert_true(p.killed && !xproc_ok(&p));
	xproc_free(&p);
	for (int i = 0; i < 100 && (left = live_process(group, NULL)); i++)
		usleep(10000);
	assert_false(left); /* the backgrounded sleep went with the group */
}

/* Pinned before exec, like taskset; an exec that fails says why; PATH lookups. */
static void test_runner_pins_and_reports(void **state)
{
	char *status[] = { "/bin/grep", "Cpus_allowed_list", "/proc/self/status", NULL };
	char *bad[] = { "/nonexistent/tool", NULL };
	char path[4096], st[64], want[64], *saved;
	int cpu, other;
	struct xproc p;

	(void)state;
	assert_int_equal(pin_default_pair(&cpu, &other), 0);
	assert_int_equal(xproc_start(&p, status, cpu), 0);
	assert_int_equal(xproc_wait(&p, p.start_ns + 10000000000ull, NULL, NULL), 0);
	assert_true(xproc_ok(&p));
	snprintf(want, sizeof(want), "Cpus_allowed_list:\t%d\n", cpu);
	assert_non_null(strstr(p.out.p, want));
	xproc_free(&p);
	assert_int_equal(xproc_start(&p, bad, -1), 0);
	assert_int_equal(xproc_wait(&p, p.start_ns + 10000000000ull, NULL, NULL), 0);
	xproc_status_text(&p, st, sizeof(st));
	assert_string_equal(st, "exit status 127");
	assert_non_null(strstr(p.err.p, "cannot execute /nonexistent/tool"));
	xproc_free(&p);
	saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	setenv("PATH", "/nonexistent::/bin", 1); /* an empty entry is the current directory */
	assert_int_equal(xproc_which("sh", path, sizeof(path)), 0);
	assert_string_equal(path, "/bin/sh");
	assert_int_equal(xproc_which("no-such-program-ipcbench", path, sizeof(path)), -ENOENT);
	assert_int_equal(xproc_which("/bin/sh", path, sizeof(path)), 0);
	if (saved)
		setenv("PATH", saved, 1);
	free(saved);
}

/* Runs bin with args (NULL-terminated) under PATH=path_env (NULL: ours); output in *out. */
static int run_bin(const char *path_env, struct sbuf *out, ...)
{
	char *argv[24] = { bin };
	char *saved = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	struct xproc p;
	va_list ap;
	int n = 1, e;

	va_start(ap, out);
	while (n < 23 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	if (path_env)
		setenv("PATH", path_env, 1);
	e = xproc_start(&p, argv, -1);
	if (path_env && saved)
		setenv("PATH", saved, 1);
	free(saved);
	assert_int_equal(e, 0);
	assert_int_equal(xproc_wait(&p, p.start_ns + 120000000000ull, NULL, NULL), 0);
	e = WIFEXITED(p.wstatus) ? WEXITSTATUS(p.wstatus) : 128;
	sbuf_printf(out, "%s%s", p.out.p ? p.out.p : "", p.err.p ? p.err.p : "");
	xproc_free(&p);
	return e;
}

static void read_csv(const char *dir, const char *name, struct csv_table *t)
{
	char path[256], err[512];

	snprintf(path, sizeof(path), "%s/%s/%s", work, dir, name);
	if (csv_read_file(path, t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
}

static const char *const columns[] = {
	"row", "tool", "tool_version", "command", "their_definition", "compared_stat",
	"transport", "size_bytes", "wire_bytes_ours", "wire_bytes_theirs", "client_cpu",
	"server_cpu", "rounds", "rounds_ok", "status", "their_ns", "their_mean_ns",
	"their_p50_ns", "their_p99_ns", "our_p50_ns", "our_mean_ns", "our_p99_ns",
	"our_same_stat_ns", "ratio", "ratio_p50", "within_5pct", "paired_rounds", "paired_ratio",
	"paired_lo", "paired_hi", "paired_level", "order", "their_rounds_ns",
	"our_rounds_ns", "note",
};

static void check_columns(const struct csv_table *t)
{
	assert_int_equal(t->ncols, sizeof(columns) / sizeof(columns[0]));
	for (size_t i = 0; i < t->ncols; i++)
		assert_string_equal(t->cols[i], columns[i]);
	assert_int_equal(t->nrows, 8);
}

static size_t find_row(const struct csv_table *t, const char *id)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(csv_get(t, i, "row"), id) == 0)
			return i;
	fail_msg("no row %s in crosscheck.csv", id);
	return 0;
}

/* With no tool on PATH every row says what to install; the command does not fail. */
static void test_missing_tools_are_rows(void **state)
{
	struct sbuf out = { 0 };
	struct csv_table t;
	char dir[128], empty[128];

	(void)state;
	snprintf(empty, sizeof(empty), "%s/empty-path", work);
	snprintf(dir, sizeof(dir), "%s/missing", work);
	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_equal(run_bin(empty, &out, "crosscheck", "--quick", "--duration", "5ms", "-o",
				 dir, NULL), 0);
	assert_non_null(strstr(out.p, "not installed"));
	read_csv("missing", "crosscheck.csv", &t);
	check_columns(&t);
	for (size_t i = 0; i < t.nrows; i++) {
		const char *st = csv_get(&t, i, "status");

		assert_true(strcmp(st, "not-installed") == 0 || strcmp(st, "skipped") == 0);
		assert_string_equal(csv_get(&t, i, "ratio"), "NA");
	}
	assert_non_null(strstr(csv_get(&t, find_row(&t, "perf-pipe-same-cpu"), "note"),
			       "apt-get install linux-perf"));
	assert_non_null(strstr(csv_get(&t, find_row(&t, "lmbench-lat_pipe-same-cpu"), "note"),
			       "not packaged in Debian"));
	csv_table_free(&t);
	/* --rows: the rows it names run (here: say what to install), the others are skipped */
	snprintf(dir, sizeof(dir), "%s/some", work);
	assert_int_equal(run_bin(empty, &out, "crosscheck", "--quick", "--duration", "5ms",
				 "--rows", "perf-pipe-same,lmbench", "-o", dir, NULL), 0);
	read_csv("some", "crosscheck.csv", &t);
	for (size_t i = 0; i < t.nrows; i++) {
		const char *id = csv_get(&t, i, "row"), *note = csv_get(&t, i, "note");
		int picked = strcmp(id, "perf-pipe-same-cpu") == 0 || strncmp(id, "lmbench", 7) == 0;

		assert_int_equal(strstr(note, "not among --rows") != NULL, !picked);
	}
	csv_table_free(&t);
	sbuf_free(&out);
}

static void test_usage(void **state)
{
	struct sbuf out = { 0 };

	(void)state;
	assert_int_equal(run_bin(NULL, &out, "crosscheck", "--rounds", "0", NULL), 2);
	assert_int_equal(run_bin(NULL, &out, "crosscheck", "--cpus", "0", NULL), 2);
	assert_int_equal(run_bin(NULL, &out, "crosscheck", "extra", NULL), 2);
	assert_int_equal(run_bin(NULL, &out, "crosscheck", "--rows", "perf,nope", NULL), 2);
	assert_non_null(strstr(out.p, "'nope' names no row"));
	sbuf_reset(&out);
	assert_int_equal(run_bin(NULL, &out, "help", "crosscheck", NULL), 0);
	assert_non_null(strstr(out.p, "ABBA"));
	assert_non_null(strstr(out.p, "--full-rtt"));
	sbuf_free(&out);
}


/* NULL when perf and sockperf can run here, else why not. */
static const char *tools_unavailable(void)
{
	static char why[256];
	char perf[4096], sockperf[4096], *probe[] = { perf, "bench", "sched", "pipe", "-l", "10",
						      NULL };
	struct xproc p;

	if (xproc_which("perf", perf, sizeof(perf)) < 0)
		return "perf is not installed (apt-get install linux-perf)";
	if (xproc_which("sockperf", sockperf, sizeof(sockperf)) < 0)
		return "sockperf is not installed (apt-get install sockperf)";
	if (xproc_start(&p, probe, -1) < 0)
		return "cannot start perf";
	xproc_wait(&p, p.start_ns + 10000000000ull, NULL, NULL);
	snprintf(why, sizeof(why), "perf bench sched pipe -l 10 does not run here: %s",
		 p.err.p ? p.err.p : "no output");
	why[strcspn(why, "\n")] = 0;
	if (xproc_ok(&p))
		why[0] = 0;
	xproc_free(&p);
	return why[0] ? why : NULL;
}

/* One row that ran: complete, positive figures, a ratio that is ours over theirs. */
static void check_ran(const struct csv_table *t, size_t i)
{
	double theirs = atof(csv_get(t, i, "their_ns")), ours = atof(csv_get(t, i, "our_same_stat_ns"));
	double ratio = atof(csv_get(t, i, "ratio"));
	const char *stat = csv_get(t, i, "compared_stat");

	assert_string_equal(csv_get(t, i, "status"), "ok");
	assert_string_equal(csv_get(t, i, "rounds"), "2");
	assert_string_equal(csv_get(t, i, "rounds_ok"), "2");
	assert_string_equal(csv_get(t, i, "order"), "ours-first;theirs-first");
	assert_non_null(strchr(csv_get(t, i, "their_rounds_ns"), ';'));
	assert_non_null(strchr(csv_get(t, i, "our_rounds_ns"), ';'));
	assert_true(theirs > 0 && ours > 0 && atof(csv_get(t, i, "our_p50_ns")) > 0);
	assert_true(fabs(ratio * theirs - ours) <= 1e-3 * ours + 0.1);
	assert_string_equal(csv_get(t, i, "within_5pct"), fabs(ratio - 1) <= 0.05 + 1e-9 ? "yes" : "no");
	assert_string_equal(csv_get(t, i, stat[0] == 'm' ? "our_mean_ns" : "our_p50_ns"),
			    csv_get(t, i, "our_same_stat_ns"));
	assert_true(strncmp(csv_get(t, i, "command"), "taskset -c ", 11) == 0);
	/* two rounds: the paired interval is [min, max] of the Walsh averages, its level 0.5 */
	assert_string_equal(csv_get(t, i, "paired_rounds"), "2");
	double lo = atof(csv_get(t, i, "paired_lo")), hi = atof(csv_get(t, i, "paired_hi"));
	double pr = atof(csv_get(t, i, "paired_ratio"));

	assert_true(lo > 0 && lo <= pr && pr <= hi);
	assert_true(fabs(atof(csv_get(t, i, "paired_level")) - 0.5) < 1e-9);
}

static void test_quick_end_to_end(void **state)
{
	const char *why = tools_unavailable(), *cmd;
	struct sbuf out = { 0 };
	struct csv_table t, cells;
	char dir[128];
	size_t i;

	(void)state;
	if (why) {
		fprintf(stderr, "skipped: %s\n", why);
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/quick", work);
	assert_int_equal(run_bin(NULL, &out, "crosscheck", "--quick", "--rounds", "2",
				 "--duration", "20ms", "-o", dir, NULL), 0);
	assert_non_null(strstr(out.p, "theirs (statistic)"));
	assert_non_null(strstr(out.p, "within 5 %"));
	read_csv("quick", "crosscheck.csv", &t);
	check_columns(&t);
	check_ran(&t, find_row(&t, "perf-pipe-same-cpu"));
	i = find_row(&t, "sockperf-tcp-cross-cpu");
	if (strcmp(csv_get(&t, i, "status"), "skipped") != 0) { /* two CPUs */
		check_ran(&t, i);
		check_ran(&t, find_row(&t, "sockperf-udp-cross-cpu"));
		for (int k = 0; k < 2; k++) { /* under-load: against our open loop at its rate */
			i = find_row(&t, k ? "sockperf-ul-udp-10k" : "sockperf-ul-tcp-10k");
			check_ran(&t, i);
			assert_non_null(strstr(csv_get(&t, i, "command"), "under-load"));
			assert_non_null(strstr(csv_get(&t, i, "command"), "--mps 10000"));
		}
		assert_string_equal(csv_get(&t, i, "wire_bytes_ours"), "64");
		assert_string_equal(csv_get(&t, i, "wire_bytes_theirs"), "64");
		i = find_row(&t, "perf-pipe-cross-cpu");
		check_ran(&t, i);
		assert_non_null(strstr(csv_get(&t, i, "note"), "worker was moved to CPU"));
	}
	/* No sockperf server of this run is left: its command line names its port. */
	cmd = strstr(csv_get(&t, find_row(&t, "sockperf-udp-cross-cpu"), "command"), "-p ");
	if (cmd) {
		char needle[32];

		snprintf(needle, sizeof(needle), "%.*s", (int)strcspn(cmd + 3, " ") + 3, cmd);
		assert_false(live_process(0, needle));
	}
	read_csv("quick", "results.csv", &cells);
	assert_true(cells.nrows >= 2 && cells.nrows % 2 == 0); /* two rounds of each cell */
	size_t open_cells = 0;

	for (i = 0; i < cells.nrows; i++) {
		assert_string_equal(csv_get(&cells, i, "status"), "ok");
		if (strcmp(csv_get(&cells, i, "loop"), "open") == 0) {
			assert_string_equal(csv_get(&cells, i, "rate_per_s"), "10000");
			open_cells++;
		}
	}
	/* two rounds of the two under-load rows, where there were two CPUs */
	assert_true(open_cells == 0 || open_cells == 4);
	csv_table_free(&cells);
	csv_table_free(&t);
	sbuf_free(&out);
}

static struct leak_snapshot before;

static int setup(void **state)
{
	(void)state;
	if (testenv_binary(bin) < 0 || testenv_fixtures(bin, "crosscheck", fix, sizeof(fix)) < 0)
		return -1;
	return testenv_begin(work, sizeof(work), &before);
}

static int teardown(void **state)
{
	(void)state;
	return testenv_end(&before, work);
}

/* Runs last: nothing the commands above created may remain. */
static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_output),
		cmocka_unit_test(test_sockperf_output),
		cmocka_unit_test(test_sockperf_failures),
		cmocka_unit_test(test_lmbench_format),
		cmocka_unit_test(test_runner_kills_the_group),
		cmocka_unit_test(test_runner_pins_and_reports),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_missing_tools_are_rows),
		cmocka_unit_test(test_quick_end_to_end),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("crosscheck", tests, setup, teardown);
}
