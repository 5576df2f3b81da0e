/* ipcbench plot end to end on the fixture runs in tests/fixtures/ (full: every CSV a run
 * can have; minimal: a run without the optional files; small real runs of the shapes
 * that once failed: one size, one repetition, unsupported sizes, skipped placements,
 * core-pair matrices), written to a private temp directory: every figure is a valid PNG
 * and SVG, gnuplot says nothing, plots without data are listed and not drawn, report.html
 * is well formed and links only to files that exist; plus the comparison of runs, the
 * exit codes, and the helpers behind them. */
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
#include "bench/transport.h"
#include "plot/family.h"
#include "plot/gnuplot.h"
#include "plot/html.h"
#include "htmlcheck.h"
#include "out/runquery.h"
#include "leakcheck.h"

static char bin[4096], work[64], fixtures[4200], scripts[4200];
static char out[1 << 16];

/* Runs "ENV BIN ARGS" in the work dir; stdout and stderr in out; returns the exit code. */
static int ipcbench(const char *env, const char *fmt, ...)
{
	char args[4096], cmd[12288];
	va_list ap;
	FILE *p;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd %s && %s %s %s 2>&1", work, env, bin, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* The whole file, NUL-terminated (caller frees); fails the test when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void assert_png(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t n;
	char *p = slurp(path, &n);

	if (n <= 1000 || memcmp(p, sig, 8) != 0)
		fail_msg("%s: not a PNG of more than 1000 bytes (%zu bytes)", path, n);
	free(p);
}

static void assert_svg(const char *path)
{
	char *p = slurp(path, NULL);

	if ((strncmp(p, "<?xml", 5) != 0 && strncmp(p, "<svg", 4) != 0) || !strstr(p, "</svg>"))
		fail_msg("%s: not an SVG document", path);
	free(p);
}

/* Checks every .png and .svg of dir; returns the number of figures, each of which must
 * have both. Counts those whose name starts with prefix in *match. */
static int check_plots(const char *dir, const char *prefix, int *match)
{
	char path[8192];
	struct dirent *e;
	int png = 0, svg = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	*match = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		int is_png = n > 4 && strcmp(e->d_name + n - 4, ".png") == 0;

		if (n < 5 || (!is_png && strcmp(e->d_name + n - 4, ".svg") != 0))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (is_png)
			assert_png(path), png++;
		else
			assert_svg(path), svg++;
		*match += is_png && strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	}
	closedir(d);
	assert_int_equal(png, svg);
	return png;
}

static int figures_of(const char *dir, const char *prefix)
{
	int match;

	check_plots(dir, prefix, &match);
	return match;
}

/* report.html of dir: well formed, self-contained, every linked file there and not empty. */
static char *check_report(const char *dir)
{
	static char links[512][512];
	char path[8192], err[256];
	struct stat st;
	char *html;
	size_t n;

	snprintf(path, sizeof(path), "%s/report.html", dir);
	html = slurp(path, NULL);
	if (html_check(html, err, sizeof(err)) < 0)
		fail_msg("%s: %s", path, err);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "http://"));
	assert_null(strstr(html, "https://"));
	n = html_links(html, links, 512);
	assert_true(n <= 512);
	for (size_t i = 0; i < n; i++) {
		if (links[i][0] == '#')
			continue;
		snprintf(path, sizeof(path), "%s/%.511s", dir, links[i]);
		if (stat(path, &st) < 0 || st.st_size == 0)
			fail_msg("report.html of %s links to %s, which is not there", dir, links[i]);
	}
	return html; /* caller frees */
}

