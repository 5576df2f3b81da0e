/* The small holes of issue 19, each closed: durations that would wrap, cells planned twice,
 * a synthetic topology that would take hwloc minutes (and placement picks that were
 * quadratic), an unusable TMPDIR, a run directory that cannot be made or is refused, the
 * RLIMIT_MSGQUEUE named as such, a calibration child killed, a note with a line break in
 * a figure, and the one writer, the lock and the CSV reader that the rest stands on. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"
#include "leakcheck.h"
#include "sys/files.h"
#include "sys/topology.h"
#include "text/csvread.h"

/* ends after 100 round trips: enough samples for a figure however busy the machine */
#define TINY "--iterations 100 --duration 2s --warmup 5ms -q"

static char work[64], out[1 << 16];

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char args[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return hostile_run(work, "", args, out, sizeof(out));
}

static void test_durations_beyond_a_day_refused(void **state)
{
	(void)state;
	assert_int_equal(run("run -t pipe -s 64 --warmup 18446744073709551615ns -o d1"), 2);
	assert_non_null(strstr(out, "at most 1440m"));
	assert_int_equal(run("run -t pipe -s 64 --duration 18446744073709551615ns -o d1"), 2);
	assert_int_equal(run("run -t pipe -s 64 --duration 1441m -o d1"), 2);
	assert_int_equal(run("run -t pipe -s 64 --timeout 99999m -o d1"), 2);
	assert_int_equal(access("d1", F_OK), -1); /* refused before anything was made */
}

static void test_cells_planned_twice_refused(void **state)
{
	FILE *f;

	(void)state;
	assert_int_equal(run("run -t pipe,pipe -s 1 -o d2"), 2);
	assert_non_null(strstr(out, "'pipe' is listed twice"));
	assert_int_equal(run("run -t pipe -s 1,1 -o d2"), 2);
	assert_int_equal(run("run -t pipe -s 4K,4096 -o d2"), 2);
	assert_int_equal(run("run -t pipe --placement same-cpu,same-cpu -o d2"), 2);
	f = fopen("twice.conf", "w");
	assert_non_null(f);
	fprintf(f, "[a]\ntransports = pipe\nsizes = 64\n[b]\ntransports = pipe\nsizes = 64\n");
	fclose(f);
	assert_int_equal(run("run -c twice.conf -o d2"), 2);
	assert_non_null(strstr(out, "sweeps 'a' and 'b' plan the same cell twice"));
	assert_int_equal(access("d2", F_OK), -1);
}

static void test_topo_synthetic_is_bounded(void **state)
{
	unsigned long long pus;

	(void)state;
	assert_int_equal(run("topo --synthetic 'pack:65536 core:65536 pu:2'"), 2);
	assert_non_null(strstr(out, "too large"));
	assert_int_equal(run("topo --synthetic 'pack:1 core:4096 pu:1'"), 2);
	assert_int_equal(run("topo --synthetic 'pack:8 core:512 pu:1' --export big.xml"), 0);
	assert_int_equal(topo_synthetic_pus("pack:2 numa:2 [numa] l3:2 core:4(x=1) pu:2", &pus), 0);
	assert_int_equal(pus, 64);
	assert_int_equal(topo_synthetic_pus("pack:4097 pu:1", &pus), -E2BIG);
}

/* The classes' relations as sys/topology.c defines them, and topo_pick as it was: the first
 * pair in order (every pair tried). The one-pass version must agree with it. */
static int related(const struct topology *t, const struct topo_pu *x, const struct topo_pu *y,
		   enum placement p)
{
	switch (p) {
	case PL_SAME_CPU: return x->os == y->os;
	case PL_SMT: return x->os != y->os && x->core >= 0 && x->core == y->core;
	case PL_SAME_L2: return x->l2 >= 0 && x->l2 == y->l2 && x->core != y->core;
	case PL_SAME_L3:
		return x->l3 >= 0 && x->l3 == y->l3 && (t->has_l2 ? x->l2 != y->l2 : x->core != y->core);
	case PL_CROSS_L3:
		return x->package >= 0 && x->package == y->package && x->l3 >= 0 && y->l3 >= 0 &&
		       x->l3 != y->l3;
	case PL_CROSS_PACKAGE: return x->package != y->package;
	case PL_CROSS_NUMA: return x->numa != y->numa;
	default: return 0;
	}
}

static int reference_pick(const struct topology *t, enum placement p, int *a, int *b)
{
	for (size_t i = 0; i < t->npu; i++)
		for (size_t j = p == PL_SAME_CPU ? i : i + 1; j < t->npu; j++)
			if (related(t, &t->pu[i], &t->pu[j], p)) {
				*a = t->pu[i].os;
				*b = t->pu[j].os;
				return 0;
			}
	return -ENOENT;
}

