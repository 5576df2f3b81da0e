# spectrum.gp: the latency distribution of every transport at one message size: round-trip
# time at each recorded quantile q, on an x axis of 1/(1-q) so that the tail (99, 99.9,
# 99.99 %) gets as much room as the body. From spectrum.csv; q = 1 (the maximum) is left
# out, and each line ends at the highest quantile its cell's samples resolve (spectrum.csv
# holds no others: p99.9 needs 1000 samples). One repetition of each transport is drawn
# bold with points, the others thin, so that the spread between repetitions shows.
# Variables (besides those of common.gp): file (spectrum.csv), size, placement, ccpu, scpu;
# transports and reps (per transport, the repetition drawn bold); thin_transports,
# thin_reps and thin_colours (one entry per thin line; colour = index of the transport);
# optional: family (the transports are one family), ylo, yhi (the time range of every
# figure of this size and placement), qmax (their highest quantile below 1).
load plotdir . '/common.gp'

keep(t, r) = strcol("mode") eq "latency" && classic(classic_cols) && strcol("transport") eq t \
             && column("size_bytes") == size && strcol("placement") eq placement \
             && column("client_cpu") == ccpu && column("server_cpu") == scpu \
             && column("repeat") == r && column("quantile") < 1
xq(t, r) = keep(t, r) ? 1 / (1 - column("quantile")) : NaN
shown(t) = windex(transports, t) > 0

stats file using (shown(strcol("transport")) && keep(strcol("transport"), column("repeat")) \
                  ? xq(strcol("transport"), column("repeat")) : NaN) nooutput name "XQ"
xmax = exists("qmax") && qmax > 0 && qmax < 1 ? 1 / (1 - qmax) : XQ_max
set logscale x 10
set xrange [0.8:xmax * 1.6]
# The percentiles up to the highest there is (a tic beyond it would promise a tail that
# was not measured).
set xtics ("min" 1, "50" 2, "75" 4, "90" 10)
do for [e=2:6] {
	if (10**e <= xmax * 1.01) {
		eval sprintf("set xtics add ('%s' %g)", e == 2 ? "99" : sprintf("99.%s", \
		             "999999"[1:e - 2]), 10**e)
	}
}
eval time_axis("y")
set xlabel "percentile (%), spaced by 1/(1 - q) on a log scale"
set ylabel "round-trip latency (log scale)"
stats file using (shown(strcol("transport")) && keep(strcol("transport"), column("repeat")) \
                  ? column("latency_ns") : NaN) nooutput
eval yrange_of(STATS_min, STATS_max)
set title sprintf("Latency spectrum at %s messages: %s\n%s\n%s", \
                  hsize(size), subject, where(placement, ccpu, scpu), machine)
nt = words(transports)
nthin = words(thin_transports)
# The thin lines and their key entry only when there are some (see common.gp: an empty
# `for` would still read the file, find no point and warn).
THIN = nthin == 0 ? "" : "for [i=1:nthin] file using (xq(word(thin_transports, i), " \
       . "word(thin_reps, i) + 0)):(column('latency_ns')) " \
       . "with lines lt (word(thin_colours, i) + 0) lw 0.8 notitle, "
THINKEY = nthin == 0 ? "" : ", keyentry with lines lc rgb '#808080' lw 0.8 dt 1 " \
          . "title 'other repeats (thin)'"
name(i) = word(reps, i) eq "1" ? word(transports, i) \
          : sprintf("%s (repeat %s)", word(transports, i), word(reps, i))
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot @THIN \
	     for [i=1:nt] file using (xq(word(transports, i), word(reps, i) + 0)):(column("latency_ns")) \
	         with linespoints lt i lw 2.5 \
	         title name(i) @THINKEY
	unset output
}
