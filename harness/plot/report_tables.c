/* The full tables of report.html, folded away below the figures: meta.csv, and summary.csv
 * with its notes as footnotes (a note is the same on many rows: "events NA: cycles, ..."
 * made each row 240 px tall) and without the columns that are NA in every row. */
#include <stdlib.h>
#include <string.h>
#include "plot/html.h"
#include "plot/report_parts.h"

/* The distinct parts of the notes, in order of first appearance: footnote k+1 is v[k]. */
struct footnotes {
	char **v;
	size_t n;
	int oom;
};

static size_t note_id(struct footnotes *f, const char *s, size_t len)
{
	char **v;

	for (size_t k = 0; k < f->n; k++)
		if (strlen(f->v[k]) == len && strncmp(f->v[k], s, len) == 0)
			return k + 1;
	v = realloc(f->v, (f->n + 1) * sizeof(*v));
	if (!v || !(v[f->n] = strndup(s, len))) {
		f->v = v ? v : f->v;
		f->oom = 1;
		return 0;
	}
	f->v = v;
	return ++f->n;
}

/* Length of the first part of a note: up to a "; " outside parentheses. */
static size_t part_len(const char *s)
{
	int depth = 0;
	size_t i = 0;

	for (; s[i]; i++) {
		depth += s[i] == '(' ? 1 : s[i] == ')' && depth > 0 ? -1 : 0;
		if (depth == 0 && s[i] == ';' && s[i + 1] == ' ')
			break;
	}
	return i;
}

/* The note of a row as links to its footnotes (an html_cells writer; arg: the footnotes). */
static void note_cell(struct sbuf *b, const char *note, void *arg)
{
	struct footnotes *f = arg;

	sbuf_printf(b, "<td class=\"refs\">");
	for (const char *p = note ? note : ""; *p;) {
		size_t len = part_len(p), id = note_id(f, p, len);

		if (id)
			sbuf_printf(b, "<a href=\"#note-%zu\">[%zu]</a> ", id, id);
		p += len;
		p += strspn(p, "; ");
	}
	sbuf_printf(b, "</td>");
}

static int all_na(const struct csv_table *t, size_t col)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i][col][0] && strcmp(t->rows[i][col], "NA") != 0)
			return 0;
	return t->nrows > 0;
}

static void summary_part(struct sbuf *b, const struct csv_table *t)
{
	struct footnotes f = { 0 };
	char *shown = calloc(t->ncols + 1, 1);
	size_t hidden = 0;

	if (!shown) {
		b->oom = 1;
		return;
	}
	for (size_t j = 0; j < t->ncols; j++)
		hidden += !(shown[j] = !all_na(t, j));
	sbuf_printf(b, "<details id=\"summary\"><summary>Full summary (summary.csv: %zu rows, "
		       "%zu columns)</summary>\n<p>One row per transport, mode, size and CPU pair "
		       "over the repetitions; times in ns; rows that did not end ok are marked. Notes "
		       "are footnotes, one per distinct note.", t->nrows, t->ncols);
	if (hidden) {
		sbuf_printf(b, " Not shown, NA in every row:");
		for (size_t j = 0, k = 0; j < t->ncols; j++)
			if (!shown[j]) {
				sbuf_printf(b, "%s ", k++ ? "," : "");
				html_esc(b, t->cols[j]);
			}
		sbuf_printf(b, ".");
	}
	sbuf_printf(b, "</p>\n");
	html_table_of(b, t, shown, &(struct html_cells){ csv_col(t, "note"), note_cell, &f });
	if (f.n)
		sbuf_printf(b, "<ol class=\"notes\">\n");
	for (size_t k = 0; k < f.n; k++) {
		sbuf_printf(b, "<li id=\"note-%zu\">", k + 1);
		html_esc(b, f.v[k]);
		sbuf_printf(b, "</li>\n");
		free(f.v[k]);
	}
	sbuf_printf(b, "%s</details>\n", f.n ? "</ol>\n" : "");
	b->oom |= f.oom;
	free(f.v);
	free(shown);
}

void report_tables(struct sbuf *b, const struct run_dir *r)
{
	sbuf_printf(b, "<h2 id=\"tables\">Metadata and full tables</h2>\n<details id=\"run\">"
		       "<summary>Run metadata (meta.csv: machine, kernel, clock, floors, "
		       "configuration)</summary>\n<p>Directory ");
	html_esc(b, r->path);
	sbuf_printf(b, ".</p>\n");
	if (r->present[RF_META] && !r->err[RF_META][0])
		html_table(b, &r->t[RF_META]);
	else
		sbuf_printf(b, "<p class=\"nodata\">No meta.csv in this run.</p>\n");
	sbuf_printf(b, "</details>\n");
	summary_part(b, &r->t[RF_SUMMARY]);
}