static void test_topo_pick_agrees_with_every_pair_search(void **state)
{
	static const char *const descs[] = {
		"pack:2 numa:2 l3:2 core:4 pu:2", "pack:2 numa:1 l3:2 l2:2 core:2 pu:2",
		"pack:1 l3:1 l2:2 core:1 pu:1",   "pack:1 core:1 pu:1",
		"pack:4 l3:1 core:3 pu:1",        "pack:1 numa:3 l2:2 core:2 pu:3",
	};
	char why[160];

	(void)state;
	for (size_t d = 0; d < sizeof(descs) / sizeof(descs[0]); d++) {
		struct topology t;

		assert_int_equal(topo_load(&t, descs[d]), 0);
		for (int p = 0; p < PL_COUNT; p++) {
			int a = -1, b = -1, ra = -1, rb = -1;
			int got = topo_pick(&t, (enum placement)p, &a, &b, why, sizeof(why));
			int want = reference_pick(&t, (enum placement)p, &ra, &rb);

			if (got != want || a != ra || b != rb)
				fail_msg("%s %s: %d (%d,%d), every-pair search %d (%d,%d)", descs[d],
					 placement_name((enum placement)p), got, a, b, want, ra, rb);
		}
		topo_free(&t);
	}
}

static void test_unusable_tmpdir_is_an_early_error(void **state)
{
	(void)state;
	assert_int_equal(hostile_run(work, "TMPDIR=/nonexistent/x", "run -t pipe -s 64 " TINY
				     " -o d3", out, sizeof(out)), 5);
	assert_non_null(strstr(out, "/nonexistent/x (TMPDIR)"));
	assert_int_equal(access("d3", F_OK), -1);
}

static void test_run_directory_problems_have_their_own_code(void **state)
{
	FILE *f = fopen("plainfile", "w");

	(void)state;
	assert_non_null(f);
	fclose(f);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o /proc/ipcbench-no/x"), 4);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o plainfile"), 4);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o d4"), 0);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o d4"), 4); /* an earlier run */
	assert_non_null(strstr(out, "holds an earlier run"));
	assert_int_equal(symlink("d4", "d4link"), 0);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o d4link --force"), 0);
	assert_int_equal(run("run -t pipe -s 64 " TINY " -o d4link"), 4); /* a link */
	assert_non_null(strstr(out, "symbolic link"));
}

static void test_rlimit_msgqueue_named(void **state)
{
	struct rlimit was, tiny;
	char path[128], *csv;
	int rc;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_MSGQUEUE, &was), 0);
	tiny = (struct rlimit){ 100, was.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_MSGQUEUE, &tiny), 0); /* inherited by the run */
	rc = run("run -t posix-mq -s 64 " TINY " --repeat 1 -o d5");
	assert_int_equal(setrlimit(RLIMIT_MSGQUEUE, &was), 0);
	assert_int_equal(rc, 1);
	snprintf(path, sizeof(path), "%s/d5/results.csv", work);
	csv = slurp_file(path);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "RLIMIT_MSGQUEUE"));
	assert_null(strstr(csv, "Too many open files"));
	free(csv);
}

/* A calibration child of this run, or 0. */
static pid_t calib_child(pid_t parent)
{
	char path[64], comm[32];
	FILE *f;
	int c;
	pid_t found = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)parent, (int)parent);
	if (!(f = fopen(path, "r")))
		return 0;
	while (!found && fscanf(f, "%d", &c) == 1) {
		FILE *cf;

		snprintf(path, sizeof(path), "/proc/%d/comm", c);
		if ((cf = fopen(path, "r")) && fgets(comm, sizeof(comm), cf) &&
		    strncmp(comm, "ipcbench-calib", 14) == 0)
			found = c;
		if (cf)
			fclose(cf);
	}
	fclose(f);
	return found;
}

static void test_killed_calibration_child_is_not_success(void **state)
{
	pid_t pid = fork(), kid = 0;
	int st;

	(void)state;
	if (pid == 0) {
		if (!freopen("d6.log", "w", stdout) || !freopen("d6.log", "a", stderr))
			_exit(126);
		execl(hostile_binary(), "ipcbench", "run", "-t", "pipe", "-s", "64", "-q", "-o",
		      "d6", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 20000 && !kid && waitpid(pid, &st, WNOHANG) == 0; i++) {
		kid = calib_child(pid);
		if (!kid)
			usleep(200);
	}
	if (!kid) {
		waitpid(pid, &st, 0);
		printf("skipped: the calibration was over before a child could be seen\n");
		skip();
	}
	kill(kid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	char *log = slurp_file("d6.log");
	assert_non_null(log);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 5);
	assert_non_null(strstr(log, "killed by signal 9"));
	free(log);
}

static void test_note_with_a_line_break_still_plots(void **state)
{
	char path[128], err[256];
	struct csv_table t;
	FILE *f;

	(void)state;
	if (access("/usr/bin/gnuplot", X_OK) != 0) {
		printf("skipped: gnuplot is not installed\n");
		skip();
	}
	assert_int_equal(run("run -t pipe,shm-spin -s 64,4K --repeat 2 " TINY " -o d7"), 0);
	snprintf(path, sizeof(path), "%s/d7/summary.csv", work);
	assert_int_equal(csv_read_file(path, &t, err, sizeof(err)), 0);
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t c = 0; c < t.ncols; c++)
		fprintf(f, "%s%s", c ? "," : "", t.cols[c]);
	fputc('\n', f);
	for (size_t i = 0; i < t.nrows; i++)
		for (size_t c = 0; c < t.ncols; c++)
			fprintf(f, "%s\"%s%s\"%s", c ? "," : "", t.rows[i][c],
				strcmp(t.cols[c], "note") == 0 ? "\nsecond line" : "",
				c + 1 == t.ncols ? "\n" : "");
	fclose(f);
	csv_table_free(&t);
	assert_int_equal(run("plot d7"), 0);
	assert_non_null(strstr(out, " 0 failed"));
}

