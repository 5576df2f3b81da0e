#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crosscheck/xparse.h"

char *xparse_strip_ansi(const char *s)
{
	char *o = malloc(strlen(s ? s : "") + 1), *w = o;

	if (!o)
		return NULL;
	for (; s && *s; s++) {
		if (*s != '\033') {
			*w++ = *s;
			continue;
		}
		if (s[1] == '[')
			for (s += 2; *s && !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')); s++)
				;
		if (!*s)
			break;
	}
	*w = 0;
	return o;
}

/* The number after the first occurrence of key that a number follows, or NAN. */
static double number_after(const char *text, const char *key)
{
	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
		const char *q = p + strlen(key);
		char *end;
		double v;

		while (*q == ' ' || *q == '\t' || *q == '=')
			q++;
		v = strtod(q, &end);
		if (end != q && isfinite(v) && v >= 0)
			return v;
	}
	return NAN;
}

static void figure_init(struct xfigure *f)
{
	*f = (struct xfigure){ .mean_ns = NAN, .p50_ns = NAN, .p99_ns = NAN };
}

int xparse_perf_pipe(const char *out, struct xfigure *f)
{
	const char *line;
	double us = NAN, loops = number_after(out, "# Executed");

	figure_init(f);
	/* "      5.697700 usecs/op": the number stands before the unit */
	for (line = out; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		const char *u = strstr(line, "usecs/op");
		const char *nl = strchr(line, '\n');

		if (u && (!nl || u < nl)) {
			us = strtod(line, NULL);
			break;
		}
	}
	if (!(us > 0) || !(loops >= 1))
		return -EPROTO;
	f->mean_ns = us * 1e3;
	f->count = (uint64_t)loops;
	return 0;
}

int xparse_sockperf(const char *out, struct xfigure *f)
{
	char *s = xparse_strip_ansi(out);
	int r = 0;

	figure_init(f);
	if (!s)
		return -ENOMEM;
	if (strstr(s, "avg-latency=") || strstr(s, "avg-lat="))
		r = -EDOM;
	f->mean_ns = number_after(s, "avg-rtt=") * 1e3;
	f->p50_ns = number_after(s, "percentile 50.000 =") * 1e3;
	f->p99_ns = number_after(s, "percentile 99.000 =") * 1e3;
	double n = number_after(s, "Total ");
	if (r == 0 && (isnan(f->mean_ns) || isnan(f->p50_ns) || isnan(f->p99_ns) || !(n >= 1)))
		r = -EPROTO;
	f->count = n >= 1 ? (uint64_t)n : 0;
	free(s);
	return r;
}

int xparse_lmbench(const char *err, const char *label, struct xfigure *f)
{
	char key[128];
	const char *p;
	char *end;
	double us;

	figure_init(f);
	snprintf(key, sizeof(key), "%s:", label);
	p = strstr(err, key);
	if (!p)
		return -EPROTO;
	us = strtod(p + strlen(key), &end);
	while (*end == ' ')
		end++;
	if (end == p + strlen(key) || !(us > 0) || strncmp(end, "microseconds", 12) != 0)
		return -EPROTO;
	f->mean_ns = us * 1e3;
	return 0;
}

/* Copies the line starting at p (without its newline) into buf. */
static void copy_line(const char *p, char *buf, size_t n)
{
	size_t len = strcspn(p, "\n");

	while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
		len--;
	while (len && (*p == ' ' || *p == '\t'))
		p++, len--;
	snprintf(buf, n, "%.*s", (int)len, p);
}

static const char *first_nonempty(const char *s)
{
	for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (p[strspn(p, " \t\r")] != '\n' && p[strspn(p, " \t\r")])
			return p;
	return NULL;
}

static const char *first_telling(const char *s)
{
	static const char *const words[] = { "ERROR", "error", "Invalid", "No messages", "Usage" };
	const char *last = NULL;

	for (const char *p = s; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		size_t len = strcspn(p, "\n");

		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
			const char *w = strstr(p, words[k]);
			if (w && w < p + len)
				return p;
		}
		if (p[strspn(p, " \t\r")] != '\n' && p[strspn(p, " \t\r")])
			last = p;
	}
	return last;
}

void xparse_failure_line(const char *out, const char *err, char *buf, size_t n)
{
	char *o = xparse_strip_ansi(out), *e = xparse_strip_ansi(err);
	const char *line = e ? first_nonempty(e) : NULL;

	if (!line && o)
		line = first_telling(o);
	if (line)
		copy_line(line, buf, n);
	else
		snprintf(buf, n, "no output");
	free(o);
	free(e);
}
