/* Fleets without daemons: the hosts file, merge, the fleet report and its outliers,
 * compare of two fleets, fleet synth, and the Slurm batch script run by bash as a task
 * would run it, in a fleet directory whose name tries to break its quoting. The runs are
 * real (one tiny run, copied as hosts with their host fields changed). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sys/exitcode.h"
#include "fleet/fleetrun.h"
#include "fleet/hostsfile.h"
#include "fleet/slurm.h"
#include "fleet/status.h"
#include "text/strmap.h"
#include "fleetenv.h"
#include "leakcheck.h"

static char bin[PATH_MAX], work[64], out[FLEETENV_OUT_MAX];
static struct leak_snapshot before;

/* Host NAME: a copy of the real run with its host (and kernel) changed, and its pipe p50
 * in summary.csv multiplied by factor. */
static void make_host(const char *name, const char *kernel, double factor)
{
	int rc = fe_sh(out, "cd %s && rm -rf hosts/%s && mkdir -p hosts && cp -r run0 hosts/%s && "
			    "cd hosts/%s && sed -i 's/^host,.*/host,%s/' meta.csv && "
			    "{ [ -z '%s' ] || sed -i 's/^kernel,.*/kernel,%s/' meta.csv; } && "
			    "awk -F, -v OFS=, 'NR==1{for(i=1;i<=NF;i++) if($i==\"p50_ns\") c=i} "
			    "NR>1 && $1==\"pipe\"{$c=$c*%g} {print}' summary.csv > s && mv s summary.csv",
		       work, name, name, name, name, kernel, kernel, factor);

	assert_int_equal(rc, 0);
}

static void test_strmap_and_slots(void **state)
{
	struct strmap m = { 0 };
	char *names[] = { "vm", "n1", "vm", "vm" }, key[64][8];
	struct fleet_status s;

	(void)state;
	for (int i = 0; i < 64; i++) {
		snprintf(key[i], sizeof(key[i]), "k%d", i);
		assert_int_equal(strmap_put(&m, key[i], (size_t)i, NULL), (size_t)i);
	}
	for (int i = 0; i < 64; i++)
		assert_int_equal(strmap_get(&m, key[i]), (size_t)i);
	assert_int_equal(strmap_get(&m, "k64"), (size_t)-1);
	assert_int_equal(strmap_put(&m, "k3", 99, NULL), 3); /* the first value stays */
	strmap_free(&m);
	assert_int_equal(fleet_status_init(&s, "slurm", names, 4), 0);
	assert_string_equal(s.t[0].slot, "vm");
	assert_string_equal(s.t[1].slot, "n1");
	assert_string_equal(s.t[2].slot, "vm#2");
	assert_string_equal(s.t[3].slot, "vm#3");
	fleet_status_free(&s);
}

static void test_hosts_file(void **state)
{
	struct host_list l;
	char path[128], err[1024];

	(void)state;
	snprintf(path, sizeof(path), "%s/hosts.txt", work);
	fe_write(path, "# the lab\nlab-01\n  alice@lab-02:2222   # comment\n\n10.0.0.7:22\n");
	assert_int_equal(hosts_file_load(path, &l, err, sizeof(err)), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[1].user, "alice");
	assert_string_equal(l.v[1].name, "lab-02");
	assert_int_equal(l.v[1].port, 2222);
	assert_int_equal(l.v[2].line, 5);
	host_list_free(&l);

	fe_write(path, "lab-01\nlab-02 lab-03\n");
	assert_int_equal(hosts_file_load(path, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "hosts.txt:2: 'lab-02': one host per line"));
	fe_write(path, "lab-01\n\nlab-02:99999\n");
	assert_int_equal(hosts_file_load(path, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "hosts.txt:3: 'lab-02:99999': port '99999'"));
	fe_write(path, "-oProxyCommand=x\n");
	assert_int_equal(hosts_file_load(path, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":1: '-oProxyCommand=x': not a host name"));
	fe_write(path, "lab-01\nbob@lab-01\n");
	assert_int_equal(hosts_file_load(path, &l, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":2: 'lab-01': listed already on line 1"));

	/* Through the command: exit 2, the message names file, line and value. */
	fe_write(path, "lab-01\nlab;rm\n");
	assert_int_equal(fe_sh(out, "cd %s && %s fleet ssh -c tiny.conf --hosts hosts.txt", work,
			       bin), 2);
	assert_non_null(strstr(out, "hosts.txt:2: 'lab;rm': not a host name"));
	assert_int_equal(fe_sh(out, "cd %s && %s fleet slurm -c tiny.conf --nodes 'a;b'", work,
			       bin), 2);
	assert_non_null(strstr(out, "--nodes 'a;b'"));
	assert_int_equal(fe_sh(out, "cd %s && %s fleet slurm -c tiny.conf --nodes a --time '1;x'",
			       work, bin), 2);
}

