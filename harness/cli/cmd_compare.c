/* `ipcbench compare`: the regression gate (compare/compare.h parses the options). */
#include "cli/cli.h"
#include "compare/compare.h"

void usage_compare(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench compare BASELINE CURRENT [--metric COL] [--threshold T]\n"
		"                        [--alpha A] [--junit FILE] [--markdown FILE] [--csv FILE]\n"
		"                        [--force] [--seed N] [--paired] [--allow-inconclusive]\n"
		"                        [--require-power]\n\n"
		"The CI regression gate on stored runs (for two builds measured in one job, see\n"
		"ipcbench ab). BASELINE and CURRENT are run directories, results.csv files, or\n"
		"directories of run directories. Rows are matched on their key: the settings of\n"
		"the row (transport, mode, size, placement, CPUs, mem_policy, cache, touch,\n"
		"footprint); measured outcomes (mem_node, wire_bytes, fragments, window) are not\n"
		"part of it, and a key whose sides differ in one is inconclusive. Only repetitions\n"
		"with status ok take part. How a key is tested depends on the sides:\n"
		"  one run each      exact two-sided Mann-Whitney U over the repetitions, and a\n"
		"                    bootstrap 95%% interval of the ratio of medians (%d resamples);\n"
		"                    between-run drift cannot be judged and the report says so\n"
		"  several runs      two-level bootstrap (runs, then repetitions within them): the\n"
		"                    interval includes run-to-run variance; t test on its error\n"
		"  --paired          runs matched by directory name (rounds): exact Wilcoxon signed-\n"
		"                    rank test of the per-round log ratios, Hodges-Lehmann interval\n"
		"A key REGRESSES when its p-value is significant after Holm correction over all\n"
		"keys AND the whole interval lies above 1 + T. It is INCONCLUSIVE when the interval\n"
		"reaches above 1 + T without lying wholly above it, when too few ok repetitions\n"
		"can reach alpha (3 vs 3 can never be significant at 0.05:\n"
		"the smallest two-sided p is 0.1), when it is missing or failed on a side, or when\n"
		"a measured condition differs. Improvements mirror regressions; for rates (*_per_s)\n"
		"the two swap. Every key gets its detectable change: the change its test finds\n"
		"with %.0f%% probability at alpha / keys, given the noise observed.\n\n"
		"Options:\n"
		"  --metric COL      the results.csv column compared (default p50_ns)\n"
		"  --threshold T     smallest change that matters: 5%% or 0.05 (default 5%%)\n"
		"  --alpha A         family-wise significance level (default 0.05)\n"
		"  --junit FILE      JUnit XML: one testcase per key, failure = regression,\n"
		"                    error = inconclusive\n"
		"  --markdown FILE   a Markdown summary table (pull-request comments)\n"
		"  --csv FILE        one line per key: verdict, reason, ratio, interval, p, ...\n"
		"  --force           compare even when meta.csv says the environments differ\n"
		"                    (cpu_model, kernel, cpu_governor)\n"
		"  --seed N          bootstrap seed (default %u); same seed, same intervals\n"
		"  --paired          pair the sides' runs by name (interleaved runs of two builds)\n"
		"  --allow-inconclusive  exit 0 instead of 3 when keys are only inconclusive\n"
		"  --require-power   a key whose detectable change exceeds T is inconclusive\n\n"
		"Warns about keys with fewer than %d ok repetitions on a side and failed\n"
		"repetitions.\n"
		"Exit codes: 0 nothing regressed and everything decided, 1 some key regressed,\n"
		"2 usage error (missing file, bad option, unknown metric, no key in common,\n"
		"differing environments without --force), 3 inconclusive: no key regressed but\n"
		"some key of the baseline could not be decided (0 with --allow-inconclusive).\n\n"
		"Examples:\n"
		"  for i in 1 2 3 4 5; do ipcbench run -c configs/ci.conf --repeat 4 -o base/$i; done\n"
		"  for i in 1 2 3 4 5; do ipcbench run -c configs/ci.conf --repeat 4 -o cur/$i; done\n"
		"  ipcbench compare base cur --junit report.xml --markdown summary.md\n",
		CMP_RESAMPLES, CMP_POWER * 100, CMP_DEFAULT_SEED, CMP_MIN_REPS);
}

int cmd_compare(int argc, char **argv)
{
	struct cmp_opts o;
	int r = compare_parse_args(argc, argv, &o);

	if (r < 0)
		usage_compare(stdout);
	if (r != 0)
		return r < 0 ? 0 : r;
	return compare_main(&o);
}
