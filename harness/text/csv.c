#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "text/csv.h"

static int sbuf_reserve(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	char *p;

	if (b->oom)
		return -ENOMEM;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return -ENOMEM;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sbuf_reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = 0;
}

void sbuf_free(struct sbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void sbuf_csv_field(struct sbuf *b, const char *s)
{
	size_t n;

	if (!s) {
		sbuf_printf(b, "NA");
		return;
	}
	n = strlen(s);
	if (!strpbrk(s, ",\"\r\n") && !(n && (s[0] == ' ' || s[n - 1] == ' '))) {
		sbuf_printf(b, "%s", s);
		return;
	}
	sbuf_printf(b, "\"");
	for (const char *q = s; *q; q++)
		sbuf_printf(b, *q == '"' ? "\"\"" : "%c", *q);
	sbuf_printf(b, "\"");
}

void sbuf_csv_num(struct sbuf *b, int valid, double v, int decimals)
{
	if (valid)
		sbuf_printf(b, "%.*f", decimals, v);
	else
		sbuf_printf(b, "NA");
}

void sbuf_putc(struct sbuf *b, char c)
{
	if (sbuf_reserve(b, 1) < 0)
		return;
	b->p[b->len++] = c;
	b->p[b->len] = 0;
}

void sbuf_add(struct sbuf *b, const void *p, size_t n)
{
	if (sbuf_reserve(b, n) < 0)
		return;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = 0;
}
