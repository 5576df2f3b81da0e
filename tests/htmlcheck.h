/* Test support: a small well-formedness check of the HTML ipcbench writes (every element
 * opened is closed, in order; void elements excepted) and the file links in it. */
#ifndef IPCBENCH_HTMLCHECK_H
#define IPCBENCH_HTMLCHECK_H
#include <stddef.h>

/* 0 when html is balanced; else -1 with what is wrong in err. */
int html_check(const char *html, char *err, size_t errlen);
/* Values of the src="..." and href="..." attributes, in order, into links[0..max);
 * returns how many there are (possibly more than max). */
size_t html_links(const char *html, char links[][512], size_t max);

#endif
