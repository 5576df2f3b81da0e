# bandwidth.gp: bandwidth against message size, one line per transport, from summary.csv
# rows of mode bandwidth (column bandwidth_bytes_per_s), for one placement; single-thread
# memcpy bandwidth measured on the same machine (floor_memcpy_* in meta.csv) for reference.
# Log y axis: the transports span decades (pipe and vmsplice near 1 GB/s, shared memory and
# memcpy near 10), which a linear axis scaled by memcpy flattens into one line.
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending),
# placement, ccpu, scpu, memcpy_sizes and memcpy_gbps (parallel lists; may be empty);
# optional: family (the transports are one family), ylo, yhi (bytes/s: the range of every
# figure of this placement, memcpy included); interval (1: summary.csv has the interval
# columns), pathfloor (1: it has path_floor_bytes_per_s, docs/copies.md).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
fileof(i) = file
keep(i) = strcol("mode") eq "bandwidth" && classic(classic_cols) \
          && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
# Copies $SERIES into the datablock named by into, and NPOINTS into the array named by
# counts, so that collect.gp can be loaded again for other columns.
keep_series(into, counts) = sprintf("set print %s; do for [k=1:|$SERIES|] { print $SERIES[k] }; " \
    . "unset print; array %s[NSERIES]; do for [k=1:NSERIES] { %s[k] = NPOINTS[k] }", \
    into, counts, counts)
# The interval of each median (bandwidth_ci_lo/hi_bytes_per_s) as a translucent band, and
# the floor of each transport's path (path_floor_bytes_per_s) dotted in its colour. Clauses
# that may have nothing to draw are macros (see common.gp).
BANDS = ""
if (exists("interval") && interval) {
	col1(i) = "bandwidth_ci_lo_bytes_per_s"
	col2(i) = "bandwidth_ci_hi_bytes_per_s"
	load plotdir . '/collect.gp'
	eval keep_series("$CI", "NCI")
	do for [i=1:NSERIES] {
		if (NCI[i] > 1) {
			BANDS = BANDS . sprintf("$CI index %d using 1:($2 / 1e9):($3 / 1e9) with " \
			        . "filledcurves lt %d fs transparent solid 0.15 noborder notitle, ", \
			        i - 1, i)
		}
		if (NCI[i] == 1) {
			BANDS = BANDS . sprintf("$CI index %d using 1:(($2 + $3) / 2e9):($2 / 1e9):" \
			        . "($3 / 1e9) with yerrorbars lt %d dt 1 pt 0 notitle, ", i - 1, i)
		}
	}
}
FLOORS = ""
NFLOORS = 0
PFLO = 1e300; PFHI = 0
if (exists("pathfloor") && pathfloor) {
	col1(i) = "path_floor_bytes_per_s"
	col2(i) = "path_floor_bytes_per_s"
	load plotdir . '/collect.gp'
	eval keep_series("$PF", "NPF")
	do for [i=1:NSERIES] {
		if (NPF[i] > 0) {
			NFLOORS = NFLOORS + 1
			FLOORS = FLOORS . sprintf(", $PF index %d using 1:($2 / 1e9) with lines " \
			         . "lt %d dt 3 lw 1.5 notitle", i - 1, i)
		}
	}
	if (NFLOORS > 0) {
		stats $PF using ($2 / 1e9) nooutput name "PFS"
		PFLO = PFS_min; PFHI = PFS_max
	}
}
col1(i) = "bandwidth_bytes_per_s"
col2(i) = "bandwidth_bytes_per_s"
load plotdir . '/collect.gp'

nm = words(memcpy_sizes)
set print $MEMCPY
print "size_bytes,gbps"
do for [j=1:nm] { print sprintf("%s,%s", word(memcpy_sizes, j), word(memcpy_gbps, j)) }
unset print
stats $SERIES using ($2 / 1e9) nooutput name "BW"
MLO = BW_min; MHI = BW_max
MLO = PFLO < MLO ? PFLO : MLO
MHI = PFHI > MHI ? PFHI : MHI
do for [j=1:nm] {
	g = word(memcpy_gbps, j) + 0
	MLO = g < MLO ? g : MLO
	MHI = g > MHI ? g : MHI
}
if (exists("ylo") && ylo == ylo && ylo > 0) { ylo = ylo / 1e9; yhi = yhi / 1e9 }
eval yrange_of(MLO, MHI)
eval count_axis("y")  # GB/s as plain decimals: 0.1, 1, 10

eval size_axis(sizes)
set xlabel "message size (payload bytes, log scale)"
set ylabel "bandwidth (GB/s = 10^9 bytes/s, log scale)"
set title sprintf("Bandwidth vs message size: %s\n%s\n%s", subject, \
                  where(placement, ccpu, scpu), machine)
# The reference line only when meta.csv has it (see common.gp: an empty `for` would still
# read $MEMCPY, find no point and warn).
MEMCPY = nm == 0 ? "" : ", $MEMCPY using 1:2 with linespoints lc rgb '#444444' dt 3 " \
         . "lw 1.5 pt 2 title 'memcpy, one thread'"
FLOORKEY = NFLOORS == 0 ? "" : ", keyentry with lines lc rgb '#808080' dt 3 lw 1.5 " \
           . "title \"dotted: each path's floor\""
BANDKEY = BANDS eq "" ? "" : ", keyentry with filledcurves fs transparent solid 0.3 " \
          . "noborder lc rgb '#808080' title 'band: interval of the median'"
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @BANDS for [i=1:NSERIES] $SERIES index i-1 using 1:($2 / 1e9) with linespoints lt i \
	         title word(transports, i) @FLOORS @FLOORKEY @BANDKEY @MEMCPY
	unset output
}
