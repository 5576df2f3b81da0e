# bandwidth.gp: bandwidth against message size, one line per transport, from summary.csv
# rows of mode bandwidth (column bandwidth_bytes_per_s), for one placement; single-thread
# memcpy bandwidth measured on the same machine (floor_memcpy_* in meta.csv) for reference.
# Log y axis: the transports span decades (pipe and vmsplice near 1 GB/s, shared memory and
# memcpy near 10), which a linear axis scaled by memcpy flattens into one line.
# Variables (besides those of common.gp): file (summary.csv), transports, sizes (ascending),
# placement, ccpu, scpu, memcpy_sizes and memcpy_gbps (parallel lists; may be empty);
# optional: family (the transports are one family), ylo, yhi (bytes/s: the range of every
# figure of this placement, memcpy included).
load plotdir . '/common.gp'

NSERIES = words(transports); SIZES = sizes
fileof(i) = file
keep(i) = strcol("mode") eq "bandwidth" && strcol("transport") eq word(transports, i) \
          && strcol("placement") eq placement && column("client_cpu") == ccpu \
          && column("server_cpu") == scpu
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
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:($2 / 1e9) with linespoints lt i \
	         title word(transports, i) @MEMCPY
	unset output
}
