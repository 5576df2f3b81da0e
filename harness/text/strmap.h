/* A string -> index map (open addressing, FNV-1a), so that joins of rows by key (hosts,
 * cells, columns, compare's keys) take time proportional to the rows, not their square.
 * The map does not own the keys: they must outlive it. */
#ifndef IPCBENCH_FLEET_STRMAP_H
#define IPCBENCH_FLEET_STRMAP_H
#include <stddef.h>

struct strmap {
	const char **key; /* NULL: free slot */
	size_t *value;
	size_t cap, n;    /* cap is a power of two, at most half full */
};

/* The value stored for key, or (size_t)-1. */
size_t strmap_get(const struct strmap *m, const char *key);
/* Stores key -> value unless key is there; *found (may be NULL) says which, and the
 * value returned is the one the map holds for key. (size_t)-1 when out of memory. */
size_t strmap_put(struct strmap *m, const char *key, size_t value, int *found);
void strmap_free(struct strmap *m);
/* FNV-1a of s, 64 bits. */
unsigned long long strmap_hash(const char *s);

#endif