static void test_full_run_draws_every_kind(void **state)
{
	static const char *const kinds[] = { "latency-", "spectrum-", "placement-", "bandwidth-",
					     "counters-", "heatmap", "copies", "lrpc-", "load-",
					     "fanin-", "fairness-", "fanout-" };
	char dir[256];
	char *html;

	(void)state;
	assert_int_equal(ipcbench("", "plot %s/full -o full", fixtures), 0);
	assert_non_null(strstr(out, "0 plots without data, 0 failed"));
	assert_null(strstr(out, "arning")); /* nothing of gnuplot's came through */
	snprintf(dir, sizeof(dir), "%s/full/plots", work);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (figures_of(dir, kinds[i]) < 1)
			fail_msg("no %s figure", kinds[i]);
	assert_int_equal(figures_of(dir, "latency-"), 2); /* cross-cpu and same-cpu */
	assert_int_equal(figures_of(dir, "spectrum-"), 4); /* smallest and largest size each */
	snprintf(dir, sizeof(dir), "%s/full", work);
	html = check_report(dir);
	assert_null(strstr(html, "No data for this plot"));
	assert_non_null(strstr(html, "bench_a")); /* meta.csv table */
	assert_non_null(strstr(html, "&lt;no reply&gt;")); /* summary table, escaped */
	free(html);
}

static void test_minimal_run_skips_what_it_lacks(void **state)
{
	static const char *const absent[] = { "matrix.csv", "copies.csv", "lrpc.csv",
					      "bandwidth_bytes_per_s", "counter columns",
					      "two or more placements" };
	char dir[256];
	char *html;

	(void)state;
	assert_int_equal(ipcbench("", "plot %s/minimal -o minimal", fixtures), 0);
	snprintf(dir, sizeof(dir), "%s/minimal/plots", work);
	assert_int_equal(figures_of(dir, "heatmap"), 0);
	assert_int_equal(figures_of(dir, "copies"), 0);
	assert_int_equal(figures_of(dir, "lrpc"), 0);
	assert_int_equal(figures_of(dir, "latency-cross-cpu"), 1);
	snprintf(dir, sizeof(dir), "%s/minimal", work);
	html = check_report(dir);
	for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
		if (!strstr(html, absent[i]))
			fail_msg("report.html does not say that %s is missing", absent[i]);
	assert_non_null(strstr(html, "No data for this plot"));
	free(html);
}

static void test_compare_two_runs(void **state)
{
	char dir[256];
	char *html;

	(void)state;
	assert_int_equal(ipcbench("", "plot %s/full %s/minimal -o cmp", fixtures, fixtures), 0);
	snprintf(dir, sizeof(dir), "%s/cmp/plots", work);
	assert_int_equal(figures_of(dir, "compare-"), 3); /* the three transports, cross-cpu */
	assert_int_equal(figures_of(dir, "latency-"), 0);
	snprintf(dir, sizeof(dir), "%s/cmp", work);
	html = check_report(dir);
	assert_non_null(strstr(html, "bench_a"));
	assert_non_null(strstr(html, "bench-b"));
	assert_non_null(strstr(html, "same-cpu: only in run 1"));
	free(html);
}

/* Plots fixture run NAME into NAME/ of the work dir: exit 0, no figure failed, nothing of
 * gnuplot's came through, every figure a valid PNG and SVG, report.html well formed.
 * Returns the report (caller frees). plot_clean_from: the same for run directory src
 * (relative to the work dir, or absolute) into name/. */
static char *plot_clean_from(const char *src, const char *name)
{
	char dir[256];

	if (ipcbench("", "plot %s -o %s", src, name) != 0 ||
	    !strstr(out, " 0 failed") || strstr(out, "arning"))
		fail_msg("plot %s:\n%s", name, out);
	snprintf(dir, sizeof(dir), "%s/%s/plots", work, name);
	figures_of(dir, "");
	snprintf(dir, sizeof(dir), "%s/%s", work, name);
	return check_report(dir);
}

static char *plot_clean(const char *name)
{
	char src[4400];

	snprintf(src, sizeof(src), "%s/%s", fixtures, name);
	return plot_clean_from(src, name);
}

static int figures_in(const char *name, const char *prefix)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%s/plots", work, name);
	return figures_of(dir, prefix);
}

