#include <stdlib.h>
#include <string.h>
#include "config/config.h"
#include "text/csvread.h"
#include "fuzz_targets.h"
#include "text/parse.h"

static char *as_string(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, data, len);
		s[len] = 0;
	}
	return s;
}

static void value_parsers(const char *s)
{
	uint64_t v, sizes[16];
	size_t n;
	char **names;
	struct cpu_list *cl = malloc(sizeof(*cl));

	parse_size(s, &v);
	parse_duration_ns(s, &v);
	parse_u64(s, 1, 1000, &v);
	parse_size_list(s, sizes, 16, &n);
	if (cl)
		parse_cpu_list(s, cl);
	free(cl);
	if (parse_name_list(s, &names, &n) == 0)
		free_name_list(names, n);
}

void fuzz_config_one(const uint8_t *data, size_t len)
{
	struct run_config cfg;
	struct config_error e;
	char *s = as_string(data, len);

	if (!s)
		return;
	value_parsers(s);
	if (config_init(&cfg, &e) == 0) {
		if (config_load_text(&cfg, "fuzz.conf", s, &e) == 0 && config_finish(&cfg, &e) == 0)
			free(config_to_text(&cfg));
		config_free(&cfg);
	}
	free(s);
}

void fuzz_csv_one(const uint8_t *data, size_t len)
{
	struct csv_table t;
	char err[256];

	if (csv_parse("fuzz.csv", (const char *)data, len, &t, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < t.nrows; i++)
			csv_get(&t, i, "status");
		csv_table_free(&t);
	}
}
