/* One cell: one repetition of one transport at one size, run by a fresh pair of pinned
 * processes. The parent sets the channel up, forks server and client, waits for them with
 * a deadline (killing both on timeout, on a peer's death or on SIGINT/SIGTERM/SIGHUP),
 * tears everything down and turns the client's samples into statistics. */
#ifndef IPCBENCH_CELL_H
#define IPCBENCH_CELL_H
#include <stdint.h>
#include "config.h"
#include "stats.h"

enum cell_status {
	CELL_OK = 0,
	CELL_FAIL,        /* verification failed: the transport delivered wrong data */
	CELL_ERROR,       /* a call failed (setup, pinning, the transport) */
	CELL_TIMEOUT,     /* the cell did not finish within its deadline */
	CELL_PEER_DIED,   /* a child died (signal or unexpected exit) */
	CELL_UNSUPPORTED, /* the transport cannot carry this size or mode */
	CELL_SKIPPED,     /* not run here, for a stated reason */
	CELL_INTERRUPTED, /* stopped by a signal to the harness */
};

/* Quantiles of the latency spectrum kept for each cell (spectrum.csv). */
#define CELL_SPECTRUM_N 13
extern const double cell_spectrum_q[CELL_SPECTRUM_N];

struct cell_spec {
	const struct transport *t;
	uint64_t size;
	unsigned repeat; /* 1-based index of this repetition */
	const struct cell_settings *set;
	const struct clock_src *clk;
};

struct cell_result {
	enum cell_status status;
	char note[320];
	size_t wire_bytes;    /* header + payload of one message */
	unsigned fragments;   /* sends per message */
	int mem_node;         /* NUMA node the shared buffers are on; -1 none, -2 several */
	int has_stats;        /* st and msgs_per_s hold measured values */
	struct stats st;      /* round-trip times in ns */
	double msgs_per_s;    /* round trips per second of measured time (1e9 / mean) */
	uint64_t verified_full;
	double spectrum[CELL_SPECTRUM_N]; /* round trip at each cell_spectrum_q quantile */
	double *samples_ns;   /* when keep_samples: the round trips in order (caller frees) */
};

const char *cell_status_name(enum cell_status s);
/* Runs the cell. Returns 0 (the outcome is in out->status), or -EINTR when a SIGINT,
 * SIGTERM or SIGHUP arrived: the cell is then CELL_INTERRUPTED and the caller should stop.
 * keep_samples: leave the raw samples in out->samples_ns. */
int cell_run(const struct cell_spec *spec, int keep_samples, struct cell_result *out);
void cell_result_free(struct cell_result *r);

#endif
