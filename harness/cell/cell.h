/* One cell: one repetition of one transport at one size, run by a fresh pair of pinned
 * processes. The parent sets the channel up, forks server and client, waits for them with
 * a deadline (killing both on timeout, on a peer's death or on SIGINT/SIGTERM/SIGHUP),
 * tears everything down and turns the client's samples into statistics. */
#ifndef IPCBENCH_CELL_H
#define IPCBENCH_CELL_H
#include <stdint.h>
#include "cell/settings.h"
#include "bench/transport.h"
#include "sys/clock.h"
#include "cell/counters.h"
#include "stats/stats.h"
#include "floors/slopes.h"

enum cell_status {
	CELL_OK = 0,
	CELL_FAIL,        /* verification failed: the transport delivered wrong data */
	CELL_ERROR,       /* a call failed (setup, pinning, the transport) */
	CELL_TIMEOUT,     /* the cell did not finish within its deadline */
	CELL_PEER_DIED,   /* a child died (signal or unexpected exit) */
	CELL_UNSUPPORTED, /* the transport cannot carry this size or mode */
	CELL_SKIPPED,     /* not run here, for a stated reason */
	CELL_INTERRUPTED, /* stopped by a signal to the harness */
	CELL_INSUFFICIENT, /* fewer timed samples than min_samples: no figure is reported */
	CELL_STATUS_COUNT
};

/* Quantiles of the latency spectrum kept for each cell (spectrum.csv). */
#define CELL_SPECTRUM_N 13
extern const double cell_spectrum_q[CELL_SPECTRUM_N];

/* Event counts per round trip (latency) or message (bandwidth) of each side. */
struct cell_counters {
	unsigned n;
	char name[CTR_MAX][CTR_NAME_LEN];
	int valid[2][CTR_MAX];
	double per_msg[2][CTR_MAX];
};

struct party_plan;   /* sys/partyplan.h */
struct party_result; /* cell/party.h */

struct cell_spec {
	const struct transport *t;
	uint64_t size;
	unsigned repeat; /* 1-based index of this repetition */
	const struct cell_settings *set;
	const struct clock_src *clk;
	uint64_t samples_cap; /* timed samples kept whole at most (more go to the log histogram);
			       * 0: the default, 4 Mi */
	const struct party_plan *plan; /* set->clients > 0: where each process runs (cell/party.h) */
	/* The caller's record of when a per-task perf event was last open (CLOCK_MONOTONIC_RAW
	 * ns, 0: never): the cell begins CTR_HOOKS_OFF_NS after it, and moves it on when its
	 * own counted phase opened one. NULL: not kept (the caller waits itself). */
	uint64_t *counters_closed_ns;
};

struct cell_result {
	enum cell_status status;
	char note[640];
	size_t wire_bytes;    /* header + payload of one message */
	unsigned fragments;   /* sends per message */
	int mem_node;         /* NUMA node the shared buffers are on; -1 none, -2 several */
	int has_stats;        /* st and msgs_per_s hold measured values */
	struct stats st;      /* round-trip times in ns */
	double msgs_per_s;    /* round trips per second of measured time (1e9 / mean; paced or
			       * idle: achieved_per_s) */
	double achieved_per_s; /* latency: timed messages per second of the timed phase's span */
	uint64_t late_msgs;   /* paced: timed messages whose due time passed before they could go */
	int pct_from_hist;    /* the percentiles come from the log histogram (stats/loghist.h) */
	uint64_t verified_full;
	double spectrum[CELL_SPECTRUM_N]; /* round trip at each cell_spectrum_q quantile */
	double *samples_ns;   /* when keep_samples: the round trips in order (caller frees) */
	/* Bandwidth mode, and the measured phase of each side ([TR_CLIENT], [TR_SERVER]). */
	unsigned window;      /* messages per acknowledgement; 0 in latency mode */
	double bandwidth_bps; /* payload bytes per second of measured time (has_stats) */
	/* The counted phase (cell/phase.h): messages counted per side; the figures are per message. */
	uint64_t counted_msgs[2];
	uint64_t counted_wall_ns[2];     /* how long each side counted ... */
	uint64_t counters_enabled_ns[2]; /* ... and the longest any of its events was enabled */
	int has_phase[2];
	double cpu_user_ns[2], cpu_sys_ns[2]; /* per round trip (latency) or message */
	double ctxsw_vol[2], ctxsw_invol[2], faults[2];
	struct cell_counters ctr;
	int counters_opened; /* some side opened a perf event (cell/counters.h: CTR_HOOKS_OFF_NS) */
	/* The cache-line floor probed on the cell's CPUs just before and after it (0: not
	 * measured), the p50 over their mean, and whether the two agree (CELL_FLOOR_TOL). */
	double floor_before_ns, floor_after_ns, p50_over_floor;
	int floor_stable; /* 1 yes, 0 no (the placement moved during the cell), -1 unknown */
	/* Bandwidth mode, filled by the run once the cells are done (run/bwfloor.h): the
	 * floor of the transport's path at this size on these CPUs, what it adds up, and the
	 * bandwidth over it. */
	int has_path_floor;
	double path_floor_bps, floor_ratio;
	char floor_path[160];
	/* Bandwidth mode: the path's costs at this size probed on the cell's CPUs just before
	 * and after it (floors/slopes.h), which the floor above is made of when has_cell_path;
	 * else it comes from the run's probe after the last cell. */
	int has_cell_path;
	struct slopes cell_path[2];
	/* ... and streamed between its windows too (cell/between.h): the median of those streams
	 * per message, and of the parts of the timed phase read against the streams at their
	 * ends (between_ratio; 0: not streamed, or fewer than two parts) */
	double between_floor_ns, between_ratio;
	unsigned between_parts;
	struct party_result *party; /* a party cell: each client's figures (cell/party.h) */
	double fairness;      /* a party cell: Jain's index over the parties' rates */
	/* fan-out: the one-way time to the first and to the last subscriber of each message,
	 * and the copies subscribers never got */
	double first_p50, first_p99, last_p50, last_p99;
	uint64_t dropped;
	/* party cells: the median over the parties of their open, and of their binding's
	 * stages (lookup, allocation, mapping) when they bind through a naming service */
	double open_ns, bind_ns[3];
	int has_bind;
};

/* The two floor probes of a cell agree when they differ by at most this share of the
 * smaller one; beyond it the host moved a CPU (or halted one) during the cell. */
#define CELL_FLOOR_TOL 0.25

const char *cell_status_name(enum cell_status s);
/* Runs the cell. Returns 0 (the outcome is in out->status), or -EINTR when a SIGINT,
 * SIGTERM or SIGHUP arrived: the cell is then CELL_INTERRUPTED and the caller should stop.
 * keep_samples: leave the raw samples in out->samples_ns. */
int cell_run(const struct cell_spec *spec, int keep_samples, struct cell_result *out);
void cell_result_free(struct cell_result *r);
/* Appends "; text" to the cell's note (also the run's, for what it adds after the cell). */
void cell_add_note(struct cell_result *out, const char *text);
/* Messages per acknowledgement: 1 in latency mode; else the configured window, capped by
 * the transport's window_limit and so that a window carries at most 16 MiB of payload
 * (msg_bytes each). Says why in note when capped. */
unsigned cell_window(const struct cell_spec *sp, size_t msg_bytes, char *note, size_t n);

#endif