/* Small real runs of today's ipcbench (tests/fixtures/README.md): each draws what it has.
 * gnuplot evaluates the clause of an empty `for` in a plot command and warns that it
 * found no point, so one repetition (no thin lines in the spectrum), one size (bands of a
 * single point), notification-only transports (unsupported sizes), skipped placements
 * (NA CPUs) and core-pair matrices of several sizes must all come out clean. */
static void test_small_runs_render(void **state)
{
	char *html;

	(void)state;
	html = plot_clean("one-size"); /* -t cacheline,pipe -s 1 --repeat 1 */
	assert_int_equal(figures_in("one-size", "latency-same-l3"), 1);
	assert_int_equal(figures_in("one-size", "spectrum-same-l3-1"), 1);
	assert_int_equal(figures_in("one-size", "spectrum-"), 1); /* smallest = largest */
	assert_non_null(strstr(html, "No data for this plot"));
	free(html);

	html = plot_clean("unsupported"); /* cacheline and signal have no 64 B rows */
	assert_int_equal(figures_in("unsupported", "latency-same-l3"), 1);
	assert_int_equal(figures_in("unsupported", "spectrum-same-l3-1"), 1);
	assert_int_equal(figures_in("unsupported", "spectrum-same-l3-64"), 1);
	assert_non_null(strstr(html, "unsupported"));
	free(html);

	html = plot_clean("skipped"); /* --placement all on 2 CPUs: five classes skipped */
	assert_int_equal(figures_in("skipped", "latency-"), 2);
	assert_int_equal(figures_in("skipped", "latency-same-cpu"), 1);
	assert_int_equal(figures_in("skipped", "latency-same-l3"), 1);
	assert_int_equal(figures_in("skipped", "latency-smt"), 0);
	assert_int_equal(figures_in("skipped", "placement-"), 2); /* pipe, shm-spin */
	assert_int_equal(figures_in("skipped", "spectrum-"), 2);
	assert_non_null(strstr(html, "skipped"));
	free(html);

	html = plot_clean("repeats"); /* -t pipe -s 1,64,4K --repeat 3 */
	assert_int_equal(figures_in("repeats", "latency-"), 1);
	assert_int_equal(figures_in("repeats", "spectrum-"), 2);
	free(html);

	html = plot_clean("matrix"); /* -t cacheline -s 8 --matrix: 2x2 pairs */
	assert_int_equal(figures_in("matrix", "heatmap"), 1);
	assert_int_equal(figures_in("matrix", "heatmap-cacheline"), 1);
	/* a --matrix run draws its line figures for one pair per placement, not per pair */
	assert_int_equal(figures_in("matrix", "latency-"), 2);
	assert_int_equal(figures_in("matrix", "spectrum-"), 2);
	free(html);

	/* -t cacheline,pipe -s 8,64 --matrix: a map per size for pipe, cacheline only at 8 B */
	html = plot_clean("matrix-sizes");
	assert_int_equal(figures_in("matrix-sizes", "heatmap"), 3);
	assert_int_equal(figures_in("matrix-sizes", "heatmap-cacheline"), 1);
	assert_int_equal(figures_in("matrix-sizes", "heatmap-pipe-8"), 1);
	assert_int_equal(figures_in("matrix-sizes", "heatmap-pipe-64"), 1);
	free(html);
}

/* Where in s the text what first is; fails the test when it is not there. */
static const char *must_find(const char *s, const char *what)
{
	const char *p = strstr(s, what);

	if (!p)
		fail_msg("not found: %s", what);
	return p;
}

static size_t occurrences(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* A figure's SVG (caller frees). */
static char *svg_of(const char *name, const char *fig)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/plots/%s.svg", work, name, fig);
	return slurp(path, NULL);
}

/* A real run of ten transports (tests/fixtures/ranked): one latency figure per family
 * across CPUs, one figure for the two on one CPU; report.html leads with the ranking,
 * the floors and the warnings, with the counters' real reason, and folds the tables. */
