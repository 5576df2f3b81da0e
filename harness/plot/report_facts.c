/* The floors and the warnings of report.html, from meta.csv and results.csv: what the
 * figures are read against, and what to be wary of before reading them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out/rank.h"
#include "out/runquery.h"
#include "plot/html.h"
#include "plot/report_parts.h"

/* The floors ipcbench probes (manifest_floors), in the order of the table. */
static const struct {
	const char *key, *what, *unit;
} floor_rows[] = {
	{ "cacheline_rt_ns", "cache-line round trip (the two CPUs hand one line back and forth)",
	  "ns" },
	{ "twoline_rt_ns", "two cache lines round trip", "ns" },
	{ "cacheline_lines_min_ns", "cache-line round trip, the fastest of 16 lines of one page "
	  "(a mesh homes each line on one L3 slice)", "ns" },
	{ "cacheline_lines_median_ns", "the same, the median of the 16 lines", "ns" },
	{ "cacheline_lines_max_ns", "the same, the slowest of the 16 lines", "ns" },
	{ "null_syscall_ns", "null system call", "ns" },
	{ "timer_overhead_ns", "reading the clock", "ns" },
	{ "memcpy_64k_bytes_per_ns", "memcpy, one thread, 64 KiB blocks", "GB/s" },
	{ "memcpy_1024k_bytes_per_ns", "memcpy, one thread, 1 MiB blocks", "GB/s" },
	{ "memcpy_65536k_bytes_per_ns", "memcpy, one thread, 64 MiB blocks", "GB/s" },
};

static const char *floor_value(const struct run_dir *r, const char *prefix, const char *key)
{
	char name[128];

	snprintf(name, sizeof(name), "%s_%s", prefix, key);
	return run_meta(r, name);
}

void report_floors(struct sbuf *b, const struct run_dir *r)
{
	const char *cpus = run_meta(r, "floor_cpus"), *st = run_meta(r, "floor_status");
	int end = run_meta(r, "floor_end_cpus") != NULL, rows = 0;

	sbuf_printf(b, "<h2 id=\"floors\">Floors</h2>\n<p>The limits this machine puts under every "
		       "figure, probed before measuring on CPUs ");
	html_esc(b, cpus ? cpus : "NA");
	sbuf_printf(b, "%s (meta.csv floor_*). Each cell also probes the cache-line round trip "
		       "on its own CPUs just before and after it: the floor of its ranking and "
		       "latency figure.</p>\n", end ? ", and again after the run (floor_end_*)" : "");
	if (st && strcmp(st, "ok") != 0) {
		const char *note = run_meta(r, "floor_note");

		sbuf_printf(b, "<p class=\"warn\">The floors were not measured: ");
		html_esc(b, note && *note ? note : st);
		sbuf_printf(b, ".</p>\n");
	}
	for (size_t i = 0; i < sizeof(floor_rows) / sizeof(floor_rows[0]); i++) {
		const char *v = floor_value(r, "floor", floor_rows[i].key);
		const char *e = end ? floor_value(r, "floor_end", floor_rows[i].key) : NULL;

		if (!v)
			continue;
		if (rows++ == 0)
			sbuf_printf(b, "<table class=\"facts\"><thead><tr><th>floor</th><th>before</th>%s"
				       "</tr></thead>\n<tbody>\n", end ? "<th>after the run</th>" : "");
		sbuf_printf(b, "<tr><td>%s</td><td class=\"num\">", floor_rows[i].what);
		html_esc(b, v);
		sbuf_printf(b, " %s</td>", floor_rows[i].unit);
		if (end) {
			sbuf_printf(b, "<td class=\"num\">");
			html_esc(b, e ? e : "NA");
			sbuf_printf(b, " %s</td>", floor_rows[i].unit);
		}
		sbuf_printf(b, "</tr>\n");
	}
	sbuf_printf(b, "%s", rows ? "</tbody></table>\n" : "");
}

static void item(struct sbuf *b, const char *head, const char *text)
{
	sbuf_printf(b, "<li><b>");
	html_esc(b, head);
	sbuf_printf(b, ":</b> ");
	html_esc(b, text);
	sbuf_printf(b, "</li>\n");
}

/* Each warning of preflight_warnings ("a; b; c") as an item, and the VM when they do not
 * say it. */
static void machine_warnings(struct sbuf *b, const struct run_dir *r, int *n)
{
	const char *w = run_meta(r, "preflight_warnings"), *vm = run_meta(r, "virtualized");
	char part[512];

	for (const char *p = w && strcmp(w, "none") != 0 ? w : ""; *p;) {
		size_t len = strcspn(p, ";");

		snprintf(part, sizeof(part), "%.*s", (int)len, p);
		item(b, "before measuring", part), (*n)++;
		p += len;
		p += strspn(p, "; ");
	}
	if (vm && strncmp(vm, "yes", 3) == 0 && !(w && strstr(w, "virtual machine")))
		item(b, "virtual machine", vm), (*n)++;
	if ((w = run_meta(r, "other_load_pct"))) {
		const char *steal = run_meta(r, "steal_pct");

		snprintf(part, sizeof(part), "other processes used %s %% of the CPUs' time during the "
			 "run (steal %s %%)", w, steal ? steal : "NA");
		item(b, "background load", part), (*n)++;
	}
	if ((w = run_meta(r, "run_status")) && strcmp(w, "complete") != 0)
		item(b, "run status", w), (*n)++;
}

