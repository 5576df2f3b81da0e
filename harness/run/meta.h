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
int meta_write(const struct meta *m, const char *path);
void meta_free(struct meta *m);

#endif
