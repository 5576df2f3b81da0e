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
/* Root only: this process and its children get their own System V and POSIX mq namespace
 * and their own /dev/shm (and /dev/mqueue), so that objects of other programs running at
 * the same time are not counted as ours. 0, or a negative errno (then the check is
 * system-wide, as before). */
int leak_private_ipc(void);

/* In a cmocka test: fails it, listing what is left, when objects appeared since before. */
void leak_assert_none(const struct leak_snapshot *before);
/* The ipcbench binary under test: realpath of $IPCBENCH into bin (PATH_MAX bytes). */
int testenv_binary(char *bin);
/* rm -rf of a test's private directory. */
int testenv_remove_dir(const char *dir);
/* tests/fixtures/SUB of the checkout the binary bin was built in, into dir; -1 (and why on
 * stderr) when it is not there. */
int testenv_fixtures(const char *bin, const char *sub, char *dir, size_t n);
/* A test group's private TMPDIR (work) and the snapshot of IPC objects its last test
 * compares with (leak_assert_none); and their undoing. */
int testenv_begin(char *work, size_t n, struct leak_snapshot *before);
int testenv_end(struct leak_snapshot *before, const char *work);
/* The file at path into buf (at most n - 1 bytes, NUL-terminated); fails the test when it
 * cannot be opened. */
char *testenv_read(const char *path, char *buf, size_t n);
/* Writes text to the file at path; fails the test when it cannot. */
void testenv_write(const char *path, const char *text);

#endif
