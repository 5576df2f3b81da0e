/* The run's configuration: what to measure (sweeps of transports x sizes) and how (cell
 * settings), resolved from defaults, the config file's [global] and sweep sections, and
 * the command line, in that order of precedence (the command line wins). */
#ifndef IPCBENCH_CONFIG_H
#define IPCBENCH_CONFIG_H
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "sys/clock.h"
#include "sys/partyplan.h"
#include "sys/topology.h"
#include "bench/transport.h"

#include "cell/settings.h"

/* A list of whole numbers a sweep runs every cell at (rates, client counts, ...). */
struct u64_list {
	uint64_t *v;
	size_t n;
};

struct sweep {
	char *name; /* config section, or "command-line" */
	const struct transport **t;
	size_t nt;
	uint64_t *sizes;
	size_t nsizes;
	struct u64_list rates; /* offered loads, messages/s (0: the hot loop); each one a cell */
	struct u64_list clients; /* fan-in: clients of one server (none: the pair); each a cell */
	struct u64_list subscribers; /* fan-out: subscribers of one publisher; each a cell */
	int spreads[SPREAD_COUNT]; /* fan-in, fan-out: how the parties are placed (sys/partyplan.h) */
	size_t nspreads;
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
	int full_table;     /* --table: every key at the end instead of the ranking */
	char *export_json;  /* --export-json FILE: the ranking as JSON */
	char *export_md;    /* --export-markdown FILE: the ranking as Markdown */
	int dry_run;        /* --dry-run: the plan and its estimate, nothing measured */
	int force_gettime;  /* clock_gettime instead of the TSC */
	int force;          /* --force: -o may be a link, another user's or an earlier run's */
	struct clock_src clk;
};

/* Built-in defaults (also what `ipcbench run --help` prints). */
void config_default_settings(struct cell_settings *s);
/* One cell run outside a sweep (lrpc, crosscheck): the defaults with this timing and these
 * CPUs, and iterations enough that the duration ends the cell. */
void config_cell_settings(struct cell_settings *s, uint64_t warmup_ns, uint64_t duration_ns,
			  unsigned repeat, int client_cpu, int server_cpu);


/* Loading. Each returns 0 or a negative errno with a message naming the file (or the
 * command-line option), the line and the value in err. */
struct config_error {
	char msg[2048]; /* a file's errors, up to CONFIG_MAX_ERRORS, one a line */
};
#define CONFIG_MAX_ERRORS 8

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
#endif
