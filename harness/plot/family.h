/* Families of transports, for figures with many lines: a figure of every transport is a
 * grey mass, so above FAMILY_SPLIT_ABOVE transports each family gets its own figure (with
 * the axes of the whole placement, so that they compare). */
#ifndef IPCBENCH_FAMILY_H
#define IPCBENCH_FAMILY_H
#include "text/csv.h"

enum fig_family { FF_SYSCALL, FF_SOCKET, FF_SHM, FF_NOTIFY, FF_LRPC, FF_OTHER, FF_N };

struct family_info {
	const char *tag;     /* in file names */
	const char *title;   /* in titles and captions */
};
extern const struct family_info families[FF_N];

/* More transports than this in one figure: one figure per family instead. */
#define FAMILY_SPLIT_ABOVE 8
#define FAMILY_SPLIT_TEXT "8" /* the same, for texts */

/* The family of a transport (its .family in bench/); FF_OTHER for a name this build does
 * not know. */
enum fig_family family_of(const char *transport);
/* The words of list that belong to family f, in list order, appended to out. */
void family_words(const char *list, enum fig_family f, struct sbuf *out);

#endif
