/* Test support: running one cell in-process with short settings, and the checks every
 * passing cell must satisfy. */
#ifndef IPCBENCH_CELLRUN_H
#define IPCBENCH_CELLRUN_H
#include "cell/cell.h"

/* Short latency settings (10 ms warm-up, 30 ms, 3000 round trips at most, full check of
 * every 8th message); same_cpu puts both sides on the client's CPU. */
void cellrun_settings(struct cell_settings *s, int same_cpu);
/* Runs one cell; the harness itself must not fail. */
void cellrun(const struct clock_src *clk, const struct transport *t, uint64_t size,
	     const struct cell_settings *s, struct cell_result *r);
/* ok, with samples, ordered percentiles, a sane time, and verified payloads. */
void cellrun_check_ok(const struct transport *t, uint64_t size, const struct cell_result *r);

/* For in-process cell tests: a private TMPDIR, a snapshot of IPC objects to compare
 * against at the end, the clock; and the undoing of the first two. */
struct leak_snapshot;
int cellrun_env_setup(struct clock_src *clk, struct leak_snapshot *before, char *tmpdir,
		      size_t n);
int cellrun_env_teardown(struct leak_snapshot *before, const char *tmpdir);


/* Party cells (cell/party.h): settings ended by the count (60 timed round trips, or
 * messages, each), a cell of n clients (fanout 0) or subscribers at 64 B placed with spread
 * core on topo, and the environment with the machine's topology. */
struct topology;
void cellrun_party_settings(struct cell_settings *s);
void cellrun_party(const struct clock_src *clk, const struct topology *topo,
		   const struct transport *t, unsigned n, int fanout, struct cell_settings *s,
		   struct cell_result *r);
/* Every transport at n parties: one without the pattern must be unsupported with its
 * reason, the others go to check. Returns how many have the pattern. */
unsigned cellrun_party_every(const struct clock_src *clk, const struct topology *topo, unsigned n,
			     int fanout, void (*check)(const struct transport *t, unsigned n,
						       const struct cell_result *r));
int cellrun_party_env_setup(struct clock_src *clk, struct leak_snapshot *before,
			    struct topology *topo, char *tmpdir, size_t n);
int cellrun_party_env_teardown(struct leak_snapshot *before, struct topology *topo,
			       const char *tmpdir);

#endif
