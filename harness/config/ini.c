/* A small INI reader; see config/ini.h. */
#include "config/ini.h"

#define INI_MAX_ENTRIES 4096

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define INI_MAX_SIZE (1u << 20)
#define SHOW_MAX 60 /* characters of offending text quoted in a message */

struct parser {
	struct ini_file *f;
	const char *section; /* current section's name, NULL before the first header */
	int line;
	char *err;
	size_t errlen;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Copies [b, e) for quoting: control bytes (NUL, stray CR) become '?', long text is cut. */
static void show_text(char *dst, const char *b, const char *e)
{
	size_t n = (size_t)(e - b), i;

	if (n > SHOW_MAX)
		n = SHOW_MAX - 3;
	for (i = 0; i < n; i++)
		dst[i] = (unsigned char)b[i] < 0x20 || b[i] == 0x7f ? '?' : b[i];
	dst[i] = '\0';
	if (n < (size_t)(e - b))
		strcat(dst, "...");
}

/* "PATH:LINE: msg ('text')"; returns -EINVAL so callers can `return line_error(...)`. */
static int line_error(struct parser *p, const char *b, const char *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int line_error(struct parser *p, const char *b, const char *e, const char *fmt, ...)
{
	char msg[160], text[SHOW_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	show_text(text, b, e);
	set_err(p->err, p->errlen, "%s:%d: %s ('%s')", p->f->path, p->line, msg, text);
	return -EINVAL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r'; /* '\r' so that CRLF files read as LF */
}

static void trim(const char **b, const char **e)
{
	while (*b < *e && is_blank(**b))
		(*b)++;
	while (*e > *b && is_blank((*e)[-1]))
		(*e)--;
}

static char *span_dup(const char *b, const char *e)
{
	return strndup(b, (size_t)(e - b));
}

/* The arrays carry no capacity: they grow by doubling whenever n reaches 0, 8, 16, 32... */
static int grow(void **v, size_t n, size_t elem)
{
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return 0;
	void *nv = realloc(*v, (n ? 2 * n : 8) * elem);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	return 0;
}

static const struct ini_section *find_section(const struct ini_file *f, const char *b,
					      const char *e)
{
	size_t n = (size_t)(e - b);

	for (size_t i = 0; i < f->nsections; i++)
		if (strlen(f->sections[i].name) == n && memcmp(f->sections[i].name, b, n) == 0)
			return &f->sections[i];
	return NULL;
}

/* A section's entries are contiguous at the tail (sections cannot repeat). */
static const struct ini_entry *find_key_in_current(const struct parser *p, const char *b,
						   const char *e)
{
	size_t n = (size_t)(e - b);

	for (size_t i = p->f->nentries; i > 0 && p->f->entries[i - 1].section == p->section; i--) {
		const struct ini_entry *en = &p->f->entries[i - 1];
		if (strlen(en->key) == n && memcmp(en->key, b, n) == 0)
			return en;
	}
	return NULL;
}

/* "[name]" where [b, e) is the trimmed line and starts with '['. */
static int parse_header(struct parser *p, const char *b, const char *e)
{
	const char *close = memchr(b, ']', (size_t)(e - b)), *nb = b + 1, *ne = close;
	const struct ini_section *dup;

	if (!close)
		return line_error(p, b, e, "unterminated section header");
	if (close + 1 != e)
		return line_error(p, b, e, "text after section header");
	trim(&nb, &ne);
	if (nb == ne)
		return line_error(p, b, e, "empty section name");
	if ((dup = find_section(p->f, nb, ne)))
		return line_error(p, b, e, "duplicate section (first on line %d)", dup->line);
	if (grow((void **)&p->f->sections, p->f->nsections, sizeof(*p->f->sections)))
		return -ENOMEM;
	struct ini_section *s = &p->f->sections[p->f->nsections];
	if (!(s->name = span_dup(nb, ne)))
		return -ENOMEM;
	s->line = p->line;
	p->f->nsections++;
	p->section = s->name;
	return 0;
}

/* "key = value" where [b, e) is the trimmed line. */
static int parse_pair(struct parser *p, const char *b, const char *e)
{
	const char *eq = memchr(b, '=', (size_t)(e - b));
	const char *kb = b, *ke = eq, *vb = eq ? eq + 1 : NULL, *ve = e;
	const struct ini_entry *dup;

	if (!eq)
		return line_error(p, b, e, "expected 'key = value' or '[section]'");
	trim(&kb, &ke);
	trim(&vb, &ve);
	if (kb == ke)
		return line_error(p, b, e, "empty key");
	if (!p->section)
		return line_error(p, b, e, "key outside any [section]");
	if (p->f->nentries >= INI_MAX_ENTRIES) /* keeps the duplicate check cheap */
		return line_error(p, b, e, "more than %d keys in one file", INI_MAX_ENTRIES);
	if ((dup = find_key_in_current(p, kb, ke)))
		return line_error(p, b, e, "duplicate key in [%s] (first on line %d)", p->section,
				  dup->line);
	if (grow((void **)&p->f->entries, p->f->nentries, sizeof(*p->f->entries)))
		return -ENOMEM;
	struct ini_entry *en = &p->f->entries[p->f->nentries];
	*en = (struct ini_entry){ .section = p->section, .line = p->line };
	if (!(en->key = span_dup(kb, ke)) || !(en->value = span_dup(vb, ve))) {
		free(en->key);
		return -ENOMEM;
	}
	p->f->nentries++;
	return 0;
}

static int parse_line(struct parser *p, const char *b, const char *e)
{
	if (memchr(b, '\0', (size_t)(e - b)))
		return line_error(p, b, e, "NUL byte in line");
	trim(&b, &e);
	if (b == e || *b == ';' || *b == '#')
		return 0;
	return *b == '[' ? parse_header(p, b, e) : parse_pair(p, b, e);
}

static int parse_lines(struct parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) /* UTF-8 BOM some editors write */
		s += 3;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		p->line++;
		int r = parse_line(p, s, nl ? nl : end);
		if (r)
			return r;
		s = nl ? nl + 1 : end;
	}
	return 0;
}

int ini_parse_buffer(const char *path, const char *buf, size_t len, struct ini_file *out,
		     char *err, size_t errlen)
{
	struct parser p = { .f = out, .err = err, .errlen = errlen };
	int r;

	memset(out, 0, sizeof(*out));
	set_err(err, errlen, "%s", "");
	if (len > INI_MAX_SIZE) {
		set_err(err, errlen, "%s: file is larger than 1 MiB", path);
		return -EFBIG;
	}
	if (!(out->path = strdup(path)))
		r = -ENOMEM;
	else
		r = parse_lines(&p, buf, len);
	if (r == -ENOMEM)
		set_err(err, errlen, "%s: %s", path, strerror(ENOMEM));
	if (r)
		ini_free(out);
	return r;
}

/* Reads up to cap bytes; returns the count or -errno. */
static ssize_t read_upto(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int ini_load(const char *path, struct ini_file *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int r = -errno;
		set_err(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	/* One byte over the limit so that an oversized file is told apart from a full one. */
	char *buf = malloc(INI_MAX_SIZE + 1);
	ssize_t len = buf ? read_upto(fd, buf, INI_MAX_SIZE + 1) : -ENOMEM;
	close(fd);
	if (len < 0) {
		set_err(err, errlen, "%s: %s", path, strerror((int)-len));
		free(buf);
		return (int)len;
	}
	int r = ini_parse_buffer(path, buf, (size_t)len, out, err, errlen);
	free(buf);
	return r;
}

void ini_free(struct ini_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nentries; i++) {
		free(f->entries[i].key);
		free(f->entries[i].value);
	}
	for (size_t i = 0; i < f->nsections; i++)
		free(f->sections[i].name);
	free(f->entries);
	free(f->sections);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

const struct ini_entry *ini_find(const struct ini_file *f, const char *section, const char *key)
{
	if (!f)
		return NULL;
	for (size_t i = 0; i < f->nentries; i++)
		if (strcmp(f->entries[i].section, section) == 0 &&
		    strcmp(f->entries[i].key, key) == 0)
			return &f->entries[i];
	return NULL;
}
