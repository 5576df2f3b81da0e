/* Reading one numeric kernel limit from /proc/sys, for probe_max_msg and setup. */
#ifndef IPCBENCH_PROC_LIMIT_H
#define IPCBENCH_PROC_LIMIT_H

/* The first number in the file (e.g. "/proc/sys/kernel/msgmax"), or a negative errno:
 * the open/read error, or -EINVAL when the file does not start with a positive number. */
long proc_limit_read(const char *path);

#endif
