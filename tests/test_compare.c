/* `ipcbench compare` end to end through the binary ($IPCBENCH), on the hand-written runs in
 * tests/fixtures/compare/ (7 repetitions a key unless the name says otherwise):
 *   base      pipe 64 B and 4 KiB, shm-spin 64 B
 *   same      the same distributions, other draws        -> no regression
 *   slow      every p50 x1.5, with noise                  -> regression
 *   otherenv  same's numbers, another CPU and kernel      -> refused unless --force
 *   few       3 repetitions a key                         -> warnings, inconclusive
 *   partial   failed repetitions, a key gone, a key new, an unsupported key
 *   extracol  a later key column (cache) in the middle of the header
 *   weird     a transport name full of XML and Markdown syntax, no meta.csv
 * and the four ways a key is inconclusive (exit 3), against base or themselves:
 *   allfail   same, with every shm-spin repetition failed
 *   node0/1   base and same with mem_node (a measured outcome): shm-spin 0, then 1
 *   two       same, 2 repetitions a key (quick.conf)
 *   wide      same's medians spread by +-25 % over the repetitions
 * and future: same with a column no schema knows (cpu_freq_mhz, another in every row).
 * and one comparison of two short real runs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sys/files.h"
#include "compare/compare.h"
#include "compare/abplan.h"
#include "leakcheck.h"

static char bin[4096], fix[4200], work[64];
static char out[1 << 16];

/* Runs "BIN compare args" in the fixture dir; stdout+stderr in out; returns the exit code. */
static int run_in(const char *dir, const char *args)
{
	char cmd[16384];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "cd %s && %s %s 2>&1", dir, bin, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int compare(const char *args)
{
	char a[8192];

	snprintf(a, sizeof(a), "compare %s", args);
	return run_in(fix, a);
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static char *slurp(const char *path)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* The file NAME (a path below the test's work directory). */
static char *work_file(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", work, name);
	return slurp(path);
}

#define HAS(s) do { if (!strstr(out, (s))) fail_msg("no '%s' in:\n%s", (s), out); } while (0)
#define HASNT(s) do { if (strstr(out, (s))) fail_msg("unexpected '%s' in:\n%s", (s), out); } while (0)

static void test_same_distribution_no_regression(void **state)
{
	(void)state;
	assert_int_equal(compare("base same"), 0);
	HAS("3 keys tested: 0 regressed, 0 improved");
	HAS("no regression");
	HASNT("REGRESSED");
}

static void test_slower_run_regresses(void **state)
{
	(void)state;
	assert_int_equal(compare("base slow"), 1);
	assert_int_equal(count(out, "REGRESSED"), 3);
	HAS("pipe 64B cross-cpu 0,1");
	HAS("1.503"); /* pipe 64 B: 15150 / 10080 */
	HAS("0.00058"); /* 7 vs 7, complete separation: 2 / C(14, 7) */
	HAS("\nREGRESSION\n");
	assert_int_equal(compare("slow base"), 0); /* the other way round: faster */
	assert_int_equal(count(out, "improved"), 4); /* 3 keys and the summary */
}

static void test_threshold_and_metrics(void **state)
{
	(void)state;
	assert_int_equal(compare("base slow --threshold 60%"), 0); /* x1.5 < x1.6 */
	assert_int_equal(count(out, "within threshold"), 3);
	assert_int_equal(compare("base/results.csv slow/results.csv --metric p99_ns"), 1);
	assert_int_equal(compare("base slow --metric msgs_per_s --threshold 0.1"), 1);
	HAS("0.66"); /* a rate: lower is the regression */
	HAS("below 0.909");
	assert_int_equal(count(out, "REGRESSED"), 3);
}

static void test_environment_differs(void **state)
{
	(void)state;
	assert_int_equal(compare("base otherenv"), 2);
	HAS("cpu_model: 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz' (baseline) vs 'AMD EPYC "
	    "7R13 Processor' (current)");
	HAS("kernel: 'Linux 6.1.0-18-amd64' (baseline) vs 'Linux 6.8.0-31-generic' (current)");
	HAS("--force");
	HASNT("cpu_governor:"); /* the same on both */
	assert_int_equal(compare("base otherenv --force"), 0);
	HAS("warning: comparing runs from different environments (--force)");
	HAS("no regression");
}

/* A small XML well-formedness check: balanced, properly nested tags, quoted attributes,
 * no stray '<', '&' only in entities; one root. */
static int entity_ok(const char *p)
{
	static const char *const ents[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" };

	for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]); i++)
		if (strncmp(p, ents[i], strlen(ents[i])) == 0)
			return 1;
	return p[1] == '#' && strspn(p + 2, "0123456789") > 0 &&
	       p[2 + strspn(p + 2, "0123456789")] == ';';
}

static const char *tag_end(const char *p) /* p at '<' of a start or empty tag */
{
	for (p++; *p && *p != '>'; p++) {
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '<' || (*p == '&' && !entity_ok(p)))
					return NULL;
			if (!*p)
				return NULL;
		} else if (*p == '<' || *p == '&') {
			return NULL;
		}
	}
	return *p ? p : NULL;
}

