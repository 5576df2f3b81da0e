/* `ipcbench ab`: the command line, its help text, and the run of one experiment; see
 * compare/ab.h. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/clock.h"
#include "cli/cli.h"
#include "compare/ab.h"
#include "compare/abplan.h"
#include "run/outdir.h"
#include "text/parse.h"
#include "run/run.h"

#define ERR(...) (fprintf(stderr, "ipcbench ab: " __VA_ARGS__), EXIT_USAGE)

void usage_ab(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench ab --a OLD_BINARY --b NEW_BINARY -c CONFIG [--rounds N] [--seed S]\n"
		"                   [-o DIR] [--set KEY=VALUE]... [--b-set KEY=VALUE]...\n"
		"                   [compare options]\n"
		"                   [--trials N] [--self-test TRANSPORT:PCT[,...]]\n\n"
		"The recommended CI gate: measures two builds of ipcbench (say the target branch's\n"
		"and the change's) alternately in one job and compares them pairwise. Each round\n"
		"runs every cell of CONFIG once with each build, as a fresh 'BINARY run --repeat 1'\n"
		"(its own processes, floors and run directory: DIR/a/round-NN, DIR/b/round-NN);\n"
		"rounds come in ABBA blocks (AB then BA, or BA then AB, by a coin seeded with S),\n"
		"recorded in DIR/order.csv. Drift of the machine (other load, vCPU placement,\n"
		"frequency) falls on both builds of a round alike, so the comparison uses the\n"
		"per-round ratios: the exact Wilcoxon signed-rank test on their logs (Holm over\n"
		"the keys) and the Hodges-Lehmann interval of the ratio. Every key also gets the\n"
		"smallest change it could have detected (%.0f%% power at alpha / keys). The\n"
		"comparison is written to DIR/compare.txt, .md, .xml (JUnit) and .csv.\n\n"
		"Options:\n"
		"  --a FILE, --b FILE   the two ipcbench binaries (a: baseline, b: the change)\n"
		"  -c, --config FILE    the sweep both run, e.g. configs/ci.conf (--repeat 1 is\n"
		"                       forced: the rounds are the repetitions)\n"
		"  --rounds N           rounds, even (default %d; 2 to %d); fewer than 6 can\n"
		"                       never be significant at 0.05 (the smallest p is 2 / 2^N)\n"
		"  --seed S             seed of the order and of the statistics (default %u)\n"
		"  -o, --output DIR     where everything goes (default results/ab/<UTC time>-<host>)\n"
		"  --set KEY=VALUE      a config key for every run of both builds (repeatable)\n"
		"  --b-set KEY=VALUE    a config key for build b's runs only (repeatable): one\n"
		"                       build under two settings, e.g. --a ./ipcbench --b\n"
		"                       ./ipcbench --b-set events=none (do counters change the\n"
		"                       figures? mk/bench-invariance.sh)\n"
		"  --metric, --threshold, --alpha, --junit, --markdown, --csv, --force,\n"
		"  --allow-inconclusive, --require-power   as for ipcbench compare\n\n"
		"Testing the gate itself (never part of a normal gate):\n"
		"  --trials N           run the whole experiment N times (DIR/trial-NN) and report\n"
		"                       how often each key was flagged; with a = b this is the\n"
		"                       false-alarm rate (A/A)\n"
		"  --self-test T:PCT    slow build b on purpose: every send of transport T waits\n"
		"                       PCT%% of T's round trip / 2 (two sends a round trip; the\n"
		"                       round trip is measured first in DIR/calibration), through the\n"
		"                       test-only 'run --inject-slowdown T:NS', which marks such runs\n"
		"                       in meta.csv and in every row's note. Reports how often the\n"
		"                       gate caught it (one trial unless --trials); e.g.\n"
		"                       --self-test pipe:10%%,unix-stream:10%% --trials 20\n\n"
		"Exit codes: 0 no regression, 1 a key regressed, 2 usage error or a build refused\n"
		"its options, 3 inconclusive (some key of the baseline could not be decided and\n"
		"none regressed; 0 with --allow-inconclusive). With --trials or --self-test: 0\n"
		"once every trial ran (the verdicts are in the summary and DIR/trials.csv).\n\n"
		"Examples:\n"
		"  git worktree add ../base origin/main && make -C ../base ipcbench && make ipcbench\n"
		"  ./ipcbench ab --a ../base/ipcbench --b ./ipcbench -c configs/ci.conf -o ab\n"
		"  ./ipcbench ab --a ./ipcbench --b ./ipcbench -c configs/ci.conf --trials 20\n",
		CMP_POWER * 100, AB_DEFAULT_ROUNDS, AB_MAX_ROUNDS, CMP_DEFAULT_SEED);
}

/* ab's own options; compare's (compare_options) follow them in the table getopt sees. */
static const struct option ab_own[] = {
	{ "a", required_argument, 0, 'A' },        { "b", required_argument, 0, 'B' },
	{ "config", required_argument, 0, 'c' },   { "rounds", required_argument, 0, 'r' },
	{ "seed", required_argument, 0, 's' },     { "output", required_argument, 0, 'o' },
	{ "set", required_argument, 0, 'S' },      { "trials", required_argument, 0, 'T' },
	{ "self-test", required_argument, 0, 'X' }, { "help", no_argument, 0, 'h' },
	{ "b-set", required_argument, 0, 'Y' },
	{ 0, 0, 0, 0 }
};

