/* crosscheck.csv and the terminal table of `ipcbench crosscheck`. Reads rows, never runs
 * anything. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crosscheck/crosscheck.h"
#include "cell/payload.h"

static const char *const csv_header =
	"row,tool,tool_version,command,their_definition,compared_stat,transport,size_bytes,"
	"wire_bytes_ours,wire_bytes_theirs,client_cpu,server_cpu,rounds,rounds_ok,status,"
	"their_ns,their_mean_ns,their_p50_ns,their_p99_ns,our_p50_ns,our_mean_ns,our_p99_ns,"
	"our_same_stat_ns,ratio,ratio_p50,within_5pct,paired_rounds,paired_ratio,paired_lo,"
	"paired_hi,paired_level,order,their_rounds_ns,our_rounds_ns,note\n";

static const char *stat_name(enum xstat s)
{
	return s == XS_MEAN ? "mean" : "p50";
}

static void num(struct sbuf *b, double v)
{
	sbuf_csv_num(b, isfinite(v), v, 1);
	sbuf_putc(b, ',');
}

/* A ratio (4 decimals) and its comma. */
static void ratio_num(struct sbuf *b, double v)
{
	sbuf_csv_num(b, isfinite(v), v, 4);
	sbuf_putc(b, ',');
}

/* Within 5 %, decided on the ratio as the CSV writes it (4 decimals), so a reader
 * of the file reaches the same answer at the boundary. */
static int within(double ratio)
{
	return fabs(round(ratio * 1e4) / 1e4 - 1) <= XC_WITHIN + 1e-9;
}

static void text(struct sbuf *b, const char *s)
{
	sbuf_csv_field(b, s && *s ? s : NULL);
	sbuf_putc(b, ',');
}

static unsigned rounds_ok(const struct xrow *w)
{
	unsigned n = 0;

	for (unsigned r = 0; r < w->nrounds; r++)
		n += w->round[r].their_ok && w->round[r].our_ok;
	return n;
}

/* order, their_rounds_ns and our_rounds_ns: one entry per round, ';'-separated. */
static void round_lists(struct sbuf *b, const struct xrow *w)
{
	for (unsigned r = 0; r < w->nrounds; r++)
		sbuf_printf(b, "%s%s", r ? ";" : "", w->round[r].ours_first ? "ours-first" :
			    "theirs-first");
	sbuf_putc(b, ',');
	for (unsigned r = 0; r < w->nrounds; r++) {
		const struct xround *rd = &w->round[r];
		double v = w->s->stat == XS_MEAN ? rd->their.mean_ns : rd->their.p50_ns;

		sbuf_printf(b, "%s", r ? ";" : "");
		sbuf_csv_num(b, rd->their_ok && isfinite(v), v, 1);
	}
	sbuf_putc(b, ',');
	for (unsigned r = 0; r < w->nrounds; r++) {
		const struct stats *st = &w->round[r].cell.res.st;

		sbuf_printf(b, "%s", r ? ";" : "");
		sbuf_csv_num(b, w->round[r].our_ok, w->s->stat == XS_MEAN ? st->mean : st->p50, 1);
	}
	sbuf_putc(b, ',');
}

static void csv_row(struct sbuf *b, const struct xrow *w)
{
	struct xagg a;
	int ran = w->status == XR_OK || w->status == XR_FAILED || w->status == XR_INTERRUPTED;

	xrow_aggregate(w, &a);
	text(b, w->s->id);
	text(b, w->s->tool);
	text(b, w->version);
	text(b, w->command);
	text(b, w->s->definition);
	text(b, stat_name(w->s->stat));
	text(b, w->s->transport);
	sbuf_printf(b, "%llu,%zu,%u,%d,%d,%u,%u,", (unsigned long long)w->s->size,
		    (size_t)w->s->size + MSG_HDR_SIZE, w->s->their_wire_bytes, w->client_cpu,
		    w->server_cpu, w->nrounds, rounds_ok(w));
	text(b, xrow_status_name(w->status));
	num(b, a.their_ns);
	num(b, a.their_mean_ns);
	num(b, a.their_p50_ns);
	num(b, a.their_p99_ns);
	num(b, a.our_p50_ns);
	num(b, a.our_mean_ns);
	num(b, a.our_p99_ns);
	num(b, a.our_same_ns);
	ratio_num(b, a.ratio);
	ratio_num(b, a.ratio_p50);
	text(b, !isfinite(a.ratio) ? NULL : within(a.ratio) ? "yes" : "no");
	sbuf_printf(b, "%u,", a.pairs);
	ratio_num(b, a.paired_ratio);
	ratio_num(b, a.paired_lo);
	ratio_num(b, a.paired_hi);
	ratio_num(b, a.paired_level);
	if (ran)
		round_lists(b, w);
	else
		sbuf_printf(b, "NA,NA,NA,");
	sbuf_csv_field(b, w->note);
	sbuf_putc(b, '\n');
}

void xreport_csv(struct sbuf *b, const struct xrun *x)
{
	sbuf_printf(b, "%s", csv_header);
	for (size_t i = 0; i < x->n; i++)
		csv_row(b, &x->rows[i]);
}