static void assert_well_formed_xml(const char *x)
{
	char stack[32][64];
	int depth = 0, roots = 0;
	const char *p = strstr(x, "?>");

	assert_true(strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 38) == 0);
	for (p += 2; *p; p++) {
		if (*p == '&') {
			assert_true(entity_ok(p));
			continue;
		}
		if (*p != '<')
			continue;
		size_t n = strcspn(p + 1 + (p[1] == '/'), " />\n");
		if (p[1] == '/') {
			assert_true(depth > 0);
			depth--;
			assert_true(strlen(stack[depth]) == n && strncmp(stack[depth], p + 2, n) == 0);
			p = strchr(p, '>');
			assert_non_null(p);
			continue;
		}
		const char *e = tag_end(p);
		assert_non_null(e);
		if (depth == 0)
			roots++;
		if (e[-1] != '/') {
			assert_true(depth < 32 && n < 64);
			snprintf(stack[depth++], 64, "%.*s", (int)n, p + 1);
		}
		p = e;
	}
	assert_int_equal(depth, 0);
	assert_int_equal(roots, 1);
}

/* Every table line has the header's number of unescaped '|'. */
static void assert_markdown_table(const char *md, int rows)
{
	int lines = 0;

	for (const char *l = md; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		int bars = 0;
		if (*l != '|')
			continue;
		for (const char *c = l; *c && *c != '\n'; c++)
			bars += *c == '|' && c[-1] != '\\';
		assert_int_equal(bars, 11);
		lines++;
	}
	assert_int_equal(lines, rows + 2);
}

/* write_file_atomic's temp files are PATH.tmpXXXXXX. */
static int temp_file_left(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		found |= strstr(e->d_name, ".tmp") != NULL;
	closedir(d);
	return found;
}

static void test_junit_and_markdown(void **state)
{
	char args[512], path[256];
	char *s;

	(void)state;
	snprintf(args, sizeof(args), "base slow --junit %s/r.xml --markdown %s/r.md", work, work);
	assert_int_equal(compare(args), 1);
	snprintf(path, sizeof(path), "%s/r.xml", work);
	s = slurp(path);
	assert_well_formed_xml(s);
	assert_int_equal(count(s, "<testcase "), 3);
	assert_int_equal(count(s, "<failure type=\"regression\""), 3);
	assert_non_null(strstr(s, "tests=\"3\" failures=\"3\""));
	assert_non_null(strstr(s, "p50_ns regressed by more than 5%: ratio 1.503 (95% CI"));
	assert_non_null(strstr(s, "p = 0.00058 (Holm 0.0017)"));
	snprintf(path, sizeof(path), "%s/r.md", work);
	s = slurp(path);
	assert_markdown_table(s, 3);
	assert_non_null(strstr(s, "### ipcbench: 3 of 3 keys regressed"));
	assert_int_equal(count(s, "**REGRESSED**"), 3);
	/* partial: the key gone is an error (inconclusive), the new one skipped */
	snprintf(args, sizeof(args), "base partial --junit %s/p.xml --markdown %s/p.md", work, work);
	assert_int_equal(compare(args), 3);
	snprintf(path, sizeof(path), "%s/p.xml", work);
	s = slurp(path);
	assert_well_formed_xml(s);
	assert_int_equal(count(s, "<testcase "), 4);
	assert_int_equal(count(s, "<skipped "), 1);
	assert_int_equal(count(s, "<error type=\"inconclusive\""), 1);
	assert_non_null(strstr(s, "errors=\"1\""));
	assert_int_equal(count(s, "<failure"), 0);
	snprintf(path, sizeof(path), "%s/p.md", work);
	assert_markdown_table(slurp(path), 4);
	assert_false(temp_file_left(work));
}

