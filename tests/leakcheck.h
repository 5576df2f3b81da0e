/* Test support: what IPC objects of ours exist (SysV ids, /dev/shm and /dev/mqueue
 * entries and temp dirs named ipcbench.*), so a test can show that none was left. */
#ifndef IPCBENCH_LEAKCHECK_H
#define IPCBENCH_LEAKCHECK_H
#include <stddef.h>

struct leak_snapshot {
	char *names; /* one object per line: "shm 1234", "/dev/shm/ipcbench.1.x", ... */
};

void leak_snapshot_take(struct leak_snapshot *s);
/* Objects present now that were not in before; NULL when none (caller frees). */
char *leak_new_since(const struct leak_snapshot *before);
void leak_snapshot_free(struct leak_snapshot *s);
/* Points TMPDIR at a new private directory, so that temp dirs made by the code under test
 * (and by no one else) are checked; the caller removes it. */
int leak_private_tmpdir(char *buf, size_t n);

/* In a cmocka test: fails it, listing what is left, when objects appeared since before. */
void leak_assert_none(const struct leak_snapshot *before);
/* The ipcbench binary under test: realpath of $IPCBENCH into bin (PATH_MAX bytes). */
int testenv_binary(char *bin);
/* rm -rf of a test's private directory. */
int testenv_remove_dir(const char *dir);
/* A group's setup: a private TMPDIR in dir (n bytes) and the snapshot of what exists;
 * its teardown frees the snapshot and removes dir. 0 or -1, as cmocka wants. */
int leak_group_setup(char *dir, size_t n, struct leak_snapshot *before);
int leak_group_teardown(const char *dir, struct leak_snapshot *before);

#endif
