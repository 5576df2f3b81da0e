/* An argument vector built one printf-formatted word at a time, NULL-terminated for exec. */
#ifndef IPCBENCH_FLEET_ARGS_H
#define IPCBENCH_FLEET_ARGS_H
#include <stddef.h>

struct args {
	char **v;   /* v[n] is NULL */
	size_t n;
	int oom;    /* a word could not be added: do not run it */
};

void args_add(struct args *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void args_free(struct args *a);

#endif
