/* meta.csv: key,value lines describing a run (tool, machine, floors, configuration). */
#ifndef IPCBENCH_META_H
#define IPCBENCH_META_H
#include <stddef.h>

struct meta_kv {
	char *key, *value;
};

struct meta {
	struct meta_kv *v;
	size_t n;
};

/* Sets (or replaces) key. Values are formatted like printf. */
void meta_set(struct meta *m, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *meta_get(const struct meta *m, const char *key);
/* Tool version, date, host, kernel, CPU model and counts, clock facts. */
void meta_collect_env(struct meta *m);
/* The environment manifest: SMT, frequency governor and limits, turbo, isolated CPUs,
 * THP, CPU vulnerabilities, perf_event_paranoid, virtualization. NA where absent. */
void meta_collect_manifest(struct meta *m);
int meta_is_vm(void);
int meta_write(const struct meta *m, const char *path);
void meta_free(struct meta *m);

#endif