/* The counters meta.csv calls NA (counter_EVENT = "NA: reason"), one item per reason. */
static void counter_warnings(struct sbuf *b, const struct run_dir *r, int *n)
{
	const struct csv_table *m = &r->t[RF_META];
	int kc = csv_col(m, "key"), vc = csv_col(m, "value");
	struct sbuf who = { 0 };

	for (size_t i = 0; kc >= 0 && vc >= 0 && i < m->nrows; i++) {
		const char *k = m->rows[i][kc], *v = m->rows[i][vc];
		int first = strncmp(k, "counter_", 8) == 0 && strncmp(v, "NA", 2) == 0;

		for (size_t j = 0; first && j < i; j++)
			first = strncmp(m->rows[j][kc], "counter_", 8) != 0 ||
				strcmp(m->rows[j][vc], v) != 0;
		if (!first)
			continue;
		sbuf_reset(&who);
		for (size_t j = i; j < m->nrows; j++)
			if (strncmp(m->rows[j][kc], "counter_", 8) == 0 && strcmp(m->rows[j][vc], v) == 0)
				sbuf_printf(&who, "%s%s", who.len ? ", " : "", m->rows[j][kc] + 8);
		sbuf_printf(b, "<li><b>counters not counted:</b> ");
		html_esc(b, who.p);
		sbuf_printf(b, " &ndash; ");
		html_esc(b, strncmp(v, "NA: ", 4) == 0 ? v + 4 : v);
		sbuf_printf(b, " (their columns are NA; the other counters are measured)</li>\n");
		(*n)++;
	}
	sbuf_free(&who);
}

/* From results.csv: repetitions by status other than ok, and those whose floor moved. */
static void cell_warnings(struct sbuf *b, const struct run_dir *r, int *n)
{
	const struct csv_table *t = &r->t[RF_RESULTS];
	static const char *const statuses[] = { "insufficient", "timeout", "fail", "error",
						"peer-died", "interrupted", "unsupported", "skipped" };
	size_t count[8] = { 0 }, unsteady = 0, other = 0;
	struct sbuf s = { 0 };

	for (size_t i = 0; i < t->nrows; i++) {
		const char *st = csv_get(t, i, "status"), *fs = csv_get(t, i, "floor_stable");
		size_t k = 0;

		unsteady += fs && strcmp(fs, "no") == 0;
		if (!st || strcmp(st, "ok") == 0)
			continue;
		while (k < 8 && strcmp(statuses[k], st) != 0)
			k++;
		if (k < 8)
			count[k]++;
		else
			other++;
	}
	for (size_t k = 0; k < 8; k++)
		if (count[k])
			sbuf_printf(&s, "%s%zu %s", s.len ? ", " : "", count[k], statuses[k]);
	if (other)
		sbuf_printf(&s, "%s%zu other", s.len ? ", " : "", other);
	if (s.len) {
		sbuf_printf(&s, " of %zu repetitions (the ranking and the summary say why, cell by "
			    "cell; unsupported and skipped cells are what the transport or this machine "
			    "cannot do)", t->nrows);
		item(b, "repetitions without a figure", s.p), (*n)++;
	}
	sbuf_reset(&s);
	if (unsteady) {
		sbuf_printf(&s, "%zu repetitions whose cache-line floor before and after disagree by "
			    "more than 25 %% (floor_stable = no): the host moved or halted a CPU during "
			    "them, so their times include that", unsteady);
		item(b, "unsteady floors", s.p), (*n)++;
	}
	sbuf_free(&s);
}

void report_warnings(struct sbuf *b, const struct run_dir *r, const struct figlist *figs)
{
	size_t failed = fig_count(figs, -1, FIG_FAILED);
	char text[128];
	int n = 0;

	sbuf_printf(b, "<h2 id=\"warnings\">Warnings</h2>\n<ul class=\"warnings\">\n");
	machine_warnings(b, r, &n);
	counter_warnings(b, r, &n);
	cell_warnings(b, r, &n);
	if (failed) {
		snprintf(text, sizeof(text), "%zu failed to draw; gnuplot's words are where they "
			 "would be", failed);
		item(b, "figures", text), n++;
	}
	if (n == 0)
		sbuf_printf(b, "<li>None: meta.csv records no warning and every counter was "
			       "counted; %s.</li>\n", r->present[RF_RESULTS]
			       ? "every repetition ended ok with a steady floor"
			       : "this run has no results.csv, so its repetitions were not checked");
	sbuf_printf(b, "</ul>\n");
}
