/* The commands of ipcbench, one file each (cli/cmd_NAME.c) with its usage text beside
 * its option parser, and what they share: option errors that teach. */
#ifndef IPCBENCH_CLI_H
#define IPCBENCH_CLI_H
#include <getopt.h>
#include <stdio.h>
#include "sys/exitcode.h"

/* An option a command defines itself (run's others come from the key table). */
struct cli_opt {
	const char *name;
	int has_arg, val, short_opt;
	const char *metavar, *help;
};
/* run's own options, for the man page. */
const struct cli_opt *run_own_options(size_t *n);

/* name, one-line summary for `ipcbench --help` */
#define CLI_COMMANDS(X) \
	X(run, "measure latency or bandwidth of transports over message sizes") \
	X(list, "list the transports and their model (copies, limits, waiting)") \
	X(calibrate, "measure this machine's floors: timer, cache-line round trip, memcpy, syscall") \
	X(topo, "show the CPU topology and the CPU pair of each placement class") \
	X(lrpc, "LRPC emulated with futexes against classic IPC: the null-call table") \
	X(clean, "remove what killed runs left behind (temp dirs, IPC objects)") \
	X(plot, "draw a run's figures (PNG, SVG) and report.html, or compare runs") \
	X(show, "the answer of a stored run again: transports ranked, with intervals") \
	X(fleet, "run on many machines through Slurm or ssh, merged by host") \
	X(merge, "combine the runs of many hosts into one fleet directory") \
	X(compare, "compare two runs key by key; exit 1 when something regressed") \
	X(ab, "the CI gate: two builds measured alternately, compared pairwise") \
	X(crosscheck, "run perf bench, sockperf (and lmbench) next to the matching cells")

#define CLI_DECLARE(name, summary) \
	int cmd_##name(int argc, char **argv); \
	void usage_##name(FILE *f);
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

/* "ipcbench CMD: MESSAGE (see ipcbench help CMD)" on stderr; returns EXIT_USAGE. */
int cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt_long's '?' (opterr = 0 before parsing): names the option that was wrong, with
 * the nearest long option when it looks misspelt. Returns EXIT_USAGE. */
int cli_bad_option(const char *cmd, char **argv, const struct option *opts);
/* An argument left after the options: says so, with a hint when it follows an option
 * whose value must be attached (--matrix=0,1). Returns EXIT_USAGE. */
int cli_stray_argument(const char *cmd, char **argv, int at, const struct option *opts);
/* The man page (cli/man.c). */
void cli_print_man(FILE *f);
/* text after column col (where the line is now), wrapped at 80 with indent blanks before
 * each further line. */
void cli_print_wrapped(FILE *f, int col, int indent, const char *text);
/* One option line of a usage text: "  -t, --transports LIST  help", wrapped at 80. */
void cli_print_option(FILE *f, int short_opt, const char *name, const char *metavar,
		      const char *help);

#endif
