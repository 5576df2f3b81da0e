/* report.html of a fleet: the outliers among identical hosts first (what a reader came
 * for), the failed hosts, the hosts and their fingerprint groups, then the figures. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/fingerprint.h"
#include "fleet/fleetreport.h"
#include "plot/html.h"
#include "plot/report_html.h"

#define SHOWN_PER_HOST 8 /* cells listed per outlier host, the furthest first */

static void human_ns(double ns, char *out, size_t n)
{
	if (ns < 1e3)
		snprintf(out, n, "%.0f ns", ns);
	else if (ns < 1e6)
		snprintf(out, n, "%.2f µs", ns / 1e3);
	else
		snprintf(out, n, "%.2f ms", ns / 1e6);
}

/* "pipe 64 B same-l3" plus the fields that are not at their default. */
static void cell_text(const struct fleet_view *v, size_t cell, struct sbuf *b)
{
	static const char *const dflt[CELL_NFIELDS] = { NULL, "latency", NULL, NULL,
							"warm", "none", "0", "none" };

	sbuf_printf(b, "%s %s B %s", fleet_cell_field(v, cell, 0),
		    fleet_cell_field(v, cell, CELL_SIZE_FIELD), fleet_cell_field(v, cell, 3));
	for (int k = 1; k < CELL_NFIELDS; k++) {
		const char *f = fleet_cell_field(v, cell, k);
		if (dflt[k] && *f && strcmp(f, dflt[k]) != 0)
			sbuf_printf(b, " %s=%s", cell_fields[k], f);
	}
}

static int by_deviation(const void *a, const void *b)
{
	const struct fleet_entry *x = *(const struct fleet_entry *const *)a;
	const struct fleet_entry *y = *(const struct fleet_entry *const *)b;
	double dx = fabs(x->p50_ns / x->group_med_ns - 1), dy = fabs(y->p50_ns / y->group_med_ns - 1);

	return (dx < dy) - (dx > dy);
}

static void outlier_cell(struct sbuf *b, const struct fleet_view *v, const struct fleet_entry *e,
			 const char *fig)
{
	struct sbuf what = { 0 };
	char p50[32], med[32], lo[32], hi[32];

	cell_text(v, e->cell, &what);
	human_ns(e->p50_ns, p50, sizeof(p50));
	human_ns(e->group_med_ns, med, sizeof(med));
	sbuf_printf(b, "<li><a href=\"#%s\">", fig);
	html_esc(b, what.p);
	sbuf_printf(b, "</a>: p50 %s", p50);
	if (!isnan(e->lo_ns) && !isnan(e->hi_ns)) {
		human_ns(e->lo_ns, lo, sizeof(lo));
		human_ns(e->hi_ns, hi, sizeof(hi));
		sbuf_printf(b, " (its interval over the repetitions %s to %s)", lo, hi);
	}
	sbuf_printf(b, ", <b>%.2f×</b> the median %s of its %zu identical hosts</li>\n",
		    e->p50_ns / e->group_med_ns, med, e->group_n);
	sbuf_free(&what);
}

/* One host's standing-out cells (its entries are e[from .. to)), the furthest first. */
static void outlier_host(struct sbuf *b, const struct fleet_view *v, size_t from, size_t to,
			 const struct figlist *l, const size_t *fig_at)
{
	const struct fleet_member *m = &v->host[v->e[from].host];
	const struct fleet_entry **out = malloc((m->standing_out + 1) * sizeof(*out));
	size_t n = 0;

	for (size_t i = from; out && i < to; i++)
		if (v->e[i].outlier == 1)
			out[n++] = &v->e[i];
	qsort(out, n, sizeof(*out), by_deviation);
	sbuf_printf(b, "<li><b>");
	html_esc(b, m->name);
	sbuf_printf(b, "</b> (fingerprint %s, %zu identical hosts): %zu of %zu cells more than "
		       "%g %% from their median\n<ul>\n", m->fp, m->group_hosts, m->standing_out,
		    m->compared, v->outlier_frac * 100);
	for (size_t i = 0; i < n && i < SHOWN_PER_HOST; i++)
		outlier_cell(b, v, out[i], l->v[fig_at[v->cell[out[i]->cell].fig]].name);
	if (n > SHOWN_PER_HOST)
		sbuf_printf(b, "<li>and %zu more (fleet_cells.csv, column outlier)</li>\n",
			    n - SHOWN_PER_HOST);
	sbuf_printf(b, "</ul></li>\n");
	free(out);
}

