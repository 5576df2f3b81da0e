# bandwidth.gp: bandwidth against message size, one line per transport, from summary.csv
# rows of mode bandwidth (bandwidth_bytes_per_s, the median over the repetitions), for one
# placement; a translucent band for the confidence interval of that median
# (bandwidth_ci_lo/hi_bytes_per_s) and, dashed in the transport's colour, the floor of its
# path on the same CPUs (path_floor_bytes_per_s: its copies, the move between the CPUs and
# the receiver's touch, in series; docs/copies.md); single-thread memcpy bandwidth measured
# on the same machine (floor_memcpy_* in meta.csv) for reference.
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending),
# placement, ccpu, scpu, memcpy_sizes and memcpy_gbps (parallel lists; may be empty),
# interval (1: summary.csv has the interval columns), pathfloor (1: and the floor column).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
H = tall(NSERIES + 3)
fileof(i) = file
keep(i) = strcol("mode") eq "bandwidth" && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
# Clauses that may have nothing to draw are macros (see common.gp).
BANDS = ""
if (interval) {
	COLLECT_INTO = "$BANDS"
	col1(i) = "bandwidth_ci_lo_bytes_per_s"
	col2(i) = "bandwidth_ci_hi_bytes_per_s"
	load plotdir . '/collect.gp'
	# a band between the points of a series; a series of one point gets a whisker
	do for [i=1:NSERIES] {
		if (NPOINTS[i] > 1) {
			BANDS = BANDS . sprintf("$BANDS index %d using 1:($2 / 1e9):($3 / 1e9) with " \
			        . "filledcurves lt %d fs transparent solid 0.15 noborder notitle, ", \
			        i - 1, i)
		}
		if (NPOINTS[i] == 1) {
			BANDS = BANDS . sprintf("$BANDS index %d using 1:(($2 + $3) / 2e9):($2 / 1e9):" \
			        . "($3 / 1e9) with yerrorbars lt %d dt 1 pt 0 notitle, ", i - 1, i)
		}
	}
}
FLOORS = ""
NFLOORS = 0
if (pathfloor) {
	COLLECT_INTO = "$FLOORS"
	col1(i) = "path_floor_bytes_per_s"
	col2(i) = "path_floor_bytes_per_s"
	load plotdir . '/collect.gp'
	do for [i=1:NSERIES] {
		if (NPOINTS[i] > 0) {
			NFLOORS = NFLOORS + 1
			FLOORS = FLOORS . sprintf(", $FLOORS index %d using 1:($2 / 1e9) with lines " \
			         . "lt %d dt 3 lw 1.5 notitle", i - 1, i)
		}
	}
}
COLLECT_INTO = "$SERIES"
col1(i) = "bandwidth_bytes_per_s"
col2(i) = "bandwidth_bytes_per_s"
load plotdir . '/collect.gp'

eval size_axis(sizes)
set yrange [0:*]
set xlabel "message size (payload bytes, log scale)"
set ylabel "bandwidth (GB/s, 10^9 bytes per second)"
set title sprintf("Bandwidth vs message size: all transports, %s\n%s", \
                  where(placement, ccpu, scpu), machine)
nm = words(memcpy_sizes)
set print $MEMCPY
print "size_bytes,gbps"
do for [j=1:nm] { print sprintf("%s,%s", word(memcpy_sizes, j), word(memcpy_gbps, j)) }
unset print
# The reference line only when meta.csv has it (see common.gp: an empty `for` would still
# read $MEMCPY, find no point and warn).
MEMCPY = nm == 0 ? "" : ", $MEMCPY using 1:2 with linespoints lc rgb '#444444' dt 3 " \
         . "lw 1.5 pt 2 ps 1.6 title 'memcpy, one thread (reference)'"
FLOORKEY = NFLOORS == 0 ? "" : ", keyentry with lines lc rgb '#808080' dt 3 lw 1.5 " \
           . "title \"dotted, in its colour: the floor of each transport's path, same CPUs\""
BANDKEY = BANDS eq "" ? "" : ", keyentry with filledcurves fs transparent solid 0.3 " \
          . "noborder lc rgb '#808080' title 'band: interval of the median over the repetitions'"
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @BANDS for [i=1:NSERIES] $SERIES index i-1 using 1:($2 / 1e9) with linespoints lt i \
	         title word(transports, i) @FLOORS @FLOORKEY @BANDKEY @MEMCPY
	unset output
}
