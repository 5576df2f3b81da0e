# placement.gp: one transport across placements: round-trip p50 (solid) and p99 (dashed)
# against message size, one colour per placement (the two sides on one CPU, on two CPUs
# of one core or cache, across sockets, ...), from summary.csv rows of mode latency.
# Variables (besides those of common.gp): file (summary.csv), transport, sizes
# (ascending), placements, ccpus, scpus (one entry per placement, in the same order).
load plotdir . '/common.gp'

NSERIES = words(placements); SIZES = sizes
fileof(i) = file
keep(i) = strcol("mode") eq "latency" && classic(classic_cols) && strcol("transport") eq transport \
          && strcol("placement") eq word(placements, i) \
          && column("client_cpu") == word(ccpus, i) + 0 \
          && column("server_cpu") == word(scpus, i) + 0
col1(i) = "p50_ns"
col2(i) = "p99_ns"
load plotdir . '/collect.gp'
# one column at a time: a two-column stats of a single point warns about its fit
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using (valid(3) ? $3 : $2) nooutput name "HI"  # p50 where the p99 is NA
eval decade_range(LO_min, HI_max)

eval size_axis(sizes)
eval time_axis("y")
set xlabel "message size (payload bytes each way, log scale)"
set ylabel "round-trip latency (log scale)"
set title sprintf("Placement: %s round-trip latency (p50 and p99) vs message size, " \
                  . "per placement\n%s", \
                  transport, machine)
series(i) = sprintf("%s (CPUs %s,%s)", word(placements, i), word(ccpus, i), word(scpus, i))
# The p99 lines of the series that have a p99 somewhere (below 100 samples it is NA; an
# empty clause would warn, see common.gp), from $BANDS, which breaks where it is missing.
p99_from(i) = i > NSERIES ? "" : (NBAND[i] == 0 ? "" : sprintf(", $BANDS index %d using 1:3 " \
    . "with linespoints lt %d dt 2 lw 1.3 pointsize 1 title '%s p99'", i - 1, i, series(i))) \
    . p99_from(i + 1)
P99 = p99_from(1)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i dt 1 \
	         title series(i) . " p50" @P99
	unset output
}
