#include <stdarg.h>
#include <string.h>
#include "cli/cli.h"
#include "text/parse.h"

int cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ipcbench %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see ipcbench help %s)\n", cmd);
	return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, char **argv, const struct option *opts)
{
	const char *arg = argv[optind - 1], *cand[96], *near;
	char name[96];
	size_t n = 0;

	if (optopt && strncmp(arg, "--", 2) != 0) /* a short option */
		return cli_error(cmd, "unknown option '-%c', or it needs a value", optopt);
	snprintf(name, sizeof(name), "%s", arg + 2);
	name[strcspn(name, "=")] = 0;
	for (size_t i = 0; opts[i].name && n < 96; i++) {
		if (strcmp(opts[i].name, name) == 0)
			return cli_error(cmd, "option '--%s' %s", name, opts[i].has_arg ==
					 required_argument ? "needs a value" : "takes no value");
		cand[n++] = opts[i].name;
	}
	near = suggest_nearest(name, cand, n);
	if (near)
		return cli_error(cmd, "unknown option '--%s' (did you mean --%s?)", name, near);
	return cli_error(cmd, "unknown option '%s'", arg);
}

int cli_stray_argument(const char *cmd, char **argv, int at, const struct option *opts)
{
	const char *prev = at > 1 ? argv[at - 1] : "";

	for (size_t i = 0; opts[i].name; i++)
		if (opts[i].has_arg == optional_argument && strncmp(prev, "--", 2) == 0 &&
		    strcmp(prev + 2, opts[i].name) == 0)
			return cli_error(cmd, "unexpected argument '%s': an optional value must be "
					 "attached, as in --%s=%s", argv[at], opts[i].name, argv[at]);
	return cli_error(cmd, "unexpected argument '%s'", argv[at]);
}

void cli_print_wrapped(FILE *f, int col, int indent, const char *text)
{
	const char *p = text;

	while (*p) { /* word-wrapped at 80 columns */
		size_t w = strcspn(p, " ");

		if (col + 1 + (int)w > 80) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		col += fprintf(f, " %.*s", (int)w, p);
		p += w + (p[w] == ' ');
	}
	fputc('\n', f);
}

void cli_print_option(FILE *f, int short_opt, const char *name, const char *metavar,
		      const char *help)
{
	char head[64];
	int col;

	snprintf(head, sizeof(head), "  %c%c%s--%s%s%s", short_opt ? '-' : ' ',
		 short_opt ? short_opt : ' ', short_opt ? ", " : "  ", name,
		 metavar && metavar[0] != '[' ? " " : "", metavar ? metavar : "");
	col = fprintf(f, "%-22s", head);
	if (col > 22) {
		fprintf(f, "\n%22s", "");
		col = 22;
	}
	cli_print_wrapped(f, col, 22, help);
}
