/* `ipcbench plot`: figures and report.html of a run, a comparison of runs, or a fleet. */
#include "cli/cli.h"
#include "fleet/fleetplot.h"
#include "fleet/merge.h"
#include "plot/plot.h"
#include "text/parse.h"

void usage_plot(FILE *f)
{
	fprintf(f,
		"Usage: ipcbench plot [-s SIZE] [-o OUTDIR] DIR\n"
		"       ipcbench plot [-o OUTDIR] DIR1 DIR2 [DIR...]\n"
		"       ipcbench plot [-o OUTDIR] [--outlier PCT] FLEETDIR\n\n"
		"With one run directory (e.g. results/latest): draws every figure its data support\n"
		"into DIR/plots/ as PNG and SVG, with gnuplot and the scripts of plots/, and writes\n"
		"DIR/report.html, a static page that leads with the findings: the transports\n"
		"ranked per mode, size and placement (from results.csv, as ipcbench show), the\n"
		"floors and the warnings (virtual machine, counters NA and why, cells without a\n"
		"figure), then the figures, then meta.csv and the full summary folded. Figures:\n"
		"round-trip latency vs size per placement (p50, band to p99), latency spectrum\n"
		"(percentiles, as far as the samples resolve), one transport across placements,\n"
		"and, when the run has their data, bandwidth, counters per message, the core-pair\n"
		"heatmap (matrix.csv), payload copies (copies.csv) and the LRPC breakdown\n"
		"(lrpc.csv). With more than 8 transports, the latency, spectrum, bandwidth and\n"
		"counter figures come one per family (pipes and queues, sockets, shared memory,\n"
		"signals and notification, LRPC) on the axes of their placement. A plot without\n"
		"data is listed in the report as \"no data for this plot\", with why.\n\n"
		"With several run directories: compares them, transport by transport: latency vs\n"
		"size, one line per run labelled with its host and kernel, and each run's p50\n"
		"relative to the first run. Written to DIR1/compare/ (plots/ and report.html).\n\n"
		"With a fleet directory (ipcbench merge, fleet slurm, fleet ssh): every transport\n"
		"across hosts, a host x transport heatmap of p50 relative to the fleet median, and\n"
		"in report.html the outlier hosts: those more than PCT (default 20%%) from the\n"
		"median of the hosts with the same fingerprint, with the cells that stand out.\n"
		"Also writes fleet_cells.csv and fleet_heatmap.csv, the figures' data.\n\n"
		"Options:\n"
		"  -o, --output OUTDIR       write plots/ and report.html here instead\n"
		"  -s, --spectrum-size SIZE  draw the spectrum at this message size (default: the\n"
		"                            smallest and the largest measured)\n"
		"      --outlier PCT         fleet: how far from its identical peers' median a\n"
		"                            host stands out, e.g. 20%% or 0.2 (default 20%%)\n\n"
		"Needs gnuplot (Debian package gnuplot-nox). The scripts are found in ,\n"
		"else in plots/ beside the executable, else in ../share/ipcbench/plots beside it.\n"
		"Exit codes: 0 every figure drawn (or without data), 1 a figure failed to render or\n"
		"gnuplot is missing, 2 usage error (e.g. a directory that is not a run).\n\n"
		"Examples:\n"
		"  ipcbench plot results/latest\n"
		"  ipcbench plot results/run-a results/run-b -o cmp\n"
		"  ipcbench plot --outlier 10%% lab-fleet\n");
}

int cmd_plot(int argc, char **argv)
{
	static const struct option opts[] = { { "output", required_argument, 0, 'o' },
					      { "spectrum-size", required_argument, 0, 's' },
					      { "outlier", required_argument, 0, 'X' },
					      { "help", no_argument, 0, 'h' },
					      { 0, 0, 0, 0 } };
	struct plot_args a = { 0 };
	uint64_t size;
	double outlier = 0;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:s:h", opts, NULL)) != -1) {
		if (c == 'o') {
			a.outdir = optarg;
		} else if (c == 's' && parse_size(optarg, &size) == 0 && size > 0) {
			a.spectrum_size = (double)size;
		} else if (c == 'X' && fleet_parse_fraction(optarg, &outlier) < 0) {
			fprintf(stderr, "ipcbench plot: --outlier '%s': expected a percentage such as "
					"20%% or a fraction such as 0.2\n", optarg);
			return EXIT_USAGE;
		} else if (c == 'X') {
			continue;
		} else if (c == 's') {
			fprintf(stderr, "ipcbench plot: --spectrum-size '%s': expected a size such "
					"as 64 or 4K\n", optarg);
			return EXIT_USAGE;
		} else if (c == 'h') {
			usage_plot(stdout);
			return 0;
		} else {
			return cli_bad_option("plot", argv, opts);
		}
	}
	a.dirs = argv + optind;
	a.ndirs = (size_t)(argc - optind);
	if (a.ndirs == 0) {
		fprintf(stderr, "ipcbench plot: no run directory given (see ipcbench help plot)\n");
		return EXIT_USAGE;
	}
	if (a.ndirs == 1 && a.spectrum_size == 0 && fleet_dir_is(a.dirs[0]))
		return fleet_plot_main(a.dirs[0], a.outdir,
				       outlier > 0 ? outlier : FLEET_OUTLIER_DEFAULT);
	if (outlier > 0) {
		fprintf(stderr, "ipcbench plot: --outlier applies to a fleet directory (ipcbench "
				"merge), not to runs\n");
		return EXIT_USAGE;
	}
	if (a.ndirs > 1 && a.spectrum_size > 0) {
		fprintf(stderr, "ipcbench plot: --spectrum-size applies to one run, not to a "
				"comparison\n");
		return EXIT_USAGE;
	}
	return plot_main(&a);
}