static void test_ranked_report(void **state)
{
	static const char *const fams[] = { "syscall", "sockets", "shm", "notify", "lrpc" };
	const char *findings, *floors, *warnings, *figure, *tables;
	char name[64];
	char *html;

	(void)state;
	html = plot_clean("ranked");
	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		snprintf(name, sizeof(name), "latency-same-l3-%s", fams[i]);
		assert_int_equal(figures_in("ranked", name), 1);
		snprintf(name, sizeof(name), "counters-same-l3-%s", fams[i]);
		assert_int_equal(figures_in("ranked", name), 1);
	}
	assert_int_equal(figures_in("ranked", "latency-"), 6); /* five families, and same-cpu */
	assert_int_equal(figures_in("ranked", "latency-same-cpu"), 1);
	must_find(html, "<nav class=\"toc\">");
	findings = must_find(html, "<h2 id=\"findings\">");
	floors = must_find(html, "<h2 id=\"floors\">");
	warnings = must_find(html, "<h2 id=\"warnings\">");
	figure = must_find(html, "<figure");
	tables = must_find(html, "<h2 id=\"tables\">");
	assert_true(findings < floors && floors < warnings && warnings < figure && figure < tables);
	assert_true(occurrences(html, "<table class=\"rank\">") >= 7); /* one per group */
	must_find(findings, "<td class=\"name\">cacheline</td>");
	must_find(findings, "No figure, unsupported: cacheline, eventfd");
	/* counters NA with meta.csv's reason, never "no positive value" */
	must_find(warnings, "counters not counted:</b> cycles, instructions");
	must_find(warnings, "(ENOENT)");
	must_find(html, "cycles, instructions, cache_references, cache_misses, branch_misses: "
			"not counted by this CPU or kernel (ENOENT)");
	assert_null(strstr(html, "no positive value"));
	must_find(warnings, "virtual machine");
	/* the tables below, folded; a note shared by many rows is one footnote */
	must_find(tables, "<details id=\"run\">");
	must_find(tables, "<details id=\"summary\">");
	assert_int_equal(occurrences(html, "events NA: cycles, instructions"), 1);
	assert_true(occurrences(tables, "href=\"#note-") > 20);
	must_find(tables, "Not shown, NA in every row: cycles_per_msg_client");
	free(html);
}

/* What the figures draw: a p50 whose p99 is NA, spectra to the percentiles the samples
 * resolve, counts without SI prefixes and CPU times in ns. */
static void test_figure_contents(void **state)
{
	char cmd[16384];
	char *svg;

	(void)state;
	/* only cells of 50 round trips: no p99 anywhere, every p50 still drawn */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/nop99 && cp %s/ranked/meta.csv %s/nop99/ && "
		 "grep -E '^transport,|^(pipe|shm-spin),latency,1,.*,same-cpu,' "
		 "%s/ranked/summary.csv > %s/nop99/summary.csv", work, fixtures, work, fixtures, work);
	assert_int_equal(system(cmd), 0);
	free(plot_clean_from("nop99", "nop99-plots"));
	assert_int_equal(figures_in("nop99-plots", "latency-same-cpu"), 1);
	svg = svg_of("nop99-plots", "latency-same-cpu");
	must_find(svg, "<text>pipe</text>");
	must_find(svg, "<text>shm-spin</text>");
	free(svg);

	/* 50 samples resolve up to p95: the axis stops at 90, not at 99.999 */
	svg = svg_of("ranked", "spectrum-same-cpu-1");
	must_find(svg, "<text>90</text>");
	assert_null(strstr(svg, "<text>99</text>"));
	assert_null(strstr(svg, "<text>99.99</text>"));
	free(svg);
	svg = svg_of("ranked", "spectrum-same-l3-1-syscall");
	must_find(svg, "<text>99</text>");
	free(svg);

	svg = svg_of("ranked", "counters-same-l3-syscall");
	must_find(svg, "<text>kernel CPU time (ns)</text>");
	must_find(svg, "<text>voluntary context switches (count)</text>");
	assert_null(strstr(svg, "CPU time (count)"));
	assert_null(strstr(svg, "m</text>")); /* 1m, 10m, 100m: SI milli on counts */
	must_find(svg, "<text>client (solid)</text>");
	free(svg);

	svg = svg_of("ranked", "bandwidth-same-l3");
	must_find(svg, "log scale)</text>");
	must_find(svg, "<text>memcpy, one thread</text>");
	free(svg);
}

