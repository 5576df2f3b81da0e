/* A hostile environment: the disk fills in the middle of a run, and /dev/shm is full from
 * the start. The run must stop (or fail the cells that need the space) honestly: a
 * distinct exit code, meta.csv saying what happened, as many rows on disk as the run
 * reports, every file valid, no name left. Root only: each test mounts a small tmpfs in a
 * mount namespace of its own (nothing outside sees it). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"
#include "leakcheck.h"
#include "text/csvread.h"

static char work[64], out[1 << 16];
static struct leak_snapshot before;
static int private_ns;

static void need_private_mounts(void)
{
	if (!private_ns) {
		printf("skipped: needs root to mount a small tmpfs in a namespace of its own\n");
		skip();
	}
}

/* Fills the file system of dir: a file grown until the space runs out. */
static void fill(const char *dir)
{
	static char chunk[65536];
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/filler", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	while (write(fd, chunk, sizeof(chunk)) > 0)
		;
	while (write(fd, chunk, 1) > 0)
		;
	close(fd);
}

/* Rows of a CSV file read strictly (0 when absent), failing the test when it is not valid. */
static int valid_rows(const char *dir, const char *file)
{
	char path[256], err[512];
	struct csv_table t;
	int n;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (access(path, F_OK) != 0)
		return 0;
	if (csv_read_file_strict(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	n = (int)t.nrows;
	csv_table_free(&t);
	return n;
}

static const char *meta(const char *dir, const char *key, char *buf, size_t n)
{
	char path[256], err[512];
	struct csv_table t;

	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	buf[0] = 0;
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	for (size_t i = 0; i < t.nrows; i++)
		if (strcmp(t.rows[i][0], key) == 0)
			snprintf(buf, n, "%s", t.rows[i][1]);
	csv_table_free(&t);
	return buf;
}

/* "N of M cells run" as printed. */
/* N of "N of M cells run" on the terminal, or -1. */
static int reported_rows(const char *text)
{
	const char *p = strstr(text, " cells run");

	while (p && p > text && p[-1] != '\n')
		p--;
	return p ? atoi(p) : -1;
}

static void assert_no_names_left(void)
{
	char *left = leak_new_since(&before);

	if (left)
		fail_msg("left behind:\n%s", left);
}

static pid_t start(const char *args, const char *log)
{
	char cmd[4096];
	pid_t pid = fork();

	if (pid == 0) {
		snprintf(cmd, sizeof(cmd), "exec '%s' %s >'%s' 2>&1", hostile_binary(), args, log);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* The disk fills after the second row: the run stops there with exit 6, meta.csv says
 * incomplete and why, every file on disk is valid and has the rows it reports; once
 * there is room again, resume runs the rest. */
static void test_full_disk_stops_the_run(void **state)
{
	char disk[128], run[160], log[160], args[512], v[256];
	int st, rows, planned = 24;
	pid_t pid;

	(void)state;
	need_private_mounts();
	snprintf(disk, sizeof(disk), "%s/disk", work);
	snprintf(run, sizeof(run), "%s/run", disk);
	snprintf(log, sizeof(log), "%s/run.log", work);
	assert_int_equal(mkdir(disk, 0700), 0);
	assert_int_equal(mount("tmpfs", disk, "tmpfs", 0, "size=2m"), 0);
	snprintf(args, sizeof(args), "run -t pipe,shm-spin,sysv-msg,posix-mq -s 64,4K --repeat 3 "
		 "--duration 100ms --warmup 5ms -o %s", run);
	pid = start(args, log);
	for (int i = 0; i < 3000 && valid_rows(run, "results.csv") < 2; i++)
		usleep(2000);
	fill(disk);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	char *text = slurp_file(log);
	rows = valid_rows(run, "results.csv");
	printf("full disk: exit %d, meta.csv run_status %s, %s; %d rows on disk, %d reported, %d "
	       "planned\n", WEXITSTATUS(st), meta(run, "run_status", v, sizeof(v)),
	       meta(run, "stop_reason", v + 64, sizeof(v) - 64), rows, reported_rows(text), planned);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 6);
	assert_string_equal(meta(run, "run_status", v, sizeof(v)), "incomplete");
	assert_non_null(strstr(meta(run, "stop_reason", v, sizeof(v)), "No space left"));
	assert_int_equal(atoi(meta(run, "cells_run", v, sizeof(v))), rows);
	assert_int_equal(reported_rows(text), rows);
	assert_true(rows >= 2 && rows < planned);
	valid_rows(run, "summary.csv");
	valid_rows(run, "spectrum.csv");
	assert_int_equal(count_entries(run, ".tmp-"), 0);
	assert_int_equal(count_entries(run, ".ipcbench."), 0);
	free(text);
	assert_no_names_left();
	snprintf(args, sizeof(args), "%s/filler", disk);
	unlink(args);
	snprintf(args, sizeof(args), "run --resume %s -q", run);
	assert_int_equal(hostile_run(work, "", args, out, sizeof(out)), 0);
	assert_int_equal(valid_rows(run, "results.csv"), planned);
	assert_no_names_left();
	assert_int_equal(umount2(disk, MNT_DETACH), 0);
}

/* /dev/shm full from the start: the LRPC cells (A-stacks live there) are errors with
 * ENOSPC, not SIGBUS; the other cells run; no name is left. */
static void test_full_dev_shm_is_an_error_cell(void **state)
{
	char run[128], v[64], args[512];
	int rc, rows;

	(void)state;
	need_private_mounts();
	assert_int_equal(mount("tmpfs", "/dev/shm", "tmpfs", 0, "size=64k,mode=1777"), 0);
	fill("/dev/shm");
	snprintf(run, sizeof(run), "%s/shmfull", work);
	snprintf(args, sizeof(args), "run -t lrpc-futex,lrpc-spin,pipe -s 64 --repeat 2 "
		 "--duration 20ms --warmup 5ms -o %s", run);
	rc = hostile_run(work, "", args, out, sizeof(out));
	rows = valid_rows(run, "results.csv");
	char *csv = NULL;
	snprintf(args, sizeof(args), "%s/results.csv", run);
	csv = slurp_file(args);
	assert_non_null(csv);
	printf("full /dev/shm: exit %d, meta.csv run_status %s, %d rows on disk, %d reported, "
	       "ipcbench names in /dev/shm: %d\n", rc, meta(run, "run_status", v, sizeof(v)),
	       rows, reported_rows(out), count_entries("/dev/shm", "ipcbench."));
	assert_int_equal(rc, 1);
	assert_string_equal(meta(run, "run_status", v, sizeof(v)), "complete");
	assert_int_equal(rows, 6);
	assert_int_equal(reported_rows(out), rows);
	assert_null(strstr(csv, "Bus error"));
	assert_null(strstr(csv, "peer-died"));
	assert_non_null(strstr(csv, "No space left on device"));
	assert_int_equal(count_entries("/dev/shm", "ipcbench."), 0);
	free(csv);
	assert_int_equal(umount2("/dev/shm", MNT_DETACH), 0);
	assert_no_names_left();
}

static int setup(void **state)
{
	(void)state;
	if ((private_ns = hostile_workdir(work, sizeof(work))) < 0)
		return -1;
	leak_snapshot_take(&before);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	leak_snapshot_free(&before);
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_disk_stops_the_run),
		cmocka_unit_test(test_full_dev_shm_is_an_error_cell),
	};

	return cmocka_run_group_tests_name("full file systems", tests, setup, teardown);
}
