/* The findings of report.html: the ranking of results.csv (out/rank.h, as `ipcbench show`
 * prints it) as one table per mode, message size and placement. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "out/rank.h"
#include "plot/figures.h"
#include "plot/html.h"
#include "plot/report_parts.h"

/* Rows of a group shown at once; the rest of a longer group is folded into <details>. */
#define RANK_SHOWN 12

static void ratio_cell(struct sbuf *b, const struct rank_item *it)
{
	int d = it->ratio < 10 ? 2 : it->ratio < 100 ? 1 : 0;

	if (it->verdict == RANK_FASTEST)
		sbuf_printf(b, "<td class=\"num\">1</td>");
	else if (isnan(it->lo))
		sbuf_printf(b, "<td class=\"num\">%.*f×</td>", d, it->ratio);
	else
		sbuf_printf(b, "<td class=\"num\">%.*f× <span class=\"ci\">[%.*f, %.*f]</span></td>",
			    d, it->ratio, d, it->lo, d, it->hi);
}

static void verdict_cell(struct sbuf *b, const struct rank_item *it, const struct rank_item *best)
{
	switch (it->verdict) {
	case RANK_FASTEST:
		sbuf_printf(b, "<td>fastest</td>");
		break;
	case RANK_SLOWER:
		sbuf_printf(b, "<td>slower (p = %.2g)</td>", it->p);
		break;
	case RANK_SAME:
		sbuf_printf(b, "<td class=\"same\">not distinguishable<span class=\"ci\"> (p = %.2g)"
			       "</span></td>", it->p);
		break;
	default:
		sbuf_printf(b, "<td class=\"same\">too few repetitions<span class=\"ci\"> (%zu vs %zu)"
			       "</span></td>", best->ok, it->ok);
	}
}

/* The floor column: latency groups whose cells probed one. */
static int has_floor(const struct rank_group *g)
{
	return strcmp(g->mode, "latency") == 0 && !isnan(g->floor_ns);
}

static void item_row(struct sbuf *b, const struct rank_group *g, size_t k)
{
	const struct rank_item *it = &g->items[k];
	char t[32];

	rank_time(it->p50, t, sizeof(t));
	sbuf_printf(b, "<tr%s><td class=\"num\">%zu</td><td class=\"name\">",
		    k == 0 ? " class=\"fastest\"" : "", k + 1);
	html_esc(b, it->transport);
	sbuf_printf(b, "</td><td class=\"num\">%s</td>", t);
	if (has_floor(g))
		sbuf_printf(b, "<td class=\"num\">%.1f×</td>", it->p50 / g->floor_ns);
	ratio_cell(b, it);
	verdict_cell(b, it, &g->items[0]);
	sbuf_printf(b, "</tr>\n");
}

static void table_open(struct sbuf *b, const struct rank_group *g)
{
	sbuf_printf(b, "<table class=\"rank\"><thead><tr><th>#</th><th>transport</th><th>p50%s</th>"
		       "%s<th>vs the fastest [95 %% interval]</th><th>verdict</th></tr></thead>\n"
		       "<tbody>\n", strcmp(g->mode, "bandwidth") == 0 ? " of a window" : "",
		    has_floor(g) ? "<th>× floor</th>" : "");
}

/* The transports of g without a figure, one line per distinct status and note. */
static void no_figures(struct sbuf *b, const struct rank_group *g)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct rank_item *it = &g->items[i];
		int first = !it->ok;

		for (size_t j = 0; first && j < i; j++)
			first = g->items[j].ok || strcmp(g->items[j].status, it->status) != 0 ||
				strcmp(g->items[j].note, it->note) != 0;
		if (!first)
			continue;
		sbuf_printf(b, "<p class=\"nofig\">No figure, %s: ", it->status);
		for (size_t j = i, n = 0; j < g->n; j++)
			if (!g->items[j].ok && strcmp(g->items[j].status, it->status) == 0 &&
			    strcmp(g->items[j].note, it->note) == 0) {
				sbuf_printf(b, "%s", n++ ? ", " : "");
				html_esc(b, g->items[j].transport);
			}
		if (it->note[0]) {
			sbuf_printf(b, " (");
			html_esc(b, it->note);
			sbuf_printf(b, ")");
		}
		sbuf_printf(b, ".</p>\n");
	}
}

