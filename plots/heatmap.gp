# heatmap.gp: core-pair map: median round trip for every (client CPU, server CPU) pair
# that was measured, as a colour, from matrix.csv (columns client_cpu, server_cpu, p50_ns;
# with transport, mode and size_bytes columns, only the rows asked for).
# Variables (besides those of common.gp): file (matrix.csv), transport ("" for all rows),
# mode ("" for all rows), size (message size; 0 for all rows).
load plotdir . '/common.gp'

# A row counts when it is of the transport, mode and size asked for and has a p50.
keep(dummy) = (transport eq "" ? 1 : strcol("transport") eq transport) \
              && (mode eq "" ? 1 : strcol("mode") eq mode) \
              && (size > 0 ? column("size_bytes") == size : 1) && column("p50_ns") > 0
v(col) = keep(0) ? column(col) : NaN
# one column at a time: a two-column stats of one or two cells warns about its fit
stats file using (v("client_cpu")) nooutput name "X"
stats file using (v("server_cpu")) nooutput name "Y"
xlo = X_min; xhi = X_max; ylo = Y_min; yhi = Y_max
ncells = X_records
stats file using (v("p50_ns")) nooutput
mid = (STATS_min + STATS_max) / 2
if (STATS_min == STATS_max) { set cbrange [STATS_min * 0.9:STATS_max * 1.1 + 1] }

# Viridis, from dark (fast) to yellow (slow): ordered in lightness, readable in grey.
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
set xrange [xlo - 0.5:xhi + 0.5]
set yrange [ylo - 0.5:yhi + 0.5]
set xtics 1 format "%.0f"
set ytics 1 format "%.0f"
if (xhi - xlo > 32) { set xtics autofreq; set ytics autofreq }
set mxtics 1; set mytics 1
set size ratio -1
set grid noxtics noytics
set border 15
set xtics mirror; set ytics mirror
set xlabel "client CPU (id)"
set ylabel "server CPU (id)"
set cblabel "p50 round-trip latency (ns)"
set colorbox user origin graph 1.04, 0 size graph 0.03, 1
unset key
set title sprintf("Core-pair map: p50 round trip for each pair of client and server CPUs%s%s\n%s", \
                  transport eq "" ? "" : ", " . transport, \
                  size > 0 ? ", " . hsize(size) . " messages" : "", machine)
label(col) = ncells <= 256 ? sprintf("%.0f", column(col)) : ""
do for [fmt in FORMATS] {
	eval term(fmt)
	set output out . "." . fmt
	plot file using (v("client_cpu")):(v("server_cpu")):(0.5):(0.5):(column("p50_ns")) \
	         with boxxyerror fs solid 1.0 noborder fc palette, \
	     file using (v("client_cpu")):(v("server_cpu")):(label("p50_ns")) \
	         :(column("p50_ns") < mid ? 0xffffff : 0x000000) with labels tc rgb variable
	unset output
}
