# latency.gp: round-trip latency against message size, one line per transport: the p50
# (median over the repetitions of each one's median) with a translucent band up to the
# p99, for one placement, from summary.csv rows of mode latency.
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending),
# placement, ccpu, scpu, floor_ns (cache-line round trip between ccpu and scpu; NaN: none).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
H = tall(NSERIES + 2)  # a p50 line per transport, the band and the floor
fileof(i) = file
keep(i) = strcol("mode") eq "latency" && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
col1(i) = "p50_ns"
col2(i) = "p99_ns"
load plotdir . '/collect.gp'
# one column at a time: a two-column stats of a single point warns about its fit
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using 3 nooutput name "HI"
eval decade_range(floor_ns > 0 && floor_ns < LO_min ? floor_ns : LO_min, HI_max)

eval size_axis(sizes)
eval time_axis("y")
set xlabel "message size (payload bytes each way, log scale)"
set ylabel "round-trip latency (ns, µs, ms; log scale)"
set title sprintf("Round-trip latency vs message size: all transports, %s\n%s", \
                  where(placement, ccpu, scpu), machine)
# Clauses that may be empty are macros (see common.gp): the bands of series with a single
# point (collect.gp), and the floor, when there is one for these CPUs.
LONE = lone_bands(0.15)
FLOOR = floor_ns > 0 ? ", floor_ns with lines lc rgb '#444444' dt 3 lw 1.5 " \
        . "title sprintf('floor: cache-line round trip %.0f ns', floor_ns)" : ""
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @LONE for [i=1:NSERIES] $SERIES index i-1 using 1:2:3 with filledcurves lt i \
	         fs transparent solid 0.15 noborder notitle, \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i \
	         title word(transports, i) . " p50", \
	     keyentry with filledcurves fs transparent solid 0.3 noborder lc rgb "#808080" \
	         title "band: p50 to p99" @FLOOR
	unset output
}
