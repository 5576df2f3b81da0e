/* Reliability of the ipcbench binary ($IPCBENCH) under hostile conditions: random
 * SIGINT/SIGKILL of the harness, killed and stopped children, resume, and other users.
 * The random moments come from a fixed seed (IPCBENCH_SEED overrides it), so a failure
 * can be replayed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sys/clock.h"
#include "text/csvread.h"
#include "hostile.h"
#include "leakcheck.h"

#define KILLS 24

static char bin[4096], work[64];
static struct leak_snapshot before;
static uint64_t rng;

static uint64_t next_rand(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Starts "ipcbench ARGS..." (NULL-terminated) with output to work/log. */
static pid_t start(const char *const *args)
{
	char *argv[32];
	size_t n = 0;
	pid_t pid;

	argv[n++] = bin;
	while (*args && n < 31)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	fflush(NULL); /* a child must not repeat what is buffered */
	pid = fork();
	if (pid == 0) {
		char log[128];

		snprintf(log, sizeof(log), "%s/log", work);
		if (!freopen(log, "a", stdout) || !freopen(log, "a", stderr) || chdir(work) < 0)
			_exit(126);
		execv(bin, argv);
		_exit(127);
	}
	assert_true(pid > 0);
	return pid;
}

static int finish(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static int run_clean(void)
{
	const char *args[] = { "clean", NULL };

	return finish(start(args));
}

static void assert_nothing_left(const char *when)
{
	char *left = leak_new_since(&before);

	if (left) {
		fprintf(stderr, "left behind %s:\n%s", when, left);
		free(left);
		fail();
	}
}

/* A results.csv that exists must parse: atomic writes never leave half a file. */
static void assert_valid_results(const char *dir)
{
	char path[256], err[256];
	struct csv_table t;

	snprintf(path, sizeof(path), "%s/%s/results.csv", work, dir);
	if (access(path, F_OK) != 0)
		return;
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_true(csv_col(&t, "status") >= 0);
	csv_table_free(&t);
}

/* The harness killed at random moments (start-up, calibration, inside cells, between
 * them), alternately by SIGINT and SIGKILL, with every transport in the sweep. */
static void test_random_kills_leave_nothing(void **state)
{
	int sigints = 0, sigkills = 0;

	(void)state;
	for (int i = 0; i < KILLS; i++) {
		char dir[32];
		int sig = i % 2 ? SIGKILL : SIGINT;

		snprintf(dir, sizeof(dir), "kill%d", i);
		const char *args[] = { "run", "-t", "all", "-s", "64,4K", "--duration", "20ms",
				       "--warmup", "5ms", "--repeat", "1", "-q", "-o", dir, NULL };
		pid_t pid = start(args);
		sleep_ms(100 + (unsigned)(next_rand() % 1500));
		kill(pid, sig);
		int st = finish(pid);
		if (sig == SIGKILL) {
			assert_int_equal(run_clean(), 0);
			sigkills += WIFSIGNALED(st);
		} else {
			/* a run that caught SIGINT ends by itself, with exit code 1 */
			sigints += WIFEXITED(st) && WEXITSTATUS(st) == 1;
		}
		assert_valid_results(dir);
		assert_nothing_left(sig == SIGKILL ? "after SIGKILL and clean" : "after SIGINT");
	}
	printf("random kills: %d SIGINT (caught), %d SIGKILL, 0 objects left\n", sigints, sigkills);
	assert_true(sigints + sigkills >= KILLS / 2);
}

static int is_cell_child(pid_t pid)
{
	char path[64], comm[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = 0;
	fclose(f);
	return strncmp(comm, "ipcbench-client", 15) == 0 || strncmp(comm, "ipcbench-server", 15) == 0;
}

/* Pids of the current cell's client and server (not calibration's children). */
static int children_of(pid_t pid, pid_t *out, int max)
{
	char path[64];
	FILE *f;
	int n = 0, c;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (n < max && fscanf(f, "%d", &c) == 1)
		if (is_cell_child(c))
			out[n++] = c;
	fclose(f);
	return n;
}

static int count_status(const char *dir, const char *status, int *rows)
{
	char path[256], err[256];
	struct csv_table t;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s/results.csv", work, dir);
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	for (size_t i = 0; i < t.nrows; i++)
		n += strcmp(csv_get(&t, i, "status"), status) == 0;
	*rows = (int)t.nrows;
	csv_table_free(&t);
	return n;
}

/* A kill storm in small: the harness stopped by each signal a user or a system sends
 * (SIGTERM, SIGHUP, Ctrl-C to the whole group, SIGKILL), a cell child killed, and a resume
 * killed half-way; after each, `clean` (when the harness could not clean up), then resume
 * until done. Nothing may be left, every CSV must read back strictly, and the finished run
 * must have every planned cell exactly once, with the rows of before kept byte for byte. */
#define STORM_TRANSPORTS "pipe,shm-spin,sysv-msg,posix-mq,lrpc-futex"
#define STORM_CELLS 10 /* 5 transports x 1 size x 2 repeats */

enum storm_hit { HIT_TERM, HIT_HUP, HIT_GROUP_INT, HIT_KILL, HIT_CHILD, HIT_RESUME_KILL };

static pid_t start_grouped(const char *const *args)
{
	pid_t pid = start(args);

	setpgid(pid, pid); /* its own group, as a shell job is, for the Ctrl-C */
	return pid;
}

static void strict_csvs(const char *dir)
{
	static const char *const files[] = { "results.csv", "summary.csv", "spectrum.csv",
					     "meta.csv" };
	char path[256], err[512];
	struct csv_table t;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/%s", work, dir, files[i]);
		if (access(path, F_OK) != 0)
			continue;
		if (csv_read_file_strict(path, &t, err, sizeof(err)) < 0)
			fail_msg("%s", err);
		csv_table_free(&t);
	}
}

/* Every results.csv row's key, sorted, and the text of the file. */
static int key_count(const char *dir, int *dups)
{
	char keys[64][96];
	int n = 0;
	char path[256], err[512];
	struct csv_table t;

	snprintf(path, sizeof(path), "%s/%s/results.csv", work, dir);
	if (csv_read_file_strict(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	*dups = 0;
	for (size_t i = 0; i < t.nrows && n < 64; i++, n++) {
		snprintf(keys[n], sizeof(keys[n]), "%s/%s/%s", csv_get(&t, i, "transport"),
			 csv_get(&t, i, "size_bytes"), csv_get(&t, i, "repeat"));
		for (int j = 0; j < n; j++)
			*dups += strcmp(keys[j], keys[n]) == 0;
	}
	csv_table_free(&t);
	return n;
}

/* Kills as `hit` says, at a random moment; returns how the harness ended. */
static int hit_run(pid_t pid, enum storm_hit hit)
{
	pid_t kids[8];

	sleep_ms(150 + (unsigned)(next_rand() % 1100));
	if (hit == HIT_CHILD) {
		for (int i = 0; i < 200 && children_of(pid, kids, 8) < 2; i++)
			sleep_ms(5);
		if (children_of(pid, kids, 8) == 2)
			kill(kids[next_rand() % 2], SIGKILL);
	} else if (hit == HIT_GROUP_INT) {
		kill(-pid, SIGINT);
	} else {
		kill(pid, hit == HIT_TERM ? SIGTERM : hit == HIT_HUP ? SIGHUP : SIGKILL);
	}
	return finish(pid);
}

/* Resumes dir until it is done (a fresh run when it never got its meta.csv). */
static void resume_to_the_end(const char *dir)
{
	char meta[256];
	int st;

	snprintf(meta, sizeof(meta), "%s/%s/meta.csv", work, dir);
	if (access(meta, F_OK) != 0) {
		const char *again[] = { "run", "-t", STORM_TRANSPORTS, "-s", "64", "--duration",
					"20ms", "--warmup", "5ms", "--repeat", "2", "-q", "-o", dir,
					"--force", NULL };
		st = finish(start(again));
	} else {
		const char *resume[] = { "run", "--resume", dir, "-q", NULL };
		st = finish(start(resume));
	}
	assert_true(WIFEXITED(st));
	assert_true(WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 1); /* a killed child: 1 */
}

static void test_kill_storm_every_signal(void **state)
{
	static const char *const names[] = { "SIGTERM", "SIGHUP", "Ctrl-C to the group",
					     "SIGKILL", "SIGKILL of a child", "SIGKILL mid-resume" };
	int lost = 0, dups = 0;

	(void)state;
	for (int hit = HIT_TERM; hit <= HIT_RESUME_KILL; hit++) {
		char dir[32], before[256], *kept;
		int st, d;

		snprintf(dir, sizeof(dir), "storm%d", hit);
		const char *args[] = { "run", "-t", STORM_TRANSPORTS, "-s", "64", "--duration",
				       "20ms", "--warmup", "5ms", "--repeat", "2", "-q", "-o", dir,
				       NULL };
		st = hit_run(start_grouped(args), hit == HIT_RESUME_KILL ? HIT_TERM : (enum storm_hit)hit);
		if (WIFSIGNALED(st))
			assert_int_equal(run_clean(), 0);
		strict_csvs(dir);
		assert_nothing_left(names[hit]);
		if (hit == HIT_RESUME_KILL) {
			const char *resume[] = { "run", "--resume", dir, "-q", NULL };
			snprintf(before, sizeof(before), "%s/%s/meta.csv", work, dir);
			if (access(before, F_OK) == 0 &&
			    WIFSIGNALED(hit_run(start(resume), HIT_KILL)))
				assert_int_equal(run_clean(), 0);
			strict_csvs(dir);
			assert_nothing_left("after a resume killed half-way");
		}
		snprintf(before, sizeof(before), "%s/%s/results.csv", work, dir);
		kept = slurp_file(before);
		resume_to_the_end(dir);
		char *now = slurp_file(before);
		assert_non_null(now);
		for (char *l = kept ? strchr(kept, '\n') : NULL; l && l[1]; l = strchr(l + 1, '\n')) {
			size_t len = strcspn(l + 1, "\n") + 1;
			if (!memmem(now, strlen(now), l + 1, len))
				fail_msg("%s: a row of before the resume changed", dir);
		}
		free(kept);
		free(now);
		lost += STORM_CELLS - key_count(dir, &d);
		dups += d;
		assert_nothing_left("after the resume");
		printf("kill storm: %-20s then clean and resume: 0 objects left, CSVs valid\n",
		       names[hit]);
	}
	printf("kill storm: %d hits, rows lost %d, rows duplicated %d\n", HIT_RESUME_KILL + 1,
	       lost, dups);
	assert_int_equal(lost, 0);
	assert_int_equal(dups, 0);
}

/* A child killed mid-cell makes that cell peer-died; the sweep goes on to the end. */
static void test_killed_child_is_peer_died(void **state)
{
	const char *args[] = { "run", "-t", "all", "-s", "64", "--duration", "600ms",
			       "--warmup", "10ms", "--repeat", "1", "-q", "-o", "childkill", NULL };
	pid_t pid = start(args), kids[8];
	int st, killed = 0, rows;

	(void)state;
	sleep_ms(1500); /* past calibration */
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (children_of(pid, kids, 8) == 2 && killed < 6) {
			kill(kids[next_rand() % 2], SIGKILL);
			killed++;
			sleep_ms(700); /* into a later cell */
		}
		sleep_ms(50);
	}
	assert_true(WIFEXITED(st));
	int died = count_status("childkill", "peer-died", &rows);
	printf("killed %d children mid-cell: %d cells peer-died, %d rows\n", killed, died, rows);
	assert_true(killed > 0);
	assert_int_equal(died, killed);
	assert_int_equal(WEXITSTATUS(st), 1);
	assert_true(rows > killed); /* the sweep went on */
	assert_nothing_left("after killed children");
}

/* A stopped peer is a timeout at the deadline, not a hang. */
static void test_stopped_peer_times_out(void **state)
{
	const char *args[] = { "run", "-t", "pipe", "-s", "64", "--duration", "300ms",
			       "--warmup", "10ms", "--repeat", "1", "--timeout", "1s", "-q", "-o",
			       "stopped", NULL };
	pid_t pid = start(args), kids[8];
	int st, rows, stopped = 0;
	uint64_t t_stop = 0, t_end;

	(void)state;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (!stopped && children_of(pid, kids, 8) == 2) {
			kill(kids[1], SIGSTOP);
			t_stop = clock_mono_ns();
			stopped = 1;
		}
		sleep_ms(2);
	}
	t_end = clock_mono_ns();
	assert_true(stopped);
	assert_int_equal(count_status("stopped", "timeout", &rows), 1);
	printf("stopped peer: gave up %.2f s after SIGSTOP (cell timeout 1 s)\n",
	       (double)(t_end - t_stop) / 1e9);
	assert_true(t_end - t_stop < 3000000000ull);
	assert_nothing_left("after a stopped peer");
}

static void rows_keys(const char *dir, char *keys, size_t n)
{
	char path[256], err[256];
	struct csv_table t;

	snprintf(path, sizeof(path), "%s/%s/results.csv", work, dir);
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	keys[0] = 0;
	for (size_t i = 0; i < t.nrows; i++)
		snprintf(keys + strlen(keys), n - strlen(keys), "%s/%s/%s/%s\n",
			 csv_get(&t, i, "transport"), csv_get(&t, i, "size_bytes"),
			 csv_get(&t, i, "placement"), csv_get(&t, i, "repeat"));
	csv_table_free(&t);
}

/* An interrupted run, resumed, ends with exactly the planned cells, once each. */
/* A run that should have ended 0: when it did not, its rows that are not ok say why. */
static void assert_run_ok(int st, const char *dir)
{
	char cmd[512];

	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	snprintf(cmd, sizeof(cmd), "grep -v ',ok,' %s/%s/results.csv >&2", work, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "(no rows in %s)\n", dir);
	fail_msg("run -o %s ended with status 0x%x", dir, (unsigned)st);
}

static void test_resume_completes_interrupted_run(void **state)
{
	const char *args[] = { "run", "-t", "pipe,shm-spin,unix-stream", "-s", "64,4K",
			       "--duration", "150ms", "--warmup", "10ms", "--repeat", "2", "-q",
			       "-o", "resumed", NULL };
	const char *resume[] = { "run", "--resume", "resumed", "-q", NULL };
	const char *full[] = { "run", "-t", "pipe,shm-spin,unix-stream", "-s", "64,4K",
			       "--iterations", "100", "--duration", "2s", "--warmup", "1ms",
			       "--repeat", "2", "-q", "-o", "reference", NULL };
	static char got[4096], want[4096];
	pid_t pid = start(args), kids[2];
	int st;

	(void)state;
	while (children_of(pid, kids, 2) < 2) /* the first cell is running */
		sleep_ms(5);
	sleep_ms(600);
	kill(pid, SIGINT);
	st = finish(pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	rows_keys("resumed", got, sizeof(got));
	assert_true(strlen(got) > 0);
	assert_run_ok(finish(start(resume)), "resumed");
	rows_keys("resumed", got, sizeof(got));
	assert_run_ok(finish(start(full)), "reference");
	rows_keys("reference", want, sizeof(want));
	assert_string_equal(got, want);
	assert_nothing_left("after resume");
}

/* In a child that became `nobody`: every probe must be refused. Returns how many
 * were allowed (0 is the goal), or -1 when the uid cannot be changed. */
static int probe_as_nobody(const char *cell_dir)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		DIR *d;
		int allowed = 0;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(255);
		d = opendir(cell_dir); /* 0700: another user cannot list or enter it */
		allowed += d != NULL;
		if (d)
			closedir(d);
		_exit(allowed);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WEXITSTATUS(st) == 255 ? -1 : WEXITSTATUS(st);
}

/* SysV objects named by a ledger marker, probed as nobody: 0600 must refuse them. */
static int probe_sysv_as_nobody(const char *marker)
{
	char kind[8];
	unsigned key;
	int id, st;
	pid_t pid;

	if (sscanf(marker, "sysv-%7[a-z].%x", kind, &key) != 2)
		return 0;
	id = kind[1] == 's' ? msgget((key_t)key, 0) : kind[1] == 'e' ? semget((key_t)key, 0, 0) : -1;
	if (id < 0)
		return 0; /* gone already, or a segment (already removed once attached) */
	pid = fork();
	if (pid == 0) {
		struct { long type; char c; } m = { 1, 'x' };
		struct sembuf op = { 0, 1, IPC_NOWAIT };
		int r;

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(255);
		r = strcmp(kind, "msg") == 0 ? msgsnd(id, &m, 1, IPC_NOWAIT) : semop(id, &op, 1);
		_exit(r == 0 || (errno != EACCES && errno != EPERM && errno != EINVAL) ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WEXITSTATUS(st) == 255 ? 0 : WEXITSTATUS(st);
}

/* Another local user can neither enter our temp dirs nor touch our queues/semaphores. */
static void test_other_user_cannot_open_our_objects(void **state)
{
	const char *args[] = { "run", "-t", "sysv-msg,shm-sem,fifo", "-s", "64", "--duration",
			       "700ms", "--warmup", "10ms", "--repeat", "1", "-q", "-o", "perm", NULL };
	int probes = 0, allowed = 0, st;
	pid_t pid, kids[2];

	(void)state;
	if (geteuid() != 0)
		skip(); /* needs root to become another user */
	chmod(work, 0755); /* let the other user reach the cell dirs, so their own mode counts */
	pid = start(args);
	while (waitpid(pid, &st, WNOHANG) == 0) {
		char prefix[32], path[512];
		DIR *d = opendir(work);
		struct dirent *e;

		snprintf(prefix, sizeof(prefix), "ipcbench.%d.", (int)pid);
		while (d && children_of(pid, kids, 2) == 2 && (e = readdir(d))) {
			if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", work, e->d_name);
			int r = probe_as_nobody(path);
			if (r < 0)
				skip();
			allowed += r;
			probes++;
			DIR *cd = opendir(path);
			struct dirent *m;
			while (cd && (m = readdir(cd)))
				if (strncmp(m->d_name, "sysv-", 5) == 0) {
					allowed += probe_sysv_as_nobody(m->d_name);
					probes++;
				}
			if (cd)
				closedir(cd);
		}
		if (d)
			closedir(d);
		sleep_ms(100);
	}
	chmod(work, 0700);
	printf("permission probes as uid 65534: %d, allowed: %d\n", probes, allowed);
	assert_true(probes >= 3);
	assert_int_equal(allowed, 0);
	assert_nothing_left("after the permission test");
}

/* Everything works for an ordinary user. */
static void test_runs_unprivileged(void **state)
{
	char out[128], cmd[8192];
	int st;

	(void)state;
	if (geteuid() != 0)
		skip();
	snprintf(out, sizeof(out), "%s/unpriv", work);
	mkdir(out, 0777);
	chmod(out, 0777);
	if (chown(out, 65534, 65534) < 0) /* -o must be the user's own */
		fail_msg("chown %s: %s", out, strerror(errno));
	chmod(work, 0755);
	snprintf(cmd, sizeof(cmd), "TMPDIR=%s %s run -t all -s 64 --iterations 100 "
		 "--duration 2s --warmup 5ms --repeat 1 -q -o %s >%s/log 2>&1", out, bin, out, out);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(125);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(126);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	chmod(work, 0700);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 126)
		skip(); /* the binary is not reachable for another user from here */
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(cmd, sizeof(cmd), "cat %s/log %s/results.csv >&2", out, out);
		if (system(cmd) != 0)
			fprintf(stderr, "(no log)\n");
		fail_msg("unprivileged run exited with %d", WEXITSTATUS(st));
	}
	assert_nothing_left("after the unprivileged run");
}

static int setup(void **state)
{
	const char *seed = getenv("IPCBENCH_SEED");

	(void)state;
	if (testenv_binary(bin) < 0)
		return -1;
	rng = seed ? strtoull(seed, NULL, 0) : 20261121;
	printf("random seed %llu (IPCBENCH_SEED replays it)\n", (unsigned long long)rng);
	printf("IPC namespace and /dev/shm: %s\n", leak_private_ipc() == 0 ? "private to this test"
	       : "shared with the system (objects of other programs may be counted)");
	if (leak_private_tmpdir(work, sizeof(work)) < 0)
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
		cmocka_unit_test(test_random_kills_leave_nothing),
		cmocka_unit_test(test_kill_storm_every_signal),
		cmocka_unit_test(test_killed_child_is_peer_died),
		cmocka_unit_test(test_stopped_peer_times_out),
		cmocka_unit_test(test_resume_completes_interrupted_run),
		cmocka_unit_test(test_other_user_cannot_open_our_objects),
		cmocka_unit_test(test_runs_unprivileged),
	};

	return cmocka_run_group_tests_name("reliability", tests, setup, teardown);
}