static void unchecked(struct sbuf *b, const struct fleet_view *v)
{
	size_t n = 0;

	for (size_t d = 0; d < v->nhosts; d++) {
		const struct fleet_member *m = &v->host[v->by_display[d]];
		if (m->group_hosts >= GROUP_MIN_HOSTS)
			continue;
		if (n++)
			sbuf_printf(b, ", ");
		else
			sbuf_printf(b, "<p>Not judged (fewer than %d hosts share their fingerprint, too "
				    "few for a median that one host cannot pull): ", GROUP_MIN_HOSTS);
		html_esc(b, m->name);
		sbuf_printf(b, " (%s, %zu)", m->fp, m->group_hosts);
	}
	if (n)
		sbuf_printf(b, ".</p>\n");
}

static void outliers(struct sbuf *b, const struct fleet_view *v, const struct figlist *l,
		     const size_t *fig_at)
{
	size_t n = 0;
	size_t judged = 0;

	sbuf_printf(b, "<h2 id=\"outliers\">Outlier hosts</h2>\n<p>A host stands out in a cell when "
		       "its p50 is more than %g %% above or below the median p50 of the hosts with "
		       "the same fingerprint (at least %d of them; option --outlier of ipcbench "
		       "plot). The fleet median in the figures is over all hosts.</p>\n",
		    v->outlier_frac * 100, GROUP_MIN_HOSTS);
	for (size_t i = 0, j; i < v->ne; i = j) { /* entries are in display order */
		for (j = i + 1; j < v->ne && v->e[j].host == v->e[i].host; j++)
			;
		if (!v->host[v->e[i].host].standing_out)
			continue;
		sbuf_printf(b, "%s", n++ ? "" : "<ul>\n");
		outlier_host(b, v, i, j, l, fig_at);
	}
	for (size_t h = 0; h < v->nhosts; h++)
		judged += v->host[h].compared > 0;
	if (n)
		sbuf_printf(b, "</ul>\n");
	else if (judged)
		sbuf_printf(b, "<p><b>No outlier</b> among the %zu hosts that could be judged.</p>\n",
			    judged);
	else
		sbuf_printf(b, "<p><b>No host could be judged</b>: no fingerprint is shared by %d or "
			       "more hosts.</p>\n", GROUP_MIN_HOSTS);
	unchecked(b, v);
}

static void failed_hosts(struct sbuf *b, const struct fleet_view *v)
{
	const struct fleet_status *s = &v->status;

	if (s->n == 0)
		return;
	sbuf_printf(b, "<h2 id=\"failed\">Hosts that did not run</h2>\n<p>From %s (ipcbench fleet "
		       "%s): %zu of %zu tasks failed.</p>\n", FLEET_STATUS_FILE, s->kind,
		    fleet_status_count(s, TS_FAILED), s->n);
	if (fleet_status_count(s, TS_FAILED) == 0)
		return;
	sbuf_printf(b, "<table><thead><tr><th>slot</th><th>host</th><th>job</th><th>why</th></tr>"
		       "</thead><tbody>\n");
	for (size_t i = 0; i < s->n; i++) {
		if (s->t[i].state != TS_FAILED)
			continue;
		sbuf_printf(b, "<tr class=\"bad\">");
		html_cell(b, "td", s->t[i].slot);
		html_cell(b, "td", s->t[i].host);
		html_cell(b, "td", s->t[i].job[0] ? s->t[i].job : "");
		html_cell(b, "td", s->t[i].note);
		sbuf_printf(b, "</tr>\n");
	}
	sbuf_printf(b, "</tbody></table>\n");
}

/* Columns of hosts.csv, in display order; cols NULL-terminated. */
static void hosts_table(struct sbuf *b, const struct fleet_view *v, const char *const *cols)
{
	sbuf_printf(b, "<div class=\"scroll\"><table>\n<thead><tr>");
	for (const char *const *c = cols; *c; c++)
		html_cell(b, "th", *c);
	sbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t d = 0; d < v->nhosts; d++) {
		size_t row = v->by_display[d];
		const char *st = csv_get(&v->hosts, row, "run_status");

		sbuf_printf(b, "<tr%s>", st && strcmp(st, "complete") != 0 ? " class=\"bad\"" : "");
		for (const char *const *c = cols; *c; c++)
			html_cell(b, "td", csv_get(&v->hosts, row, *c));
		sbuf_printf(b, "</tr>\n");
	}
	sbuf_printf(b, "</tbody></table></div>\n");
}

