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

/* The ledger of System V objects, which have no name to find them by: an empty marker
 * file "sysv-KIND.ID" (KIND msg, sem or shm) in the cell's private temp dir, made when the
 * object is created and removed when it is. If the harness is killed, `ipcbench clean`
 * finds the markers of dead runs and removes their objects. */
int ipc_ledger_add(const char *tmpdir, const char *kind, int id);
void ipc_ledger_remove(const char *tmpdir, const char *kind, int id);

#endif