static void test_escaping(void **state)
{
	char args[512], path[256];
	char *s;

	(void)state;
	snprintf(args, sizeof(args), "weird weird/results.csv --junit %s/w.xml --markdown %s/w.md",
		 work, work);
	assert_int_equal(compare(args), 0);
	HAS("no meta.csv beside weird/results.csv");
	snprintf(path, sizeof(path), "%s/w.xml", work);
	s = slurp(path);
	assert_well_formed_xml(s);
	assert_non_null(strstr(s, "name=\"we&lt;ird&gt;&amp;&quot;q&apos;|*x 64B cross-cpu 0,1\""));
	snprintf(path, sizeof(path), "%s/w.md", work);
	s = slurp(path);
	assert_markdown_table(s, 1);
	assert_non_null(strstr(s, "| we&lt;ird&gt;&amp;\"q'\\|\\*x 64B cross-cpu 0,1 |"));
}

static void test_escaping_functions(void **state)
{
	struct sbuf b = { 0 };

	(void)state;
	sbuf_xml_text(&b, "a<b>&\"'\t\n\x01z");
	assert_string_equal(b.p, "a&lt;b&gt;&amp;&quot;&apos;&#9;&#10;?z");
	sbuf_free(&b);
	sbuf_md_cell(&b, "a|b\n<i>_x_*[l]`");
	assert_string_equal(b.p, "a\\|b &lt;i&gt;\\_x\\_\\*\\[l\\]\\`");
	sbuf_free(&b);
}

static void test_few_repetitions_warn(void **state)
{
	(void)state;
	assert_int_equal(compare("few few"), 3); /* no key could ever have been flagged */
	HAS("pipe 64B cross-cpu 0,1: 3 vs 3 ok repetitions (baseline vs current); use 5 or more");
	HAS("with 3 vs 3 repetitions the exact U test cannot reach alpha = 0.05: the smallest "
	    "two-sided p is 0.1");
	assert_int_equal(count(out, "cannot reach"), 1); /* said once per repetition counts */
	HAS("too few ok repetitions: 3 vs 3; the smallest p its test can give is 0.1, above "
	    "alpha 0.05");
	assert_int_equal(compare("few few --allow-inconclusive"), 0);
	HAS("INCONCLUSIVE (allowed by --allow-inconclusive)");
	assert_int_equal(compare("base few"), 3); /* 7 vs 3 can reach 0.05; a key is gone */
	HASNT("cannot reach");
	HAS("7 vs 3 ok repetitions");
	HAS("pipe 4KiB cross-cpu 0,1: not in the current run");
}

static void test_failed_and_one_sided_keys(void **state)
{
	(void)state;
	assert_int_equal(compare("base partial"), 3); /* a key of the baseline is gone */
	HAS("pipe 64B cross-cpu 0,1: 2 of 7 repetitions in the current run did not end ok (first: "
	    "fail: reply payload differs at byte 17 (sequence 1022))");
	HAS("7/5"); /* the 5 ok repetitions take part */
	HAS("pipe 4KiB cross-cpu 0,1: not in the current run");
	HAS("new in current");
	HAS("1 inconclusive; 1 only in the current run (not compared)");
	HAS("\nINCONCLUSIVE\n");
	HASNT("1MiB"); /* unsupported by design on the one side that has it: not a key */
}

