/* The cells of a run, in the order they run: for every sweep, its repetitions (outermost,
 * so slow drift spreads over all keys), its CPU pairs (placement classes resolved on the
 * topology, a core-pair matrix, or the explicit pair), its transports and sizes. Pairs
 * that do not exist here become skipped rows with the reason. */
#ifndef IPCBENCH_PLAN_H
#define IPCBENCH_PLAN_H
#include "config/config.h"
#include "out/tables.h"
#include "sys/topology.h"

int plan_rows(const struct run_config *cfg, const struct topology *t, struct row **rows,
	      size_t *n);
/* 0 when no two rows have the same key (every setting and the repetition); else -EEXIST
 * with the two sweeps and the cell in why: such a run could not tell its rows apart. */
int plan_check_unique(const struct row *rows, size_t n, char *why, size_t whylen);

#endif
