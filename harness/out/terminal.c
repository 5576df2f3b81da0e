/* The full table on the terminal: one group per mode and CPU pair, one line per key
 * with honest column names (latency: round trips; bandwidth: time per message and bytes
 * per second), and the keys that gave no figure summarized in one line per transport. */
#include <math.h>
#include <string.h>
#include "out/agg.h"
#include "out/label.h"
#include "out/rank.h"
#include "out/terminal.h"
#include "text/parse.h"

static int same_group(const struct row *a, const struct row *b)
{
	return a->set.mode == b->set.mode && a->set.client_cpu == b->set.client_cpu &&
	       a->set.server_cpu == b->set.server_cpu && strcmp(a->placement, b->placement) == 0;
}

static void heading(FILE *f, const struct row *r)
{
	int bw = r->set.mode == MODE_BANDWIDTH;

	fprintf(f, "\n%s, %s (client CPU %d, server CPU %d)\n", cell_mode_name(r->set.mode),
		r->placement, r->set.client_cpu, r->set.server_cpu);
	fprintf(f, "  %-24s %8s %5s %11s %25s %11s %13s%s\n", "transport", "size", "ok",
		bw ? "p50/msg" : "p50 rt", "95% interval of the p50", bw ? "p99/msg" : "p99 rt",
		bw ? "msgs/s" : "round trips/s", bw ? "        GB/s" : "");
}

static void key_line(FILE *f, const struct row *r, const struct agg *a)
{
	char sz[32], p50[32], lo[32], hi[32], p99[32], ci[64], label[80];

	row_label(r, label, sizeof(label));
	format_bytes(r->size, sz, sizeof(sz));
	rank_time(a->p50.median, p50, sizeof(p50));
	rank_time(a->p50.lo, lo, sizeof(lo));
	rank_time(a->p50.hi, hi, sizeof(hi));
	rank_time(a->reps_p99 ? a->p99 : NAN, p99, sizeof(p99));
	snprintf(ci, sizeof(ci), a->reps_ok > 1 ? "[%s, %s] %.0f%%" : "one repetition", lo, hi,
		 a->p50.level * 100);
	fprintf(f, "  %-24s %8s %2u/%-2u %*s %*s %*s %13.0f", label, sz, a->reps_ok, a->reps,
		11 + rank_extra_bytes(p50), p50, 25 + rank_extra_bytes(ci), ci,
		11 + rank_extra_bytes(p99), p99, a->rate);
	if (r->set.mode == MODE_BANDWIDTH)
		fprintf(f, " %11.2f", a->rate * (double)r->size / 1e9);
	fputc('\n', f);
	if (a->bad)
		fprintf(f, "  %-24s %u of %u not ok: %s: %.90s\n", "", a->reps - a->reps_ok, a->reps,
			cell_status_name(a->bad->res.status), a->bad->res.note);
}

/* x gave no figure and belongs on the "no figure" line of y: same group, transport, load
 * and status. */
static int same_missing(const struct row *x, const struct row *y)
{
	return same_group(x, y) && x->t == y->t && cell_same_load(&x->set, &y->set) &&
	       x->res.status == y->res.status && !x->res.has_stats;
}

/* The keys of a transport in this group that gave no figure, in one line. */
static void missing_line(FILE *f, const struct row *rows, size_t n, size_t at)
{
	const struct row *first = &rows[at];
	char sz[32], label[80];

	row_label(first, label, sizeof(label));
	fprintf(f, "  %-24s %s at", label, cell_status_name(first->res.status));
	for (size_t i = at; i < n; i++)
		if (agg_first_of_key(rows, i) && same_missing(&rows[i], first)) {
			format_bytes(rows[i].size, sz, sizeof(sz));
			fprintf(f, " %s", sz);
		}
	fprintf(f, "%s%.100s%s\n", first->res.note[0] ? " (" : "", first->res.note,
		first->res.note[0] ? ")" : "");
}

/* Whether rows[i] starts a new "no figure" line: the first such key of its transport and
 * status in the group. */
static int first_missing(const struct row *rows, size_t i, const struct agg *a)
{
	if (a->reps_ok)
		return 0;
	for (size_t j = 0; j < i; j++)
		if (agg_first_of_key(rows, j) && same_missing(&rows[j], &rows[i]))
			return 0;
	return 1;
}

void terminal_table(FILE *f, const struct row *rows, size_t n)
{
	for (size_t g = 0; g < n; g++) {
		int seen = 0;

		if (!rows[g].done || rows[g].set.client_cpu < 0)
			continue;
		for (size_t j = 0; j < g && !seen; j++)
			seen = rows[j].done && same_group(&rows[j], &rows[g]);
		if (seen)
			continue;
		heading(f, &rows[g]);
		for (int pass = 0; pass < 2; pass++) /* the figures, then what gave none */
			for (size_t i = g; i < n; i++) {
				struct agg a;

				if (!agg_first_of_key(rows, i) || !same_group(&rows[i], &rows[g]))
					continue;
				agg_key(rows, n, i, &a);
				if (pass == 0 && a.reps_ok)
					key_line(f, &rows[i], &a);
				else if (pass == 1 && first_missing(rows, i, &a))
					missing_line(f, rows, n, i);
			}
	}
}

void terminal_skipped(FILE *f, const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int seen = 0;

		if (!rows[i].done || rows[i].res.status != CELL_SKIPPED)
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = rows[j].res.status == CELL_SKIPPED &&
			       strcmp(rows[j].placement, rows[i].placement) == 0;
		if (!seen)
			fprintf(f, "skipped %s: %s\n", rows[i].placement, rows[i].res.note);
	}
}
