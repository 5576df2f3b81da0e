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
	size_t reg = r->count[CMP_REGRESSED], incl = r->count[CMP_INCONCLUSIVE];

	if (reg)
		sbuf_printf(b, "### ipcbench: %zu of %zu keys regressed\n\n", reg, r->tested);
	else if (incl)
		sbuf_printf(b, "### ipcbench: INCONCLUSIVE: %zu key%s could not be decided%s\n\n",
			    incl, incl == 1 ? "" : "s",
			    o->allow_inconclusive ? " (allowed by --allow-inconclusive)" : "");
	else
		sbuf_printf(b, "### ipcbench: no regression (%zu key%s)\n\n", r->tested,
			    r->tested == 1 ? "" : "s");
	for (int s = 0; s < 2; s++)
		if (r->inject[s][0])
			sbuf_printf(b, "**Test-only run:** the %s side ran with --inject-slowdown %s "
				       "(slowed on purpose).\n\n", s ? "current" : "baseline",
				    r->inject[s]);
	sbuf_md_cell(b, o->metric);
	sbuf_printf(b, ", current / baseline. A key regresses when %s is significant at alpha "
		       "%g after Holm correction over %zu key%s and the whole %.0f%% %s lies %s "
		       "%.3f (threshold %g%%); it is inconclusive when the interval reaches past "
		       "that without lying wholly beyond it, or the data cannot decide. ",
		    cmp_design_test(r->design), o->alpha, r->tested, r->tested == 1 ? "" : "s",
		    CMP_CONF * 100, cmp_design_interval(r->design),
		    r->higher_better ? "below" : "above",
		    r->higher_better ? 1 / (1 + o->threshold) : 1 + o->threshold,
		    o->threshold * 100);
	sbuf_md_cell(b, r->drift);
	sbuf_printf(b, ".\n\n");
}

/* The detectable change overall, and a warning when it is above the threshold. */
static void md_power(struct sbuf *b, const struct cmp_report *r)
{
	char mdc[32];

	if (r->tested == 0)
		return;
	cmp_mdc_text(&r->e[r->mdc_worst], mdc, sizeof(mdc));
	sbuf_printf(b, "\nDetectable change (%.0f%% power at alpha/%zu = %.3g): %s in the least "
		       "sensitive key (", CMP_POWER * 100, r->tested, r->mdc_alpha, mdc);
	sbuf_md_cell(b, r->e[r->mdc_worst].label);
	sbuf_printf(b, "); a smaller change there would likely be missed.\n");
	if (r->underpowered)
		sbuf_printf(b, "\n**Warning: %zu of %zu keys could not see a %g%% change (the "
			       "threshold).** A regression of that size would likely pass "
			       "unnoticed.\n", r->underpowered, r->tested, r->o->threshold * 100);
}

static void md_row(struct sbuf *b, const struct cmp_entry *e)
{
	char mdc[32];

	sbuf_printf(b, "| ");
	sbuf_md_cell(b, e->label);
	sbuf_printf(b, " | %zu/%zu |", e->tested ? e->n_b : e->b ? e->b->n : 0,
		    e->tested ? e->n_c : e->c ? e->c->n : 0);
	cmp_mdc_text(e, mdc, sizeof(mdc));
	if (e->tested)
		sbuf_printf(b, " %.1f | %.1f | %.3f | %.3f–%.3f | %.2g | %.2g | %s |", e->med_b,
			    e->med_c, e->ci.ratio, e->ci.lo, e->ci.hi, e->p, e->p_holm, mdc);
	else
		sbuf_printf(b, " | | | | | | |");
	if (e->verdict == CMP_REGRESSED || e->verdict == CMP_INCONCLUSIVE)
		sbuf_printf(b, " **%s**", cmp_verdict_name(e->verdict));
	else
		sbuf_printf(b, " %s", cmp_verdict_name(e->verdict));
	if (e->verdict == CMP_INCONCLUSIVE) {
		sbuf_printf(b, ": ");
		sbuf_md_cell(b, e->reason);
	}
	sbuf_printf(b, " |\n");
}

int cmp_write_markdown(const struct cmp_report *r, const char *path)
{
	struct sbuf b = { 0 };
	int rc;

	md_headline(&b, r);
	sbuf_printf(&b, "| key | reps | baseline | current | ratio | 95%% CI | p | Holm p | "
			"detectable | verdict |\n|---|---:|---:|---:|---:|:---:|---:|---:|---:|---|\n");
	for (size_t i = 0; i < r->n; i++)
		md_row(&b, &r->e[i]);
	md_power(&b, r);
	sbuf_printf(&b, "\nBaseline: ");
	sbuf_md_cell(&b, r->side[0]);
	sbuf_printf(&b, "  \nCurrent: ");
	sbuf_md_cell(&b, r->side[1]);
	sbuf_printf(&b, "\n");
	rc = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return rc;
}
