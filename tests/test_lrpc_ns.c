/* The naming service as a process of its own (lrpc_ns_*): a published service binds only
 * through it, for the uids it allows (SO_PEERCRED), one A-stack per client; a refused
 * client gets -EACCES and a reason that names its uid; an unknown name is -ENOENT, a full
 * service -ENOSPC; binding's three stages are measured; nothing is left behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leakcheck.h"
#include "lrpc/lrpc.h"

static struct leak_snapshot before;
static char tmpdir[64], sock[128];
static struct lrpc_ns *ns;

static void echo_handler(struct lrpc_call *c)
{
	lrpc_return(c, c->len + 1, NULL, 0);
}

/* A server child: registers name with n A-stacks, publishes it for the uids given, tells
 * the parent, then serves A-stack 0 (or waits until killed, with serve 0). */
static pid_t start_server(const char *name, unsigned n, const uint32_t *uids, unsigned nuids,
			  int serve)
{
	int p[2], r = -1;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct lrpc_opts o = { .nastacks = n, .registry = tmpdir };
		struct lrpc_service *s;
		char why[200];

		close(p[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* a failed test leaves no server behind */
		r = lrpc_register(name, echo_handler, &o, &s);
		if (r == 0)
			r = lrpc_ns_publish(sock, s, uids, nuids, why, sizeof(why));
		if (write(p[1], &r, sizeof(r)) != sizeof(r) || r < 0)
			_exit(2);
		if (!serve)
			pause();
		r = lrpc_serve(s, 0);
		lrpc_unregister(s);
		_exit(r == 0 ? 0 : 1);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &r, sizeof(r)), sizeof(r));
	close(p[0]);
	assert_int_equal(r, 0);
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void test_allowed_client_binds_and_calls(void **state)
{
	uint32_t me = (uint32_t)getuid();
	pid_t pid = start_server("svc", 1, &me, 1, 1);
	struct lrpc_bind_cost cost = { 0 };
	struct lrpc_binding *b = NULL, *dir = NULL;
	char why[200];
	uint64_t ret = 0;

	(void)state;
	/* published: the directory registry no longer has it, the naming service does */
	struct lrpc_connect_opts o = { .registry = tmpdir };
	assert_int_equal(lrpc_connect_opts("svc", &o, &dir), -ENOENT);
	assert_int_equal(lrpc_ns_connect(sock, "svc", NULL, &b, &cost, why, sizeof(why)), 0);
	assert_true(cost.lookup_ns > 0 && cost.alloc_ns > 0 && cost.map_ns > 0);
	assert_int_equal(lrpc_call(b, NULL, 0, "abc", 3, &ret), 0);
	assert_int_equal(ret, 4);
	lrpc_disconnect(b);
	waitpid(pid, NULL, 0);
}

static void test_refused_client_is_told_why(void **state)
{
	uint32_t other = 4242;
	pid_t pid = start_server("closed", 1, &other, 1, 0);
	struct lrpc_binding *b = NULL;
	char why[200], uid[32];

	(void)state;
	assert_int_equal(lrpc_ns_connect(sock, "closed", NULL, &b, NULL, why, sizeof(why)), -EACCES);
	assert_null(b);
	snprintf(uid, sizeof(uid), "this client is uid %u", (unsigned)getuid());
	if (!strstr(why, "uid 4242") || !strstr(why, uid))
		fail_msg("reason: '%s'", why);
	assert_int_equal(lrpc_ns_connect(sock, "nosuch", NULL, &b, NULL, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "no service 'nosuch'"));
	stop(pid);
}

/* Two A-stacks: two clients bind, the third finds none free. */
static void test_one_astack_per_client(void **state)
{
	pid_t pid = start_server("pair", 2, NULL, 0, 0); /* its own uid only: ours */
	struct lrpc_binding *b[3] = { NULL };
	char why[200];

	(void)state;
	assert_int_equal(lrpc_ns_connect(sock, "pair", NULL, &b[0], NULL, why, sizeof(why)), 0);
	assert_int_equal(lrpc_ns_connect(sock, "pair", NULL, &b[1], NULL, why, sizeof(why)), 0);
	assert_int_equal(lrpc_ns_connect(sock, "pair", NULL, &b[2], NULL, why, sizeof(why)), -ENOSPC);
	assert_non_null(strstr(why, "every A-stack"));
	lrpc_disconnect(b[0]);
	lrpc_disconnect(b[1]);
	stop(pid);
}

/* The credential is the kernel's: a child that became another user is refused, whatever
 * it claims. Needs root to change uid. */
static void test_other_uid_is_refused(void **state)
{
	uint32_t root = 0;
	pid_t pid, child;
	int st;

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_int_equal(chmod(tmpdir, 0711), 0); /* the socket reachable: the list decides */
	pid = start_server("rootonly", 1, &root, 1, 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct lrpc_binding *b = NULL;
		char why[200];

		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(3);
		_exit(lrpc_ns_connect(sock, "rootonly", NULL, &b, NULL, why, sizeof(why)) == -EACCES &&
		      strstr(why, "uid 65534") ? 0 : 1);
	}
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	stop(pid);
	chmod(tmpdir, 0700);
}

static int setup(void **state)
{
	(void)state;
	if (leak_private_tmpdir(tmpdir, sizeof(tmpdir)) < 0)
		return -1;
	leak_snapshot_take(&before);
	snprintf(sock, sizeof(sock), "%s/ns.sock", tmpdir);
	return lrpc_ns_start(sock, &ns);
}

static int teardown(void **state)
{
	(void)state;
	lrpc_ns_stop(ns);
	assert_int_equal(access(sock, F_OK), -1); /* the socket went with it */
	for (const char *const *n = (const char *const[]){ "svc", "closed", "pair", "rootonly",
							   NULL }; *n; n++)
		lrpc_purge(tmpdir, *n);
	leak_assert_none(&before);
	leak_snapshot_free(&before);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allowed_client_binds_and_calls),
		cmocka_unit_test(test_refused_client_is_told_why),
		cmocka_unit_test(test_one_astack_per_client),
		cmocka_unit_test(test_other_uid_is_refused),
	};

	return cmocka_run_group_tests_name("lrpc_ns", tests, setup, teardown);
}