/* The core-pair map scales its colours by the pairs of two CPUs and writes the same-CPU
 * diagonal's values in. */
static void test_heatmap_scale(void **state)
{
	char *svg;

	(void)state;
	free(plot_clean("matrix"));
	svg = svg_of("matrix", "heatmap-cacheline");
	must_find(svg, "6.84 µs"); /* the diagonal, 6840 ns, written in */
	must_find(svg, "3.71 µs");
	must_find(svg, "grey: client and server on the same CPU");
	must_find(svg, "pairs of two CPUs");
	assert_null(strstr(svg, "<text> 6000</text>")); /* the scale is not the diagonal's */
	free(svg);
}

/* Every transport of the registry says its family (a forgotten .family is TF_OTHER, drawn
 * under "other"). */
static void test_families(void **state)
{
	(void)state;
	for (size_t i = 0; i < ntransports; i++)
		if (family_of(transports[i]->name) == FF_OTHER)
			fail_msg("transport %s has no .family (bench/transport.h)", transports[i]->name);
	assert_int_equal(family_of("no-such-transport"), FF_OTHER);
	assert_int_equal(family_of("pipe"), FF_SYSCALL);
	assert_int_equal(family_of("lrpc-spin-safe"), FF_LRPC);
}

static void test_compare_small_runs(void **state)
{
	char dir[256];
	char *html;

	(void)state;
	if (ipcbench("", "plot %s/skipped %s/repeats -o smallcmp", fixtures, fixtures) != 0 ||
	    !strstr(out, " 0 failed") || strstr(out, "arning"))
		fail_msg("plot skipped repeats:\n%s", out);
	assert_int_equal(figures_in("smallcmp", "compare-"), 1);
	assert_int_equal(figures_in("smallcmp", "compare-pipe-same-l3"), 1);
	snprintf(dir, sizeof(dir), "%s/smallcmp", work);
	html = check_report(dir);
	assert_non_null(strstr(html, "shm-spin, same-l3: only in run 1"));
	free(html);
}

/* Optional parts of a figure that a run may lack: memcpy floors (their calibration
 * failed), and core-pair maps of one or two cells. */
static void test_optional_parts_absent(void **state)
{
	static const char *const rows[] = {
		"transport,mode,size_bytes,client_cpu,server_cpu,placement,repeats,repeats_ok,"
		"p50_ns,p99_ns,min_ns,status\\n",
		"cacheline,latency,8,0,0,same-cpu,1,1,6840.1,11557.1,3014.5,ok\\n",
		"cacheline,latency,8,0,1,same-l3,1,1,90.1,110.2,60.1,ok\\n" };
	char cmd[16384], name[16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "cp -r %s/full %s/nomemcpy && grep -v floor_memcpy "
		 "%s/full/meta.csv > %s/nomemcpy/meta.csv", fixtures, work, fixtures, work);
	assert_int_equal(system(cmd), 0);
	if (ipcbench("", "plot nomemcpy") != 0 || !strstr(out, " 0 failed"))
		fail_msg("plot nomemcpy:\n%s", out);
	assert_int_equal(figures_in("nomemcpy", "bandwidth-"), 1);
	for (int n = 1; n <= 2; n++) {
		snprintf(cmd, sizeof(cmd), "cp -r %s/one-size %s/cells%d && printf '%s%s%s' > "
			 "%s/cells%d/matrix.csv", fixtures, work, n, rows[0], rows[1],
			 n == 2 ? rows[2] : "", work, n);
		assert_int_equal(system(cmd), 0);
		if (ipcbench("", "plot cells%d", n) != 0 || !strstr(out, " 0 failed"))
			fail_msg("plot cells%d:\n%s", n, out);
		snprintf(name, sizeof(name), "cells%d", n);
		assert_int_equal(figures_in(name, "heatmap-cacheline"), 1);
	}
}

