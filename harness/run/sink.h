/* The run directory while a run writes it: the lock that keeps a second process (a
 * resume) out while the run lives, a little disk space set aside so that meta.csv can
 * still say why the run stopped when the disk fills, and the CSV files rewritten after
 * every cell. The first write error stops the sweep; every file on disk stays a valid
 * earlier version, and results.csv, written last after each cell, is the record of which
 * cells are done. */
#ifndef IPCBENCH_SINK_H
#define IPCBENCH_SINK_H
#include <stddef.h>
#include <sys/types.h>
#include "out/row.h"
#include "out/tablecache.h"
#include "run/meta.h"

#define SINK_LOCK ".ipcbench.lock"
#define SINK_RESERVE ".ipcbench.reserve"

struct run_sink {
	const char *dir;
	char lock[4200], reserve[4200];
	int lockfd;
	int err;              /* the first write error (negative errno), 0 while there is none */
	char err_file[32];    /* the file it happened to */
	size_t rows_on_disk;  /* rows in the last results.csv written */
	struct table_cache lines; /* what it wrote of each row (out/tablecache.h) */
};

/* Takes dir's lock: -EBUSY with the pid in *holder while another process holds it;
 * another negative errno when it cannot. */
int sink_open(struct run_sink *s, const char *dir, pid_t *holder);
/* Sets the space aside (after the lock, once the directory is known to be usable). */
int sink_reserve(struct run_sink *s);
/* The tables a run writes besides results.csv, summary.csv and spectrum.csv. */
enum { SINK_MATRIX = 1, SINK_PARTIES = 2 };
/* spectrum.csv, summary.csv, matrix.csv and parties.csv (as extras says), then results.csv,
 * of the done rows; stops at the first failure, which s->err keeps. 0 or that error. */
int sink_write_rows(struct run_sink *s, const struct row *rows, size_t n, unsigned extras);
/* Rows already written changed (bandwidth rows get their floor at the end): the next
 * write formats them anew instead of writing the lines it keeps. */
void sink_rows_changed(struct run_sink *s);
/* meta.csv; after a write error, with the space set aside given back first. */
int sink_write_meta(struct run_sink *s, const struct meta *m);
/* "writing results.csv: No space left on device", for meta.csv and the terminal. */
void sink_error_text(const struct run_sink *s, char *buf, size_t n);
/* Gives back the space and the lock. */
void sink_close(struct run_sink *s);

#endif