/* One line per fingerprint: its hosts and the fields behind it. */
static void groups_table(struct sbuf *b, const struct fleet_view *v)
{
	sbuf_printf(b, "<h2 id=\"fingerprints\">Fingerprints</h2>\n<p>Hosts with equal CPU "
		       "model, microcode, kernel, topology, governor and CPU vulnerabilities share a "
		       "fingerprint and are expected to measure alike.</p>\n<div class=\"scroll\">"
		       "<table>\n<thead><tr><th>fingerprint</th><th>hosts</th>");
	for (int k = 0; k < FP_NFIELDS; k++)
		html_cell(b, "th", fp_fields[k]);
	sbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t d = 0; d < v->nhosts; d++) {
		size_t h = v->by_display[d], row = h;

		if (d > 0 && v->host[v->by_display[d - 1]].fp_index == v->host[h].fp_index)
			continue; /* display order keeps a fingerprint's hosts together */
		sbuf_printf(b, "<tr><td>%s</td><td>", v->host[h].fp);
		for (size_t k = d; k < v->nhosts && v->host[v->by_display[k]].fp_index ==
							 v->host[h].fp_index; k++) {
			sbuf_printf(b, "%s", k > d ? ", " : "");
			html_esc(b, v->host[v->by_display[k]].name);
		}
		sbuf_printf(b, "</td>");
		for (int k = 0; k < FP_NFIELDS; k++)
			html_cell(b, "td", csv_get(&v->hosts, row, fp_fields[k]));
		sbuf_printf(b, "</tr>\n");
	}
	sbuf_printf(b, "</tbody></table></div>\n");
}

static void intro(struct sbuf *b, const struct fleet_view *v, const char *dir,
		  const struct figlist *l)
{
	sbuf_printf(b, "<p>Fleet directory ");
	html_esc(b, dir);
	sbuf_printf(b, ": %zu hosts with %zu fingerprint%s, %zu cells, %zu host × cell values "
		       "(%zu summary rows not ok or of no listed host left out). %zu figures drawn, "
		       "%zu failed. Contents: <a href=\"#outliers\">outliers</a>%s · <a "
		       "href=\"#hosts\">hosts</a> · <a href=\"#fingerprints\">fingerprints</a> · "
		       "<a href=\"#fleet_heatmap\">hosts × transports</a> · <a "
		       "href=\"#fleet_hosts\">each transport across hosts</a>.</p>\n",
		    v->nhosts, v->nfp, v->nfp == 1 ? "" : "s", v->ncells, v->ne, v->skipped_rows, fig_count(l, -1, FIG_OK),
		    fig_count(l, -1, FIG_FAILED), v->status.n ? " · <a href=\"#failed\">failed "
							      "hosts</a>" : "");
	sbuf_printf(b, "<p>How to read it: the heatmap shows at a glance which host is slow or fast "
		       "for which transport against the whole fleet; the outlier list compares each "
		       "host only with its identical peers (same fingerprint), so a different CPU or "
		       "kernel is not mistaken for a faulty machine. Every value is a p50 (median "
		       "over the repetitions of each run's per-repetition median, summary.csv).</p>\n");
}

int fleet_report_write(const char *path, const char *dir, const struct fleet_view *v,
		       const struct figlist *l, const size_t *fig_at)
{
	static const char *const cols[] = { "host", "hostname", "fingerprint", "cpu_model",
					    "cpu_microcode", "kernel", "topology", "cpu_governor",
					    "run_status", "results_rows", "date_utc", "run_dir",
					    NULL };
	struct sbuf b = { 0 }, title = { 0 };
	int r;

	sbuf_printf(&title, "ipcbench fleet report: %zu hosts", v->nhosts);
	html_begin(&b, title.p);
	intro(&b, v, dir, l);
	outliers(&b, v, l, fig_at);
	failed_hosts(&b, v);
	sbuf_printf(&b, "<h2 id=\"hosts\">Hosts</h2>\n<p>In the order of the figures (hosts.csv; "
		       "a run that did not complete is marked).</p>\n");
	hosts_table(&b, v, cols);
	groups_table(&b, v);
	plot_report_sections(&b, l, path);
	r = title.oom ? -ENOMEM : plot_report_end(&b, path);
	sbuf_free(&b);
	sbuf_free(&title);
	return r;
}
