/* A small INI reader: "[section]" headers, "key = value" lines, ';' or '#' comments on
 * their own lines, blank lines. Keeps every entry's line number so that configuration
 * errors can name file, line and value. It knows nothing of ipcbench's keys. */
#ifndef IPCBENCH_INI_H
#define IPCBENCH_INI_H
#include <stddef.h>

struct ini_entry {
	const char *section; /* points into the owning ini_file's section names */
	char *key;           /* trimmed, as written */
	char *value;         /* trimmed; may be empty */
	int line;            /* 1-based */
};

struct ini_section {
	char *name;
	int line;
};

struct ini_file {
	char *path;                  /* as given; used in messages */
	struct ini_section *sections; /* in file order */
	size_t nsections;
	struct ini_entry *entries;   /* in file order */
	size_t nentries;
};

/* Parses buf (len bytes, need not be NUL-terminated). On error returns a negative errno and
 * writes "PATH:LINE: what is wrong ('the text')" into err. Rejected: a key outside any
 * section, a line that is neither header nor key=value, an empty key, a duplicate key in one
 * section, a duplicate section, an unterminated header, NUL bytes. */
int ini_parse_buffer(const char *path, const char *buf, size_t len, struct ini_file *out,
		     char *err, size_t errlen);
/* Reads and parses a file; a file that cannot be read is reported as "PATH: strerror". */
int ini_load(const char *path, struct ini_file *out, char *err, size_t errlen);
void ini_free(struct ini_file *f);
/* Entry of key in section, or NULL. */
const struct ini_entry *ini_find(const struct ini_file *f, const char *section, const char *key);

#endif
