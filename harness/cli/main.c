/* ipcbench: command-line entry. Each command is a file of its own (cli/cmd_NAME.c), listed
 * once in cli/cli.h; `help` also explains the output columns and the config keys. */
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "config/keys.h"
#include "out/parties.h"
#include "out/schema.h"
#include "text/parse.h"
#include "version.h"

static const struct command {
	const char *name, *summary;
	int (*fn)(int, char **);
	void (*usage)(FILE *);
} commands[] = {
#define CLI_ENTRY(name, summary) { #name, summary, cmd_##name, usage_##name },
	CLI_COMMANDS(CLI_ENTRY)
#undef CLI_ENTRY
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage_exit_codes(FILE *f)
{
	fprintf(f, "Exit codes:\n");
#define EXIT_LINE(name, value, meaning) cli_print_wrapped(f, fprintf(f, "  %d ", value), 4, meaning);
	EXIT_CODE_LIST(EXIT_LINE)
#undef EXIT_LINE
}

static void usage_main(FILE *f)
{
	fprintf(f, "ipcbench %s: measure and characterize inter-process communication on Linux\n\n"
		   "Usage: ipcbench COMMAND [OPTIONS]\n\nCommands:\n", IPCBENCH_VERSION);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  help CMD   explain a command and its options\n"
		   "  help keys  every configuration key; help columns: every CSV column\n\n"
		   "Quick start:  ipcbench run -t pipe,shm-spin -s 64,4K --duration 200ms\n"
		   "More: man ipcbench, docs/ and README.md.\n");
	usage_exit_codes(f);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static const char *nearest_command(const char *name)
{
	const char *cand[NCOMMANDS + 1];

	for (size_t i = 0; i < NCOMMANDS; i++)
		cand[i] = commands[i].name;
	cand[NCOMMANDS] = "help";
	return suggest_nearest(name, cand, NCOMMANDS + 1);
}

static int unknown(const char *what, const char *name)
{
	const char *near = nearest_command(name);

	fprintf(stderr, "ipcbench: unknown %s '%s'%s%s%s; 'ipcbench --help' lists them\n", what,
		name, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	return EXIT_USAGE;
}

/* help, help CMD, help keys, help columns [--markdown] */
static int help(int argc, char **argv)
{
	const struct command *c;
	int md = argc > 3 && strcmp(argv[3], "--markdown") == 0;

	if (argc < 3) {
		usage_main(stdout);
		return 0;
	}
	if (strcmp(argv[2], "keys") == 0) {
		config_print_keys(stdout, md);
		return 0;
	}
	if (strcmp(argv[2], "man") == 0) {
		cli_print_man(stdout);
		return 0;
	}
	if (strcmp(argv[2], "columns") == 0) {
		schema_print_reference(stdout, md);
		parties_print_reference(stdout, md);
		return 0;
	}
	c = find_command(argv[2]);
	if (!c)
		return unknown("command", argv[2]);
	c->usage(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (getuid() != geteuid() || getgid() != getegid()) {
		fprintf(stderr, "ipcbench: refusing to run setuid or setgid\n");
		return EXIT_USAGE;
	}
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage_main(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("ipcbench %s (git %s)\n", IPCBENCH_VERSION, IPCBENCH_GITREV);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc, argv);
	c = find_command(argv[1]);
	if (!c)
		return unknown("command", argv[1]);
	return c->fn(argc - 1, argv + 1);
}
