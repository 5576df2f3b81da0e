/* JUnit XML for CI systems (GitLab, Jenkins, GitHub test-report actions): one testcase per
 * key of a comparison. */
#include <errno.h>
#include <stdio.h>
#include "sys/files.h"
#include "compare/compare.h"

void sbuf_xml_text(struct sbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': sbuf_printf(b, "&amp;"); break;
		case '<': sbuf_printf(b, "&lt;"); break;
		case '>': sbuf_printf(b, "&gt;"); break;
		case '"': sbuf_printf(b, "&quot;"); break;
		case '\'': sbuf_printf(b, "&apos;"); break;
		case '\t': case '\n': case '\r': sbuf_printf(b, "&#%d;", *p); break;
		default: sbuf_putc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
		}
	}
}

static void property(struct sbuf *b, const char *name, const char *value)
{
	sbuf_printf(b, "      <property name=\"%s\" value=\"", name);
	sbuf_xml_text(b, value);
	sbuf_printf(b, "\"/>\n");
}

static void properties(struct sbuf *b, const struct cmp_report *r)
{
	char v[64];

	sbuf_printf(b, "    <properties>\n");
	property(b, "baseline", r->side[0]);
	property(b, "current", r->side[1]);
	property(b, "metric", r->o->metric);
	snprintf(v, sizeof(v), "%g%%", r->o->threshold * 100);
	property(b, "threshold", v);
	snprintf(v, sizeof(v), "%g", r->o->alpha);
	property(b, "alpha", v);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)r->o->seed);
	property(b, "seed", v);
	property(b, "design", r->drift);
	if (r->tested) {
		cmp_mdc_text(&r->e[r->mdc_worst], v, sizeof(v));
		property(b, "detectable_change", v); /* the least sensitive tested key's */
		snprintf(v, sizeof(v), "%.3g", r->mdc_alpha);
		property(b, "detectable_change_alpha", v);
		snprintf(v, sizeof(v), "%zu", r->underpowered);
		property(b, "keys_less_sensitive_than_threshold", v);
	}
	for (int s = 0; s < 2; s++)
		if (r->inject[s][0])
			property(b, s ? "current_inject_slowdown_test_only"
				      : "baseline_inject_slowdown_test_only", r->inject[s]);
	sbuf_printf(b, "    </properties>\n");
}

/* <TAG type="TYPE" message="MSG">MSG</TAG> */
static void element(struct sbuf *b, const char *tag, const char *type, const char *msg)
{
	sbuf_printf(b, "      <%s type=\"%s\" message=\"", tag, type);
	sbuf_xml_text(b, msg);
	sbuf_printf(b, "\">");
	sbuf_xml_text(b, msg);
	sbuf_printf(b, "</%s>\n", tag);
}

/* The body of one testcase: failure for a regression, error for an inconclusive key
 * (skipped with --allow-inconclusive), skipped for a new key, the evidence as
 * system-out otherwise. */
static void testcase_body(struct sbuf *b, const struct cmp_report *r,
			  const struct cmp_entry *e)
{
	struct sbuf ev = { 0 }, msg = { 0 };

	if (e->tested)
		cmp_entry_evidence(e, &ev);
	if (e->verdict == CMP_REGRESSED) {
		sbuf_printf(&msg, "%s regressed by more than %g%%: %s", r->o->metric,
			    r->o->threshold * 100, ev.p);
		element(b, "failure", "regression", msg.p);
	} else if (e->verdict == CMP_INCONCLUSIVE) {
		sbuf_printf(&msg, "inconclusive: %s%s%s", e->reason, ev.p ? "; " : "",
			    ev.p ? ev.p : "");
		if (r->o->allow_inconclusive) {
			sbuf_printf(b, "      <skipped message=\"");
			sbuf_xml_text(b, msg.p);
			sbuf_printf(b, " (allowed by --allow-inconclusive)\"/>\n");
		} else {
			element(b, "error", "inconclusive", msg.p);
		}
	} else if (e->verdict == CMP_NEW) {
		sbuf_printf(b, "      <skipped message=\"not compared: %s\"/>\n",
			    cmp_verdict_name(e->verdict));
	} else {
		sbuf_printf(b, "      <system-out>%s: ", cmp_verdict_name(e->verdict));
		sbuf_xml_text(b, ev.p ? ev.p : "");
		sbuf_printf(b, "</system-out>\n");
	}
	sbuf_free(&ev);
	sbuf_free(&msg);
}

int cmp_write_junit(const struct cmp_report *r, const char *path)
{
	struct sbuf b = { 0 };
	size_t fails = r->count[CMP_REGRESSED], incl = r->count[CMP_INCONCLUSIVE];
	size_t errors = r->o->allow_inconclusive ? 0 : incl;
	size_t skipped = r->count[CMP_NEW] + (r->o->allow_inconclusive ? incl : 0);
	int rc;

	sbuf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sbuf_printf(&b, "<testsuites name=\"ipcbench compare\" tests=\"%zu\" failures=\"%zu\" "
			"errors=\"%zu\">\n", r->n, fails, errors);
	sbuf_printf(&b, "  <testsuite name=\"ipcbench compare ");
	sbuf_xml_text(&b, r->o->metric);
	sbuf_printf(&b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
			"time=\"0\">\n", r->n, fails, errors, skipped);
	properties(&b, r);
	for (size_t i = 0; i < r->n; i++) {
		sbuf_printf(&b, "    <testcase classname=\"ipcbench.");
		sbuf_xml_text(&b, r->e[i].transport);
		sbuf_printf(&b, "\" name=\"");
		sbuf_xml_text(&b, r->e[i].label);
		sbuf_printf(&b, "\" time=\"0\">\n");
		testcase_body(&b, r, &r->e[i]);
		sbuf_printf(&b, "    </testcase>\n");
	}
	sbuf_printf(&b, "  </testsuite>\n</testsuites>\n");
	rc = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return rc;
}
