#include <string.h>
#include "out/row.h"

size_t row_event_names(const char *events, char (*names)[CTR_NAME_LEN], size_t max)
{
	size_t n = 0;
	const char *p = events;

	if (strcmp(events, "none") == 0)
		return 0;
	while (*p && n < max) {
		size_t len = strcspn(p, ",");
		const char *s = p, *e = p + len;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s && (size_t)(e - s) < CTR_NAME_LEN) {
			memcpy(names[n], s, (size_t)(e - s));
			names[n++][e - s] = 0;
		}
		p += len + (p[len] == ',');
	}
	return n;
}

static int find_name(const char (*names)[CTR_NAME_LEN], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

void row_event_union(const struct row *rows, size_t n, struct row_events *u)
{
	char names[CTR_MAX][CTR_NAME_LEN];

	u->n = 0;
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && rows[i].sw == rows[i - 1].sw)
			continue;
		size_t k = row_event_names(rows[i].set.events, names, CTR_MAX);
		for (size_t j = 0; j < k && u->n < ROW_EVENTS_MAX; j++)
			if (find_name((const char (*)[CTR_NAME_LEN])u->name, u->n, names[j]) < 0)
				memcpy(u->name[u->n++], names[j], CTR_NAME_LEN);
	}
}

int row_event_index(const struct row *r, const char *name)
{
	return find_name((const char (*)[CTR_NAME_LEN])r->res.ctr.name, r->res.ctr.n, name);
}
