/* The run's configuration: what to measure (sweeps of transports x sizes) and how (cell
 * settings), resolved from defaults, the config file's [global] and sweep sections, and
 * the command line, in that order of precedence (the command line wins). */
#ifndef IPCBENCH_CONFIG_H
#define IPCBENCH_CONFIG_H
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "clock.h"
#include "topology.h"
#include "transport.h"

enum run_mode { MODE_LATENCY = 0, MODE_BANDWIDTH = 1 };
enum cache_state { CACHE_WARM = 0, CACHE_COLD = 1 };

#define CONFIG_EVENTS_LEN 512

struct cell_settings {
	int mode;               /* enum run_mode */
	uint64_t warmup_ns;     /* not recorded */
	uint64_t duration_ns;   /* measured phase ends after this ... */
	uint64_t iterations;    /* ... or after this many round trips, whichever is first */
	uint64_t timeout_ns;    /* whole cell; 0: derived from warm-up and duration */
	unsigned repeat;        /* fresh process pairs per (transport, size) */
	int verify_full;        /* check every payload byte of every message */
	unsigned verify_every;  /* else: full check of every Nth measured message */
	int fragment;           /* split messages above a transport's limit (else unsupported) */
	int client_cpu, server_cpu;
	int mem_policy, mem_node; /* NUMA placement of shared buffers (memplace.h) */
	uint64_t preheat_ns;    /* each side spins this long after pinning, before the barrier */
	unsigned window;        /* bandwidth mode: messages per acknowledgement */
	int cache;              /* enum cache_state, between messages */
	int touch;              /* enum touch_mode (cachectl.h): what a receiver does with a payload */
	uint64_t footprint;     /* bytes each side walks between messages */
	char events[CONFIG_EVENTS_LEN]; /* counters, comma-separated, or "none" */
	uint64_t inject_ns;     /* TEST ONLY (run/inject.h): busy wait before every send; 0 in
				 * every normal run */
};

struct sweep {
	char *name; /* config section, or "command-line" */
	const struct transport **t;
	size_t nt;
	uint64_t *sizes;
	size_t nsizes;
	struct cell_settings set;
	/* Where the two sides run: the placement classes to sweep (resolved on the machine's
	 * topology), or a core-pair matrix, or (neither) set.client_cpu and set.server_cpu. */
	int placements[PL_COUNT];
	size_t nplacements;
	char *matrix; /* "all", "per-core", "per-l3" or a CPU list */
};

struct run_config {
	char *config_path;  /* NULL without -c */
	struct sweep base;  /* [global]: what every sweep starts from */
	struct sweep *sweeps;
	size_t nsweeps;
	char *outdir;       /* -o DIR; NULL: results/<UTC time>-<host> */
	char *resume_dir;   /* --resume DIR: finish that run */
	char *inject;       /* TEST ONLY: --inject-slowdown TRANSPORT:NS,... (run/inject.h) */
	char *results_root; /* where run directories and `latest` go: "results" */
	int quiet;          /* no progress line, no table */
	int force_gettime;  /* clock_gettime instead of the TSC */
	struct clock_src clk;
};

/* Built-in defaults (also what `ipcbench run --help` prints). */
void config_default_settings(struct cell_settings *s);
/* Effective cell timeout in ns. */
uint64_t config_cell_timeout_ns(const struct cell_settings *s);
const char *config_mode_name(int mode);
const char *config_cache_name(int cache);
const char *config_touch_name(int touch);


/* Loading. Each returns 0 or a negative errno with a message naming the file (or the
 * command-line option), the line and the value in err. */
struct config_error {
	char msg[512];
};

/* Starts a configuration: defaults, no sweeps. */
int config_init(struct run_config *cfg, struct config_error *e);
/* Reads [global] and one sweep per other section from an INI file. */
int config_load_file(struct run_config *cfg, const char *path, struct config_error *e);
/* The same from INI text (a resolved configuration kept in meta.csv); name is used in
 * messages. */
int config_load_text(struct run_config *cfg, const char *name, const char *text,
		     struct config_error *e);
/* Applies one key as if written in every sweep (the command line); where names the option.
 * Without any sweep yet, creates the "command-line" sweep from [global]. */
int config_override(struct run_config *cfg, const char *key, const char *value,
		    const char *where, struct config_error *e);
/* Final checks once everything is applied: every sweep has transports and sizes. */
int config_finish(struct run_config *cfg, struct config_error *e);
void config_free(struct run_config *cfg);
/* The configuration as INI text, as it was resolved (for meta.csv and reproduction). */
char *config_to_text(const struct run_config *cfg);
/* Prints the keys with their meaning and default (for --help). */
void config_print_keys(FILE *f);
#endif
