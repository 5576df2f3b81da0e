/* THE list of kinds of figure: for each, its gnuplot script, its section of report.html
 * and its builder, in report order. A new kind: its enum value (figure.h), its script in
 * plots/, its builder in a fig_NAME.c and one entry here. */
#include "plot/figures.h"

const struct fig_kind_info fig_kinds[FK_N] = {
	[FK_LATENCY] = { "latency.gp", "Round-trip latency vs message size",
			 "Median (p50) round trip of each transport against message size, with a "
			 "band up to the p99 (where the cell had the 100 samples a p99 needs), and "
			 "the cache-line floor probed beside the cells (their median; whiskers over "
			 "their middle half: a stalled vCPU makes a probe of milliseconds). One "
			 "figure per placement of the two processes; with more than "
			 FAMILY_SPLIT_TEXT " transports, "
			 "one per family (pipes and queues, sockets, shared memory, signals and "
			 "notification, LRPC), all on the axes of the placement.",
			 fig_latency },
	[FK_SPECTRUM] = { "spectrum.gp", "Latency spectrum",
			  "The whole distribution of round-trip times at one message size: the time "
			  "at each percentile, with the tail spread out (x = 1/(1-q)), each line up "
			  "to the highest percentile its cell's samples resolve. Per family as the "
			  "latency figures.",
			  fig_spectrum },
	[FK_PLACEMENT] = { "placement.gp", "One transport across placements",
			   "p50 and p99 of one transport against message size for every placement "
			   "that was measured.",
			   fig_placement },
	[FK_BANDWIDTH] = { "bandwidth.gp", "Bandwidth vs message size",
			   "Bytes per second of the bandwidth mode against message size (log "
			   "scale), the interval over the repetitions as a band, the floor of each "
			   "transport's path on the same CPUs dotted (probed beside each cell, or "
			   "streamed between its windows: floor_path in results.csv), and "
			   "single-thread memcpy of this machine for reference.",
			   fig_bandwidth },
	[FK_COUNTERS] = { "counters.gp", "Counters per message",
			  "Software and hardware counters per message on the client (solid) and "
			  "server (dashed) side against message size, one panel per counter that "
			  "has a value; CPU times in ns, counts as plain numbers.",
			  fig_counters },
	[FK_HEATMAP] = { "heatmap.gp", "Core-pair heatmap",
			 "Median round trip for every pair of client and server CPUs; the colour "
			 "scale spans the pairs of two CPUs, the same-CPU diagonal is grey with its "
			 "values written in.",
			 fig_heatmap },
	[FK_COPIES] = { "copies.gp", "Payload copies per message",
			"Copies of the payload per one-way message: the transport's model next to "
			"the measured number and its 95 % interval; below, the cost of one context "
			"switch on the path next to the futex wake-up floor of the same CPUs.",
			fig_copies },
	[FK_LRPC] = { "lrpc.gp", "Time breakdown of a call (LRPC)",
		      "Where the time of one call goes, stage by stage, in ns and as shares.",
		      fig_lrpc },
	[FK_LOAD] = { "load.gp", "Latency vs offered load",
		      "Round trips paced at fixed rates (latency counted from each message's due "
		      "time): p50 and p99 against the rate offered, per transport, and the hot "
		      "loop (the closed loop) as its own points at the rate it reaches.",
		      fig_load },
	[FK_FANIN] = { "fanin.gp", "Fan-in: throughput vs clients",
		       "N clients, one server: the total round trips per second against N, one "
		       "line per transport, one figure per spread of the clients over the topology; "
		       "a dashed line where the plan runs out of CPUs (oversubscribed).",
		       fig_fanin },
	[FK_FAIRNESS] = { "fairness.gp", "Fan-in: fairness vs clients",
			  "Jain's index over the clients' rates against N: 1 when every client "
			  "got the same share, 1/N when one got all.",
			  fig_fairness },
	[FK_FANOUT] = { "fanout.gp", "Fan-out: latency to the first and the last subscriber",
			"One publisher, N subscribers: the median one-way time to the first "
			"subscriber (solid) and to the last (dashed) against N.",
			fig_fanout },
	[FK_COMPARE] = { "compare.gp", "Comparison of runs",
			 "One transport at one placement in every run: p50 (band to p99) against "
			 "message size, and each run's p50 divided by the first run's.",
			 NULL },
	[FK_FLEET_HEATMAP] = { "fleet_heatmap.gp", "Hosts × transports",
			      "Each host's p50 relative to the fleet's median of the same cell, as a "
			      "geometric mean over the sizes and placements of each transport: 1 is the "
			      "median host, above 1 slower (red), below faster (blue).",
			      NULL },
	[FK_FLEET_HOSTS] = { "fleet_hosts.gp", "Each transport across hosts",
			    "p50 of every host, one colour per message size, hosts ordered by "
			    "fingerprint (identical machines side by side); dashed: the fleet's median; "
			    "circled: outliers among identical hosts.",
			    NULL },
};

void figures_for_run(const struct run_dir *r, double spectrum_size, struct figlist *l)
{
	struct fig_input in = { r, spectrum_size };

	for (int k = 0; k < FK_N; k++)
		if (fig_kinds[k].build)
			fig_kinds[k].build(&in, l);
}