static void test_key_columns(void **state)
{
	(void)state;
	assert_true(cmp_is_key_column("transport") && cmp_is_key_column("client_cpu"));
	assert_true(cmp_is_key_column("cache") && cmp_is_key_column("mem_policy"));
	assert_true(cmp_is_key_column("footprint_bytes") && cmp_is_key_column("touch"));
	assert_true(cmp_is_key_column("a_future_setting")); /* unknown: fail closed */
	/* measured outcomes are never part of a key (out/schema.h) */
	assert_false(cmp_is_key_column("mem_node") || cmp_is_key_column("wire_bytes"));
	assert_false(cmp_is_key_column("floor_stable") || cmp_is_key_column("counted_msgs_client"));
	assert_false(cmp_is_key_column("window") || cmp_is_key_column("fragments"));
	assert_false(cmp_is_key_column("repeat") || cmp_is_key_column("status"));
	assert_false(cmp_is_key_column("samples") || cmp_is_key_column("verified_full"));
	assert_false(cmp_is_key_column("note") || cmp_is_key_column("p50_ns"));
	assert_false(cmp_is_key_column("msgs_per_s") || cmp_is_key_column("cycles_per_msg_client"));
	assert_false(cmp_is_key_column("instructions_per_msg_server"));
	assert_int_equal(compare("extracol extracol"), 0);
	HAS("pipe 64B cross-cpu 0,1 cache=cold");
	HAS("pipe 64B cross-cpu 0,1   "); /* cache=warm is the default: left out */
	HASNT("cache=warm");
	HAS("2 keys tested");
	assert_true(cmp_is_metric_column("p99_ns") && cmp_is_metric_column("cycles_per_msg_client"));
	assert_false(cmp_is_metric_column("repeat") || cmp_is_metric_column("mem_node"));
	assert_int_equal(compare("base extracol"), 2);
	HAS("key column 'cache' is only in the current run");
	HAS("nothing to compare");
	/* a column the schema does not know splits keys (fail closed) and says so */
	assert_int_equal(compare("future future"), 3);
	HAS("warning: column 'cpu_freq_mhz' is not in the results.csv schema");
	HAS("cpu_freq_mhz=2002");
	HAS("too few ok repetitions (1 vs 1): their noise cannot be judged");
}

static void test_usage_errors(void **state)
{
	(void)state;
	assert_int_equal(compare("base no-such-run"), 2);
	HAS("current 'no-such-run': No such file or directory");
	assert_int_equal(compare("base slow --threshold 5x"), 2);
	HAS("--threshold '5x'");
	assert_int_equal(compare("base slow --threshold -1%"), 2);
	assert_int_equal(compare("base slow --threshold 5"), 2); /* 5%, or 500%? say which */
	HAS("fraction below 1 such as 0.05");
	assert_int_equal(compare("base slow --threshold 0.6"), 0); /* 60% */
	assert_int_equal(compare("base slow --threshold 150%"), 0);
	assert_int_equal(compare("base slow --alpha 1.5"), 2);
	HAS("--alpha '1.5'");
	assert_int_equal(compare("base slow --seed -3"), 2);
	HAS("--seed '-3'");
	assert_int_equal(compare("base slow --metric bogus_ns"), 2);
	HAS("--metric 'bogus_ns' is not a measurement column");
	HAS(" p50_ns p90_ns");
	assert_int_equal(compare("base slow --metric repeat"), 2);
	assert_int_equal(compare("base"), 2);
	HAS("expected BASELINE and CURRENT, got 1 argument");
	assert_int_equal(compare("base slow extra"), 2);
	assert_int_equal(compare("base slow --frobnicate"), 2);
	assert_int_equal(compare("base/meta.csv slow"), 2);
	HAS("not an ipcbench results.csv");
	assert_int_equal(compare("--help"), 0);
	HAS("Mann-Whitney");
	assert_int_equal(run_in(fix, "help compare"), 0);
	HAS("--junit FILE");
	HAS("the smallest two-sided p is 0.1");
}

/* work/DIR/NAME -> fixture run FIXTURE */
static void link_run(const char *dir, const char *name, const char *fixture)
{
	char target[4400], link[256];

	snprintf(link, sizeof(link), "%s/%s", work, dir);
	mkdir(link, 0755);
	snprintf(target, sizeof(target), "%s/%s", fix, fixture);
	snprintf(link, sizeof(link), "%s/%s/%s", work, dir, name);
	assert_int_equal(symlink(target, link), 0);
}

