/* report.html: a contents list, then for one run its findings (the ranking), floors and
 * warnings, the figures by kind, and the metadata and full summary folded below; for
 * several runs their metadata side by side and the comparison figures. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "plot/html.h"
#include "plot/report_html.h"
#include "plot/report_parts.h"
#include "version.h"

/* Width and height of plots/NAME.png from its IHDR chunk (0 when it cannot be read), so
 * that every <img> has its figure's own proportions. */
static void png_size(const char *plots, const char *name, unsigned *w, unsigned *h)
{
	unsigned char hdr[24];
	char path[PATH_MAX + 256];
	FILE *f;

	*w = *h = 0;
	snprintf(path, sizeof(path), "%s/%s.png", plots, name);
	f = fopen(path, "rb");
	if (!f)
		return;
	if (fread(hdr, 1, sizeof(hdr), f) == sizeof(hdr) && memcmp(hdr + 12, "IHDR", 4) == 0) {
		*w = (unsigned)hdr[16] << 24 | (unsigned)hdr[17] << 16 | hdr[18] << 8 | hdr[19];
		*h = (unsigned)hdr[20] << 24 | (unsigned)hdr[21] << 16 | hdr[22] << 8 | hdr[23];
	}
	fclose(f);
}

static void fig_html(struct sbuf *b, const struct fig *f, const char *plots)
{
	unsigned w, h;

	if (f->state == FIG_NODATA) {
		sbuf_printf(b, "<p class=\"nodata\">No data for this plot: ");
		html_esc(b, f->caption);
		sbuf_printf(b, ".</p>\n");
	} else if (f->state == FIG_OK) {
		png_size(plots, f->name, &w, &h);
		sbuf_printf(b, "<figure id=\"%s\">\n<a href=\"plots/%s.svg\"><img src=\"plots/%s.svg\" "
			       "width=\"%u\" height=\"%u\" alt=\"", f->name, f->name, f->name,
			    w ? w : 1200, h ? h : 800);
		html_esc(b, f->caption);
		sbuf_printf(b, "\"></a>\n<figcaption>");
		html_esc(b, f->caption);
		sbuf_printf(b, " (<a href=\"plots/%s.png\">PNG</a>, <a href=\"plots/%s.svg\">SVG</a>)"
			       "</figcaption>\n</figure>\n", f->name, f->name);
	} else {
		sbuf_printf(b, "<div class=\"failed\"><p>Failed to draw %s (%s): ", f->name,
			    fig_kinds[f->kind].script);
		html_esc(b, f->caption);
		sbuf_printf(b, "</p>\n<pre>");
		html_esc(b, f->problem.p ? f->problem.p : "(no reason recorded)");
		sbuf_printf(b, "</pre></div>\n");
	}
}

static void kind_id(struct sbuf *b, int k)
{
	sbuf_printf(b, "%.*s", (int)strcspn(fig_kinds[k].script, "."), fig_kinds[k].script);
}

void plot_report_sections(struct sbuf *b, const struct figlist *l, const char *report)
{
	const char *slash = strrchr(report, '/');
	char plots[PATH_MAX];

	snprintf(plots, sizeof(plots), "%.*s%splots", slash ? (int)(slash - report) : 0, report,
		 slash ? "/" : "");
	for (int k = 0; k < FK_N; k++) {
		if (fig_count(l, k, -1) == 0)
			continue;
		sbuf_printf(b, "<h2 id=\"");
		kind_id(b, k);
		sbuf_printf(b, "\">%s</h2>\n<p>%s</p>\n", fig_kinds[k].heading, fig_kinds[k].about);
		for (size_t i = 0; i < l->n; i++)
			if ((int)l->v[i].kind == k)
				fig_html(b, &l->v[i], plots);
	}
}

static void toc_item(struct sbuf *b, const char *id, const char *text)
{
	sbuf_printf(b, "<li><a href=\"#%s\">%s</a></li>", id, text);
}

static void contents(struct sbuf *b, const struct figlist *l, int runs)
{
	sbuf_printf(b, "<nav class=\"toc\"><h2 id=\"contents\">Contents</h2><ol>");
	if (runs > 1) {
		toc_item(b, "run", "Runs");
	} else {
		toc_item(b, "findings", "Findings: transports ranked");
		toc_item(b, "floors", "Floors");
		toc_item(b, "warnings", "Warnings");
	}
	for (int k = 0; k < FK_N; k++) {
		size_t drawn = fig_count(l, k, FIG_OK), all = fig_count(l, k, -1);

		if (all == 0)
			continue;
		sbuf_printf(b, "<li><a href=\"#");
		kind_id(b, k);
		sbuf_printf(b, "\">%s</a> <span class=\"count\">(%zu figure%s%s)</span></li>",
			    fig_kinds[k].heading, drawn, drawn == 1 ? "" : "s",
			    all > drawn ? ", and what could not be drawn" : "");
	}
	if (runs == 1)
		toc_item(b, "tables", "Metadata and full tables");
	sbuf_printf(b, "</ol><p class=\"count\">%zu figures drawn, %zu plots without data, %zu "
		       "failed.</p></nav>\n", fig_count(l, -1, FIG_OK), fig_count(l, -1, FIG_NODATA),
		    fig_count(l, -1, FIG_FAILED));
}