#define AB_MAX_OPTS 40

/* ab_own, then every compare option whose name ab does not have (paired: ab always is). */
static void all_options(struct option *all)
{
	const struct option *cmp = compare_options();
	size_t n = 0;

	for (const struct option *o = ab_own; o->name; o++)
		all[n++] = *o;
	for (const struct option *c = cmp; c->name && n < AB_MAX_OPTS - 1; c++) {
		int dup = strcmp(c->name, "paired") == 0;
		for (const struct option *o = ab_own; o->name; o++)
			dup |= strcmp(o->name, c->name) == 0;
		if (!dup)
			all[n++] = *c;
	}
	all[n] = (struct option){ 0, 0, 0, 0 };
}

/* --set or --b-set KEY=VALUE into list (n of them so far). */
static int add_set(const char *opt, const char *arg, const char **list, size_t *n)
{
	if (*n == AB_MAX_SET || !strchr(arg, '='))
		return ERR("--%s '%s': expected KEY=VALUE (at most %d)\n", opt, arg, AB_MAX_SET);
	list[(*n)++] = arg;
	return 0;
}

static int one_ab_option(int c, char *arg, struct ab_opts *o)
{
	uint64_t v;

	switch (c) {
	case 'A': o->bin[0] = arg; return 0;
	case 'B': o->bin[1] = arg; return 0;
	case 'c': o->config = arg; return 0;
	case 'o': o->outdir = arg; return 0;
	case 'X': o->self_test = arg; return 0;
	case 'S': return add_set("set", arg, o->set, &o->nset);
	case 'Y': return add_set("b-set", arg, o->set_b, &o->nset_b);
	case 'r':
		if (parse_u64(arg, 2, AB_MAX_ROUNDS, &v) < 0 || v % 2)
			return ERR("--rounds '%s': expected an even number from 2 to %d (ABBA blocks)\n",
				   arg, AB_MAX_ROUNDS);
		o->rounds = v;
		return 0;
	case 'T':
		if (parse_u64(arg, 1, 1000, &v) < 0)
			return ERR("--trials '%s': expected 1 to 1000\n", arg);
		o->trials = v;
		return 0;
	case 's':
		if (parse_u64(arg, 0, UINT64_MAX, &o->seed) < 0)
			return ERR("--seed '%s': expected an unsigned 64-bit integer\n", arg);
		o->cmp.seed = o->seed;
		return 0;
	default:
		return -2; /* not ab's own: a compare option */
	}
}

/* The compare options, parsed by compare's own parser from a rebuilt command line. */
static int parse_ab_args(int argc, char **argv, struct ab_opts *o)
{
	char *cargv[64] = { "compare" }, names[32][40];
	struct option ab_long[AB_MAX_OPTS];
	int cargc = 1, c, r;

	all_options(ab_long);
	memset(o, 0, sizeof(*o));
	o->rounds = AB_DEFAULT_ROUNDS;
	o->seed = CMP_DEFAULT_SEED;
	o->trials = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "c:o:h", ab_long, NULL)) != -1) {
		if (c == 'h')
			return -1;
		if (c == '?')
			return ERR("see 'ipcbench help ab'\n");
		if ((r = one_ab_option(c, optarg, o)) == -2 && cargc < 60) {
			const struct option *opt = ab_long;
			while (opt->val != c)
				opt++;
			snprintf(names[cargc % 32], sizeof(names[0]), "--%s", opt->name);
			cargv[cargc] = names[cargc % 32];
			cargc++;
			if (opt->has_arg)
				cargv[cargc++] = optarg;
		} else if (r != 0) {
			return r;
		}
	}
	if (optind < argc)
		return ERR("unexpected argument '%s' (see ipcbench help ab)\n", argv[optind]);
	cargv[cargc++] = "a", cargv[cargc++] = "b"; /* placeholders for BASELINE CURRENT */
	optind = 0;
	uint64_t seed = o->seed;
	r = compare_parse_args(cargc, cargv, &o->cmp);
	o->cmp.seed = seed;
	return r;
}

