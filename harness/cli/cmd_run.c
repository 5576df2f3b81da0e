/* `ipcbench run`: its own options here, and one option per configuration key taken from
 * the key table (config/keys.c), so that an option, its --help line and its config key
 * cannot drift apart. The command line is one more layer of the configuration. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "config/keys.h"
#include "run/inject.h"
#include "run/resume.h"
#include "run/run.h"

#define KEY_OPT 1000 /* getopt value of config key i: KEY_OPT + i */
#define MAX_OVERRIDES 64

static const struct cli_opt own_opts[] = {
	{ "config", required_argument, 'c', 'c', "FILE", "INI file: [global] plus one section per sweep" },
	{ "set", required_argument, 'S', 0, "KEY=VALUE", "any config key (the list below)" },
	{ "output", required_argument, 'o', 'o', "DIR", "write here instead of results/<UTC time>-<host>/" },
	{ "quiet", no_argument, 'q', 'q', NULL, "no floors, progress or table on the terminal" },
	{ "resume", required_argument, 'R', 0, "DIR", "finish an interrupted run: same configuration, "
	  "only the cells missing from DIR/results.csv are run" },
	{ "force", no_argument, 'F', 0, NULL, "-o DIR even when it holds an earlier run (its files "
	  "are replaced), is a symbolic link or is another user's" },
	{ "clock", required_argument, 'K', 0, "tsc|gettime", "the measuring clock: the TSC when it is "
	  "invariant (default), or clock_gettime" },
	{ "table", no_argument, 'T', 0, NULL, "at the end, every key (grouped by mode and CPU pair) "
	  "instead of the ranking" },
	{ "export-json", required_argument, 'j', 0, "FILE", "the ranking as JSON (each "
	  "group, each transport's median p50, ratio to the fastest, interval, p50 per "
	  "repetition)" },
	{ "export-markdown", required_argument, 'm', 0, "FILE", "the ranking as Markdown "
	  "tables" },
	{ "dry-run", no_argument, 'n', 0, NULL, "print the planned cells and the estimated "
	  "time, measure nothing" },
	{ "help", no_argument, 'h', 'h', NULL, "this text" },
};
#define NOWN (sizeof(own_opts) / sizeof(own_opts[0]))

const struct cli_opt *run_own_options(size_t *n)
{
	*n = NOWN;
	return own_opts;
}

struct override {
	const char *key, *value;
	char where[64];
};

/* run's getopt table: its own options, then the keys that have one. */
static void build_options(struct option *o, char *shorts)
{
	size_t n = 0;

	strcpy(shorts, "+:c:o:qh"); /* +: stop at a stray word, so that its neighbour is known */
	for (size_t i = 0; i < NOWN; i++)
		o[n++] = (struct option){ own_opts[i].name, own_opts[i].has_arg, 0, own_opts[i].val };
	/* TEST ONLY, and hidden from --help: run/inject.h */
	o[n++] = (struct option){ "inject-slowdown", required_argument, 0, 'J' };
	for (size_t i = 0; i < nconfig_keys; i++) {
		const struct key_def *k = &config_keys[i];

		if (!k->option)
			continue;
		o[n++] = (struct option){ k->option, k->optional ? optional_argument : required_argument,
					  0, KEY_OPT + (int)i };
		if (k->short_opt)
			sprintf(shorts + strlen(shorts), "%c:", k->short_opt);
	}
	o[n] = (struct option){ 0, 0, 0, 0 };
}

/* A short option of a key stands for its long one. */
static int key_of_short(int c)
{
	for (size_t i = 0; i < nconfig_keys; i++)
		if (config_keys[i].short_opt == c)
			return KEY_OPT + (int)i;
	return c;
}