static void test_one_writer_never_follows_links(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(write_file_atomic("w-target", "keep", 4), 0);
	assert_int_equal(symlink("w-target", "w-link"), 0);
	assert_int_equal(write_file_atomic("w-link", "new", 3), -ELOOP);
	assert_int_equal(mkdir("w-dir", 0700), 0);
	assert_int_equal(write_file_atomic("w-dir", "new", 3), -EISDIR);
	s = slurp_file("w-target");
	assert_string_equal(s, "keep");
	free(s);
	assert_int_equal(write_file_atomic("w-new", "fresh", 5), 0);
	assert_int_equal(count_entries(".", ".tmp-"), 0);
}

static void test_lock_is_held_and_stale_locks_are_taken_over(void **state)
{
	pid_t holder = 0, pid;
	int fd, st;

	(void)state;
	fd = lock_take("a.lock", &holder);
	assert_true(fd >= 0);
	pid = fork();
	if (pid == 0) /* another process sees it held, with our pid */
		_exit(lock_take("a.lock", &holder) == -EBUSY && holder == getppid() ? 0 : 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(st, 0);
	lock_release(fd, "a.lock");
	pid = fork();
	if (pid == 0) /* a holder that dies without releasing */
		_exit(lock_take("a.lock", &holder) >= 0 ? 0 : 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(access("a.lock", F_OK), 0);
	fd = lock_take("a.lock", &holder);
	assert_true(fd >= 0);
	lock_release(fd, "a.lock");
}

static void test_csv_reader_refuses_nul_and_cut_files(void **state)
{
	static const char nul[] = "a,b\n1,2\n3,\0\n";
	char err[256];
	struct csv_table t;

	(void)state;
	assert_int_equal(csv_parse("x.csv", nul, sizeof(nul) - 1, &t, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "x.csv:3: a NUL byte (not a text file, or damaged)");
	assert_int_equal(write_file_atomic("cut.csv", "a,b\n1,2\n3,4", 11), 0);
	assert_int_equal(csv_read_file("cut.csv", &t, err, sizeof(err)), 0);
	csv_table_free(&t);
	assert_int_equal(csv_read_file_strict("cut.csv", &t, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "cut.csv:3: the last line has no line end"));
	static const char ok[] = "a,b\n1,\"x\ny\"\n3,4\r\n";

	assert_int_equal(write_file_atomic("ok.csv", ok, sizeof(ok) - 1), 0);
	assert_int_equal(csv_read_file_strict("ok.csv", &t, err, sizeof(err)), 0);
	assert_string_equal(t.raw[0], "1,\"x\ny\"");
	assert_string_equal(t.raw[1], "3,4\r");
	assert_int_equal(t.line[1], 4);
	csv_table_free(&t);
}

static int setup(void **state)
{
	(void)state;
	return hostile_workdir(work, sizeof(work)) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations_beyond_a_day_refused),
		cmocka_unit_test(test_cells_planned_twice_refused),
		cmocka_unit_test(test_topo_synthetic_is_bounded),
		cmocka_unit_test(test_topo_pick_agrees_with_every_pair_search),
		cmocka_unit_test(test_unusable_tmpdir_is_an_early_error),
		cmocka_unit_test(test_run_directory_problems_have_their_own_code),
		cmocka_unit_test(test_rlimit_msgqueue_named),
		cmocka_unit_test(test_killed_calibration_child_is_not_success),
		cmocka_unit_test(test_note_with_a_line_break_still_plots),
		cmocka_unit_test(test_one_writer_never_follows_links),
		cmocka_unit_test(test_lock_is_held_and_stale_locks_are_taken_over),
		cmocka_unit_test(test_csv_reader_refuses_nul_and_cut_files),
	};

	return cmocka_run_group_tests_name("hardening", tests, setup, teardown);
}