static void test_merge(void **state)
{
	const char *csv;

	(void)state;
	make_host("h1", "", 1);
	make_host("h2", "", 1.6);
	make_host("h3", "", 1);
	make_host("h4", "", 1);
	make_host("h5", "Linux 9.9.9-other", 1);
	assert_int_equal(fe_sh(out, "cd %s && %s merge hosts/h1 hosts/h2 hosts/h3 hosts/h4 "
				    "hosts/h5 -o fleet", work, bin), 0);
	assert_non_null(strstr(out, "5 hosts into fleet"));
	csv = fe_read(strcat(strcpy(out, work), "/fleet/fleet.csv"));
	assert_non_null(csv);
	assert_true(strncmp(csv, "host,fingerprint,transport,mode,size_bytes,", 43) == 0);
	assert_int_equal(fe_count_lines(csv), 1 + 5 * 2); /* 2 repetitions of one cell each */
	assert_non_null(strstr(csv, "\nh5,"));
	csv = fe_read(strcat(strcpy(out, work), "/fleet/hosts.csv"));
	assert_int_equal(fe_count_lines(csv), 6);
	assert_non_null(strstr(csv, "Linux 9.9.9-other"));
	assert_non_null(strstr(csv, "/hosts/h1\n")); /* outside the fleet directory: absolute */

	/* The same host twice is two labels; bad input is exit 2 naming it. */
	assert_int_equal(fe_sh(out, "cd %s && cp -r run0 run0copy && %s merge run0 run0copy -o dup",
			       work, bin), 0);
	csv = fe_read(strcat(strcpy(out, work), "/dup/hosts.csv"));
	assert_non_null(csv);
	assert_non_null(strstr(csv, "#2,")); /* the host name twice: NAME and NAME#2 */
	assert_int_equal(fe_sh(out, "cd %s && %s merge run0 run0/ -o x", work, bin), 2);
	assert_non_null(strstr(out, "given twice"));
	assert_int_equal(fe_sh(out, "cd %s && %s merge hosts -o x", work, bin), 2);
	assert_non_null(strstr(out, "'hosts' is not a run directory"));
	assert_int_equal(fe_sh(out, "cd %s && %s merge fleet -o x", work, bin), 2);
	assert_non_null(strstr(out, "is a fleet directory"));
	assert_int_equal(fe_sh(out, "cd %s && %s merge run0", work, bin), 2);
}

