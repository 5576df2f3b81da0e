# load.gp: latency against offered load, the hockey stick: one line per transport of the
# p50 (solid) and p99 (dashed) round trip at each rate of a paced sweep (the latency counted
# from each message's due time), and the hot loop (the closed loop) of the same transport as
# its own points at the rate it reached by itself. From summary.csv rows of mode latency at
# one message size and CPU pair, without idle or many parties.
# Variables (besides those of common.gp): file (summary.csv), size, placement, ccpu, scpu,
# transports (each with paced rows), rates (ascending, the rates measured), zero_cols (the
# columns among idle_ns clients subscribers the table has: 0 on every row drawn), loop (the
# paced rows drawn: closed or open; "" for a run without that column: all closed).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = rates; XCOL = "rate_per_s"
fileof(i) = file
at_cell(t) = strcol("mode") eq "latency" && strcol("transport") eq t \
             && column("size_bytes") == size && strcol("placement") eq placement \
             && column("client_cpu") == ccpu && column("server_cpu") == scpu \
             && classic(zero_cols)
this_loop(x) = loop eq "" ? 1 : strcol("loop") eq loop
keep(i) = at_cell(word(transports, i)) && column("rate_per_s") > 0 && this_loop(0)
col1(i) = "p50_ns"
col2(i) = "p99_ns"
load plotdir . '/collect.gp'
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using 3 nooutput name "HI"

# The hot loop of each transport that has one: a block "rate,p50,p99" each, and the plot
# clauses that draw them (only for blocks that exist: an empty one would warn).
hot(i) = at_cell(word(transports, i)) && column("rate_per_s") == 0
HOTS = ""
NHOT = 0
XMAX = word(rates, words(rates)) + 0
set print $HOT
do for [i=1:NSERIES] {
	stats file using (hot(i) ? column("msgs_per_s") : 0) nooutput name "HX"
	stats file using (hot(i) ? column("p50_ns") : 0) nooutput name "H5"
	stats file using (hot(i) ? column("p99_ns") : 0) nooutput name "H9"
	if (HX_max > 0 && H5_max > 0 && H9_max > 0) {
		print "rate,p50,p99"
		print sprintf("%.10g,%.10g,%.10g", HX_max, H5_max, H9_max)
		print ""; print ""
		HOTS = HOTS . sprintf("$HOT index %d using 1:2 with points lt %d pt 3 ps 2.6 " \
		       . "notitle, $HOT index %d using 1:3 with points lt %d pt 8 ps 2.2 notitle, ", \
		       NHOT, i, NHOT, i)
		NHOT = NHOT + 1
		XMAX = HX_max > XMAX ? HX_max : XMAX
		LO_min = H5_max < LO_min ? H5_max : LO_min
		HI_max = H9_max > HI_max ? H9_max : HI_max
	}
}
unset print
HOTKEY = NHOT > 0 ? "keyentry with points lc rgb 'black' pt 3 ps 2.6 " \
	. "title 'hot loop p50', " \
	. "keyentry with points lc rgb 'black' pt 8 ps 2.2 title 'hot loop p99', " : ""

eval decade_range(LO_min, HI_max)
eval time_axis("y")
set logscale x 10
set xrange [word(rates, 1) / 2 : XMAX * 2]
set format x "%.0s%c"
set xlabel "offered load (round trips per second, log scale; hot loop: the closed loop, at the rate it reaches)"
set ylabel "round-trip latency from each message's due time (log scale)"
LOOPTEXT = loop eq "open" ? " -- open loop" : ""
set title sprintf("Latency vs offered load, %s messages: p50, p99, %s\n%s%s", \
                  hsize(size), where(placement, ccpu, scpu), machine, LOOPTEXT)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @HOTS @HOTKEY \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i dt 1 \
	         title word(transports, i) . " p50", \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:3 with linespoints lt i dt 2 lw 1.3 \
	         pointsize 1 title word(transports, i) . " p99"
	unset output
}
