/* The full table of a run on the terminal (out/rank.h has the ranked answer). */
#ifndef IPCBENCH_TERMINAL_H
#define IPCBENCH_TERMINAL_H
#include <stdio.h>
#include "out/row.h"

/* Every key, grouped by mode and CPU pair; keys without a figure one line per transport. */
void terminal_table(FILE *f, const struct row *rows, size_t n);
/* The placement classes this machine lacks, once each with the reason. */
void terminal_skipped(FILE *f, const struct row *rows, size_t n);

#endif