static void test_fleet_report_finds_the_outlier(void **state)
{
	const char *html, *cells;

	(void)state;
	assert_int_equal(fe_sh(out, "cd %s && %s plot fleet", work, bin), 0);
	assert_non_null(strstr(out, "outliers: h2: 1 of 1 cells more than 20% from the median of "
				    "its 4 identical hosts"));
	html = fe_read(strcat(strcpy(out, work), "/fleet/report.html"));
	assert_non_null(html);
	assert_non_null(strstr(html, "<b>h2</b>"));
	assert_non_null(strstr(html, "<b>1.60×</b> the median"));
	assert_non_null(strstr(html, "Not judged (fewer than 3 hosts share their fingerprint"));
	assert_null(strstr(html, "<b>h1</b>"));
	cells = fe_read(strcat(strcpy(out, work), "/fleet/fleet_cells.csv"));
	assert_non_null(strstr(cells, "\nh2,"));
	assert_non_null(strstr(cells, ",yes,fleet-pipe-"));
	assert_non_null(strstr(cells, "\nh5,5,")); /* its fingerprint, one host against four, comes last */
	assert_int_equal(fe_sh(out, "cd %s/fleet && test -s plots/fleet-heatmap-latency.png && "
				    "test -s plots/fleet-pipe-same-l3.svg || ls plots", work), 0);
	/* A threshold the outlier stays within: no outlier. */
	assert_int_equal(fe_sh(out, "cd %s && %s plot --outlier 70%% fleet", work, bin), 0);
	assert_non_null(strstr(out, "outliers: none"));
	assert_int_equal(fe_sh(out, "cd %s && %s plot --outlier lots fleet", work, bin), 2);
	assert_int_equal(fe_sh(out, "cd %s && %s plot --outlier 10%% run0", work, bin), 2);
}

static void test_compare_two_fleets(void **state)
{
	(void)state;
	assert_int_equal(fe_sh(out, "cd %s && %s merge -q hosts/h1 hosts/h2 hosts/h3 -o fleet2 && "
				    "%s compare fleet fleet2", work, bin, bin), 
			 EXIT_INCONCLUSIVE); /* the hosts only in one fleet cannot be decided */
	assert_non_null(strstr(out, "host=h1"));
	assert_non_null(strstr(out, "host=h3"));
	assert_non_null(strstr(out, "hosts only in the baseline fleet"));
	make_host("h3", "Linux 6.0-upgraded", 1);
	assert_int_equal(fe_sh(out, "cd %s && %s merge -q hosts/h1 hosts/h2 hosts/h3 -o fleet2 && "
				    "%s compare fleet fleet2", work, bin, bin), 2);
	assert_non_null(strstr(out, "host h3: kernel:"));
	assert_int_equal(fe_sh(out, "cd %s && %s compare --force fleet fleet2", work, bin),
			 EXIT_INCONCLUSIVE);
	assert_int_equal(fe_sh(out, "cd %s && %s compare fleet run0", work, bin), 2);
	assert_non_null(strstr(out, "compare a fleet with a fleet"));
	make_host("h3", "", 1);
}

static void test_synthetic_fleet(void **state)
{
	const char *csv;

	(void)state;
	assert_int_equal(fe_sh(out, "cd %s && %s fleet synth run0 --hosts 9 --cells 7 -o syn && "
				    "%s merge -q syn/hosts/* -o syn && %s plot syn", work, bin, bin,
			       bin), 0);
	assert_non_null(strstr(out, "synth-05:"));
	csv = fe_read(strcat(strcpy(out, work), "/syn/fleet.csv"));
	assert_int_equal(fe_count_lines(csv), 1 + 9 * 7);
	csv = fe_read(strcat(strcpy(out, work), "/syn/hosts.csv"));
	assert_non_null(strstr(csv, "+synthetic-2"));
}

/* DIR with the subdirectories a fleet has, and DIR/fleet.sbatch for tasks on names that
 * run the binary under test on conf; the script's path into path. */
