/* Figures to text: results.csv (one row per cell), summary.csv (one row per key,
 * aggregated over repetitions) and the terminal table. Reads rows, never measures. */
#ifndef IPCBENCH_REPORT_H
#define IPCBENCH_REPORT_H
#include <stdio.h>
#include "cell/cell.h"
#include "config/config.h"
#include "text/csv.h"
#include "out/row.h"
#include "out/tablecache.h"

/* struct row: out/row.h */

/* The three take a cache (out/tablecache.h) that keeps the lines made between one run's
 * writes, or NULL to format all of them. */
/* Appends results.csv text for the rows that are done. */
void report_results_csv(struct sbuf *b, const struct row *rows, size_t n,
			struct table_cache *cache);
/* Appends summary.csv text: one line per (sweep, transport, size, CPUs) key. */
void report_summary_csv(struct sbuf *b, const struct row *rows, size_t n,
			struct table_cache *cache);
/* Appends spectrum.csv text: the latency at fixed quantiles (p0 ... p100) of each cell
 * that measured, long form, for the percentile-spectrum plot. */
void report_spectrum_csv(struct sbuf *b, const struct row *rows, size_t n,
			 struct table_cache *cache);
/* Its header line, which resume checks. */
extern const char spectrum_csv_header[];
/* Appends matrix.csv text: one line per (transport, size, client CPU, server CPU) of the
 * sweeps that are core-pair matrices, for the heatmap. */
void report_matrix_csv(struct sbuf *b, const struct row *rows, size_t n);

#endif
