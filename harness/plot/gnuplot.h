/* Running the gnuplot scripts of plots/: finding gnuplot and the scripts, writing the
 * variables a script reads (gnuplot -e "name='value'; ..."), and running one script with
 * everything it prints captured: ipcbench's scripts print nothing when all is well. */
#ifndef IPCBENCH_GNUPLOT_H
#define IPCBENCH_GNUPLOT_H
#include <limits.h>
#include <sys/types.h>
#include "text/csv.h"

struct gp_env {
	char exe[PATH_MAX];     /* gnuplot, from PATH */
	char scripts[PATH_MAX]; /* the plots/ directory */
};

/* Finds gnuplot in PATH and the scripts in $IPCBENCH_PLOTS or else in plots/ next to the
 * ipcbench executable. On error returns a negative errno and says what to do in err
 * (for a missing gnuplot: the Debian package to install). */
int gp_find(struct gp_env *env, char *err, size_t errlen);

/* Append one assignment to b: a string (quoted for gnuplot; line breaks become blanks),
 * a number (NaN when not finite) or an integer. */
void gp_str(struct sbuf *b, const char *name, const char *value);
void gp_num(struct sbuf *b, const char *name, double value);
void gp_int(struct sbuf *b, const char *name, long long value);

/* Runs `gnuplot -d -e VARS SCRIPT` (no init file, stdin from /dev/null) and collects
 * its stdout and stderr into out. Returns 0 when it exited 0 and printed nothing,
 * -EPROTO when it printed something or failed (its words are in out), or another
 * negative errno when it could not be run. */
int gp_run(const struct gp_env *env, const char *script, const char *vars, struct sbuf *out);

/* The same in two halves, so that several gnuplots can run at once: gp_start forks one
 * (its output goes to a pipe), gp_finish collects its output and exit status. */
struct gp_job {
	pid_t pid;
	int fd;
};
int gp_start(const struct gp_env *env, const char *script, const char *vars, struct gp_job *j);
int gp_finish(struct gp_job *j, struct sbuf *out);

#endif
