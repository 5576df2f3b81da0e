/* Names for IPC objects that must have one (POSIX shm/mq/sem, private temp directories):
 * a fixed prefix, the creating pid (so `ipcbench clean` can tell leftovers of dead runs)
 * and 64 random bits (so no other user can guess and pre-create or open them). */
#ifndef IPCBENCH_NAMES_H
#define IPCBENCH_NAMES_H
#include <stddef.h>
#include <sys/types.h>

#define IPC_NAME_PREFIX "ipcbench."

/* "/ipcbench.<pid>.<tag>.<16 hex digits>": for shm_open, mq_open, sem_open. */
int ipc_name(char *buf, size_t len, const char *tag);
/* Creates a private (0700) directory "<TMPDIR or /tmp>/ipcbench.<pid>.XXXXXX". */
int ipc_tmpdir_create(char *buf, size_t len);
/* Removes the directory and whatever files were left in it; returns how many were. */
int ipc_tmpdir_remove(const char *dir);
/* Removes the POSIX shm and mq names of a process that has ended (a cell's child that
 * died before it could remove its own); returns how many there were. */
int ipc_names_remove_of(int pid);

/* System V objects have no name to find them by, so each is created with a random key
 * (IPC_CREAT | IPC_EXCL, mode 0600: as private as IPC_PRIVATE) AFTER an empty marker file
 * "sysv-KIND.KEY" is made in the cell's private temp dir, and the marker goes when the
 * object does. If the harness is killed at any moment, `ipcbench clean` finds the markers
 * of dead runs and removes their objects. kind: "msg", "sem" (arg: number of semaphores)
 * or "shm" (arg: size). Returns the id or a negative errno. */
int ipc_sysv_get(const char *tmpdir, const char *kind, size_t arg, key_t *key);
void ipc_sysv_forget(const char *tmpdir, const char *kind, key_t key);

#endif
