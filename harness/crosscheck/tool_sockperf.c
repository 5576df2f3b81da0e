/* `sockperf ping-pong --full-rtt` against a `sockperf server`, both on 127.0.0.1 and a
 * port that was free a moment before: the server pinned to the row's server CPU, the
 * client to its client CPU (what taskset -c does). The client sends one -m byte message
 * (sockperf's own header included), waits for the echo and times each round trip; after
 * its warm-up it prints the percentiles of those round trips. A row with a rate runs
 * `sockperf under-load --mps RATE --reply-every 1` instead: a sending thread on schedule,
 * a receiving thread, each message echoed and timed from its send, the same percentiles.
 * The server lives only while its client runs: it is started, waited for until /proc/net
 * shows its socket, and killed (with its process group) on every path out of this file. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "sys/clock.h"
#include "crosscheck/tools.h"
#include "crosscheck/xproc.h"
#include "sys/spawn.h"

#define SERVER_READY_NS 5000000000ull

/* A port the kernel just handed out on 127.0.0.1 for this socket type, or 0. */
static unsigned free_port(int type)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	unsigned port = 0;

	if (fd < 0)
		return 0;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* 1 when /proc/net/tcp (LISTEN) or /proc/net/udp holds a socket on 127.0.0.1:port. */
static int port_bound(int tcp, unsigned port)
{
	FILE *f = fopen(tcp ? "/proc/net/tcp" : "/proc/net/udp", "r");
	char line[512];
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned addr, p, st;

		if (sscanf(line, " %*d: %8x:%4x %*x:%*x %x", &addr, &p, &st) == 3)
			found = p == port && (addr == 0 || addr == htonl(INADDR_LOOPBACK)) &&
				(!tcp || st == 0x0A);
	}
	if (f)
		fclose(f);
	return found;
}

static int wait_listening(struct xproc *srv, int tcp, unsigned port, char note[512])
{
	uint64_t deadline = srv->start_ns + SERVER_READY_NS;
	char line[200], st[64];

	while (!port_bound(tcp, port)) {
		if (spawn_interrupt_pending())
			return -EINTR;
		if (!xproc_poll(srv, 1000000) || clock_mono_ns() > deadline) {
			xproc_stop(srv);
			xproc_status_text(srv, st, sizeof(st));
			xparse_failure_line(srv->out.p, srv->err.p, line, sizeof(line));
			snprintf(note, 512, "sockperf server did not listen on port %u within %.0f s: "
				 "%s (%s)", port, SERVER_READY_NS / 1e9, line, st);
			return -EIO;
		}
	}
	return 0;
}

/* Keeps the server's pipes drained while the client runs. */
static uint64_t drain_server(void *arg, uint64_t now)
{
	(void)now;
	xproc_poll(arg, 0);
	return 100000000;
}

static int run_client(struct xtool_job *j, char *const argv[], struct xproc *srv, unsigned secs)
{
	struct xproc c;
	char st[64], line[200];
	int e = xproc_start(&c, argv, j->row->client_cpu);

	if (e < 0) {
		snprintf(j->note, sizeof(j->note), "cannot start %s: %s", argv[0], strerror(-e));
		return e;
	}
	e = xproc_wait(&c, c.start_ns + (secs + 20) * 1000000000ull, drain_server, srv);
	xproc_status_text(&c, st, sizeof(st));
	xparse_failure_line(c.out.p, c.err.p, line, sizeof(line));
	if (e == 0 && !xproc_ok(&c))
		e = -EIO;
	if (e == 0)
		e = xparse_sockperf(c.out.p ? c.out.p : "", &j->fig);
	if (e == -EDOM)
		snprintf(j->note, sizeof(j->note), "sockperf printed one-way latencies, not round "
			 "trips (--full-rtt ignored?)");
	else if (e == -EPROTO)
		snprintf(j->note, sizeof(j->note), "%s", line);
	else if (e == -ETIMEDOUT)
		snprintf(j->note, sizeof(j->note), "sockperf %s did not end: killed", argv[1]);
	else if (e < 0 && e != -EINTR)
		snprintf(j->note, sizeof(j->note), "%s (%s)", line, st);
	xproc_free(&c);
	return e;
}

int xtool_sockperf(struct xtool_job *j)
{
	struct xrow *w = j->row;
	int tcp = strcmp(w->s->arg, "tcp") == 0;
	unsigned port = free_port(tcp ? SOCK_STREAM : SOCK_DGRAM);
	unsigned secs = (unsigned)((j->run->duration_ns + 500000000ull) / 1000000000ull);
	char ps[16], ms[16], ts[16], mps[24], srv_cmd[200], cli_cmd[300];
	char *srv_argv[] = { w->path, "server", "-i", "127.0.0.1", "-p", ps, tcp ? "--tcp" : NULL,
			     NULL };
	char *pp_argv[] = { w->path, "ping-pong", "-i", "127.0.0.1", "-p", ps, "-m", ms, "-t", ts,
			    "--full-rtt", tcp ? "--tcp" : NULL, NULL };
	char *ul_argv[] = { w->path, "under-load", "-i", "127.0.0.1", "-p", ps, "-m", ms, "-t", ts,
			    "--full-rtt", "--mps", mps, "--reply-every", "1", tcp ? "--tcp" : NULL,
			    NULL };
	char **cli_argv = w->s->rate_per_s ? ul_argv : pp_argv;
	struct xproc srv;
	int e;

	secs = secs ? secs : 1; /* whole seconds, at least one */
	snprintf(ps, sizeof(ps), "%u", port);
	snprintf(ms, sizeof(ms), "%u", w->s->their_wire_bytes);
	snprintf(ts, sizeof(ts), "%u", secs);
	snprintf(mps, sizeof(mps), "%llu", (unsigned long long)w->s->rate_per_s);
	xtool_command_text(srv_argv, w->server_cpu, srv_cmd, sizeof(srv_cmd));
	xtool_command_text(cli_argv, w->client_cpu, cli_cmd, sizeof(cli_cmd));
	snprintf(w->command, sizeof(w->command), "%s & %s", srv_cmd, cli_cmd);
	if (!port) {
		snprintf(j->note, sizeof(j->note), "no free port on 127.0.0.1");
		return -EADDRINUSE;
	}
	if ((e = xproc_start(&srv, srv_argv, w->server_cpu)) < 0) {
		snprintf(j->note, sizeof(j->note), "cannot start %s: %s", w->s->exe, strerror(-e));
		return e;
	}
	e = wait_listening(&srv, tcp, port, j->note);
	if (e == 0)
		e = run_client(j, cli_argv, &srv, secs);
	xproc_free(&srv);
	if (e == 0)
		snprintf(j->note, sizeof(j->note), "server on CPU %d, client on CPU %d, port %u; "
			 "-t %u s, sockperf's own warm-up excluded: %llu round trips", w->server_cpu,
			 w->client_cpu, port, secs, (unsigned long long)j->fig.count);
	return e;
}
