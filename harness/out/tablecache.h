/* The lines of results.csv, spectrum.csv and summary.csv kept between the writes of one
 * run. The run rewrites every table after every cell (run/sink.h); a done row's lines do
 * not change, and a key's summary line only when one more of its rows is done, so each is
 * formatted once instead of once per later cell (453 cells of `make run` spent seconds
 * formatting the same lines again). */
#ifndef IPCBENCH_TABLECACHE_H
#define IPCBENCH_TABLECACHE_H
#include <stddef.h>
#include "out/row.h"
#include "text/csv.h"

struct table_cache {
	const struct row *rows; /* the rows it holds lines of */
	size_t n;
	size_t *key;            /* row i's key: the index of the first row with it (agg.h) */
	unsigned *key_done;     /* at a key's index: its done rows when its line was made */
	struct sbuf *results, *spectrum, *summary; /* per row; summary at the key's index */
};

/* c, set up for these rows (anew when they are not the ones it holds); NULL when c is
 * NULL or memory ran out, and then the tables are formatted whole. */
struct table_cache *table_cache_for(struct table_cache *c, const struct row *rows, size_t n);
/* Drops every line (for rows changed after they were done); a zeroed cache is empty. */
void table_cache_forget(struct table_cache *c);

#endif
