#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "htmlcheck.h"

#define DEPTH_MAX 64

static int bad(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_void(const char *name, size_t n)
{
	static const char *const v[] = { "area", "base", "br", "col", "embed", "hr", "img",
					 "input", "link", "meta", "source", "track", "wbr" };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i]) == n && strncmp(v[i], name, n) == 0)
			return 1;
	return 0;
}

/* Skips a comment or a declaration (<!DOCTYPE ...>); returns where scanning goes on. */
static const char *skip_special(const char *p)
{
	const char *end = strncmp(p, "<!--", 4) == 0 ? strstr(p, "-->") : strchr(p, '>');

	return end ? end + (p[2] == '-' ? 3 : 1) : NULL;
}

int html_check(const char *html, char *err, size_t errlen)
{
	char stack[DEPTH_MAX][32];
	size_t depth = 0;

	for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
		int closing = p[1] == '/';
		const char *name = p + 1 + closing, *gt = strchr(p, '>');
		size_t n = 0;

		if (p[1] == '!') {
			p = skip_special(p);
			if (!p)
				return bad(err, errlen, "unterminated <!");
			continue;
		}
		while (isalnum((unsigned char)name[n]))
			n++;
		if (!gt || n == 0 || n >= sizeof(stack[0]))
			return bad(err, errlen, "bad tag near '%.30s'", p);
		if (closing && (depth == 0 || strlen(stack[depth - 1]) != n ||
				strncmp(stack[depth - 1], name, n) != 0))
			return bad(err, errlen, "</%.*s> closes <%s>", (int)n, name,
					depth ? stack[depth - 1] : "(nothing)");
		if (closing)
			depth--;
		else if (!is_void(name, n) && gt[-1] != '/' && depth < DEPTH_MAX)
			snprintf(stack[depth++], sizeof(stack[0]), "%.*s", (int)n, name);
		p = gt + 1;
	}
	if (depth)
		return bad(err, errlen, "<%s> is never closed", stack[depth - 1]);
	return 0;
}

size_t html_links(const char *html, char links[][512], size_t max)
{
	static const char *const attr[] = { " src=\"", " href=\"" };
	size_t n = 0;

	for (const char *p = html; *p; p++) {
		for (int a = 0; a < 2; a++) {
			size_t len = strlen(attr[a]), end;

			if (strncmp(p, attr[a], len) != 0)
				continue;
			end = strcspn(p + len, "\"");
			if (n < max)
				snprintf(links[n], sizeof(links[n]), "%.*s", (int)end, p + len);
			n++;
		}
	}
	return n;
}
