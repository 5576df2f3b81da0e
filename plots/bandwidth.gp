# bandwidth.gp: bandwidth against message size, one line per transport, from summary.csv
# rows of mode bandwidth (column bandwidth_bytes_per_s), for one placement; single-thread
# memcpy bandwidth measured on the same machine (floor_memcpy_* in meta.csv) for reference.
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending),
# placement, ccpu, scpu, memcpy_sizes and memcpy_gbps (parallel lists; may be empty).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
fileof(i) = file
keep(i) = strcol("mode") eq "bandwidth" && classic(classic_cols) \
          && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
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
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:($2 / 1e9) with linespoints lt i \
	         title word(transports, i) @MEMCPY
	unset output
}
