#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/args.h"

void args_add(struct args *a, const char *fmt, ...)
{
	char **v = realloc(a->v, (a->n + 2) * sizeof(*v));
	va_list ap;

	if (!v) {
		a->oom = 1;
		return;
	}
	a->v = v;
	va_start(ap, fmt);
	if (vasprintf(&v[a->n], fmt, ap) < 0) {
		a->oom = 1;
		v[a->n] = NULL;
	} else {
		a->n++;
	}
	va_end(ap);
	v[a->n] = NULL;
}

void args_free(struct args *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}
