# fleet_heatmap.gp: hosts x transports of one mode: each host's p50 relative to the fleet's
# median of the same cell, as the geometric mean over the transport's sizes and placements
# (fleet_heatmap.csv, written by ipcbench plot). Blue: faster than the median host, white:
# the median, red: slower; on a log scale, so that x2 and x0.5 are equally far from 1.
# Variables (besides those of common.gp): file (fleet_heatmap.csv), mode, transports and
# hosts (names in the order of transport_index and host_index, 1-based), groups (the
# host_index where a new fingerprint begins: a line is drawn above it).
load plotdir . '/common.gp'

NT = words(transports)
NH = words(hosts)
keep(d) = strcol("mode") eq mode
l2(v) = log(v) / log(2)
stats file using (keep(0) ? abs(l2(column("ratio_to_fleet"))) : NaN) nooutput
L = STATS_max > l2(1.25) ? STATS_max * 1.05 : l2(1.25)

tics(list, i, n) = sprintf("'%s' %d", word(list, i), i) . (i < n ? ", " . tics(list, i + 1, n) : "")
# Ratio tics on the colour box, at the ratios within the range.
cbt(r) = abs(l2(r)) <= L ? sprintf(", '%g×' %g", r, l2(r)) : ""
CBTICS = "'1×' 0" . cbt(0.25) . cbt(0.5) . cbt(0.67) . cbt(0.8) . cbt(0.9) \
         . cbt(1.1) . cbt(1.25) . cbt(1.5) . cbt(2) . cbt(4)
label(d) = NT * NH <= 600 ? sprintf("%.2f", column("ratio_to_fleet")) : ""
dark(d) = abs(l2(column("ratio_to_fleet"))) > 0.6 * L ? 0xffffff : 0x000000

W = NT > 20 ? 1200 + 40 * (NT - 20) : 1200
H = NH > 24 ? 800 + 24 * (NH - 24) : 800
do for [i=1:words(groups)] {
	set arrow from graph 0, first word(groups, i) - 0.5 to graph 1, first word(groups, i) - 0.5 \
	    nohead lw 2.5 lc rgb "#000000" front
}
set palette defined (0 "#2166ac", 0.25 "#92c5de", 0.5 "#f7f7f7", 0.75 "#f4a582", 1 "#b2182b")
set cbrange [-L:L]
eval sprintf("set cbtics (%s)", CBTICS)
set cblabel "p50 ÷ fleet median (geometric mean over sizes and placements)"
set colorbox user origin graph 1.03, 0 size graph 0.03, 1
set xrange [0.5:NT + 0.5]
set yrange [NH + 0.5:0.5]
eval sprintf("set xtics (%s) rotate by -45 left", tics(transports, 1, NT))
eval sprintf("set ytics (%s)", tics(hosts, 1, NH))
set grid noxtics noytics
set border 15
set xtics mirror; set ytics mirror
set xlabel "transport"
set ylabel "host (ordered by fingerprint)"
set rmargin 18
set bmargin 9
unset key
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	set title sprintf("Hosts × transports, %s mode: p50 relative to the fleet median", mode)
	plot file using (keep(0) ? column("transport_index") : NaN):(column("host_index")) \
	         :(0.5):(0.5):(l2(column("ratio_to_fleet"))) \
	         with boxxyerror fs solid 1.0 noborder fc palette, \
	     file using (keep(0) ? column("transport_index") : NaN):(column("host_index")) \
	         :(label(0)):(dark(0)) with labels tc rgb variable
	unset output
}