void usage_run(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench run [-c FILE] [-t LIST] [-s LIST] [--cpus A,B] [--duration T]\n"
		"                    [--repeat R] [-o DIR] [OPTIONS]\n\n"
		"Runs every (transport, size) cell of every sweep, REPEAT times, each time with a\n"
		"fresh pair of processes pinned to the client and server CPUs. The client sends a\n"
		"SIZE-byte payload (plus a 16-byte header with sequence number, length and check),\n"
		"the server receives all of it and replies with as many bytes; one sample is one\n"
		"round trip (--mode bandwidth: the client streams windows of messages, each ended\n"
		"by one acknowledgement; one sample is one window). A cell is a warm-up (checked\n"
		"in full, not recorded), the timed phase (only the clock observes it), then a\n"
		"counted phase (the same traffic with counters and getrusage on). Just before and\n"
		"after, both sides probe the cache-line round trip on their CPUs: the floor the\n"
		"cell is read against (bandwidth: also its payload path's floor, which a\n"
		"shared-memory stream across CPUs probes between its windows too). A cell whose\n"
		"data arrives wrong is 'fail', with no time.\n\n"
		"Options (the command line overrides the config file):\n");
	for (size_t i = 0; i < NOWN; i++)
		cli_print_option(f, own_opts[i].short_opt, own_opts[i].name, own_opts[i].metavar,
				 own_opts[i].help);
	for (size_t i = 0; i < nconfig_keys; i++) {
		const struct key_def *k = &config_keys[i];
		char meta[48];

		if (!k->option)
			continue;
		snprintf(meta, sizeof(meta), k->optional ? "[=%s]" : "%s", k->metavar);
		cli_print_option(f, k->short_opt, k->option, meta, k->help);
	}
	fprintf(f, "\nConfig keys (in [global] or a sweep section, or --set KEY=VALUE):\n");
	config_print_keys(f, 0);
	fprintf(f,
		"\nOutput, in the run directory (results/latest points at the newest run):\n"
		"  results.csv  one row per cell and repetition (ipcbench help columns)\n"
		"  parties.csv  fan-in and fan-out cells: one row per client or subscriber\n"
		"  summary.csv  one row per transport and size: median over repetitions of p50\n"
		"               with a distribution-free confidence interval, median p99\n"
		"  spectrum.csv the latency at fixed quantiles of every cell\n"
		"  copies.csv   per transport: one-way time = a + b*bytes + c*switches (+ sends,\n"
		"               + faults) over the sizes; b against the copy it makes and the\n"
		"               transfer slope as copies with a 95%% interval, c against a\n"
		"               futex wake-up floor (latency mode; docs/copies.md)\n"
		"  capacity.csv per transport: messages and bytes a sender pushed before it\n"
		"               would block, nobody reading\n"
		"  meta.csv     machine, kernel, clock, floors, resolved configuration\n\n"
		"Examples:\n"
		"  ipcbench run -c configs/quick.conf\n"
		"  ipcbench run -t pipe,unix-stream -s 4K --repeat 10\n"
		"  ipcbench run -t pipe -s 1 --cpus 0,0 --duration 2s --repeat 5\n"
		"  ipcbench run -t pipe,udp -s 64 --rate hot,1k,10k,100k    (offered load)\n"
		"  ipcbench run -t posix-mq,shm-futex -s 64 --clients 1,2,4  (fan-in; docs/parties.md)\n"
		"  ipcbench run -t pipe,shm-spin -s 64 --subscribers 1,2,4   (fan-out)\n");
}

static int set_clock(struct run_config *cfg, const char *v)
{
	if (strcmp(v, "gettime") != 0 && strcmp(v, "tsc") != 0)
		return cli_error("run", "--clock '%s': expected tsc or gettime", v);
	cfg->force_gettime = strcmp(v, "gettime") == 0;
	return 0;
}

