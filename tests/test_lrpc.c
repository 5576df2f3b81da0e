/* The LRPC library (lrpc/lrpc.h): calls with arguments and payloads under every handoff,
 * the E-stack, safe mode's private copy, -EBUSY, timeouts, a server killed mid-call, the
 * naming service's errors and stale entries, and no name left anywhere afterwards. Each
 * test forks its server; the server child never runs cmocka code (its verdict is its exit
 * status). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sys/clock.h"
#include "leakcheck.h"
#include "lrpc/lrpc.h"

#define CAP 4096

/* Flags between a handler in the server child and the test in the parent. */
struct flags {
	_Atomic int started, release;
};

static struct flags *fl;
static struct leak_snapshot before;
static char tmpdir[64];

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static double ms_since(uint64_t t0)
{
	return (double)(clock_mono_ns() - t0) / 1e6;
}

/* ret = sum of the arguments plus the length; reply = each payload byte plus one, built
 * in the A-stack (in place it overlaps the payload, index by index). */
static void echo_handler(struct lrpc_call *c)
{
	const unsigned char *in = c->payload;
	unsigned char *out = c->results;
	uint64_t sum = c->len;

	for (unsigned i = 0; i < c->nargs; i++)
		sum += c->args[i];
	for (size_t i = 0; i < c->len; i++)
		out[i] = (unsigned char)(in[i] + 1);
	lrpc_return(c, sum, c->results, c->len);
}

/* ret 1 when a local variable lies on the E-stack the library says it runs on. */
static void estack_handler(struct lrpc_call *c)
{
	const unsigned char *lo = c->estack, *p = (const unsigned char *)&c;

	lrpc_return(c, lo && p >= lo && p < lo + c->estack_size, NULL, 0);
}

/* ret 1 when the payload is a private copy: scribbling on the A-stack leaves it alone. */
static void copy_handler(struct lrpc_call *c)
{
	const unsigned char *in = c->payload;
	unsigned char first = in[0];

	memset(c->results, first ^ 0xff, c->len);
	lrpc_return(c, in != c->results && in[0] == first, NULL, 0);
}

/* Blocks until the test releases it (a handler that never returns, as far as the call
 * under test is concerned). */
static void block_handler(struct lrpc_call *c)
{
	fl->started = 1;
	while (!fl->release)
		sleep_ms(1);
	lrpc_return(c, 7, NULL, 0);
}

static void suicide_handler(struct lrpc_call *c)
{
	(void)c;
	kill(getpid(), SIGKILL);
}

static void server_child(int fd, const char *name, lrpc_handler h, const struct lrpc_opts *o)
{
	struct lrpc_service *s;
	int r = lrpc_register(name, h, o, &s);

	if (write(fd, &r, sizeof(r)) != sizeof(r) || r < 0)
		_exit(2);
	r = lrpc_serve(s, 0);
	lrpc_unregister(s);
	_exit(r == 0 ? 0 : 1);
}

/* Forks a server that serves one client, once it has registered. */
static pid_t start_server(const char *name, lrpc_handler h, const struct lrpc_opts *o)
{
	int p[2], r = -1;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		server_child(p[1], name, h, o);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &r, sizeof(r)), sizeof(r));
	close(p[0]);
	assert_int_equal(r, 0);
	fl->started = fl->release = 0;
	return pid;
}