static void us(char *buf, size_t n, double ns)
{
	if (isfinite(ns))
		snprintf(buf, n, "%.2f us", ns / 1e3);
	else
		snprintf(buf, n, "NA");
}

/* What the paired interval of the per-round ratio says against the 5 % tolerance. */
static const char *paired_reading(const struct xagg *a)
{
	if (a->paired_level < 0.95)
		return "too few rounds for a 95 % interval";
	if (a->paired_lo > 1 + XC_WITHIN)
		return "ours is above theirs by more than 5 %";
	if (a->paired_hi < 1 - XC_WITHIN)
		return "ours is below theirs by more than 5 %";
	if (a->paired_lo >= 1 - XC_WITHIN && a->paired_hi <= 1 + XC_WITHIN)
		return "within 5 %, the whole interval";
	if (a->paired_lo > 1)
		return "ours is above theirs, by less or more than 5 %: undecided";
	if (a->paired_hi < 1)
		return "ours is below theirs, by less or more than 5 %: undecided";
	return "no difference shown, nor one within 5 %: undecided";
}

static void verdict(FILE *f, const struct xrow *w, const struct xagg *a)
{
	const char *st = stat_name(w->s->stat);

	if (w->status != XR_OK && !isfinite(a->ratio)) {
		fprintf(f, "  -> %s: %s\n", xrow_status_name(w->status), w->note);
		return;
	}
	if (within(a->ratio))
		fprintf(f, "  -> within 5 %%: ours %s / %s's %s = %.3f", st, w->s->exe, st, a->ratio);
	else
		fprintf(f, "  -> NOT within 5 %%: ours %s is %.1f %% %s %s's %s (ratio %.3f)", st,
			fabs(a->ratio - 1) * 100, a->ratio > 1 ? "above" : "below", w->s->exe, st,
			a->ratio);
	if (w->s->stat != XS_P50)
		fprintf(f, "; ours p50 / it = %.3f", a->ratio_p50);
	fprintf(f, "%s%s\n", w->status == XR_OK ? "" : "; ", w->status == XR_OK ? "" : w->note);
	if (a->pairs)
		fprintf(f, "     paired over %u round%s: ratio %.3f, %.0f %% interval %.3f-%.3f: %s\n",
			a->pairs, a->pairs == 1 ? "" : "s", a->paired_ratio, 100 * a->paired_level,
			a->paired_lo, a->paired_hi, paired_reading(a));
}

void xreport_table(FILE *f, const struct xrun *x)
{
	fprintf(f, "\n%-26s %20s %10s %11s %8s\n", "row", "theirs (statistic)", "ours p50",
		"ours mean", "ratio");
	for (size_t i = 0; i < x->n; i++) {
		const struct xrow *w = &x->rows[i];
		char t[32], p50[32], mean[32], theirs[64], ratio[16] = "NA";
		struct xagg a;

		xrow_aggregate(w, &a);
		us(t, sizeof(t), a.their_ns);
		us(p50, sizeof(p50), a.our_p50_ns);
		us(mean, sizeof(mean), a.our_mean_ns);
		if (isfinite(a.ratio))
			snprintf(ratio, sizeof(ratio), "%.3f", a.ratio);
		snprintf(theirs, sizeof(theirs), "%s (%s)", t, stat_name(w->s->stat));
		fprintf(f, "%-26s %20s %10s %11s %8s\n", w->s->id, w->status == XR_MISSING ?
			"not installed" : w->status == XR_SKIPPED ? "skipped" : theirs, p50, mean,
			ratio);
		verdict(f, w, &a);
	}
	fprintf(f, "\nWhat the figures are:\n");
	for (size_t i = 0; i < x->n; i++)
		if (i == 0 || x->rows[i].s->definition != x->rows[i - 1].s->definition)
			fprintf(f, "  %s: %s\n", x->rows[i].s->family, x->rows[i].s->definition);
	fprintf(f, "  ipcbench: p50 and mean of the round trips its client timed, one per "
		   "message, after its warm-up (the cell of 'ipcbench run')\n");
	fprintf(f, "\nHow each ran (last round's command):\n");
	for (size_t i = 0; i < x->n; i++)
		if (x->rows[i].status == XR_OK)
			fprintf(f, "  %s: %s\n    %s\n", x->rows[i].s->id, x->rows[i].note,
				x->rows[i].command);
}

struct row *xreport_cells(const struct xrun *x, size_t *n)
{
	size_t k = 0;
	struct row *cells;

	for (size_t i = 0; i < x->n; i++)
		k += x->rows[i].nrounds;
	cells = calloc(k + 1, sizeof(*cells));
	*n = 0;
	for (size_t i = 0; cells && i < x->n; i++)
		for (unsigned r = 0; r < x->rows[i].nrounds; r++)
			if (x->rows[i].round[r].cell.done)
				cells[(*n)++] = x->rows[i].round[r].cell;
	return cells;
}

int xreport_failed(const struct xrun *x)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->rows[i].status == XR_FAILED || x->rows[i].status == XR_INTERRUPTED)
			return 1;
	return 0;
}