/* A directory of run directories pools their repetitions (interleaved runs). */
static void test_pooled_runs(void **state)
{
	char args[512];

	(void)state;
	link_run("pool", "1", "base");
	link_run("pool", "2", "same");
	link_run("mixed", "1", "base");
	link_run("mixed", "2", "extracol");
	snprintf(args, sizeof(args), "%s/pool slow", work);
	assert_int_equal(compare(args), 1);
	HAS("pool/*/results.csv, 2 runs");
	HAS("14/7");
	assert_int_equal(count(out, "REGRESSED"), 3);
	snprintf(args, sizeof(args), "%s/mixed slow", work);
	assert_int_equal(compare(args), 2);
	HAS("mixed/2/results.csv: its columns differ from the first run's");
	snprintf(args, sizeof(args), "%s/empty", work);
	assert_int_equal(mkdir(args, 0755), 0);
	snprintf(args, sizeof(args), "%s/empty slow", work);
	assert_int_equal(compare(args), 2);
	HAS("no results.csv in it or in the directories directly below it");
}

static void test_seed_reproducible(void **state)
{
	static char first[1 << 16];

	(void)state;
	assert_int_equal(compare("base same --seed 7"), 0);
	memcpy(first, out, sizeof(out));
	assert_int_equal(compare("base same --seed 7"), 0);
	assert_string_equal(first, out);
	HAS("seed 7)");
}

/* The four ways of the issue in which a key cannot be decided: each ends inconclusive,
 * exit 3, with its reason on the terminal, in Markdown and in JUnit. */
static void test_inconclusive_cases(void **state)
{
	static const struct { const char *sides, *key, *why, *tail; } cases[] = {
		{ "base allfail", "shm-spin 64B cross-cpu 0,1", "no ok repetition in the current "
		  "run: 7 did not end ok (first: fail: reply payload differs at byte 3",
		  "7 did not end ok" },
		{ "node0 node1", "shm-spin 64B cross-cpu 0,1", "mem_node 0 (baseline) vs 1 "
		  "(current): the sides did not measure the same thing", "(baseline) vs 1 (current)" },
		{ "two two", "pipe 64B cross-cpu 0,1", "too few ok repetitions: 2 vs 2; the smallest "
		  "p its test can give is 0.333, above alpha 0.05", "can give is 0.333" },
		{ "base wide", "pipe 64B cross-cpu 0,1", "reaches above 1.050: a change beyond the "
		  "threshold is neither shown nor ruled out", "is neither shown nor ruled out" },
	};
	char args[512], line[512];
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(args, sizeof(args), "%s --junit %s/i.xml --markdown %s/i.md", cases[i].sides,
			 work, work);
		assert_int_equal(compare(args), CMP_EXIT_INCONCLUSIVE);
		snprintf(line, sizeof(line), "  %s: ", cases[i].key);
		HAS(line);
		HAS(cases[i].why);
		HAS("\nINCONCLUSIVE\n");
		HASNT("REGRESSED");
		s = work_file("i.md");
		assert_non_null(strstr(s, "### ipcbench: INCONCLUSIVE"));
		assert_non_null(strstr(s, "**inconclusive**: "));
		assert_non_null(strstr(s, cases[i].tail));
		s = work_file("i.xml");
		assert_well_formed_xml(s);
		assert_non_null(strstr(s, "<error type=\"inconclusive\" message=\"inconclusive: "));
		assert_non_null(strstr(s, cases[i].tail));
	}
	/* the measured outcome no longer splits the key: both sides' 7 repetitions meet */
	assert_int_equal(compare("node0 node1"), 3);
	HAS("shm-spin 64B cross-cpu 0,1   7/7");
	HASNT("mem_node=");
	assert_int_equal(compare("base allfail --allow-inconclusive"), 0);
	assert_int_equal(compare("base same --threshold 3% --require-power"), 3);
	HAS("--require-power: the smallest change it could detect is 3.4%, more than the "
	    "threshold 3%");
	assert_int_equal(compare("base same --require-power"), 0);
}

