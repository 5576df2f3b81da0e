/* Files and directories as ipcbench writes them: durably and atomically (readers see the
 * old file or the new one, never a part), never through a link someone planted, and the
 * directories, locks and private temp dirs around them. Every file ipcbench writes goes
 * through write_file_atomic or write_file_at. */
#ifndef IPCBENCH_FILES_H
#define IPCBENCH_FILES_H
#include <stddef.h>
#include <sys/types.h>

/* Replaces path with data atomically: a temp file NAME.tmp-<random> made with O_EXCL in
 * path's own directory, written, fsync'd, renamed over path, the directory fsync'd. A
 * symbolic link at path is refused (-ELOOP) and left alone, so is a directory (-EISDIR).
 * Returns 0 or a negative errno (-ENOSPC, -EIO, ... from write or fsync); on error the
 * old file is untouched and no temp file is left. */
int write_file_atomic(const char *path, const char *data, size_t len);
/* The same for name (no '/') in the directory open as dirfd. */
int write_file_at(int dirfd, const char *name, const char *data, size_t len);
/* mkdir -p with mode 0755; -ENAMETOOLONG past PATH_MAX. */
int mkdir_p(const char *path);
/* 0 when path is a directory (not a symbolic link: -ELOOP) that the caller owns, in a
 * parent where no one else can rename it (the caller's, root's not writable by others,
 * or sticky like /tmp); else -EPERM with the other owner in *who, -ENOTDIR, -errno. */
int dir_check_trusted(const char *path, uid_t *who);
/* Removes directory name (relative to parentfd; never through a link) after the plain
 * files in it that belong to owner ((uid_t)-1: anyone's); never descends. Returns how
 * many files it removed, or a negative errno when the directory could not go. */
int dir_remove_files(int parentfd, const char *name, uid_t owner);

/* A lock file held while a process lives (flock; the kernel releases it when the process
 * dies, however it dies: a stale lock is taken over). Returns the open fd, holding the
 * lock with the caller's pid in the file; -EBUSY with the holder's pid in *holder while
 * another process holds it; another negative errno. */
int lock_take(const char *path, pid_t *holder);
/* Removes the lock file and releases the lock (fd < 0: nothing to do). */
void lock_release(int fd, const char *path);

#endif
