/* A Markdown summary of a comparison, for a pull-request or merge-request comment. */
#include <errno.h>
#include <string.h>
#include "sys/files.h"
#include "compare/compare.h"

void sbuf_md_cell(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			sbuf_putc(b, ' ');
		else if (*s == '<')
			sbuf_printf(b, "&lt;");
		else if (*s == '>')
			sbuf_printf(b, "&gt;");
		else if (*s == '&')
			sbuf_printf(b, "&amp;");
		else if (strchr("|\\`*_[]#~", *s))
			sbuf_printf(b, "\\%c", *s);
		else
			sbuf_putc(b, *s);
	}
}

static void md_headline(struct sbuf *b, const struct cmp_report *r)
{
	const struct cmp_opts *o = r->o;
	size_t reg = r->count[CMP_REGRESSED];

	if (reg)
		sbuf_printf(b, "### ipcbench: %zu of %zu keys regressed\n\n", reg, r->tested);
	else
		sbuf_printf(b, "### ipcbench: no regression (%zu key%s)\n\n", r->tested,
			    r->tested == 1 ? "" : "s");
	sbuf_md_cell(b, o->metric);
	sbuf_printf(b, ", current / baseline. A key regresses when the exact Mann-Whitney U "
		       "test is significant at alpha %g after Holm correction over %zu key%s and "
		       "the whole %.0f%% bootstrap interval of the ratio of medians lies %s %.3f "
		       "(threshold %g%%).\n\n", o->alpha, r->tested, r->tested == 1 ? "" : "s",
		    CMP_CONF * 100,
		    r->higher_better ? "below" : "above",
		    r->higher_better ? 1 / (1 + o->threshold) : 1 + o->threshold,
		    o->threshold * 100);
}

static void md_row(struct sbuf *b, const struct cmp_entry *e)
{
	sbuf_printf(b, "| ");
	sbuf_md_cell(b, e->label);
	sbuf_printf(b, " | %zu/%zu |", e->b ? e->b->n : 0, e->c ? e->c->n : 0);
	if (e->verdict <= CMP_NO_RATIO)
		sbuf_printf(b, " %.1f | %.1f | %.3f | %.3f–%.3f | %.2g | %.2g |", e->med_b, e->med_c,
			    e->ci.ratio, e->ci.lo, e->ci.hi, e->mw.p, e->p_holm);
	else
		sbuf_printf(b, " | | | | | |");
	sbuf_printf(b, e->verdict == CMP_REGRESSED ? " **%s** |\n" : " %s |\n",
		    cmp_verdict_name(e->verdict));
}

int cmp_write_markdown(const struct cmp_report *r, const char *path)
{
	struct sbuf b = { 0 };
	int rc;

	md_headline(&b, r);
	sbuf_printf(&b, "| key | reps | baseline | current | ratio | 95%% CI | p | Holm p | "
			"verdict |\n|---|---:|---:|---:|---:|:---:|---:|---:|---|\n");
	for (size_t i = 0; i < r->n; i++)
		md_row(&b, &r->e[i]);
	sbuf_printf(&b, "\nBaseline: ");
	sbuf_md_cell(&b, r->side[0]);
	sbuf_printf(&b, "  \nCurrent: ");
	sbuf_md_cell(&b, r->side[1]);
	sbuf_printf(&b, "\n");
	rc = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return rc;
}
