/* Another local user (uid 65534) attacks a root ipcbench: a symbolic link named like a dead
 * run's temp dir, a forged ledger naming root's own System V objects, a topology.xml link
 * planted in an -o directory the attacker owns, links planted at the temp names plot used
 * to write. Each attack must achieve nothing. Root only (the others skip with why). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "hostile.h"
#include "leakcheck.h"
#include "sys/files.h"
#include "sys/names.h"

#define PRECIOUS "root's data\n"

static char work[64], spool[128], out[1 << 16];
static int attacks, successes;

static void need_root(void)
{
	if (geteuid() != 0) {
		printf("skipped: playing another user needs root\n");
		skip();
	}
}

static void path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", work, name);
}

/* A root-owned file the attacks aim at; 1 when it is still as it was. */
static void make_precious(const char *path)
{
	assert_int_equal(write_file_atomic(path, PRECIOUS, strlen(PRECIOUS)), 0);
}

static int intact(const char *path)
{
	char *s = slurp_file(path);
	int ok = s && strcmp(s, PRECIOUS) == 0;

	free(s);
	return ok;
}

static void count_attack(int succeeded, const char *what)
{
	attacks++;
	successes += succeeded;
	printf("attack %-58s %s\n", what, succeeded ? "SUCCEEDED" : "failed");
}

/* Plays the attacker's part as uid 65534; a test that cannot skips, saying why. */
static void attack_as_nobody(int (*fn)(void *), void *arg)
{
	int r = as_nobody(fn, arg);

	if (r < 0)
		printf("skipped: cannot become uid 65534 here\n");
	else if (r > 0)
		printf("skipped: uid 65534 could not set the attack up (exit %d)\n", r);
	if (r != 0)
		skip();
}

static int plant_link(void *arg)
{
	const char *const *p = arg; /* target, link */

	return symlink(p[0], p[1]) == 0 ? 0 : 1;
}

/* /tmp/ipcbench.<dead pid>.lnk -> a directory of root's: clean must not enter it. */
static void test_attacker_symlinked_tmpdir_not_followed(void **state)
{
	char victim[128], file[160], ledger[160], link[192];
	const char *args[2] = { victim, link };

	(void)state;
	need_root();
	path_in(victim, sizeof(victim), "victim");
	assert_int_equal(mkdir(victim, 0755), 0);
	snprintf(file, sizeof(file), "%s/precious", victim);
	snprintf(ledger, sizeof(ledger), "%s/sysv-shm.00001234", victim);
	make_precious(file);
	make_precious(ledger);
	snprintf(link, sizeof(link), "%s/ipcbench.%d.lnk", spool, (int)dead_pid());
	attack_as_nobody(plant_link, args);
	snprintf(file, sizeof(file), "TMPDIR=%s", spool);
	assert_int_equal(hostile_run(work, file, "clean", out, sizeof(out)), 0);
	snprintf(file, sizeof(file), "%s/precious", victim);
	count_attack(!intact(file) || !intact(ledger), "symlinked temp dir (clean deletes through it)");
	assert_non_null(strstr(out, "a link is never followed"));
	assert_int_equal(successes, 0);
}

struct forged {
	key_t key[3];
	char dir[192];
};

static const char *const kinds[3] = { "shm", "msg", "sem" };

/* As nobody: a ledger of a (dead) run of its own that names root's objects. */
static int forge_ledger(void *arg)
{
	struct forged *f = arg;
	char marker[256];

	if (mkdir(f->dir, 0700) < 0)
		return 1;
	for (int i = 0; i < 3; i++) {
		snprintf(marker, sizeof(marker), "%s/sysv-%s.%08x", f->dir, kinds[i],
			 (unsigned)f->key[i]);
		FILE *m = fopen(marker, "w");
		if (!m)
			return 1;
		fclose(m);
	}
	return 0;
}

static int exists(int kind, key_t key)
{
	return kind == 0 ? shmget(key, 0, 0) >= 0 : kind == 1 ? msgget(key, 0) >= 0
							       : semget(key, 0, 0) >= 0;
}