/* Every comparison says what it could have seen, per key and overall. */
static void test_detectable_change(void **state)
{
	char args[512];
	char *s;

	(void)state;
	snprintf(args, sizeof(args), "base same --junit %s/d.xml --markdown %s/d.md --csv %s/d.csv",
		 work, work, work);
	assert_int_equal(compare(args), 0);
	HAS("detect");
	HAS("this comparison could see a 3.4% change in every tested key (the least sensitive: "
	    "pipe 4KiB cross-cpu 0,1)");
	HAS("at alpha/3 = 0.0167");
	HAS("between-run drift cannot be judged");
	s = work_file("d.md");
	assert_non_null(strstr(s, "Detectable change (95% power at alpha/3 = 0.0167): 3.4% in the "
				  "least sensitive key"));
	assert_non_null(strstr(s, "between-run drift cannot be judged"));
	s = work_file("d.xml");
	assert_non_null(strstr(s, "<property name=\"detectable_change\" value=\"3.4%\"/>"));
	assert_non_null(strstr(s, "detectable change 3.4%"));
	s = work_file("d.csv");
	assert_non_null(strstr(s, "key,transport,verdict,reason,n_baseline"));
	assert_non_null(strstr(s, "\"pipe 4KiB cross-cpu 0,1\",pipe,no change,,7,7,1,1,14230.0,"));
	assert_int_equal(compare("few few"), 3); /* 3 vs 3: nothing is detectable */
	HAS("could not detect any change at all");
	HAS("WARNING: 2 of 2 keys could not see a 5% change (the threshold)");
}

/* Sides of several runs: the two-level design, and what it says about one-run sides.
 * two-a is test_pooled_runs' pool (base, same); two-b the same runs the other way. */
static void test_runs_and_pairs(void **state)
{
	char args[512];

	(void)state;
	snprintf(args, sizeof(args), "%s/pool", work);
	snprintf(args + 256, 256, "%s/two-a", work);
	assert_int_equal(symlink(args, args + 256), 0);
	link_run("two-b", "1", "same");
	link_run("two-b", "2", "base");
	snprintf(args, sizeof(args), "%s/two-a %s/two-b", work, work);
	assert_int_equal(compare(args), 0);
	HAS("two-level bootstrap over 2 baseline and 2 current runs: the interval includes "
	    "run-to-run variance");
	snprintf(args, sizeof(args), "%s/two-a slow", work);
	assert_int_equal(compare(args), 1);
	HAS("the current side is one run: its drift cannot be judged (not widened)");
	snprintf(args, sizeof(args), "%s/two-a %s/two-b --paired", work, work);
	assert_int_equal(compare(args), 3); /* 2 rounds: the smallest p is 0.5 */
	HAS("paired: 2 rounds (runs matched by name)");
	HAS("too few rounds: 2, 2 of them informative");
	snprintf(args, sizeof(args), "%s/two-a same --paired", work);
	assert_int_equal(compare(args), 2);
	HAS("--paired: same/results.csv is not a directory of runs");
}

/* The two builds of `ab`: copies of the binary under test. */
static void copy_binary(const char *name)
{
	char cmd[8400];

	snprintf(cmd, sizeof(cmd), "cp %s %s/%s", bin, work, name);
	assert_int_equal(system(cmd), 0);
}

static void write_tiny_config(void)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tiny.conf", work);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "[global]\nsizes = 64\nwarmup = 5ms\niterations = 100\nduration = 2s\nrepeat = 3\n\n"
		   "[cross]\ntransports = pipe, shm-spin\ncpus = auto\n");
	fclose(f);
}

/* ab end to end on tiny cells, two copies of one build: both sides' rounds, the order
 * (balanced ABBA blocks, from the seed), the paired comparison and its reports. */