static int server_status(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static void expect_clean_exit(pid_t pid)
{
	int st = server_status(pid);

	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static struct lrpc_binding *connect_to(const char *name)
{
	struct lrpc_binding *b = NULL;

	assert_int_equal(lrpc_connect(name, &b), 0);
	assert_non_null(b);
	return b;
}

static void check_call(struct lrpc_binding *b, unsigned nargs, size_t len)
{
	static unsigned char in[CAP], out[CAP];
	uint64_t args[LRPC_NARGS], ret = 0, want = len;

	for (unsigned i = 0; i < nargs; i++)
		want += args[i] = 0x1000000000ull * (i + 1) + len;
	for (size_t i = 0; i < len; i++)
		in[i] = (unsigned char)(i * 7 + nargs);
	assert_int_equal(lrpc_call_begin(b, args, nargs, in, len), 0);
	assert_int_equal(lrpc_call_end(b, &ret, out, sizeof(out), 0), (long)len);
	assert_true(ret == want);
	for (size_t i = 0; i < len; i++)
		if (out[i] != (unsigned char)(in[i] + 1))
			fail_msg("reply byte %zu of %zu: %u", i, len, out[i]);
}

static void round_trips(enum lrpc_handoff h, int safe)
{
	struct lrpc_opts o = { .handoff = h, .safe = safe, .astack_size = CAP };
	static const size_t lens[] = { 0, 1, 63, 64, 1000, CAP };
	pid_t pid = start_server("rt", echo_handler, &o);
	struct lrpc_binding *b = connect_to("rt");
	uint64_t ret;

	assert_int_equal(lrpc_capacity(b), CAP);
	for (unsigned n = 0; n <= LRPC_NARGS; n++)
		for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
			check_call(b, n, lens[i]);
	assert_int_equal(lrpc_call(b, NULL, 0, fl, CAP + 1, &ret), -EMSGSIZE);
	assert_int_equal(lrpc_call(b, NULL, LRPC_NARGS + 1, NULL, 0, &ret), -EINVAL);
	assert_int_equal(lrpc_call(b, NULL, 0, fl, 10, &ret), -EMSGSIZE); /* no reply room */
	check_call(b, 2, 5); /* and the binding carries on */
	lrpc_disconnect(b);
	expect_clean_exit(pid);
}

static void test_round_trips_every_handoff(void **state)
{
	(void)state;
	for (int h = LRPC_FUTEX; h <= LRPC_YIELD; h++)
		for (int safe = 0; safe < 2; safe++)
			round_trips((enum lrpc_handoff)h, safe);
}

static void test_handler_runs_on_estack(void **state)
{
	pid_t pid = start_server("estack", estack_handler, NULL);
	struct lrpc_binding *b = connect_to("estack");
	uint64_t ret = 0;

	(void)state;
	assert_int_equal(lrpc_call(b, NULL, 0, NULL, 0, &ret), 0);
	assert_int_equal(ret, 1);
	lrpc_disconnect(b);
	expect_clean_exit(pid);
}

static void test_safe_mode_copies_before_use(void **state)
{
	unsigned char msg[256];

	(void)state;
	memset(msg, 0x5a, sizeof(msg));
	for (int safe = 0; safe < 2; safe++) {
		struct lrpc_opts o = { .safe = safe };
		pid_t pid = start_server("copy", copy_handler, &o);
		struct lrpc_binding *b = connect_to("copy");
		uint64_t ret = 9;

		assert_int_equal(lrpc_call(b, NULL, 0, msg, sizeof(msg), &ret), 0);
		assert_int_equal(ret, safe); /* in place, the handler sees its own scribbles */
		lrpc_disconnect(b);
		expect_clean_exit(pid);
	}
}

static void *call_thread(void *arg)
{
	uint64_t ret = 0;
	intptr_t r = lrpc_call(arg, NULL, 0, NULL, 0, &ret);

	return (void *)(r == 0 ? (intptr_t)ret : r);
}

static void test_concurrent_call_is_busy(void **state)
{
	pid_t pid = start_server("busy", block_handler, NULL);
	struct lrpc_binding *b = connect_to("busy");
	uint64_t ret = 0;
	pthread_t t;
	void *res;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, call_thread, b), 0);
	while (!fl->started)
		sleep_ms(1);
	assert_int_equal(lrpc_call(b, NULL, 0, NULL, 0, &ret), -EBUSY);
	fl->release = 1;
	assert_int_equal(pthread_join(t, &res), 0);
	assert_int_equal((intptr_t)res, 7);
	assert_int_equal(lrpc_call(b, NULL, 0, NULL, 0, &ret), 0);
	assert_int_equal(ret, 7);
	lrpc_disconnect(b);
	expect_clean_exit(pid);
}

/* -ETIMEDOUT within twice the timeout; the late return, when it comes, frees the binding. */
static void timeout_with(enum lrpc_handoff h)
{
	struct lrpc_opts o = { .handoff = h };
	pid_t pid = start_server("slow", block_handler, &o);
	struct lrpc_binding *b = connect_to("slow");
	uint64_t ret = 0, t0 = clock_mono_ns();

	assert_int_equal(lrpc_call_timeout(b, NULL, 0, NULL, 0, &ret, 100000000), -ETIMEDOUT);
	double took = ms_since(t0);
	if (took < 100 || took > 200)
		fail_msg("handoff %d: a 100 ms timeout took %.1f ms", h, took);
	assert_false(lrpc_broken(b));
	assert_int_equal(lrpc_call(b, NULL, 0, NULL, 0, &ret), -EBUSY);
	fl->release = 1;
	for (int i = 0; i < 2000 && lrpc_call(b, NULL, 0, NULL, 0, &ret) == -EBUSY; i++)
		sleep_ms(1);
	assert_int_equal(ret, 7);
	lrpc_disconnect(b);
	expect_clean_exit(pid);
}

static void test_timeout(void **state)
{
	(void)state;
	timeout_with(LRPC_FUTEX);
	timeout_with(LRPC_SPIN);
}

/* A client that gives up on a call and goes away: the server finishes the handler, finds
 * the binding closed, and its lrpc_serve returns 0. */
static void test_disconnect_during_call(void **state)
{
	pid_t pid = start_server("gone", block_handler, NULL);
	struct lrpc_binding *b = connect_to("gone");
	uint64_t ret;

	(void)state;
	assert_int_equal(lrpc_call_timeout(b, NULL, 0, NULL, 0, &ret, 20000000), -ETIMEDOUT);
	lrpc_disconnect(b);
	fl->release = 1;
	expect_clean_exit(pid);
}

/* The server kills itself inside the handler: the call fails with -EPIPE long before the
 * timeout (or without one), the binding is broken, the stale entry is gone. */