/* Root's own segment, queue and semaphore (not ipcbench's), named in nobody's ledger. */
static void test_attacker_forged_ledger_spares_root_objects(void **state)
{
	struct forged f;
	char env[160];
	int id[3];

	(void)state;
	need_root();
	for (int i = 0; i < 3; i++)
		f.key[i] = (key_t)(0x51ec0000 + (int)getpid() % 0xffff * 4 + i);
	id[0] = shmget(f.key[0], 4096, IPC_CREAT | IPC_EXCL | 0600);
	id[1] = msgget(f.key[1], IPC_CREAT | IPC_EXCL | 0600);
	id[2] = semget(f.key[2], 1, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id[0] >= 0 && id[1] >= 0 && id[2] >= 0);
	snprintf(f.dir, sizeof(f.dir), "%s/ipcbench.%d.pwn", spool, (int)dead_pid());
	attack_as_nobody(forge_ledger, &f);
	snprintf(env, sizeof(env), "TMPDIR=%s", spool);
	assert_int_equal(hostile_run(work, env, "clean", out, sizeof(out)), 0);
	for (int i = 0; i < 3; i++) {
		char what[64];

		snprintf(what, sizeof(what), "forged ledger: root's System V %s removed", kinds[i]);
		count_attack(!exists(i, f.key[i]), what);
	}
	assert_non_null(strstr(out, "created by another user than the ledger's owner"));
	shmctl(id[0], IPC_RMID, NULL);
	msgctl(id[1], IPC_RMID, NULL);
	semctl(id[2], 0, IPC_RMID);
	assert_int_equal(successes, 0);
}

/* The control: a real dead run's ledger (a child that made its objects and died) is
 * cleaned, objects and all, so the checks above are not simply refusing everything. */
