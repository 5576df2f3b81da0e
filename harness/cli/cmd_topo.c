/* `ipcbench topo`: the topology and the CPU pair of each placement class. */
#include <errno.h>
#include <string.h>
#include "cli/cli.h"
#include "sys/topology.h"

void usage_topo(FILE *f)
{
	fprintf(f, "Usage: ipcbench topo [--synthetic DESC | --xml FILE] [--export FILE]\n\n"
		   "Prints the topology hwloc sees (restricted to the CPUs this process may use):\n"
		   "each CPU's core, L2, L3, package and NUMA node, and for every placement class\n"
		   "(same-cpu, smt, same-l2, same-l3, cross-l3, cross-package, cross-numa) the\n"
		   "CPU pair that represents it, or why it is not available here.\n"
		   "--synthetic takes an hwloc description such as 'pack:2 numa:2 l3:2 core:4 pu:2'\n"
		   "(at most 4096 PUs, 512 children per object);\n"
		   "--xml a saved topology (lstopo --of xml, or --export of this command).\n");
}

int cmd_topo(int argc, char **argv)
{
	static const struct option opts[] = { { "synthetic", required_argument, 0, 's' },
					      { "xml", required_argument, 0, 'x' },
					      { "export", required_argument, 0, 'e' },
					      { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	const char *source = NULL, *export = NULL;
	struct topology t;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		if (c == 's' || c == 'x')
			source = optarg;
		else if (c == 'e')
			export = optarg;
		else if (c == 'h') {
			usage_topo(stdout);
			return 0;
		} else
			return cli_bad_option("topo", argv, opts);
	}
	if (optind < argc)
		return cli_stray_argument("topo", argv, optind, opts);
	r = topo_load(&t, source);
	if (r == -E2BIG) {
		fprintf(stderr, "ipcbench topo: --synthetic '%s': too large: at most %d PUs in all and %d "
			"children per object are supported (hwloc takes minutes beyond)\n", source,
			TOPO_MAX_PUS, TOPO_MAX_ARITY);
		return EXIT_USAGE;
	}
	if (r < 0) {
		fprintf(stderr, "ipcbench topo: cannot load the topology %s%s\n",
			source ? "from " : "of this machine", source ? source : "");
		return EXIT_USAGE;
	}
	topo_print(&t, stdout);
	if (export && (r = topo_export_xml(&t, export)) < 0)
		fprintf(stderr, "ipcbench topo: cannot write %s: %s\n", export, strerror(-r));
	topo_free(&t);
	return r < 0 ? EXIT_SOME_FAILED : 0;
}