/* Both builds as absolute paths (order.csv says which ran), the config readable. */
static int check_inputs(struct ab_opts *o, char abs[2][PATH_MAX])
{
	if (!o->bin[0] || !o->bin[1] || !o->config)
		return ERR("--a, --b and -c are required (see ipcbench help ab)\n");
	for (int s = 0; s < 2; s++) {
		if (!realpath(o->bin[s], abs[s]) || access(abs[s], X_OK) < 0)
			return ERR("--%c '%s': %s\n", 'a' + s, o->bin[s],
				   errno ? strerror(errno) : "not executable");
		o->bin[s] = abs[s];
	}
	if (access(o->config, R_OK) < 0)
		return ERR("-c '%s': %s\n", o->config, strerror(errno));
	return 0;
}

/* DIR, made; refused when it already holds rounds (they would mix). */
static int make_outdir(struct ab_opts *o, char *dir, size_t n)
{
	char probe[PATH_MAX + 32];
	struct stat st;
	char why[1024];
	int r = outdir_make("results/ab", o->outdir, 0, dir, n, why, sizeof(why));

	if (r < 0)
		return ERR("cannot use %s: %s\n", o->outdir ? o->outdir : "results/ab", why);
	o->outdir = dir;
	snprintf(probe, sizeof(probe), "%s/a", dir);
	if (stat(probe, &st) == 0)
		return ERR("%s already holds rounds (%s): give a new -o DIR\n", dir, probe);
	snprintf(probe, sizeof(probe), "%s/trial-01", dir);
	if (stat(probe, &st) == 0)
		return ERR("%s already holds trials (%s): give a new -o DIR\n", dir, probe);
	return 0;
}

/* ab.csv's line of a list of KEY=VALUE settings, space-separated. */
static void put_sets(struct sbuf *b, const char *key, const char *const *list, size_t n)
{
	sbuf_printf(b, "\n%s,", key);
	for (size_t i = 0; i < n; i++)
		sbuf_printf(b, "%s%s", i ? " " : "", list[i]);
}

/* DIR/ab.csv: what was run, so that the experiment can be repeated. */
static void write_ab_meta(const struct ab_opts *o)
{
	struct sbuf b = { 0 };
	char path[PATH_MAX + 16], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sbuf_printf(&b, "key,value\na_binary,");
	sbuf_csv_field(&b, o->bin[0]);
	sbuf_printf(&b, "\nb_binary,");
	sbuf_csv_field(&b, o->bin[1]);
	sbuf_printf(&b, "\nconfig,");
	sbuf_csv_field(&b, o->config);
	sbuf_printf(&b, "\nrounds,%zu\nseed,%llu\ntrials,%zu\nself_test,", o->rounds,
		    (unsigned long long)o->seed, o->trials);
	sbuf_csv_field(&b, o->self_test ? o->self_test : "none");
	put_sets(&b, "set", o->set, o->nset);
	put_sets(&b, "b_set", o->set_b, o->nset_b);
	sbuf_printf(&b, "\nmetric,%s\nthreshold,%g\nalpha,%g\nstarted_utc,%s\n", o->cmp.metric,
		    o->cmp.threshold, o->cmp.alpha, stamp);
	snprintf(path, sizeof(path), "%s/ab.csv", o->outdir);
	if (!b.oom && write_file_atomic(path, b.p, b.len) < 0)
		fprintf(stderr, "ipcbench ab: warning: cannot write %s\n", path);
	sbuf_free(&b);
}

int cmd_ab(int argc, char **argv)
{
	struct ab_opts o;
	char abs[2][PATH_MAX], dir[PATH_MAX];
	struct ab_progress p = { .t0_ns = clock_mono_ns(), .tty = isatty(2), .what = "" };
	int r = parse_ab_args(argc, argv, &o);

	if (r < 0) {
		usage_ab(stdout);
		return 0;
	}
	if (r == 0)
		r = check_inputs(&o, abs);
	if (r == 0)
		r = make_outdir(&o, dir, sizeof(dir));
	if (r != 0)
		return r;
	write_ab_meta(&o);
	if (o.trials > 1 || o.self_test)
		return ab_trials(&o);
	p.total = o.rounds * 2;
	r = ab_run_rounds(&o, dir, NULL, &p);
	return r ? r : ab_compare(&o, dir, 0, NULL);
}