static void test_clean_still_removes_a_dead_runs_ledger(void **state)
{
	key_t key[3];
	char env[160], dir[256];
	pid_t pid;
	int st;

	(void)state;
	setenv("TMPDIR", spool, 1);
	pid = fork();
	if (pid == 0) {
		if (ipc_tmpdir_create(dir, sizeof(dir)) < 0)
			_exit(1);
		for (int i = 0; i < 3; i++)
			if (ipc_sysv_get(dir, kinds[i], i == 0 ? 4096 : i == 2 ? 1 : 0, &key[i]) < 0)
				_exit(1);
		FILE *k = fopen("keys", "w");
		if (!k || fprintf(k, "%d %d %d\n", (int)key[0], (int)key[1], (int)key[2]) < 0)
			_exit(1);
		fclose(k);
		_exit(0); /* killed, as it were: nothing removed */
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	setenv("TMPDIR", work, 1);
	assert_int_equal(st, 0);
	FILE *k = fopen("keys", "r");
	assert_non_null(k);
	assert_int_equal(fscanf(k, "%d %d %d", &key[0], &key[1], &key[2]), 3);
	fclose(k);
	unlink("keys");
	for (int i = 0; i < 3; i++)
		assert_true(exists(i, key[i]));
	snprintf(env, sizeof(env), "TMPDIR=%s", spool);
	assert_int_equal(hostile_run(work, env, "clean", out, sizeof(out)), 0);
	for (int i = 0; i < 3; i++)
		assert_false(exists(i, key[i]));
	snprintf(dir, sizeof(dir), "ipcbench.%d.", (int)pid);
	assert_int_equal(count_entries(spool, dir), 0);
}

static int make_dir_with_link(void *arg)
{
	const char *const *p = arg; /* dir, target, link */

	return mkdir(p[0], 0755) == 0 && symlink(p[1], p[2]) == 0 ? 0 : 1;
}

/* -o DIR owned by the attacker, with topology.xml -> a file of root's. */
static void test_attacker_planted_topology_symlink_refused(void **state)
{
	char dir[192], victim[128], link[256], args[512];
	const char *plant[3] = { dir, victim, link };
	int rc;

	(void)state;
	need_root();
	snprintf(dir, sizeof(dir), "%s/theirs", spool);
	path_in(victim, sizeof(victim), "topology-victim");
	snprintf(link, sizeof(link), "%s/topology.xml", dir);
	make_precious(victim);
	attack_as_nobody(make_dir_with_link, plant);
	snprintf(args, sizeof(args), "run -t pipe -s 64 --duration 20ms --warmup 5ms -q -o %s", dir);
	rc = hostile_run(work, "", args, out, sizeof(out));
	count_attack(!intact(victim), "planted topology.xml in another user's -o dir");
	assert_int_equal(rc, 4);
	assert_non_null(strstr(out, "belongs to uid 65534"));
	/* the writer itself refuses the link too, whatever the directory */
	assert_int_equal(write_file_atomic(link, "x", 1), -ELOOP);
	count_attack(!intact(victim), "write_file_atomic through a planted link");
	assert_int_equal(successes, 0);
}

static int plant_plot_links(void *arg)
{
	const char *const *p = arg; /* plots dir, target */
	static const char *const names[] = { "latency-same-l3", "spectrum-64B", "copies" };
	char link[512];
	int bad = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (int k = 0; k < 2; k++) {
			snprintf(link, sizeof(link), "%s/.%s.tmp.%s", p[0], names[i], k ? "svg" : "png");
			bad |= symlink(p[1], link) < 0;
		}
	return bad;
}

/* Links at the temp names plot used to have gnuplot write (DIR/plots/.NAME.tmp.png), in a
 * plots/ directory others may write to (sticky, like /tmp). */
static void test_attacker_planted_plot_temp_name_not_followed(void **state)
{
	char run[128], plots[160], victim[128], args[512];
	const char *plant[2] = { plots, victim };
	int rc;

	(void)state;
	need_root();
	if (access("/usr/bin/gnuplot", X_OK) != 0) {
		printf("skipped: gnuplot is not installed\n");
		skip();
	}
	path_in(run, sizeof(run), "plotted");
	path_in(victim, sizeof(victim), "plot-victim");
	snprintf(plots, sizeof(plots), "%s/plots", run);
	make_precious(victim);
	snprintf(args, sizeof(args), "run -t pipe,shm-spin -s 64 --iterations 100 --duration 2s --warmup 5ms -q "
		 "-o %s", run);
	assert_int_equal(hostile_run(work, "", args, out, sizeof(out)), 0);
	assert_int_equal(mkdir(plots, 01777), 0);
	assert_int_equal(chmod(plots, 01777), 0);
	attack_as_nobody(plant_plot_links, plant);
	snprintf(args, sizeof(args), "plot %s", run);
	rc = hostile_run(work, "", args, out, sizeof(out));
	count_attack(!intact(victim), "planted plot temp names");
	assert_int_equal(rc, 0);
	assert_true(count_entries(plots, ".png") >= 3); /* the figures were drawn all the same */
	assert_int_equal(count_entries(plots, ".gnuplot-"), 0);
	assert_int_equal(successes, 0);
}

static int setup(void **state)
{
	(void)state;
	int ns = hostile_workdir(work, sizeof(work));

	if (ns < 0 || chmod(work, 0755) < 0)
		return -1;
	printf("IPC namespace: %s\n", ns ? "private to this test" : "shared");
	snprintf(spool, sizeof(spool), "%s/spool", work); /* a /tmp of its own: sticky, 1777 */
	if (mkdir(spool, 01777) < 0 || chmod(spool, 01777) < 0)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	printf("attacks as uid 65534: %d, succeeded: %d\n", attacks, successes);
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attacker_symlinked_tmpdir_not_followed),
		cmocka_unit_test(test_attacker_forged_ledger_spares_root_objects),
		cmocka_unit_test(test_clean_still_removes_a_dead_runs_ledger),
		cmocka_unit_test(test_attacker_planted_topology_symlink_refused),
		cmocka_unit_test(test_attacker_planted_plot_temp_name_not_followed),
	};

	return cmocka_run_group_tests_name("security", tests, setup, teardown);
}
