/* The measuring loops run by the two children of a cell. Latency mode: the client times
 * each round trip and stores one sample per round trip in a preallocated array; the
 * server echoes. Bandwidth mode (cell/stream.c): the client times windows of `window`
 * messages, each ended by the server's acknowledgement, one sample per window. Both sides
 * verify every message they receive (see cell/payload.h). Three stages: warm-up (not
 * recorded), timed (samples, and nothing but the clock observes it), counted (the same
 * traffic again with counters and getrusage on: cell/phase.h). Nothing here allocates, prints
 * or exits: the outcome goes into a side_result. */
#ifndef IPCBENCH_MEASURE_H
#define IPCBENCH_MEASURE_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "sys/clock.h"
#include "cell/counters.h"
#include "bench/transport.h"
#include "stats/loghist.h"
#include "floors/slopes.h"

struct ol_slot; /* cell/openloop.h */

enum side_status {
	SIDE_OK = 0,
	SIDE_FAIL,        /* a message failed verification */
	SIDE_ERROR,       /* the transport returned an error */
	SIDE_PEER_CLOSED, /* the transport reported end of file */
	SIDE_NOT_STARTED, /* the child did not get as far as measuring */
};

struct side_result {
	int status; /* enum side_status */
	int err;    /* negative errno for SIDE_ERROR */
	uint64_t nsamples, messages, verified_full; /* nsamples: the array's and the overflow's */
	/* Client, timed phase: from the first sample's reply to the last one's, and the
	 * paced messages whose due time had passed before the previous reply (cell/pace.h). */
	uint64_t timed_span_ticks, late;
	uint64_t grace_ticks; /* how far past its end the timed phase went for min_samples */
	unsigned inflight_max; /* open loop: most requests in flight at a send */
	uint64_t dropped; /* fan-out subscriber: messages it never got (a lossy mechanism) */
	/* Party cells: how long this party's open took (before the start, untimed), and its
	 * binding's stages when the transport binds through a naming service. */
	uint64_t open_ns, bind_ns[3];
	int has_bind;
	char reason[224];
	char note[128]; /* from the transport's describe(), if any */
	double floor_ns[2]; /* client: cache-line probe before and after (floors/probe.h); 0 none */
	/* The counted phase (cell/phase.h), after the timed one: from its first message to its last
	 * (server: to the stop message), getrusage(RUSAGE_SELF) and the event counters. */
	int phase_violation; /* the counted phase began before the timed phase ended (cell/phase.h) */
	int has_phase;
	uint64_t phase_msgs;       /* round trips (latency) or messages (bandwidth) in it */
	uint64_t phase_wall_ns;    /* how long it lasted (CLOCK_MONOTONIC_RAW) */
	uint64_t user_ns, sys_ns;  /* CPU time */
	uint64_t nvcsw, nivcsw;    /* voluntary and involuntary context switches */
	uint64_t faults;           /* page faults, minor and major */
	struct ctr_values ctr;
};

/* The cell's stage word (cell/phase.h): the client moves it on when its timed phase is over. */
enum { STAGE_TIMED = 0, STAGE_COUNTED = 1 };

enum { MEASURE_LATENCY = 0, MEASURE_BANDWIDTH = 1 };

struct measure_args {
	const struct transport *t;
	struct tr_chan *ch;
	enum tr_side side;
	const struct clock_src *clk;
	uint32_t size;       /* payload bytes */
	size_t wire;         /* header + payload */
	size_t frag;         /* bytes per send: wire unless the message is fragmented */
	uint64_t warmup_ticks, duration_ticks, max_samples;
	/* the timed phase goes on past its end until it has min_samples samples, for
	 * grace_ticks at most: a host that stalls a short cell still leaves a figure, with
	 * the stall inside it, rather than too few samples for one */
	uint64_t min_samples, grace_ticks;
	int verify_full;
	unsigned verify_every;
	int token;          /* TR_NOPAYLOAD: wire bytes of sequence token, no header */
	unsigned char *tx[2]; /* message seq is built in tx[seq & 1] (see bench/transport.) */
	unsigned char *rx;
	size_t rx_cap;       /* > wire: room to notice a message larger than expected */
	uint64_t *samples;   /* client only: max_samples entries, in clock ticks ... */
	struct loghist *overflow; /* ... and the samples past them (up to max_msgs) */
	uint64_t rate_per_s, idle_ns; /* latency mode: offered load (cell/pace.h) */
	/* loop = open (cell/openloop.h): most requests in flight, and the ring of their due
	 * times (open_window entries); 0: the closed loop. */
	unsigned open_window;
	struct ol_slot *open_ring;
	/* Bandwidth mode: the client sends `window` messages from ring[0..window-1], the
	 * server receives them into its own ring, then acknowledges; max_msgs ends it. */
	int mode;            /* MEASURE_* */
	unsigned window;
	unsigned char **ring;
	uint64_t max_msgs;
	/* the path floor streamed between windows (cell/between.h): NULL none; in place (0) or
	 * with two memcpy (1) */
	struct slopes_shared *between;
	int between_copy;
	/* Between messages, untimed (sys/cachectl.h): flush, walk a footprint, touch. */
	int cache_cold, use_clflushopt, touch;
	unsigned char *footprint;
	size_t footprint_len;
	_Atomic uint32_t *gate; /* NULL: the client does not wait for the server (cell/gate.h) */
	int same_cpu;
	const struct ctr_set *events; /* counted in the counted phase (cell/phase.h) */
	unsigned counted_pct;         /* counted phase: this share of the timed traffic; 0: none */
	_Atomic uint32_t *stage;      /* STAGE_*, shared by both sides */
	int zero_copy;      /* TR_ZERO_COPY: messages built and read in the transport */
	uint64_t inject_ticks; /* TEST ONLY (run/inject.h): busy wait before every send */
	/* Party cells (cell/party.h): the client's number in its messages' sequence numbers,
	 * and how many clients must end their timed phase before any counting begins. */
	uint64_t seq_base;
	unsigned parties;
};

/* Records timed sample number n (0-based): in the array while it has room, else in the
 * overflow histogram. Allocates nothing. */
static inline void measure_sample(const struct measure_args *a, uint64_t n, uint64_t ticks)
{
	if (n < a->max_samples)
		a->samples[n] = ticks;
	else
		loghist_add(a->overflow, ticks);
}

/* Both dispatch on a->mode. */
void measure_client(const struct measure_args *a, struct side_result *res);
void measure_server(const struct measure_args *a, struct side_result *res);
void stream_client(const struct measure_args *a, struct side_result *res);
void stream_server(const struct measure_args *a, struct side_result *res);
void openloop_client(const struct measure_args *a, struct side_result *res);

#endif