/* --set KEY=VALUE, or a key's own option, as one override. */
static int add_override(struct override *o, int c, char *arg)
{
	if (c == 'S') {
		char *eq = strchr(arg, '=');

		if (!eq)
			return cli_error("run", "--set '%s': expected KEY=VALUE", arg);
		*eq = 0;
		o->key = arg;
		o->value = eq + 1;
		snprintf(o->where, sizeof(o->where), "command line (--set %s)", arg);
		return 0;
	}
	const struct key_def *k = &config_keys[c - KEY_OPT];

	o->key = k->name;
	o->value = arg ? arg : k->optional;
	snprintf(o->where, sizeof(o->where), "command line (--%s)", k->option);
	return 0;
}

static int collect(int argc, char **argv, struct run_config *cfg, const char **file,
		   struct override *ov, size_t *nov)
{
	struct option opts[NOWN + 64];
	char shorts[64];
	int c, r;

	build_options(opts, shorts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, opts, NULL)) != -1) {
		c = key_of_short(c);
		switch (c) {
		case 'c': *file = optarg; continue;
		case 'o': free(cfg->outdir); cfg->outdir = strdup(optarg); continue;
		case 'q': cfg->quiet = 1; continue;
		case 'F': cfg->force = 1; continue;
		case 'R': free(cfg->resume_dir); cfg->resume_dir = strdup(optarg); continue;
		case 'J': free(cfg->inject); cfg->inject = strdup(optarg); continue;
		case 'T': cfg->full_table = 1; continue;
		case 'n': cfg->dry_run = 1; continue;
		case 'j': free(cfg->export_json); cfg->export_json = strdup(optarg); continue;
		case 'm': free(cfg->export_md); cfg->export_md = strdup(optarg); continue;
		case 'K': if ((r = set_clock(cfg, optarg)) != 0) return r; continue;
		case 'h': usage_run(stdout); return -1;
		case '?': case ':': return cli_bad_option("run", argv, opts);
		}
		if (*nov == MAX_OVERRIDES)
			return cli_error("run", "more than %d options", MAX_OVERRIDES);
		if ((r = add_override(&ov[*nov], c, optarg)) != 0)
			return r;
		++*nov;
	}
	if (optind < argc)
		return cli_stray_argument("run", argv, optind, opts);
	return 0;
}

/* The layers, lowest first: defaults, the resumed run's or the config file, options. */
static int configure(struct run_config *cfg, const char *file, const struct override *ov,
		     size_t nov, struct config_error *e)
{
	struct inject_spec inject;

	if (cfg->inject && inject_parse(cfg->inject, &inject, e->msg, sizeof(e->msg)) < 0)
		return -1;
	if (cfg->resume_dir && (file || nov || cfg->outdir || cfg->inject)) {
		snprintf(e->msg, sizeof(e->msg), "--resume takes the configuration and the output "
			 "directory from %s/meta.csv: give it alone (with -q at most)", cfg->resume_dir);
		return -1;
	}
	if (cfg->resume_dir && resume_load_config(cfg->resume_dir, cfg, e) < 0)
		return -1;
	if (cfg->resume_dir && inject_refuse_resume(cfg->resume_dir, e->msg, sizeof(e->msg)) < 0)
		return -1;
	if (file && config_load_file(cfg, file, e) < 0)
		return -1;
	for (size_t i = 0; i < nov; i++)
		if (config_override(cfg, ov[i].key, ov[i].value, ov[i].where, e) < 0)
			return -1;
	return config_finish(cfg, e) < 0 ? -1 : 0;
}

int cmd_run(int argc, char **argv)
{
	struct run_config cfg;
	struct config_error e = { "" };
	struct override ov[MAX_OVERRIDES];
	const char *file = NULL;
	size_t nov = 0;
	int r;

	if (config_init(&cfg, &e) < 0)
		return EXIT_USAGE;
	r = collect(argc, argv, &cfg, &file, ov, &nov);
	if (r == 0 && configure(&cfg, file, ov, nov, &e) < 0) {
		fprintf(stderr, "ipcbench: %s\n", e.msg);
		r = EXIT_USAGE;
	}
	if (r == 0)
		r = run_execute(&cfg);
	config_free(&cfg);
	return r < 0 ? 0 : r;
}
