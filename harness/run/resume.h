/* `ipcbench run --resume DIR`: the configuration comes back from DIR/meta.csv, and the
 * cells already in DIR/results.csv are kept as they are, so only the missing ones run. */
#ifndef IPCBENCH_RESUME_H
#define IPCBENCH_RESUME_H
#include "config/config.h"
#include "run/meta.h"
#include "out/tables.h"

/* Loads the run's resolved configuration from DIR/meta.csv into cfg (initialised). */
int resume_load_config(const char *dir, struct run_config *cfg, struct config_error *e);
/* Loads DIR/meta.csv into m. */
int resume_load_meta(const char *dir, struct meta *m, char *err, size_t errlen);
/* Marks the planned rows found in DIR/results.csv as done, with their figures; *found
 * says how many. A results.csv that does not exist yet means none. */
int resume_mark_done(const char *dir, struct row *rows, size_t n, size_t *found, char *err,
		     size_t errlen);

/* Puts the spectrum of the done rows back from DIR/spectrum.csv. */
int resume_spectrum(const char *dir, struct row *rows, size_t n);
/* parties.csv back into the fan-in rows that are done; those it lacks are run again. */
int resume_parties(const char *dir, struct row *rows, size_t n);

#endif
