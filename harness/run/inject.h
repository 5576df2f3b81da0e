/* TEST ONLY: `ipcbench run --inject-slowdown TRANSPORT:NS[,TRANSPORT:NS...]` makes every
 * send of the named transports busy-wait NS nanoseconds first (cell/msgio.c, both directions,
 * inside the timed region), so that `ipcbench ab --self-test` can measure how often the
 * gate catches a known regression. Never active in a normal run: the option is hidden
 * from `ipcbench help run`, such a run records it in meta.csv (inject_slowdown; "none"
 * in every other run) and in the note of every row, `compare` says so loudly, and such
 * a run cannot be resumed. */
#ifndef IPCBENCH_RUN_INJECT_H
#define IPCBENCH_RUN_INJECT_H
#include <stddef.h>
#include <stdint.h>
#include "out/tables.h"

#define INJECT_MAX 8
#define INJECT_MAX_NS 10000000u /* 10 ms a send */

struct inject_spec {
	size_t n;
	const struct transport *t[INJECT_MAX];
	uint64_t ns[INJECT_MAX];
};

/* "pipe:3000,unix-stream:2500ns": known transports, 1 ns to INJECT_MAX_NS each (a bare
 * number is nanoseconds; units as in durations). Returns 0 or -EINVAL with the reason,
 * naming the item, in err. */
int inject_parse(const char *arg, struct inject_spec *out, char *err, size_t errlen);
/* "pipe:3000ns,unix-stream:2500ns" */
void inject_text(const struct inject_spec *s, char *out, size_t n);
/* Sets set.inject_ns of every row of a named transport. */
void inject_apply(const struct inject_spec *s, struct row *rows, size_t n);
/* Appends the test-only marker to the row's note (whether or not this row is slowed). */
void inject_note(const struct inject_spec *s, struct row *r);
/* -EINVAL with the reason in err when the run in dir was made with --inject-slowdown
 * (resuming it would mix slowed and unslowed cells); 0 otherwise. */
int inject_refuse_resume(const char *dir, char *err, size_t errlen);

#endif
