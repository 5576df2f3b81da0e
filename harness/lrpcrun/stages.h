/* One library cell of `ipcbench lrpc`: a fresh server and client process, pinned, an LRPC
 * service between them (lrpc/lrpc.h), and calls timed one by one like the harness's round
 * trips (clock_start before the call, clock_stop after it; the timer's cost is inside).
 * Every call's result is checked. A first measured pass gives the round-trip times; a
 * second, traced pass gives the stages of each call from TSC stamps taken on both CPUs.
 * A pass that other load starved of calls goes on until it has 1000 samples, for at most
 * four times its duration.
 *
 * Stages follow the critical path, so that they add up to the traced round trip exactly:
 *   client_notify  call entered until the server saw it or the client's notification
 *                  returned, whichever came first (putting arguments in, publishing, waking)
 *   server_wakeup  from there until the server saw the call (0 if it saw it earlier)
 *   handler        server saw the call until the handler called lrpc_return (includes safe
 *                  mode's copy)
 *   return_notify  until the client saw the return or the server's notification returned
 *   client_wakeup  from there until the client saw the return */
#ifndef IPCBENCH_LRPCBENCH_H
#define IPCBENCH_LRPCBENCH_H
#include <stddef.h>
#include <stdint.h>
#include "sys/clock.h"
#include "lrpc/lrpc.h"
#include "stats/stats.h"

enum lrpcb_call {
	LRPCB_NULL,  /* no arguments in, one 8-byte result out */
	LRPCB_ARGS8, /* LRPC_NARGS arguments in, their sum out */
	LRPCB_IN,    /* a payload in, its checksum out (the handler reads all of it) */
};

#define LRPCB_STAGES 5
extern const char *const lrpcb_stage_names[LRPCB_STAGES];

struct lrpcb_spec {
	enum lrpc_handoff handoff;
	int safe;
	enum lrpcb_call call;
	size_t size; /* LRPCB_IN: payload bytes */
	int client_cpu, server_cpu;
	uint64_t warmup_ns, duration_ns;
	const struct clock_src *clk;
};

struct lrpcb_result {
	int ok;
	char note[256];
	struct stats st;                 /* round trips of the untraced pass, ns */
	int has_stages;                  /* the clock is the TSC and the traced pass ran */
	double stage_ns[LRPCB_STAGES];   /* medians over the traced pass */
	double traced_p50_ns;            /* the traced pass's own median round trip */
};

/* 0 (the outcome in r->ok and r->note), -EINTR on SIGINT/SIGTERM/SIGHUP, or -errno. */
int lrpcb_run(const struct lrpcb_spec *s, struct lrpcb_result *r);

#endif