/* One line on the run under the title: machine, date, cells, tool. */
static void run_intro(struct sbuf *b, const struct run_dir *r)
{
	static const char *const keys[] = { "host", "kernel", "cpu_model", "topology", "date_utc" };
	const char *planned = run_meta(r, "cells_planned"), *ran = run_meta(r, "cells_run");
	const char *failed = run_meta(r, "cells_failed"), *ver = run_meta(r, "tool_version");
	const char *rev = run_meta(r, "git_revision");

	sbuf_printf(b, "<p class=\"intro\">");
	for (size_t i = 0, n = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (run_meta(r, keys[i])) {
			sbuf_printf(b, "%s", n++ ? " · " : "");
			html_esc(b, run_meta(r, keys[i]));
		}
	if (planned && ran) {
		sbuf_printf(b, "<br>");
		html_esc(b, ran);
		sbuf_printf(b, " of ");
		html_esc(b, planned);
		sbuf_printf(b, " cells run, ");
		html_esc(b, failed ? failed : "NA");
		sbuf_printf(b, " without a figure");
	}
	if (ver) {
		sbuf_printf(b, "%s measured by ipcbench ", planned && ran ? ";" : "<br>");
		html_esc(b, ver);
		sbuf_printf(b, " (git ");
		html_esc(b, rev ? rev : "NA");
		sbuf_printf(b, ")");
	}
	sbuf_printf(b, ". Directory ");
	html_esc(b, r->path);
	sbuf_printf(b, ".</p>\n");
}

static int key_seen_before(const struct run_dir *runs, size_t k, const char *key)
{
	for (size_t j = 0; j < k; j++)
		if (run_meta(&runs[j], key))
			return 1;
	return 0;
}

/* meta.csv of every run side by side: one row per key, in order of first appearance. */
static void compare_meta(struct sbuf *b, const struct run_dir *runs, size_t n)
{
	sbuf_printf(b, "<h2 id=\"run\">Runs</h2>\n<p>Run 1 is the reference of the ratios. Their "
		       "meta.csv side by side:</p>\n<div class=\"scroll\"><table>\n<thead><tr>"
		       "<th>key</th>");
	for (size_t k = 0; k < n; k++) {
		sbuf_printf(b, "<th>run %zu: ", k + 1);
		html_esc(b, runs[k].path);
		sbuf_printf(b, "</th>");
	}
	sbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < n; k++) {
		const struct csv_table *m = &runs[k].t[RF_META];
		int kc = csv_col(m, "key");

		for (size_t i = 0; kc >= 0 && i < m->nrows; i++) {
			const char *key = m->rows[i][kc];

			if (key_seen_before(runs, k, key))
				continue;
			sbuf_printf(b, "<tr>");
			html_cell(b, "td", key);
			for (size_t j = 0; j < n; j++)
				html_cell(b, "td", run_meta(&runs[j], key));
			sbuf_printf(b, "</tr>\n");
		}
	}
	sbuf_printf(b, "</tbody></table></div>\n");
}

int plot_report_end(struct sbuf *b, const char *path)
{
	sbuf_printf(b, "<p class=\"footer\">Written by ipcbench %s (git %s).</p>\n",
		    IPCBENCH_VERSION, IPCBENCH_GITREV);
	html_end(b);
	return b->oom ? -ENOMEM : write_file_atomic(path, b->p, b->len);
}

int plot_report_write(const char *path, const struct run_dir *runs, size_t nruns,
		      const struct figlist *figs)
{
	struct sbuf b = { 0 }, title = { 0 };
	int r;

	if (nruns > 1)
		sbuf_printf(&title, "ipcbench: comparison of %zu runs", nruns);
	else
		sbuf_printf(&title, "ipcbench report: %s", runs[0].name);
	html_begin(&b, title.p);
	if (nruns == 1)
		run_intro(&b, &runs[0]);
	contents(&b, figs, (int)nruns);
	if (nruns > 1) {
		compare_meta(&b, runs, nruns);
	} else {
		report_findings(&b, &runs[0]);
		report_floors(&b, &runs[0]);
		report_warnings(&b, &runs[0], figs);
	}
	plot_report_sections(&b, figs, path);
	if (nruns == 1)
		report_tables(&b, &runs[0]);
	r = title.oom ? -ENOMEM : plot_report_end(&b, path);
	sbuf_free(&b);
	sbuf_free(&title);
	return r;
}
