# counters.gp: one hardware or software counter, per message, against message size, one
# colour per transport, client side solid and server side dashed, from the summary.csv
# columns COUNTER_per_msg_client and COUNTER_per_msg_server (rows of mode latency).
# Variables (besides those of common.gp): file (summary.csv), counter, sizes (ascending),
# placement, ccpu, scpu; series (one per line): transports, sides ("client"/"server"),
# colours (the line type of each series: one per transport).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
H = tall(2 * NSERIES)  # a client and a server line per transport
fileof(i) = file
keep(i) = strcol("mode") eq "latency" && classic(classic_cols) \
          && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
col1(i) = counter . "_per_msg_" . word(sides, i)
col2(i) = col1(i)
dash(i) = word(sides, i) eq "client" ? 1 : 2
load plotdir . '/collect.gp'
stats $SERIES using 2 nooutput
eval decade_range(STATS_min, STATS_max)

eval size_axis(sizes)
set logscale y 10
set format y "%.0s%c"
set xlabel "message size (payload bytes each way, log scale)"
set ylabel sprintf("%s per message (count, log scale)", counter)
set title sprintf("Counter %s per message: all transports, %s\n%s", \
                  counter, where(placement, ccpu, scpu), machine)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints \
	         lt (word(colours, i) + 0) dt dash(i) \
	         title word(transports, i) . ", " . word(sides, i)
	unset output
}