static void test_ab_end_to_end(void **state)
{
	char first[6], path[256], want[64];
	char *s;
	int rc, a_first = 0;

	(void)state;
	copy_binary("build-a");
	copy_binary("build-b");
	write_tiny_config();
	rc = run_in(work, "ab --a build-a --b build-b -c tiny.conf --rounds 6 --seed 5 -o ab1 "
		    "--csv ab1.csv");
	if (rc != 0 && rc != 3) /* A/A: never a regression; 6 rounds may stay undecided */
		fail_msg("ab exited %d:\n%s", rc, out);
	HAS("paired: 6 rounds (runs matched by name)");
	HAS("ipcbench ab: round 6 of 6");
	HAS(rc ? "\nINCONCLUSIVE\n" : "\nno regression\n");
	assert_int_equal(ab_order(6, 5, first), 0);
	s = work_file("ab1/order.csv");
	for (size_t i = 0; i < 6; i++) { /* the order.csv lines, in the seed's order */
		snprintf(want, sizeof(want), "\n%zu,%c,", i + 1, first[i]);
		assert_non_null(strstr(s, want));
		a_first += first[i] == 'a';
	}
	assert_int_equal(a_first, 3);
	assert_int_equal(count(s, ",0\n"), 12); /* every run exited 0 */
	for (int side = 0; side < 2; side++) {
		snprintf(path, sizeof(path), "%s/ab1/%c/round-06/results.csv", work, 'a' + side);
		assert_int_equal(access(path, R_OK), 0);
		snprintf(path, sizeof(path), "%s/ab1/%c/round-01/results.csv", work, 'a' + side);
		assert_int_equal(count(slurp(path), "\npipe,"), 1); /* --repeat 1 forced */
	}
	assert_well_formed_xml(work_file("ab1/compare.xml"));
	assert_non_null(strstr(work_file("ab1.csv"), "pipe 64B"));
	assert_int_equal(run_in(work, "ab --a build-a --b build-b -c tiny.conf -o ab1"), 2);
	HAS("already holds rounds");
	assert_int_equal(run_in(work, "ab --a build-a --b build-b -c tiny.conf --rounds 5"), 2);
	HAS("--rounds '5': expected an even number");
	assert_int_equal(run_in(work, "ab --a build-a -c tiny.conf"), 2);
	assert_int_equal(run_in(work, "ab --a build-a --b build-b -c tiny.conf --rounds 2 "
				      "--set bogus=1 -o ab2"), 2);
	HAS("refused its options");
	/* --b-set: one build under two settings, the key in side b's runs only */
	rc = run_in(work, "ab --a build-a --b build-a -c tiny.conf --rounds 2 --b-set events=none "
		    "-o ab3");
	if (rc != 0 && rc != 3)
		fail_msg("ab --b-set exited %d:\n%s", rc, out);
	assert_non_null(strstr(work_file("ab3/b/round-01/meta.csv"), "events = none"));
	assert_non_null(strstr(work_file("ab3/b/round-02/meta.csv"), "events = none"));
	assert_null(strstr(work_file("ab3/a/round-01/meta.csv"), "events = none"));
	assert_non_null(strstr(work_file("ab3/ab.csv"), "\nb_set,events=none\n"));
	assert_int_equal(run_in(work, "ab --a build-a --b build-a -c tiny.conf --b-set events"), 2);
	HAS("--b-set 'events': expected KEY=VALUE");
	assert_int_equal(run_in(work, "help ab"), 0);
	HAS("ABBA blocks");
}

/* The test-only slowdown: calibrated, in side b only, marked in meta.csv and every row,
 * never resumable; and the self-test's report of how often the gate caught it. */
static void test_ab_self_test(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(run_in(work, "ab --a build-a --b build-b -c tiny.conf --rounds 6 -o st "
				      "--self-test pipe:50%"), 0);
	HAS("self-test: pipe p50 ");
	HAS("(50% of the round trip)");
	HAS("trial 1 of 1: exit ");
	HAS("Over 1 trial: ");
	HAS("REGRESSED on a key not slowed is a false alarm");
	assert_non_null(strstr(work_file("st/trial-01/b/round-03/meta.csv"),
			       "inject_slowdown,pipe:"));
	assert_non_null(strstr(work_file("st/trial-01/a/round-03/meta.csv"),
			       "inject_slowdown,none"));
	s = work_file("st/trial-01/b/round-03/results.csv");
	assert_int_equal(count(s, "TEST ONLY: --inject-slowdown pipe:"), 2); /* every row */
	assert_int_equal(count(s, "(this row slowed)"), 1);
	assert_non_null(strstr(work_file("st/trial-01/compare.txt"),
			       "NOTE: the current side ran with the test-only "
					     "--inject-slowdown pipe:"));
	s = work_file("st/trials.csv");
	assert_non_null(strstr(s, "trial,exit_code,key,transport,injected_pct,verdict"));
	assert_int_equal(count(s, "\n1,"), 2); /* one line per key */
	assert_int_equal(run_in(work, "run --resume st/trial-01/b/round-01"), 2);
	HAS("was a test-only run (--inject-slowdown pipe:");
	assert_int_equal(run_in(work, "run -t pipe -s 64 -q -o x --inject-slowdown pipe:0"), 2);
	HAS("'0' is not a time from 1 ns to 10 ms");
	assert_int_equal(run_in(work, "run -t pipe -s 64 -q -o x --inject-slowdown nope:5"), 2);
	HAS("unknown transport 'nope'");
	assert_int_equal(run_in(work, "ab --a build-a --b build-b -c tiny.conf --self-test pipe"),
			 2);
	HAS("expected TRANSPORT:PCT");
}

