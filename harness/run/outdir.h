/* Where a run's files go: results/<UTC date-time>-<host> (made unique with -2, -3, ...)
 * or the directory asked for, and the results/latest link to the newest run. */
#ifndef IPCBENCH_OUTDIR_H
#define IPCBENCH_OUTDIR_H
#include <stddef.h>

/* Makes outdir (with its parents) if given, else a fresh directory under root; its path
 * goes to dir. An outdir that is a symbolic link, another user's (or in another user's
 * directory), or holds an earlier run (meta.csv, results.csv or lrpc.csv) is refused
 * unless force. Returns 0 or a negative errno with the reason, naming the directory and
 * the way out, in why. */
int outdir_make(const char *root, const char *outdir, int force, char *dir, size_t n,
		char *why, size_t whylen);
/* Points root/latest at dir, atomically, when dir is a directory inside root (else
 * leaves it): latest only ever points at a run directory that exists. Warns on stderr
 * when it cannot. */
void outdir_point_latest(const char *root, const char *dir);

#endif
