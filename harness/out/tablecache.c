#include <stdlib.h>
#include "out/agg.h"
#include "out/tablecache.h"

static void free_lines(struct sbuf *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		sbuf_free(&v[i]);
	free(v);
}

void table_cache_forget(struct table_cache *c)
{
	free_lines(c->results, c->n);
	free_lines(c->spectrum, c->n);
	free_lines(c->summary, c->n);
	free(c->key);
	free(c->key_done);
	*c = (struct table_cache){ 0 };
}

struct table_cache *table_cache_for(struct table_cache *c, const struct row *rows, size_t n)
{
	if (!c || (c->rows == rows && c->n == n))
		return c;
	table_cache_forget(c);
	c->key = calloc(n ? n : 1, sizeof(*c->key));
	c->key_done = calloc(n ? n : 1, sizeof(*c->key_done));
	c->results = calloc(n ? n : 1, sizeof(*c->results));
	c->spectrum = calloc(n ? n : 1, sizeof(*c->spectrum));
	c->summary = calloc(n ? n : 1, sizeof(*c->summary));
	c->n = n;
	if (!c->key || !c->key_done || !c->results || !c->spectrum || !c->summary ||
	    agg_group(rows, n, c->key) < 0) {
		table_cache_forget(c);
		return NULL;
	}
	c->rows = rows;
	return c;
}