static void killed_with(enum lrpc_handoff h, uint64_t timeout_ns)
{
	struct lrpc_opts o = { .handoff = h };
	pid_t pid = start_server("doomed", suicide_handler, &o);
	struct lrpc_binding *b = connect_to("doomed");
	uint64_t ret, t0 = clock_mono_ns();
	int st;

	assert_int_equal(lrpc_call_timeout(b, NULL, 0, NULL, 0, &ret, timeout_ns), -EPIPE);
	double took = ms_since(t0);
	if (took > 1000)
		fail_msg("handoff %d: a dead server took %.1f ms to notice", h, took);
	assert_true(lrpc_broken(b));
	assert_int_equal(lrpc_call(b, NULL, 0, NULL, 0, &ret), -EPIPE);
	st = server_status(pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	assert_int_equal(lrpc_purge(NULL, "doomed"), -ENOENT); /* the client removed it */
	lrpc_disconnect(b);
}

static void test_killed_server_fails_the_call(void **state)
{
	(void)state;
	for (int h = LRPC_FUTEX; h <= LRPC_YIELD; h++) {
		killed_with((enum lrpc_handoff)h, 5000000000ull);
		killed_with((enum lrpc_handoff)h, 0);
	}
}

static void test_unknown_and_bad_names(void **state)
{
	struct lrpc_binding *b = NULL;
	struct lrpc_service *s = NULL;

	(void)state;
	assert_int_equal(lrpc_connect("no-such-service", &b), -ENOENT);
	assert_int_equal(lrpc_connect("../etc", &b), -EINVAL);
	assert_int_equal(lrpc_connect("", &b), -EINVAL);
	assert_int_equal(lrpc_connect(".hidden", &b), -EINVAL);
	assert_null(b);
	assert_int_equal(lrpc_register("a/b", echo_handler, NULL, &s), -EINVAL);
	assert_null(s);
}

static int count_shm(pid_t pid)
{
	char prefix[64];
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	int n = 0;

	snprintf(prefix, sizeof(prefix), "ipcbench.%d.lrpc.", (int)pid);
	while (d && (e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

/* A taken name is refused; every A-stack taken: -ENOSPC; shm names go once mapped. */
static void test_names_and_astacks(void **state)
{
	struct lrpc_opts o = { .nastacks = 1 };
	pid_t pid = start_server("dup", echo_handler, &o);
	struct lrpc_service *s = NULL;
	struct lrpc_binding *b, *b2 = NULL;

	(void)state;
	assert_int_equal(count_shm(pid), 1);
	assert_int_equal(lrpc_register("dup", echo_handler, NULL, &s), -EEXIST);
	b = connect_to("dup");
	assert_int_equal(count_shm(pid), 0); /* unlinked as soon as both sides had it */
	assert_int_equal(lrpc_connect("dup", &b2), -ENOSPC);
	check_call(b, 1, 10);
	lrpc_disconnect(b);
	expect_clean_exit(pid);
	assert_int_equal(lrpc_connect("dup", &b2), -ENOENT);
}

/* A server killed before any client came leaves its entry and A-stack name: the next
 * connect finds it dead, removes both and says -ENOENT; a new server may take the name. */
static void test_stale_entry_is_removed(void **state)
{
	pid_t pid = start_server("stale", echo_handler, NULL);
	struct lrpc_binding *b = NULL;

	(void)state;
	kill(pid, SIGKILL);
	server_status(pid);
	assert_int_equal(count_shm(pid), 1);
	assert_int_equal(lrpc_connect("stale", &b), -ENOENT);
	assert_int_equal(count_shm(pid), 0);
	pid = start_server("stale", echo_handler, NULL);
	b = connect_to("stale");
	check_call(b, 0, 0);
	lrpc_disconnect(b);
	expect_clean_exit(pid);
}

/* Runs last: no shm object, registry entry or directory of ours is left. System V
 * objects are not counted: the library makes none, and other runs on the machine may. */
static void test_nothing_left(void **state)
{
	char *left = leak_new_since(&before), *save = NULL, *mine = NULL;

	(void)state;
	for (char *l = left ? strtok_r(left, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
		if (strncmp(l, "sysv-", 5) != 0 && !mine)
			mine = l;
	if (mine)
		fprintf(stderr, "left behind: %s\n", mine);
	free(left);
	assert_null(mine);
}

static int setup(void **state)
{
	(void)state;
	fl = mmap(NULL, sizeof(*fl), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fl == MAP_FAILED || leak_private_tmpdir(tmpdir, sizeof(tmpdir)) < 0)
		return -1;
	leak_snapshot_take(&before);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	leak_snapshot_free(&before);
	munmap(fl, sizeof(*fl));
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips_every_handoff),
		cmocka_unit_test(test_handler_runs_on_estack),
		cmocka_unit_test(test_safe_mode_copies_before_use),
		cmocka_unit_test(test_concurrent_call_is_busy),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_disconnect_during_call),
		cmocka_unit_test(test_killed_server_fails_the_call),
		cmocka_unit_test(test_unknown_and_bad_names),
		cmocka_unit_test(test_names_and_astacks),
		cmocka_unit_test(test_stale_entry_is_removed),
		cmocka_unit_test(test_nothing_left),
	};

	return cmocka_run_group_tests_name("lrpc", tests, setup, teardown);
}
