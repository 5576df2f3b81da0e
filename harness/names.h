/* Names for IPC objects that must have one (POSIX shm/mq/sem, private temp directories):
 * a fixed prefix, the creating pid (so `ipcbench clean` can tell leftovers of dead runs)
 * and 64 random bits (so no other user can guess and pre-create or open them). */
#ifndef IPCBENCH_NAMES_H
#define IPCBENCH_NAMES_H
#include <stddef.h>

#define IPC_NAME_PREFIX "ipcbench."

/* "/ipcbench.<pid>.<tag>.<16 hex digits>": for shm_open, mq_open, sem_open. */
int ipc_name(char *buf, size_t len, const char *tag);
/* Creates a private (0700) directory "<TMPDIR or /tmp>/ipcbench.<pid>.XXXXXX". */
int ipc_tmpdir_create(char *buf, size_t len);
/* Removes the directory and whatever files were left in it; returns how many were. */
int ipc_tmpdir_remove(const char *dir);

#endif
