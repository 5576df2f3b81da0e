/* `ipcbench fleet slurm` against a real single-node Slurm cluster that the test starts on
 * this machine: munged with a generated key, slurmctld and slurmd on localhost on free
 * ports, a generated slurm.conf, every state directory in the test's temp dir; all of it
 * stopped and removed at the end, also when a test fails (the daemons also die with the
 * test process). When the cluster cannot start here the tests say why and are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fleetenv.h"
#include "leakcheck.h"

static char bin[PATH_MAX], work[64], out[FLEETENV_OUT_MAX], why_skipped[4096], node[256];
static struct daemon munged, slurmctld, slurmd;

#define SKIP_IF_NO_SLURM()                                                       \
	do {                                                                     \
		if (why_skipped[0]) {                                            \
			fprintf(stderr, "skipped: %s\n", why_skipped);          \
			skip();                                                  \
		}                                                                \
	} while (0)

static void job_of_task(const char *status, int task, char *job, size_t n)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "slurm,%d,", task);
	p = strstr(status, key);
	assert_non_null(p);
	for (int commas = 0; *p && commas < 5; p++)
		commas += *p == ',';
	snprintf(job, n, "%.*s", (int)strcspn(p, ",_"), p);
}

/* Three tasks on the one node, the third cancelled while it waits: recorded as failed,
 * and --resume resubmits it alone. */
static void test_array_cancel_and_resume(void **state)
{
	char path[256], job[64], job2[64];
	const char *st;

	(void)state;
	SKIP_IF_NO_SLURM();
	assert_int_equal(fe_sh(out, "cd %s && %s fleet slurm -c tiny.conf --nodes %s,%s,%s -o sl "
				    "--no-wait", work, bin, node, node, node), 0);
	assert_non_null(strstr(out, "3 tasks submitted"));
	st = fe_read(strcat(strcpy(path, work), "/sl/fleet-status.csv"));
	assert_non_null(st);
	job_of_task(st, 2, job, sizeof(job));
	assert_int_equal(fe_sh(out, "scancel %s_2", job), 0);
	st = fe_read(strcat(strcpy(path, work), "/sl/fleet.sbatch"));
	assert_non_null(strstr(st, "#SBATCH --exclusive\n"));
	assert_non_null(strstr(st, "slots=( '"));
	assert_non_null(strstr(st, "'--hold' '--array=0-2'"));

	assert_int_equal(fe_sh(out, "cd %s && %s fleet slurm -o sl --resume --poll 2", work, bin), 0);
	fprintf(stderr, "%s", out);
	assert_non_null(strstr(out, "#3 (failed: Slurm: CANCELLED"));
	assert_non_null(strstr(out, "1 task submitted"));
	assert_non_null(strstr(out, "3 of 3 hosts ran"));
	st = fe_read(strcat(strcpy(path, work), "/sl/fleet-status.csv"));
	assert_null(strstr(st, ",failed,"));
	job_of_task(st, 2, job2, sizeof(job2));
	assert_string_not_equal(job, job2);
	st = fe_read(strcat(strcpy(path, work), "/sl/hosts.csv"));
	assert_non_null(st);
	assert_int_equal(fe_count_lines(st), 4);
	assert_non_null(strstr(st, "#3,"));
	assert_int_equal(fe_sh(out, "cd %s && %s plot sl", work, bin), 0);
}

/* A node that does not exist: that task fails with scontrol's words, the other runs. */
static void test_unknown_node_is_a_failed_host(void **state)
{
	char path[256];
	const char *st;

	(void)state;
	SKIP_IF_NO_SLURM();
	assert_int_equal(fe_sh(out, "cd %s && %s fleet slurm -c tiny.conf --nodes %s,nosuchnode "
				    "-o bad --poll 2", work, bin, node), 1);
	fprintf(stderr, "%s", out);
	assert_non_null(strstr(out, "1 of 2 hosts ran"));
	st = fe_read(strcat(strcpy(path, work), "/bad/fleet-status.csv"));
	assert_non_null(strstr(st, "nosuchnode,failed,"));
	assert_non_null(strstr(st, "cannot place the task on node nosuchnode: scontrol"));
}

static int write_conf(int ctld_port, int d_port, const char *node_line)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/slurm.conf", work);
	return fe_write(path,
		"ClusterName=ipcbtest\nSlurmctldHost=%s(127.0.0.1)\nSlurmctldPort=%d\n"
		"SlurmdPort=%d\nAuthType=auth/munge\nAuthInfo=socket=%s/munge/sock\n"
		"CredType=cred/munge\nSlurmUser=root\nSlurmdUser=root\n"
		"StateSaveLocation=%s/state\nSlurmdSpoolDir=%s/spool\n"
		"SlurmctldPidFile=%s/slurmctld.pid\nSlurmdPidFile=%s/slurmd.pid\n"
		"ProctrackType=proctrack/linuxproc\nTaskPlugin=task/none\n"
		"JobAcctGatherType=jobacct_gather/none\nAccountingStorageType=accounting_storage/none\n"
		"JobCompType=jobcomp/none\nSwitchType=switch/none\nMpiDefault=none\n"
		"ReturnToService=2\nSchedulerType=sched/builtin\nSelectType=select/cons_tres\n"
		"SelectTypeParameters=CR_Core\nMinJobAge=600\nSlurmdTimeout=30\n"
		"%s NodeAddr=127.0.0.1 State=UNKNOWN\n"
		"PartitionName=test Nodes=%s Default=YES MaxTime=INFINITE State=UP\n",
		node, ctld_port, d_port, work, work, work, work, work, node_line, node);
}

