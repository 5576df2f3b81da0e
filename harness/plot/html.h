/* Building a static HTML page: escaping, the page frame with its inline style sheet, and
 * tables. No scripts, nothing loaded from elsewhere. */
#ifndef IPCBENCH_HTML_H
#define IPCBENCH_HTML_H
#include "text/csv.h"
#include "text/csvread.h"

/* Appends s with &, <, >, " and ' escaped; NULL as nothing. */
void html_esc(struct sbuf *b, const char *s);
/* Doctype, head (charset, title, style) and the opening of the body with an h1. */
void html_begin(struct sbuf *b, const char *title);
void html_end(struct sbuf *b);
/* One table cell <tag>s</tag>; a value of several lines is kept preformatted. */
void html_cell(struct sbuf *b, const char *tag, const char *s);
/* The whole table; a row whose column status is not "ok" is marked (class "bad"). */
void html_table(struct sbuf *b, const struct csv_table *t);
/* The same with only the columns j where shown[j] (NULL: all), and the cells of column
 * cells->col (when cells is not NULL) written by cells->cell as a whole <td>. */
struct html_cells {
	int col;
	void (*cell)(struct sbuf *b, const char *value, void *arg);
	void *arg;
};
void html_table_of(struct sbuf *b, const struct csv_table *t, const char *shown,
		   const struct html_cells *cells);

#endif