static void group_html(struct sbuf *b, const struct rank_group *g)
{
	size_t ranked = 0;
	char sz[32], fl[32];

	for (size_t j = 0; j < g->n; j++)
		ranked += g->items[j].ok > 0;
	fig_human_bytes((double)g->size, sz, sizeof(sz));
	rank_time(g->floor_ns, fl, sizeof(fl));
	sbuf_printf(b, "<section class=\"group\"><h3>%s, %s, ", g->mode, sz);
	html_esc(b, g->placement);
	if (g->load[0]) {
		sbuf_printf(b, ", ");
		html_esc(b, g->load);
	}
	sbuf_printf(b, " <span class=\"cpus\">(client CPU %d, server CPU %d%s%s)</span></h3>\n",
		    g->ccpu, g->scpu, isnan(g->floor_ns) ? "" : "; cache-line floor ",
		    isnan(g->floor_ns) ? "" : fl);
	if (ranked)
		table_open(b, g);
	for (size_t k = 0; k < ranked; k++) {
		if (k == RANK_SHOWN - 2 && ranked > RANK_SHOWN) {
			sbuf_printf(b, "</tbody></table>\n<details><summary>%zu more, down to ",
				    ranked - k);
			html_esc(b, g->items[ranked - 1].transport);
			sbuf_printf(b, "</summary>\n");
			table_open(b, g);
		}
		item_row(b, g, k);
	}
	if (ranked)
		sbuf_printf(b, "</tbody></table>\n%s", ranked > RANK_SHOWN ? "</details>\n" : "");
	no_figures(b, g);
	sbuf_printf(b, "</section>\n");
}

void report_findings(struct sbuf *b, const struct run_dir *r)
{
	struct rank rk;

	sbuf_printf(b, "<h2 id=\"findings\">Findings</h2>\n");
	if (!r->present[RF_RESULTS] || r->err[RF_RESULTS][0]) {
		sbuf_printf(b, "<p class=\"nodata\">No ranking: %s.</p>\n",
			    r->present[RF_RESULTS] ? r->err[RF_RESULTS]
						   : "this run has no results.csv (one row per "
						     "repetition), which the ranking is made from");
		return;
	}
	if (rank_from_csv(&rk, &r->t[RF_RESULTS], NULL) < 0) {
		sbuf_printf(b, "<p class=\"nodata\">No ranking: out of memory.</p>\n");
		b->oom = 1;
		return;
	}
	sbuf_printf(b, "<p>For each mode, message size and placement, the transports ranked by "
		       "p50 (the median of their repetitions' medians; in bandwidth mode the time of "
		       "one window), with the ratio to the fastest and its 95 %% bootstrap interval "
		       "over the repetitions (%d or more a side). <i>Not distinguishable</i>: the "
		       "interval reaches 1 or the exact Mann-Whitney test over the repetitions gives "
		       "p &ge; %.2g, as in <code>ipcbench compare</code>. × floor: p50 over the "
		       "cache-line round trip probed beside the cells (on a shared-memory transport's "
		       "own request and reply lines; the heading's floor is the run's, on one line). "
		       "<code>ipcbench show DIR</code> "
		       "prints the same.</p>\n<div class=\"groups\">\n", RANK_MIN_REPS, RANK_ALPHA);
	for (size_t i = 0; i < rk.ngroups; i++)
		group_html(b, &rk.groups[i]);
	if (rk.ngroups == 0)
		sbuf_printf(b, "<p class=\"nodata\">results.csv has no cell with CPUs.</p>\n");
	sbuf_printf(b, "</div>\n");
	rank_free(&rk);
}