static void task_script(const char *dir, char **names, size_t n, const char *conf, char *path,
			size_t len)
{
	static const char *const sub[] = { "", "/hosts", "/tasks", "/logs" };
	struct fleet_run f = { .build = 0 };

	for (size_t k = 0; k < sizeof(sub) / sizeof(sub[0]); k++) {
		snprintf(path, len, "%s%s", dir, sub[k]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	snprintf(f.dir, sizeof(f.dir), "%s", dir);
	snprintf(f.bin, sizeof(f.bin), "%s", bin);
	snprintf(f.conf, sizeof(f.conf), "%s", conf);
	snprintf(path, len, "%s/fleet.sbatch", dir);
	assert_int_equal(fleet_status_init(&f.st, "slurm", names, n), 0);
	assert_int_equal(slurm_script_write(&f, path, "'sbatch' '--array=...'"), 0);
	fleet_status_free(&f.st);
}

/* The batch script as a Slurm task runs it, by bash, in a directory named to break it: the
 * path reaches the shells only through the environment, never through a command line. */
static void test_sbatch_script_quoting(void **state)
{
	char dir[PATH_MAX], conf[PATH_MAX], path[PATH_MAX + 64], *names[] = { "node-a", "node-a" };
	const char *st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/it's a $(touch pwned) `touch pwned` %%a \"dir\"", work);
	snprintf(conf, sizeof(conf), "%s/tiny.conf", work);
	task_script(dir, names, 2, conf, path, sizeof(path));
	setenv("FLEET_SCRIPT", path, 1);
	assert_int_equal(fe_sh(out, "cd %s && bash -n \"$FLEET_SCRIPT\" && SLURM_ARRAY_TASK_ID=1 "
				    "SLURMD_NODENAME=node-a bash \"$FLEET_SCRIPT\"", work), 0);
	snprintf(path, sizeof(path), "%s/tasks/1.status", dir);
	st = fe_read(path);
	assert_non_null(st);
	assert_non_null(strstr(st, "exit=0\nnode=node-a\n"));
	snprintf(path, sizeof(path), "%s/hosts/node-a#2/results.csv", dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/pwned", work);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/pwned", dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* A task that Slurm stops (time limit, scancel: SIGTERM) stops its run and says so. */
static void test_sbatch_task_killed_by_sigterm(void **state)
{
	char dir[PATH_MAX], conf[PATH_MAX], path[PATH_MAX + 64], *names[] = { "node-b" };
	const char *st;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/killed", work);
	snprintf(conf, sizeof(conf), "%s/long.conf", work);
	assert_int_equal(fe_write(conf, "[global]\nsizes = 64\nwarmup = 5ms\nduration = 5s\n"
					"repeat = 1\n\n[a]\ntransports = pipe\ncpus = auto\n"), 0);
	task_script(dir, names, 1, conf, path, sizeof(path));
	assert_int_equal(fe_sh(out, "SLURM_ARRAY_TASK_ID=0 bash %s & p=$!; sleep 1; kill -TERM $p; "
				    "wait $p; echo rc=$?", path), 0);
	assert_non_null(strstr(out, "rc=143"));
	snprintf(path, sizeof(path), "%s/tasks/0.status", dir);
	st = fe_read(path);
	assert_non_null(st);
	assert_non_null(strstr(st, "exit=143\n"));
	assert_non_null(strstr(st, "note=terminated by SIGTERM"));
	snprintf(path, sizeof(path), "%s/hosts/node-b", dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* Runs last: nothing the runs above made may remain. */
static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

static int setup(void **state)
{
	(void)state;
	if (fe_setup(bin, work, sizeof(work)) < 0)
		return -1;
	leak_snapshot_take(&before);
	if (fe_sh(out, "cd %s && %s run -c tiny.conf -q -o run0", work, bin) != 0) {
		fprintf(stderr, "the tiny run failed:\n%s", out);
		return -1;
	}
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
		cmocka_unit_test(test_strmap_and_slots),
		cmocka_unit_test(test_hosts_file),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_fleet_report_finds_the_outlier),
		cmocka_unit_test(test_compare_two_fleets),
		cmocka_unit_test(test_synthetic_fleet),
		cmocka_unit_test(test_sbatch_script_quoting),
		cmocka_unit_test(test_sbatch_task_killed_by_sigterm),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("fleet", tests, setup, teardown);
}
