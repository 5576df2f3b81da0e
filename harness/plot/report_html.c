#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "sys/files.h"
#include "plot/html.h"
#include "plot/report_html.h"
#include "version.h"

static void fig_html(struct sbuf *b, const struct fig *f)
{
	if (f->state == FIG_NODATA) {
		sbuf_printf(b, "<p class=\"nodata\">No data for this plot: ");
		html_esc(b, f->caption);
		sbuf_printf(b, ".</p>\n");
	} else if (f->state == FIG_OK) {
		sbuf_printf(b, "<figure id=\"%s\">\n<a href=\"plots/%s.svg\"><img src=\"plots/%s.svg\" "
			       "width=\"1200\" height=\"800\" alt=\"", f->name, f->name, f->name);
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

void plot_report_sections(struct sbuf *b, const struct figlist *l)
{
	for (int k = 0; k < FK_N; k++) {
		if (fig_count(l, k, -1) == 0)
			continue;
		sbuf_printf(b, "<h2 id=\"%.*s\">%s</h2>\n<p>%s</p>\n",
			    (int)strcspn(fig_kinds[k].script, "."), fig_kinds[k].script,
			    fig_kinds[k].heading, fig_kinds[k].about);
		for (size_t i = 0; i < l->n; i++)
			if ((int)l->v[i].kind == k)
				fig_html(b, &l->v[i]);
	}
}

static void contents(struct sbuf *b, const struct figlist *l, int runs)
{
	sbuf_printf(b, "<p>%zu figures drawn, %zu plots without data, %zu failed. Contents: "
		       "<a href=\"#run\">%s</a>", fig_count(l, -1, FIG_OK),
		    fig_count(l, -1, FIG_NODATA), fig_count(l, -1, FIG_FAILED),
		    runs > 1 ? "runs" : "run and summary");
	for (int k = 0; k < FK_N; k++)
		if (fig_count(l, k, -1) > 0)
			sbuf_printf(b, " · <a href=\"#%.*s\">%s</a>",
				    (int)strcspn(fig_kinds[k].script, "."), fig_kinds[k].script,
				    fig_kinds[k].heading);
	sbuf_printf(b, "</p>\n");
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
	sbuf_printf(b, "<div class=\"scroll\"><table>\n<thead><tr><th>key</th>");
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

static void run_part(struct sbuf *b, const struct run_dir *r)
{
	sbuf_printf(b, "<h2 id=\"run\">Run</h2>\n<p>Directory ");
	html_esc(b, r->path);
	sbuf_printf(b, ". Machine, kernel, clock, floors and configuration (meta.csv):</p>\n");
	if (r->present[RF_META] && !r->err[RF_META][0])
		html_table(b, &r->t[RF_META]);
	else
		sbuf_printf(b, "<p class=\"nodata\">No meta.csv in this run.</p>\n");
	sbuf_printf(b, "<h2 id=\"summary\">Summary</h2>\n<p>One row per transport, mode, size "
		       "and CPU pair over the repetitions (summary.csv; times in ns); rows that did "
		       "not pass are marked.</p>\n");
	html_table(b, &r->t[RF_SUMMARY]);
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
	contents(&b, figs, (int)nruns);
	if (nruns > 1) {
		sbuf_printf(&b, "<h2 id=\"run\">Runs</h2>\n<p>Run 1 is the reference of the "
			       "ratios. Their meta.csv side by side:</p>\n");
		compare_meta(&b, runs, nruns);
	} else {
		run_part(&b, &runs[0]);
	}
	plot_report_sections(&b, figs);
	r = title.oom ? -ENOMEM : plot_report_end(&b, path);
	sbuf_free(&b);
	sbuf_free(&title);
	return r;
}
