# fanin.gp: fan-in, N clients to one server: the total round trips per second (the sum of
# the clients' rates) against N, one line per transport, for one spread of the clients over
# the topology, one message size and one rate (0: each client in a closed loop). A dashed
# vertical line where the plan has run out of CPUs: from there on processes share one.
# Variables (besides those of common.gp): file (summary.csv), transports, counts (the N
# measured, ascending), spread, size, rate, oversub (the smallest oversubscribed N, 0:
# none), zero_cols (columns that are 0 on every row drawn: idle_ns, subscribers).
load plotdir . '/common.gp'
load plotdir . '/parties.gp'
col1(i) = "msgs_per_s"
col2(i) = "msgs_per_s"
load plotdir . '/collect.gp'
stats $SERIES using 2 nooutput name "V"

set logscale y 10
set yrange [V_min / 2 : V_max * 2]
set format y "%.0s%c"
set ylabel "round trips per second, all clients together (log scale)"
set title sprintf("Fan-in: total round trips per second vs clients, %s messages, spread %s%s\n%s", \
                  hsize(size), spread, rate > 0 ? sprintf(", each client paced at %g/s", rate) \
                  : ", closed loop", machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i \
	         title word(transports, i)
	unset output
}
