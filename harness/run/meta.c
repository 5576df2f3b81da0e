#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include "sys/files.h"
#include "sys/clock.h"
#include "text/csv.h"
#include "run/meta.h"
#include "version.h"
#include "sys/pin.h"

void meta_set(struct meta *m, const char *key, const char *fmt, ...)
{
	char *val = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&val, fmt, ap) < 0)
		val = NULL;
	va_end(ap);
	if (!val)
		return;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].key, key) == 0) {
			free(m->v[i].value);
			m->v[i].value = val;
			return;
		}
	struct meta_kv *v = realloc(m->v, (m->n + 1) * sizeof(*v));
	char *k = strdup(key);
	if (!v || !k) {
		free(val);
		free(k);
		if (v)
			m->v = v;
		return;
	}
	m->v = v;
	m->v[m->n++] = (struct meta_kv){ k, val };
}

const char *meta_get(const struct meta *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].key, key) == 0)
			return m->v[i].value;
	return NULL;
}

/* First "field : value" line of a /proc file, value trimmed; "NA" when absent. */

int meta_write(const struct meta *m, const char *path)
{
	struct sbuf b = { 0 };
	int r;

	sbuf_printf(&b, "key,value\n");
	for (size_t i = 0; i < m->n; i++) {
		sbuf_csv_field(&b, m->v[i].key);
		sbuf_printf(&b, ",");
		sbuf_csv_field(&b, m->v[i].value);
		sbuf_printf(&b, "\n");
	}
	r = b.oom ? -ENOMEM : write_file_atomic(path, b.p, b.len);
	sbuf_free(&b);
	return r;
}

void meta_free(struct meta *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].key);
		free(m->v[i].value);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

/* Every file of a sysfs directory as "name: first line; ...". */