/* The same paths in this process, so that ASan and UBSan see the loading, grouping,
 * analysis and report code (the binary under test is not instrumented); LeakSanitizer
 * checks at exit that every path frees what it allocates. */
static int in_process(const char *base, const char *cur, int reports)
{
	char b[4400], c[4400], j[256], m[256];
	struct cmp_opts o = { .metric = "p50_ns", .threshold = 0.05, .alpha = 0.05,
			      .seed = CMP_DEFAULT_SEED };

	snprintf(b, sizeof(b), "%s/%s", base[0] == '/' ? "" : fix, base);
	snprintf(c, sizeof(c), "%s/%s", cur[0] == '/' ? "" : fix, cur);
	snprintf(j, sizeof(j), "%s/in.xml", work);
	snprintf(m, sizeof(m), "%s/in.md", work);
	o.base = b;
	o.cur = c;
	o.junit = reports ? j : NULL;
	o.markdown = reports ? m : NULL;
	fflush(stdout);
	return compare_main(&o);
}

static void test_in_process(void **state)
{
	char pool[128];

	(void)state;
	assert_int_equal(in_process("base", "slow", 1), 1);
	assert_int_equal(in_process("base", "same", 1), 0);
	assert_int_equal(in_process("base", "partial", 1), 3);
	assert_int_equal(in_process("extracol", "extracol", 1), 0);
	assert_int_equal(in_process("weird", "weird/results.csv", 1), 0);
	assert_int_equal(in_process("few", "few", 0), 3);
	assert_int_equal(in_process("base", "allfail", 1), 3);
	assert_int_equal(in_process("node0", "node1", 1), 3);
	assert_int_equal(in_process("two", "two", 1), 3);
	assert_int_equal(in_process("base", "wide", 1), 3);
	assert_int_equal(in_process("base", "otherenv", 0), 2);
	assert_int_equal(in_process("base", "extracol", 0), 2);
	assert_int_equal(in_process("base", "missing", 0), 2);
	assert_int_equal(in_process("base/meta.csv", "slow", 0), 2);
	snprintf(pool, sizeof(pool), "%s/pool", work); /* made by test_pooled_runs */
	assert_int_equal(in_process(pool, "slow", 0), 1);
	snprintf(pool, sizeof(pool), "%s/mixed", work);
	assert_int_equal(in_process(pool, "slow", 0), 2);
}

static struct leak_snapshot before;

static int setup(void **state)
{
	char dir[4096];

	(void)state;
	if (testenv_binary(bin) < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", bin);
	snprintf(fix, sizeof(fix), "%s/tests/fixtures/compare", dirname(dir));
	if (access(fix, R_OK) < 0) {
		fprintf(stderr, "no fixtures at %s\n", fix);
		return -1;
	}
	if (leak_private_tmpdir(work, sizeof(work)) < 0)
		return -1;
	leak_snapshot_take(&before);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	leak_snapshot_free(&before);
	return testenv_remove_dir(work);
}

static void test_no_ipc_objects_left(void **state)
{
	(void)state;
	leak_assert_none(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_distribution_no_regression),
		cmocka_unit_test(test_slower_run_regresses),
		cmocka_unit_test(test_threshold_and_metrics),
		cmocka_unit_test(test_environment_differs),
		cmocka_unit_test(test_junit_and_markdown),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_escaping_functions),
		cmocka_unit_test(test_few_repetitions_warn),
		cmocka_unit_test(test_failed_and_one_sided_keys),
		cmocka_unit_test(test_key_columns),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_pooled_runs),
		cmocka_unit_test(test_seed_reproducible),
		cmocka_unit_test(test_inconclusive_cases),
		cmocka_unit_test(test_detectable_change),
		cmocka_unit_test(test_runs_and_pairs),
		cmocka_unit_test(test_in_process),
		cmocka_unit_test(test_ab_end_to_end),
		cmocka_unit_test(test_ab_self_test),
		cmocka_unit_test(test_no_ipc_objects_left),
	};

	return cmocka_run_group_tests_name("compare", tests, setup, teardown);
}