/* Without -o: DIR/plots and DIR/report.html, DIR1/compare/ when comparing. */
static void test_default_output_places(void **state)
{
	char cmd[16384], path[256];
	struct stat st;

	(void)state;
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/runs && cp -r %s/full %s/runs/a && "
		 "cp -r %s/minimal %s/runs/b", work, fixtures, work, fixtures, work);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ipcbench("", "plot runs/a"), 0);
	snprintf(path, sizeof(path), "%s/runs/a/plots/latency-same-cpu.svg", work);
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/runs/a", work);
	free(check_report(path));
	assert_int_equal(ipcbench("", "plot runs/a runs/b"), 0);
	snprintf(path, sizeof(path), "%s/runs/a/compare", work);
	free(check_report(path));
}

static void test_usage_errors(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("", "help plot"), 0);
	assert_non_null(strstr(out, "report.html"));
	assert_int_equal(ipcbench("", "plot"), 2);
	assert_int_equal(ipcbench("", "plot no-such-dir"), 2);
	assert_non_null(strstr(out, "'no-such-dir'"));
	assert_int_equal(ipcbench("", "plot %s", fixtures), 2); /* a directory, not a run */
	assert_non_null(strstr(out, "no summary.csv"));
	assert_int_equal(ipcbench("", "plot %s/full no-such-dir", fixtures), 2);
	assert_non_null(strstr(out, "'no-such-dir'"));
	assert_int_equal(ipcbench("", "plot -s 4X %s/full", fixtures), 2);
	assert_int_equal(ipcbench("", "plot --bogus %s/full", fixtures), 2);
}

static void test_missing_gnuplot(void **state)
{
	(void)state;
	assert_int_equal(ipcbench("PATH=/nonexistent", "plot %s/minimal -o nognuplot", fixtures), 1);
	assert_non_null(strstr(out, "gnuplot-nox"));
}

/* A copy of plots/ with one script changed: appends text to copies.gp. */
static void broken_scripts(const char *name, const char *append)
{
	char cmd[8192];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cp -r %s %s/%s", scripts, work, name);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/%s/copies.gp", work, name);
	f = fopen(cmd, "a");
	assert_non_null(f);
	fputs(append, f);
	fclose(f);
}

/* A script that fails, or only warns, fails its figure (exit 1, named), not the others. */
static void test_gnuplot_complaints_fail(void **state)
{
	static const char *const why[] = { "set xrange [1:0\n",
					   "set terminal unknown\nplot 5 notitle\n" };
	char env[512], dir[256];
	char *html;

	(void)state;
	for (int i = 0; i < 2; i++) {
		snprintf(dir, sizeof(dir), "scripts%d", i);
		broken_scripts(dir, why[i]);
		snprintf(env, sizeof(env), "IPCBENCH_PLOTS=%s/%s", work, dir);
		assert_int_equal(ipcbench(env, "plot %s/full -o broken%d", fixtures, i), 1);
		assert_non_null(strstr(out, "copies-same-l3 (copies.gp) failed"));
		assert_non_null(strstr(out, i ? "WARNING: Plotting with an 'unknown' terminal" : "unfinished range"));
		snprintf(dir, sizeof(dir), "%s/broken%d/plots", work, i);
		assert_int_equal(figures_of(dir, "copies"), 0);
		assert_int_equal(figures_of(dir, "latency-"), 2);
		snprintf(dir, sizeof(dir), "%s/broken%d", work, i);
		html = check_report(dir);
		assert_non_null(strstr(html, "Failed to draw copies"));
		free(html);
	}
}

/* An optional file that is there but broken is a failure, named, not a silent gap. */
static void test_malformed_optional_file(void **state)
{
	char cmd[8192];

	(void)state;
	snprintf(cmd, sizeof(cmd), "cp -r %s/minimal %s/badrun && printf 'client_cpu,server_cpu,p50_ns\\n"
		 "0,\"1' > %s/badrun/matrix.csv", fixtures, work, work);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(ipcbench("", "plot badrun"), 1);
	assert_non_null(strstr(out, "matrix.csv"));
	assert_non_null(strstr(out, "malformed CSV"));
	assert_non_null(strstr(out, "1 failed"));
}

