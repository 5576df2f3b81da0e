/* `ipcbench clean`: removes what runs that no longer exist left behind (a harness killed
 * with SIGKILL cannot clean up): temp dirs ipcbench.<pid>.* and the System V objects
 * their ledgers name, and /dev/shm and /dev/mqueue entries ipcbench.<pid>.*. Objects of
 * processes that are still alive are never touched. */
#ifndef IPCBENCH_CLEAN_H
#define IPCBENCH_CLEAN_H
#include <stdio.h>

/* Removes leftovers, printing one line per object removed to out (NULL: silent).
 * dry_run: only print. Returns how many objects were (or would be) removed, or a
 * negative errno. */
int clean_leftovers(FILE *out, int dry_run);

#endif
