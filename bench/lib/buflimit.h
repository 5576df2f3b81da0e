/* What the system lets one direction of a channel hold before its sender blocks, read from
 * the kernel's limits, in a few words for `ipcbench list` and capacity.csv (the
 * transports' buffer_limit). */
#ifndef IPCBENCH_BUFLIMIT_H
#define IPCBENCH_BUFLIMIT_H
#include <stddef.h>

/* /proc/sys/fs/pipe-max-size, or the kernel's default of 1 MiB when it cannot be read. */
long buflimit_pipe_max(void);
/* F_GETPIPE_SZ of a new pipe. */
void buflimit_pipe(char *out, size_t n);
/* A pipe grown to the message with F_SETPIPE_SZ. */
void buflimit_grown_pipe(char *out, size_t n);
/* SO_SNDBUF of a new AF_UNIX socketpair of this type, raised to the sysctl maximum when
 * raised is 1 (as the message sockets do). */
void buflimit_unix(int type, int raised, char *out, size_t n);

#endif