/* The node line slurmd -C prints for this machine, without its UpTime. */
static int node_line(char *line, size_t n)
{
	if (fe_sh(out, "slurmd -C | head -n 1") != 0 || strncmp(out, "NodeName=", 9) != 0)
		return -1;
	snprintf(line, n, "%.*s", (int)strcspn(out, "\n"), out);
	snprintf(node, sizeof(node), "%.*s", (int)strcspn(line + 9, " "), line + 9);
	return 0;
}

static int prepare(void)
{
	char line[1024];
	int ctld = fe_free_port(), d = fe_free_port();

	if (node_line(line, sizeof(line)) < 0) {
		snprintf(why_skipped, sizeof(why_skipped), "slurmd -C: %.1000s", out);
		return -1;
	}
	if (!ctld || !d || ctld == d || write_conf(ctld, d, line) < 0 ||
	    fe_sh(out, "cd %s && mkdir -m 700 munge && mkdir state spool && "
		       "dd if=/dev/urandom of=munge/munge.key bs=1024 count=1 2>/dev/null && "
		       "chmod 400 munge/munge.key", work) != 0) {
		snprintf(why_skipped, sizeof(why_skipped), "cannot prepare the cluster's files: %.1000s",
			 out);
		return -1;
	}
	snprintf(line, sizeof(line), "%s/slurm.conf", work);
	return setenv("SLURM_CONF", line, 1);
}

static int start(struct daemon *dm, const char *name, char *const argv[])
{
	char log[128];

	snprintf(log, sizeof(log), "%s/%s.log", work, name);
	if (fe_daemon_start(dm, name, log, argv) == 0)
		return 0;
	snprintf(why_skipped, sizeof(why_skipped), "cannot start %s", name);
	return -1;
}

static void why_from_logs(const char *what)
{
	static const char *const logs[] = { "munged", "slurmctld", "slurmd" };
	size_t len = (size_t)snprintf(why_skipped, sizeof(why_skipped), "%s", what);

	for (size_t k = 0; k < 3 && len < sizeof(why_skipped); k++) {
		fe_sh(out, "tail -n 4 %s/%s.log", work, logs[k]);
		len += (size_t)snprintf(why_skipped + len, sizeof(why_skipped) - len, "\n%s.log: %.600s",
					logs[k], out);
	}
}

/* Waits until the node is idle; the daemons' logs say why when it does not get there. */
static void wait_idle(void)
{
	for (int i = 0; i < 200; i++) {
		if (fe_sh(out, "sinfo -h -o %%T") == 0 && strncmp(out, "idle", 4) == 0)
			return;
		if (!fe_daemon_alive(&slurmctld) || !fe_daemon_alive(&slurmd))
			break;
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	why_from_logs("the Slurm node did not become idle (sinfo)");
}

static void start_cluster(void)
{
	static const char *const tools[] = { "munged", "slurmctld", "slurmd", "sbatch", "scontrol",
					     "squeue", "sinfo", "scancel" };
	char conf[128], sock[128], key[128], pid[128], seed[128], mlog[128];

	for (size_t k = 0; k < sizeof(tools) / sizeof(tools[0]); k++)
		if (!fe_have(tools[k])) {
			snprintf(why_skipped, sizeof(why_skipped), "%s is not installed (Debian packages "
				 "slurm-wlm and munge; .ci/run installs them)", tools[k]);
			return;
		}
	if (getuid() != 0) {
		snprintf(why_skipped, sizeof(why_skipped), "slurmd has to run as root to start jobs "
			 "as their user, and the test runs as uid %d", (int)getuid());
		return;
	}
	if (prepare() < 0)
		return;
	snprintf(conf, sizeof(conf), "%s/slurm.conf", work);
	snprintf(sock, sizeof(sock), "--socket=%s/munge/sock", work);
	snprintf(key, sizeof(key), "--key-file=%s/munge/munge.key", work);
	snprintf(pid, sizeof(pid), "--pid-file=%s/munge/pid", work);
	snprintf(seed, sizeof(seed), "--seed-file=%s/munge/seed", work);
	snprintf(mlog, sizeof(mlog), "--log-file=%s/munged.log", work);
	if (start(&munged, "munged", (char *[]){ "/usr/sbin/munged", "-F", "-f", sock, key, pid,
						 seed, mlog, NULL }) < 0)
		return;
	for (int i = 0; i < 50 && fe_sh(out, "test -S %s/munge/sock", work) != 0; i++)
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	if (start(&slurmctld, "slurmctld", (char *[]){ "/usr/sbin/slurmctld", "-D", "-i", "-f", conf,
						       NULL }) < 0 ||
	    start(&slurmd, "slurmd", (char *[]){ "/usr/sbin/slurmd", "-D", "-f", conf, NULL }) < 0)
		return;
	wait_idle();
}

static int setup(void **state)
{
	(void)state;
	if (fe_setup(bin, work, sizeof(work)) < 0)
		return -1;
	chmod(work, 0755);
	start_cluster();
	return 0;
}

/* Cancels whatever is queued, waits for the queue to empty, stops the daemons. */
static int teardown(void **state)
{
	(void)state;
	if (slurmctld.pid > 0) {
		fe_sh(out, "scancel --name=ipcbench-fleet");
		for (int i = 0; i < 150; i++) {
			if (fe_sh(out, "squeue -h") != 0 || out[0] == 0)
				break;
			nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
		}
	}
	fe_daemon_stop(&slurmd);
	fe_daemon_stop(&slurmctld);
	fe_daemon_stop(&munged);
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_cancel_and_resume),
		cmocka_unit_test(test_unknown_node_is_a_failed_host),
	};

	return cmocka_run_group_tests_name("fleet_slurm", tests, setup, teardown);
}
