/* Test support for the hostile-user and hostile-environment tests: the ipcbench binary
 * run through sh with its output captured, code run as another user (uid 65534), a pid
 * that is surely dead, and file contents. */
#ifndef IPCBENCH_HOSTILE_H
#define IPCBENCH_HOSTILE_H
#include <stddef.h>
#include <sys/types.h>

#define NOBODY 65534

/* Finds $IPCBENCH (call it before any chdir). */
int hostile_init(void);
const char *hostile_binary(void);
/* The test's work directory: $IPCBENCH found, a private TMPDIR made and entered, and
 * (root) an IPC namespace and /dev/shm of its own (tests/leakcheck.h). Returns 1 when the
 * namespace is private, 0 when not, -1 on error. */
int hostile_workdir(char *work, size_t n);
/* Runs "cd DIR && [ENV] $IPCBENCH ARGS 2>&1" (prefix: "VAR=value ..." or ""); its output
 * into out (n bytes); returns its exit code, or 128 + the signal that killed it. */
int hostile_run(const char *dir, const char *prefix, const char *args, char *out, size_t n);
/* fn(arg) in a child that became uid and gid 65534; its return value is the child's exit
 * code (0..199). Returns that, or -1 when this process cannot change its uid. */
int as_nobody(int (*fn)(void *), void *arg);
/* A pid that belonged to a child that has exited and been reaped. */
pid_t dead_pid(void);
/* The whole file as a string (caller frees), or NULL. */
char *slurp_file(const char *path);
/* The number of directory entries whose name contains part. */
int count_entries(const char *dir, const char *part);

#endif
