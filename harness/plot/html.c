#include <string.h>
#include "plot/html.h"

void html_esc(struct sbuf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': sbuf_printf(b, "&amp;"); break;
		case '<': sbuf_printf(b, "&lt;"); break;
		case '>': sbuf_printf(b, "&gt;"); break;
		case '"': sbuf_printf(b, "&quot;"); break;
		case '\'': sbuf_printf(b, "&#39;"); break;
		default: sbuf_putc(b, *s);
		}
	}
}

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"margin:2em auto;max-width:1260px;padding:0 1em;color:#222;line-height:1.45;"
	"overflow-wrap:break-word}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc}"
	"h3{font-size:1em;margin:.2em 0 .4em}.intro,.count,.cpus{color:#555}.count{font-size:.9em}"
	"nav.toc h2{margin-top:1em}nav.toc ol{columns:2 22em;column-gap:3em;margin:.3em 0}"
	"table{border-collapse:collapse;font-size:.85em}"
	"th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}"
	"th{background:#f2f2f2}.scroll th{position:sticky;top:0}"
	"tr:nth-child(even) td{background:#fafafa}tr.bad td{background:#fde8e0}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td pre{margin:0;font-size:.95em;white-space:pre-wrap}"
	".groups{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(36em,100%),1fr));"
	"gap:1.2em 2em}.group{min-width:0}table.rank{width:100%}"
	"td.name{white-space:nowrap}tr.fastest td{font-weight:600}td.same{color:#666}"
	".ci{color:#666;font-size:.9em}"
	".nofig{font-size:.85em;color:#555;margin:.3em 0}"
	"ul.warnings li{margin:.25em 0}.warn{color:#a33}"
	"details{margin:1em 0}summary{cursor:pointer;font-weight:600}"
	"td.refs a{text-decoration:none;white-space:nowrap}ol.notes{font-size:.85em}"
	".scroll{overflow-x:auto;max-height:40em;overflow-y:auto}"
	"figure{margin:1.5em 0}img{max-width:100%;height:auto;border:1px solid #eee}"
	"figcaption{font-size:.9em;color:#444}"
	".nodata{color:#666;font-style:italic}.footer{color:#888;font-size:.8em;margin-top:3em}"
	".failed{border-left:4px solid #d55e00;padding-left:1em}"
	".failed pre{white-space:pre-wrap;font-size:.85em}"
	" print{.scroll{max-height:none;overflow:visible}a{color:inherit}}";

void html_begin(struct sbuf *b, const char *title)
{
	sbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<title>");
	html_esc(b, title);
	sbuf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", style);
	html_esc(b, title);
	sbuf_printf(b, "</h1>\n");
}

void html_end(struct sbuf *b)
{
	sbuf_printf(b, "</body>\n</html>\n");
}

void html_cell(struct sbuf *b, const char *tag, const char *s)
{
	int pre = s && strchr(s, '\n');

	sbuf_printf(b, "<%s>%s", tag, pre ? "<pre>" : "");
	html_esc(b, s);
	sbuf_printf(b, "%s</%s>", pre ? "</pre>" : "", tag);
}

void html_table_of(struct sbuf *b, const struct csv_table *t, const char *shown,
		   const struct html_cells *cells)
{
	int status = csv_col(t, "status");

	sbuf_printf(b, "<div class=\"scroll\"><table>\n<thead><tr>");
	for (size_t j = 0; j < t->ncols; j++)
		if (!shown || shown[j])
			html_cell(b, "th", t->cols[j]);
	sbuf_printf(b, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < t->nrows; i++) {
		int bad = status >= 0 && strcmp(t->rows[i][status], "ok") != 0;

		sbuf_printf(b, "<tr%s>", bad ? " class=\"bad\"" : "");
		for (size_t j = 0; j < t->ncols; j++)
			if (shown && !shown[j])
				continue;
			else if (cells && (int)j == cells->col)
				cells->cell(b, t->rows[i][j], cells->arg);
			else
				html_cell(b, "td", t->rows[i][j]);
		sbuf_printf(b, "</tr>\n");
	}
	sbuf_printf(b, "</tbody></table></div>\n");
}

void html_table(struct sbuf *b, const struct csv_table *t)
{
	html_table_of(b, t, NULL, NULL);
}
