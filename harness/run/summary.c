/* What a run says besides its CSV files: the plan of a dry run, the ranking at the end
 * (or every key), and the ranking exported as JSON and Markdown. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "out/rank.h"
#include "out/terminal.h"
#include "run/plan.h"
#include "run/progress.h"
#include "run/summary.h"
#include "sys/exitcode.h"
#include "sys/files.h"

/* --dry-run: the configuration resolved on this machine, planned and estimated. */
int run_dry(struct run_config *cfg)
{
	struct topology topo;
	struct row *rows = NULL;
	size_t n = 0;
	int r = topo_load(&topo, NULL);

	if (r < 0) {
		fprintf(stderr, "ipcbench: hwloc cannot read this machine's topology: %s\n",
			strerror(-r));
		return EXIT_SOME_FAILED;
	}
	r = plan_rows(cfg, &topo, &rows, &n);
	if (r == 0)
		progress_describe(stdout, rows, n);
	else
		fprintf(stderr, "ipcbench: planning the run: %s\n", strerror(-r));
	free(rows);
	topo_free(&topo);
	return r == 0 ? EXIT_ALL_OK : EXIT_SOME_FAILED;
}

/* --export-json, --export-markdown: the ranking in files other tools read. */
int run_export_ranking(const struct run_config *cfg, const struct row *rows, size_t n)
{
	const char *path[2] = { cfg->export_json, cfg->export_md };
	struct rank rk;
	int r = 0;

	if (!path[0] && !path[1])
		return 0;
	if (rank_from_rows(&rk, rows, n, NULL) < 0)
		return -ENOMEM;
	for (int k = 0; k < 2 && r == 0; k++) {
		struct sbuf b = { 0 };

		if (!path[k])
			continue;
		if (k == 0)
			rank_json(&b, &rk);
		else
			rank_markdown(&b, &rk);
		r = b.oom ? -ENOMEM : write_file_atomic(path[k], b.p, b.len);
		if (r < 0)
			fprintf(stderr, "ipcbench: writing %s: %s\n", path[k], strerror(-r));
		sbuf_free(&b);
	}
	rank_free(&rk);
	return r;
}

/* The answer first (the ranking), or every key with --table; then what was skipped. */
void run_tell_results(const struct run_config *cfg, const struct row *rows, size_t n,
		      const char *dir)
{
	struct rank rk;

	if (cfg->full_table)
		terminal_table(stdout, rows, n);
	else if (rank_from_rows(&rk, rows, n, NULL) == 0) {
		rank_print(stdout, &rk, RUN_TOP, dir);
		rank_free(&rk);
	}
	terminal_skipped(stdout, rows, n);
}
