/* `ipcbench compare`: the regression gate (compare/compare.h parses the options). */
#include "cli/cli.h"
#include "compare/compare.h"

void usage_compare(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench compare BASELINE CURRENT [--metric COL] [--threshold T]\n"
		"                        [--alpha A] [--junit FILE] [--markdown FILE] [--force]\n"
		"                        [--seed N]\n\n"
		"The CI regression gate. BASELINE and CURRENT are run directories, results.csv\n"
		"files, or directories of run directories, whose repetitions are pooled (for\n"
		"interleaved runs of the two builds). Rows are matched on their key: every\n"
		"column that is not a measurement (*_ns, *_per_s, *_per_msg_client,\n"
		"*_per_msg_server) nor repeat, samples, verified_full, status or note:\n"
		"transport, mode, size, placement, CPUs, ...\n"
		"Only repetitions with status ok take part. For every key, the exact two-sided\n"
		"Mann-Whitney U test compares the repetitions of the two runs (ties: the exact\n"
		"permutation distribution of the midrank sum), and a bootstrap gives a 95%%\n"
		"interval for the ratio of medians, current / baseline (%d resamples, seeded).\n"
		"A key REGRESSES when its p-value is significant after Holm correction over all\n"
		"keys AND the whole interval lies above 1 + T; it IMPROVES when significant AND\n"
		"the whole interval lies below 1 / (1 + T). For rates (*_per_s) the two swap.\n\n"
		"Options:\n"
		"  --metric COL      the results.csv column compared (default p50_ns)\n"
		"  --threshold T     smallest change that matters: 5%% or 0.05 (default 5%%)\n"
		"  --alpha A         family-wise significance level (default 0.05)\n"
		"  --junit FILE      write JUnit XML: one testcase per key, failure = regression\n"
		"  --markdown FILE   write a Markdown summary table (pull-request comments)\n"
		"  --force           compare even when meta.csv says the environments differ\n"
		"                    (cpu_model, kernel, cpu_governor)\n"
		"  --seed N          bootstrap seed (default %u); same seed, same intervals\n\n"
		"Warns about keys with fewer than %d ok repetitions on a side (3 vs 3 can never\n"
		"be significant at 0.05: the smallest two-sided p is 0.1), failed repetitions\n"
		"and keys present in only one run.\n"
		"Exit codes: 0 nothing regressed, 1 some key regressed, 2 usage error (missing\n"
		"file, bad option, unknown metric, differing environments without --force).\n\n"
		"Examples:\n"
		"  ipcbench run -c configs/ci.conf -o base        # once, on the CI machine\n"
		"  ipcbench run -c configs/ci.conf -o current\n"
		"  ipcbench compare base current --junit report.xml --markdown summary.md\n\n"
		"  for i in 1 2 3 4 5 6 7 8 9 10; do              # interleaved: robust to drift\n"
		"    ../base/ipcbench run -c configs/ci.conf --repeat 1 -q -o ab/base/$i\n"
		"    ./ipcbench run -c configs/ci.conf --repeat 1 -q -o ab/current/$i\n"
		"  done\n"
		"  ipcbench compare ab/base ab/current\n",
		CMP_RESAMPLES, CMP_DEFAULT_SEED, CMP_MIN_REPS);
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
