/* What a run says besides its CSV files (run/summary.c). */
#ifndef IPCBENCH_RUN_SUMMARY_H
#define IPCBENCH_RUN_SUMMARY_H
#include "config/config.h"
#include "out/row.h"

/* Transports per group of the ranking at the end of a run (ipcbench show: all). */
#define RUN_TOP 8

/* --dry-run: the configuration planned on this machine and its estimated time. */
int run_dry(struct run_config *cfg);
/* --export-json, --export-markdown; 0 or a negative errno (said on stderr). */
int run_export_ranking(const struct run_config *cfg, const struct row *rows, size_t n);
/* The ranking, or with --table every key; then the placement classes this machine lacks. */
void run_tell_results(const struct run_config *cfg, const struct row *rows, size_t n,
		      const char *dir);

#endif
