/* End to end through the ipcbench binary ($IPCBENCH): files written, their columns,
 * exit codes, and error messages that point at the mistake. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leakcheck.h"
#include "text/csvread.h"

static char bin[4096], work[64];
static char out[1 << 16];

/* Runs "BIN args" in the work dir; stdout+stderr in out; returns the exit code. */
static int ipcbench(const char *args)
{
	char cmd[8192];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>&1", work, bin, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static char *slurp(const char *rel)
{
	static char buf[1 << 20]; /* report.html of a run with every figure is over 64 KiB */
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", work, rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Every row ok with the figures every cell has (the percentiles may be NA by design when a
 * short cell has too few samples for them). */
static int core_measured(const char *csv)
{
	static const char *const cols[] = { "samples", "min_ns", "p50_ns", "max_ns", "mean_ns",
					    "msgs_per_s" };
	struct csv_table t;
	char err[256];
	int parsed = csv_parse("results.csv", csv, strlen(csv), &t, err, sizeof(err)) == 0;
	int ok = parsed;

	for (size_t i = 0; ok && i < t.nrows; i++) {
		ok = strcmp(csv_get(&t, i, "status"), "ok") == 0;
		for (size_t c = 0; ok && c < sizeof(cols) / sizeof(cols[0]); c++)
			ok = strcmp(csv_get(&t, i, cols[c]), "NA") != 0;
	}
	if (parsed)
		csv_table_free(&t);
	return ok;
}

static void test_run_writes_the_files(void **state)
{
	const char *hdr = "transport,mode,size_bytes,wire_bytes,fragments,placement,client_cpu,"
			  "server_cpu,mem_policy,mem_node,repeat,samples,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,"
			  "mean_ns,stddev_ns,msgs_per_s,verified_full,status,note,cache,touch,"
			  "footprint_bytes,window,bandwidth_bytes_per_s,floor_before_ns,floor_after_ns,"
			  "p50_over_floor,floor_stable,floor_path,path_floor_bytes_per_s,floor_ratio,"
			  "counted_msgs_client,counted_msgs_server,";
	char *s;

	(void)state;
	assert_int_equal(ipcbench("run -t pipe,shm-spin -s 64 --iterations 100 --duration 2s --warmup 5ms "
				  "--repeat 2 -q"), 0);
	s = slurp("results/latest/results.csv");
	assert_int_equal(strncmp(s, hdr, strlen(hdr)), 0);
	assert_int_equal(count_lines(s), 5);
	assert_true(core_measured(s)); /* every cell measured (NA alone: mem_node of pipe) */
	assert_null(strstr(s, ",error,"));
	assert_non_null(strstr(s, ",ctxsw_vol_per_msg_server,"));
	assert_non_null(strstr(s, ",faults_per_msg_client,"));
	assert_non_null(strstr(s, ",cycles_per_msg_client,")); /* the default events: hardware only */
	assert_null(strstr(s, ",context_switches_per_msg_client,"));
	s = slurp("results/latest/summary.csv");
	assert_int_equal(count_lines(s), 3);
	assert_non_null(strstr(s, "p50_ci_lo_ns"));
	s = slurp("results/latest/meta.csv");
	assert_non_null(strstr(s, "run_status,complete"));
	assert_non_null(strstr(s, "floor_cacheline_rt_ns,"));
	assert_non_null(strstr(s, "floor_null_syscall_ns,"));
	assert_non_null(strstr(s, "schema_version,2"));
	assert_non_null(strstr(s, "cells_failed,0"));
	s = slurp("results/latest/capacity.csv"); /* each transport at two sizes */
	assert_int_equal(strncmp(s, "transport,payload_bytes,send_bytes,method,messages,", 51), 0);
	assert_int_equal(count_lines(s), 5);
	assert_non_null(strstr(s, "\npipe,64,80,EAGAIN,"));
	assert_non_null(strstr(s, "\nshm-spin,64,80,declared,"));
}

static void test_output_dir_and_table(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("run -t unix-stream -s 1,4K --iterations 100 --duration 2s --warmup 5ms "
				  "--repeat 1 -o mine"), 0);
	assert_non_null(strstr(out, "unix-stream"));
	assert_non_null(strstr(out, "Ranked by p50"));
	assert_non_null(strstr(out, "latency, 4 KiB, "));
	assert_non_null(strstr(out, "2 cells to run, about"));
	assert_non_null(strstr(out, "Floors on CPUs"));
	assert_int_equal(count_lines(slurp("mine/results.csv")), 3);
}

