# fleet_hosts.gp: one transport (at one placement, mode and cache setting) across the hosts
# of a fleet: every host's p50 as a point, one colour per message size, the fleet's median
# of each size as a dashed line, and the outliers among identical hosts circled.
# Variables (besides those of common.gp): file (its rows of fleet_cells.csv), transport, mode,
# placement, cache, touch, footprint, mempol (the cell's fields as written in the file),
# sizes (ascending), hosts (names in display order: host_index 1, 2, ...), groups (the
# host_index where a new fingerprint begins), nout (outlier rows of this figure),
# threshold_pct (the outlier threshold).
load plotdir . '/common.gp'

NH = words(hosts)
NS = words(sizes)
same(d) = strcol("transport") eq transport && strcol("mode") eq mode \
          && strcol("placement") eq placement && strcol("cache") eq cache \
          && strcol("touch") eq touch && strcol("footprint_bytes") eq footprint \
          && strcol("mem_policy") eq mempol
at(i) = same(0) && column("size_bytes") == word(sizes, i) + 0
x(i) = at(i) ? column("host_index") : NaN
xout(d) = same(0) && strcol("outlier") eq "yes" ? column("host_index") : NaN

stats file using (same(0) ? column("p50_ns") : NaN) nooutput
range = decade_range(STATS_min, STATS_max)

host_tics(i) = sprintf("'%s' %d", word(hosts, i), i) . (i < NH ? ", " . host_tics(i + 1) : "")
OUTL = nout > 0 ? sprintf(", file using (xout(0)):(column('p50_ns')) with points pt 6 ps 3.2 " \
       . "lw 2 lc rgb '#000000' title 'outlier (> %g%% off its identical hosts)'", \
       threshold_pct) : ""
what = mode eq "bandwidth" ? "time per message" : "round trip"
extra = (cache eq "warm" ? "" : ", cache " . cache) . (touch eq "none" ? "" : ", touch " . touch) \
        . (footprint eq "0" ? "" : ", footprint " . hsize(footprint + 0)) \
        . (mempol eq "none" ? "" : ", memory " . mempol)
# A grey line between fingerprints: identical machines lie between two lines.
do for [i=1:words(groups)] {
	set arrow from first word(groups, i) - 0.5, graph 0 to first word(groups, i) - 0.5, graph 1 \
	    nohead lw 1.5 dt 3 lc rgb "#999999" back
}
LONGEST = 0
do for [i=1:NH] { LONGEST = strlen(word(hosts, i)) > LONGEST ? strlen(word(hosts, i)) : LONGEST }
W = NH > 40 ? 1200 + 20 * (NH - 40) : 1200
H = 800
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	set title sprintf("%s across %d hosts: p50 %s, %s%s%s\nhosts ordered by fingerprint " \
	                  . "(dotted lines between fingerprints)", transport, NH, what, placement, \
	                  mode eq "latency" ? "" : ", " . mode, extra)
	set xrange [0.5:NH + 0.5]
	eval sprintf("set xtics (%s) rotate by 60 right", host_tics(1))
	set grid noxtics ytics
	unset xlabel
	eval time_axis("y")
	eval range
	set ylabel sprintf("p50 %s (log)", what)
	set bmargin 4 + int(LONGEST * 0.5)
	set key tmargin center horizontal Left reverse maxrows 2
	plot for [i=1:NS] file using (x(i)):(column("p50_ns")) with points lt i pt 7 ps 1.6 \
	         title hsize(word(sizes, i) + 0), \
	     for [i=1:NS] file using (x(i)):(column("fleet_median_ns")) with lines lt i dt 2 lw 1.5 \
	         notitle, \
	     keyentry with lines dt 2 lw 1.5 lc rgb "#555555" title "fleet median" @OUTL
	unset output
}
