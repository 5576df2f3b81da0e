#include <stdlib.h>
#include <string.h>
#include "text/strmap.h"

#define NONE ((size_t)-1)

unsigned long long strmap_hash(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

/* The slot holding key, or the free slot where it would go. */
static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t i = (size_t)strmap_hash(key) & (m->cap - 1);

	while (m->key[i] && strcmp(m->key[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	i = slot_of(m, key);
	return m->key[i] ? m->value[i] : NONE;
}

static int grow(struct strmap *m)
{
	struct strmap bigger = { .cap = m->cap ? m->cap * 2 : 16 };

	bigger.key = calloc(bigger.cap, sizeof(*bigger.key));
	bigger.value = malloc(bigger.cap * sizeof(*bigger.value));
	if (!bigger.key || !bigger.value) {
		strmap_free(&bigger);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->key[i]) {
			size_t j = slot_of(&bigger, m->key[i]);
			bigger.key[j] = m->key[i];
			bigger.value[j] = m->value[i];
		}
	bigger.n = m->n;
	strmap_free(m);
	*m = bigger;
	return 0;
}

size_t strmap_put(struct strmap *m, const char *key, size_t value, int *found)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return NONE;
	i = slot_of(m, key);
	if (found)
		*found = m->key[i] != NULL;
	if (!m->key[i]) {
		m->key[i] = key;
		m->value[i] = value;
		m->n++;
	}
	return m->value[i];
}

void strmap_free(struct strmap *m)
{
	free(m->key);
	free(m->value);
	memset(m, 0, sizeof(*m));
}
