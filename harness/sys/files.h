/* Files and directories as ipcbench writes them: durably and atomically (readers see the
 * old file or the new one, never a part), directories made as needed. */
#ifndef IPCBENCH_FILES_H
#define IPCBENCH_FILES_H
#include <stddef.h>

/* Replaces path with data atomically (temp file, fsync, rename, fsync of the directory).
 * Returns 0 or a negative errno. */
int write_file_atomic(const char *path, const char *data, size_t len);
/* mkdir -p with mode 0755; -ENAMETOOLONG past PATH_MAX. */
int mkdir_p(const char *path);

#endif
