# latency.gp: round-trip latency against message size, one line per transport: the p50
# (median over the repetitions of each one's median) with a translucent band up to the
# p99 (where the cell has one: a p99 needs 100 samples), for one placement, from
# summary.csv rows of mode latency; and the cache-line floor probed beside those cells on
# the same CPUs (min to max over the cells at each size).
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending:
# those of the whole placement), placement, ccpu, scpu, cellfloor (1: summary.csv has
# floor_before_ns/floor_after_ns); family (optional: the transports are one family of
# several figures); ylo, yhi (optional: the y range of all of them, so that they compare).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
fileof(i) = file
here = 'strcol("mode") eq "latency" && classic(classic_cols) && strcol("placement") eq placement ' \
       . '&& column("client_cpu") == ccpu && column("server_cpu") == scpu'
keep(i) = @here && strcol("transport") eq word(transports, i)
col1(i) = "p50_ns"
col2(i) = "p99_ns"
load plotdir . '/collect.gp'
# one column at a time: a two-column stats of a single point warns about its fit
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using (valid(3) ? $3 : $2) nooutput name "HI"  # p50 where the p99 is NA

# The floors of the cells at each size: lines "size,lo,hi,median" (sizes with none left
# out): a cell's floor is the mean of its probes before and after; a host that stalls a
# vCPU during a probe makes a floor of milliseconds, so the line is the median and the
# whiskers span the middle half of the cells (min to max drew bars from 50 ns to 3 ms).
BIG = 1e300
NFLOOR = 0
FLO_min = BIG
if (cellfloor) {
	set print $FLOORS
	print "size_bytes,lo,hi,median"
	at(s) = @here && column("size_bytes") == s + 0
	fa(c, s) = at(s) && column(c) > 0 ? column(c) : 0
	mean2(b, a) = b > 0 && a > 0 ? (b + a) / 2 : b > 0 ? b : a > 0 ? a : NaN
	fm(s) = at(s) ? mean2(column("floor_before_ns"), column("floor_after_ns")) : NaN
	do for [s in SIZES] {
		stats file using (fa("floor_before_ns", s) + fa("floor_after_ns", s)) nooutput name "A"
		if (A_max > 0) {  # some cell of this size has a probe
			stats file using (fm(s)) nooutput name "M"
			lo = M_lo_quartile
			print sprintf("%s,%.10g,%.10g,%.10g", s, lo, M_up_quartile, M_median)
			NFLOOR = NFLOOR + 1
			FLO_min = lo < FLO_min ? lo : FLO_min
		}
	}
	unset print
}
eval yrange_of(FLO_min < LO_min ? FLO_min : LO_min, HI_max)

eval size_axis(sizes)
eval time_axis("y")
set xlabel "message size (payload bytes each way, log scale)"
set ylabel "round-trip latency (log scale)"
set title sprintf("Round-trip latency vs message size: %s\n%s\n%s", subject, \
                  where(placement, ccpu, scpu), machine)
# Clauses that may be empty are macros (see common.gp): the bands of series with a single
# point (collect.gp), and the floor, when the cells had one.
LONE = lone_bands(0.1)
BANDKEY = NBANDS == 0 ? "" : ", keyentry with filledcurves fs transparent solid 0.3 noborder " \
          . "lc rgb '#808080' title 'band: p50 to p99'"
FLOOR = NFLOOR > 0 ? ", $FLOORS using 1:4:2:3 with yerrorlines " \
        . "lc rgb '#444444' dt 3 lw 1.5 pt 0 title 'cache-line floor'" : ""
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @LONE for [i=1:NSERIES] $BANDS index i-1 using 1:2:3 with filledcurves lt i \
	         fs transparent solid 0.1 noborder notitle, \
	     for [i=1:NSERIES] $BANDS index i-1 using 1:3 with lines lt i lw 0.8 dt 1 notitle, \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i \
	         title word(transports, i) @BANDKEY @FLOOR
	unset output
}