static void test_helpers(void **state)
{
	struct sbuf b = { 0 };
	struct csv_table t;
	struct group g[4];
	double sizes[8];
	char err[128], w[32];
	const char *csv = "transport,mode,size_bytes,placement,client_cpu,server_cpu,p50_ns\n"
			  "a,latency,4096,cross-cpu,0,1,10\nb,latency,1,cross-cpu,0,1,NA\n"
			  "b,latency,64,same-cpu,0,0,5\na,latency,1,cross-cpu,0,1,3\n";

	(void)state;
	gp_str(&b, "x", "it's\nme");
	gp_num(&b, "y", 0.0 / 0.0);
	gp_int(&b, "z", -3);
	assert_string_equal(b.p, "x='it''s me'; y=NaN; z=-3; ");
	b.len = 0;
	html_esc(&b, "<a href=\"x\">&'</a>");
	assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	assert_int_equal(csv_parse("t", csv, strlen(csv), &t, err, sizeof(err)), 0);
	struct rowsel s = { .mode = "latency", .need = { "p50_ns" } };
	assert_int_equal(find_groups(&t, &s, g, 4), 2);
	assert_string_equal(g[1].placement, "same-cpu");
	group_tag(g, 2, 0, w, sizeof(w));
	assert_string_equal(w, "cross-cpu");
	g[1] = g[0];
	g[1].scpu = 3;
	group_tag(g, 2, 1, w, sizeof(w));
	assert_string_equal(w, "cross-cpu-c0-s3"); /* two pairs of one placement */
	g[1] = g[0];
	assert_int_equal(find_groups(&t, &s, g, 4), 2);
	s.g = &g[0];
	assert_int_equal(selected_sizes(&t, &s, sizes, 8), 2);
	assert_true(sizes[0] == 1 && sizes[1] == 4096); /* ascending, the NA row left out */
	b.len = 0;
	distinct_words(&t, &s, "transport", &b);
	assert_string_equal(b.p, "a");
	assert_int_equal(word_count("x yy z"), 3);
	word_at("x yy z", 1, w, sizeof(w));
	assert_string_equal(w, "yy");
	assert_int_equal(html_check("<p><b>x</b></p><img src=\"a\">", err, sizeof(err)), 0);
	assert_int_equal(html_check("<p><b>x</p></b>", err, sizeof(err)), -1);
	csv_table_free(&t);
	sbuf_free(&b);
}

static int setup(void **state)
{
	const char *b = getenv("IPCBENCH");
	char copy[4096];

	(void)state;
	if (!b || !realpath(b, bin)) {
		fprintf(stderr, "set IPCBENCH to the ipcbench binary\n");
		return -1;
	}
	snprintf(copy, sizeof(copy), "%s", bin);
	snprintf(fixtures, sizeof(fixtures), "%s/tests/fixtures", dirname(copy));
	snprintf(scripts, sizeof(scripts), "%s/plots", copy); /* dirname cut copy short */
	return leak_private_tmpdir(work, sizeof(work)) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", work);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_full_run_draws_every_kind),
		cmocka_unit_test(test_minimal_run_skips_what_it_lacks),
		cmocka_unit_test(test_compare_two_runs),
		cmocka_unit_test(test_small_runs_render),
		cmocka_unit_test(test_ranked_report),
		cmocka_unit_test(test_figure_contents),
		cmocka_unit_test(test_heatmap_scale),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_compare_small_runs),
		cmocka_unit_test(test_optional_parts_absent),
		cmocka_unit_test(test_default_output_places),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_missing_gnuplot),
		cmocka_unit_test(test_gnuplot_complaints_fail),
		cmocka_unit_test(test_malformed_optional_file),
	};

	return cmocka_run_group_tests_name("plot", tests, setup, teardown);
}
