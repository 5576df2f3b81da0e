/* How one cell is run: the settings a sweep gives every cell (config/ fills them in from
 * the defaults, the config file and the command line), and their names in CSV and text. */
#ifndef IPCBENCH_SETTINGS_H
#define IPCBENCH_SETTINGS_H
#include <stdint.h>

enum run_mode { MODE_LATENCY = 0, MODE_BANDWIDTH = 1 };
enum cache_state { CACHE_WARM = 0, CACHE_COLD = 1 };
/* A paced cell's loop (cell/pace.h, cell/openloop.c): one message in flight, or open. */
enum loop_kind { LOOP_CLOSED = 0, LOOP_OPEN = 1 };

#define CELL_EVENTS_LEN 512

struct cell_settings {
	int mode;               /* enum run_mode */
	uint64_t warmup_ns;     /* not recorded */
	uint64_t duration_ns;   /* timed phase ends after this ... */
	uint64_t iterations;    /* ... or after this many round trips, whichever is first */
	uint64_t timeout_ns;    /* whole cell; 0: derived from warm-up and duration */
	unsigned repeat;        /* fresh process pairs per (transport, size) */
	int verify_full;        /* check every payload byte of every message */
	unsigned verify_every;  /* else: full check of every Nth measured message */
	int fragment;           /* split messages above a transport's limit (else unsupported) */
	int client_cpu, server_cpu;
	int mem_policy, mem_node; /* NUMA placement of shared buffers (sys/memplace.h) */
	uint64_t preheat_ns;    /* each side spins this long after pinning, before the barrier */
	unsigned window;        /* bandwidth mode: messages per acknowledgement */
	int cache;              /* enum cache_state, between messages */
	int touch;              /* enum touch_mode (sys/cachectl.h): what a receiver does with a payload */
	uint64_t footprint;     /* bytes each side walks between messages */
	char events[CELL_EVENTS_LEN]; /* counters, comma-separated, or "none" */
	unsigned counted_pct;   /* counted phase after the timed one: this share of its traffic */
	unsigned min_samples;   /* fewer timed samples make the cell insufficient, not ok */
	uint64_t inject_ns;     /* TEST ONLY (run/inject.h): busy wait before every send; 0 in
				 * every normal run */
	/* Offered load, latency mode (cell/pace.h): messages per second on a schedule fixed in
	 * advance (0: closed loop, the hot loop), or a sleep after each reply (0: none). */
	uint64_t rate_per_s;
	uint64_t idle_ns;
	int loop;             /* enum loop_kind: with a rate, closed (the next message waits for
				 * the reply) or open (sent on schedule, replies taken apart) */
	/* Many parties (cell/party.h): clients of one server (0: the pair), or subscribers of
	 * one publisher, placed by spread (enum spread, sys/partyplan.h). */
	unsigned clients;
	int spread;
	unsigned subscribers; /* fan-out: subscribers of one publisher (0: none) */
};

/* Effective cell timeout in ns: the setting, or warm-up + duration + max(10 s, 2x that). */
uint64_t cell_timeout_ns(const struct cell_settings *s);
/* The words of each enum, indexed by it. */
extern const char *const cell_mode_names[];
extern const char *const cell_cache_names[];
extern const char *const cell_touch_names[];
extern const char *const cell_loop_names[];
const char *cell_mode_name(int mode);
const char *cell_cache_name(int cache);
const char *cell_touch_name(int touch);
const char *cell_loop_name(int loop);
/* 1 for the classic cell: one client, one server, a closed loop (no rate, idle, clients). */
int cell_is_classic(const struct cell_settings *s);
/* 1 when a and b offer the same load to the same parties: rate, idle, loop, clients and
 * subscribers (not how the parties were spread). */
int cell_same_load(const struct cell_settings *a, const struct cell_settings *b);
/* 1 when the cell runs the open loop (cell/openloop.h): loop = open, paced, latency mode. */
int cell_open_loop(const struct cell_settings *s);
/* The clients (fan-in) or subscribers (fan-out) of a party cell; 0 for the pair. */
unsigned cell_parties(const struct cell_settings *s);

#endif
