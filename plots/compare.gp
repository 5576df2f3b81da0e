# compare.gp: one transport at one placement in several runs (machines, kernels, builds):
# above, round-trip p50 against message size, one line per run with a band up to its p99;
# below, each run's p50 divided by the first run's at the same size.
# Variables: plotdir, out; transport, placement, sizes (ascending: the union over the
# runs); nruns, and for series k = 1..nruns (k = 1: the reference run): filek (its
# summary.csv), labelk (run number, host, kernel, directory), ccpuk and scpuk (its CPUs).
load plotdir . '/common.gp'

NSERIES = nruns; SIZES = sizes
fileof(i) = value(sprintf("file%d", i))
keep(i) = strcol("mode") eq "latency" && strcol("transport") eq transport \
          && classic(value(sprintf("classic_cols%d", i))) \
          && strcol("placement") eq placement \
          && column("client_cpu") == value(sprintf("ccpu%d", i)) \
          && column("server_cpu") == value(sprintf("scpu%d", i))
col1(i) = "p50_ns"
col2(i) = "p99_ns"
load plotdir . '/collect.gp'
# one column at a time: a two-column stats of a single point warns about its fit
stats $SERIES using 2 nooutput name "LO"
stats $SERIES using (valid(3) ? $3 : $2) nooutput name "HI"  # p50 where the p99 is NA
range = decade_range(LO_min, HI_max)

# The first run's p50 at each size of SIZES (0 where it has none): the ratio's reference.
array BASE[words(sizes)]
do for [j=1:words(sizes)] {
	stats $SERIES index 0 using (column(1) == word(sizes, j) + 0 ? column(2) : 0) nooutput
	BASE[j] = STATS_max
}
sizeidx(s) = sizeidx_from(s, 1)
sizeidx_from(s, j) = j > words(sizes) ? 0 : word(sizes, j) + 0 == s ? j : sizeidx_from(s, j + 1)
ratio(s, v) = sizeidx(s) > 0 && BASE[sizeidx(s)] > 0 ? v / BASE[sizeidx(s)] : NaN
label(i) = value(sprintf("label%d", i))
stats $SERIES using (ratio($1, $2)) nooutput
rlo = STATS_min < 0.5 ? STATS_min / 1.25 : 0.5
rhi = STATS_max > 2 ? STATS_max * 1.25 : 2

LONE = lone_bands(0.12)
BANDKEY = NBANDS == 0 ? "" : ", keyentry with filledcurves fs transparent solid 0.3 noborder " \
          . "lc rgb '#808080' title 'band: p50 to p99'"
head = sprintf("Comparison of runs: %s round-trip latency, %s", transport, placement)
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	set multiplot title head font TITLEFONT
	set lmargin 14; set rmargin 4
	set size 1, 0.62; set origin 0, 0.33
	NOLABELS = 1
	eval size_axis(sizes)
	unset xlabel
	eval time_axis("y")
	eval range
	set ylabel "round-trip p50 (ns, µs, ms; log)"
	set key outside top center vertical Left reverse maxrows 3  # above the data, not over it
	plot @LONE for [i=1:NSERIES] $BANDS index i-1 using 1:2:3 with filledcurves lt i \
	         fs transparent solid 0.12 noborder notitle, \
	     for [i=1:NSERIES] $SERIES index i-1 using 1:2 with linespoints lt i \
	         title label(i) @BANDKEY
	set size 1, 0.35; set origin 0, 0
	NOLABELS = 0
	eval size_axis(sizes)
	set xlabel "message size (payload bytes each way, log scale)"
	set logscale y 2
	set yrange [rlo:rhi]
	set ytics auto format "%g×"
	set mytics default
	set ylabel "p50 ÷ run 1 (ratio)"
	unset key
	plot for [i=1:NSERIES] $SERIES index i-1 using 1:(ratio($1, $2)) with linespoints lt i notitle
	unset logscale y
	unset multiplot
	unset output
}
