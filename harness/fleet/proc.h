/* Running the tools a fleet drives (ssh, scp, sbatch, squeue, scontrol, tar, cp), always
 * from an argument vector and never through a shell, so that no host name, path or
 * option can become shell code: stdin from a file or /dev/null, stdout and stderr
 * captured separately. Children die with the caller (PR_SET_PDEATHSIG). */
#ifndef IPCBENCH_FLEET_PROC_H
#define IPCBENCH_FLEET_PROC_H
#include <stddef.h>
#include "text/csv.h"

#define PROC_CAPTURE_MAX (1u << 20) /* bytes kept of each stream; the rest is read and dropped */

struct proc_out {
	struct sbuf out, err;
	int status; /* the exit code, 128 + N for signal N, 127 when it could not be run */
};

/* Runs argv[0] (looked up in PATH) with argv, stdin from in_path (NULL: /dev/null).
 * Returns 0 when it ran (whatever its exit code; see o->status) or a negative errno when
 * it could not be started. */
int proc_run(char *const argv[], const char *in_path, struct proc_out *o);
void proc_out_free(struct proc_out *o);
/* The first non-empty line of s (trimmed), or dflt when there is none. */
void proc_first_line(const struct sbuf *s, const char *dflt, char *out, size_t n);
/* Appends s to b quoted for a POSIX shell: 'as is', with ' written as '\''. */
void sh_quote(struct sbuf *b, const char *s);
/* Appends argv as one shell command line, each word quoted (for logs and scripts). */
void sh_quote_argv(struct sbuf *b, char *const argv[]);

#endif
