/* `ipcbench fleet ssh` against a real sshd that the test starts on localhost: a free port,
 * its own host key, an authorized key made here, two "hosts" that are two aliases of it in
 * an ssh_config, one unreachable host (a port nothing listens on) and one whose key is
 * refused. When sshd cannot start here the tests say why and are skipped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fleetenv.h"
#include "leakcheck.h"

#define SSHD "/usr/sbin/sshd"

static char bin[PATH_MAX], work[64], out[FLEETENV_OUT_MAX], why_skipped[2048];
static struct daemon sshd;

#define SKIP_IF_NO_SSHD()                                                         \
	do {                                                                      \
		if (why_skipped[0]) {                                             \
			fprintf(stderr, "skipped: %s\n", why_skipped);           \
			skip();                                                   \
		}                                                                 \
	} while (0)

static void test_fan_out_with_an_unreachable_host(void **state)
{
	const char *st, *csv;
	char path[256];

	(void)state;
	SKIP_IF_NO_SSHD();
	fe_write(strcat(strcpy(path, work), "/hosts.txt"),
		 "# two aliases of the test's sshd, and a host nothing answers on\n"
		 "alias-a\nalias-b   # the same machine\nnowhere\n");
	assert_int_equal(fe_sh(out, "cd %s && %s fleet ssh -c tiny.conf --hosts hosts.txt -j 2 "
				    "-o fl --ssh-config ssh_config --connect-timeout 5", work, bin), 1);
	fprintf(stderr, "%s", out);
	assert_non_null(strstr(out, "nowhere: failed after"));
	assert_non_null(strstr(out, "unreachable: ssh: connect to host 127.0.0.1 port"));
	assert_non_null(strstr(out, "Connection refused"));
	assert_non_null(strstr(out, "2 of 3 hosts ran"));
	st = fe_read(strcat(strcpy(path, work), "/fl/fleet-status.csv"));
	assert_non_null(st);
	assert_non_null(strstr(st, "ssh,0,alias-a,alias-a,ok,"));
	assert_non_null(strstr(st, "ssh,1,alias-b,alias-b,ok,"));
	assert_non_null(strstr(st, "ssh,2,nowhere,nowhere,failed,"));
	csv = fe_read(strcat(strcpy(path, work), "/fl/fleet.csv"));
	assert_non_null(csv);
	assert_non_null(strstr(csv, "\nalias-a,"));
	assert_non_null(strstr(csv, "\nalias-b,"));
	assert_null(strstr(csv, "\nnowhere,"));
	assert_int_equal(fe_count_lines(csv), 1 + 2 * 2);
	/* Each host's private directory is gone again. */
	assert_int_equal(fe_sh(out, "cd %s/fl/logs && for d in $(grep -h '^/.*ipcbench-fleet\\.' "
				    "alias-a.log alias-b.log); do test ! -e \"$d\" || echo left $d; "
				    "done; grep -c ipcbench-fleet alias-a.log", work), 0);
	assert_null(strstr(out, "left"));
	assert_int_equal(fe_sh(out, "cd %s && %s plot fl", work, bin), 0);
}

static void test_refused_key_is_an_error_not_a_prompt(void **state)
{
	char path[256];
	time_t t0 = time(NULL);

	(void)state;
	SKIP_IF_NO_SSHD();
	fe_write(strcat(strcpy(path, work), "/nokey.txt"), "no-key\n");
	assert_int_equal(fe_sh(out, "cd %s && %s fleet ssh -c tiny.conf --hosts nokey.txt -o nk "
				    "--ssh-config ssh_config --connect-timeout 5 </dev/null", work,
			       bin), 1);
	assert_non_null(strstr(out, "no-key: failed after"));
	assert_non_null(strstr(out, "Permission denied"));
	assert_true(time(NULL) - t0 < 30);
}

static int write_configs(int port, int closed_port)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/sshd_config", work);
	if (fe_write(path, "Port %d\nListenAddress 127.0.0.1\nHostKey %s/hostkey\n"
			   "AuthorizedKeysFile %s/authorized_keys\nPasswordAuthentication no\n"
			   "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
			   "PidFile %s/sshd.pid\nPermitRootLogin prohibit-password\n"
			   "Subsystem sftp internal-sftp\n", port, work, work, work) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/ssh_config", work);
	return fe_write(path, "Host alias-a alias-b no-key\n  HostName 127.0.0.1\n  Port %d\n"
			      "  UserKnownHostsFile %s/known_hosts\n"
			      "  StrictHostKeyChecking accept-new\n  IdentitiesOnly yes\n"
			      "Host alias-a alias-b\n  IdentityFile %s/clientkey\n"
			      "Host no-key\n  IdentityFile %s/otherkey\n"
			      "Host nowhere\n  HostName 127.0.0.1\n  Port %d\n", port, work, work,
			work, closed_port);
}

/* Starts sshd; on failure says why in why_skipped (the tests then skip). */
static void start_sshd(void)
{
	char log[128], cfg[128];
	int port = fe_free_port(), closed = fe_free_port();

	if (!fe_have(SSHD) || !fe_have("ssh") || !fe_have("scp") || !fe_have("ssh-keygen")) {
		snprintf(why_skipped, sizeof(why_skipped), "%s, ssh, scp or ssh-keygen missing "
			 "(Debian packages openssh-server, openssh-client; .ci/run installs them)",
			 SSHD);
		return;
	}
	if (getuid() == 0)
		mkdir("/run/sshd", 0755); /* sshd's privilege separation directory */
	if (!port || !closed || write_configs(port, closed) < 0 ||
	    fe_sh(out, "cd %s && ssh-keygen -q -t ed25519 -N '' -f hostkey && ssh-keygen -q -t "
		       "ed25519 -N '' -f clientkey && ssh-keygen -q -t ed25519 -N '' -f otherkey && "
		       "cp clientkey.pub authorized_keys", work) != 0) {
		snprintf(why_skipped, sizeof(why_skipped), "cannot prepare keys and configs: %.1800s",
			 out);
		return;
	}
	snprintf(log, sizeof(log), "%s/sshd.log", work);
	snprintf(cfg, sizeof(cfg), "%s/sshd_config", work);
	if (fe_daemon_start(&sshd, "sshd", log, (char *[]){ SSHD, "-D", "-e", "-f", cfg, NULL }) < 0) {
		snprintf(why_skipped, sizeof(why_skipped), "cannot fork sshd");
		return;
	}
	for (int i = 0; i < 50; i++) {
		if (fe_sh(out, "ssh -F %s/ssh_config -o BatchMode=yes -o ConnectTimeout=2 alias-a true",
			  work) == 0)
			return;
		if (!fe_daemon_alive(&sshd))
			break;
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
	}
	snprintf(why_skipped, sizeof(why_skipped), "sshd did not start or let the test's key in: "
		 "%.500s; sshd log: %.1000s", out, fe_read(log) ? fe_read(log) : "(none)");
}

static int setup(void **state)
{
	(void)state;
	if (fe_setup(bin, work, sizeof(work)) < 0)
		return -1;
	start_sshd();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (sshd.pid > 0)
		fe_daemon_stop(&sshd);
	return testenv_remove_dir(work);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fan_out_with_an_unreachable_host),
		cmocka_unit_test(test_refused_key_is_an_error_not_a_prompt),
	};

	return cmocka_run_group_tests_name("fleet_ssh", tests, setup, teardown);
}
