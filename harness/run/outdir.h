/* Where a run's files go: results/<UTC date-time>-<host> (made unique with -2, -3, ...)
 * or the directory asked for, and the results/latest link to the newest run. */
#ifndef IPCBENCH_OUTDIR_H
#define IPCBENCH_OUTDIR_H
#include <stddef.h>

/* Makes outdir (with its parents) if given, else a fresh directory under root; its path
 * goes to dir. Returns 0 or a negative errno. */
int outdir_make(const char *root, const char *outdir, char *dir, size_t n);
/* Points root/latest at dir, atomically; warns on stderr when it cannot. */
void outdir_point_latest(const char *root, const char *dir);

#endif