static void test_usage_errors_exit_2(void **state)
{
	FILE *f;
	char path[512];

	(void)state;
	assert_int_equal(ipcbench("run -s 4X"), 2);
	assert_non_null(strstr(out, "command line (--sizes)"));
	assert_non_null(strstr(out, "'4X'"));
	assert_int_equal(ipcbench("run --cpus 0,4000"), 2);
	assert_non_null(strstr(out, "CPU 4000 is not available"));
	assert_int_equal(ipcbench("run -t pipez"), 2);
	assert_non_null(strstr(out, "did you mean 'pipe'"));
	assert_int_equal(ipcbench("frobnicate"), 2);
	assert_int_equal(ipcbench("run --no-such-option"), 2);
	snprintf(path, sizeof(path), "%s/bad.conf", work);
	f = fopen(path, "w");
	fputs("[global]\nrepeat = 2\n[x]\nsizez = 64\n", f);
	fclose(f);
	assert_int_equal(ipcbench("run -c bad.conf"), 2);
	assert_non_null(strstr(out, "bad.conf:4: unknown key 'sizez' (did you mean 'sizes'?)"));
	assert_int_equal(ipcbench("run -c missing.conf"), 2);
	assert_non_null(strstr(out, "missing.conf"));
}

/* The rough edges a new user met, each with its answer and exit code. */
static void test_rough_edges(void **state)
{
	FILE *f;
	char path[512];

	(void)state;
	assert_int_equal(ipcbench("run -t pipe -s 1T"), 2); /* was: all unsupported, exit 0 */
	assert_non_null(strstr(out, "the most one message can carry"));
	assert_int_equal(ipcbench("run -t pipe --duration 10"), 2); /* was: silently 10 s */
	assert_non_null(strstr(out, "with its unit"));
	assert_int_equal(ipcbench("run -t pipe --cpus 0,4000"), 2);
	assert_non_null(strstr(out, "'ipcbench topo' lists them"));
	assert_int_equal(ipcbench("run --duratoin 1s"), 2); /* a line, not 100 lines of help */
	assert_non_null(strstr(out, "did you mean --duration?"));
	assert_true(count_lines(out) <= 2);
	assert_int_equal(ipcbench("run -t pipe --matrix 0,1"), 2);
	assert_non_null(strstr(out, "--matrix=0,1"));
	/* an option after the stray word does not hide which option it belonged to */
	assert_int_equal(ipcbench("run -t pipe --matrix 0,1 -o elsewhere"), 2);
	assert_non_null(strstr(out, "--matrix=0,1"));
	assert_int_equal(ipcbench("help nosuch"), 2);
	assert_non_null(strstr(out, "unknown command 'nosuch'"));
	assert_int_equal(ipcbench("-V"), 0);
	assert_non_null(strstr(out, "ipcbench 0."));
	snprintf(path, sizeof(path), "%s/two-errors.conf", work);
	f = fopen(path, "w");
	fputs("[global]\nrepeat = 0\n[x]\nsizes = 64\nwarmup = 5\n", f);
	fclose(f);
	assert_int_equal(ipcbench("run -c two-errors.conf"), 2); /* every error, not the first */
	assert_non_null(strstr(out, "two-errors.conf:2: repeat = '0'"));
	assert_non_null(strstr(out, "two-errors.conf:5: warmup = '5'"));
	assert_int_equal(ipcbench("run -t pipe -s 64 --dry-run"), 0);
	assert_non_null(strstr(out, "cells in all, about"));
	assert_int_equal(ipcbench("run -t pipe -s 64 --duration 20ms --warmup 5ms --repeat 1 "
				  "--timeout 1ms -q -o edge"), 1);
	assert_non_null(strstr(slurp("edge/results.csv"), "cell timeout of 1.0 ms"));
	assert_non_null(strstr(slurp("edge/meta.csv"), "floor_memcpy_64k_bytes_per_ns,"));
}

