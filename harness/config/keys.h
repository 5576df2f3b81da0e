/* The configuration keys (config/keys.c): one table from which INI parsing, `run`'s
 * options and --help, the resolved configuration in meta.csv and the docs are made. */
#ifndef IPCBENCH_KEYS_H
#define IPCBENCH_KEYS_H
#include <stdio.h>
#include "config/config.h"
#include "text/csv.h"

struct key_def {
	const char *name;     /* in INI files and --set KEY=VALUE */
	const char *option;   /* `run`'s long option (NULL: --set only) */
	int short_opt;        /* and its letter, or 0 */
	const char *metavar;  /* the value's name in --help */
	const char *def;      /* the default, applied to every new configuration (NULL: none) */
	const char *def_doc;  /* the default in words where def does not say it */
	const char *optional; /* the value of the bare option (--matrix); NULL: needs one */
	const char *help;
	int (*apply)(struct sweep *sw, const char *v, char *why, size_t n);
	/* "name = value\n" as resolved, or nothing when the key is not in effect */
	void (*to_text)(struct sbuf *b, const struct key_def *k, const struct sweep *sw);
};

extern const struct key_def config_keys[];
extern const size_t nconfig_keys;
const struct key_def *config_key(const char *name);
/* The default as --help and the docs state it. */
const char *config_key_default(const struct key_def *k);
/* Every key with its meaning and default: for --help, or as a Markdown table. */
void config_print_keys(FILE *f, int markdown);

#endif
