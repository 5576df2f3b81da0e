#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fleet/hostsfile.h"
#include "text/strmap.h"

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

int host_name_valid(const char *s, size_t len)
{
	if (len == 0 || len > HOST_NAME_MAXLEN || s[0] == '-' || s[0] == '.')
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!name_char(s[i]))
			return 0;
	return 1;
}

static int parse_port(const char *s, int *port)
{
	long v = 0;

	if (!*s || strlen(s) > 5)
		return -EINVAL;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		v = v * 10 + (*s - '0');
	}
	if (v < 1 || v > 65535)
		return -EINVAL;
	*port = (int)v;
	return 0;
}

int host_parse(const char *text, struct fleet_host *h, char *err, size_t errlen)
{
	const char *at = strchr(text, '@'), *name = at ? at + 1 : text;
	const char *colon = strchr(name, ':');
	size_t ulen = at ? (size_t)(at - text) : 0;
	size_t nlen = colon ? (size_t)(colon - name) : strlen(name);

	memset(h, 0, sizeof(*h));
	if (at && (ulen == 0 || ulen > HOST_USER_MAXLEN || !host_name_valid(text, ulen) ||
		   strchr(name, '@'))) {
		snprintf(err, errlen, "expected [user@]host[:port], and a user name of letters, "
			 "digits, '.', '-', '_'");
		return -EINVAL;
	}
	if (!host_name_valid(name, nlen)) {
		snprintf(err, errlen, "not a host name: expected [user@]host[:port] with a host of "
			 "letters, digits, '.', '-', '_' (not starting with '-' or '.')");
		return -EINVAL;
	}
	if (colon && parse_port(colon + 1, &h->port) < 0) {
		snprintf(err, errlen, "port '%s': expected a number from 1 to 65535", colon + 1);
		return -EINVAL;
	}
	memcpy(h->user, text, ulen);
	memcpy(h->name, name, nlen);
	return 0;
}

/* The entry of one line without comment and blanks ("" when there is none); -EINVAL when
 * it has more than one word. */
static int line_entry(char *line, char **entry)
{
	char *end;

	line[strcspn(line, "#\r\n")] = 0;
	line += strspn(line, " \t");
	end = line + strcspn(line, " \t");
	*entry = line;
	if (*end) {
		*end++ = 0;
		if (end[strspn(end, " \t")])
			return -EINVAL;
	}
	return 0;
}

static int add_host(struct host_list *l, const struct fleet_host *h)
{
	struct fleet_host *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	l->v = v;
	v[l->n++] = *h;
	return 0;
}

/* One line: an entry, a comment or nothing. */
static int load_line(const char *path, int lineno, char *line, struct host_list *l, char *err,
		     size_t errlen)
{
	struct fleet_host h;
	char why[256], *entry;

	if (line_entry(line, &entry) < 0) {
		snprintf(err, errlen, "%s:%d: '%s': one host per line, as [user@]host[:port]", path,
			 lineno, entry);
		return -EINVAL;
	}
	if (!*entry)
		return 0;
	if (host_parse(entry, &h, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "%s:%d: '%s': %s", path, lineno, entry, why);
		return -EINVAL;
	}
	h.line = lineno;
	return add_host(l, &h);
}

/* A host listed twice would have two runs at once on one machine. */
static int check_twice(const char *path, const struct host_list *l, char *err, size_t errlen)
{
	struct strmap seen = { 0 };
	int r = 0;

	for (size_t i = 0; r == 0 && i < l->n; i++) {
		int found;
		size_t first = strmap_put(&seen, l->v[i].name, i, &found);

		if (first == (size_t)-1) {
			r = -ENOMEM;
		} else if (found) {
			snprintf(err, errlen, "%s:%d: '%s': listed already on line %d (two runs at once "
				 "on one machine would disturb each other)", path, l->v[i].line,
				 l->v[i].name, l->v[first].line);
			r = -EINVAL;
		}
	}
	strmap_free(&seen);
	return r;
}

int hosts_file_load(const char *path, struct host_list *l, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0, r = 0;

	l->v = NULL;
	l->n = 0;
	if (!f) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return r;
	}
	while (r == 0 && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line longer than %zu characters", path, lineno,
				 sizeof(line) - 2);
			r = -EINVAL;
		} else {
			r = load_line(path, lineno, line, l, err, errlen);
		}
	}
	fclose(f);
	if (r == 0)
		r = check_twice(path, l, err, errlen);
	if (r == 0 && l->n == 0) {
		snprintf(err, errlen, "%s: no host in it (one per line, as [user@]host[:port])", path);
		r = -EINVAL;
	}
	if (r == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", path);
	if (r < 0)
		host_list_free(l);
	return r;
}

void host_list_free(struct host_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
