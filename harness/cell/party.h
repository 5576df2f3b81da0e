/* A party cell: many processes around one channel. Fan-in: n clients and one server, each
 * a process of its own pinned by the placement plan (sys/partyplan.h), each client in its
 * own closed loop (or paced: cell/pace.h) of round trips, the server answering whoever
 * comes next through the transport's fan-in operations (bench/transport.h). Every message
 * is verified as in the pair (cell/payload.h), with a sequence of its own per client: a
 * lost, repeated, reordered or misdelivered message fails the cell. The clients' timed
 * phases overlap (a client that is done keeps its load on until every client is), then the
 * counted phase measures the server's CPU time per message. */
#ifndef IPCBENCH_PARTY_H
#define IPCBENCH_PARTY_H
#include "cell/cell.h"

struct party_client {
	int cpu;
	double msgs_per_s; /* its timed round trips per second, from its first reply to its last */
	int from_hist;     /* its percentiles come from the log histogram */
	struct stats st;   /* its round trips, ns */
	double open_ns;    /* its open, before the start (LRPC: its binding) */
	double bind_ns[3]; /* its binding through a naming service: lookup, allocation, mapping */
	int has_bind;
};

struct party_result {
	unsigned n;
	int oversubscribed; /* more processes than CPUs: some share one */
	struct party_client c[];
};

/* Runs the fan-in cell spec->plan describes (spec->set->clients clients) into out, as
 * cell_run does for the pair; out->party holds the clients' figures (freed by
 * cell_result_free), out->st the round trips of all clients together, out->msgs_per_s
 * their sum. 0, or -EINTR. */
int party_run(const struct cell_spec *spec, struct cell_result *out);

#endif
