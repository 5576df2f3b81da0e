#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plot/figure.h"

static char *vformat(const char *fmt, va_list ap)
{
	struct sbuf b = { 0 };
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	b.p = n < 0 ? NULL : malloc((size_t)n + 1);
	if (b.p)
		vsnprintf(b.p, (size_t)n + 1, fmt, ap);
	return b.p;
}

static struct fig *grow(struct figlist *l, enum fig_kind kind)
{
	struct fig *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v) {
		l->oom = 1;
		return NULL;
	}
	l->v = v;
	memset(&v[l->n], 0, sizeof(*v));
	v[l->n].kind = kind;
	return &v[l->n++];
}

static int name_taken(const struct figlist *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].name && strcmp(l->v[i].name, name) == 0)
			return 1;
	return 0;
}

/* Keeps letters, digits, '.', '_' and '-'; anything else becomes '_'. Then "-2", "-3"...
 * until no other figure has the name. */
static char *unique_name(const struct figlist *l, const char *raw, size_t len)
{
	char *s = malloc(len + 16);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = raw[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '-' || (c == '.' && i > 0);
		s[i] = ok ? c : '_';
	}
	s[len] = 0;
	for (int k = 2; name_taken(l, s); k++)
		snprintf(s + len, 16, "-%d", k);
	return s;
}

struct fig *fig_add(struct figlist *l, enum fig_kind kind, const char *fmt, ...)
{
	va_list ap;
	char *text, *tab;
	struct fig *f;

	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	tab = text ? strchr(text, '\t') : NULL;
	f = tab ? grow(l, kind) : NULL;
	if (f) {
		f->name = unique_name(l, text, (size_t)(tab - text));
		f->caption = strdup(tab + 1);
		if (!f->name || !f->caption) {
			f->state = FIG_NODATA; /* never drawn; the run fails for lack of memory */
			l->oom = 1;
			f = NULL;
		}
	} else {
		l->oom = 1;
	}
	free(text);
	return f;
}

void fig_nodata(struct figlist *l, enum fig_kind kind, const char *fmt, ...)
{
	va_list ap;
	struct fig *f = grow(l, kind);

	if (!f)
		return;
	f->state = FIG_NODATA;
	va_start(ap, fmt);
	f->caption = vformat(fmt, ap);
	va_end(ap);
	if (!f->caption)
		l->oom = 1;
}

size_t fig_count(const struct figlist *l, int kind, int state)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += (kind < 0 || (int)l->v[i].kind == kind) && (state < 0 || (int)l->v[i].state == state);
	return n;
}

void figlist_free(struct figlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].caption);
		sbuf_free(&l->v[i].vars);
		sbuf_free(&l->v[i].problem);
		sbuf_free(&l->v[i].data);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