/* show re-prints a stored run: the ranking, a pair in one sentence, every key, exports. */
static void test_show(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("run -t pipe,unix-stream -s 64 --iterations 100 --duration 2s --warmup 5ms "
				  "--repeat 3 -q -o shown"), 0);
	assert_int_equal(ipcbench("show shown"), 0);
	assert_non_null(strstr(out, "latency, 64 B, "));
	assert_non_null(strstr(out, "fastest"));
	assert_int_equal(ipcbench("show shown --transports pipe,unix-stream --export-json "
				  "shown.json --export-markdown shown.md"), 0);
	assert_non_null(strstr(out, "times as fast as"));
	assert_non_null(strstr(out, "Mann-Whitney p = "));
	assert_non_null(strstr(slurp("shown.json"), "\"ratio_to_fastest\": "));
	assert_non_null(strstr(slurp("shown.md"), "| Transport | p50 | Relative |"));
	assert_int_equal(ipcbench("show shown --table"), 0);
	assert_non_null(strstr(out, "round trips/s"));
	assert_int_equal(ipcbench("show nowhere"), 2);
}

static void test_list_and_help(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("list --csv"), 0);
	assert_int_equal(strncmp(out, "transport,abstraction,participants,direction,synchrony,notification,copies_model", 80), 0);
	assert_non_null(strstr(out, "\npipe,byte stream,many,one-way,asynchronous,blocking syscall,2,"));
	assert_int_equal(ipcbench("list"), 0);
	assert_non_null(strstr(out, "shm-spin"));
	assert_non_null(strstr(out, "buffers (system)"));
	assert_int_equal(ipcbench("list --csv --probe"), 0); /* capacity.csv of every transport */
	assert_non_null(strstr(out, "\nposix-mq,64,80,EAGAIN,"));
	assert_int_equal(ipcbench("help run"), 0);
	assert_non_null(strstr(out, "--duration"));
	assert_int_equal(ipcbench("run --help"), 0);
	assert_non_null(strstr(out, "summary.csv"));
	assert_int_equal(ipcbench("--version"), 0);
	assert_non_null(strstr(out, "ipcbench"));
	assert_int_equal(ipcbench("calibrate --help"), 0);
}

static void test_calibrate(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("calibrate"), 0);
	assert_non_null(strstr(out, "cache-line ping-pong round trip"));
	assert_non_null(strstr(out, "null system call"));
}

/* `ipcbench lrpc`: lrpc.csv with its columns and every row measured, the floors of both
 * placements and the findings in meta.csv, the table and the findings on the terminal. */
static void test_lrpc_command(void **state)
{
	const char *hdr = "transport,placement,client_cpu,server_cpu,call,size_bytes,p50_ns,p99_ns,"
			  "client_notify_ns,server_wakeup_ns,handler_ns,return_notify_ns,"
			  "client_wakeup_ns,";
	char *s;

	(void)state;
	assert_int_equal(ipcbench("lrpc -o lrpcout --duration 60ms --warmup 2ms --repeat 1"), 0);
	assert_non_null(strstr(out, "best LRPC null call on one CPU"));
	assert_non_null(strstr(out, "handler"));
	s = slurp("lrpcout/lrpc.csv");
	assert_int_equal(strncmp(s, hdr, strlen(hdr)), 0);
	assert_non_null(strstr(s, "\nlrpc-yield,same-cpu,"));
	assert_non_null(strstr(s, "\npipe,same-cpu,"));
	assert_null(strstr(s, ",failed,"));
	assert_null(strstr(s, ",partial,"));
	s = slurp("lrpcout/meta.csv");
	assert_non_null(strstr(s, "floor_cacheline_rt_ns,"));
	assert_non_null(strstr(s, "floor_same_cpu_cacheline_rt_ns,"));
	assert_non_null(strstr(s, "result_best_lrpc_vs_pipe_same_cpu,"));
	assert_non_null(strstr(s, "run_status,complete"));
	assert_non_null(strstr(slurp("lrpcout/summary.csv"), "\npipe,latency,8,"));
	assert_int_equal(ipcbench("plot lrpcout"), 0); /* a run like any other */
	assert_non_null(strstr(slurp("lrpcout/report.html"), "Time breakdown of one null call"));
	assert_int_equal(ipcbench("lrpc --repeat 0"), 2);
	assert_int_equal(ipcbench("help lrpc"), 0);
	assert_non_null(strstr(out, "lrpc.csv"));
}

static struct leak_snapshot before;

static int setup(void **state)
{

	(void)state;
	if (testenv_binary(bin) < 0)
		return -1;
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

/* Runs last: nothing the tests above created may remain. */
static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_writes_the_files),
		cmocka_unit_test(test_output_dir_and_table),
		cmocka_unit_test(test_usage_errors_exit_2),
		cmocka_unit_test(test_rough_edges),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_list_and_help),
		cmocka_unit_test(test_calibrate),
		cmocka_unit_test(test_lrpc_command),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
