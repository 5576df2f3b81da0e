# spectrum.gp: the latency distribution of every transport at one message size: round-trip
# time at each recorded quantile q, on an x axis of 1/(1-q) so that the tail (99, 99.9,
# 99.99 %) gets as much room as the body. From spectrum.csv; q = 1 (the maximum) is left
# out. One repetition of each transport is drawn bold with points, the others thin, so
# that the spread between repetitions shows.
# Variables (besides those of common.gp): file (spectrum.csv), size, placement, ccpu, scpu;
# transports and reps (per transport, the repetition drawn bold); thin_transports,
# thin_reps and thin_colours (one entry per thin line; colour = index of the transport).
load plotdir . '/common.gp'

keep(t, r) = strcol("mode") eq "latency" && classic(classic_cols) && strcol("transport") eq t \
             && column("size_bytes") == size && strcol("placement") eq placement \
             && column("client_cpu") == ccpu && column("server_cpu") == scpu \
             && column("repeat") == r && column("quantile") < 1
xq(t, r) = keep(t, r) ? 1 / (1 - column("quantile")) : NaN
shown(t) = windex(transports, t) > 0

set logscale x 10
set xrange [0.8:2e5]
set xtics ("min" 1, "50" 2, "75" 4, "90" 10, "99" 100, "99.9" 1e3, "99.99" 1e4, "99.999" 1e5)
eval time_axis("y")
set xlabel "percentile (%), spaced by 1/(1 - q) on a log scale"
set ylabel "round-trip latency (ns, µs, ms; log scale)"
stats file using (shown(strcol("transport")) && keep(strcol("transport"), column("repeat")) \
                  ? column("latency_ns") : NaN) nooutput
eval decade_range(STATS_min, STATS_max)
set title sprintf("Latency spectrum at %s messages: all transports, %s\n%s", \
                  hsize(size), where(placement, ccpu, scpu), machine)
nt = words(transports)
nthin = words(thin_transports)
# The thin lines and their key entry only when there are some (see common.gp: an empty
# `for` would still read the file, find no point and warn).
THIN = nthin == 0 ? "" : "for [i=1:nthin] file using (xq(word(thin_transports, i), " \
       . "word(thin_reps, i) + 0)):(column('latency_ns')) " \
       . "with lines lt (word(thin_colours, i) + 0) lw 0.8 notitle, "
THINKEY = nthin == 0 ? "" : ", keyentry with lines lc rgb '#808080' lw 0.8 dt 1 " \
          . "title 'thin lines: the other repeats'"
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @THIN \
	     for [i=1:nt] file using (xq(word(transports, i), word(reps, i) + 0)):(column("latency_ns")) \
	         with linespoints lt i lw 2.5 \
	         title sprintf("%s, repeat %s", word(transports, i), word(reps, i)) @THINKEY
	unset output
}
