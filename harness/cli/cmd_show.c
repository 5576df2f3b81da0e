/* `ipcbench show DIR`: the answer of a stored run again: the ranking of every group (or
 * two transports side by side, or every key with --table), and its exports. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "out/rank.h"
#include "out/terminal.h"
#include "run/plan.h"
#include "run/resume.h"
#include "sys/files.h"
#include "text/csvread.h"

struct show_opts {
	const char *dir, *only, *json, *md;
	int table;
	size_t top;
};

void usage_show(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench show DIR [--transports A,B] [--table] [--top N]\n"
		"                         [--export-json FILE] [--export-markdown FILE]\n\n"
		"Prints the answer of a stored run (a run directory, e.g. results/latest): for each\n"
		"mode, message size and placement, the transports ranked by p50 (the median of\n"
		"their repetitions' medians), each with its ratio to the fastest and a 95 %%\n"
		"bootstrap interval over the repetitions (the statistics of ipcbench compare),\n"
		"'not distinguishable' where the interval reaches 1, 'too few repetitions' where a\n"
		"side has fewer than %d. Cells that gave no figure are summarized by reason.\n\n"
		"Options:\n"
		"      --transports A,B    only these; with exactly two, one sentence per group:\n"
		"                          which ran how many times as fast, its interval and the\n"
		"                          exact Mann-Whitney p over the repetitions\n"
		"      --table             every key instead, grouped by mode and CPU pair\n"
		"      --top N             at most N transports per group (default: all)\n"
		"      --export-json FILE  the ranking as JSON\n"
		"      --export-markdown FILE  the ranking as Markdown tables\n\n"
		"Examples:\n"
		"  ipcbench show results/latest\n"
		"  ipcbench show results/latest --transports pipe,unix-stream\n",
		RANK_MIN_REPS);
}

static int parse(int argc, char **argv, struct show_opts *o)
{
	static const struct option opts[] = {
		{ "transports", required_argument, 0, 't' }, { "table", no_argument, 0, 'T' },
		{ "top", required_argument, 0, 'n' },        { "export-json", required_argument, 0, 'j' },
		{ "export-markdown", required_argument, 0, 'm' }, { "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (c == 't')
			o->only = optarg;
		else if (c == 'T')
			o->table = 1;
		else if (c == 'n')
			o->top = (size_t)strtoul(optarg, NULL, 10);
		else if (c == 'j')
			o->json = optarg;
		else if (c == 'm')
			o->md = optarg;
		else if (c == 'h') {
			usage_show(stdout);
			return -1;
		} else
			return cli_bad_option("show", argv, opts);
	}
	if (optind + 1 != argc)
		return optind == argc ? cli_error("show", "no run directory given")
				      : cli_stray_argument("show", argv, optind + 1, opts);
	o->dir = argv[optind];
	return 0;
}

/* Every key: the run rebuilt as resume does (its configuration, its topology, its rows). */
static int show_table(const struct show_opts *o)
{
	struct run_config cfg;
	struct config_error e;
	struct topology topo;
	struct row *rows = NULL;
	char path[4200], err[512];
	size_t n = 0, found = 0;
	int r = config_init(&cfg, &e);

	snprintf(path, sizeof(path), "%s/topology.xml", o->dir);
	if (r == 0 && (r = resume_load_config(o->dir, &cfg, &e)) < 0)
		fprintf(stderr, "ipcbench show: %s\n", e.msg);
	if (r == 0 && (r = config_finish(&cfg, &e)) == 0 &&
	    (r = topo_load(&topo, access(path, R_OK) == 0 ? path : NULL)) == 0) {
		r = plan_rows(&cfg, &topo, &rows, &n);
		if (r == 0 && (r = resume_mark_done(o->dir, rows, n, &found, err, sizeof(err))) < 0)
			fprintf(stderr, "ipcbench show: %s\n  --table rebuilds the rows of this "
				"version's own files only; without it, show ranks a run of any "
				"version\n", err);
		if (r == 0)
			terminal_table(stdout, rows, n);
		topo_free(&topo);
	}
	free(rows);
	config_free(&cfg);
	return r < 0 ? EXIT_USAGE : 0;
}

static int export(const struct rank *rk, const char *path, int json)
{
	struct sbuf b = { 0 };
	int r;

	if (json)
		rank_json(&b, rk);
	else
		rank_markdown(&b, rk);
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	if (r < 0)
		fprintf(stderr, "ipcbench show: writing %s: %s\n", path, strerror(-r));
	sbuf_free(&b);
	return r;
}

/* With exactly two transports: the pair sentence of every group that has both. */
static void pairs(const struct rank *rk, const char *only)
{
	char a[64], b[64];
	size_t w = strcspn(only, ",");

	if (!only[w] || strchr(only + w + 1, ',') || w >= sizeof(a))
		return;
	snprintf(a, sizeof(a), "%.*s", (int)w, only);
	snprintf(b, sizeof(b), "%s", only + w + 1);
	printf("\n");
	for (size_t i = 0; i < rk->ngroups; i++) {
		const struct rank_group *g = &rk->groups[i];
		const struct rank_item *x = NULL, *y = NULL;

		for (size_t j = 0; j < g->n; j++) {
			if (strcmp(g->items[j].transport, a) == 0)
				x = &g->items[j];
			if (strcmp(g->items[j].transport, b) == 0)
				y = &g->items[j];
		}
		if (x && y) /* the faster first */
			rank_print_pair(stdout, g, x->ok && y->ok && y->p50 < x->p50 ? y : x,
					x->ok && y->ok && y->p50 < x->p50 ? x : y);
	}
}

int cmd_show(int argc, char **argv)
{
	struct show_opts o = { 0 };
	struct csv_table t;
	struct rank rk;
	char path[4200], err[512];
	int r = parse(argc, argv, &o);

	if (r != 0)
		return r < 0 ? 0 : r;
	if (o.table)
		return show_table(&o);
	snprintf(path, sizeof(path), "%s/results.csv", o.dir);
	if (csv_read_file(path, &t, err, sizeof(err)) < 0)
		return cli_error("show", "%s", err);
	r = rank_from_csv(&rk, &t, o.only);
	if (r == 0) {
		rank_print(stdout, &rk, o.top, NULL);
		if (o.only)
			pairs(&rk, o.only);
		if (o.json && export(&rk, o.json, 1) < 0)
			r = -EIO;
		if (o.md && export(&rk, o.md, 0) < 0)
			r = -EIO;
		rank_free(&rk);
	}
	csv_table_free(&t);
	return r < 0 ? EXIT_SOME_FAILED : 0;
}
