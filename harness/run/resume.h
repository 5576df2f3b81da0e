/* `ipcbench run --resume DIR`: the configuration comes back from DIR/meta.csv, and the
 * cells already in DIR/results.csv are kept as they are (their lines byte for byte), so
 * only the missing ones run. Every file is checked against the schema first: a problem
 * is an error naming file and line (-EINVAL), and nothing has been written by then. */
#ifndef IPCBENCH_RESUME_H
#define IPCBENCH_RESUME_H
#include "config/config.h"
#include "run/meta.h"
#include "out/tables.h"

/* Loads the run's resolved configuration from DIR/meta.csv into cfg (initialised). */
int resume_load_config(const char *dir, struct run_config *cfg, struct config_error *e);
/* Loads DIR/meta.csv into m: header key,value, every key once. */
int resume_load_meta(const char *dir, struct meta *m, char *err, size_t errlen);
/* Marks the planned rows found in DIR/results.csv as done, with their figures and their
 * line (row.carried); *found says how many. results.csv must have this version's header,
 * every field what its column holds, and every row a planned cell, once; a row with
 * status interrupted is not a result (it runs again). A results.csv that does not exist
 * yet means none. */
int resume_mark_done(const char *dir, struct row *rows, size_t n, size_t *found, char *err,
		     size_t errlen);
/* Puts the spectrum of the kept rows back from DIR/spectrum.csv; each kept row with
 * figures must have all its quantiles there. */
int resume_spectrum(const char *dir, struct row *rows, size_t n, char *err, size_t errlen);
/* parties.csv back into the fan-in rows that are done; those it lacks are run again. */
int resume_parties(const char *dir, struct row *rows, size_t n);

#endif
